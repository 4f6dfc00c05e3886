/**
 * localStorage that never throws: it is blocked in some private modes and by some school policies,
 * and a remembered preference is never worth a broken page.
 */
export function readLocal(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeLocal(key: string, value: string) {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    /* not saved: the choice lasts until reload */
  }
}
