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
 * mismatch — where the real answer differs from what src/domain/policy.ts says; each is reported as a bug.
 */
export const ROLE_NAMES = ['student', 'parent1', 'parent2', 'subjectTeacher', 'classTeacher', 'substitute', 'deputy', 'director', 'admin', 'blocked', 'anon'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];
export type ParamKind =
  | 'none' | 'missing' | 'class' | 'page' | 'load' | 'lesson' | 'work' | 'mark' | 'file' | 'student' | 'person' | 'account'
  | 'parent' | 'year' | 'period' | 'holiday' | 'subject' | 'subgroup' | 'school';

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

const STAFF_ALL = ['any'] as const;

export const ACCESS_MATRIX: Record<string, MatrixRow> = {
  'GET /api/health': { param: 'none', allow: {} },
  'POST /api/auth/login': { param: 'none', allow: {} },
  'POST /api/auth/logout': { param: 'none', allow: {} },
  'GET /api/me': { param: 'none', allow: {} },
  'GET /api/auth/csrf': { param: 'none', allow: {} },
  'POST /api/auth/password': { param: 'none', allow: {} },
  'GET /api/auth/sessions': { param: 'none', allow: {} },
  'DELETE /api/auth/sessions/{id}': { param: 'missing', allow: {} },
  'POST /api/auth/totp/setup': { param: 'none', allow: {} },
  'POST /api/auth/totp/enable': { param: 'none', allow: {} },
  'GET /api/classes': { param: 'none', allow: {} },
  'POST /api/classes': { param: 'none', allow: {} },
  'GET /api/classes/{id}/students': { param: 'class', allow: {} },
  'GET /api/years': { param: 'none', allow: {} },
  'POST /api/years': { param: 'none', allow: {} },
  'GET /api/years/{id}': { param: 'year', allow: {} },
  'POST /api/years/{id}/activate': { param: 'year', allow: {} },
  'PUT /api/years/{id}/periods': { param: 'year', allow: {} },
  'POST /api/years/{id}/holidays': { param: 'year', allow: {} },
  'DELETE /api/holidays/{id}': { param: 'holiday', allow: {} },
  'POST /api/periods/{id}/close': { param: 'period', allow: {} },
  'POST /api/periods/{id}/reopen': { param: 'period', allow: {} },
  'POST /api/years/{id}/close-and-promote': { param: 'year', allow: {} },
  'GET /api/subjects': { param: 'none', allow: {} },
  'POST /api/subjects': { param: 'none', allow: {} },
  'PATCH /api/subjects/{id}': { param: 'subject', allow: {} },
  'GET /api/years/{id}/curriculum': { param: 'year', allow: {} },
  'PUT /api/years/{id}/curriculum': { param: 'year', allow: {} },
  'GET /api/classes/{id}': { param: 'class', allow: {} },
  'PATCH /api/classes/{id}': { param: 'class', allow: {} },
  'PUT /api/classes/{id}/class-teacher': { param: 'class', allow: {} },
  'GET /api/classes/{id}/subgroups': { param: 'class', allow: {} },
  'POST /api/classes/{id}/subgroups': { param: 'class', allow: {} },
  'PATCH /api/subgroups/{id}': { param: 'subgroup', allow: {} },
  'DELETE /api/subgroups/{id}': { param: 'subgroup', allow: {} },
  'PUT /api/subgroups/{id}/members': { param: 'subgroup', allow: {} },
  'GET /api/loads': { param: 'none', allow: {} },
  'POST /api/loads': { param: 'none', allow: {} },
  'PATCH /api/loads/{id}': { param: 'load', allow: {} },
  'DELETE /api/loads/{id}': { param: 'load', allow: {} },
  'GET /api/bells': { param: 'none', allow: {} },
  'PUT /api/bells': { param: 'none', allow: {} },
  'GET /api/timetable': { param: 'none', query: 'date={today}', allow: {} },
  'POST /api/timetable': { param: 'none', allow: {} },
  'GET /api/timetable/lessons': { param: 'none', query: 'from={today}&to={today}', allow: {} },
  'POST /api/lessons/extra': { param: 'none', allow: {} },
  'POST /api/lessons/{id}/move': { param: 'lesson', allow: {} },
  'PUT /api/lessons/{id}/substitute': { param: 'lesson', allow: {} },
  'GET /api/people': { param: 'none', allow: {} },
  'POST /api/people': { param: 'none', allow: {} },
  'GET /api/people/{id}': { param: 'person', allow: {} },
  'PATCH /api/people/{id}': { param: 'person', allow: {} },
  'PUT /api/people/{id}/roles': { param: 'person', allow: {} },
  'POST /api/people/{id}/parents': { param: 'person', allow: {} },
  'DELETE /api/people/{id}/parents/{parentId}': { param: 'person', allow: {} },
  'POST /api/credentials/issue': { param: 'none', allow: {} },
  'POST /api/credentials/slips.pdf': { param: 'none', allow: {} },
  'POST /api/accounts/{personId}/reset': { param: 'account', allow: {} },
  'POST /api/accounts/{personId}/block': { param: 'account', allow: {} },
  'POST /api/accounts/{personId}/unblock': { param: 'account', allow: {} },
  'POST /api/students/{id}/movements': { param: 'student', allow: {} },
  'GET /api/students/{id}/movements': { param: 'student', allow: {} },
  'GET /api/classes/{id}/movements': { param: 'class', allow: {} },
  'GET /api/audit': { param: 'none', allow: {} },
  'POST /api/import/preview': { param: 'none', allow: {} },
  'POST /api/import/commit': { param: 'none', allow: {} },
  'GET /api/pages': { param: 'none', allow: {} },
  'GET /api/pages/{id}': { param: 'page', query: 'periodId={period}', allow: {} },
  'PATCH /api/lessons/{id}': { param: 'lesson', allow: {} },
  'PUT /api/lessons/{id}/homework': { param: 'lesson', allow: {} },
  'DELETE /api/lessons/{id}/homework': { param: 'lesson', allow: {} },
  'POST /api/lessons/{id}/homework/files': { param: 'lesson', allow: {} },
  'GET /api/files/{id}': { param: 'file', allow: {} },
  'POST /api/lessons/{id}/works': { param: 'lesson', allow: {} },
  'PATCH /api/works/{id}': { param: 'work', allow: {} },
  'DELETE /api/works/{id}': { param: 'work', allow: {} },
  'PUT /api/marks': { param: 'none', allow: {} },
  'DELETE /api/marks/{id}': { param: 'mark', allow: {} },
  'PUT /api/attendance': { param: 'none', allow: {} },
  'POST /api/lessons/{id}/all-present': { param: 'lesson', allow: {} },
  'GET /api/classes/{id}/attendance-week': { param: 'class', query: 'date={today}', allow: {} },
  'PUT /api/attendance/correction': { param: 'none', allow: {} },
  'GET /api/pages/{id}/history': { param: 'page', query: 'entity=topic&key=x', allow: {} },
  'GET /api/pages/{id}/plan': { param: 'page', allow: {} },
  'PUT /api/pages/{id}/plan': { param: 'page', allow: {} },
  'GET /api/pages/{id}/finals': { param: 'page', allow: {} },
  'POST /api/pages/{id}/finals/confirm': { param: 'page', allow: {} },
  'PUT /api/finals': { param: 'none', allow: {} },
  'GET /api/pages/{id}/finals/history': { param: 'page', query: 'studentId={child}&kind=period&periodId={period}', allow: {} },
  'GET /api/classes/{id}/summary-sheet': { param: 'class', allow: {} },
  'GET /api/classes/{id}/summary-sheet.pdf': { param: 'class', allow: {} },
  'GET /api/classes/{id}/summary-sheet.xlsx': { param: 'class', allow: {} },
  'GET /api/diary': { param: 'none', query: 'studentId={child}&from={today}&to={today}', allow: {} },
  'GET /api/students/{id}/marks': { param: 'student', query: 'periodId={period}', allow: {} },
  'GET /api/students/{id}/finals': { param: 'student', allow: {} },
  'GET /api/students/{id}/homework': { param: 'student', allow: {} },
  'GET /api/diary/calendar-feeds': { param: 'none', allow: {} },
  'POST /api/diary/calendar-feeds': { param: 'none', allow: {} },
  'DELETE /api/diary/calendar-feeds/{id}': { param: 'missing', allow: {} },
  'GET /ical/{file}': { param: 'missing', allow: {} },
  'GET /api/messages/recipients': { param: 'none', allow: {} },
  'GET /api/messages/threads': { param: 'none', allow: {} },
  'POST /api/messages/threads': { param: 'none', allow: {} },
  'GET /api/messages/unread': { param: 'none', allow: {} },
  'POST /api/classes/{id}/parent-messages': { param: 'class', allow: {} },
  'GET /api/messages/threads/{id}': { param: 'missing', allow: {} },
  'POST /api/messages/threads/{id}/messages': { param: 'missing', allow: {} },
  'POST /api/messages/threads/{id}/read': { param: 'missing', allow: {} },
  'PUT /api/messages/threads/{id}/archive': { param: 'missing', allow: {} },
  'POST /api/messages/attachments': { param: 'none', allow: {} },
  'GET /api/messages/attachments/{id}': { param: 'missing', allow: {} },
  'GET /api/messages/blocks': { param: 'none', allow: {} },
  'PUT /api/messages/blocks/{personId}': { param: 'person', allow: {} },
  'DELETE /api/messages/blocks/{personId}': { param: 'person', allow: {} },
  'POST /api/messages/{id}/report': { param: 'missing', allow: {} },
  'GET /api/messages/reports': { param: 'none', allow: {} },
  'POST /api/messages/reports/{id}/resolve': { param: 'missing', allow: {} },
  'GET /api/news': { param: 'none', allow: {} },
  'POST /api/news': { param: 'none', allow: {} },
  'GET /api/news/calendar': { param: 'none', query: 'from={today}&to={today}', allow: {} },
  'GET /api/news/{id}': { param: 'missing', allow: {} },
  'PUT /api/news/{id}': { param: 'missing', allow: {} },
  'DELETE /api/news/{id}': { param: 'missing', allow: {} },
  'POST /api/news/{id}/read': { param: 'missing', allow: {} },
  'GET /api/news/{id}/receipts': { param: 'missing', allow: {} },
  'GET /api/school-files': { param: 'none', allow: {} },
  'GET /api/school-files/folders/{id}': { param: 'missing', allow: {} },
  'PATCH /api/school-files/folders/{id}': { param: 'missing', allow: {} },
  'DELETE /api/school-files/folders/{id}': { param: 'missing', allow: {} },
  'POST /api/school-files/folders': { param: 'none', allow: {} },
  'POST /api/school-files/folders/{id}/files': { param: 'missing', allow: {} },
  'GET /api/school-files/files/{id}': { param: 'missing', allow: {} },
  'DELETE /api/school-files/files/{id}': { param: 'missing', allow: {} },
  'GET /api/notifications': { param: 'none', allow: {} },
  'POST /api/notifications/read': { param: 'none', allow: {} },
  'GET /api/notifications/preferences': { param: 'none', allow: {} },
  'PUT /api/notifications/preferences/{schoolId}': { param: 'school', allow: {} },
  'POST /api/classes/{id}/mailings': { param: 'class', allow: {} },
  'GET /api/classes/{id}/mailings': { param: 'class', allow: {} },
  'GET /api/students/{id}/parent-report': { param: 'student', allow: {} },
  'GET /api/students/{id}/parent-report.pdf': { param: 'student', allow: {} },
  'POST /api/students/{id}/parent-report/send': { param: 'student', allow: {} },
  'GET /api/classes/{id}/paper-reports.pdf': { param: 'class', allow: {} },
  'GET /api/consents/mine': { param: 'none', allow: {} },
  'GET /api/parents/{id}/consents': { param: 'parent', allow: {} },
  'PUT /api/parents/{id}/consents/{purpose}': { param: 'parent', allow: {} },
  'GET /api/classes/{id}/consents': { param: 'class', allow: {} },
  'GET /api/reports/control': { param: 'none', query: 'from={today}&to={today}', allow: {} },
  'GET /api/reports/control/file': { param: 'none', query: 'from={today}&to={today}&format=pdf', allow: {} },
  'GET /api/reports/control/pages/{pageId}': { param: 'page', query: 'from={today}&to={today}', allow: {} },
  'GET /api/reports/control/pages/{pageId}/file': { param: 'page', query: 'from={today}&to={today}&format=pdf', allow: {} },
  'GET /api/reports/activity': { param: 'none', query: 'from={today}&to={today}', allow: {} },
  'GET /api/reports/activity/file': { param: 'none', query: 'from={today}&to={today}&format=pdf', allow: {} },
  'GET /api/reports/performance': { param: 'none', query: 'periodId={period}', allow: {} },
  'GET /api/reports/performance/file': { param: 'none', query: 'periodId={period}&format=pdf', allow: {} },
  'GET /api/reports/periods': { param: 'none', allow: {} },
  'GET /api/reports/attendance': { param: 'none', query: 'from={today}&to={today}', allow: {} },
  'GET /api/reports/attendance/file': { param: 'none', query: 'from={today}&to={today}&format=pdf', allow: {} },
  'GET /api/reports/subject-analysis/{pageId}': { param: 'page', query: 'periodId={period}', allow: {} },
  'GET /api/reports/subject-analysis/{pageId}/file': { param: 'page', query: 'periodId={period}&format=pdf', allow: {} },
  'GET /api/reports/class-analysis/{classId}': { param: 'class', query: 'periodId={period}', allow: {} },
  'GET /api/reports/class-analysis/{classId}/file': { param: 'class', query: 'periodId={period}&format=pdf', allow: {} },
  'GET /api/reports/region/schools': { param: 'none', allow: {} },
  'GET /api/reports/region': { param: 'none', allow: {} },
  'GET /api/reports/region/file': { param: 'none', allow: {} },
};
