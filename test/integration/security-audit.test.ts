import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLesson, makePeriod, makeSmallSchool, makeWorkWithMark } from '../fixtures/factories';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * The audit search the administrator's screen uses (GET /api/audit): one place for changes to people and
 * rights, staff reads of student cards [DOMAIN §1] and the journal's history of marks, absences and final
 * marks [DOMAIN §4]; and the access check that comes before any validation of a request's body [000 §3.6].
 */
let t: TestContext;
let s: Awaited<ReturnType<typeof makeSmallSchool>>;
let admin: Client;
let director: Client;
let deputy: Client;
let teacher: Client;
let classTeacher: Client;
let parent: Client;
let periodId: string;
let lessonId: string;
let work: { workId: string; markId: string };

type Row = {
  key: string;
  source: string;
  action: string;
  objectId: string | null;
  objectName: string | null;
  actorName: string | null;
  details: Record<string, unknown>;
};
const search = async (c: Client, q: string) => {
  const res = await c.get(`/api/audit?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Row[];
};

beforeAll(async () => {
  t = await createTestContext();
  s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  const y = s.year.startYear;
  periodId = await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: `${y}-09-01`, endsOn: `${y + 1}-06-30` });
  lessonId = await makeLesson(t.db, s.schoolId, s.pageId, new Date().toISOString().slice(0, 10), 1, { topic: 'Дроби' });
  work = await makeWorkWithMark(t.db, s.schoolId, s.pageId, lessonId, s.student.id);
  admin = await signIn(t.app, s.admin.login, s.admin.password);
  director = await signIn(t.app, s.director.login, s.director.password);
  deputy = await signIn(t.app, s.deputy.login, s.deputy.password);
  teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
  classTeacher = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
  parent = await signIn(t.app, s.parent.login, s.parent.password);
});
afterAll(async () => t?.close());

describe('GET /api/audit: the journal history next to the audit log [DOMAIN §4] [DOMAIN §1]', () => {
  it('[DOMAIN §4] a changed mark, an absence and a final mark are found by kind, with the student as the object and old → new', async () => {
    expect((await teacher.put('/api/marks', { workId: work.workId, studentId: s.student.id, value: '3', version: 1 })).statusCode).toBe(
      200,
    );
    expect((await teacher.put('/api/attendance', { lessonId, studentId: s.student.id, code: 'н', version: null })).statusCode).toBe(200);
    const final = await teacher.put('/api/finals', {
      pageId: s.pageId,
      studentId: s.student.id,
      kind: 'period',
      periodId,
      value: '4',
      version: null,
    });
    expect(final.statusCode, final.body).toBe(200);

    const marks = await search(admin, 'action=journal.mark');
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({ source: 'journal', action: 'journal.mark.update', objectId: s.student.id, objectName: 'Иванов Пётр' });
    expect(marks[0].actorName).toMatch(/^Фамилия/);
    expect(marks[0].details).toMatchObject({ old: { value: '5' }, new: { value: '3' } });
    expect((await search(admin, 'action=journal.attendance'))[0]).toMatchObject({
      action: 'journal.attendance.create',
      objectId: s.student.id,
    });
    expect((await search(admin, 'action=journal.final_mark'))[0]).toMatchObject({
      action: 'journal.final_mark.create',
      objectId: s.student.id,
    });
    // everything about the student: the three journal entries
    const all = await search(director, `objectId=${s.student.id}`);
    expect(all.map((r) => r.action).sort()).toEqual(['journal.attendance.create', 'journal.final_mark.create', 'journal.mark.update']);
    expect(new Set(all.map((r) => r.key)).size).toBe(all.length);
  });

  it('[DOMAIN §1] a staff read of a student card is found by kind and by who read it (actorPersonId)', async () => {
    expect((await classTeacher.get(`/api/people/${s.student.id}`)).statusCode).toBe(200);
    const reads = await search(admin, `action=student.card_read&actorPersonId=${s.classTeacher.id}`);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ source: 'audit', objectId: s.student.id, objectName: 'Иванов Пётр' });
    // the subject teacher read nothing and changed a mark: filtering by them shows the journal entries only
    const byTeacher = await search(admin, `actorPersonId=${s.teacher.id}`);
    expect(byTeacher.every((r) => r.action.startsWith('journal.'))).toBe(true);
    expect(byTeacher.length).toBe(3);
    // a person without any action, or of no login, gives an empty page
    expect(await search(admin, `actorPersonId=${s.otherStudent.id}`)).toEqual([]);
  });

  it('[DOMAIN §1] pages by limit/offset, newest first; a date range excludes the records outside it', async () => {
    const first = await search(admin, 'limit=2&offset=0');
    const second = await search(admin, 'limit=2&offset=2');
    expect(first).toHaveLength(2);
    expect(second.length).toBeGreaterThan(0);
    expect(first.map((r) => r.key).filter((k) => second.some((x) => x.key === k))).toEqual([]);
    expect(await search(admin, 'from=2000-01-01&to=2000-01-02')).toEqual([]);
  });

  it('[003 §2.5] only the administrator and the director search the audit: the deputy and a teacher are refused (403)', async () => {
    expect((await deputy.get('/api/audit')).statusCode).toBe(403);
    expect((await classTeacher.get('/api/audit?action=journal.')).statusCode).toBe(403);
    expect((await parent.get('/api/audit')).statusCode).toBe(403);
  });
});

describe('POST /api/credentials/issue decides who may issue before it reads the body [000 §3.6]', () => {
  it('[000 §3.6] a parent, a subject teacher and the deputy get 403 for an empty or a wrong body — never a validation answer', async () => {
    for (const c of [parent, teacher, deputy]) {
      for (const body of [{}, { personIds: [] }, { classId: s.classId }, { personIds: [s.student.id], schoolId: s.schoolId }]) {
        const res = await c.post('/api/credentials/issue', body);
        expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(403);
        expect(res.json().error.code).toBe('access.forbidden');
      }
    }
  });

  it('[000 §3.2] the class teacher and the administrator still get the validation answer for an empty body', async () => {
    for (const c of [classTeacher, admin]) {
      const res = await c.post('/api/credentials/issue', {});
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.fields[0].field).toBe('personIds');
    }
  });

  it('[000 §3.6] a school the actor is not in answers 404 whoever asks', async () => {
    const other = await makeSmallSchool(t.db);
    for (const c of [parent, admin]) expect((await c.post('/api/credentials/issue', { schoolId: other.schoolId })).statusCode).toBe(404);
  });
});
