/**
 * The access-control matrix: the expected answer of every endpoint of the OpenAPI document to every role,
 * for objects of every relation [DOMAIN §1 access rule], [000 §3.6], [002 §3.6], [003 §2.5].
 * test/security/matrix-suite.ts runs it; it FAILS when an endpoint of GET /api/openapi.json has no row here,
 * so a new endpoint cannot ship without deciding who may reach it.
 *
 * LEGEND
 * Key: 'METHOD /path' exactly as in the OpenAPI document.
 * param — the kind of object that fills the path parameter ({id}, {pageId}, {classId}, {personId}, {schoolId}):
 *   class, page, load (a load is its journal page), lesson, work, mark, file (homework attachment): by relation
 *     A5 = of class 5А in school A (the child's class: the class teacher's class, the subject teacher's page),
 *     A6 = of class 6Б in school A (another class; its student is parent2's child), B = of school B;
 *     lesson also: sub = a 5А lesson the substitute replaces (A5 is a 5А lesson they do not).
 *   student: child (the signed-in student; parent1's child; 5А), classmate (5А), sibling (6Б; parent2's child),
 *     childB (school B; parent2's child there).
 *   person: self (the actor's own person), child, staff (a teacher of school A), B (a teacher of school B).
 *   account: student (a 5А student), staff (a teacher of A), B (a student of B) — accounts nobody signs in with,
 *     because reset/block really happen.
 *   parent: parent1, parent2 (school A persons), B (a parent of school B).
 *   year, period, holiday, subject, school: A or B. subgroup: A5, A6, B.
 *   none — no object in the path: the relation is 'any'; a role not allowed gets 403 or 404
 *     (403 for school-wide administration endpoints, 404 where the school itself is out of scope).
 *   missing — objects the world does not build yet (threads, news, folders, sessions, feeds…): the id is a
 *     random UUID and the row only proves that nobody reaches a nonexistent object (allow stays empty).
 * allow — role → the relations for which the role gets an answer that does not hide the object: 2xx, or a
 *   validation/conflict answer (400, 409, 422, 423) to the deliberately minimal body. Every other relation must
 *   answer 404 or 403, or exactly what the same role gets for a nonexistent id (the body is validated before the
 *   object is looked up, so both get the same 400) — never 2xx, never a different answer that tells the id exists.
 * Roles: student, parent1 (one child), parent2 (children in two schools), subjectTeacher, classTeacher (5А),
 *   substitute, deputy, director, admin, blocked (signed in, then blocked: 401), anon (signed out: 401).
 * public — answers without a session (anon and blocked are not expected to get 401).
 * query/body — sent with the request; {id} is the object, {period}/{year} the period/year of the object's school,
 *   {today} today's date, {child} the child's id.
 * Signed out and blocked: 401 — except that the schema of the query and body is checked before the session, so a
 *   request whose minimal body/query is invalid answers 400 request.invalid to them too (tolerated and counted; it
 *   tells nothing about any object).
 * Deletions: once an allowed role really deleted an object, later allowed roles may get 404 for it.
 * mismatch — where the real answer differs from what src/domain/policy.ts says; each is reported as a bug.
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
  'blocked',
  'anon',
] as const;
export type RoleName = (typeof ROLE_NAMES)[number];
export type ParamKind =
  | 'none'
  | 'missing'
  | 'class'
  | 'page'
  | 'load'
  | 'lesson'
  | 'work'
  | 'mark'
  | 'file'
  | 'student'
  | 'person'
  | 'account'
  | 'parent'
  | 'year'
  | 'period'
  | 'holiday'
  | 'subject'
  | 'subgroup'
  | 'school';

export interface MatrixRow {
  param: ParamKind;
  query?: string;
  body?: unknown;
  allow: Partial<Record<RoleName, readonly string[]>>;
  public?: true;
  /** A role outside `allow` may get 2xx with a list filtered to its scope (lists without an object). */
  scopedList?: true;
  mismatch?: string;
}

export const ACCESS_MATRIX: Record<string, MatrixRow> = {
  'GET /api/health': {
    param: 'none',
    public: true,
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
    },
  },
  'POST /api/auth/login': { param: 'none', public: true, allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/auth/logout': { param: 'none', allow: {} },
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
    },
  },
  'POST /api/auth/password': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
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
    },
  },
  'DELETE /api/auth/sessions/{id}': { param: 'missing', allow: {} },
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
    },
  },
  'POST /api/auth/totp/enable': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/classes': {
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
    },
  },
  'POST /api/classes': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/classes/{id}/students': {
    param: 'class',
    allow: { subjectTeacher: ['A5'], classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/years': {
    param: 'none',
    allow: { subjectTeacher: ['any'], classTeacher: ['any'], substitute: ['any'], deputy: ['any'], director: ['any'], admin: ['any'] },
  },
  'POST /api/years': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/years/{id}': {
    param: 'year',
    allow: { subjectTeacher: ['A'], classTeacher: ['A'], substitute: ['A'], deputy: ['A'], director: ['A'], admin: ['A'] },
  },
  'POST /api/years/{id}/activate': { param: 'year', allow: { admin: ['A'] } },
  'PUT /api/years/{id}/periods': { param: 'year', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/years/{id}/holidays': { param: 'year', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'DELETE /api/holidays/{id}': { param: 'holiday', allow: { admin: ['A'] } },
  'POST /api/periods/{id}/close': { param: 'period', allow: { admin: ['A'] } },
  'POST /api/periods/{id}/reopen': { param: 'period', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/years/{id}/close-and-promote': { param: 'year', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/subjects': {
    param: 'none',
    allow: { subjectTeacher: ['any'], classTeacher: ['any'], substitute: ['any'], deputy: ['any'], director: ['any'], admin: ['any'] },
  },
  'POST /api/subjects': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'PATCH /api/subjects/{id}': { param: 'subject', allow: { admin: ['A'] } },
  'GET /api/years/{id}/curriculum': {
    param: 'year',
    allow: { subjectTeacher: ['A'], classTeacher: ['A'], substitute: ['A'], deputy: ['A'], director: ['A'], admin: ['A'] },
  },
  'PUT /api/years/{id}/curriculum': { param: 'year', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/classes/{id}': {
    param: 'class',
    allow: { subjectTeacher: ['A5'], classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'PATCH /api/classes/{id}': { param: 'class', allow: { admin: ['A5', 'A6'] } },
  'PUT /api/classes/{id}/class-teacher': { param: 'class', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/classes/{id}/subgroups': {
    param: 'class',
    allow: { subjectTeacher: ['A5'], classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'POST /api/classes/{id}/subgroups': { param: 'class', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'PATCH /api/subgroups/{id}': { param: 'subgroup', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'DELETE /api/subgroups/{id}': { param: 'subgroup', allow: { classTeacher: ['A5'], admin: ['A5', 'A6'] } },
  'PUT /api/subgroups/{id}/members': { param: 'subgroup', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/loads': {
    param: 'none',
    allow: { subjectTeacher: ['any'], classTeacher: ['any'], substitute: ['any'], deputy: ['any'], director: ['any'], admin: ['any'] },
  },
  'POST /api/loads': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'PATCH /api/loads/{id}': { param: 'load', allow: { admin: ['A5', 'A6'] } },
  'DELETE /api/loads/{id}': { param: 'load', allow: { admin: ['A5', 'A6'] } },
  'GET /api/bells': {
    param: 'none',
    allow: { subjectTeacher: ['any'], classTeacher: ['any'], substitute: ['any'], deputy: ['any'], director: ['any'], admin: ['any'] },
  },
  'PUT /api/bells': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/timetable': {
    param: 'none',
    query: 'date={today}',
    allow: { subjectTeacher: ['any'], classTeacher: ['any'], substitute: ['any'], deputy: ['any'], director: ['any'], admin: ['any'] },
  },
  'POST /api/timetable': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/timetable/lessons': {
    param: 'none',
    query: 'from={today}&to={today}',
    allow: { subjectTeacher: ['any'], classTeacher: ['any'], substitute: ['any'], deputy: ['any'], director: ['any'], admin: ['any'] },
  },
  'POST /api/lessons/extra': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/lessons/{id}/move': { param: 'lesson', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'PUT /api/lessons/{id}/substitute': { param: 'lesson', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/people': { param: 'none', allow: { deputy: ['any'], director: ['any'], admin: ['any'] } },
  'POST /api/people': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
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
    allow: {
      subjectTeacher: ['self'],
      classTeacher: ['self', 'child'],
      substitute: ['self'],
      deputy: ['self'],
      director: ['self'],
      admin: ['self', 'child', 'staff'],
    },
  },
  'PUT /api/people/{id}/roles': { param: 'person', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/people/{id}/parents': { param: 'person', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'DELETE /api/people/{id}/parents/{parentId}': { param: 'person', allow: { classTeacher: ['child'], admin: ['child'] } },
  'POST /api/credentials/issue': { param: 'none', allow: {} }, // the service rejects the empty body (400 school.invalid) for every role before deciding who may issue
  'POST /api/credentials/slips.pdf': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/accounts/{personId}/reset': { param: 'account', allow: { classTeacher: ['student'], admin: ['student', 'staff'] } },
  'POST /api/accounts/{personId}/block': { param: 'account', allow: { classTeacher: ['student'], admin: ['student', 'staff'] } },
  'POST /api/accounts/{personId}/unblock': { param: 'account', allow: { classTeacher: ['student'], admin: ['student', 'staff'] } },
  'POST /api/students/{id}/movements': { param: 'student', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
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
  'GET /api/audit': { param: 'none', allow: { director: ['any'], admin: ['any'] } },
  'POST /api/import/preview': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/import/commit': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/pages': {
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
    },
  },
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
  'PATCH /api/lessons/{id}': { param: 'lesson', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'PUT /api/lessons/{id}/homework': { param: 'lesson', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'DELETE /api/lessons/{id}/homework': { param: 'lesson', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/lessons/{id}/homework/files': { param: 'lesson', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/files/{id}': {
    param: 'file',
    allow: {
      student: ['A5'],
      parent1: ['A5'],
      parent2: ['A6', 'B'],
      subjectTeacher: ['A5'],
      classTeacher: ['A5'],
      deputy: ['A5', 'A6'],
      director: ['A5', 'A6'],
      admin: ['A5', 'A6'],
    },
  },
  'POST /api/lessons/{id}/works': { param: 'lesson', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'PATCH /api/works/{id}': { param: 'work', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'DELETE /api/works/{id}': { param: 'work', allow: { subjectTeacher: ['A5'] } },
  'PUT /api/marks': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'DELETE /api/marks/{id}': { param: 'mark', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'PUT /api/attendance': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/lessons/{id}/all-present': { param: 'lesson', allow: { subjectTeacher: ['sub', 'A5'], substitute: ['sub'] } },
  'GET /api/classes/{id}/attendance-week': { param: 'class', query: 'date={today}', allow: { classTeacher: ['A5'], admin: ['A5', 'A6'] } },
  'PUT /api/attendance/correction': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
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
  'PUT /api/pages/{id}/plan': { param: 'page', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
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
  'POST /api/pages/{id}/finals/confirm': { param: 'page', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'PUT /api/finals': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
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
  'GET /api/diary': {
    param: 'none',
    query: 'studentId={child}&from={today}&to={today}',
    allow: {
      student: ['any'],
      parent1: ['any'],
      subjectTeacher: ['any'],
      classTeacher: ['any'],
      deputy: ['any'],
      director: ['any'],
      admin: ['any'],
    },
  },
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
    },
  },
  'POST /api/diary/calendar-feeds': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'DELETE /api/diary/calendar-feeds/{id}': { param: 'missing', allow: {} },
  'GET /ical/{file}': { param: 'missing', public: true, allow: {} },
  'GET /api/messages/recipients': {
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
    },
  },
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
    },
  },
  'POST /api/messages/threads': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
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
    },
  },
  'POST /api/classes/{id}/parent-messages': { param: 'class', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/messages/threads/{id}': { param: 'missing', allow: {} },
  'POST /api/messages/threads/{id}/messages': { param: 'missing', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/messages/threads/{id}/read': { param: 'missing', allow: {} },
  'PUT /api/messages/threads/{id}/archive': { param: 'missing', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/messages/attachments': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/messages/attachments/{id}': { param: 'missing', allow: {} },
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
    },
  },
  'PUT /api/messages/blocks/{personId}': {
    param: 'person',
    allow: {
      student: ['self', 'child', 'staff'],
      parent1: ['self', 'child', 'staff'],
      parent2: ['self', 'child', 'staff', 'B'],
      subjectTeacher: ['self', 'child', 'staff'],
      classTeacher: ['self', 'child', 'staff'],
      substitute: ['self', 'child', 'staff'],
      deputy: ['self', 'child', 'staff'],
      director: ['self', 'child', 'staff'],
      admin: ['self', 'child', 'staff'],
    },
  },
  'DELETE /api/messages/blocks/{personId}': {
    param: 'person',
    allow: {
      student: ['self', 'child', 'staff', 'B'],
      parent1: ['self', 'child', 'staff', 'B'],
      parent2: ['self', 'child', 'staff', 'B'],
      subjectTeacher: ['self', 'child', 'staff', 'B'],
      classTeacher: ['self', 'child', 'staff', 'B'],
      substitute: ['self', 'child', 'staff', 'B'],
      deputy: ['self', 'child', 'staff', 'B'],
      director: ['self', 'child', 'staff', 'B'],
      admin: ['self', 'child', 'staff', 'B'],
    },
  },
  'POST /api/messages/{id}/report': { param: 'missing', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
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
    },
  },
  'POST /api/messages/reports/{id}/resolve': { param: 'missing', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/news': {
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
    },
  },
  'POST /api/news': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
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
    },
  },
  'GET /api/news/{id}': { param: 'missing', allow: {} },
  'PUT /api/news/{id}': { param: 'missing', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'DELETE /api/news/{id}': { param: 'missing', allow: {} },
  'POST /api/news/{id}/read': { param: 'missing', allow: {} },
  'GET /api/news/{id}/receipts': { param: 'missing', allow: {} },
  'GET /api/school-files': {
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
    },
  },
  'GET /api/school-files/folders/{id}': { param: 'missing', allow: {} },
  'PATCH /api/school-files/folders/{id}': { param: 'missing', allow: {} },
  'DELETE /api/school-files/folders/{id}': { param: 'missing', allow: {} },
  'POST /api/school-files/folders': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/school-files/folders/{id}/files': { param: 'missing', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/school-files/files/{id}': { param: 'missing', allow: {} },
  'DELETE /api/school-files/files/{id}': { param: 'missing', allow: {} },
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
    },
  },
  'POST /api/notifications/read': {
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
    },
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
    },
  },
  'PUT /api/notifications/preferences/{schoolId}': { param: 'school', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'POST /api/classes/{id}/mailings': { param: 'class', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
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
  'PUT /api/parents/{id}/consents/{purpose}': { param: 'parent', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/classes/{id}/consents': {
    param: 'class',
    allow: { classTeacher: ['A5'], deputy: ['A5', 'A6'], director: ['A5', 'A6'], admin: ['A5', 'A6'] },
  },
  'GET /api/reports/control': {
    param: 'none',
    query: 'from={today}&to={today}',
    allow: { deputy: ['any'], director: ['any'], admin: ['any'] },
  },
  'GET /api/reports/control/file': {
    param: 'none',
    query: 'from={today}&to={today}&format=pdf',
    allow: { deputy: ['any'], director: ['any'], admin: ['any'] },
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
    param: 'none',
    query: 'from={today}&to={today}',
    allow: { deputy: ['any'], director: ['any'], admin: ['any'] },
  },
  'GET /api/reports/activity/file': {
    param: 'none',
    query: 'from={today}&to={today}&format=pdf',
    allow: { deputy: ['any'], director: ['any'], admin: ['any'] },
  },
  'GET /api/reports/performance': {
    param: 'none',
    query: 'periodId={period}',
    allow: { deputy: ['any'], director: ['any'], admin: ['any'] },
  },
  'GET /api/reports/performance/file': {
    param: 'none',
    query: 'periodId={period}&format=pdf',
    allow: { deputy: ['any'], director: ['any'], admin: ['any'] },
  },
  'GET /api/reports/periods': { param: 'none', allow: { deputy: ['any'], director: ['any'], admin: ['any'] } },
  'GET /api/reports/attendance': {
    param: 'none',
    query: 'from={today}&to={today}',
    allow: { deputy: ['any'], director: ['any'], admin: ['any'] },
  },
  'GET /api/reports/attendance/file': {
    param: 'none',
    query: 'from={today}&to={today}&format=pdf',
    allow: { deputy: ['any'], director: ['any'], admin: ['any'] },
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
    },
  },
  'GET /api/reports/region': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
  'GET /api/reports/region/file': { param: 'none', allow: {} }, // the minimal body/query is rejected for every role before the object is looked up
};
