import { isWorkType, workTypeName } from '@domain/work-types';
import { useCallback } from 'react';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import type { Work } from '../model/journal-data';

export interface WorkLabel {
  /** The column header: «отв», «кр», «дикт». */
  short: string;
  /** The type's name (journal records are kept in Russian [003 §3.2]) and the work's own title. */
  full: string;
  weight: string;
}

/** How a work is named in the grid header and in the lesson panel. */
export function useWorkLabels() {
  const t = useT();
  const fmt = useFormat();
  return useCallback(
    (work: Pick<Work, 'workType' | 'title' | 'weight'>): WorkLabel => {
      const code = isWorkType(work.workType) ? work.workType : 'other';
      const name = workTypeName(code);
      return {
        short: t(`journal.workShort.${code}` as MessageKey),
        full: work.title && work.title !== name ? `${name} «${work.title}»` : name,
        weight: fmt.number(work.weight ?? 1),
      };
    },
    [t, fmt],
  );
}
