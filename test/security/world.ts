// biome-ignore-all lint/correctness/noComponentHookFactories: the relations A and B are object keys, not React components
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generateSync } from 'otplib';
import type { Db } from '../../src/db/client';
import { hashPassword } from '../../src/modules/auth/passwords';
import {
  enroll,
  linkParent,
  makeAccessWorld,
  makeClass,
  makeLesson,
  makePage,
  makePerson,
  makeSubgroup,
  makeSubject,
} from '../fixtures/factories';
import { type Client, signIn } from '../helpers/test-app';
import type { ParamKind, RoleName } from './access-matrix';

type SignedRole = Exclude<RoleName, 'anon'>;
/** Roles that are a person of school A (the methodologist is an account with no person in any school). */
type PersonRole = Exclude<SignedRole, 'methodologist'>;

/**
 * One object of the world: its id, its school, and values its request needs (a version, a second id…).
 * `client` replaces the role's shared session for this request (a session of its own, or null: none);
 * `before`/`after` set up and undo a state the request needs (a school without a current year, a TOTP
 * secret being enrolled, a password to put back) — their own writes are not counted as the request's.
 */
export interface Obj {
  id: string;
  school: 'A' | 'B';
  vars?: Record<string, unknown>;
  client?: { cookie: string; csrf: string } | null;
  before?: () => Promise<void>;
  after?: () => Promise<void>;
}

/**
 * How a relation is filled: the same object for every role (a fixed object of the world), an object that
 * depends on the role (the role's own thread, own person), or — for the `new…` kinds — a new object made
 * on demand, so that a write that really succeeds (a deletion, a block, a closed period) never changes what
 * the next role or the next row sees. A provider that takes no argument gives the same kind of object to
 * every role (the suite reuses one until a request succeeds); one that takes the role makes the role's own.
 */
export type Provider = (role: RoleName) => Obj | undefined | Promise<Obj | undefined>;

let counter = 0;
const next = () => ++counter;
let lessons = 0;
const inA = (
  id: string,
  vars?: Obj['vars'],
  client?: Obj['client'],
  before?: () => Promise<unknown>,
  after?: () => Promise<unknown>,
): Obj => ({
  id,
  school: 'A',
  vars,
  ...(client !== undefined ? { client } : {}),
  ...(before ? { before: async () => void (await before()) } : {}),
  ...(after ? { after: async () => void (await after()) } : {}),
});
const inB = (id: string, vars?: Obj['vars']): Obj => ({ id, school: 'B', vars });
const dayShift = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);

async function one(db: Db, sql: string, params: unknown[]): Promise<string> {
  const [r] = await db.query<{ id: string }>(sql, params);
  return r.id;
}

/** A conversation with its participants, one message (with an attachment) from `from`. */
async function makeThread(db: Db, schoolId: string, people: string[], from: string) {
  const threadId = await one(db, 'INSERT INTO message_threads (school_id, subject, created_by) VALUES ($1, $2, $3) RETURNING id', [
    schoolId,
    'Вопрос по учёбе',
    from,
  ]);
  for (const p of people) {
    await db.query('INSERT INTO message_participants (school_id, thread_id, person_id) VALUES ($1, $2, $3)', [schoolId, threadId, p]);
  }
  const messageId = await one(db, 'INSERT INTO messages (school_id, thread_id, sender_id, body) VALUES ($1, $2, $3, $4) RETURNING id', [
    schoolId,
    threadId,
    from,
    'Здравствуйте',
  ]);
  const fileId = await makeFile(db, schoolId, 'message', messageId, from);
  return { threadId, messageId, fileId };
}

async function makeFile(db: Db, schoolId: string, ownerKind: string, ownerId: string | null, uploadedBy: string) {
  return one(
    db,
    `INSERT INTO files (school_id, owner_kind, owner_id, name, content_type, size, sha256, content, uploaded_by)
     VALUES ($1, $2, $3, 'документ.txt', 'text/plain', 2, 'x', $4, $5) RETURNING id`,
    [schoolId, ownerKind, ownerId, Buffer.from('ok'), uploadedBy],
  );
}

async function makePost(db: Db, schoolId: string, authorId: string, audience: 'school' | 'class' | 'staff', classId: string | null) {
  return one(
    db,
    `INSERT INTO news_posts (school_id, kind, audience, class_id, title, body, author_id)
     VALUES ($1, 'announcement', $2, $3, 'Собрание', 'Родительское собрание в пятницу', $4) RETURNING id`,
    [schoolId, audience, classId, authorId],
  );
}

async function yearFolder(db: Db, schoolId: string, yearId: string) {
  await db.query(
    `INSERT INTO file_folders (school_id, year_id, parent_id, name, access) VALUES ($1, $2, NULL, 'Учебный год', 'everyone')
     ON CONFLICT (school_id, year_id) WHERE parent_id IS NULL DO NOTHING`,
    [schoolId, yearId],
  );
  return one(db, 'SELECT id FROM file_folders WHERE school_id = $1 AND year_id = $2 AND parent_id IS NULL', [schoolId, yearId]);
}

async function makeFolder(db: Db, schoolId: string, yearId: string, parentId: string, access: 'staff' | 'everyone', createdBy: string) {
  return one(
    db,
    `INSERT INTO file_folders (school_id, year_id, parent_id, name, access, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [schoolId, yearId, parentId, `Папка ${next()}`, access, createdBy],
  );
}

/** A calendar feed and its secret file name (the token carries its school before the secret). */
async function makeFeed(db: Db, schoolId: string, studentId: string, createdBy: string, revoked = false) {
  const token = `${schoolId.replace(/-/g, '')}${randomBytes(32).toString('base64url')}`;
  const id = await one(
    db,
    `INSERT INTO calendar_feeds (school_id, student_id, created_by, token_hash, revoked_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [schoolId, studentId, createdBy, createHash('sha256').update(token).digest('hex'), revoked ? new Date() : null],
  );
  return { id, file: `${token}.ics` };
}

async function makeNotification(db: Db, schoolId: string, personId: string) {
  return one(
    db,
    `INSERT INTO notifications (school_id, person_id, kind, title, body) VALUES ($1, $2, 'message', 'Новое сообщение', 'Текст') RETURNING id`,
    [schoolId, personId],
  );
}

/** An account with no person (what a regional methodologist is). */
async function makeAccount(db: Db, login: string, password: string) {
  const accountId = await one(db, 'INSERT INTO accounts (login, password_hash, must_change_password) VALUES ($1, $2, false) RETURNING id', [
    login,
    await hashPassword(password),
  ]);
  return { id: undefined, accountId, login, password };
}

/**
 * The world of the access-control matrix: makeAccessWorld (two schools, every role, journal objects of
 * every relation) plus the objects of communication that the matrix needs in BOTH schools — conversations,
 * messages, attachments, news of every audience, files-section folders and files, calendar feeds,
 * notifications — so that «another school's thread/news/folder/feed» is a real object, not a random id.
 */
export async function makeMatrixWorld(db: Db) {
  const w = await makeAccessWorld(db);
  const A = w.a.schoolId;
  const B = w.b.schoolId;
  const persons: Record<PersonRole, { id: string; login: string; password: string; accountId: string | null }> = {
    student: w.a.student,
    parent1: w.a.parent,
    parent2: w.parent2,
    subjectTeacher: w.a.teacher,
    classTeacher: w.a.classTeacher,
    substitute: w.substitute,
    deputy: w.a.deputy,
    director: w.a.director,
    admin: w.a.admin,
    blocked: w.blocked,
  };
  // Conversations: each role's own one with a teacher of school A; one in A between people none of the
  // roles is (a family of 6Б and its class teacher); one in school B.
  const ownThreads = {} as Record<PersonRole, Awaited<ReturnType<typeof makeThread>> & { draftId: string }>;
  for (const [role, p] of Object.entries(persons) as [PersonRole, { id: string }][]) {
    const t = await makeThread(db, A, [p.id, w.a.otherTeacher.id], w.a.otherTeacher.id);
    ownThreads[role] = { ...t, draftId: await makeFile(db, A, 'message_draft', null, p.id) };
  }
  const otherThread = await makeThread(db, A, [w.a.otherParent.id, w.a.otherTeacher.id], w.a.otherParent.id);
  const threadB = await makeThread(db, B, [w.b.parent.id, w.b.teacher.id], w.b.parent.id);
  const otherDraft = await makeFile(db, A, 'message_draft', null, w.a.otherParent.id);

  // News of every audience: the school, 5А (by its class teacher), 6Б, the staff room; school B.
  const news = {
    school: await makePost(db, A, w.a.admin.id, 'school', null),
    class5: await makePost(db, A, w.a.classTeacher.id, 'class', w.a.classId),
    class6: await makePost(db, A, w.a.otherTeacher.id, 'class', w.a.otherClassId),
    staff: await makePost(db, A, w.a.deputy.id, 'staff', null),
    B: await makePost(db, B, w.b.admin.id, 'school', null),
  };

  // The files section: an open folder the subject teacher made, a staff-only folder of another teacher, one in B.
  const rootA = await yearFolder(db, A, w.a.year.id);
  const rootB = await yearFolder(db, B, w.b.year.id);
  const folders = {
    open: await makeFolder(db, A, w.a.year.id, rootA, 'everyone', w.a.teacher.id),
    staff: await makeFolder(db, A, w.a.year.id, rootA, 'staff', w.a.otherTeacher.id),
    B: await makeFolder(db, B, w.b.year.id, rootB, 'everyone', w.b.teacher.id),
  };
  const schoolFiles = {
    open: await makeFile(db, A, 'school_folder', folders.open, w.a.teacher.id),
    staff: await makeFile(db, A, 'school_folder', folders.staff, w.a.otherTeacher.id),
    B: await makeFile(db, B, 'school_folder', folders.B, w.b.teacher.id),
  };

  // Calendar feeds: a live one of parent1 (child), a revoked one, a live one in school B.
  const feeds = {
    live: await makeFeed(db, A, w.a.student.id, w.a.parent.id),
    revoked: await makeFeed(db, A, w.a.student.id, w.a.parent.id, true),
    B: await makeFeed(db, B, w.b.student.id, w.b.parent.id),
  };

  const ownNotifications = {} as Record<PersonRole, string>;
  for (const [role, p] of Object.entries(persons) as [PersonRole, { id: string }][])
    ownNotifications[role] = await makeNotification(db, A, p.id);
  const notifications = { other: await makeNotification(db, A, w.a.otherParent.id), B: await makeNotification(db, B, w.b.parent.id) };

  // A subject no class has a load of yet (POST /api/loads adds one).
  const physics = { A: await makeSubject(db, A, 'Физика'), B: await makeSubject(db, B, 'Физика') };

  // [DOMAIN §1] a regional methodologist: an account with no person in any school, watching school A only
  // (region_memberships): aggregated reports of A, never B, and nothing personal anywhere.
  const methodologist = await makeAccount(db, `metod${next()}`, 'correct horse battery');
  await db.query('INSERT INTO region_memberships (school_id, account_id) VALUES ($1, $2)', [A, methodologist.accountId]);
  // An account that only POST /api/auth/login signs in to (a success changes no role's session).
  const loginOnly = await makePerson(db, A, { roles: ['teacher'] });

  return {
    ...w,
    physics,
    methodologist,
    loginOnly,
    persons,
    ownThreads,
    otherThread,
    otherDraft,
    threadB,
    news,
    roots: { A: rootA, B: rootB },
    folders,
    schoolFiles,
    feeds,
    ownNotifications,
    notifications,
  };
}

export type World = Awaited<ReturnType<typeof makeMatrixWorld>>;

/** Fresh objects, made per request where a successful write would change the world for the next request. */
function factories(db: Db, w: World) {
  const A = w.a.schoolId;
  const B = w.b.schoolId;
  const sid = (s: 'A' | 'B') => (s === 'A' ? A : B);
  const pages = { sub: w.a.pageId, A5: w.a.pageId, A6: w.a.otherPageId, B: w.b.pageId } as const;
  const pupils = { sub: w.a.student.id, A5: w.a.student.id, A6: w.a.otherStudent.id, B: w.b.student.id } as const;
  type LessonRel = keyof typeof pages;
  /** A teacher of the lesson's school who may replace it. */
  const substituteFor = { sub: w.substitute.id, A5: w.substitute.id, A6: w.substitute.id, B: w.b.otherTeacher.id } as const;
  const schoolOfRel = (rel: string): 'A' | 'B' => (rel === 'B' ? 'B' : 'A');

  /** A lesson of the page at a date and number not used yet (dates go back from today, seven numbers a day). */
  async function lesson(rel: LessonRel) {
    const k = ++lessons;
    // numbers 4…10: the world's lessons use 1…3, timetable rows 11, extra lessons 12, moved lessons 0
    const date = dayShift(today(), -Math.floor(k / 7));
    const id = await makeLesson(db, sid(schoolOfRel(rel)), pages[rel], date, 4 + (k % 7), {
      topic: 'Повторение',
      substituteId: rel === 'sub' ? w.substitute.id : undefined,
    });
    return { id, date };
  }
  const teacherOfPage = { sub: w.a.teacher.id, A5: w.a.teacher.id, A6: w.a.otherTeacher.id, B: w.b.teacher.id } as const;
  async function homework(rel: LessonRel, lessonId: string, date: string) {
    await db.query('INSERT INTO homework (school_id, lesson_id, text, due_date, created_by) VALUES ($1, $2, $3, $4, $5)', [
      sid(schoolOfRel(rel)),
      lessonId,
      '§ 4',
      dayShift(date, 7),
      teacherOfPage[rel],
    ]);
  }
  async function work(rel: LessonRel) {
    const l = await lesson(rel);
    const workId = await one(
      db,
      "INSERT INTO works (school_id, lesson_id, work_type, title) VALUES ($1, $2, 'answer', 'Ответ') RETURNING id",
      [sid(schoolOfRel(rel)), l.id],
    );
    return { lessonId: l.id, workId, date: l.date };
  }
  /** A year of its own, far from the world's (dates never overlap), with one period (open or closed). */
  async function year(s: 'A' | 'B', closedPeriod = false) {
    const y = 2100 + next() * 2;
    const yearId = await one(
      db,
      "INSERT INTO academic_years (school_id, name, starts_on, ends_on, status) VALUES ($1, $2, $3, $4, 'draft') RETURNING id",
      [sid(s), `${y}/${y + 1}`, `${y}-09-01`, `${y + 1}-06-30`],
    );
    const periodId = await one(
      db,
      `INSERT INTO periods (school_id, year_id, scheme, number, name, starts_on, ends_on, closed_at)
       VALUES ($1, $2, 'quarter', 1, '1 четверть', $3, $4, $5) RETURNING id`,
      [sid(s), yearId, `${y}-09-01`, `${y + 1}-06-30`, closedPeriod ? new Date() : null],
    );
    return {
      yearId,
      periodId,
      vars: {
        subject: s === 'A' ? w.a.math : w.b.math,
        start: `${y}-09-01`,
        end: `${y + 1}-06-30`,
        next: `${y + 1}/${y + 2}`,
        nextStart: `${y + 1}-09-01`,
        nextEnd: `${y + 2}-06-30`,
        holiday: `${y}-12-30`,
      },
    };
  }
  const classes = { A5: w.a.classId, A6: w.a.otherClassId, B: w.b.classId } as const;
  const classTeacherOf = { A5: w.a.classTeacher.id, A6: w.a.otherTeacher.id, B: w.b.classTeacher.id } as const;
  const teacherOf = { A5: w.a.teacher.id, A6: w.a.otherTeacher.id, B: w.b.teacher.id } as const;
  type ClassRel = keyof typeof classes;
  /** A teacher who is none of the signed-in roles: making them a class teacher changes no role's rights. */
  const newClassTeacher = { A: w.a.otherTeacher.id, B: w.b.otherTeacher.id } as const;

  const f: Partial<Record<ParamKind, Record<string, Provider>>> = {
    newLesson: Object.fromEntries(
      (['sub', 'A5', 'A6', 'B'] as const).map((rel) => [
        rel,
        async () => {
          const l = await lesson(rel);
          return {
            id: l.id,
            school: schoolOfRel(rel),
            vars: { student: pupils[rel], date: l.date, due: dayShift(l.date, 7), substitute: substituteFor[rel] },
          };
        },
      ]),
    ),
    newWork: Object.fromEntries(
      (['sub', 'A5', 'A6', 'B'] as const).map((rel) => [
        rel,
        async () => {
          const x = await work(rel);
          return { id: x.workId, school: schoolOfRel(rel), vars: { student: pupils[rel], lesson: x.lessonId } };
        },
      ]),
    ),
    newMark: Object.fromEntries(
      (['sub', 'A5', 'A6', 'B'] as const).map((rel) => [
        rel,
        async () => {
          const x = await work(rel);
          const markId = await one(
            db,
            "INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value) VALUES ($1, $2, $3, $4, $5, '4') RETURNING id",
            [sid(schoolOfRel(rel)), x.workId, x.lessonId, pages[rel], pupils[rel]],
          );
          return { id: markId, school: schoolOfRel(rel) };
        },
      ]),
    ),
    newHomework: Object.fromEntries(
      (['sub', 'A5', 'A6', 'B'] as const).map((rel) => [
        rel,
        async () => {
          const l = await lesson(rel);
          await homework(rel, l.id, l.date);
          return { id: l.id, school: schoolOfRel(rel) };
        },
      ]),
    ),
    newFile: Object.fromEntries(
      (['sub', 'A5', 'A6', 'B'] as const).map((rel) => [
        rel,
        async () => {
          const l = await lesson(rel);
          await homework(rel, l.id, l.date);
          return { id: await makeFile(db, sid(schoolOfRel(rel)), 'homework', l.id, teacherOfPage[rel]), school: schoolOfRel(rel) };
        },
      ]),
    ),
    newYear: {
      A: async () => {
        const y = await year('A');
        return { id: y.yearId, school: 'A', vars: y.vars };
      },
      B: async () => {
        const y = await year('B');
        return { id: y.yearId, school: 'B', vars: y.vars };
      },
    },
    newPeriod: {
      A: async () => ({ id: (await year('A')).periodId, school: 'A' }),
      B: async () => ({ id: (await year('B')).periodId, school: 'B' }),
    },
    closedPeriod: {
      A: async () => ({ id: (await year('A', true)).periodId, school: 'A' }),
      B: async () => ({ id: (await year('B', true)).periodId, school: 'B' }),
    },
    newHoliday: Object.fromEntries(
      (['A', 'B'] as const).map((s) => [
        s,
        async () => {
          const yearId = s === 'A' ? w.a.year.id : w.b.year.id;
          const startYear = s === 'A' ? w.a.year.startYear : w.b.year.startYear;
          const d = `${startYear + 1}-05-${String(1 + (next() % 28)).padStart(2, '0')}`;
          const id = await one(
            db,
            "INSERT INTO holidays (school_id, year_id, name, starts_on, ends_on) VALUES ($1, $2, 'День', $3, $3) RETURNING id",
            [sid(s), yearId, d],
          );
          return { id, school: s };
        },
      ]),
    ),
    newClass: Object.fromEntries(
      (['A5', 'A6', 'B'] as const).map((rel: ClassRel) => [
        rel,
        async () => {
          const s = schoolOfRel(rel);
          const yearId = s === 'A' ? w.a.year.id : w.b.year.id;
          const id = await makeClass(db, sid(s), yearId, { grade: 7, letter: `К${next()}`, classTeacherId: classTeacherOf[rel] });
          return { id, school: s, vars: { teacher: newClassTeacher[s] } };
        },
      ]),
    ),
    newSubject: Object.fromEntries(
      (['A', 'B'] as const).map((s) => [s, async () => ({ id: await makeSubject(db, sid(s), `Предмет ${next()}`), school: s })]),
    ),
    newSubgroup: Object.fromEntries(
      (['A5', 'A6', 'B'] as const).map((rel: ClassRel) => [
        rel,
        async () => ({ id: await makeSubgroup(db, sid(schoolOfRel(rel)), classes[rel], `Группа ${next()}`), school: schoolOfRel(rel) }),
      ]),
    ),
    newLoad: Object.fromEntries(
      (['A5', 'A6', 'B'] as const).map((rel: ClassRel) => [
        rel,
        async () => {
          const s = schoolOfRel(rel);
          const subject = await makeSubject(db, sid(s), `Предмет ${next()}`);
          const yearId = s === 'A' ? w.a.year.id : w.b.year.id;
          return { id: await makePage(db, sid(s), yearId, classes[rel], subject, teacherOf[rel]), school: s };
        },
      ]),
    ),
    // Students the movement endpoints move out: a classmate of 5А, a 6Б student of parent2, parent2's child in B.
    newStudent: {
      classmate: async () => {
        const p = await makePerson(db, A, { roles: ['student'], login: null });
        await enroll(db, A, p.id, w.a.classId, `${w.a.year.startYear}-09-01`);
        return inA(p.id);
      },
      sibling: async () => {
        const p = await makePerson(db, A, { roles: ['student'], login: null });
        await enroll(db, A, p.id, w.a.otherClassId, `${w.a.year.startYear}-09-01`);
        await linkParent(db, A, w.parent2.id, p.id);
        return inA(p.id);
      },
      childB: async () => {
        const p = await makePerson(db, B, { roles: ['student'], login: null });
        await enroll(db, B, p.id, w.b.classId, `${w.b.year.startYear}-09-01`);
        await linkParent(db, B, w.parent2InB, p.id);
        return inB(p.id);
      },
    },
    // Accounts that reset/block act on: a 5А student, a teacher of A, a student of B.
    newAccount: {
      student: async () => {
        const p = await makePerson(db, A, { roles: ['student'] });
        await enroll(db, A, p.id, w.a.classId, `${w.a.year.startYear}-09-01`);
        return inA(p.id);
      },
      staff: async () => inA((await makePerson(db, A, { roles: ['teacher'] })).id),
      B: async () => {
        const p = await makePerson(db, B, { roles: ['student'] });
        await enroll(db, B, p.id, w.b.classId, `${w.b.year.startYear}-09-01`);
        return inB(p.id);
      },
    },
    // People without a login yet, for issuing credentials: a 5А student, a teacher of A, a student of B.
    newPerson: {
      student: async () => {
        const p = await makePerson(db, A, { roles: ['student'], login: null });
        await enroll(db, A, p.id, w.a.classId, `${w.a.year.startYear}-09-01`);
        return inA(p.id);
      },
      staff: async () => inA((await makePerson(db, A, { roles: ['teacher'], login: null })).id),
      B: async () => {
        const p = await makePerson(db, B, { roles: ['student'], login: null });
        await enroll(db, B, p.id, w.b.classId, `${w.b.year.startYear}-09-01`);
        return inB(p.id);
      },
    },
    // A parent of the school not linked yet, to link to the child (5А), the sibling (6Б), parent2's child in B.
    newParent: Object.fromEntries(
      (
        [
          ['child', 'A', w.a.student.id],
          ['sibling', 'A', w.a.otherStudent.id],
          ['childB', 'B', w.b.student.id],
        ] as const
      ).map(([rel, s, studentId]) => [
        rel,
        async () => ({ id: studentId, school: s, vars: { parent: (await makePerson(db, sid(s), { roles: ['parent'], login: null })).id } }),
      ]),
    ),
    // A parent link to undo: a new parent of the child (5А), of the sibling (6Б), of parent2's child in B.
    newParentLink: Object.fromEntries(
      (
        [
          ['child', 'A', w.a.student.id],
          ['sibling', 'A', w.a.otherStudent.id],
          ['childB', 'B', w.b.student.id],
        ] as const
      ).map(([rel, s, studentId]) => [
        rel,
        async () => {
          const p = await makePerson(db, sid(s), { roles: ['parent'], login: null });
          await linkParent(db, sid(s), p.id, studentId);
          return { id: studentId, school: s, vars: { parentId: p.id } };
        },
      ]),
    ),
    newPost: {
      school: async () => inA(await makePost(db, A, w.a.admin.id, 'school', null), { audience: 'school', classId: null }),
      class5: async () =>
        inA(await makePost(db, A, w.a.classTeacher.id, 'class', w.a.classId), { audience: 'class', classId: w.a.classId }),
      class6: async () =>
        inA(await makePost(db, A, w.a.otherTeacher.id, 'class', w.a.otherClassId), { audience: 'class', classId: w.a.otherClassId }),
      staff: async () => inA(await makePost(db, A, w.a.deputy.id, 'staff', null), { audience: 'staff', classId: null }),
      B: async () => inB(await makePost(db, B, w.b.admin.id, 'school', null), { audience: 'school', classId: null }),
    },
    newFolder: {
      open: async () => inA(await makeFolder(db, A, w.a.year.id, w.roots.A, 'everyone', w.a.teacher.id)),
      staff: async () => inA(await makeFolder(db, A, w.a.year.id, w.roots.A, 'staff', w.a.otherTeacher.id)),
      B: async () => inB(await makeFolder(db, B, w.b.year.id, w.roots.B, 'everyone', w.b.teacher.id)),
    },
    newSchoolFile: {
      open: async () => inA(await makeFile(db, A, 'school_folder', w.folders.open, w.a.teacher.id)),
      staff: async () => inA(await makeFile(db, A, 'school_folder', w.folders.staff, w.a.otherTeacher.id)),
      B: async () => inB(await makeFile(db, B, 'school_folder', w.folders.B, w.b.teacher.id)),
    },
    newFeed: {
      self: async (role) => {
        const p = role !== 'anon' && role !== 'methodologist' ? w.persons[role] : undefined;
        return p ? inA((await makeFeed(db, A, w.a.student.id, p.id)).id) : undefined;
      },
      other: async () => inA((await makeFeed(db, A, w.a.classmate.id, w.a.otherParent.id)).id),
      B: async () => inB((await makeFeed(db, B, w.b.student.id, w.b.parent.id)).id),
    },
    newReport: {
      A: async () => inA(await reportOn(w.otherThread.messageId, 'A')),
      B: async () => inB(await reportOn(w.threadB.messageId, 'B')),
    },
    // Sessions: a second one of the role's own account, one of another account of A, one in school B.
    newSession: {
      self: async (role) => {
        const accountId = accountOf(w, role);
        return accountId ? inA(await session(accountId)) : undefined;
      },
      other: async () => inA(await session(w.a.otherTeacher.accountId as string)),
      B: async () => inB(await session(w.b.teacher.accountId as string)),
    },
    // [002 §4.6] activating a year: the school has no current year while the request runs (a new school).
    draftYear: Object.fromEntries(
      (['A', 'B'] as const).map((s) => [
        s,
        async () => {
          const y = await year(s);
          const current = s === 'A' ? w.a.year.id : w.b.year.id;
          return {
            id: y.yearId,
            school: s,
            before: () => setStatus(s, [[current, 'draft']]),
            after: () =>
              setStatus(s, [
                [y.yearId, 'draft'],
                [current, 'current'],
              ]),
          };
        },
      ]),
    ),
    // [002 §4.6] the year-end transfer from a current year of its own (no classes: nothing else moves);
    // the world's year is current again afterwards and the year the transfer opened is set aside.
    currentYear: Object.fromEntries(
      (['A', 'B'] as const).map((s) => [
        s,
        async () => {
          const y = await year(s);
          const current = s === 'A' ? w.a.year.id : w.b.year.id;
          return {
            id: y.yearId,
            school: s,
            vars: y.vars,
            before: () =>
              setStatus(s, [
                [current, 'draft'],
                [y.yearId, 'current'],
              ]),
            after: async () => {
              await db.query("UPDATE academic_years SET status = 'closed' WHERE school_id = $1 AND status = 'current' AND id <> $2", [
                sid(s),
                current,
              ]);
              await setStatus(s, [[current, 'current']]);
            },
          };
        },
      ]),
    ),
    // [004 admin] rights: the actor asks for the administrator role for themself (an escalation: only the
    // administrator, who has it, is answered — and nothing changes); a new student of 5А made also a parent,
    // a new teacher of A made also a deputy, a new teacher of B.
    newRoles: {
      self: async (role) => {
        const p = role !== 'anon' && role !== 'methodologist' ? w.persons[role] : undefined;
        return inA(p?.id ?? randomUUID(), { roles: [...new Set([...ROLES_OF[role], 'administrator'])] });
      },
      student: async () => {
        const p = await makePerson(db, A, { roles: ['student'], login: null });
        await enroll(db, A, p.id, w.a.classId, `${w.a.year.startYear}-09-01`);
        return inA(p.id, { roles: ['student', 'parent'] });
      },
      staff: async () => inA((await makePerson(db, A, { roles: ['teacher'], login: null })).id, { roles: ['teacher', 'deputy'] }),
      B: async () => inB((await makePerson(db, B, { roles: ['teacher'], login: null })).id, { roles: ['teacher', 'deputy'] }),
    },
  };

  async function setStatus(s: 'A' | 'B', changes: [string, string][]) {
    for (const [id, status] of changes)
      await db.query('UPDATE academic_years SET status = $3 WHERE school_id = $1 AND id = $2', [sid(s), id, status]);
  }

  /** A complaint about a message (by another participant), unresolved. */
  async function reportOn(messageId: string, s: 'A' | 'B') {
    const reporter = s === 'A' ? w.a.otherTeacher.id : w.b.teacher.id;
    return one(
      db,
      `INSERT INTO message_reports (school_id, message_id, reporter_id, reason, message_text)
       VALUES ($1, $2, $3, 'Грубость', 'Здравствуйте')
       ON CONFLICT (school_id, message_id, reporter_id) DO UPDATE SET resolved_at = NULL, resolved_by = NULL, resolution = NULL
       RETURNING id`,
      [sid(s), messageId, reporter],
    );
  }
  /** A session row: the list names it by the first 16 characters of its id. */
  async function session(accountId: string) {
    const id = randomBytes(32).toString('hex');
    await db.query("INSERT INTO sessions (id, account_id, csrf_token, expires_at) VALUES ($1, $2, 'x', now() + interval '1 hour')", [
      id,
      accountId,
    ]);
    return id.slice(0, 16);
  }
  return f;
}

/**
 * The objects each parameter kind is filled with, by relation (see the legend in access-matrix.ts).
 * Fresh kinds (factories) make a new object per request; their providers are marked so the suite can reuse
 * one object for every refused request and take a new one after a request that succeeded.
 */
export function objectsOf(db: Db, w: World, selfIds: Record<RoleName, string | undefined>): Record<ParamKind, Record<string, Provider>> {
  const fixed =
    (o: Obj): Provider =>
    () =>
      o;
  const own =
    <T>(pick: (role: PersonRole) => T | undefined, make: (v: T) => Obj): Provider =>
    (role) => {
      if (role === 'anon' || role === 'methodologist') return undefined;
      const v = pick(role);
      return v === undefined ? undefined : make(v);
    };
  const student = { child: w.a.student.id, classmate: w.a.classmate.id, sibling: w.a.otherStudent.id } as const;
  // Ids in a query string: a school (own, another), a class with its page (own 5А, another class 6Б, a class
  // of school B), and the own school named with another school's class and page (mixed). Each request names
  // only the ids its row's query asks for; a query parameter with no value is left out.
  const scope: Record<string, Provider> = {
    A: fixed(inA(w.a.schoolId, { schoolId: w.a.schoolId })),
    B: fixed(inB(w.b.schoolId, { schoolId: w.b.schoolId })),
    A5: fixed(inA(w.a.classId, { classId: w.a.classId, pageId: w.a.pageId })),
    A6: fixed(inA(w.a.otherClassId, { classId: w.a.otherClassId, pageId: w.a.otherPageId })),
    classB: fixed(inB(w.b.classId, { classId: w.b.classId, pageId: w.b.pageId })),
    mixed: fixed(inA(w.b.classId, { schoolId: w.a.schoolId, classId: w.b.classId, pageId: w.b.pageId })),
  };
  /** A session of the role's own account made for one request (signing out ends it, not the shared one). */
  const ownSession: Provider = async (role) => {
    const accountId = accountOf(w, role);
    return accountId ? inA(accountId, undefined, await rawSession(db, accountId)) : inA(randomUUID(), undefined, null);
  };
  const world: Partial<Record<ParamKind, Record<string, Provider>>> = {
    none: { any: fixed(inA(randomUUID())) },
    scope,
    scopeFile: { A5: scope.A5, A6: scope.A6, classB: scope.classB, mixed: scope.mixed },
    // …and a teacher of school A who teaches neither 5А nor the actor, and a teacher of school B
    scopeT: {
      ...scope,
      teacherA: fixed(inA(w.a.otherTeacher.id, { teacherId: w.a.otherTeacher.id })),
      teacherB: fixed(inB(w.b.teacher.id, { teacherId: w.b.teacher.id })),
    },
    // POST /api/auth/login: a valid login (of an account no role uses), a wrong password, a blocked account
    login: {
      valid: fixed(inA(w.loginOnly.id, { login: w.loginOnly.login, password: w.loginOnly.password })),
      wrong: () => inA(randomUUID(), { login: `nobody-${next()}`, password: 'wrong password 1' }),
      blocked: fixed(inA(w.blocked.id, { login: w.blocked.login, password: w.blocked.password })),
    },
    ownSession: { own: ownSession },
    // POST /api/auth/password from the shared session: the right current password (the hash is put back
    // afterwards), a wrong one
    password: {
      own: async (role) => {
        const accountId = accountOf(w, role);
        if (!accountId) return inA(randomUUID(), { current: 'correct horse battery' });
        const [a] = await db.query<{ h: string }>('SELECT password_hash AS h FROM accounts WHERE id = $1', [accountId]);
        return inA(accountId, { current: passwordOf(w, role) }, undefined, undefined, async () => {
          await db.query('UPDATE accounts SET password_hash = $2, must_change_password = false WHERE id = $1', [accountId, a.h]);
        });
      },
      wrong: fixed(inA(randomUUID(), { current: 'not my password 1' })),
    },
    // POST /api/auth/totp/enable: a code of the secret being enrolled (set up right before), a wrong code;
    // the account is back to no TOTP afterwards
    totp: Object.fromEntries(
      (['own', 'wrong'] as const).map((rel) => [
        rel,
        (role: RoleName) => {
          const accountId = accountOf(w, role);
          if (!accountId) return inA(randomUUID(), { code: '123456' });
          const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
          const code = rel === 'own' ? generateSync({ secret }) : generateSync({ secret }) === '000000' ? '000001' : '000000';
          return inA(
            accountId,
            { code },
            undefined,
            () =>
              db.query('UPDATE accounts SET totp_secret = $2, totp_enabled = false, totp_last_step = NULL WHERE id = $1', [
                accountId,
                secret,
              ]),
            () =>
              db.query('UPDATE accounts SET totp_secret = NULL, totp_enabled = false, totp_last_step = NULL WHERE id = $1', [accountId]),
          );
        },
      ]),
    ),
    class: {
      A5: fixed(inA(w.a.classId, { subject: w.physics.A, teacher: w.a.teacher.id, page: w.a.pageId, student: w.a.student.id })),
      A6: fixed(
        inA(w.a.otherClassId, { subject: w.physics.A, teacher: w.a.otherTeacher.id, page: w.a.otherPageId, student: w.a.otherStudent.id }),
      ),
      B: fixed(inB(w.b.classId, { subject: w.physics.B, teacher: w.b.teacher.id, page: w.b.pageId, student: w.b.student.id })),
    },
    page: {
      A5: fixed(inA(w.a.pageId, { student: w.a.student.id, mate: w.a.classmate.id })),
      A6: fixed(inA(w.a.otherPageId, { student: w.a.otherStudent.id, mate: w.a.otherStudent.id })),
      B: fixed(inB(w.b.pageId, { student: w.b.student.id, mate: w.b.student.id })),
    },
    load: { A5: fixed(inA(w.a.pageId)), A6: fixed(inA(w.a.otherPageId)), B: fixed(inB(w.b.pageId)) },
    lesson: { sub: fixed(inA(w.lessonSub)), A5: fixed(inA(w.lessonA5)), A6: fixed(inA(w.lessonA6)), B: fixed(inB(w.lessonB)) },
    work: { A5: fixed(inA(w.markA5.workId)), A6: fixed(inA(w.markA6.workId)), B: fixed(inB(w.markB.workId)) },
    mark: { A5: fixed(inA(w.markA5.markId)), A6: fixed(inA(w.markA6.markId)), B: fixed(inB(w.markB.markId)) },
    file: { A5: fixed(inA(w.fileA5)), A6: fixed(inA(w.fileA6)), B: fixed(inB(w.fileB)) },
    student: {
      child: fixed(inA(student.child)),
      classmate: fixed(inA(student.classmate)),
      sibling: fixed(inA(student.sibling)),
      childB: fixed(inB(w.b.student.id)),
    },
    // vars.roles: the person's roles as they are (PUT …/roles sends them back unchanged)
    person: {
      self: (role) => (selfIds[role] ? inA(selfIds[role] as string, { roles: ROLES_OF[role] }) : undefined),
      child: fixed(inA(w.a.student.id, { roles: ['student'] })),
      staff: fixed(inA(w.a.otherTeacher.id, { roles: ['teacher'] })),
      B: fixed(inB(w.b.teacher.id, { roles: ['teacher'] })),
    },
    parent: { parent1: fixed(inA(w.a.parent.id)), parent2: fixed(inA(w.parent2.id)), B: fixed(inB(w.b.parent.id)) },
    year: { A: fixed(inA(w.a.year.id)), B: fixed(inB(w.b.year.id)) },
    subject: { A: fixed(inA(w.a.math)), B: fixed(inB(w.b.math)) },
    subgroup: {
      A5: fixed(inA(w.subgroupA5, { student: w.a.student.id })),
      A6: fixed(inA(w.subgroupA6, { student: w.a.otherStudent.id })),
      B: fixed(inB(w.subgroupB, { student: w.b.student.id })),
    },
    school: { A: fixed(inA(w.a.schoolId)), B: fixed(inB(w.b.schoolId)) },
    thread: {
      own: own((r) => w.ownThreads[r].threadId, inA),
      other: fixed(inA(w.otherThread.threadId)),
      B: fixed(inB(w.threadB.threadId)),
    },
    message: {
      own: own((r) => w.ownThreads[r].messageId, inA),
      other: fixed(inA(w.otherThread.messageId)),
      B: fixed(inB(w.threadB.messageId)),
    },
    attachment: {
      own: own((r) => w.ownThreads[r].fileId, inA),
      draft: own((r) => w.ownThreads[r].draftId, inA),
      other: fixed(inA(w.otherThread.fileId)),
      otherDraft: fixed(inA(w.otherDraft)),
      B: fixed(inB(w.threadB.fileId)),
    },
    news: Object.fromEntries(Object.entries(w.news).map(([rel, id]) => [rel, fixed(rel === 'B' ? inB(id) : inA(id))])),
    folder: {
      root: fixed(inA(w.roots.A)),
      open: fixed(inA(w.folders.open)),
      staff: fixed(inA(w.folders.staff)),
      B: fixed(inB(w.folders.B)),
    },
    schoolFile: { open: fixed(inA(w.schoolFiles.open)), staff: fixed(inA(w.schoolFiles.staff)), B: fixed(inB(w.schoolFiles.B)) },
    feedFile: {
      live: fixed(inA(w.feeds.live.file)),
      revoked: fixed(inA(w.feeds.revoked.file)),
      B: fixed(inB(w.feeds.B.file)),
      forged: fixed(inA(`${w.a.schoolId.replace(/-/g, '')}${randomBytes(32).toString('base64url')}.ics`)),
    },
    notification: {
      own: own((r) => w.ownNotifications[r], inA),
      other: fixed(inA(w.notifications.other)),
      B: fixed(inB(w.notifications.B)),
    },
  };
  return { ...world, ...factories(db, w) } as Record<ParamKind, Record<string, Provider>>;
}

const ROLES_OF: Record<RoleName, string[]> = {
  student: ['student'],
  parent1: ['parent'],
  parent2: ['parent'],
  subjectTeacher: ['teacher'],
  classTeacher: ['teacher'],
  substitute: ['teacher'],
  deputy: ['deputy'],
  director: ['director'],
  admin: ['administrator'],
  blocked: ['teacher'],
  methodologist: [],
  anon: [],
};

/** The account a role signs in with (none for the signed-out). */
function accountOf(w: World, role: RoleName): string | undefined {
  if (role === 'anon') return undefined;
  if (role === 'methodologist') return w.methodologist.accountId;
  return w.persons[role].accountId ?? undefined;
}
function passwordOf(w: World, role: RoleName): string {
  return role === 'methodologist' ? w.methodologist.password : role === 'anon' ? '' : w.persons[role].password;
}

/** A session row made directly (as signing in makes it): the cookie and CSRF token of a client. */
async function rawSession(db: Db, accountId: string) {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(16).toString('hex');
  await db.query("INSERT INTO sessions (id, account_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + interval '1 hour')", [
    createHash('sha256').update(token).digest('hex'),
    accountId,
    csrf,
  ]);
  return { cookie: `journal_session=${token}`, csrf };
}

/** Kinds whose objects are made per request (see factories). */
export const FRESH_KINDS: ReadonlySet<ParamKind> = new Set<ParamKind>([
  'newLesson',
  'newWork',
  'newMark',
  'newHomework',
  'newFile',
  'newYear',
  'newPeriod',
  'closedPeriod',
  'newHoliday',
  'newClass',
  'newSubject',
  'newSubgroup',
  'newLoad',
  'newStudent',
  'newAccount',
  'newPerson',
  'newParent',
  'newParentLink',
  'newPost',
  'newFolder',
  'newSchoolFile',
  'newFeed',
  'newReport',
  'newSession',
  'draftYear',
  'currentYear',
  'newRoles',
]);

export interface Actors {
  clients: Partial<Record<RoleName, Client>>;
  selfIds: Record<RoleName, string | undefined>;
}

/**
 * Signs every role in once; the blocked user is blocked after signing in — by the administrator, through the
 * API, as a school does it — so their live session must stop working.
 */
export async function signInRoles(app: FastifyInstance, w: World): Promise<Actors> {
  const clients: Partial<Record<RoleName, Client>> = {};
  const selfIds = { anon: undefined } as Record<RoleName, string | undefined>;
  for (const [role, p] of Object.entries(w.persons) as [PersonRole, World['persons']['admin']][]) {
    clients[role] = await signIn(app, p.login, p.password);
    selfIds[role] = p.id;
  }
  clients.methodologist = await signIn(app, w.methodologist.login, w.methodologist.password);
  selfIds.methodologist = undefined;
  const res = await clients.admin!.post(`/api/accounts/${w.blocked.id}/block`, { reason: 'Матрица доступа' });
  if (res.statusCode !== 200) throw new Error(`blocking failed: ${res.statusCode} ${res.body}`);
  return { clients, selfIds };
}

/** A small text file as multipart/form-data (field «file»), as the web app uploads it. */
export function multipart(name = 'памятка.txt', type = 'text/plain', content = Buffer.from('Памятка')) {
  const boundary = '----accessmatrix';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function send(
  app: FastifyInstance,
  c: Pick<Client, 'cookie' | 'csrf'> | undefined,
  method: string,
  url: string,
  body: unknown,
  upload = false,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = c ? { cookie: c.cookie, 'x-csrf-token': c.csrf } : {};
  if (upload) {
    const m = multipart();
    return app.inject({ method: method as 'POST', url, headers: { ...headers, 'content-type': m.contentType }, payload: m.payload });
  }
  const hasBody = method !== 'GET' && method !== 'DELETE';
  return app.inject({ method: method as 'GET', url, headers, ...(hasBody ? { payload: (body ?? {}) as object } : {}) });
}

/** Tables a request may change without changing any record: sessions, sign-in counters, usage, replay keys. */
const VOLATILE = new Set(['sessions', 'auth_events', 'auth_throttle', 'activity', 'idempotency_keys', 'schema_migrations']);

/**
 * Counts every row inserted, updated or deleted in every table (but the volatile ones) of this test's
 * database, by a row trigger that the test installs: a refused write must leave every count as it was.
 * A trigger's count rolls back with its transaction, so a request that wrote and then failed counts as
 * nothing written — exactly what the matrix must prove. Reading the counts is one small query.
 */
export async function changeCounter(db: Db) {
  const tables = (
    await db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
    )
  )
    .map((t) => t.table_name)
    .filter((t) => !VOLATILE.has(t));
  await db.exec(`
    CREATE TABLE zz_matrix_changes (t text PRIMARY KEY, n bigint NOT NULL);
    CREATE FUNCTION zz_matrix_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO zz_matrix_changes VALUES (TG_TABLE_NAME, 1) ON CONFLICT (t) DO UPDATE SET n = zz_matrix_changes.n + 1;
      RETURN NULL;
    END;
    $$;
    ${tables.map((t) => `CREATE TRIGGER zz_matrix_count AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION zz_matrix_count();`).join('\n')}
  `);
  return async () => {
    const rows = await db.query<{ t: string; n: string }>('SELECT t, n::text AS n FROM zz_matrix_changes');
    return new Map(rows.map((r) => [r.t, r.n]));
  };
}

/**
 * Objects of the world a role must never find in an answer it gets (a list, a card, a report), by id → what
 * it is: everything of school B (but for parent2, whose child is there: then B's objects that are not
 * about that child), conversations, drafts and notifications of other people, and for families the staff
 * room, the other families' children and classes. An answer that names one of them (outside the id the
 * request itself named) has shown the role something outside its scope.
 */
export function outOfScope(w: World, role: RoleName): Map<string, string> {
  const out = new Map<string, string>();
  const add = (label: string, ...ids: (string | null | undefined)[]) => {
    for (const id of ids) if (id) out.set(id, label);
  };
  if (role === 'anon') return out;
  const b = w.b;
  if (role !== 'parent2') {
    add('school B', b.schoolId);
    add("school B's class", b.classId, b.otherClassId);
    add("school B's page", b.pageId, b.otherPageId);
    add("school B's student", b.student.id, b.classmate.id, b.otherStudent.id);
    add("school B's staff", b.teacher.id, b.otherTeacher.id, b.classTeacher.id, b.admin.id, b.director.id, b.deputy.id);
    add("school B's parent", b.parent.id, b.otherParent.id);
    add("school B's lesson, mark, file", w.lessonB, w.markB.markId, w.markB.workId, w.fileB);
    add("school B's news, folder, file", w.news.B, w.folders.B, w.schoolFiles.B, w.roots.B);
    add("school B's year", b.year.id, w.periodB);
  } else add("school B's other students", b.classmate.id, b.otherStudent.id);
  add("school B's conversation", w.threadB.threadId, w.threadB.messageId, w.threadB.fileId);
  add("someone else's notification", w.notifications.other, w.notifications.B);
  add('a conversation of other people', w.otherThread.threadId, w.otherThread.fileId, w.otherDraft);
  // the administration moderates complaints, which quote the message
  if (!['deputy', 'director', 'admin'].includes(role)) add('a message of other people', w.otherThread.messageId);
  for (const [r, t] of Object.entries(w.ownThreads))
    if (r !== role) add(`${r}'s conversation`, t.threadId, t.messageId, t.fileId, t.draftId);
  for (const [r, n] of Object.entries(w.ownNotifications)) if (r !== role) add(`${r}'s notification`, n);
  if (role === 'student' || role === 'parent1' || role === 'parent2' || role === 'methodologist') {
    add('the staff room', w.news.staff, w.folders.staff, w.schoolFiles.staff);
    add("another family's child", w.a.classmate.id);
    add("another family's parent", w.a.otherParent.id);
  }
  if (role === 'student' || role === 'parent1') {
    add('another class', w.a.otherClassId, w.a.otherPageId, w.news.class6, w.lessonA6, w.markA6.markId, w.fileA6, w.subgroupA6);
    add("another class's student", w.a.otherStudent.id);
  }
  if (role === 'parent2') {
    add("another family's class", w.a.classId, w.a.pageId, w.news.class5, w.lessonA5, w.lessonSub, w.markA5.markId, w.fileA5, w.subgroupA5);
    add("another family's child", w.a.student.id);
  }
  if (role === 'methodologist') {
    // [DOMAIN §1] aggregated figures only: no person, class, page or record of any school
    add("school A's student", w.a.student.id, w.a.otherStudent.id);
    add("school A's class", w.a.classId, w.a.otherClassId);
    add("school A's page", w.a.pageId, w.a.otherPageId);
    add("school A's staff", w.a.teacher.id, w.a.classTeacher.id, w.a.otherTeacher.id);
  }
  return out;
}
