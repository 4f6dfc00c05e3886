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
    // (and signed in: their own sign-ins are theirs too [issue 10])
    const byTeacher = await search(admin, `actorPersonId=${s.teacher.id}`);
    expect(byTeacher.filter((r) => r.action !== 'auth.login_ok').every((r) => r.action.startsWith('journal.'))).toBe(true);
    expect(byTeacher.filter((r) => r.action.startsWith('journal.')).length).toBe(3);
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

describe("[issue 10] GET /api/audit: sign-ins into the school's accounts («Входы в систему»)", () => {
  const attempt = (body: Record<string, unknown>, ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress: ip });

  it('finds a sign-in, a wrong password and a wrong TOTP code by kind «auth.», with the person as the object and the address', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXR';
    await t.db.query('UPDATE accounts SET totp_secret = $2, totp_enabled = true WHERE id = $1', [s.director.accountId, secret]);
    expect((await attempt({ login: s.classTeacher.login, password: 'Не-тот-пароль-1' }, '10.5.5.5')).statusCode).toBe(401);
    expect((await attempt({ login: s.director.login, password: s.director.password, totp: '000000' }, '10.5.5.6')).statusCode).toBe(401);
    expect((await attempt({ login: 'no-such-login-here', password: 'Что-угодно-2' }, '10.5.5.7')).statusCode).toBe(401);

    const signIns = await search(admin, 'action=auth.');
    expect(signIns.length).toBeGreaterThan(0);
    expect(signIns.every((r) => r.source === 'auth' && r.action.startsWith('auth.'))).toBe(true);
    expect(new Set(signIns.map((r) => r.key)).size).toBe(signIns.length);
    // the administrator's own sign-in (beforeAll): the holder did it
    const own = signIns.find((r) => r.action === 'auth.login_ok' && r.objectId === s.admin.id);
    expect(own).toMatchObject({ objectName: expect.any(String), details: { login: s.admin.login, ip: '127.0.0.1' } });
    expect(own?.actorName).toBe(own?.objectName);
    // a wrong password on the class teacher's account: whoever typed it is unknown — no actor
    const bad = signIns.find((r) => r.action === 'auth.login_bad_password');
    expect(bad).toMatchObject({ objectId: s.classTeacher.id, actorName: null, details: { login: s.classTeacher.login, ip: '10.5.5.5' } });
    expect(signIns.find((r) => r.action === 'auth.login_bad_totp')).toMatchObject({ objectId: s.director.id, details: { ip: '10.5.5.6' } });
    // an unknown login belongs to no school
    expect(JSON.stringify(signIns)).not.toContain('no-such-login-here');
    // whose record: the class teacher's sign-ins only (the successful one of beforeAll and the failure)
    const teacherOnly = await search(director, `action=auth.&objectId=${s.classTeacher.id}`);
    expect(teacherOnly.map((r) => r.action).sort()).toEqual(['auth.login_bad_password', 'auth.login_ok']);
    // the kind narrows further: failed passwords only
    expect((await search(admin, 'action=auth.login_bad')).every((r) => /^auth\.login_bad_/.test(r.action))).toBe(true);
    // no secret is shown
    const shown = JSON.stringify(signIns);
    for (const secret of ['Не-тот-пароль-1', '000000', s.admin.password, s.director.password, admin.csrf])
      expect(shown).not.toContain(secret);
  });

  it('shows attempts refused while the account is locked out; another school sees none of them', async () => {
    const other = await makeSmallSchool(t.db, { adminTotpRequired: false });
    for (let i = 0; i < 5; i++) await attempt({ login: s.parent.login, password: `Подбор-${i}` }, '10.6.6.6');
    expect((await attempt({ login: s.parent.login, password: s.parent.password }, '10.6.6.6')).statusCode).toBe(429);
    const locked = await search(admin, `action=auth.login_locked&objectId=${s.parent.id}`);
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ action: 'auth.login_locked_account', details: { ip: '10.6.6.6' } });
    expect(await search(admin, `action=auth.login_bad_password&objectId=${s.parent.id}`)).toHaveLength(5);

    const otherAdmin = await signIn(t.app, other.admin.login, other.admin.password);
    const theirs = await search(otherAdmin, 'action=auth.');
    expect(theirs.map((r) => r.objectId)).not.toContain(s.parent.id);
    expect(theirs.every((r) => r.action === 'auth.login_ok')).toBe(true);
    // and a deputy still may not search
    expect((await deputy.get('/api/audit?action=auth.')).statusCode).toBe(403);
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
