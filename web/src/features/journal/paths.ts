/** Where the journal's pages live. */
export const journalPaths = {
  list: '/journal',
  page: (pageId: string, periodId?: string) => `/journal/${pageId}${periodId ? `?period=${periodId}` : ''}`,
  /** The page's thematic plan (КТП) editor: plan vs fact, rows, import from a file [002 §4.4]. */
  plan: (pageId: string) => `/journal/${pageId}/plan`,
} as const;
