/**
 * The access-control matrix: the expected answer of every endpoint of the OpenAPI document to every role,
 * for objects of every relation, for reading, creating, changing and deleting [DOMAIN §1 access rule],
 * [000 §3.6], [002 §3.6], [003 §2.5]. test/security/matrix-suite.ts runs it (on PGlite, and on PostgreSQL in
 * CI); it FAILS when an endpoint of GET /api/openapi.json has no row here, so a new endpoint cannot ship
 * without deciding who may reach it. docs/ACCESS-MATRIX.md is generated from this table
 * (`node_modules/.bin/tsx test/security/matrix-doc.ts`); the suite fails when it is stale.
 *
 * LEGEND
 * Key: 'METHOD /path' exactly as in the OpenAPI document.
 * param — the kind of object that fills the path parameter ({id}, {pageId}, {classId}, {personId}, {schoolId},
 *   {file}) and the body's `{id}`; its relations (built in test/security/world.ts):
 *   class, page, load (a load is its journal page), lesson, work, mark, file (homework attachment), subgroup:
 *     A5 = of class 5А in school A (the child's class: the class teacher's class, the subject teacher's page),
 *     A6 = of class 6Б in school A (another class; its student is parent2's child), B = of school B;
 *     lesson also: sub = a 5А lesson the substitute replaces (A5 is a 5А lesson they do not).
 *   student: child (the signed-in student; parent1's child; 5А), classmate (5А), sibling (6Б; parent2's child),
 *     childB (school B; parent2's child there).
 *   person: self (the actor's own person), child, staff (a teacher of school A), B (a teacher of school B).
 *   parent: parent1, parent2 (school A persons), B (a parent of school B).
 *   year, subject, school: A or B.
 *   thread, message: own (the actor's own conversation with a teacher, and that teacher's message in it),
 *     other (a conversation of school A the actor is not in), B (one in school B).
 *   attachment: own, draft (the actor's own upload not sent yet), other, otherDraft (someone else's), B.
 *   news: school (for the whole school A), class5 (for 5А, by its class teacher), class6 (for 6Б), staff
 *     (the staff room), B (school B's).
 *   folder: root (the year's folder of A), open (open to everyone, made by the subject teacher), staff (staff
 *     only, made by another teacher), B. schoolFile: a file in open, staff, B.
 *   feedFile: the secret file name of a calendar feed: live, revoked, B (live, school B), forged.
 *   notification: own, other (another person's in A), B.
 *   new… — a NEW object per request (made right before it, by the factories of world.ts), so a write that
 *     really happens (a deletion, a block, a closed period, a moved student) never changes the world the
 *     next role or row sees: newLesson/newWork/newMark/newHomework/newFile (sub, A5, A6, B), newYear,
 *     newPeriod, closedPeriod, newHoliday (A, B), newClass/newSubgroup/newLoad (A5, A6, B), newStudent
 *     (classmate, sibling, childB), newAccount/newPerson (student of 5А, staff of A, B), newParent/
 *     newParentLink (child, sibling, childB), newPost (as news), newFolder/newSchoolFile (open, staff, B),
 *     newFeed/newSession (self, other, B), newReport (A, B).
 *   scope — ids in a QUERY STRING: A/B (schoolId of school A/B), A5/A6 (classId and pageId of 5А/6Б), classB (of a
    class of school B), mixed (schoolId of A with the class and page of B); scopeT also teacherA (a teacher of
    A who teaches neither 5А nor the actor) and teacherB; scopeFile (a report's file: its JSON twin tries every
    scope) only the classes. A query parameter the object does not fill is left out.
  login (valid credentials of an account no role uses, a wrong password, the blocked account), ownSession (a
    session of the actor's own made for the request), password/totp (own: the right current password / a
    code of the secret being enrolled; wrong), draftYear (a draft year of a school with no current year while
    the request runs), currentYear (a current year with no classes), newRoles (self: the actor asks the
    administrator role for themself; student, staff: a new person of A; B).
  none — no object: the relation is 'any'.
 * body/query — a VALID request: for the roles of `allow` it succeeds. Placeholders: {id} the object, {school}
 *   its school, {period}/{year} the period/year of its school, {today}, {child} the child's id, {uniq} a
 *   unique text, {uniqDate} an unused day for a lesson, {june} a date late in the school's year, {csv} a
 *   one-class import file; other names come from the object (a student of the class, a teacher…). upload — the request is a multipart file (a text file; 'plan' — a CSV plan).
 * EXPECTED ANSWER of a role to a relation (exact):
 *   allow  — 200: the request succeeds (and may change data);
 *   forbid — 403: the actor sees the object but may not do this (a member of the school without the right);
 *   answers — an exact other answer (a refused self-block 400, an idempotent 200 that changes nothing);
 *   everything else — `deny` (default 404: the object is outside the actor's scope, like an id that does not
 *   exist); signed out and blocked — 401 (a `public` row answers them like anyone else).
 * A request that is not in `allow` MUST NOT CHANGE ANY RECORD: the suite counts the rows written to every table
 * around it (sessions, sign-in counters, usage and replay keys excepted).
 * Roles: student, parent1 (one child), parent2 (children in two schools), subjectTeacher, classTeacher (5А),
 *   substitute, deputy, director, admin, methodologist (a regional methodologist: an account with no person in any
  school, watching school A's aggregated reports), blocked (signed in, then blocked), anon (signed out).
 * SCOPE OF ANSWERS: whatever the status, an answer must not name an object outside the role's scope — another
 *   school's, other people's conversations and notifications, another family's child or class, the staff room
 *   for families (outOfScope in world.ts); the suite looks for their ids in every answer.
 * HIDDEN ROUTES (hide: true in the OpenAPI document: /metrics, /api/openapi.json, /api/docs…) have rows too: the
 *   suite compares the table with the app's own route tree.
 * skip — roles not probed.
 * mismatch — where the real answer differs from what src/domain/policy.ts says: the row's test is expected to
 *   FAIL (it.fails, named «KNOWN MISMATCH» in the run) until the product is fixed and the flag removed.
 *
 * ADDING AN ENDPOINT: add its row; pick the param whose relations matter (or add a kind to world.ts), give a
 * valid body, list who succeeds (allow) and who sees but is refused (forbid); run
 * `node_modules/.bin/vitest run --project integration test/integration/access-matrix.test.ts`, then
 * regenerate docs/ACCESS-MATRIX.md.
 */
export const ROLE_NAMES = [
  'student',
  'parent1',
  'parent2',
  'subjectTeacher',
  'classTeacher',
  'substitute',
  'deputy',
  'director',
  'admin',
  'methodologist',
  'blocked',
  'anon',
] as const;
export type RoleName = (typeof ROLE_NAMES)[number];
export type ParamKind =
  | 'none'
  | 'class'
  | 'page'
  | 'load'
  | 'lesson'
  | 'work'
  | 'mark'
  | 'file'
  | 'student'
  | 'person'
  | 'parent'
  | 'year'
  | 'subject'
  | 'subgroup'
  | 'school'
  | 'thread'
  | 'message'
  | 'attachment'
  | 'news'
  | 'folder'
  | 'schoolFile'
  | 'feedFile'
  | 'notification'
  | 'newLesson'
  | 'newWork'
  | 'newMark'
  | 'newHomework'
  | 'newFile'
  | 'newYear'
  | 'newPeriod'
  | 'closedPeriod'
  | 'newHoliday'
  | 'newClass'
  | 'newSubject'
  | 'newSubgroup'
  | 'newLoad'
  | 'newStudent'
  | 'newAccount'
  | 'newPerson'
  | 'newParent'
  | 'newParentLink'
  | 'newPost'
  | 'newFolder'
  | 'newSchoolFile'
  | 'newFeed'
  | 'newReport'
  | 'newSession'
  | 'scope'
  | 'scopeT'
  | 'scopeFile'
  | 'login'
  | 'ownSession'
  | 'password'
  | 'totp'
  | 'draftYear'
  | 'currentYear'
  | 'newRoles';

type Rels = Partial<Record<RoleName, readonly string[]>>;

/** The relations each kind of object comes in (world.ts builds exactly these; the suite checks it). */
export const RELATIONS: Record<ParamKind, readonly string[]> = {
  none: ['any'],
  class: ['A5', 'A6', 'B'],
  page: ['A5', 'A6', 'B'],
  load: ['A5', 'A6', 'B'],
  lesson: ['sub', 'A5', 'A6', 'B'],
  work: ['A5', 'A6', 'B'],
  mark: ['A5', 'A6', 'B'],
  file: ['A5', 'A6', 'B'],
  student: ['child', 'classmate', 'sibling', 'childB'],
  person: ['self', 'child', 'staff', 'B'],
  parent: ['parent1', 'parent2', 'B'],
  year: ['A', 'B'],
  subject: ['A', 'B'],
  subgroup: ['A5', 'A6', 'B'],
  school: ['A', 'B'],
  thread: ['own', 'other', 'B'],
  message: ['own', 'other', 'B'],
  attachment: ['own', 'draft', 'other', 'otherDraft', 'B'],
  news: ['school', 'class5', 'class6', 'staff', 'B'],
  folder: ['root', 'open', 'staff', 'B'],
  schoolFile: ['open', 'staff', 'B'],
  feedFile: ['live', 'revoked', 'B', 'forged'],
  notification: ['own', 'other', 'B'],
  newLesson: ['sub', 'A5', 'A6', 'B'],
  newWork: ['sub', 'A5', 'A6', 'B'],
  newMark: ['sub', 'A5', 'A6', 'B'],
  newHomework: ['sub', 'A5', 'A6', 'B'],
  newFile: ['sub', 'A5', 'A6', 'B'],
  newYear: ['A', 'B'],
  newPeriod: ['A', 'B'],
  closedPeriod: ['A', 'B'],
  newHoliday: ['A', 'B'],
  newClass: ['A5', 'A6', 'B'],
  newSubject: ['A', 'B'],
  newSubgroup: ['A5', 'A6', 'B'],
  newLoad: ['A5', 'A6', 'B'],
  newStudent: ['classmate', 'sibling', 'childB'],
  newAccount: ['student', 'staff', 'B'],
  newPerson: ['student', 'staff', 'B'],
  newParent: ['child', 'sibling', 'childB'],
  newParentLink: ['child', 'sibling', 'childB'],
  newPost: ['school', 'class5', 'class6', 'staff', 'B'],
  newFolder: ['open', 'staff', 'B'],
  newSchoolFile: ['open', 'staff', 'B'],
  newFeed: ['self', 'other', 'B'],
  newReport: ['A', 'B'],
  newSession: ['self', 'other', 'B'],
  scope: ['A', 'B', 'A5', 'A6', 'classB', 'mixed'],
  scopeT: ['A', 'B', 'A5', 'A6', 'classB', 'mixed', 'teacherA', 'teacherB'],
  scopeFile: ['A5', 'A6', 'classB', 'mixed'],
  login: ['valid', 'wrong', 'blocked'],
  ownSession: ['own'],
  password: ['own', 'wrong'],
  totp: ['own', 'wrong'],
  draftYear: ['A', 'B'],
  currentYear: ['A', 'B'],
  newRoles: ['self', 'student', 'staff', 'B'],
};

export interface MatrixRow {
  param: ParamKind;
  query?: string;
  body?: unknown;
  upload?: true | 'plan';
  /** role → relations for which the request succeeds (200). */
  allow: Rels;
  /** role → relations the role sees but may not act on (403). */
  forbid?: Rels;
  /** role → relation → an exact other answer. */
  answers?: Partial<Record<RoleName, Record<string, number>>>;
  /** The answer to every other role and relation (default 404). */
  deny?: number;
  public?: true;
  skip?: readonly RoleName[];
  mismatch?: string;
}

const EVERYONE = ROLE_NAMES;
/** The people of the schools (signed in, not blocked). */
const SIGNED_IN = ['student', 'parent1', 'parent2', 'subjectTeacher', 'classTeacher', 'substitute', 'deputy', 'director', 'admin'] as const;
/** Every account that can sign in and is not blocked: the people of the schools and the region methodologist. */
const ACCOUNTS = [...SIGNED_IN, 'methodologist'] as const;
/** Roles not probed on the API description (it is one document, the same for every account). */
const DOC_SKIP = ['parent1', 'parent2', 'subjectTeacher', 'classTeacher', 'substitute', 'deputy', 'director'] as const;
const FAMILY = ['student', 'parent1', 'parent2'] as const;
const TEACHERS = ['subjectTeacher', 'classTeacher', 'substitute'] as const;
/** The school's administration (ADMINISTRATION_ROLES of src/domain/messaging.ts). */
const HEADS = ['deputy', 'director', 'admin'] as const;
const STAFF = [...TEACHERS, ...HEADS] as const;

/** The same value for each of the roles. */
function each<T>(roles: readonly RoleName[], value: T): Partial<Record<RoleName, T>> {
  return Object.fromEntries(roles.map((r) => [r, value])) as Partial<Record<RoleName, T>>;
}
/** Relations of several groups put together, role by role. */
function merge(...parts: Rels[]): Rels {
  const out: Record<string, string[]> = {};
  for (const p of parts) for (const [r, rels] of Object.entries(p)) out[r] = [...new Set([...(out[r] ?? []), ...(rels ?? [])])];
  return out;
}
const but = (roles: readonly RoleName[], ...except: RoleName[]) => roles.filter((r) => !except.includes(r));

/** School-wide administration [004 admin]: the administrator of school A; other members are refused (403). */
const SCHOOL_MANAGE = {
  allow: { admin: ['A'] },
  forbid: merge(each(but(SIGNED_IN, 'admin'), ['A']), { parent2: ['B'] }),
} satisfies Partial<MatrixRow>;
/** What all staff of the school may do; families are refused (403). */
const SCHOOL_READ = {
  allow: each(STAFF, ['A']),
  forbid: merge(each(FAMILY, ['A']), { parent2: ['B'] }),
} satisfies Partial<MatrixRow>;
/**
 * Objects of the school's calendar and curriculum (years, periods, holidays, subjects): looked up only in the
 * schools the actor administers, so everyone else gets 404 — also staff who can read the year (see the report
 * of issue #10: 403 would follow the convention for a visible object, 404 leaks nothing).
 */
const YEAR_MANAGE = { allow: { admin: ['A'] } } satisfies Partial<MatrixRow>;
/** A class's structure (loads, the class teacher, the class's settings): the administrator. */
const CLASS_MANAGE_ADMIN = { allow: { admin: ['A5', 'A6'] } } satisfies Partial<MatrixRow>;
/** [000 §4.1] a class's students and subgroups: its class teacher and the administrator. */
const CLASS_MANAGE = { allow: { classTeacher: ['A5'], admin: ['A5', 'A6'] } } satisfies Partial<MatrixRow>;
/** Moving a lesson or naming its substitute: the class teacher of the lesson's class and the administrator. */
const LESSON_MANAGE = { allow: { classTeacher: ['sub', 'A5'], admin: ['sub', 'A5', 'A6'] } } satisfies Partial<MatrixRow>;
/** [003 §2.6], [001 §5.4.2] the page's teacher writes its lessons; a substitute only the lessons they replace. */
const LESSON_WRITE = { allow: { subjectTeacher: ['sub', 'A5'], substitute: ['sub'] } } satisfies Partial<MatrixRow>;
/** [000 §3.6] who reads a student's diary, marks, finals: the student, their parents, their teachers, the administration. */
const STUDENT_READERS: Rels = {
  student: ['child'],
  parent1: ['child'],
  parent2: ['sibling', 'childB'],
  subjectTeacher: ['child', 'classmate'],
  classTeacher: ['child', 'classmate'],
  deputy: ['child', 'classmate', 'sibling'],
  director: ['child', 'classmate', 'sibling'],
  admin: ['child', 'classmate', 'sibling'],
};
const NEWS_READERS = merge(
  each(SIGNED_IN, ['school']),
  { student: ['class5'], parent1: ['class5'], subjectTeacher: ['class5'], classTeacher: ['class5'], parent2: ['class6', 'B'] },
  each(STAFF, ['staff']),
  each(HEADS, ['class5', 'class6']),
);
const NEWS_EDITORS = merge({ classTeacher: ['class5'] }, each(HEADS, ['school', 'class5', 'class6', 'staff']));
const FOLDER_READERS = merge(each(SIGNED_IN, ['root', 'open']), each(STAFF, ['staff']), { parent2: ['B'] });
const FOLDER_MANAGERS = merge({ subjectTeacher: ['open'] }, each(HEADS, ['open', 'staff']));
const FOLDER_REFUSED = merge(each([...FAMILY, 'classTeacher', 'substitute'], ['open']), each(TEACHERS, ['staff']), { parent2: ['B'] });

export const ACCESS_MATRIX: Record<string, MatrixRow> = {
  'GET /api/health': { param: 'none', public: true, allow: each(EVERYONE, ['any']) },
  // Routes hidden from the OpenAPI document (the app's route tree has them). The whole API description is the
  // same for everyone: a family, a head, the methodologist, the blocked and the signed-out are enough to show it.
  'GET /metrics': { param: 'none', public: true, allow: each(EVERYONE, ['any']) },
  'GET /api/openapi.json': { param: 'none', public: true, allow: each(EVERYONE, ['any']), skip: DOC_SKIP },
  'GET /api/docs': { param: 'none', allow: each(ACCOUNTS, ['any']) },
  'GET /api/docs/': { param: 'none', allow: each(ACCOUNTS, ['any']) },
  'GET /api/docs/static/index.html': { param: 'none', allow: {}, answers: each(ACCOUNTS, { any: 302 }) },
  'GET /api/docs/static/swagger-initializer.js': { param: 'none', allow: each(ACCOUNTS, ['any']) },
  'GET /api/docs/*': { param: 'none', allow: each(ACCOUNTS, ['any']) },
  'GET /api/docs/json': { param: 'none', allow: each(ACCOUNTS, ['any']), skip: DOC_SKIP },
  'GET /api/docs/yaml': { param: 'none', allow: each(ACCOUNTS, ['any']), skip: DOC_SKIP },
  // Anyone, signed in or not, signs in with valid credentials; a wrong password and a blocked account: 401.
  'POST /api/auth/login': {
    param: 'login',
    public: true,
    body: { login: '{login}', password: '{password}' },
    allow: each(EVERYONE, ['valid']),
    deny: 401,
  },
  // Signed-in roles are not probed: it would end the shared session.
  // Each account signs out a session of its own made for the request (the shared one stays).
  'POST /api/auth/logout': { param: 'ownSession', allow: each(ACCOUNTS, ['own']) },
  'GET /api/me': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  'GET /api/auth/csrf': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  // Each account changes its own password with its current one (the runner puts the old hash back); a wrong
  // current password is refused (400 auth.password_wrong).
  'POST /api/auth/password': {
    param: 'password',
    body: { currentPassword: '{current}', newPassword: 'Новый пароль для проверки {uniq}' },
    allow: each(ACCOUNTS, ['own']),
    deny: 400,
  },
  'GET /api/auth/sessions': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  'DELETE /api/auth/sessions/{id}': { param: 'newSession', allow: each(ACCOUNTS, ['self']) },
  'POST /api/auth/totp/setup': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  // Enrolment with a code of the secret being set up succeeds (the account is back to no TOTP afterwards);
  // a wrong code is refused (400).
  'POST /api/auth/totp/enable': { param: 'totp', body: { code: '{code}' }, allow: each(ACCOUNTS, ['own']), deny: 400 },
  // A FILTER of the actor's own list (the classes they may see, of the year named): an id outside it narrows the list to nothing — 200 with an
  // empty list, never 404 (the suite checks that no object outside the actor's scope is in any answer).
  'GET /api/classes': { param: 'year', query: 'yearId={id}', allow: each(ACCOUNTS, ['A']), answers: each(ACCOUNTS, { B: 200 }) },
  'POST /api/classes': {
    param: 'school',
    body: { schoolId: '{id}', grade: 9, letter: 'Ж' },
    ...SCHOOL_MANAGE,
  },
  'GET /api/classes/{id}/students': {
    param: 'class',
    allow: { subjectTeacher: ['A5'], classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/years': { param: 'school', query: 'schoolId={id}', ...SCHOOL_READ },
  'POST /api/years': {
    param: 'school',
    body: { schoolId: '{id}', name: '2090/2091', startsOn: '2090-09-01', endsOn: '2091-06-30' },
    ...SCHOOL_MANAGE,
  },
  'GET /api/years/{id}': {
    param: 'year',
    allow: { subjectTeacher: ['A'], classTeacher: ['A'], substitute: ['A'], deputy: ['A'], director: ['A'], admin: ['A'] },
  },
  // [002 §4.6] a school without a current year (set so for the request): the administrator makes a draft year current.
  'POST /api/years/{id}/activate': { param: 'draftYear', ...YEAR_MANAGE },
  'PUT /api/years/{id}/periods': {
    param: 'newYear',
    body: { periods: [{ scheme: 'quarter', number: 1, startsOn: '{start}', endsOn: '{end}' }] },
    ...YEAR_MANAGE,
  },
  'POST /api/years/{id}/holidays': {
    param: 'newYear',
    body: { name: 'Каникулы', startsOn: '{holiday}', endsOn: '{holiday}' },
    ...YEAR_MANAGE,
  },
  'DELETE /api/holidays/{id}': { param: 'newHoliday', ...YEAR_MANAGE },
  'POST /api/periods/{id}/close': { param: 'newPeriod', ...YEAR_MANAGE },
  'POST /api/periods/{id}/reopen': { param: 'closedPeriod', body: { reason: 'Исправление ошибки в отметках' }, ...YEAR_MANAGE },
  // [002 §4.6] the year-end transfer of a current year (one with no classes, so nothing else moves).
  'POST /api/years/{id}/close-and-promote': {
    param: 'currentYear',
    body: { nextYear: { name: '{next}', startsOn: '{nextStart}', endsOn: '{nextEnd}' } },
    ...YEAR_MANAGE,
  },
  'GET /api/subjects': { param: 'school', query: 'schoolId={id}', ...SCHOOL_READ },
  'POST /api/subjects': { param: 'school', body: { schoolId: '{id}', name: 'Астрономия' }, ...SCHOOL_MANAGE },
  'PATCH /api/subjects/{id}': { param: 'subject', body: { shortName: 'Матем.' }, ...YEAR_MANAGE },
  // [004 admin] an unused subject (no load, curriculum or final marks): only the administrator removes it.
  'DELETE /api/subjects/{id}': { param: 'newSubject', ...YEAR_MANAGE },
  'GET /api/years/{id}/curriculum': {
    param: 'year',
    allow: { subjectTeacher: ['A'], classTeacher: ['A'], substitute: ['A'], deputy: ['A'], director: ['A'], admin: ['A'] },
  },
  'PUT /api/years/{id}/curriculum': {
    param: 'newYear',
    body: { rows: [{ grade: 5, subjectId: '{subject}', hoursPerWeek: 5 }] },
    ...YEAR_MANAGE,
  },
  'GET /api/classes/{id}': {
    param: 'class',
    allow: { subjectTeacher: ['A5'], classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'PATCH /api/classes/{id}': { param: 'newClass', body: { periodScheme: 'trimester' }, ...CLASS_MANAGE_ADMIN },
  // [004 admin] a class made by mistake (no students ever, no journal pages): only the administrator removes it.
  'DELETE /api/classes/{id}': { param: 'newClass', ...CLASS_MANAGE_ADMIN },
  'PUT /api/classes/{id}/class-teacher': { param: 'newClass', body: { teacherId: '{teacher}' }, ...CLASS_MANAGE_ADMIN },
  'GET /api/classes/{id}/subgroups': {
    param: 'class',
    allow: { subjectTeacher: ['A5'], classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'POST /api/classes/{id}/subgroups': { param: 'class', body: { name: 'Группа {uniq}' }, ...CLASS_MANAGE },
  'PATCH /api/subgroups/{id}': { param: 'subgroup', body: { name: 'Группа {uniq}' }, ...CLASS_MANAGE },
  'DELETE /api/subgroups/{id}': { param: 'newSubgroup', ...CLASS_MANAGE },
  'PUT /api/subgroups/{id}/members': { param: 'subgroup', body: { studentIds: ['{student}'] }, ...CLASS_MANAGE },
  // [004 admin] staff read the school's teaching load; classId/teacherId of another school filter it to nothing.
  'GET /api/loads': {
    param: 'scopeT',
    query: 'schoolId={schoolId}&classId={classId}&teacherId={teacherId}',
    allow: each(STAFF, ['A', 'A5', 'A6', 'teacherA']),
    answers: each(STAFF, { classB: 200, mixed: 200, teacherB: 200 }),
    forbid: merge(each(FAMILY, ['A', 'A5', 'A6', 'classB', 'mixed', 'teacherA', 'teacherB']), { parent2: ['B'] }),
  },
  'POST /api/loads': {
    param: 'class',
    body: { classId: '{id}', subjectId: '{subject}', teacherId: '{teacher}', hoursPerWeek: 1 },
    ...CLASS_MANAGE_ADMIN,
  },
  'PATCH /api/loads/{id}': { param: 'load', body: { hoursPerWeek: 2 }, ...CLASS_MANAGE_ADMIN },
  'DELETE /api/loads/{id}': { param: 'newLoad', ...CLASS_MANAGE_ADMIN },
  'GET /api/bells': { param: 'school', query: 'schoolId={id}', ...SCHOOL_READ },
  // The school's card and settings [004 admin]: staff read them, only the administrator changes them.
  'GET /api/school': { param: 'school', query: 'schoolId={id}', ...SCHOOL_READ },
  'PATCH /api/school': { param: 'school', body: { schoolId: '{id}', directorName: 'Директор {uniq}' }, ...SCHOOL_MANAGE },
  'PUT /api/bells': {
    param: 'school',
    body: { schoolId: '{id}', bells: '{bells}' },
    ...SCHOOL_MANAGE,
  },
  'GET /api/timetable': {
    param: 'scopeT',
    query: 'schoolId={schoolId}&classId={classId}&teacherId={teacherId}&date={today}',
    allow: {
      ...each(['subjectTeacher', 'classTeacher'], ['A', 'A5', 'teacherA']),
      substitute: ['A', 'teacherA'],
      ...each(HEADS, ['A', 'A5', 'A6', 'teacherA']),
    },
    forbid: merge(each(FAMILY, ['A', 'teacherA', 'teacherB']), { parent2: ['B'] }),
  },
  // [000 §4.1] the class's timetable, extra and moved lessons, substitutions: its class teacher and the administrator.
  'POST /api/timetable': {
    param: 'class',
    body: { classId: '{id}', validFrom: '{june}', entries: [{ pageId: '{page}', weekday: 6, lessonNumber: 11 }] },
    ...CLASS_MANAGE,
  },
  // Unlike GET /api/timetable (404), a teacher of another school filters the lessons to nothing (200 []).
  'GET /api/timetable/lessons': {
    param: 'scopeT',
    query: 'schoolId={schoolId}&classId={classId}&teacherId={teacherId}&from={today}&to={today}',
    allow: {
      ...each(['subjectTeacher', 'classTeacher'], ['A', 'A5', 'teacherA']),
      substitute: ['A', 'teacherA'],
      ...each(HEADS, ['A', 'A5', 'A6', 'teacherA']),
    },
    forbid: merge(each(FAMILY, ['A', 'teacherA', 'teacherB']), { parent2: ['B'] }),
  },
  'POST /api/lessons/extra': { param: 'page', body: { pageId: '{id}', date: '{uniqDate}', number: 12 }, ...CLASS_MANAGE },
  'POST /api/lessons/{id}/move': { param: 'newLesson', body: { date: '{uniqDate}', number: 0 }, ...LESSON_MANAGE },
  'PUT /api/lessons/{id}/substitute': { param: 'newLesson', body: { teacherId: '{substitute}' }, ...LESSON_MANAGE },
  'GET /api/people': {
    param: 'scope',
    query: 'schoolId={schoolId}&classId={classId}',
    allow: { subjectTeacher: ['A5'], classTeacher: ['A5'], ...each(HEADS, ['A', 'A5', 'A6']) },
    forbid: merge(each([...FAMILY, ...TEACHERS], ['A']), { parent2: ['B'] }),
  },
  'POST /api/people': {
    param: 'school',
    body: { schoolId: '{id}', roles: ['teacher'], lastName: 'Новикова', firstName: 'Мария' },
    ...SCHOOL_MANAGE,
  },
  'GET /api/people/{id}': {
    param: 'person',
    allow: {
      student: ['self', 'child'],
      parent1: ['self'],
      parent2: ['self'],
      subjectTeacher: ['self'],
      classTeacher: ['self', 'child'],
      substitute: ['self'],
      deputy: ['self', 'child', 'staff'],
      director: ['self', 'child', 'staff'],
      admin: ['self', 'child', 'staff'],
    },
  },
  'PATCH /api/people/{id}': {
    param: 'person',
    body: { phone: '+7 900 000-00-00' },
    allow: {
      subjectTeacher: ['self'],
      classTeacher: ['self', 'child'],
      substitute: ['self'],
      deputy: ['self'],
      director: ['self'],
      admin: ['self', 'child', 'staff'],
    },
  },
  // [004 admin] rights: a new student made also a parent, a new teacher made also a deputy — the administrator of
  // the school only; anyone else asking the administrator role for themself (self) is refused and nothing changes.
  'PUT /api/people/{id}/roles': { param: 'newRoles', body: { roles: '{roles}' }, allow: { admin: ['self', 'student', 'staff'] } },
  'POST /api/people/{id}/parents': {
    param: 'newParent',
    body: { parentId: '{parent}', relation: 'мать' },
    allow: { classTeacher: ['child'], admin: ['child', 'sibling'] },
  },
  'DELETE /api/people/{id}/parents/{parentId}': { param: 'newParentLink', allow: { classTeacher: ['child'], admin: ['child', 'sibling'] } },
  // [000 §3.2] staff logins from the administrator, family logins from the class teacher; whoever may
  // not issue credentials at all learns nothing about the body (403 before any validation).
  'POST /api/credentials/issue': {
    param: 'newPerson',
    body: { personIds: ['{id}'] },
    allow: { classTeacher: ['student'], admin: ['student', 'staff'] },
    forbid: each(but(ACCOUNTS, 'classTeacher', 'admin'), ['student', 'staff', 'B']),
  },
  'POST /api/credentials/slips.pdf': {
    param: 'school',
    body: {
      schoolId: '{id}',
      slips: [{ name: 'Иванов Пётр', role: 'Ученик', className: '5А', login: 'ivanov.p', password: 'Пароль-123' }],
    },
    ...SCHOOL_READ,
  },
  'POST /api/accounts/{personId}/reset': { param: 'newAccount', allow: { classTeacher: ['student'], admin: ['student', 'staff'] } },
  'POST /api/accounts/{personId}/block': {
    param: 'newAccount',
    body: { reason: 'Проверка' },
    allow: { classTeacher: ['student'], admin: ['student', 'staff'] },
  },
  'POST /api/accounts/{personId}/unblock': {
    param: 'newAccount',
    body: { reason: 'Проверка' },
    allow: { classTeacher: ['student'], admin: ['student', 'staff'] },
  },
  'POST /api/students/{id}/movements': {
    param: 'newStudent',
    body: { kind: 'departure', date: '{today}', orderNumber: '12-у' },
    allow: { classTeacher: ['classmate'], admin: ['classmate', 'sibling'] },
  },
  'GET /api/students/{id}/movements': {
    param: 'student',
    allow: {
      classTeacher: ['child', 'classmate'],
      deputy: ['child', 'classmate', 'sibling'],
      director: ['child', 'classmate', 'sibling'],
      admin: ['child', 'classmate', 'sibling'],
    },
  },
  'GET /api/classes/{id}/movements': {
    param: 'class',
    allow: { subjectTeacher: ['A5'], classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/audit': {
    param: 'school',
    query: 'schoolId={id}',
    allow: { director: ['A'], admin: ['A'] },
    forbid: merge(each(but(SIGNED_IN, 'director', 'admin'), ['A']), { parent2: ['B'] }),
  },
  'POST /api/import/preview': { param: 'school', body: { schoolId: '{id}', kind: 'classes', contentBase64: '{csv}' }, ...SCHOOL_MANAGE },
  'POST /api/import/commit': { param: 'school', body: { schoolId: '{id}', kind: 'classes', contentBase64: '{csv}' }, ...SCHOOL_MANAGE },
  // A FILTER of the actor's own list (the pages they teach, lead or read school-wide): an id outside it narrows the list to nothing — 200 with an
  // empty list, never 404 (the suite checks that no object outside the actor's scope is in any answer).
  'GET /api/pages': { param: 'class', query: 'classId={id}', allow: each(ACCOUNTS, ['A5', 'A6', 'B']) },
  'GET /api/pages/{id}': {
    param: 'page',
    query: 'periodId={period}',
    allow: {
      subjectTeacher: ['A5'],
      classTeacher: ['A5'],
      substitute: ['A5'],
      deputy: ['A5', 'A6'],
      director: ['A5', 'A6'],
      admin: ['A5', 'A6'],
    },
  },
  'PATCH /api/lessons/{id}': { param: 'newLesson', body: { version: 1, topic: 'Сложение дробей' }, ...LESSON_WRITE },
  'PUT /api/lessons/{id}/homework': { param: 'newLesson', body: { version: null, text: '§ 5, № 12', dueDate: '{due}' }, ...LESSON_WRITE },
  'DELETE /api/lessons/{id}/homework': { param: 'newHomework', query: 'version=1', ...LESSON_WRITE },
  'POST /api/lessons/{id}/homework/files': { param: 'newHomework', upload: true, ...LESSON_WRITE },
  'GET /api/files/{id}': {
    param: 'file',
    allow: {
      student: ['A5'],
      parent1: ['A5'],
      parent2: ['A6', 'B'],
      subjectTeacher: ['A5'],
      classTeacher: ['A5'],
      // [001 §5.4.2] the substitute reads the page of the lesson they replace, its attachments included.
      substitute: ['A5'],
      deputy: ['A5', 'A6'],
      director: ['A5', 'A6'],
      admin: ['A5', 'A6'],
    },
  },
  // [001 §5.4.2] the teacher of the file's lesson (or its substitute) removes an attachment.
  'DELETE /api/files/{id}': { param: 'newFile', ...LESSON_WRITE },
  'POST /api/lessons/{id}/works': { param: 'newLesson', body: { workType: 'test', title: 'Тест' }, ...LESSON_WRITE },
  'PATCH /api/works/{id}': { param: 'newWork', body: { version: 1, workType: 'test' }, ...LESSON_WRITE },
  'DELETE /api/works/{id}': { param: 'newWork', query: 'version=1', ...LESSON_WRITE },
  'PUT /api/marks': { param: 'newWork', body: { workId: '{id}', studentId: '{student}', value: '5', version: null }, ...LESSON_WRITE },
  'DELETE /api/marks/{id}': { param: 'newMark', query: 'version=1', ...LESSON_WRITE },
  'PUT /api/attendance': {
    param: 'newLesson',
    body: { lessonId: '{id}', studentId: '{student}', code: 'н', version: null },
    ...LESSON_WRITE,
  },
  'POST /api/lessons/{id}/all-present': { param: 'newLesson', ...LESSON_WRITE },
  'GET /api/classes/{id}/attendance-week': { param: 'class', query: 'date={today}', allow: { classTeacher: ['A5'], admin: ['A5', 'A6'] } },
  // [000 §4.2] the class teacher corrects the week's absences of their class.
  'PUT /api/attendance/correction': {
    param: 'newLesson',
    body: { lessonId: '{id}', studentId: '{student}', code: 'у', version: null, reason: 'Справка' },
    allow: { classTeacher: ['sub', 'A5'], admin: ['sub', 'A5', 'A6'] },
  },
  'GET /api/pages/{id}/history': {
    param: 'page',
    query: 'entity=topic&key=x',
    allow: {
      subjectTeacher: ['A5'],
      classTeacher: ['A5'],
      substitute: ['A5'],
      deputy: ['A5', 'A6'],
      director: ['A5', 'A6'],
      admin: ['A5', 'A6'],
    },
  },
  'GET /api/pages/{id}/plan': {
    param: 'page',
    allow: {
      subjectTeacher: ['A5'],
      classTeacher: ['A5'],
      substitute: ['A5'],
      deputy: ['A5', 'A6'],
      director: ['A5', 'A6'],
      admin: ['A5', 'A6'],
    },
  },
  'PUT /api/pages/{id}/plan': { param: 'page', body: { items: [{ topic: 'Дроби', hours: 2 }] }, allow: { subjectTeacher: ['A5'] } },
  'POST /api/pages/{id}/plan/import': { param: 'page', upload: 'plan', allow: { subjectTeacher: ['A5'] } },
  'GET /api/pages/{id}/finals': {
    param: 'page',
    allow: {
      subjectTeacher: ['A5'],
      classTeacher: ['A5'],
      substitute: ['A5'],
      deputy: ['A5', 'A6'],
      director: ['A5', 'A6'],
      admin: ['A5', 'A6'],
    },
  },
  'POST /api/pages/{id}/finals/confirm': {
    param: 'page',
    body: { kind: 'period', periodId: '{period}', items: [{ studentId: '{mate}', value: '5', version: null }] },
    allow: { subjectTeacher: ['A5'] },
  },
  'PUT /api/finals': {
    param: 'page',
    body: { pageId: '{id}', studentId: '{student}', kind: 'period', periodId: '{period}', value: '5', version: null },
    allow: { subjectTeacher: ['A5'] },
  },
  'GET /api/pages/{id}/finals/history': {
    param: 'page',
    query: 'studentId={child}&kind=period&periodId={period}',
    allow: {
      subjectTeacher: ['A5'],
      classTeacher: ['A5'],
      substitute: ['A5'],
      deputy: ['A5', 'A6'],
      director: ['A5', 'A6'],
      admin: ['A5', 'A6'],
    },
  },
  'GET /api/classes/{id}/summary-sheet': {
    param: 'class',
    allow: { classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/classes/{id}/summary-sheet.pdf': {
    param: 'class',
    allow: { classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/classes/{id}/summary-sheet.xlsx': {
    param: 'class',
    allow: { classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  // [002 §4.7] the paper journal and the year-end archive: archivist, ICT deputy, director, administrator, and the
  // academic deputy, who checks the transfer to paper [002 §4.3] (school.archive).
  'GET /api/archive/catalogue': { param: 'none', allow: { deputy: ['any'], director: ['any'], admin: ['any'] } },
  'GET /api/classes/{id}/journal.pdf': { param: 'class', allow: { deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] } },
  'GET /api/classes/{id}/archive.zip': { param: 'class', allow: { deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] } },
  'GET /api/diary': { param: 'student', query: 'studentId={id}&from={today}&to={today}', allow: STUDENT_READERS },
  'GET /api/students/{id}/marks': {
    param: 'student',
    query: 'periodId={period}',
    allow: {
      student: ['child'],
      parent1: ['child'],
      parent2: ['sibling', 'childB'],
      subjectTeacher: ['child', 'classmate'],
      classTeacher: ['child', 'classmate'],
      deputy: ['child', 'classmate', 'sibling'],
      director: ['child', 'classmate', 'sibling'],
      admin: ['child', 'classmate', 'sibling'],
    },
  },
  'GET /api/students/{id}/finals': {
    param: 'student',
    allow: {
      student: ['child'],
      parent1: ['child'],
      parent2: ['sibling', 'childB'],
      subjectTeacher: ['child', 'classmate'],
      classTeacher: ['child', 'classmate'],
      deputy: ['child', 'classmate', 'sibling'],
      director: ['child', 'classmate', 'sibling'],
      admin: ['child', 'classmate', 'sibling'],
    },
  },
  'GET /api/students/{id}/homework': {
    param: 'student',
    query: 'from={today}&to={today}',
    allow: {
      student: ['child'],
      parent1: ['child'],
      parent2: ['sibling', 'childB'],
      subjectTeacher: ['child', 'classmate'],
      classTeacher: ['child', 'classmate'],
      deputy: ['child', 'classmate', 'sibling'],
      director: ['child', 'classmate', 'sibling'],
      admin: ['child', 'classmate', 'sibling'],
    },
  },
  'GET /api/diary/calendar-feeds': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  'POST /api/diary/calendar-feeds': {
    param: 'student',
    body: { studentId: '{id}' },
    allow: {
      student: ['child'],
      parent1: ['child'],
      parent2: ['sibling', 'childB'],
      subjectTeacher: ['child', 'classmate'],
      classTeacher: ['child', 'classmate'],
      deputy: ['child', 'classmate', 'sibling'],
      director: ['child', 'classmate', 'sibling'],
      admin: ['child', 'classmate', 'sibling'],
    },
  },
  'DELETE /api/diary/calendar-feeds/{id}': { param: 'newFeed', allow: each(SIGNED_IN, ['self']) },
  // The secret file name is the capability: a live feed answers anyone who has it, a revoked or forged one nobody.
  'GET /ical/{file}': { param: 'feedFile', public: true, allow: each(EVERYONE, ['live', 'B']) },
  // A school the actor is not in: 404 (src/modules/messages/messages.service.ts; it was an empty list).
  'GET /api/messages/recipients': { param: 'school', query: 'schoolId={id}', allow: { ...each(SIGNED_IN, ['A']), parent2: ['A', 'B'] } },
  'GET /api/messages/threads': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  // [000 §2.6] who may write to whom: teachers to their pupils and families, families to their children's
  // teachers, the administration to and from anyone, never to oneself, never to another school.
  'POST /api/messages/threads': {
    param: 'person',
    body: { recipientIds: ['{id}'], subject: 'Вопрос', body: 'Здравствуйте' },
    allow: {
      parent2: ['staff', 'B'],
      subjectTeacher: ['child', 'staff'],
      classTeacher: ['child', 'staff'],
      substitute: ['staff'],
      deputy: ['child', 'staff'],
      director: ['child', 'staff'],
      admin: ['child', 'staff'],
    },
  },
  'GET /api/messages/unread': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  'POST /api/classes/{id}/parent-messages': {
    param: 'class',
    body: { subject: 'Собрание', body: 'Родительское собрание в пятницу' },
    allow: { classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/messages/threads/{id}': { param: 'thread', allow: each(SIGNED_IN, ['own']) },
  'POST /api/messages/threads/{id}/messages': { param: 'thread', body: { body: 'Спасибо' }, allow: each(SIGNED_IN, ['own']) },
  'POST /api/messages/threads/{id}/read': { param: 'thread', allow: each(SIGNED_IN, ['own']) },
  'PUT /api/messages/threads/{id}/archive': { param: 'thread', body: { archived: true }, allow: each(SIGNED_IN, ['own']) },
  'POST /api/messages/attachments': {
    param: 'school',
    query: 'schoolId={id}',
    upload: true,
    allow: { ...each(SIGNED_IN, ['A']), parent2: ['A', 'B'] },
  },
  'GET /api/messages/attachments/{id}': { param: 'attachment', allow: each(SIGNED_IN, ['own', 'draft']) },
  'GET /api/messages/blocks': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  // Blocking oneself is refused (400); a person of another school is not found.
  'PUT /api/messages/blocks/{personId}': {
    param: 'person',
    allow: { ...each(SIGNED_IN, ['child', 'staff']), student: ['staff'], parent2: ['child', 'staff', 'B'] },
    answers: { ...each(SIGNED_IN, { self: 400 }), student: { self: 400, child: 400 } },
  },
  // Unblocking is idempotent: whoever was not blocked is answered 200 and nothing changes.
  'DELETE /api/messages/blocks/{personId}': {
    param: 'person',
    allow: { ...each(SIGNED_IN, ['child', 'staff']), student: ['staff'], parent2: ['child', 'staff', 'B'] },
    answers: {
      ...each(SIGNED_IN, { self: 200, B: 200 }),
      student: { self: 200, child: 200, B: 200 },
      methodologist: { child: 200, staff: 200, B: 200 },
    },
  },
  'POST /api/messages/{id}/report': { param: 'message', body: { reason: 'Грубость' }, allow: each(SIGNED_IN, ['own']) },
  'GET /api/messages/reports': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  'POST /api/messages/reports/{id}/resolve': {
    param: 'newReport',
    body: { resolution: 'Проверено, меры приняты' },
    allow: each(HEADS, ['A']),
  },
  // A FILTER of the actor's own list (the news of their schools' audiences they belong to): an id outside it narrows the list to nothing — 200 with an
  // empty list, never 404 (the suite checks that no object outside the actor's scope is in any answer).
  'GET /api/news': { param: 'class', query: 'classId={id}', allow: each(ACCOUNTS, ['A5', 'A6', 'B']) },
  'POST /api/news': {
    param: 'class',
    body: { kind: 'announcement', audience: 'class', classId: '{id}', title: 'Собрание', body: 'В пятницу' },
    allow: { classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/news/calendar': {
    param: 'none',
    query: 'from={today}&to={today}',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  // News by audience: the school's for everyone of the school, a class's for its families and teachers,
  // the staff room for staff; the administration reads all of its school.
  'GET /api/news/{id}': { param: 'news', allow: NEWS_READERS },
  'PUT /api/news/{id}': {
    param: 'newPost',
    body: { kind: 'announcement', audience: '{audience}', classId: '{classId}', title: 'Собрание (перенесено)', body: 'В субботу' },
    allow: NEWS_EDITORS,
  },
  'DELETE /api/news/{id}': { param: 'newPost', allow: NEWS_EDITORS },
  'POST /api/news/{id}/read': { param: 'news', allow: NEWS_READERS },
  'GET /api/news/{id}/receipts': {
    param: 'news',
    allow: { classTeacher: ['class5'], ...each(HEADS, ['school', 'class5', 'class6', 'staff']) },
  },
  'GET /api/school-files': { param: 'school', query: 'schoolId={id}', allow: { ...each(SIGNED_IN, ['A']), parent2: ['A', 'B'] } },
  // [001 §2.3] the files section: families see open folders; staff see all and add to them; renaming and
  // removing is for the author and the administration — a visible folder refused so answers 403.
  'GET /api/school-files/folders/{id}': { param: 'folder', allow: FOLDER_READERS },
  'PATCH /api/school-files/folders/{id}': {
    param: 'newFolder',
    body: { name: 'Папка {uniq}' },
    allow: FOLDER_MANAGERS,
    forbid: FOLDER_REFUSED,
  },
  'DELETE /api/school-files/folders/{id}': { param: 'newFolder', allow: FOLDER_MANAGERS, forbid: FOLDER_REFUSED },
  'POST /api/school-files/folders': {
    param: 'folder',
    body: { parentId: '{id}', name: 'Папка {uniq}', access: 'everyone' },
    allow: each(STAFF, ['root', 'open', 'staff']),
    forbid: { ...each(FAMILY, ['root', 'open']), parent2: ['root', 'open', 'B'] },
  },
  'POST /api/school-files/folders/{id}/files': {
    param: 'folder',
    upload: true,
    allow: each(STAFF, ['root', 'open', 'staff']),
    forbid: { ...each(FAMILY, ['root', 'open']), parent2: ['root', 'open', 'B'] },
  },
  'GET /api/school-files/files/{id}': {
    param: 'schoolFile',
    allow: { ...each(FAMILY, ['open']), parent2: ['open', 'B'], ...each(STAFF, ['open', 'staff']) },
  },
  'DELETE /api/school-files/files/{id}': {
    param: 'newSchoolFile',
    allow: FOLDER_MANAGERS,
    forbid: FOLDER_REFUSED,
  },
  'GET /api/notifications': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  // Someone else's notification id is ignored: 200 and nothing changes.
  'POST /api/notifications/read': {
    param: 'notification',
    body: { ids: ['{id}'] },
    allow: each(SIGNED_IN, ['own']),
    answers: each(ACCOUNTS, { other: 200, B: 200 }),
  },
  'GET /api/notifications/preferences': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  'PUT /api/notifications/preferences/{schoolId}': {
    param: 'school',
    body: {
      email: false,
      sms: false,
      kinds: ['mark', 'absence'],
      digest: false,
      digestHour: 19,
      quietStart: null,
      quietEnd: null,
      weeklyReport: false,
    },
    allow: { ...each(SIGNED_IN, ['A']), parent2: ['A', 'B'] },
  },
  // [004 teacher] mailings to the parents of a class: its class teacher, its teachers, the administration.
  'POST /api/classes/{id}/mailings': {
    param: 'class',
    body: { subject: 'Экскурсия', text: 'В среду экскурсия в музей' },
    allow: { subjectTeacher: ['A5'], classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/classes/{id}/mailings': {
    param: 'class',
    allow: { subjectTeacher: ['A5'], classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/students/{id}/parent-report': {
    param: 'student',
    allow: {
      student: ['child'],
      parent1: ['child'],
      parent2: ['sibling', 'childB'],
      subjectTeacher: ['child', 'classmate'],
      classTeacher: ['child', 'classmate'],
      deputy: ['child', 'classmate', 'sibling'],
      director: ['child', 'classmate', 'sibling'],
      admin: ['child', 'classmate', 'sibling'],
    },
  },
  'GET /api/students/{id}/parent-report.pdf': {
    param: 'student',
    allow: {
      student: ['child'],
      parent1: ['child'],
      parent2: ['sibling', 'childB'],
      subjectTeacher: ['child', 'classmate'],
      classTeacher: ['child', 'classmate'],
      deputy: ['child', 'classmate', 'sibling'],
      director: ['child', 'classmate', 'sibling'],
      admin: ['child', 'classmate', 'sibling'],
    },
  },
  'POST /api/students/{id}/parent-report/send': {
    param: 'student',
    body: {},
    allow: {
      classTeacher: ['child', 'classmate'],
      deputy: ['child', 'classmate', 'sibling'],
      director: ['child', 'classmate', 'sibling'],
      admin: ['child', 'classmate', 'sibling'],
    },
  },
  'GET /api/classes/{id}/paper-reports.pdf': {
    param: 'class',
    allow: { classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/consents/mine': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  'GET /api/parents/{id}/consents': {
    param: 'parent',
    allow: {
      parent1: ['parent1'],
      parent2: ['parent2'],
      classTeacher: ['parent1'],
      deputy: ['parent1', 'parent2'],
      director: ['parent1', 'parent2'],
      admin: ['parent1', 'parent2'],
    },
  },
  // [003 §5.2] consents are recorded by the class teacher of the parent's child and the administrator;
  // the parent gives or withdraws e-mail/SMS consent themself; the director and deputy only read (403).
  'PUT /api/parents/{id}/consents/{purpose}': {
    param: 'parent',
    body: { status: 'given', document: 'Заявление № {uniq}' },
    allow: { parent1: ['parent1'], parent2: ['parent2'], classTeacher: ['parent1'], admin: ['parent1', 'parent2'] },
    forbid: { deputy: ['parent1', 'parent2'], director: ['parent1', 'parent2'] },
  },
  'GET /api/classes/{id}/consents': {
    param: 'class',
    allow: { classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  // [000 §3.5] a teacher reads the control of their own page; the administration of the school, of any page,
  // class or teacher (a teacher of another school filters the report to nothing).
  'GET /api/reports/control': {
    param: 'scopeT',
    query: 'from={today}&to={today}&schoolId={schoolId}&classId={classId}&teacherId={teacherId}&pageId={pageId}',
    allow: { ...each(TEACHERS, ['A5']), ...each(HEADS, ['A', 'A5', 'A6', 'teacherA']) },
    answers: each(HEADS, { teacherB: 200 }),
  },
  'GET /api/reports/control/file': {
    param: 'scopeFile',
    query: 'from={today}&to={today}&schoolId={schoolId}&classId={classId}&teacherId={teacherId}&pageId={pageId}&format=xlsx',
    allow: { ...each(TEACHERS, ['A5']), ...each(HEADS, ['A5', 'A6']) },
  },
  'GET /api/reports/control/pages/{pageId}': {
    param: 'page',
    query: 'from={today}&to={today}',
    allow: {
      subjectTeacher: ['A5'],
      classTeacher: ['A5'],
      substitute: ['A5'],
      deputy: ['A5', 'A6'],
      director: ['A5', 'A6'],
      admin: ['A5', 'A6'],
    },
  },
  'GET /api/reports/control/pages/{pageId}/file': {
    param: 'page',
    query: 'from={today}&to={today}&format=pdf',
    allow: {
      subjectTeacher: ['A5'],
      classTeacher: ['A5'],
      substitute: ['A5'],
      deputy: ['A5', 'A6'],
      director: ['A5', 'A6'],
      admin: ['A5', 'A6'],
    },
  },
  'GET /api/reports/activity': {
    param: 'scope',
    query: 'from={today}&to={today}&schoolId={schoolId}&classId={classId}',
    allow: { classTeacher: ['A5'], ...each(HEADS, ['A', 'A5', 'A6']) },
  },
  'GET /api/reports/activity/file': {
    param: 'scopeFile',
    query: 'from={today}&to={today}&schoolId={schoolId}&classId={classId}&format=xlsx',
    allow: { classTeacher: ['A5'], ...each(HEADS, ['A5', 'A6']) },
  },
  'GET /api/reports/performance': {
    param: 'scope',
    query: 'schoolId={schoolId}&classId={classId}&periodId={period}',
    allow: { classTeacher: ['A5'], ...each(HEADS, ['A', 'A5', 'A6']) },
  },
  'GET /api/reports/performance/file': {
    param: 'scopeFile',
    query: 'schoolId={schoolId}&classId={classId}&periodId={period}&format=xlsx',
    allow: { classTeacher: ['A5'], ...each(HEADS, ['A5', 'A6']) },
  },
  'GET /api/reports/periods': {
    param: 'scope',
    query: 'schoolId={schoolId}&classId={classId}&pageId={pageId}',
    allow: { ...each(TEACHERS, ['A5']), ...each(HEADS, ['A', 'A5', 'A6']) },
  },
  'GET /api/reports/attendance': {
    param: 'scope',
    query: 'from={today}&to={today}&schoolId={schoolId}&classId={classId}',
    allow: { classTeacher: ['A5'], ...each(HEADS, ['A', 'A5', 'A6']) },
  },
  'GET /api/reports/attendance/file': {
    param: 'scopeFile',
    query: 'from={today}&to={today}&schoolId={schoolId}&classId={classId}&format=xlsx',
    allow: { classTeacher: ['A5'], ...each(HEADS, ['A5', 'A6']) },
  },
  'GET /api/reports/subject-analysis/{pageId}': {
    param: 'page',
    query: 'periodId={period}',
    allow: {
      subjectTeacher: ['A5'],
      classTeacher: ['A5'],
      substitute: ['A5'],
      deputy: ['A5', 'A6'],
      director: ['A5', 'A6'],
      admin: ['A5', 'A6'],
    },
  },
  'GET /api/reports/subject-analysis/{pageId}/file': {
    param: 'page',
    query: 'periodId={period}&format=pdf',
    allow: {
      subjectTeacher: ['A5'],
      classTeacher: ['A5'],
      substitute: ['A5'],
      deputy: ['A5', 'A6'],
      director: ['A5', 'A6'],
      admin: ['A5', 'A6'],
    },
  },
  'GET /api/reports/class-analysis/{classId}': {
    param: 'class',
    query: 'periodId={period}',
    allow: { classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/reports/class-analysis/{classId}/file': {
    param: 'class',
    query: 'periodId={period}&format=pdf',
    allow: { classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/reports/region/schools': {
    param: 'none',
    allow: {
      student: ['any'],
      parent1: ['any'],
      parent2: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      substitute: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
      methodologist: ['any'],
    },
  },
  // No role of the world is a regional methodologist: no region is found for any of them.
  // [DOMAIN §1] the region view: only a methodologist (region_memberships), over the schools they watch.
  'GET /api/reports/region': { param: 'none', query: 'from={today}&to={today}', allow: { methodologist: ['any'] } },
  'GET /api/reports/region/file': { param: 'none', query: 'from={today}&to={today}&format=pdf', allow: { methodologist: ['any'] } },
};
