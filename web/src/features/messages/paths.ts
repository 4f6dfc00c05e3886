/** Where the communication pages live; other features may link here. */
export const messagesPaths = {
  inbox: '/messages',
  compose: '/messages/new',
  thread: (id: string) => `/messages/${id}`,
  reports: '/messages/reports',
  notifications: '/notifications',
  settings: '/notifications/settings',
  mailings: '/mailings',
  parents: '/class-parents',
} as const;
