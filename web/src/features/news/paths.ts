/** Where news, the calendar and the files section live. */
export const newsPaths = {
  list: '/news',
  post: (id: string) => `/news/${id}`,
  calendar: '/calendar',
  files: '/files',
} as const;
