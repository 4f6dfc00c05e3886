/** The reports' pages; the filters live in the query string so a report can be linked and reloaded. */
export const reportsPaths = {
  home: '/reports',
  control: '/reports/control',
  controlPage: (pageId: string) => `/reports/control/pages/${pageId}`,
  performance: '/reports/performance',
  attendance: '/reports/attendance',
  activity: '/reports/activity',
  classAnalysis: (classId: string) => `/reports/class-analysis/${classId}`,
  subjectAnalysis: (pageId: string) => `/reports/subject-analysis/${pageId}`,
  region: '/reports/region',
} as const;
