import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePerson, makeSmallSchool } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

/** Credentials (реквизиты доступа): issue, slips, reset, block [002 §3.2], [000 §3.2], [002 §4.6], [004 teacher]. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

async function setup() {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  const admin = await signIn(t.app, s.admin.login, s.admin.password);
  const ct = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
  return { ...s, adminClient: admin, ctClient: ct };
}

const login = (login: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });

describe('issuing credentials', () => {
  it('[002 §4.6] the administrator issues a staff login with a one-time password that must be changed', async () => {
    const s = await setup();
    const teacher = await makePerson(t.db, s.schoolId, { roles: ['teacher'], login: null, lastName: 'Кузнецова', firstName: 'Елена' });
    const res = await s.adminClient.post('/api/credentials/issue', { personIds: [teacher.id] });
    expect(res.statusCode, res.body).toBe(200);
    const [slip] = res.json().slips;
    expect(slip).toMatchObject({ personId: teacher.id, name: 'Кузнецова Елена', role: 'Учитель', className: null });
    expect(slip.login).toMatch(/^kuznetsova\.e\d*$/);
    expect(slip.password).toHaveLength(10);
    const [acc] = await t.db.query<{ must_change_password: boolean }>(
      'SELECT a.must_change_password FROM accounts a JOIN persons p ON p.account_id = a.id WHERE p.school_id = $1 AND p.id = $2',
      [s.schoolId, teacher.id],
    );
    expect(acc.must_change_password).toBe(true);
    const c = await signIn(t.app, slip.login, slip.password);
    const blocked = await c.get('/api/classes');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('auth.password_change_required');
    const audit = await t.db.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE school_id = $1 AND action = 'credentials.issue'",
      [s.schoolId],
    );
    expect(audit).toEqual([{ details: { login: slip.login } }]);
    expect(JSON.stringify(audit)).not.toContain(slip.password);
  });

  it('[000 §3.2] the class teacher issues logins to the students of the class; those with a login are skipped', async () => {
    const s = await setup();
    const a = await s.ctClient.post('/api/people', { roles: ['student'], lastName: 'Орлов', firstName: 'Денис', classId: s.classId });
    const b = await s.ctClient.post('/api/people', { roles: ['student'], lastName: 'Орлов', firstName: 'Дмитрий', classId: s.classId });
    const res = await s.ctClient.post('/api/credentials/issue', { classId: s.classId, who: 'students' });
    expect(res.statusCode, res.body).toBe(200);
    const slips = res.json().slips;
    expect(slips.map((x: { personId: string }) => x.personId).sort()).toEqual([a.json().id, b.json().id].sort());
    expect(new Set(slips.map((x: { login: string }) => x.login)).size).toBe(2);
    expect(slips.every((x: { className: string; role: string }) => x.className === '5А' && x.role === 'Ученик')).toBe(true);
    expect(
      res
        .json()
        .skipped.map((x: { personId: string }) => x.personId)
        .sort(),
    ).toEqual([s.student.id, s.classmate.id].sort());
    expect(res.json().skipped[0].reason).toMatch(/Логин уже выдан/);
    for (const slip of slips) expect((await login(slip.login, slip.password)).statusCode).toBe(200);
  });

  it('the class teacher issues parents’ logins of the class; parents get the class on their slip', async () => {
    const s = await setup();
    const p = await s.ctClient.post('/api/people', {
      roles: ['parent'],
      lastName: 'Иванова',
      firstName: 'Ольга',
      childIds: [s.student.id],
    });
    const res = await s.ctClient.post('/api/credentials/issue', { classId: s.classId, who: 'parents' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().slips).toEqual([expect.objectContaining({ personId: p.json().id, role: 'Родитель', className: '5А' })]);
  });

  it('[002 §3.2] staff credentials come only from the administrator: the class teacher gets 404; another class too', async () => {
    const s = await setup();
    const teacher = await makePerson(t.db, s.schoolId, { roles: ['teacher'], login: null });
    expect((await s.ctClient.post('/api/credentials/issue', { personIds: [teacher.id] })).statusCode).toBe(404);
    expect((await s.ctClient.post('/api/credentials/issue', { classId: s.otherClassId })).statusCode).toBe(404);
    expect((await s.ctClient.post('/api/credentials/issue', { personIds: [s.otherStudent.id] })).statusCode).toBe(404);
    const none = await s.ctClient.post('/api/credentials/issue', {});
    expect(none.statusCode).toBe(400);
  });

  it('reissue gives a new one-time password to those who have a login', async () => {
    const s = await setup();
    const res = await s.ctClient.post('/api/credentials/issue', { personIds: [s.student.id], reissue: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().slips[0].login).toBe(s.student.login);
    expect((await login(s.student.login, s.student.password)).statusCode).toBe(401);
    expect((await login(s.student.login, res.json().slips[0].password)).statusCode).toBe(200);
  });

  it('[002 §3.2] prints slips as a PDF, a page run per class', async () => {
    const s = await setup();
    const slips = [
      { name: 'Иванов Пётр Сергеевич', role: 'Ученик', className: '5А', login: 'ivanov.ps', password: 'Ab3dEf7hJk' },
      { name: 'Петрова Анна', role: 'Ученик', className: '5А', login: 'petrova.a', password: 'Zx8cVb2nMq' },
      { name: 'Kim Jong', role: 'Учитель', className: null, login: 'kim.j', password: 'Qw9eRt5yUp' },
    ];
    const res = await s.ctClient.post('/api/credentials/slips.pdf', { slips });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    // two groups → two pages; the Cyrillic, Latin subsets are embedded
    expect((text.match(/\/Type \/Page\b/g) ?? []).length).toBe(2);
    expect(text).toMatch(/PTSans/);
    const parent = await signIn(t.app, s.parent.login, s.parent.password);
    expect((await parent.post('/api/credentials/slips.pdf', { slips })).statusCode).toBe(403);
  });
});

describe('staff credentials decided on the server [002 §3.2]', () => {
  it('[002 §3.2] allStaff issues logins to every staff member without one, however many people the school has (> 500)', async () => {
    const s = await setup();
    // 520 students sorted before the staff: a client list of the first 500 people would never reach «Яшина».
    await t.db.query(
      `WITH p AS (
         INSERT INTO persons (school_id, last_name, first_name)
         SELECT $1, 'Аавик' || lpad(g::text, 4, '0'), 'Ученик' FROM generate_series(1, 520) g RETURNING id)
       INSERT INTO memberships (school_id, person_id, role) SELECT $1, id, 'student' FROM p`,
      [s.schoolId],
    );
    const last = await makePerson(t.db, s.schoolId, { roles: ['teacher'], login: null, lastName: 'Яшина', firstName: 'Юлия' });
    const deputy = await makePerson(t.db, s.schoolId, { roles: ['deputy_ict'], login: null, lastName: 'Борисов', firstName: 'Глеб' });
    const people = (await s.adminClient.get('/api/people?limit=500')).json();
    expect(people.total).toBeGreaterThan(500);
    expect(people.items.some((p: { id: string }) => p.id === last.id)).toBe(false);

    const res = await s.adminClient.post('/api/credentials/issue', { allStaff: true });
    expect(res.statusCode, res.body).toBe(200);
    const slips = res.json().slips as { personId: string; role: string }[];
    expect(slips.map((x) => x.personId).sort()).toEqual([last.id, deputy.id].sort());
    expect(slips.find((x) => x.personId === last.id)?.role).toBe('Учитель');
    // Staff who already had a login are skipped; no student got one.
    expect(res.json().skipped.length).toBeGreaterThanOrEqual(6);
    const [students] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM persons WHERE school_id = $1 AND last_name LIKE 'Аавик%' AND account_id IS NOT NULL",
      [s.schoolId],
    );
    expect(students.n).toBe(0);
    const again = await s.adminClient.post('/api/credentials/issue', { allStaff: true });
    expect(again.json().slips).toEqual([]);
  });

  it('[002 §3.2] allStaff is the administrator’s: the class teacher is refused; a bulk reissue spares the issuer’s own sessions', async () => {
    const s = await setup();
    expect((await s.ctClient.post('/api/credentials/issue', { allStaff: true })).statusCode).toBe(403);
    const res = await s.adminClient.post('/api/credentials/issue', { allStaff: true, reissue: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().slips.map((x: { personId: string }) => x.personId)).not.toContain(s.admin.id);
    expect(res.json().skipped).toEqual([expect.objectContaining({ personId: s.admin.id, reason: expect.stringMatching(/Это вы/) })]);
    expect((await s.adminClient.get('/api/people?limit=1')).statusCode).toBe(200);
  });

  it('lists only people with (or without) a login, paged, with the total', async () => {
    const s = await setup();
    await makePerson(t.db, s.schoolId, { roles: ['teacher'], login: null, lastName: 'Безлогинов' });
    const without = (await s.adminClient.get('/api/people?withLogin=false')).json();
    expect(without.items.map((p: { lastName: string }) => p.lastName)).toEqual(['Безлогинов']);
    const withLogin = (await s.adminClient.get('/api/people?withLogin=true&limit=2')).json();
    expect(withLogin.items).toHaveLength(2);
    expect(withLogin.items.every((p: { hasLogin: boolean }) => p.hasLogin)).toBe(true);
    const page2 = (await s.adminClient.get(`/api/people?withLogin=true&limit=2&offset=2`)).json();
    expect(page2.total).toBe(withLogin.total);
    expect(page2.items[0].id).not.toBe(withLogin.items[0].id);
    const past = (await s.adminClient.get(`/api/people?withLogin=true&limit=2&offset=1000`)).json();
    expect(past).toEqual({ total: withLogin.total, items: [] });
    const bad = await s.adminClient.get('/api/people?withLogin=maybe');
    expect(bad.statusCode).toBe(400);
  });
});

describe('reset and block [004 teacher]', () => {
  it('[004 teacher] reset: a new one-time password, the old one stops working, sessions end; audited', async () => {
    const s = await setup();
    const st = await signIn(t.app, s.student.login, s.student.password);
    expect((await st.get('/api/me')).statusCode).toBe(200);
    const res = await s.ctClient.post(`/api/accounts/${s.student.id}/reset`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ login: s.student.login, className: '5А' });
    expect((await st.get('/api/me')).statusCode).toBe(401);
    expect((await login(s.student.login, s.student.password)).statusCode).toBe(401);
    expect((await login(s.student.login, res.json().password)).statusCode).toBe(200);
    const audit = await t.db.query("SELECT 1 FROM audit_log WHERE school_id = $1 AND action = 'credentials.reset' AND object_id = $2", [
      s.schoolId,
      s.student.id,
    ]);
    expect(audit).toHaveLength(1);
  });

  it('block ends sessions and refuses sign-in; unblock lets in again; both audited', async () => {
    const s = await setup();
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    const res = await s.adminClient.post(`/api/accounts/${s.teacher.id}/block`, { reason: 'Подозрение на утечку пароля' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ blocked: true, login: s.teacher.login });
    expect((await teacher.get('/api/me')).statusCode).toBe(401);
    const refused = await login(s.teacher.login, s.teacher.password);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('auth.blocked');
    const un = await s.adminClient.post(`/api/accounts/${s.teacher.id}/unblock`);
    expect(un.statusCode, un.body).toBe(200);
    expect((await login(s.teacher.login, s.teacher.password)).statusCode).toBe(200);
    const audit = await t.db.query<{ action: string; details: { reason: string | null } }>(
      "SELECT action, details FROM audit_log WHERE school_id = $1 AND action LIKE 'credentials.%block' ORDER BY id",
      [s.schoolId],
    );
    expect(audit.map((a) => a.action)).toEqual(['credentials.block', 'credentials.unblock']);
    expect(audit[0].details.reason).toBe('Подозрение на утечку пароля');
  });

  it('refuses blocking oneself, a staff member by the class teacher, and a person without a login', async () => {
    const s = await setup();
    expect((await s.adminClient.post(`/api/accounts/${s.admin.id}/block`)).statusCode).toBe(400);
    expect((await s.ctClient.post(`/api/accounts/${s.teacher.id}/block`)).statusCode).toBe(404);
    const nobody = await makePerson(t.db, s.schoolId, { roles: ['teacher'], login: null });
    const res = await s.adminClient.post(`/api/accounts/${nobody.id}/reset`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/нет логина/);
  });

  it('never stores one-time passwords: an Idempotency-Key on issue or reset is refused before anything is issued', async () => {
    const s = await setup();
    const res = await s.ctClient.post(`/api/accounts/${s.student.id}/reset`, {}, { 'idempotency-key': 'reset-key-0001' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].field).toBe('Idempotency-Key');
    expect((await login(s.student.login, s.student.password)).statusCode).toBe(200);
    const stored = await t.db.query("SELECT 1 FROM idempotency_keys WHERE key = 'reset-key-0001'");
    expect(stored).toEqual([]);
  });

  it('the class teacher blocks a student of the class', async () => {
    const s = await setup();
    expect((await s.ctClient.post(`/api/accounts/${s.student.id}/block`)).statusCode).toBe(200);
    expect((await login(s.student.login, s.student.password)).json().error.code).toBe('auth.blocked');
  });
});
