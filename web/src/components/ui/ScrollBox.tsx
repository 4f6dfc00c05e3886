import type { ReactNode } from 'react';

/**
 * A wide table's own horizontal scroll, so a phone page never scrolls sideways. It is focusable
 * (with a name) because a keyboard user must be able to scroll it too (WCAG 2.1.1).
 */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
