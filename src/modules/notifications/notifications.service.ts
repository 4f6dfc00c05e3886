import { addDays, calendarDateIn, daysBetween, isIsoDate, weekdayOf } from '../../domain/calendar';
import { type Correspondent, MAX_QUIET_MINUTES, mayMailClassParents, NOTIFICATION_KINDS, quietLength } from '../../domain/messaging';
import { membershipIn } from '../../domain/policy';
import type { Deps, SessionActor } from '../../server/context';
import { invalid, notFound } from '../../server/errors';
import { isUuid, requireAccess } from '../access/access.service';
import { renderParentLetters } from './letter-pdf';
import { type PersonKeys, notificationsRepository as repo } from './notifications.repository';
import { enqueueEvent } from './outbox';
import { buildParentReports, type ParentReport, parentReportSms, parentReportText } from './parent-report';
import { parentReportRepository } from './parent-report.repository';

const DEFAULT_KINDS = [...NOTIFICATION_KINDS];
const hhmm = (min: number | null) =>
  min === null ? null : `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
const minutesOf = (s: string | null) => {
  if (s === null) return null;
  const [h, m] = s.split(':').map(Number);
  return h * 60 + m;
};

export interface PreferencesInput {
  email: boolean;
  sms: boolean;
  kinds: string[];
  digest: boolean;
  digestHour: number;
  quietStart: string | null;
  quietEnd: string | null;
  weeklyReport: boolean;
}

export function personKeys(actor: SessionActor): PersonKeys {
  return { schoolIds: actor.memberships.map((m) => m.schoolId), personIds: actor.memberships.map((m) => m.personId) };
}

export function correspondentIn(actor: SessionActor, schoolId: string): Correspondent {
  const m = membershipIn(actor, schoolId);
  if (!m) throw notFound('Школа');
  return { personId: m.personId, roles: m.roles };
}

export function makeNotificationsService({ db, now }: Deps) {
  /** A date range from the query, by default the current school week (Monday–Saturday). */
  function range(q: { from?: string; to?: string }, timeZone = 'Europe/Moscow') {
    const today = calendarDateIn(now(), timeZone);
    const monday = addDays(today, -(weekdayOf(today) - 1));
    const from = q.from ?? monday;
    const to = q.to ?? addDays(monday, 5);
    if (!isIsoDate(from)) throw invalid('from', 'Дата в формате ГГГГ-ММ-ДД');
    if (!isIsoDate(to)) throw invalid('to', 'Дата в формате ГГГГ-ММ-ДД');
    if (to < from) throw invalid('to', 'Конец периода раньше начала');
    if (daysBetween(from, to) > 366) throw invalid('to', 'Период не длиннее года');
    return { from, to };
  }

  async function oneReport(schoolId: string, studentId: string, from: string, to: string): Promise<ParentReport> {
    const r = (await buildParentReports(db, schoolId, [studentId], from, to)).get(studentId);
    if (!r) throw notFound('Ученик');
    return r;
  }

  return {
    /** The signed-in user's notifications (the bell), newest first, with the number unread. */
    async list(actor: SessionActor, q: { limit?: number; unreadOnly?: boolean }) {
      const me = personKeys(actor);
      const [items, unread] = await Promise.all([
        repo.list(db, me, { limit: q.limit ?? 50, unreadOnly: q.unreadOnly ?? false }),
        repo.unreadCount(db, me),
      ]);
      return {
        unread,
        items: items.map((n) => ({
          id: n.id,
          schoolId: n.school_id,
          kind: n.kind,
          studentId: n.student_id,
          title: n.title,
          body: n.body,
          link: n.link,
          createdAt: n.created_at.toISOString(),
          read: n.read_at !== null,
        })),
      };
    },

    async markRead(actor: SessionActor, ids: string[] | null) {
      return { marked: await repo.markRead(db, personKeys(actor), ids, now()) };
    },

    /** What the user chose to receive, per school, with whether e-mail/SMS can reach them (address and consent). */
    async preferences(actor: SessionActor) {
      const rows = await repo.preferences(db, personKeys(actor));
      return rows.map((r) => ({
        schoolId: r.school_id,
        schoolName: r.school_name,
        personId: r.person_id,
        isParent: r.is_parent,
        email: r.email ?? false,
        sms: r.sms ?? false,
        kinds: r.kinds ?? DEFAULT_KINDS,
        digest: r.digest ?? false,
        digestHour: r.digest_hour ?? 19,
        quietStart: r.email === null ? '21:00' : hhmm(r.quiet_start),
        quietEnd: r.email === null ? '08:00' : hhmm(r.quiet_end),
        weeklyReport: r.weekly_report ?? false,
        hasEmailAddress: !!r.email_address,
        hasPhone: !!r.phone,
        emailConsent: r.consent_email,
        smsConsent: r.consent_sms,
      }));
    },

    /**
     * Saves a family's choices [issue 7]: channels, kinds, daily digest, quiet hours (at most 12 hours,
     * so that final marks still arrive within 24 hours [002 §8.4]), the weekly letter.
     */
    async savePreferences(actor: SessionActor, schoolId: string, input: PreferencesInput) {
      if (!isUuid(schoolId)) throw notFound('Школа');
      const me = correspondentIn(actor, schoolId);
      const unknown = input.kinds.filter((k) => !(NOTIFICATION_KINDS as readonly string[]).includes(k));
      if (unknown.length) throw invalid('kinds', `Неизвестный вид уведомлений: ${unknown.join(', ')}`);
      const quietStart = minutesOf(input.quietStart);
      const quietEnd = minutesOf(input.quietEnd);
      if ((quietStart === null) !== (quietEnd === null)) throw invalid('quietEnd', 'Укажите начало и конец тихих часов');
      if (quietStart !== null && quietEnd !== null && quietLength({ start: quietStart, end: quietEnd }) > MAX_QUIET_MINUTES) {
        throw invalid('quietEnd', 'Тихие часы — не больше 12 часов в сутки');
      }
      await repo.savePreferences(db, {
        schoolId,
        personId: me.personId,
        email: input.email,
        sms: input.sms,
        kinds: [...new Set(input.kinds)],
        digest: input.digest,
        digestHour: input.digestHour,
        quietStart,
        quietEnd,
        weeklyReport: input.weeklyReport,
        at: now(),
      });
      const all = await this.preferences(actor);
      return all.find((p) => p.schoolId === schoolId)!;
    },

    /**
     * [004 teacher] an e-mail mailing to the parents of a class, through the same outbox: it reaches
     * parents with an address and the e-mail consent [003 §5.2]; everyone also sees it in the app.
     */
    async sendMailing(actor: SessionActor, classId: string, input: { subject: string; text: string }) {
      const r = await requireAccess(db, actor, 'class.read', { classId });
      if (r.kind !== 'class') throw notFound('Класс');
      const me = correspondentIn(actor, r.schoolId);
      if (!mayMailClassParents(me, { classTeacherId: r.classTeacherId, teacherIds: r.teacherIds })) throw notFound('Класс');
      const counts = await repo.mailableParents(db, r.schoolId, classId);
      const id = await db.tx((tx) =>
        enqueueEvent(tx, {
          schoolId: r.schoolId,
          kind: 'mailing',
          audience: { classParentsOf: classId },
          payload: { subject: input.subject, title: input.subject, text: input.text },
          createdBy: me.personId,
          at: now(),
        }),
      );
      return { id: id!, parents: counts.parents, emailRecipients: counts.mailable };
    },

    async listMailings(actor: SessionActor, classId: string) {
      const r = await requireAccess(db, actor, 'class.read', { classId });
      if (r.kind !== 'class') throw notFound('Класс');
      if (!mayMailClassParents(correspondentIn(actor, r.schoolId), { classTeacherId: r.classTeacherId, teacherIds: r.teacherIds }))
        throw notFound('Класс');
      const rows = await repo.mailings(db, r.schoolId, classId);
      return rows.map((m) => ({
        id: m.id,
        subject: m.payload.subject ?? '',
        text: m.payload.text ?? '',
        senderName: m.sender_name,
        createdAt: m.created_at.toISOString(),
        processed: m.processed,
        sent: m.sent,
        pending: m.pending,
        failed: m.failed,
        cancelled: m.cancelled,
      }));
    },

    /** [000 §4.3] the informational letter's data for one child: the family and the child's staff. */
    async parentReport(actor: SessionActor, studentId: string, q: { from?: string; to?: string }) {
      const r = await requireAccess(db, actor, 'student.diary', { studentId });
      const { from, to } = range(q);
      const report = await oneReport(r.schoolId, studentId, from, to);
      return { ...report, text: parentReportText(report), sms: parentReportSms(report) };
    },

    async parentReportPdf(actor: SessionActor, studentId: string, q: { from?: string; to?: string }) {
      const r = await requireAccess(db, actor, 'student.diary', { studentId });
      const { from, to } = range(q);
      const report = await oneReport(r.schoolId, studentId, from, to);
      return renderParentLetters([report], calendarDateIn(now()));
    },

    /**
     * [000 §4.3] the class teacher sends the letter to the child's parents: e-mail with the PDF and/or
     * SMS, by each parent's channels and consents, through the outbox.
     */
    async sendParentReport(actor: SessionActor, studentId: string, q: { from?: string; to?: string }) {
      const r = await requireAccess(db, actor, 'student.card_read', { studentId });
      if (r.kind !== 'student') throw notFound('Ученик');
      const { from, to } = range(q);
      const report = await oneReport(r.schoolId, studentId, from, to);
      const me = correspondentIn(actor, r.schoolId);
      await db.tx(async (tx) => {
        for (const parentId of r.parentIds) {
          await enqueueEvent(tx, {
            schoolId: r.schoolId,
            kind: 'report',
            audience: { personId: parentId, studentId },
            createdBy: me.personId,
            at: now(),
            payload: {
              title: `Информационное письмо: ${report.student.name}`,
              text: parentReportText(report),
              sms: parentReportSms(report),
              report: { studentId, from, to },
              link: '/diary',
            },
          });
        }
      });
      return { parents: r.parentIds.length, from, to };
    },

    /**
     * [002 §8.3], [003 §5.2] one PDF for printing: a letter to every parent of the class who has not given
     * the journal consent, for the week (or the range asked).
     */
    async paperReports(actor: SessionActor, classId: string, q: { from?: string; to?: string }) {
      const r = await requireAccess(db, actor, 'class.reports', { classId });
      const { from, to } = range(q);
      const families = await parentReportRepository.paperFamilies(db, r.schoolId, classId);
      const reports = await buildParentReports(db, r.schoolId, [...new Set(families.map((f) => f.student_id))], from, to);
      const letters = families.flatMap((f) => {
        const rep = reports.get(f.student_id);
        return rep ? [{ ...rep, parentName: f.parent_name }] : [];
      });
      return renderParentLetters(letters, calendarDateIn(now()));
    },
  };
}
