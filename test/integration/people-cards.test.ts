import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSmallSchool } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

/** People and their cards [DOMAIN §1], [000 §4.1], [004 class teacher]; access logging of student cards. */
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

const auditOf = (schoolId: string, action: string) =>
  t.db.query<{ action: string; object_id: string; actor_account_id: string; details: Record<string, unknown> }>(
    'SELECT action, object_id, actor_account_id, details FROM audit_log WHERE school_id = $1 AND action = $2 ORDER BY id',
    [schoolId, action],
  );

describe('adding people [002 §4.6], [000 §4.1]', () => {
  it('the administrator adds a teacher with card data; the same person twice is refused (409 naming them)', async () => {
    const s = await setup();
    const body = {
      roles: ['teacher'],
      lastName: 'Смирнова',
      firstName: 'Ольга',
      middleName: 'Игоревна',
      birthDate: '1985-03-14',
      email: 'smirnova@example.ru',
      phone: '+7 900 000-00-00',
    };
    const res = await s.adminClient.post('/api/people', body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Смирнова Ольга Игоревна', roles: ['teacher'], account: null, birthDate: '1985-03-14' });
    const dup = await s.adminClient.post('/api/people', { ...body, lastName: 'смирнова', email: null });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('school.conflict');
    expect(dup.json().error.message).toMatch(/Такой человек уже есть: Смирнова Ольга Игоревна, 14\.03\.1985 \(учитель\)/);
    expect(dup.json().error.details.existingId).toBe(res.json().id);
    expect((await auditOf(s.schoolId, 'person.create')).map((a) => a.object_id)).toEqual([res.json().id]);
  });

  it('[000 §4.1] the class teacher adds a student to own class and a parent to that student', async () => {
    const s = await setup();
    const st = await s.ctClient.post('/api/people', {
      roles: ['student'],
      lastName: 'Новиков',
      firstName: 'Илья',
      birthDate: '2014-05-01',
      classId: s.classId,
      arrivalOrder: '15-у',
      documents: { 'Свидетельство о рождении': 'II-АБ 123456' },
    });
    expect(st.statusCode, st.body).toBe(200);
    expect(st.json().stays).toEqual([expect.objectContaining({ classId: s.classId, className: '5А', toDate: null, arrivalOrder: '15-у' })]);
    const list = (await s.ctClient.get(`/api/classes/${s.classId}/students`)).json();
    expect(list.map((x: { lastName: string }) => x.lastName)).toContain('Новиков');

    const parent = await s.ctClient.post('/api/people', {
      roles: ['parent'],
      lastName: 'Новикова',
      firstName: 'Мария',
      phone: '+7 900 111-22-33',
      childIds: [st.json().id],
      relation: 'мать',
    });
    expect(parent.statusCode, parent.body).toBe(200);
    expect(parent.json().children).toEqual([{ id: st.json().id, name: 'Новиков Илья', relation: 'мать', className: '5А' }]);
  });

  it('the class teacher may not add a student to another class, nor staff', async () => {
    const s = await setup();
    expect(
      (await s.ctClient.post('/api/people', { roles: ['student'], lastName: 'А', firstName: 'Б', classId: s.otherClassId })).statusCode,
    ).toBe(404);
    expect([403, 404]).toContain((await s.ctClient.post('/api/people', { roles: ['teacher'], lastName: 'А', firstName: 'Б' })).statusCode);
    const other = await setup();
    expect(
      (await s.ctClient.post('/api/people', { roles: ['parent'], lastName: 'А', firstName: 'Б', childIds: [other.student.id] })).statusCode,
    ).toBe(404);
  });

  it('refuses bad input naming the field: empty name, bad e-mail, a date that does not exist', async () => {
    const s = await setup();
    const empty = await s.adminClient.post('/api/people', { roles: ['teacher'], lastName: '  ', firstName: 'Б' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details.fields[0].field).toBe('lastName');
    const email = await s.adminClient.post('/api/people', { roles: ['teacher'], lastName: 'А', firstName: 'Б', email: 'нет' });
    expect(email.statusCode).toBe(400);
    expect(email.json().error.details.fields[0].field).toBe('email');
    const date = await s.adminClient.post('/api/people', { roles: ['teacher'], lastName: 'А', firstName: 'Б', birthDate: '2010-02-31' });
    expect(date.statusCode).toBe(400);
    expect(date.json().error.details.fields[0].field).toBe('birthDate');
  });
});

describe('reading and editing cards', () => {
  it('[DOMAIN §1] every staff read of a student card is logged (student.card_read)', async () => {
    const s = await setup();
    const res = await s.ctClient.get(`/api/people/${s.student.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Иванов Пётр', roles: ['student'], parents: [expect.objectContaining({ id: s.parent.id })] });
    expect(res.json().account.login).toBe(s.student.login);
    await s.adminClient.get(`/api/people/${s.student.id}`);
    const log = await auditOf(s.schoolId, 'student.card_read');
    expect(log.map((l) => [l.object_id, l.actor_account_id])).toEqual([
      [s.student.id, s.classTeacher.accountId],
      [s.student.id, s.admin.accountId],
    ]);
    // the audit search shows it to the administrator and the director
    const director = await signIn(t.app, s.director.login, s.director.password);
    const found = (await director.get(`/api/audit?action=student.card_read&objectId=${s.student.id}`)).json();
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ action: 'student.card_read', objectKind: 'person' });
    expect((await s.ctClient.get('/api/audit')).statusCode).toBe(403);
  });

  it('a subject teacher, a parent, another class teacher and another school get 404 for a student card', async () => {
    const s = await setup();
    const other = await setup();
    for (const who of [s.teacher, s.parent, s.otherTeacher]) {
      const c = await signIn(t.app, who.login, who.password);
      expect((await c.get(`/api/people/${s.student.id}`)).statusCode).toBe(404);
    }
    expect((await other.adminClient.get(`/api/people/${s.student.id}`)).statusCode).toBe(404);
    expect(await auditOf(s.schoolId, 'student.card_read')).toEqual([]);
  });

  it('a student reads their own card (not logged); a parent card is read by the class teacher of the child', async () => {
    const s = await setup();
    const st = await signIn(t.app, s.student.login, s.student.password);
    expect((await st.get(`/api/people/${s.student.id}`)).statusCode).toBe(200);
    expect(await auditOf(s.schoolId, 'student.card_read')).toEqual([]);
    expect((await s.ctClient.get(`/api/people/${s.parent.id}`)).json().children[0].id).toBe(s.student.id);
    const otherCt = await signIn(t.app, s.otherTeacher.login, s.otherTeacher.password);
    expect((await otherCt.get(`/api/people/${s.parent.id}`)).statusCode).toBe(404);
  });

  it('[004 class teacher] the class teacher corrects card data; the change is audited with old and new values', async () => {
    const s = await setup();
    const res = await s.ctClient.patch(`/api/people/${s.student.id}`, {
      address: 'г. Москва, ул. Школьная, д. 1',
      birthDate: '2014-02-03',
      documents: { 'Свидетельство о рождении': 'II-АБ 654321' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ address: 'г. Москва, ул. Школьная, д. 1', birthDate: '2014-02-03' });
    const [log] = await auditOf(s.schoolId, 'person.update');
    expect(log.details).toMatchObject({
      fields: ['birthDate', 'address', 'documents'],
      old: { address: null, birthDate: null, documents: '(изменены)' },
      new: { address: 'г. Москва, ул. Школьная, д. 1', documents: '(изменены)' },
    });
    // an unchanged patch writes nothing
    await s.ctClient.patch(`/api/people/${s.student.id}`, { address: 'г. Москва, ул. Школьная, д. 1' });
    expect(await auditOf(s.schoolId, 'person.update')).toHaveLength(1);
  });

  it('students and parents do not edit cards; a teacher edits own card only', async () => {
    const s = await setup();
    const st = await signIn(t.app, s.student.login, s.student.password);
    expect((await st.patch(`/api/people/${s.student.id}`, { phone: '1' })).statusCode).toBe(404);
    const parent = await signIn(t.app, s.parent.login, s.parent.password);
    expect((await parent.patch(`/api/people/${s.student.id}`, { phone: '1' })).statusCode).toBe(404);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    expect((await teacher.patch(`/api/people/${s.teacher.id}`, { phone: '+7 900 1' })).statusCode).toBe(200);
    expect((await teacher.patch(`/api/people/${s.otherTeacher.id}`, { phone: '+7 900 1' })).statusCode).toBe(404);
  });
});

describe('rights and links', () => {
  it('the administrator changes roles (audited); nobody removes their own administrator role', async () => {
    const s = await setup();
    const res = await s.adminClient.put(`/api/people/${s.otherTeacher.id}/roles`, { roles: ['teacher', 'deputy'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().roles).toEqual(['deputy', 'teacher']);
    const [log] = await auditOf(s.schoolId, 'membership.change');
    expect(log.details).toMatchObject({ added: ['deputy'], removed: [] });
    const self = await s.adminClient.put(`/api/people/${s.admin.id}/roles`, { roles: ['teacher'] });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.message).toMatch(/самого себя/);
    const busy = await s.adminClient.put(`/api/people/${s.teacher.id}/roles`, { roles: [] });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.message).toMatch(/ведёт страницы журнала/);
    expect((await s.ctClient.put(`/api/people/${s.teacher.id}/roles`, { roles: ['teacher', 'administrator'] })).statusCode).toBe(404);
  });

  it('links and unlinks a parent (audited); a non-parent cannot be linked', async () => {
    const s = await setup();
    const link = await s.ctClient.post(`/api/people/${s.student.id}/parents`, { parentId: s.otherParent.id, relation: 'отец' });
    expect(link.statusCode, link.body).toBe(200);
    expect(
      link
        .json()
        .map((p: { id: string }) => p.id)
        .sort(),
    ).toEqual([s.parent.id, s.otherParent.id].sort());
    const bad = await s.ctClient.post(`/api/people/${s.student.id}/parents`, { parentId: s.teacher.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('parentId');
    const unlink = await s.ctClient.delete(`/api/people/${s.student.id}/parents/${s.otherParent.id}`);
    expect(unlink.statusCode).toBe(200);
    expect((await auditOf(s.schoolId, 'parent_link.add')).length).toBe(1);
    expect((await auditOf(s.schoolId, 'parent_link.remove')).length).toBe(1);
  });

  it('lists people: the whole school for administration, a class with its parents for the class teacher', async () => {
    const s = await setup();
    const all = (await s.adminClient.get('/api/people?role=student')).json();
    expect(all.total).toBe(3);
    expect(all.items.map((p: { name: string }) => p.name)).toEqual(['Иванов Пётр', 'Петрова Анна', 'Сидоров Олег']);
    expect(all.items[0]).toMatchObject({ className: '5А', hasLogin: true, blocked: false });
    const q = (await s.adminClient.get('/api/people?q=петр')).json();
    expect(q.items.map((p: { name: string }) => p.name)).toEqual(['Иванов Пётр', 'Петрова Анна']);
    const cls = (await s.ctClient.get(`/api/people?classId=${s.classId}`)).json();
    expect(cls.items.map((p: { id: string }) => p.id).sort()).toEqual([s.student.id, s.classmate.id, s.parent.id, s.otherParent.id].sort());
    expect((await s.ctClient.get('/api/people')).statusCode).toBe(403);
  });
});
