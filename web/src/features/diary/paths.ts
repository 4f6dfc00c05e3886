/** The diary's pages; the chosen child travels in `?child=` so a link opens the same child. */
export const diaryPaths = {
  week: '/diary',
  subjects: '/diary/subjects',
  subject: (subjectId: string) => `/diary/subjects/${subjectId}`,
  finals: '/diary/finals',
  homework: '/diary/homework',
  calendar: '/diary/calendar',
} as const;
