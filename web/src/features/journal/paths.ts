/** Where the journal's pages live. */
export const journalPaths = {
  list: '/journal',
  page: (pageId: string, periodId?: string) => `/journal/${pageId}${periodId ? `?period=${periodId}` : ''}`,
} as const;
