/** The administration pages; the home page's admin section links here. */
export const adminPaths = {
  import: '/admin/import',
  /** The school's card and settings [004 admin]. */
  school: '/admin/school',
  credentials: '/admin/credentials',
  timetable: '/admin/timetable',
  bells: '/admin/bells',
  lessonChanges: '/admin/lesson-changes',
  years: '/admin/years',
  /** The home page's older name of the years screen. */
  periods: '/admin/periods',
  yearEnd: '/admin/year-end',
  classes: '/admin/classes',
  subjects: '/admin/subjects',
  curriculum: '/admin/curriculum',
  loads: '/admin/loads',
  subgroups: '/admin/subgroups',
  classSubgroups: (classId: string) => `/admin/subgroups?classId=${classId}`,
  classLoads: (classId: string) => `/admin/loads?classId=${classId}`,
  movements: '/admin/movements',
  classMovements: (classId: string) => `/admin/movements?classId=${classId}`,
  people: '/admin/people',
  newPerson: '/admin/people?new=1',
  person: (id: string) => `/admin/people/${id}`,
} as const;
