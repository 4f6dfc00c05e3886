import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/client';
import { parseAttendance } from '../../domain/attendance';
import { averageOf } from '../../domain/averages';
import { addDays, calendarDateIn, findPeriod, weekStart } from '../../domain/calendar';
import { isEntryOnTime, markEntryDeadline } from '../../domain/deadlines';
import { parseMarkValue, subjectScaleRefusal } from '../../domain/marks';
import { isWriteAllowed } from '../../domain/periods';
import { can, membershipIn, type Resource } from '../../domain/policy';
import { resolveSettings, type SchoolSettings } from '../../domain/school-settings';
import { isWorkType } from '../../domain/work-types';
import { workTypeName } from '../../domain/work-types';
import type { Deps, SessionActor } from '../../server/context';
import { enqueueEvent, enqueueNotification } from '../notifications/outbox';
import { AppError, invalid, notFound } from '../../server/errors';
import { requireAccess } from '../access/access.service';
import { type LessonContext, journalRepository as repo } from './journal.repository';

const fullName = (p: { last_name: string; first_name: string; middle_name: string | null }) =>
  [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');

const schoolIdsOf = (actor: SessionActor) => actor.memberships.map((m) => m.schoolId);
const personIn = (actor: SessionActor, schoolId: string) => membershipIn(actor, schoolId)?.personId ?? null;

/** The 409 of a stale write: nothing changed, and the client gets the value it should have read. */
function stale(current: unknown): AppError {
  return new AppError('conflict.stale', 'Запись уже изменена другим пользователем: обновите значение и повторите', { current });
}

/** «оп» without or with bad minutes is the minutes' fault; anything else is the code's. */
const attendanceField = (code: string) => (code.trim() === 'оп' ? 'minutes' : 'code');

function lessonResource(c: LessonContext): Resource {
  return { kind: 'lesson', schoolId: c.school_id, teacherId: c.teacher_id, classTeacherId: c.class_teacher_id, substituteId: c.substitute_teacher_id };
}

export function makeJournalService({ db, now }: Deps) {
  /** Loads a lesson for a write and checks: access (404 outside scope), closed year/period, edit window. */
  async function lessonForWrite(tx: Queryable, actor: SessionActor, lessonId: string) {
    const c = await repo.lessonContext(tx, schoolIdsOf(actor), lessonId);
    if (!c || !can(actor, 'lesson.write', lessonResource(c))) throw notFound('Урок');
    const settings = resolveSettings(c.settings as Partial<SchoolSettings>);
    assertWritable(c, settings);
    return { c, settings };
  }

  /** [004 admin] a closed period refuses every write; a school may set an edit window in days. */
  function assertWritable(c: LessonContext, settings: SchoolSettings) {
    if (c.year_status === 'closed') throw new AppError('journal.period_closed', 'Учебный год закрыт: изменения запрещены');
    const check = isWriteAllowed({
      lessonDate: c.date,
      period: c.period_id ? { closedAt: c.period_closed_at, name: c.period_name ?? undefined } : null,
      now: now(),
      settings,
      timeZone: c.time_zone,
    } as Parameters<typeof isWriteAllowed>[0]);
    if (!check.ok) throw new AppError(check.code as 'journal.period_closed', check.message);
  }

  const today = (tz: string) => calendarDateIn(now(), tz);

  /** The thematic plan (КТП) of a page with plan vs fact [002 §4.4]. */
  async function getPlan(actor: SessionActor, pageId: string) {
    const r = await requireAccess(db, actor, 'page.read', { pageId });
    const [items, fact] = await Promise.all([repo.planItems(db, r.schoolId, pageId), repo.planFact(db, r.schoolId, pageId)]);
    const given = new Map(fact.map((f) => [f.plan_item_id, f.lessons]));
    return {
      items: items.map((i) => ({ id: i.id, position: i.position, topic: i.topic, hours: i.hours, lessonKind: i.lesson_kind, given: given.get(i.id) ?? 0 })),
      plannedHours: items.reduce((s, i) => s + i.hours, 0),
      givenHours: fact.reduce((s, f) => s + f.lessons, 0),
    };
  }

  return {
    getPlan,

    /** Pages the actor keeps or may read: own (teacher), all of own classes (class teacher), all (administration). */
    async listPages(actor: SessionActor, q: { classId?: string; mine?: boolean }) {
      const out = [];
      for (const m of actor.memberships) {
        const wide = ['administrator', 'director', 'deputy'].some((r) => m.roles.has(r as never));
        let rows: Awaited<ReturnType<typeof repo.pages>> = [];
        if (wide && !q.mine) rows = await repo.pages(db, [m.schoolId], { classId: q.classId });
        else if (m.roles.has('teacher')) {
          const own = await repo.pages(db, [m.schoolId], { teacherId: m.personId, classId: q.classId });
          const led = q.mine ? [] : await repo.pages(db, [m.schoolId], { classIds: await repo.classesLedBy(db, m.schoolId, m.personId), classId: q.classId });
          const seen = new Set<string>();
          rows = [...own, ...led].filter((r) => !seen.has(r.id) && seen.add(r.id));
        }
        out.push(
          ...rows.map((r) => ({
            id: r.id,
            schoolId: r.school_id,
            classId: r.class_id,
            className: r.class_name,
            grade: r.grade,
            subgroupId: r.subgroup_id,
            subgroupName: r.subgroup_name,
            subjectId: r.subject_id,
            subjectName: r.subject_name,
            teacherId: r.teacher_id,
            teacherName: r.teacher_name,
            hoursPerWeek: r.hours_per_week,
            isMine: r.teacher_id === m.personId,
          })),
        );
      }
      return out;
    },

    /**
     * The journal page for a period: lessons as columns, students as rows (alphabetical, with arrival and
     * departure), marks, attendance, each student's weighted average and marks count [DOMAIN §3–5].
     */
    async getPage(actor: SessionActor, pageId: string, periodId?: string) {
      const r = await requireAccess(db, actor, 'page.read', { pageId });
      const h = await repo.pageHeader(db, r.schoolId, pageId);
      if (!h) throw notFound('Страница журнала');
      const settings = resolveSettings(h.settings as Partial<SchoolSettings>);
      const periods = await repo.periods(db, r.schoolId, h.year_id, h.period_scheme);
      const todayDate = today(h.time_zone);
      const period =
        (periodId && periods.find((p) => p.id === periodId)) ||
        findPeriod(todayDate, periods.map((p) => ({ ...p, startsOn: p.starts_on, endsOn: p.ends_on }))) ||
        [...periods].reverse().find((p) => p.starts_on <= todayDate) ||
        periods[0];
      if (periodId && (!period || period.id !== periodId)) throw notFound('Период');
      const from = period?.starts_on ?? '1900-01-01';
      const to = period?.ends_on ?? '2999-12-31';
      const [lessons, marks, attendance, students, plan] = await Promise.all([
        repo.lessons(db, r.schoolId, pageId, from, to),
        repo.marks(db, r.schoolId, pageId, from, to),
        repo.attendance(db, r.schoolId, pageId, from, to),
        repo.pageStudents(db, r.schoolId, h.class_id, h.subgroup_id, from, to),
        repo.planItems(db, r.schoolId, pageId),
      ]);
      const byStudent = new Map<string, { value: string; workType: string; weight?: number }[]>();
      for (const m of marks) {
        const list = byStudent.get(m.student_id) ?? [];
        list.push({ value: m.value, workType: m.work_type, weight: m.weight ?? undefined });
        byStudent.set(m.student_id, list);
      }
      // Plan slots: each plan item repeated by its hours; the n-th lesson of the year suggests the n-th slot.
      const slots = plan.flatMap((p) => Array.from({ length: p.hours }, () => p));
      const allLessonsBefore = lessons.length ? await repo.countLessonsBefore(db, r.schoolId, pageId, from) : 0;
      const writable = can(actor, 'page.write', { kind: 'page', schoolId: r.schoolId, teacherId: h.teacher_id, classTeacherId: null, substituteIds: [] });
      return {
        page: {
          id: h.id,
          schoolId: h.school_id,
          classId: h.class_id,
          className: h.class_name,
          grade: h.grade,
          subgroupName: h.subgroup_name,
          subjectName: h.subject_name,
          passFail: h.pass_fail,
          teacherId: h.teacher_id,
          teacherName: h.teacher_name,
          marksAllowed: h.grade > 1,
          canWrite: writable && h.year_status !== 'closed',
        },
        periods: periods.map((p) => ({ id: p.id, name: p.name, startsOn: p.starts_on, endsOn: p.ends_on, closed: !!p.closed_at })),
        period: period ? { id: period.id, name: period.name, startsOn: period.starts_on, endsOn: period.ends_on, closed: !!period.closed_at } : null,
        settings: { averageMode: settings.averageMode, weights: settings.weights },
        lessons: lessons.map((l, i) => ({
          id: l.id,
          date: l.date,
          number: l.number,
          topic: l.topic,
          planItemId: l.plan_item_id,
          suggestedTopic: l.topic ? null : (slots[allLessonsBefore + i]?.topic ?? null),
          suggestedPlanItemId: l.topic ? null : (slots[allLessonsBefore + i]?.id ?? null),
          substituteTeacherId: l.substitute_teacher_id,
          substituteName: l.substitute_name,
          origin: l.origin,
          version: l.version,
          createdAt: l.created_at.toISOString(),
          updatedAt: l.updated_at.toISOString(),
          attendanceTaken: !!l.attendance_taken_at,
          homework: l.hw_id
            ? { text: l.hw_text ?? '', dueDate: l.hw_due ?? l.date, version: l.hw_version ?? 1, files: l.hw_files ?? [] }
            : null,
          works: (l.works ?? []).map((w) => ({ ...w, weight: w.weight ?? settings.weights[w.workType as keyof typeof settings.weights] ?? 1 })),
        })),
        students: students.map((s) => {
          const list = byStudent.get(s.id) ?? [];
          return {
            id: s.id,
            name: fullName(s),
            fromDate: s.from_date,
            toDate: s.to_date,
            arrived: s.from_date > from ? s.from_date : null,
            left: s.to_date && s.to_date < to ? s.to_date : null,
            average: averageOf(list, settings),
            marksCount: list.filter((m) => /^[1-5]/.test(m.value)).length,
          };
        }),
        marks: marks.map((m) => ({
          id: m.id,
          workId: m.work_id,
          lessonId: m.lesson_id,
          studentId: m.student_id,
          value: m.value,
          comment: m.comment,
          version: m.version,
          onTime: m.on_time,
        })),
        attendance: attendance.map((a) => ({
          lessonId: a.lesson_id,
          studentId: a.student_id,
          code: a.code as 'н',
          minutes: a.minutes,
          originalCode: a.original_code,
          version: a.version,
        })),
        plan: { items: plan.length, hours: slots.length },
      };
    },

    /** [003 §3.2] the topic of a lesson (required for it to count as conducted), optionally from the plan. */
    async setTopic(actor: SessionActor, lessonId: string, input: { version: number; topic: string | null; planItemId?: string | null }) {
      return db.tx(async (tx) => {
        const { c } = await lessonForWrite(tx, actor, lessonId);
        const current = await repo.lessonContext(tx, [c.school_id], lessonId, true);
        if (!current || current.version !== input.version) throw stale({ topic: current?.topic ?? null, version: current?.version });
        let topic = input.topic?.trim() || null;
        let planItemId: string | null = null;
        if (input.planItemId) {
          const item = await repo.planItem(tx, c.school_id, c.page_id, input.planItemId);
          if (!item) throw invalid('planItemId', 'Пункт тематического плана не найден на этой странице');
          planItemId = item.id;
          topic = topic ?? item.topic;
        }
        if (topic && topic.length > 500) throw invalid('topic', 'Тема урока не длиннее 500 символов');
        const onTime = today('Europe/Moscow') <= c.date;
        const row = await repo.updateLessonTopic(tx, c.school_id, lessonId, topic, planItemId, onTime);
        await repo.history(tx, c.school_id, {
          page_id: c.page_id,
          entity: 'topic',
          entity_key: lessonId,
          action: current.topic == null ? 'create' : topic == null ? 'delete' : 'update',
          actor_id: personIn(actor, c.school_id),
          old_value: current.topic == null ? null : { topic: current.topic },
          new_value: topic == null ? null : { topic },
        });
        return { id: lessonId, topic, planItemId, version: row.version, updatedAt: row.updated_at.toISOString() };
      });
    },

    /** [003 §3.2] homework for the next lesson: text and due date; history of every change. */
    async setHomework(actor: SessionActor, lessonId: string, input: { version: number | null; text: string; dueDate: string }) {
      return db.tx(async (tx) => {
        const { c } = await lessonForWrite(tx, actor, lessonId);
        const current = await repo.homework(tx, c.school_id, lessonId);
        if ((current?.version ?? null) !== input.version) throw stale(current ? { text: current.text, dueDate: current.due_date, version: current.version } : null);
        if (input.dueDate < c.date) throw invalid('dueDate', 'Срок выполнения не может быть раньше даты урока');
        const row = await repo.upsertHomework(tx, { schoolId: c.school_id, lessonId, text: input.text.trim(), dueDate: input.dueDate, actorId: personIn(actor, c.school_id)! });
        await repo.setHomeworkOnTime(tx, c.school_id, lessonId, today('Europe/Moscow') <= c.date);
        await repo.history(tx, c.school_id, {
          page_id: c.page_id,
          entity: 'homework',
          entity_key: lessonId,
          action: current ? 'update' : 'create',
          actor_id: personIn(actor, c.school_id),
          old_value: current ? { text: current.text, dueDate: current.due_date } : null,
          new_value: { text: input.text.trim(), dueDate: input.dueDate },
        });
        // [000 §2.5] families are told about homework.
        await enqueueEvent(tx, {
          schoolId: c.school_id,
          kind: 'homework',
          audience: { classParentsOf: c.class_id },
          payload: { subjectName: c.subject_name, text: input.text.trim(), dueDate: input.dueDate },
          key: `homework:${lessonId}:v${row.version}`,
          createdBy: personIn(actor, c.school_id),
        });
        return { text: input.text.trim(), dueDate: input.dueDate, version: row.version };
      });
    },

    async deleteHomework(actor: SessionActor, lessonId: string, version: number) {
      return db.tx(async (tx) => {
        const { c } = await lessonForWrite(tx, actor, lessonId);
        const current = await repo.homework(tx, c.school_id, lessonId);
        if (!current) throw notFound('Домашнее задание');
        if (current.version !== version) throw stale({ text: current.text, dueDate: current.due_date, version: current.version });
        await repo.deleteHomework(tx, c.school_id, lessonId);
        await repo.history(tx, c.school_id, {
          page_id: c.page_id,
          entity: 'homework',
          entity_key: lessonId,
          action: 'delete',
          actor_id: personIn(actor, c.school_id),
          old_value: { text: current.text, dueDate: current.due_date },
          new_value: null,
        });
      });
    },

    /** Attachments of homework: up to 20 MB each, checked by type; stored in the database. */
    async attachHomeworkFile(actor: SessionActor, lessonId: string, file: { name: string; contentType: string; content: Buffer }) {
      return db.tx(async (tx) => {
        const { c } = await lessonForWrite(tx, actor, lessonId);
        if (!(await repo.homework(tx, c.school_id, lessonId))) throw invalid('file', 'Сначала сохраните текст домашнего задания');
        const id = await repo.insertFile(tx, {
          schoolId: c.school_id,
          ownerKind: 'homework',
          ownerId: lessonId,
          name: file.name,
          contentType: file.contentType,
          content: file.content,
          sha256: createHash('sha256').update(file.content).digest('hex'),
          uploadedBy: personIn(actor, c.school_id)!,
        });
        await repo.history(tx, c.school_id, {
          page_id: c.page_id,
          entity: 'homework',
          entity_key: lessonId,
          action: 'update',
          actor_id: personIn(actor, c.school_id),
          old_value: null,
          new_value: { attached: file.name, size: file.content.length },
        });
        return { id, name: file.name, size: file.content.length, contentType: file.contentType };
      });
    },

    /** A file is readable by staff who may read the page and by families of the class's students. */
    async readFile(actor: SessionActor, fileId: string) {
      const f = await repo.fileMeta(db, schoolIdsOf(actor), fileId);
      if (f?.owner_kind !== 'homework' || !f.owner_id) throw notFound('Файл');
      const c = await repo.lessonContext(db, [f.school_id], f.owner_id);
      if (!c) throw notFound('Файл');
      const m = membershipIn(actor, f.school_id);
      let allowed = can(actor, 'page.read', { kind: 'page', schoolId: c.school_id, teacherId: c.teacher_id, classTeacherId: c.class_teacher_id, substituteIds: c.substitute_teacher_id ? [c.substitute_teacher_id] : [] });
      if (!allowed && m) {
        const students = await repo.lessonClassStudentIds(db, f.school_id, f.owner_id);
        for (const studentId of students) {
          try {
            await requireAccess(db, actor, 'student.diary', { studentId });
            allowed = true;
            break;
          } catch {
            /* not this one */
          }
        }
      }
      if (!allowed) throw notFound('Файл');
      const content = await repo.fileContent(db, f.school_id, f.id);
      if (!content) throw notFound('Файл');
      return { name: f.name, contentType: f.content_type, content };
    },

    /** A work of a lesson (answer, test, control work…): its type sets weight and entry deadline [002 §4.4]. */
    async addWork(actor: SessionActor, lessonId: string, input: { workType: string; title?: string | null; weight?: number | null }) {
      return db.tx(async (tx) => {
        const { c } = await lessonForWrite(tx, actor, lessonId);
        if (c.grade === 1) throw new AppError('journal.grade1_no_marks', 'В 1 классе работы с отметками не создаются: ведутся только темы и посещаемость');
        if (!isWorkType(input.workType)) throw invalid('workType', `Неизвестный тип работы: ${input.workType}`);
        const id = await repo.insertWork(tx, { schoolId: c.school_id, lessonId, workType: input.workType, title: input.title ?? null, weight: input.weight ?? null });
        return { id, workType: input.workType, title: input.title ?? null, weight: input.weight ?? null };
      });
    },

    async updateWork(actor: SessionActor, workId: string, input: { workType: string; title?: string | null; weight?: number | null }) {
      const w = await repo.workContext(db, schoolIdsOf(actor), workId);
      if (!w) throw notFound('Работа');
      return db.tx(async (tx) => {
        const { c } = await lessonForWrite(tx, actor, w.lesson_id);
        if (!isWorkType(input.workType)) throw invalid('workType', `Неизвестный тип работы: ${input.workType}`);
        await repo.updateWork(tx, c.school_id, workId, { workType: input.workType, title: input.title ?? null, weight: input.weight ?? null });
        await repo.history(tx, c.school_id, {
          page_id: c.page_id,
          entity: 'work',
          entity_key: workId,
          action: 'update',
          actor_id: personIn(actor, c.school_id),
          old_value: { workType: w.work_type, weight: w.work_weight },
          new_value: { workType: input.workType, weight: input.weight ?? null },
        });
        return { id: workId, workType: input.workType, title: input.title ?? null, weight: input.weight ?? null };
      });
    },

    async deleteWork(actor: SessionActor, workId: string) {
      const w = await repo.workContext(db, schoolIdsOf(actor), workId);
      if (!w) throw notFound('Работа');
      await db.tx(async (tx) => {
        const { c } = await lessonForWrite(tx, actor, w.lesson_id);
        if ((await repo.workMarkCount(tx, c.school_id, workId)) > 0) {
          throw new AppError('school.conflict', 'У работы есть отметки: сначала удалите их', { field: 'workId' });
        }
        await repo.deleteWork(tx, c.school_id, workId);
      });
    },

    /**
     * Sets a mark for a work. `version` is what the client read: null for an empty cell. A stale write
     * answers 409 with the current value and changes nothing [issue 4]. Every change goes to history.
     */
    async saveMark(actor: SessionActor, input: { workId: string; studentId: string; value: string; comment?: string | null; version: number | null }) {
      const w = await repo.workContext(db, schoolIdsOf(actor), input.workId);
      if (!w || !can(actor, 'lesson.write', lessonResource(w))) throw notFound('Работа');
      const settings = resolveSettings(w.settings as Partial<SchoolSettings>);
      // [001 §5.5], [003 §2.8] grade 1 keeps only topics and attendance.
      if (w.grade === 1) throw new AppError('journal.grade1_no_marks');
      assertWritable(w, settings);
      const parsed = parseMarkValue(input.value, settings, { final: false });
      if (!parsed.ok) throw invalid('value', parsed.message, 'journal.invalid_mark');
      const scale = subjectScaleRefusal(parsed.value, w.subject_pass_fail, w.subject_name, 'current');
      if (scale) throw invalid('value', scale, 'journal.invalid_mark');
      const comment = input.comment?.trim() || null;
      if (comment && comment.length > 500) throw invalid('comment', 'Комментарий не длиннее 500 символов');
      if (!(await repo.studentOnPage(db, w.school_id, w.class_id, w.subgroup_id, input.studentId, w.date))) {
        throw new AppError('journal.student_not_on_page', undefined, { fields: [{ field: 'studentId', message: 'ученик не числится в классе (подгруппе) в дату урока' }] });
      }
      const actorId = personIn(actor, w.school_id)!;
      return db.tx(async (tx) => {
        const current = await repo.markByCell(tx, w.school_id, input.workId, input.studentId);
        if ((current?.version ?? null) !== input.version) {
          throw stale(current ? { id: current.id, value: current.value, comment: current.comment, version: current.version } : null);
        }
        // [003 §3.2] timeliness of the entry against the work type's deadline, for the control reports.
        const later = await repo.laterLessonDates(tx, w.school_id, w.page_id, w.date);
        const deadline = markEntryDeadline(w.work_type as never, w.date, later, settings);
        const onTimeNow = isEntryOnTime(now(), deadline, w.time_zone);
        const wasPending = current?.value === '•';
        const onTime = current && !wasPending ? current.on_time : onTimeNow;
        const saved = current
          ? await repo.updateMark(tx, w.school_id, current.id, { value: parsed.value, comment, onTime, actorId })
          : await repo.insertMark(tx, { schoolId: w.school_id, workId: input.workId, lessonId: w.lesson_id, pageId: w.page_id, studentId: input.studentId, value: parsed.value, comment, onTime, actorId });
        await repo.history(tx, w.school_id, {
          page_id: w.page_id,
          entity: 'mark',
          entity_key: `${input.workId}:${input.studentId}`,
          action: current ? 'update' : 'create',
          actor_id: actorId,
          old_value: current ? { value: current.value, comment: current.comment } : null,
          new_value: { value: parsed.value, comment },
        });
        // [000 §2.4] the family learns of a new or changed mark (outbox: same transaction as the mark).
        if (current?.value !== parsed.value) {
          await enqueueNotification(tx, {
            schoolId: w.school_id,
            studentId: input.studentId,
            kind: 'mark',
            payload: { subjectName: w.subject_name, value: parsed.value, workType: workTypeName(w.work_type), date: w.date, comment },
            key: `mark:${saved.id}:v${saved.version}`,
            createdBy: actorId,
          });
        }
        return {
          id: saved.id,
          workId: input.workId,
          lessonId: w.lesson_id,
          studentId: input.studentId,
          value: parsed.value,
          comment,
          version: saved.version,
          onTime,
        };
      });
    },

    async deleteMark(actor: SessionActor, markId: string, version: number) {
      const m = await repo.markById(db, schoolIdsOf(actor), markId);
      if (!m) throw notFound('Отметка');
      await db.tx(async (tx) => {
        const { c } = await lessonForWrite(tx, actor, m.lesson_id);
        const current = await repo.markByCell(tx, c.school_id, m.work_id, m.student_id);
        if (!current) throw notFound('Отметка');
        if (current.version !== version) throw stale({ id: current.id, value: current.value, comment: current.comment, version: current.version });
        await repo.deleteMark(tx, c.school_id, markId);
        await repo.history(tx, c.school_id, {
          page_id: c.page_id,
          entity: 'mark',
          entity_key: `${m.work_id}:${m.student_id}`,
          action: 'delete',
          actor_id: personIn(actor, c.school_id),
          old_value: { value: current.value, comment: current.comment },
          new_value: null,
        });
      });
    },

    /**
     * Attendance of one student at one lesson [DOMAIN §5]: «н», «б», «у», «оп» (minutes), «осв»; null = present.
     * Also records that the roll was taken.
     */
    async saveAttendance(actor: SessionActor, input: { lessonId: string; studentId: string; code: string | null; minutes?: number | null; version: number | null }) {
      return db.tx(async (tx) => {
        const { c } = await lessonForWrite(tx, actor, input.lessonId);
        let code: string | null = null;
        let minutes: number | null = null;
        if (input.code) {
          const parsed = parseAttendance(input.code, input.minutes ?? undefined);
          if (!parsed.ok) throw invalid(attendanceField(input.code), parsed.message, 'journal.invalid_attendance');
          code = parsed.value.code;
          minutes = parsed.value.minutes;
        }
        if (!(await repo.studentOnPage(tx, c.school_id, c.class_id, c.subgroup_id, input.studentId, c.date))) {
          throw new AppError('journal.student_not_on_page', undefined, { fields: [{ field: 'studentId', message: 'ученик не числится в классе (подгруппе) в дату урока' }] });
        }
        const current = await repo.attendanceCell(tx, c.school_id, input.lessonId, input.studentId);
        if ((current?.version ?? null) !== input.version) throw stale(current ? { code: current.code, minutes: current.minutes, version: current.version } : null);
        const actorId = personIn(actor, c.school_id)!;
        let version: number | null = null;
        if (code) {
          version = (await repo.upsertAttendance(tx, { schoolId: c.school_id, lessonId: input.lessonId, studentId: input.studentId, pageId: c.page_id, code, minutes, onTime: today('Europe/Moscow') <= c.date, actorId })).version;
        } else if (current) {
          await repo.deleteAttendance(tx, c.school_id, input.lessonId, input.studentId);
        }
        await repo.markAttendanceTaken(tx, c.school_id, input.lessonId);
        if (code && code !== current?.code) {
          await enqueueNotification(tx, {
            schoolId: c.school_id,
            studentId: input.studentId,
            kind: 'absence',
            payload: { subjectName: c.subject_name, date: c.date, code, lessonNumber: c.number, minutes },
            key: `absence:${input.lessonId}:${input.studentId}:v${version}`,
            createdBy: actorId,
          });
        }
        if (current || code) {
          await repo.history(tx, c.school_id, {
            page_id: c.page_id,
            entity: 'attendance',
            entity_key: `${input.lessonId}:${input.studentId}`,
            action: !current ? 'create' : code ? 'update' : 'delete',
            actor_id: actorId,
            old_value: current ? { code: current.code, minutes: current.minutes } : null,
            new_value: code ? { code, minutes } : null,
          });
        }
        return { lessonId: input.lessonId, studentId: input.studentId, code, minutes, version };
      });
    },

    /** «Все присутствуют»: one action clears the lesson's absences (each cleared one goes to history). */
    async markAllPresent(actor: SessionActor, lessonId: string) {
      return db.tx(async (tx) => {
        const { c } = await lessonForWrite(tx, actor, lessonId);
        const rows = await repo.lessonAttendance(tx, c.school_id, lessonId);
        const actorId = personIn(actor, c.school_id);
        for (const a of rows) {
          await repo.deleteAttendance(tx, c.school_id, lessonId, a.student_id);
          await repo.history(tx, c.school_id, {
            page_id: c.page_id,
            entity: 'attendance',
            entity_key: `${lessonId}:${a.student_id}`,
            action: 'delete',
            actor_id: actorId,
            old_value: { code: a.code, minutes: a.minutes },
            new_value: null,
            reason: 'Все присутствуют',
          });
        }
        await repo.markAttendanceTaken(tx, c.school_id, lessonId);
        return { cleared: rows.length };
      });
    },

    /** The class teacher's weekly attendance view of their class, every page, both entries kept [000 §4.2]. */
    async classWeek(actor: SessionActor, classId: string, date: string) {
      const r = await requireAccess(db, actor, 'class.attendance_correct', { classId });
      const from = weekStart(date);
      const to = addDays(from, 6);
      const { lessons, attendance } = await repo.classWeek(db, r.schoolId, classId, from, to);
      const students = await repo.pageStudents(db, r.schoolId, classId, null, from, to);
      return {
        weekStart: from,
        weekEnd: to,
        students: students.map((s) => ({ id: s.id, name: fullName(s) })),
        lessons: lessons.map((l) => ({ id: l.id, date: l.date, number: l.number, subjectName: l.subject_name, subgroupName: l.subgroup_name })),
        attendance: attendance.map((a) => ({
          lessonId: a.lesson_id,
          studentId: a.student_id,
          code: a.code,
          minutes: a.minutes,
          teacherCode: a.original_code === null ? a.code : a.original_code || null,
          corrected: a.corrected_at !== null,
          version: a.version,
        })),
      };
    },

    /** The class teacher corrects an absence (e.g. «н» → «б» with a certificate); the teacher's entry stays. */
    async correctAttendance(actor: SessionActor, input: { lessonId: string; studentId: string; code: string; minutes?: number | null; version: number | null; reason?: string }) {
      return db.tx(async (tx) => {
        const c = await repo.lessonContext(tx, schoolIdsOf(actor), input.lessonId);
        if (!c) throw notFound('Урок');
        await requireAccess(tx, actor, 'class.attendance_correct', { classId: c.class_id });
        const settings = resolveSettings(c.settings as Partial<SchoolSettings>);
        assertWritable(c, { ...settings, editWindowDays: null });
        const parsed = parseAttendance(input.code, input.minutes ?? undefined);
        if (!parsed.ok) throw invalid(attendanceField(input.code), parsed.message, 'journal.invalid_attendance');
        const { code, minutes } = parsed.value;
        const current = await repo.attendanceCell(tx, c.school_id, input.lessonId, input.studentId);
        if ((current?.version ?? null) !== input.version) throw stale(current ? { code: current.code, version: current.version } : null);
        if (!(await repo.studentOnPage(tx, c.school_id, c.class_id, c.subgroup_id, input.studentId, c.date))) {
          throw new AppError('journal.student_not_on_page');
        }
        const actorId = personIn(actor, c.school_id)!;
        const row = await repo.correctAttendance(tx, { schoolId: c.school_id, lessonId: input.lessonId, studentId: input.studentId, pageId: c.page_id, code, minutes, actorId });
        await repo.history(tx, c.school_id, {
          page_id: c.page_id,
          entity: 'attendance',
          entity_key: `${input.lessonId}:${input.studentId}`,
          action: current ? 'update' : 'create',
          actor_id: actorId,
          old_value: current ? { code: current.code, minutes: current.minutes } : null,
          new_value: { code, minutes, correction: true },
          reason: input.reason ?? 'Корректировка классного руководителя',
        });
        return { lessonId: input.lessonId, studentId: input.studentId, code, version: row.version };
      });
    },

    /** A cell's history: who, when, old, new — for the teacher and the administration. */
    async history(actor: SessionActor, q: { entity: 'mark' | 'attendance' | 'topic' | 'homework' | 'work'; key: string; pageId: string }) {
      const r = await requireAccess(db, actor, 'page.read', { pageId: q.pageId });
      const rows = await repo.cellHistory(db, r.schoolId, q.entity, q.key);
      return rows.map((h) => ({
        id: h.id,
        action: h.action as 'create' | 'update' | 'delete',
        at: h.at.toISOString(),
        actorName: h.actor_name,
        oldValue: h.old_value as Record<string, unknown> | null,
        newValue: h.new_value as Record<string, unknown> | null,
        reason: h.reason,
      }));
    },

    async replacePlan(actor: SessionActor, pageId: string, items: { topic: string; hours: number; lessonKind?: string | null }[]) {
      const r = await requireAccess(db, actor, 'page.write', { pageId });
      const bad = items.findIndex((i) => !i.topic.trim());
      if (bad >= 0) throw invalid(`items.${bad}.topic`, `Строка ${bad + 1}: пустая тема`);
      await db.tx((tx) => repo.replacePlan(tx, r.schoolId, pageId, items.map((i) => ({ topic: i.topic.trim(), hours: i.hours, lessonKind: i.lessonKind ?? null }))));
      return getPlan(actor, pageId);
    },
  };
}

export type JournalService = ReturnType<typeof makeJournalService>;
