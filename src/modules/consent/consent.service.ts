import { calendarDateIn } from '../../domain/calendar';
import { can, membershipIn } from '../../domain/policy';
import type { Deps, SessionActor } from '../../server/context';
import { AppError, invalid, notFound } from '../../server/errors';
import { isUuid, requireAccess } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { type ConsentPurpose, type ConsentStatus, consentRepository as repo } from './consent.repository';

export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ['journal', 'email', 'sms'];

export const CONSENT_PURPOSE_NAMES: Record<ConsentPurpose, string> = {
  journal: 'Обработка персональных данных в электронном журнале и дневнике',
  email: 'Уведомления по электронной почте',
  sms: 'Уведомления по SMS',
};

/** What a parent may do themself: consent to notifications online, and withdraw any consent. */
const SELF_SERVICE: Record<ConsentStatus, readonly ConsentPurpose[]> = {
  given: ['email', 'sms'],
  refused: ['email', 'sms'],
  revoked: ['journal', 'email', 'sms'],
};

export type ConsentState = ConsentStatus | 'none';

/** A parent has electronic access only with the 'journal' consent given; otherwise paper [002 §8.3], [003 §5.2]. */
export function needsPaperReports(consents: readonly { purpose: ConsentPurpose; status: ConsentStatus }[]): boolean {
  return !consents.some((c) => c.purpose === 'journal' && c.status === 'given');
}

export function makeConsentService({ db, now }: Deps) {
  const schoolIdsOf = (actor: SessionActor) => actor.memberships.map((m) => m.schoolId);

  /**
   * [003 §5.2], [004 class teacher] consents are kept by the class teacher of the parent's children and
   * the administrator; the director and the deputy read them; the parent reads and withdraws their own.
   * Anyone else gets 404.
   */
  async function parentScope(actor: SessionActor, parentId: string) {
    const f = isUuid(parentId) ? await repo.parentFacts(db, schoolIdsOf(actor), parentId) : undefined;
    if (!f) throw notFound('Родитель');
    const m = membershipIn(actor, f.school_id);
    const self = m?.personId === parentId;
    const asStudent = (c: { studentId: string; classTeacherIds: string[] }) => ({
      kind: 'student' as const,
      schoolId: f.school_id,
      studentId: c.studentId,
      parentIds: [parentId],
      classTeacherIds: c.classTeacherIds,
      teacherIds: [],
    });
    const staffWrite =
      can(actor, 'school.manage', { kind: 'school', schoolId: f.school_id }) ||
      f.children.some((c) => can(actor, 'student.card_edit', asStudent(c)));
    const staffRead =
      staffWrite ||
      f.children.some((c) => can(actor, 'student.card_read', asStudent(c))) ||
      can(actor, 'reports.school', { kind: 'school', schoolId: f.school_id });
    if (!self && !staffRead) throw notFound('Родитель');
    return { schoolId: f.school_id, timeZone: f.time_zone, name: f.name, self, staffWrite, actorPersonId: m?.personId ?? null };
  }

  async function view(schoolId: string, parentId: string, name: string) {
    const rows = await repo.ofParent(db, schoolId, parentId);
    return {
      parentId,
      parentName: name,
      paperReports: needsPaperReports(rows),
      consents: CONSENT_PURPOSES.map((purpose) => {
        const r = rows.find((x) => x.purpose === purpose);
        return {
          purpose,
          purposeName: CONSENT_PURPOSE_NAMES[purpose],
          status: (r?.status ?? 'none') as ConsentState,
          document: r?.document ?? null,
          decidedOn: r?.decided_on ?? null,
          recordedByName: r?.recorded_by_name ?? null,
          updatedAt: r ? r.updated_at.toISOString() : null,
        };
      }),
    };
  }

  return {
    /** The consents of one parent, for the parent and the staff who keep them. */
    async ofParent(actor: SessionActor, parentId: string) {
      const s = await parentScope(actor, parentId);
      return view(s.schoolId, parentId, s.name);
    },

    /** The signed-in user's own consents as a parent, in every school. */
    async mine(actor: SessionActor) {
      const out = [];
      for (const m of actor.memberships) {
        if (!m.roles.has('parent')) continue;
        const f = await repo.parentFacts(db, [m.schoolId], m.personId);
        if (f) out.push(await view(m.schoolId, m.personId, f.name));
      }
      return out;
    },

    /**
     * Records a decision: given (with the document, e.g. «Заявление от 01.09.2025»), refused, or revoked.
     * Written with an audit record in one transaction; from then on no e-mail or SMS goes out without
     * the consent [003 §5.2] (the sender checks it again when it sends).
     */
    async record(
      actor: SessionActor,
      parentId: string,
      purpose: ConsentPurpose,
      input: { status: ConsentStatus; document?: string | null; decidedOn?: string | null },
    ) {
      const s = await parentScope(actor, parentId);
      const today = calendarDateIn(now(), s.timeZone);
      const decidedOn = input.decidedOn ?? today;
      if (decidedOn > today) throw invalid('decidedOn', 'Дата решения не может быть в будущем');
      let document = input.document?.trim() || null;
      if (!s.staffWrite) {
        if (!s.self) throw new AppError('access.forbidden', 'Записывать согласия может классный руководитель или администратор');
        if (!SELF_SERVICE[input.status].includes(purpose)) {
          throw new AppError(
            'access.forbidden',
            'Согласие на обработку данных в журнале оформляется у классного руководителя по заявлению',
          );
        }
        document ??= input.status === 'revoked' ? 'Отзыв в личном кабинете' : 'Согласие в личном кабинете';
      } else if (input.status === 'given' && !document) {
        throw invalid('document', 'Укажите документ: заявление родителя (номер, дата)');
      }
      await db.tx(async (tx) => {
        const previous = await repo.current(tx, s.schoolId, parentId, purpose);
        await repo.save(tx, {
          schoolId: s.schoolId,
          parentId,
          purpose,
          status: input.status,
          document,
          decidedOn,
          recordedBy: s.actorPersonId!,
          at: now(),
        });
        await auditRepository.record(tx, {
          schoolId: s.schoolId,
          actorAccountId: actor.accountId,
          action: `consent.${input.status}`,
          objectKind: 'parent',
          objectId: parentId,
          details: { purpose, document, decidedOn, previous: previous ?? null },
        });
      });
      return view(s.schoolId, parentId, s.name);
    },

    /**
     * The class's parents with their consents; those without the journal consent are listed for the
     * weekly paper reports [002 §8.3], [003 §5.2].
     */
    async classOverview(actor: SessionActor, classId: string) {
      const r = await requireAccess(db, actor, 'class.reports', { classId });
      const rows = await repo.classParents(db, r.schoolId, classId);
      const students = new Map<string, { studentId: string; studentName: string; parents: ReturnType<typeof parentOut>[] }>();
      for (const row of rows) {
        const st = students.get(row.student_id) ?? { studentId: row.student_id, studentName: row.student_name, parents: [] };
        if (row.parent_id) st.parents.push(parentOut(row));
        students.set(row.student_id, st);
      }
      const list = [...students.values()];
      return {
        classId,
        students: list,
        paperReports: list.flatMap((s) =>
          s.parents.filter((p) => p.paperReports).map((p) => ({ ...p, studentId: s.studentId, studentName: s.studentName })),
        ),
      };
    },
  };
}

function parentOut(row: {
  parent_id: string | null;
  parent_name: string | null;
  email: string | null;
  phone: string | null;
  consents: { purpose: ConsentPurpose; status: ConsentStatus }[];
}) {
  const state = (p: ConsentPurpose): ConsentState => row.consents.find((c) => c.purpose === p)?.status ?? 'none';
  return {
    parentId: row.parent_id!,
    parentName: row.parent_name ?? '',
    hasEmail: !!row.email,
    hasPhone: !!row.phone,
    journal: state('journal'),
    email: state('email'),
    sms: state('sms'),
    paperReports: needsPaperReports(row.consents),
  };
}
