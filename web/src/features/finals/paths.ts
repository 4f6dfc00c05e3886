/** The feature's pages; other features may link here. */
export const finalsPaths = {
  pages: '/finals',
  page: (pageId: string) => `/finals/${pageId}`,
  sheets: '/summary-sheet',
  sheet: (classId: string) => `/summary-sheet/${classId}`,
} as const;
