import type { MessageKey } from '../../lib/i18n';
import type { AuditRecord } from './api';

/**
 * Kinds of records to filter by: a prefix of the action code (GET /api/audit matches the beginning).
 * The journal's history comes as «journal.<entity>.<create|update|delete>».
 */
export const AUDIT_KINDS: readonly { value: string; label: MessageKey }[] = [
  { value: 'journal.', label: 'audit.kind.journal' },
  { value: 'journal.mark', label: 'audit.kind.marks' },
  { value: 'journal.attendance', label: 'audit.kind.attendance' },
  { value: 'journal.final_mark', label: 'audit.kind.finals' },
  { value: 'journal.topic', label: 'audit.kind.topics' },
  { value: 'journal.homework', label: 'audit.kind.homework' },
  { value: 'journal.work', label: 'audit.kind.works' },
  { value: 'journal.plan', label: 'audit.kind.plan' },
  { value: 'student.card_read', label: 'audit.kind.cardReads' },
  { value: 'person.', label: 'audit.kind.people' },
  { value: 'membership.', label: 'audit.kind.rights' },
  { value: 'parent_link.', label: 'audit.kind.parentLinks' },
  { value: 'credentials.', label: 'audit.kind.credentials' },
  { value: 'student.movement', label: 'audit.kind.movement' },
  { value: 'consent.', label: 'audit.kind.consents' },
  { value: 'period', label: 'audit.kind.periods' },
  { value: 'year.', label: 'audit.kind.years' },
  { value: 'class.', label: 'audit.kind.classes' },
  { value: 'load.', label: 'audit.kind.loads' },
  { value: 'timetable.', label: 'audit.kind.timetable' },
  { value: 'lesson.', label: 'audit.kind.lessons' },
  { value: 'import.', label: 'audit.kind.import' },
  { value: 'message.report', label: 'audit.kind.messageReports' },
  { value: 'calendar_feed.', label: 'audit.kind.feeds' },
  // Sign-ins into the school's accounts, refused attempts included [issue 10].
  { value: 'auth.', label: 'audit.kind.signIns' },
  { value: 'auth.login_bad', label: 'audit.kind.signInFailures' },
  { value: 'auth.login_locked', label: 'audit.kind.lockouts' },
];

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The action in words: «Отметка: изменение», «Чтение карточки ученика»; an unknown code as it is. */
export function actionLabel(t: T, action: string): string {
  const journal = /^journal\.([a-z_]+)\.(create|update|delete)$/.exec(action);
  if (journal) {
    const entity = t(`audit.entity.${journal[1]}` as MessageKey);
    return t('audit.journalAction', {
      entity: entity.startsWith('audit.') ? journal[1] : entity,
      verb: t(`audit.verb.${journal[2]}` as MessageKey),
    });
  }
  const key = `audit.action.${action}` as MessageKey;
  const label = t(key);
  return label === key ? action : label;
}

/** What kind of thing a record is about, when it is not a person of the school (a lesson, a class, a year…). */
export function objectKindLabel(t: T, kind: string): string {
  const key = `audit.objectKind.${kind}` as MessageKey;
  const label = t(key);
  return label === key ? kind : label;
}

const ROLE_KEYS = new Set(['administrator', 'director', 'deputy', 'deputy_ict', 'teacher', 'student', 'parent', 'archivist']);

/** A value as a person reads it: a mark «5», an absence «н (15 мин)», roles in Russian, a date, a text. */
function show(t: T, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v))
    return v.length
      ? v.map((x) => (typeof x === 'string' && ROLE_KEYS.has(x) ? t(`roles.${x}` as MessageKey) : show(t, x))).join(', ')
      : '—';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('value' in o) return [show(t, o.value), o.comment ? `«${String(o.comment)}»` : ''].filter(Boolean).join(' ');
    if ('code' in o) return o.minutes ? `${String(o.code)} (${t('audit.minutes', { count: Number(o.minutes) })})` : String(o.code);
    if ('topic' in o) return show(t, o.topic);
    if ('text' in o) return [show(t, o.text), o.dueDate ? t('audit.due', { date: String(o.dueDate) }) : ''].filter(Boolean).join(' ');
    if ('workType' in o) return show(t, o.title ?? o.workType);
    const parts = Object.entries(o)
      .filter(([, x]) => x !== null && x !== undefined && typeof x !== 'object')
      .map(([k, x]) => `${k}: ${String(x)}`);
    return parts.length ? parts.join('; ') : '—';
  }
  const s = String(v);
  return s.length > 120 ? `${s.slice(0, 119)}…` : s;
}

/**
 * «Было → стало» of a record: the journal's old and new values, a person's changed fields, roles before and
 * after, a consent's previous decision; otherwise the record's details in short (never secrets: the server
 * stores no passwords or tokens in the log).
 */
export function change(t: T, r: AuditRecord): { before: string | null; after: string | null; note: string | null } {
  const d = r.details as Record<string, unknown>;
  // A sign-in: where it came from and what was typed as the login (never the password: it is not stored).
  if (r.source === 'auth')
    return { before: null, after: null, note: t('audit.signInFrom', { ip: String(d.ip ?? '—'), login: String(d.login ?? '—') }) };
  const reason = typeof d.reason === 'string' && d.reason ? t('audit.reason', { reason: d.reason }) : null;
  if ('old' in d || 'new' in d) {
    const fields = Array.isArray(d.fields) ? (d.fields as string[]) : null;
    const pick = (x: unknown) =>
      fields && x && typeof x === 'object' && !Array.isArray(x)
        ? Object.fromEntries(fields.map((f) => [f, (x as Record<string, unknown>)[f]]))
        : x;
    return { before: show(t, pick(d.old)), after: show(t, pick(d.new)), note: reason };
  }
  if ('previous' in d)
    return {
      before: show(t, (d.previous as Record<string, unknown> | null)?.status ?? d.previous),
      after: show(t, d.status ?? r.action.split('.')[1]),
      note: reason,
    };
  const rest = Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'reason' && k !== 'name'));
  const text = Object.keys(rest).length ? show(t, rest) : null;
  return { before: null, after: null, note: [text === '—' ? null : text, reason].filter(Boolean).join(' · ') || null };
}
