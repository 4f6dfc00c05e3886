import { describe, expect, it } from 'vitest';
import { isWriteAllowed } from '../../../src/domain/periods';
import { resolveSettings } from '../../../src/domain/school-settings';

const open = { name: '1 четверть', startsOn: '2025-09-01', endsOn: '2025-10-26', closedAt: null };
const closed = { ...open, closedAt: new Date('2025-10-30T09:00:00Z') };
const noWindow = resolveSettings();
const week = resolveSettings({ editWindowDays: 7 });
const now = new Date('2025-10-01T09:00:00Z');

describe('[004 admin] isWriteAllowed', () => {
  it('allows writing in an open period without an edit window', () => {
    expect(isWriteAllowed({ lessonDate: '2025-09-01', period: open, now, settings: noWindow })).toEqual({ ok: true });
  });

  it('[004 admin] refuses writing in a closed period, naming it', () => {
    expect(isWriteAllowed({ lessonDate: '2025-10-20', period: closed, now, settings: noWindow })).toEqual({
      ok: false,
      code: 'journal.period_closed',
      message: 'Период «1 четверть» закрыт: изменения отметок и посещаемости запрещены',
    });
    expect(isWriteAllowed({ lessonDate: '2025-10-20', period: { closedAt: closed.closedAt }, now, settings: noWindow })).toMatchObject({
      code: 'journal.period_closed',
      message: expect.stringContaining('20.10.2025'),
    });
  });

  it.each([[null], [{ ...open, startsOn: '2025-11-05', endsOn: '2025-12-28' }]])(
    '[004 admin] refuses a date outside every period (%#)',
    (period) => {
      expect(isWriteAllowed({ lessonDate: '2025-10-30', period, now, settings: noWindow })).toEqual({
        ok: false,
        code: 'journal.outside_period',
        message: 'Дата 30.10.2025 не входит ни в один учебный период',
      });
    },
  );

  it.each([
    ['2025-09-24', '2025-10-01T09:00:00Z', true],
    ['2025-09-24', '2025-10-01T20:59:00Z', true], // 23:59 in Moscow on the last day
    ['2025-09-24', '2025-10-01T21:00:00Z', false], // 00:00 the next day in Moscow
    ['2025-09-23', '2025-10-01T09:00:00Z', false],
    ['2025-10-01', '2025-10-01T09:00:00Z', true],
    ['2025-10-10', '2025-10-01T09:00:00Z', true], // a future lesson may be prepared
  ])('[DOMAIN §3] a 7-day edit window: lesson %s, now %s → allowed %s', (lessonDate, at, ok) => {
    expect(isWriteAllowed({ lessonDate, period: open, now: new Date(at), settings: week }).ok).toBe(ok);
  });

  it('[DOMAIN §3] explains when the edit window closed', () => {
    expect(isWriteAllowed({ lessonDate: '2025-09-23', period: open, now, settings: week })).toEqual({
      ok: false,
      code: 'journal.edit_window_passed',
      message: 'Срок редактирования урока 23.09.2025 истёк: изменения допускались до 30.09.2025 включительно',
    });
  });

  it('[DOMAIN §3] a zero-day window allows edits on the lesson day only, in the given time zone', () => {
    const sameDay = resolveSettings({ editWindowDays: 0 });
    const at = new Date('2025-09-01T19:00:00Z'); // 22:00 Moscow, 01:00 next day in Bishkek
    expect(isWriteAllowed({ lessonDate: '2025-09-01', period: open, now: at, settings: sameDay }).ok).toBe(true);
    expect(isWriteAllowed({ lessonDate: '2025-09-01', period: open, now: at, settings: sameDay, timeZone: 'Asia/Bishkek' }).ok).toBe(false);
  });

  it('a closed period wins over the edit window', () => {
    expect(isWriteAllowed({ lessonDate: '2025-09-01', period: closed, now, settings: week })).toMatchObject({
      code: 'journal.period_closed',
    });
  });
});
