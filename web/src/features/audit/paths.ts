/** The audit screen; its filters live in the query string so a search can be linked and reloaded. */
export const auditPaths = {
  home: '/audit',
  /** Everything about one person: their card, rights, and (a student) their marks, absences, final marks. */
  about: (personId: string) => `/audit?objectId=${encodeURIComponent(personId)}`,
} as const;
