/** The administration pages; the home page's admin section links here. */
export const adminPaths = {
  import: '/admin/import',
  credentials: '/admin/credentials',
  timetable: '/admin/timetable',
  years: '/admin/years',
  /** The home page's older name of the years screen. */
  periods: '/admin/periods',
  classes: '/admin/classes',
  people: '/admin/people',
  person: (id: string) => `/admin/people/${id}`,
} as const;
