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
import { isWorkType, workTypeName, workTypeWeight } from '../../domain/work-types';
import type { Deps, SessionActor } from '../../server/context';
import { AppError, invalid, notFound } from '../../server/errors';
import { JsonCache } from '../../server/freshness';
import { isUuid, requireAccess } from '../access/access.service';
import { enqueueEvent, enqueueNotification } from '../notifications/outbox';
import { readPlanFile } from './journal.plan-file';
import { type LessonContext, journalRepository as repo } from './journal.repository';

const fullName = (p: { last_name: string; first_name: string; middle_name: string | null }) =>
  [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');

const schoolIdsOf = (actor: SessionActor) => actor.memberships.map((m) => m.schoolId);
const personIn = (actor: SessionActor, schoolId: string) => membershipIn(actor, schoolId)?.personId ?? null;

/** The 409 of a stale write: nothing changed, and the client gets the value it should have read. */
function stale(current: unknown): AppError {
  return new AppError('conflict.stale', 'Запись уже изменена другим пользователем: обновите значение и повторите', { current });
}

/** A work as its endpoints answer it (its own weight: null while it follows the work type), e.g. in a 409. */
const workView = (w: { id: string; work_type: string; title: string | null; weight: number | null; version: number }) => ({
  id: w.id,
  workType: w.work_type,
  title: w.title,
  weight: w.weight,
  version: w.version,
});

/** «оп» without or with bad minutes is the minutes' fault; anything else is the code's. */
const attendanceField = (code: string) => (code.trim() === 'оп' ? 'minutes' : 'code');

function lessonResource(c: LessonContext): Resource {
  return {
    kind: 'lesson',
    schoolId: c.school_id,
    teacherId: c.teacher_id,
    classTeacherId: c.class_teacher_id,
    substituteId: c.substitute_teacher_id,
  };
}

/** A journal page's answer kept in memory (see getPageJson). */
interface CachedPage {
  at: number;
  schoolId: string;
  classId: string;
  timeZone: string;
  today: string;
  json: Buffer;
}

export function makeJournalService({ db, now, freshness, config }: Deps) {
  const pages = new JsonCache<CachedPage>(config.READ_CACHE_MB * 1024 * 1024);
  /**
   * A transaction whose write touches one class's diaries (a mark, an absence): after its commit, that
   * class is reported changed to the read caches — the diaries of other classes stay cached. Its routes
   * say `changes: 'reported'` (src/server/freshness.ts).
   */
  async function txChangingClass<T>(fn: (tx: Queryable, touch: (schoolId: string, classId: string) => void) => Promise<T>): Promise<T> {
    let touched: [string, string] | undefined;
    const out = await db.tx((tx) =>
      fn(tx, (schoolId, classId) => {
        touched = [schoolId, classId];
      }),
    );
    if (touched) freshness?.classChanged(touched[0], touched[1]);
    return out;
  }

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
    const [items, fact, version] = await Promise.all([
      repo.planItems(db, r.schoolId, pageId),
      repo.planFact(db, r.schoolId, pageId),
      repo.planVersion(db, r.schoolId, pageId),
    ]);
    const given = new Map(fact.map((f) => [f.plan_item_id, f.lessons]));
    return {
      items: items.map((i) => ({
        id: i.id,
        position: i.position,
        topic: i.topic,
        hours: i.hours,
        lessonKind: i.lesson_kind,
        given: given.get(i.id) ?? 0,
      })),
      plannedHours: items.reduce((s, i) => s + i.hours, 0),
      givenHours: fact.reduce((s, f) => s + f.lessons, 0),
      version,
      // [002 §4.4] the plan is the page's teacher's; a substitute and the readers only see it.
      canEdit: can(actor, 'page.write', r),
    };
  }

  const service = {
    getPlan,

    /** Pages the actor keeps or may read: own (teacher), all of own classes (class teacher), all (administration). */
    async listPages(actor: SessionActor, q: { classId?: string; mine?: boolean }) {
      const out = [];
      for (const m of actor.memberships) {
        const wide = ['administrator', 'director', 'deputy'].some((r) => m.roles.has(r as never));
        let rows: Awaited<ReturnType<typeof repo.pages>> = [];
        // Pages of other teachers where the actor substitutes a lesson [001 §5.4.2]: they find them in their list.
        const own = m.roles.has('teacher') ? await repo.pages(db, [m.schoolId], { teacherId: m.personId, classId: q.classId }) : [];
        const substituted = new Set(own.filter((r) => r.teacher_id !== m.personId).map((r) => r.id));
        if (wide && !q.mine) rows = await repo.pages(db, [m.schoolId], { classId: q.classId });
        else if (m.roles.has('teacher')) {
          const led = q.mine
            ? []
            : await repo.pages(db, [m.schoolId], { classIds: await repo.classesLedBy(db, m.schoolId, m.personId), classId: q.classId });
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
            isSubstitution: substituted.has(r.id),
          })),
        );
      }
      return out;
    },

    /**
     * The journal page for a period: lessons as columns, students as rows (alphabetical, with arrival and
     * departure), marks, attendance, each student's weighted average and marks count [DOMAIN §3–5].
     */
    /**
     * The page as JSON (UTF-8), from memory while nothing of its class or school changed since it was read
     * (src/server/freshness.ts) and on the same school day (what may be written depends on the date).
     * Kept per account: what the reader may write is part of the answer. A teacher reopens a page many
     * times between two of their own entries; every entry in the class makes it stale at once.
     */
    async getPageJson(actor: SessionActor, pageId: string, periodId?: string): Promise<Buffer> {
      const key = `${actor.accountId}|${pageId}|${periodId ?? ''}`;
      const hit = pages.get(key);
      if (hit && freshness?.classesFresh(hit.at, hit.schoolId, [hit.classId]) && calendarDateIn(now(), hit.timeZone) === hit.today)
        return hit.json;
      const at = freshness?.mark() ?? 0;
      const { body, timeZone } = await service.buildPage(actor, pageId, periodId);
      const json = Buffer.from(JSON.stringify(body));
      if (freshness?.enabled) {
        pages.set(key, {
          at,
          schoolId: body.page.schoolId,
          classId: body.page.classId,
          timeZone,
          today: calendarDateIn(now(), timeZone),
          json,
        });
      }
      return json;
    },

    /** Refuses (404 / locked) unless the actor may write this lesson now: checked before an upload is read. */
    async checkLessonWrite(actor: SessionActor, lessonId: string): Promise<void> {
      await lessonForWrite(db, actor, lessonId);
    },

    async getPage(actor: SessionActor, pageId: string, periodId?: string) {
      return (await service.buildPage(actor, pageId, periodId)).body;
    },

    /** The page's answer and the school's time zone. */
    async buildPage(actor: SessionActor, pageId: string, periodId?: string) {
      const r = await requireAccess(db, actor, 'page.read', { pageId });
      const h = await repo.pageHeader(db, r.schoolId, pageId);
      if (!h) throw notFound('Страница журнала');
      const settings = resolveSettings(h.settings as Partial<SchoolSettings>);
      const periods = await repo.periods(db, r.schoolId, h.year_id, h.period_scheme);
      const todayDate = today(h.time_zone);
      const period =
        (periodId && periods.find((p) => p.id === periodId)) ||
        findPeriod(
          todayDate,
          periods.map((p) => ({ ...p, startsOn: p.starts_on, endsOn: p.ends_on })),
        ) ||
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
      const writable = can(actor, 'page.write', {
        kind: 'page',
        schoolId: r.schoolId,
        teacherId: h.teacher_id,
        classTeacherId: null,
        substituteIds: [],
      });
      const me = personIn(actor, r.schoolId);
      /**
       * Whether the actor may write this lesson now: the page's teacher, or the substitute of this very lesson
       * [001 §5.4.2], in an open year and period and within the school's edit window [004 admin] — the same
       * checks every write makes, so the grid offers only what the server will take.
       */
      const lessonWritable = (l: { date: string; substitute_teacher_id: string | null }) =>
        h.year_status !== 'closed' &&
        can(actor, 'lesson.write', {
          kind: 'lesson',
          schoolId: r.schoolId,
          teacherId: h.teacher_id,
          classTeacherId: null,
          substituteId: l.substitute_teacher_id,
        }) &&
        isWriteAllowed({
          lessonDate: l.date,
          period: period ? { name: period.name, startsOn: period.starts_on, endsOn: period.ends_on, closedAt: period.closed_at } : null,
          now: now(),
          settings,
          timeZone: h.time_zone,
        }).ok;
      const body = {
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
          isSubstitute: !writable && me !== null && r.kind === 'page' && r.substituteIds.includes(me),
        },
        periods: periods.map((p) => ({ id: p.id, name: p.name, startsOn: p.starts_on, endsOn: p.ends_on, closed: !!p.closed_at })),
        period: period
          ? { id: period.id, name: period.name, startsOn: period.starts_on, endsOn: period.ends_on, closed: !!period.closed_at }
          : null,
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
          canWrite: lessonWritable(l),
          origin: l.origin,
          version: l.version,
          createdAt: l.created_at.toISOString(),
          updatedAt: l.updated_at.toISOString(),
          attendanceTaken: !!l.attendance_taken_at,
          homework: l.hw_id
            ? { text: l.hw_text ?? '', dueDate: l.hw_due ?? l.date, version: l.hw_version ?? 1, files: l.hw_files ?? [] }
            : null,
          // [DOMAIN §4] the work's own weight, else the school's (or the default) for its type — as the averages count it.
          works: (l.works ?? []).map((w) => ({ ...w, weight: w.weight ?? workTypeWeight(w.workType, settings) })),
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
      return { body, timeZone: h.time_zone };
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
        if ((current?.version ?? null) !== input.version)
          throw stale(current ? { text: current.text, dueDate: current.due_date, version: current.version } : null);
        if (input.dueDate < c.date) throw invalid('dueDate', 'Срок выполнения не может быть раньше даты урока');
        const row = await repo.upsertHomework(tx, {
          schoolId: c.school_id,
          lessonId,
          text: input.text.trim(),
          dueDate: input.dueDate,
          actorId: personIn(actor, c.school_id)!,
        });
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
        // The attachments belong to the homework: they go with it (a new homework starts without them).
        const files = await repo.homeworkFiles(tx, c.school_id, lessonId);
        await repo.deleteHomeworkFiles(tx, c.school_id, lessonId);
        await repo.deleteHomework(tx, c.school_id, lessonId);
        await repo.history(tx, c.school_id, {
          page_id: c.page_id,
          entity: 'homework',
          entity_key: lessonId,
          action: 'delete',
          actor_id: personIn(actor, c.school_id),
          old_value: { text: current.text, dueDate: current.due_date, ...(files.length ? { files: files.map((f) => f.name) } : {}) },
          new_value: null,
        });
      });
    },

    /** Removes one attachment of a lesson's homework; the history keeps its name and size [DOMAIN §4]. */
    async detachHomeworkFile(actor: SessionActor, fileId: string) {
      if (!isUuid(fileId)) throw notFound('Файл');
      const f = await repo.fileMeta(db, schoolIdsOf(actor), fileId);
      if (f?.owner_kind !== 'homework' || !f.owner_id) throw notFound('Файл');
      const lessonId = f.owner_id;
      await db.tx(async (tx) => {
        // Who may write the lesson may remove its files; anyone else gets the 404 of a foreign id.
        const { c } = await lessonForWrite(tx, actor, lessonId).catch((e: unknown) => {
          throw e instanceof AppError && e.code === 'not_found' ? notFound('Файл') : e;
        });
        await repo.deleteFile(tx, c.school_id, fileId);
        await repo.history(tx, c.school_id, {
          page_id: c.page_id,
          entity: 'homework',
          entity_key: lessonId,
          action: 'update',
          actor_id: personIn(actor, c.school_id),
          old_value: { attached: f.name, size: f.size },
          new_value: { detached: f.name },
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
      // Whoever reads the page (a substitute of any of its lessons included) reads its files.
      let allowed = await requireAccess(db, actor, 'page.read', { pageId: c.page_id }).then(
        () => true,
        () => false,
      );
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

    /**
     * A work of a lesson (answer, test, control work…): its type sets weight and entry deadline [002 §4.4].
     * It starts at version 1; every later change or removal names the version it read [issue 4].
     */
    async addWork(actor: SessionActor, lessonId: string, input: { workType: string; title?: string | null; weight?: number | null }) {
      return txChangingClass(async (tx, touch) => {
        const { c } = await lessonForWrite(tx, actor, lessonId);
        if (c.grade === 1)
          throw new AppError('journal.grade1_no_marks', 'В 1 классе работы с отметками не создаются: ведутся только темы и посещаемость');
        if (!isWorkType(input.workType)) throw invalid('workType', `Неизвестный тип работы: ${input.workType}`);
        touch(c.school_id, c.class_id);
        const title = input.title?.trim() || null;
        const weight = input.weight ?? null;
        const row = await repo.insertWork(tx, { schoolId: c.school_id, lessonId, workType: input.workType, title, weight });
        await repo.history(tx, c.school_id, {
          page_id: c.page_id,
          entity: 'work',
          entity_key: row.id,
          action: 'create',
          actor_id: personIn(actor, c.school_id),
          old_value: null,
          new_value: { workType: input.workType, title, weight },
        });
        return { id: row.id, workType: input.workType, title, weight, version: row.version };
      });
    },

    /**
     * Changes a work's type, title or weight [002 §4.4]. `version` is what the client read: a stale one
     * answers 409 with the current work and changes nothing [issue 4].
     */
    async updateWork(
      actor: SessionActor,
      workId: string,
      input: { version: number; workType: string; title?: string | null; weight?: number | null },
    ) {
      const w = await repo.workContext(db, schoolIdsOf(actor), workId);
      if (!w) throw notFound('Работа');
      return txChangingClass(async (tx, touch) => {
        const { c } = await lessonForWrite(tx, actor, w.lesson_id);
        if (!isWorkType(input.workType)) throw invalid('workType', `Неизвестный тип работы: ${input.workType}`);
        const before = await repo.work(tx, c.school_id, workId);
        if (!before) throw notFound('Работа');
        if (before.version !== input.version) throw stale(workView(before));
        touch(c.school_id, c.class_id);
        // Omitted title or weight stays as it was; null clears it (the weight then follows the work type).
        const title = input.title === undefined ? before.title : input.title?.trim() || null;
        const weight = input.weight === undefined ? before.weight : input.weight;
        const version = await repo.updateWork(tx, c.school_id, workId, { workType: input.workType, title, weight });
        await repo.history(tx, c.school_id, {
          page_id: c.page_id,
          entity: 'work',
          entity_key: workId,
          action: 'update',
          actor_id: personIn(actor, c.school_id),
          old_value: { workType: before.work_type, title: before.title, weight: before.weight },
          new_value: { workType: input.workType, title, weight },
        });
        return { id: workId, workType: input.workType, title, weight, version };
      });
    },

    /** Removes a work without marks; a stale `version` answers 409 with the current work [issue 4]. */
    async deleteWork(actor: SessionActor, workId: string, version: number) {
      const w = await repo.workContext(db, schoolIdsOf(actor), workId);
      if (!w) throw notFound('Работа');
      await txChangingClass(async (tx, touch) => {
        const { c } = await lessonForWrite(tx, actor, w.lesson_id);
        const before = await repo.work(tx, c.school_id, workId);
        if (!before) throw notFound('Работа');
        if (before.version !== version) throw stale(workView(before));
        if ((await repo.workMarkCount(tx, c.school_id, workId)) > 0) {
          throw new AppError('school.conflict', 'У работы есть отметки: сначала удалите их', { field: 'workId' });
        }
        touch(c.school_id, c.class_id);
        await repo.deleteWork(tx, c.school_id, workId);
        await repo.history(tx, c.school_id, {
          page_id: c.page_id,
          entity: 'work',
          entity_key: workId,
          action: 'delete',
          actor_id: personIn(actor, c.school_id),
          old_value: { workType: before.work_type, title: before.title, weight: before.weight },
          new_value: null,
        });
      });
    },

    /**
     * Sets a mark for a work. `version` is what the client read: null for an empty cell. A stale write
     * answers 409 with the current value and changes nothing [issue 4]. Every change goes to history.
     */
    async saveMark(
      actor: SessionActor,
      input: { workId: string; studentId: string; value: string; comment?: string | null; version: number | null },
    ) {
      // One round trip for the context, the student's place on the page and the next lesson dates.
      const w = isUuid(input.studentId) ? await repo.markContext(db, schoolIdsOf(actor), input.workId, input.studentId) : undefined;
      if (!w || !can(actor, 'lesson.write', lessonResource(w))) throw notFound('Работа');
      const settings = resolveSettings(w.settings as Partial<SchoolSettings>);
      // [001 §5.5], [003 §2.8] grade 1 keeps only topics and attendance.
      if (w.grade === 1) throw new AppError('journal.grade1_no_marks');
      assertWritable(w, settings);
      const parsed = parseMarkValue(input.value, settings, { final: false });
      if (!parsed.ok) throw invalid('value', parsed.message, 'journal.invalid_mark');
      const scale = subjectScaleRefusal(parsed.value, w.subject_pass_fail, w.subject_name, 'current');
      if (scale) throw invalid('value', scale, 'journal.invalid_mark');
      const givenComment = input.comment?.trim() || null;
      if (givenComment && givenComment.length > 500) throw invalid('comment', 'Комментарий не длиннее 500 символов');
      if (!w.student_on_page) {
        throw new AppError('journal.student_not_on_page', undefined, {
          fields: [{ field: 'studentId', message: 'ученик не числится в классе (подгруппе) в дату урока' }],
        });
      }
      const actorId = personIn(actor, w.school_id)!;
      // [003 §3.2] timeliness of the entry against the work type's deadline, for the control reports.
      const deadline = markEntryDeadline(w.work_type as never, w.date, w.later_dates ?? [], settings);
      const r = await repo.saveMarkStatement(db, {
        schoolId: w.school_id,
        workId: input.workId,
        lessonId: w.lesson_id,
        pageId: w.page_id,
        studentId: input.studentId,
        version: input.version,
        value: parsed.value,
        comment: givenComment,
        // [004 teacher] an omitted comment is kept: changing «4» to «5» does not erase what the teacher wrote; null clears it.
        keepComment: input.comment === undefined,
        onTimeNow: isEntryOnTime(now(), deadline, w.time_zone),
        actorId,
        // [000 §2.4] what the family is told when the value changed (outbox, same statement as the mark).
        payload: { subjectName: w.subject_name, value: parsed.value, workType: workTypeName(w.work_type), date: w.date },
      });
      if (!r.ok || !r.id || r.version === null) {
        const current = r.ok
          ? await repo.markByCell(db, w.school_id, input.workId, input.studentId)
          : r.cur_id
            ? { id: r.cur_id, value: r.cur_value ?? '', comment: r.cur_comment, version: r.cur_version ?? 0 }
            : undefined;
        throw stale(current ? { id: current.id, value: current.value, comment: current.comment, version: current.version } : null);
      }
      freshness?.classChanged(w.school_id, w.class_id);
      return {
        id: r.id,
        workId: input.workId,
        lessonId: w.lesson_id,
        studentId: input.studentId,
        value: parsed.value,
        comment: r.comment,
        version: r.version,
        onTime: r.on_time,
      };
    },

    async deleteMark(actor: SessionActor, markId: string, version: number) {
      const m = await repo.markById(db, schoolIdsOf(actor), markId);
      if (!m) throw notFound('Отметка');
      await txChangingClass(async (tx, touch) => {
        const { c } = await lessonForWrite(tx, actor, m.lesson_id);
        touch(c.school_id, c.class_id);
        const current = await repo.markByCell(tx, c.school_id, m.work_id, m.student_id);
        if (!current) throw notFound('Отметка');
        if (current.version !== version)
          throw stale({ id: current.id, value: current.value, comment: current.comment, version: current.version });
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
    async saveAttendance(
      actor: SessionActor,
      input: { lessonId: string; studentId: string; code: string | null; minutes?: number | null; version: number | null },
    ) {
      return txChangingClass(async (tx, touch) => {
        const { c } = await lessonForWrite(tx, actor, input.lessonId);
        touch(c.school_id, c.class_id);
        let code: string | null = null;
        let minutes: number | null = null;
        if (input.code) {
          const parsed = parseAttendance(input.code, input.minutes ?? undefined);
          if (!parsed.ok) throw invalid(attendanceField(input.code), parsed.message, 'journal.invalid_attendance');
          code = parsed.value.code;
          minutes = parsed.value.minutes;
        }
        if (!(await repo.studentOnPage(tx, c.school_id, c.class_id, c.subgroup_id, input.studentId, c.date))) {
          throw new AppError('journal.student_not_on_page', undefined, {
            fields: [{ field: 'studentId', message: 'ученик не числится в классе (подгруппе) в дату урока' }],
          });
        }
        const current = await repo.attendanceCell(tx, c.school_id, input.lessonId, input.studentId);
        if ((current?.version ?? null) !== input.version)
          throw stale(current ? { code: current.code, minutes: current.minutes, version: current.version } : null);
        const actorId = personIn(actor, c.school_id)!;
        let version: number | null = null;
        if (code) {
          version = (
            await repo.upsertAttendance(tx, {
              schoolId: c.school_id,
              lessonId: input.lessonId,
              studentId: input.studentId,
              pageId: c.page_id,
              code,
              minutes,
              onTime: today('Europe/Moscow') <= c.date,
              actorId,
            })
          ).version;
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
      return txChangingClass(async (tx, touch) => {
        const { c } = await lessonForWrite(tx, actor, lessonId);
        touch(c.school_id, c.class_id);
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
        lessons: lessons.map((l) => ({
          id: l.id,
          date: l.date,
          number: l.number,
          subjectName: l.subject_name,
          subgroupName: l.subgroup_name,
        })),
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
    async correctAttendance(
      actor: SessionActor,
      input: { lessonId: string; studentId: string; code: string; minutes?: number | null; version: number | null; reason?: string },
    ) {
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
        const row = await repo.correctAttendance(tx, {
          schoolId: c.school_id,
          lessonId: input.lessonId,
          studentId: input.studentId,
          pageId: c.page_id,
          code,
          minutes,
          actorId,
        });
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
    async history(
      actor: SessionActor,
      q: { entity: 'mark' | 'attendance' | 'topic' | 'homework' | 'work' | 'plan'; key: string; pageId: string },
    ) {
      const r = await requireAccess(db, actor, 'page.read', { pageId: q.pageId });
      // Only this page's history: a key of another page's cell answers nothing, however it was learnt.
      const rows = await repo.cellHistory(db, r.schoolId, q.entity, q.key, q.pageId);
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

    /**
     * [002 §4.4] the teacher's thematic plan, saved whole in the order given. Rows with an `id` edit that item in
     * place (its lessons stay linked); rows without one are new; items left out are removed. With `version` (what
     * the client read) a stale save answers 409 with the current plan; every save goes to history.
     */
    async replacePlan(
      actor: SessionActor,
      pageId: string,
      items: { id?: string | null; topic: string; hours: number; lessonKind?: string | null }[],
      version?: number,
    ) {
      const r = await requireAccess(db, actor, 'page.write', { pageId });
      const bad = items.findIndex((i) => !i.topic.trim());
      if (bad >= 0) throw invalid(`items.${bad}.topic`, `Строка ${bad + 1}: пустая тема`);
      const clean = items.map((i) => ({
        id: i.id ?? null,
        topic: i.topic.trim(),
        hours: i.hours,
        lessonKind: i.lessonKind?.trim() || null,
      }));
      await db.tx(async (tx) => {
        await repo.lockPage(tx, r.schoolId, pageId);
        const before = await repo.planItems(tx, r.schoolId, pageId);
        const current = await repo.planVersion(tx, r.schoolId, pageId);
        if (version !== undefined && version !== current) {
          throw stale({
            version: current,
            items: before.map((i) => ({ id: i.id, topic: i.topic, hours: i.hours, lessonKind: i.lesson_kind })),
          });
        }
        const known = new Set(before.map((i) => i.id));
        const seen = new Set<string>();
        clean.forEach((i, n) => {
          if (!i.id) return;
          if (!known.has(i.id) || seen.has(i.id)) throw invalid(`items.${n}.id`, `Строка ${n + 1}: пункт плана не найден на этой странице`);
          seen.add(i.id);
        });
        await repo.replacePlan(tx, r.schoolId, pageId, clean);
        const view = (list: { topic: string; hours: number; lessonKind: string | null }[]) =>
          list.map((i) => ({ topic: i.topic, hours: i.hours, lessonKind: i.lessonKind }));
        await repo.history(tx, r.schoolId, {
          page_id: pageId,
          entity: 'plan',
          entity_key: pageId,
          action: before.length === 0 ? 'create' : clean.length === 0 ? 'delete' : 'update',
          actor_id: personIn(actor, r.schoolId),
          old_value: before.length
            ? { items: view(before.map((i) => ({ topic: i.topic, hours: i.hours, lessonKind: i.lesson_kind }))) }
            : null,
          new_value: clean.length ? { items: view(clean) } : null,
        });
      });
      return getPlan(actor, pageId);
    },

    /**
     * Reads a КТП file (CSV or XLSX) into plan rows for the editor; nothing is saved until the teacher saves the
     * plan. A bad file is refused whole with the row at fault named [002 §4.4].
     */
    async importPlanFile(actor: SessionActor, pageId: string, file: { name: string; content: Buffer }) {
      await requireAccess(db, actor, 'page.write', { pageId });
      const { format, items } = await readPlanFile(file.content);
      return { fileName: file.name, format, items, plannedHours: items.reduce((s, i) => s + i.hours, 0) };
    },
  };
  return service;
}

export type JournalService = ReturnType<typeof makeJournalService>;
