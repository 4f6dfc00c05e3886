/** The feature's pages; the home sections of the archivist and the ICT deputy link here. */
export const archivePaths = {
  home: '/archive',
} as const;
