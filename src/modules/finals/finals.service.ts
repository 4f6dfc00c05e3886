import type { Queryable } from '../../db/client';
import type { AveragedMark } from '../../domain/averages';
import { calendarDateIn, findPeriod, formatDateRu, type IsoDate } from '../../domain/calendar';
import { finalMarkDeadline, isFinalMarkLate, proposePeriodMark, proposeYearMark } from '../../domain/final-marks';
import { parseMarkValue, subjectScaleRefusal } from '../../domain/marks';
import { can, membershipIn } from '../../domain/policy';
import { resolveSettings, type SchoolSettings } from '../../domain/school-settings';
import type { Deps, SessionActor } from '../../server/context';
import { AppError, invalid, notFound } from '../../server/errors';
import { requireAccess } from '../access/access.service';
import { notifyFinalMarkConfirmed } from './finals.notifications';
import {
  type FinalKind,
  type FinalMarkRow,
  type FinalsPageContext,
  type PeriodRow,
  finalsRepository as repo,
  type StudentRow,
} from './finals.repository';

export const FINAL_KINDS = ['period', 'year', 'exam', 'final'] as const satisfies readonly FinalKind[];

/** Column names of the kinds that are not a period, as the journal and the summary sheet print them. */
export const KIND_NAMES: Record<Exclude<FinalKind, 'period'>, string> = { year: 'Год', exam: 'Экзамен', final: 'Итог' };

export interface Proposal {
  value: string;
  average: number | null;
  /** Numeric marks behind a period proposal; periods with a mark behind a year proposal. */
  count: number;
}

/** What one write asks for: a student's final mark of the scope, with the version the client read. */
export interface FinalWriteItem {
  studentId: string;
  /** Absent: confirm the system's proposal. */
  value?: string | null;
  /** The version the client read: null for an empty cell. */
  version: number | null;
}

/** Where the final marks of one screen belong: a kind and, for period marks, the period. */
interface Scope {
  kind: FinalKind;
  period: PeriodRow | null;
  from: IsoDate;
  to: IsoDate;
  /** The end the deadline counts from; null where the regulations set none (exam, final). */
  deadlineFrom: IsoDate | null;
  name: string;
}

const fullName = (p: { last_name: string; first_name: string; middle_name: string | null }) =>
  [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');

/** The entity key of a final mark's history, shared with the diary and the reports. */
export const finalMarkHistoryKey = (pageId: string, studentId: string, kind: FinalKind, periodId: string | null) =>
  `${pageId}:${studentId}:${kind}:${periodId ?? ''}`;

function stale(current: unknown): AppError {
  return new AppError('conflict.stale', 'Итоговая отметка уже изменена другим пользователем: обновите страницу и повторите', { current });
}

function decisionOut(
  f: Pick<FinalMarkRow, 'value' | 'proposed_value' | 'average' | 'late' | 'version' | 'confirmed_at'> & {
    confirmed_by_name?: string | null;
  },
) {
  return {
    value: f.value,
    proposedValue: f.proposed_value,
    average: f.average,
    late: f.late,
    version: f.version,
    confirmedAt: f.confirmed_at.toISOString(),
    confirmedBy: f.confirmed_by_name ?? null,
  };
}

export function makeFinalsService({ db, now }: Deps) {
  const today = (timeZone: string) => calendarDateIn(now(), timeZone);

  /** The scope of a request: a period of the class's scheme for period marks, the year for the rest. */
  function resolveScope(
    c: FinalsPageContext,
    periods: PeriodRow[],
    kind: FinalKind,
    periodId: string | null | undefined,
    forWrite: boolean,
  ): Scope {
    if (kind !== 'period') {
      if (periodId) throw invalid('periodId', 'Годовая, экзаменационная и итоговая отметки ставятся без периода');
      const last = periods.at(-1);
      return {
        kind,
        period: null,
        from: c.year_starts_on,
        to: c.year_ends_on,
        // [001 §5.8] the year mark is due with the last period's; exams have their own timetable.
        deadlineFrom: kind === 'year' ? (last?.ends_on ?? c.year_ends_on) : null,
        name: KIND_NAMES[kind],
      };
    }
    let period: PeriodRow | undefined;
    if (periodId) {
      period = periods.find((p) => p.id === periodId);
      if (!period) throw notFound('Период');
    } else if (forWrite) {
      throw invalid('periodId', 'Укажите период');
    } else {
      // The screen opens on the current period, or the last one that has begun (marks are set at its end).
      const day = today(c.time_zone);
      const ranges = periods.map((p) => ({ ...p, startsOn: p.starts_on, endsOn: p.ends_on }));
      period = findPeriod(day, ranges) ?? [...periods].reverse().find((p) => p.starts_on <= day) ?? periods[0];
    }
    if (!period) {
      return { kind, period: null, from: c.year_starts_on, to: c.year_ends_on, deadlineFrom: null, name: '' };
    }
    return { kind, period, from: period.starts_on, to: period.ends_on, deadlineFrom: period.ends_on, name: period.name };
  }

  /**
   * Why final marks of the scope cannot be written now, or null. The same answer drives the screen
   * (the lock notice) and the writes (the error), so they never disagree.
   */
  function writeRefusal(c: FinalsPageContext, scope: Scope, state: { yearStatus: string; periodClosedAt: Date | null }): AppError | null {
    // [001 §5.5], [003 §2.8] grade 1 keeps no marks, final ones included.
    if (c.grade === 1) return new AppError('journal.grade1_no_marks', 'В 1 классе итоговые отметки не выставляются');
    if (state.yearStatus === 'closed') {
      return new AppError('journal.period_closed', `Учебный год ${c.year_name} закрыт: итоговые отметки изменить нельзя`);
    }
    const day = today(c.time_zone);
    if (scope.kind === 'period') {
      if (!scope.period) return new AppError('journal.outside_period', 'В учебном году класса нет периодов');
      // [004 admin] a closed period locks its final marks; only reopening allows changes.
      if (state.periodClosedAt) {
        return new AppError(
          'journal.period_closed',
          `Период «${scope.period.name}» закрыт: итоговые отметки за него можно изменить только после открытия периода администратором`,
        );
      }
      if (scope.period.starts_on > day) {
        return new AppError(
          'journal.outside_period',
          `Период «${scope.period.name}» ещё не начался (начало ${formatDateRu(scope.period.starts_on)}): итоговую отметку ставить рано`,
        );
      }
    } else if (c.year_starts_on > day) {
      return new AppError('journal.outside_period', `Учебный год ${c.year_name} ещё не начался`);
    }
    return null;
  }

  /**
   * The system's proposals for the scope [DOMAIN §6], as a lookup by student: a period mark from the
   * period's (weighted) average, «н/а» under the school's minimum of marks; a year mark from the
   * confirmed period marks; the final mark from the year and exam marks. Pass/fail subjects get no
   * period proposal (their «зч»/«нз» is the teacher's judgement), exams never do. `basis` is what the
   * teacher sees next to a year or final proposal.
   */
  async function proposals(
    q: Queryable,
    c: FinalsPageContext,
    scope: Scope,
    settings: SchoolSettings,
    periods: PeriodRow[],
    finals: FinalMarkRow[],
  ): Promise<(studentId: string) => { proposal: Proposal | null; basis: { label: string; value: string | null }[] }> {
    if (scope.kind === 'period') {
      if (c.pass_fail || !scope.period) return () => ({ proposal: null, basis: [] });
      const marks = await repo.marksInRange(q, c.school_id, c.id, scope.from, scope.to);
      const byStudent = new Map<string, AveragedMark[]>();
      for (const m of marks) {
        const list = byStudent.get(m.student_id) ?? [];
        list.push({ value: m.value, workType: m.work_type, weight: m.weight });
        byStudent.set(m.student_id, list);
      }
      return (studentId) => ({ proposal: proposePeriodMark(byStudent.get(studentId) ?? [], settings), basis: [] });
    }
    const values = new Map(finals.map((f) => [`${f.student_id}:${f.kind}:${f.period_id ?? ''}`, f.value]));
    const finalOf = (studentId: string, kind: FinalKind, periodId: string | null = null) =>
      values.get(`${studentId}:${kind}:${periodId ?? ''}`) ?? null;
    if (scope.kind === 'year') {
      return (studentId) => {
        const basis = periods.map((p) => ({ label: p.name, value: finalOf(studentId, 'period', p.id) }));
        const given = basis.map((b) => b.value).filter((v): v is string => v !== null);
        // Nothing confirmed yet: no proposal rather than a premature «н/а».
        const y = given.length ? proposeYearMark(given, settings) : null;
        return { proposal: y && { ...y, count: given.length }, basis };
      };
    }
    return (studentId) => {
      const year = finalOf(studentId, 'year');
      const exam = finalOf(studentId, 'exam');
      if (scope.kind === 'exam') return { proposal: null, basis: [{ label: KIND_NAMES.year, value: year }] };
      // The final mark as the rounded mean of the year and exam marks (the year mark alone without an
      // exam): the same rounding as a year mark from its periods, so proposeYearMark serves it.
      const f = year === null ? null : proposeYearMark(exam ? [year, exam] : [year], settings);
      return {
        proposal: f && { ...f, count: exam ? 2 : 1 },
        basis: [
          { label: KIND_NAMES.year, value: year },
          { label: KIND_NAMES.exam, value: exam },
        ],
      };
    };
  }

  /** Loads a page for a final-marks action, with the policy's answer on writing. */
  async function loadPage(actor: SessionActor, pageId: string, action: 'page.read' | 'page.finals') {
    const r = await requireAccess(db, actor, action, { pageId });
    const c = await repo.pageContext(db, r.schoolId, pageId);
    if (!c) throw notFound('Страница журнала');
    const settings = resolveSettings(c.settings as Partial<SchoolSettings>);
    const periods = await repo.periods(db, c.school_id, c.year_id, c.period_scheme);
    return { r, c, settings, periods };
  }

  /**
   * Writes final marks of one scope for several students in one transaction: all or nothing.
   * Checks, in order: access (404), grade 1, locks and dates (the lock rows are held until commit),
   * each student on the page, each value on the subject's scale, then every version read (409 listing
   * the stale cells with their current values). An unchanged value is left as it is (no history).
   */
  async function writeFinals(
    actor: SessionActor,
    pageId: string,
    input: { kind: FinalKind; periodId?: string | null; items: FinalWriteItem[]; reason?: string | null },
    field: (index: number, name: string) => string,
  ) {
    const { r, c, settings, periods } = await loadPage(actor, pageId, 'page.finals');
    const scope = resolveScope(c, periods, input.kind, input.periodId, true);
    const seen = new Set<string>();
    input.items.forEach((item, i) => {
      if (seen.has(item.studentId)) throw invalid(field(i, 'studentId'), 'Ученик указан дважды');
      seen.add(item.studentId);
    });
    const actorId = membershipIn(actor, r.schoolId)?.personId ?? null;
    const stamp = now();
    return db.tx(async (tx) => {
      const year = await repo.lockYear(tx, c.school_id, c.year_id);
      const period = scope.period ? await repo.lockPeriod(tx, c.school_id, scope.period.id) : undefined;
      const refusal = writeRefusal(c, scope, { yearStatus: year?.status ?? c.year_status, periodClosedAt: period?.closed_at ?? null });
      if (refusal) throw refusal;

      const onPage = new Set((await repo.pageStudents(tx, c.school_id, c.class_id, c.subgroup_id, scope.from, scope.to)).map((s) => s.id));
      const finals = await repo.pageFinals(tx, c.school_id, pageId);
      const proposalOf = await proposals(tx, c, scope, settings, periods, finals);
      const planned = input.items.map((item, i) => {
        if (!onPage.has(item.studentId)) {
          throw new AppError(
            'journal.student_not_on_page',
            `Ученик не числится на странице «${c.subject_name}» ${c.class_name} в этот период`,
            {
              fields: [{ field: field(i, 'studentId'), message: 'ученик не изучает предмет на этой странице в этот период' }],
            },
          );
        }
        const proposal = proposalOf(item.studentId).proposal;
        const typed = item.value?.trim() ? item.value : null;
        if (typed === null && !proposal)
          throw invalid(field(i, 'value'), 'Системе нечего предложить: укажите отметку', 'journal.invalid_mark');
        const parsed = parseMarkValue(typed ?? proposal!.value, settings, { final: true });
        if (!parsed.ok) throw invalid(field(i, 'value'), parsed.message, 'journal.invalid_mark');
        const refusedScale = subjectScaleRefusal(parsed.value, c.pass_fail, c.subject_name);
        if (refusedScale) throw invalid(field(i, 'value'), refusedScale, 'journal.invalid_mark');
        return { item, value: parsed.value, proposal };
      });

      const periodId = scope.period?.id ?? null;
      const cells = new Map(
        (
          await repo.cellsForUpdate(
            tx,
            c.school_id,
            pageId,
            scope.kind,
            periodId,
            planned.map((p) => p.item.studentId),
          )
        ).map((f) => [f.student_id, f]),
      );
      const staleCells = planned
        .filter((p) => (cells.get(p.item.studentId)?.version ?? null) !== p.item.version)
        .map((p) => {
          const cur = cells.get(p.item.studentId);
          return { studentId: p.item.studentId, current: cur ? decisionOut(cur) : null };
        });
      if (staleCells.length) {
        throw new AppError('conflict.stale', 'Итоговые отметки уже изменены другим пользователем: обновите страницу и повторите', {
          current: staleCells.length === 1 ? staleCells[0].current : undefined,
          stale: staleCells,
        });
      }

      // [001 §5.8] a final mark first set after the allowed days is late; later corrections keep the
      // first entry's timeliness, as marks keep theirs.
      const late = scope.deadlineFrom !== null && isFinalMarkLate(stamp, scope.deadlineFrom, settings, c.time_zone);
      const saved: { studentId: string; decision: ReturnType<typeof decisionOut> }[] = [];
      for (const p of planned) {
        const cur = cells.get(p.item.studentId);
        if (cur && cur.value === p.value) {
          const confirmedBy = finals.find((f) => f.id === cur.id)?.confirmed_by_name ?? null;
          saved.push({ studentId: p.item.studentId, decision: decisionOut({ ...cur, confirmed_by_name: confirmedBy }) });
          continue;
        }
        const row = {
          value: p.value,
          proposedValue: p.proposal?.value ?? null,
          average: p.proposal?.average ?? null,
        };
        const written = cur
          ? await repo.updateFinal(tx, c.school_id, cur.id, { ...row, actorId: actorId! })
          : await repo.insertFinal(tx, {
              schoolId: c.school_id,
              pageId,
              subjectId: c.subject_id,
              studentId: p.item.studentId,
              kind: scope.kind,
              periodId,
              ...row,
              late,
              actorId: actorId!,
            });
        if (!written) throw stale(null);
        const rowLate = cur ? cur.late : late;
        await repo.recordHistory(tx, c.school_id, {
          pageId,
          key: finalMarkHistoryKey(pageId, p.item.studentId, scope.kind, periodId),
          action: cur ? 'update' : 'create',
          actorId,
          oldValue: cur ? { value: cur.value, proposedValue: cur.proposed_value, average: cur.average } : null,
          newValue: { ...row, late: rowLate, confirmedProposal: p.value === row.proposedValue },
          reason: input.reason?.trim() || null,
        });
        await notifyFinalMarkConfirmed(tx, {
          schoolId: c.school_id,
          finalMarkId: written.id,
          version: written.version,
          studentId: p.item.studentId,
          pageId,
          subjectId: c.subject_id,
          subjectName: c.subject_name,
          kind: scope.kind,
          periodId,
          periodName: scope.kind === 'period' ? scope.name : scope.name.toLowerCase(),
          value: p.value,
          previousValue: cur?.value ?? null,
        });
        saved.push({
          studentId: p.item.studentId,
          decision: { ...row, late: rowLate, version: written.version, confirmedAt: written.confirmed_at.toISOString(), confirmedBy: null },
        });
      }
      const confirmer = actorId ? await repo.personName(tx, c.school_id, actorId) : null;
      return saved.map((s) => ({ ...s, decision: { ...s.decision, confirmedBy: s.decision.confirmedBy ?? confirmer } }));
    });
  }

  /**
   * The finals screen of a page [DOMAIN §6]: per student the system's proposal and the teacher's
   * decision side by side, the deadline of the scope and why it cannot be written, if it cannot.
   */
  async function view(actor: SessionActor, pageId: string, q: { kind?: FinalKind; periodId?: string }) {
    const { r, c, settings, periods } = await loadPage(actor, pageId, 'page.read');
    const scope = resolveScope(c, periods, q.kind ?? 'period', q.periodId, false);
    const [students, finals] = await Promise.all([
      repo.pageStudents(db, c.school_id, c.class_id, c.subgroup_id, scope.from, scope.to),
      repo.pageFinals(db, c.school_id, pageId),
    ]);
    const proposalOf = await proposals(db, c, scope, settings, periods, finals);
    const refusal = writeRefusal(c, scope, { yearStatus: c.year_status, periodClosedAt: scope.period?.closed_at ?? null });
    const mayWrite = can(actor, 'page.finals', r);
    const day = today(c.time_zone);
    const deadline = scope.deadlineFrom ? finalMarkDeadline(scope.deadlineFrom, settings) : null;
    const periodId = scope.period?.id ?? null;
    const decisions = new Map(finals.filter((f) => f.kind === scope.kind && f.period_id === periodId).map((f) => [f.student_id, f]));
    return {
      page: {
        id: c.id,
        classId: c.class_id,
        className: c.class_name,
        grade: c.grade,
        subgroupName: c.subgroup_name,
        subjectName: c.subject_name,
        passFail: c.pass_fail,
        teacherName: c.teacher_name,
        yearName: c.year_name,
      },
      kind: scope.kind,
      periods: periods.map((p) => ({
        id: p.id,
        name: p.name,
        startsOn: p.starts_on,
        endsOn: p.ends_on,
        closed: !!p.closed_at,
        started: p.starts_on <= day,
      })),
      period: scope.period
        ? {
            id: scope.period.id,
            name: scope.period.name,
            startsOn: scope.period.starts_on,
            endsOn: scope.period.ends_on,
            closed: !!scope.period.closed_at,
          }
        : null,
      deadline: deadline && { dueBy: deadline.dueBy, lateAfter: deadline.lateAfter, overdue: day > deadline.lateAfter },
      canWrite: mayWrite && refusal === null,
      locked: mayWrite && refusal ? { code: refusal.code, message: refusal.message } : null,
      settings: {
        averageMode: settings.averageMode,
        roundingBorder: settings.roundingBorder,
        minMarksForPeriod: settings.minMarksForPeriod,
      },
      students: students.map((s: StudentRow) => {
        const p = proposalOf(s.id);
        const d = decisions.get(s.id);
        return {
          id: s.id,
          name: fullName(s),
          arrived: s.from_date > scope.from ? s.from_date : null,
          left: s.to_date && s.to_date < scope.to ? s.to_date : null,
          proposal: p.proposal,
          basis: p.basis,
          decision: d ? decisionOut(d) : null,
          differs: !!d && !!p.proposal && d.value !== p.proposal.value,
        };
      }),
    };
  }

  return {
    view,

    /**
     * «Подтвердить все» and overrides in one request [DOMAIN §6]: each item confirms the proposal
     * (no value) or sets the teacher's value; answers the refreshed screen.
     */
    async confirm(
      actor: SessionActor,
      pageId: string,
      input: { kind: FinalKind; periodId?: string | null; items: FinalWriteItem[]; reason?: string | null },
    ) {
      await writeFinals(actor, pageId, input, (i, name) => `items.${i}.${name}`);
      return view(actor, pageId, { kind: input.kind, periodId: input.periodId ?? undefined });
    },

    /** One final mark: set, confirm or change, with the version read (null for an empty cell). */
    async saveOne(
      actor: SessionActor,
      input: {
        pageId: string;
        studentId: string;
        kind: FinalKind;
        periodId?: string | null;
        value?: string | null;
        version: number | null;
        reason?: string | null;
      },
    ) {
      const [saved] = await writeFinals(
        actor,
        input.pageId,
        {
          kind: input.kind,
          periodId: input.periodId,
          reason: input.reason,
          items: [{ studentId: input.studentId, value: input.value, version: input.version }],
        },
        (_i, name) => name,
      );
      return { pageId: input.pageId, studentId: input.studentId, kind: input.kind, periodId: input.periodId ?? null, ...saved.decision };
    },

    /** Every change of one final mark: who, when, old and new value, proposal at the time. */
    async history(actor: SessionActor, pageId: string, q: { studentId: string; kind: FinalKind; periodId?: string | null }) {
      const r = await requireAccess(db, actor, 'page.read', { pageId });
      const rows = await repo.history(db, r.schoolId, finalMarkHistoryKey(pageId, q.studentId, q.kind, q.periodId ?? null));
      return rows.map((h) => ({
        id: h.id,
        action: h.action as 'create' | 'update',
        at: h.at.toISOString(),
        actorName: h.actor_name,
        oldValue: h.old_value as Record<string, unknown> | null,
        newValue: h.new_value as Record<string, unknown> | null,
        reason: h.reason,
      }));
    },
  };
}

export type FinalsService = ReturnType<typeof makeFinalsService>;
