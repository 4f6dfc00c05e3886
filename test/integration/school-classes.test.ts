import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, makeClass, makeLesson, makePerson, makeSmallSchool, makeYear } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

/** Classes, class teachers, subgroups, subjects, curriculum, teaching load [DOMAIN §2], [004 admin], [003 §2.6], [003 §3.2]. */
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

describe('classes [004 admin]', () => {
  it('creates classes in the current year; the period scheme follows the grade', async () => {
    const s = await setup();
    const five = await s.adminClient.post('/api/classes', { grade: 5, letter: 'в' });
    expect(five.statusCode, five.body).toBe(200);
    expect(five.json()).toMatchObject({ name: '5В', periodScheme: 'quarter', yearId: s.year.id, classTeacherId: null });
    const ten = await s.adminClient.post('/api/classes', { grade: 10, letter: 'A', classTeacherId: s.otherTeacher.id });
    expect(ten.json()).toMatchObject({ name: '10А', periodScheme: 'half', classTeacherId: s.otherTeacher.id });
    const dup = await s.adminClient.post('/api/classes', { grade: 5, letter: 'А' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toMatch(/Класс 5А уже есть/);
    const bad = await s.adminClient.post('/api/classes', { grade: 12, letter: 'А' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('grade');
  });

  it('[002 §4.6] a closed year is read-only: no new classes (423), but its classes stay readable with their size at the year end', async () => {
    const s = await setup();
    const old = await makeYear(t.db, s.schoolId, { startsOn: '2001-09-01', endsOn: '2002-06-30', status: 'closed' });
    const oldClass = await makeClass(t.db, s.schoolId, old.id, { grade: 7, letter: 'Г' });
    const res = await s.adminClient.post('/api/classes', { yearId: old.id, grade: 5, letter: 'Д' });
    expect(res.statusCode).toBe(423);
    expect(res.json().error.code).toBe('journal.period_closed');
    expect(res.json().error.message).toMatch(/закрыт.*изменения запрещены/);
    expect((await s.adminClient.patch(`/api/classes/${oldClass}`, { letter: 'Е' })).statusCode).toBe(423);
    // Its size is the students who stayed to the year's end (moved up), not the one who left in January.
    const stayed = await makePerson(t.db, s.schoolId, { roles: ['student'] });
    const left = await makePerson(t.db, s.schoolId, { roles: ['student'] });
    await enroll(t.db, s.schoolId, stayed.id, oldClass, '2001-09-01', '2002-06-30');
    await enroll(t.db, s.schoolId, left.id, oldClass, '2001-09-01', '2002-01-15');
    const list = (await s.adminClient.get(`/api/classes?yearId=${old.id}`)).json();
    expect(list.map((c: { id: string }) => c.id)).toEqual([oldClass]);
    expect(list[0].studentCount).toBe(1);
    expect((await s.adminClient.get(`/api/classes/${oldClass}`)).json().readOnly).toBe(true);
  });

  it('assigns a class teacher (audited); only a teacher may be one; the new class teacher sees the class as theirs', async () => {
    const s = await setup();
    const notTeacher = await s.adminClient.put(`/api/classes/${s.classId}/class-teacher`, { teacherId: s.parent.id });
    expect(notTeacher.statusCode).toBe(400);
    expect(notTeacher.json().error.details.fields[0].field).toBe('teacherId');
    const res = await s.adminClient.put(`/api/classes/${s.classId}/class-teacher`, { teacherId: s.teacher.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().classTeacherId).toBe(s.teacher.id);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    expect((await teacher.get('/api/classes')).json()).toEqual([expect.objectContaining({ id: s.classId, isMine: true })]);
    const [log] = await t.db.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE school_id = $1 AND action = 'class.class_teacher'",
      [s.schoolId],
    );
    expect(log.details).toMatchObject({ old: s.classTeacher.id, new: s.teacher.id });
    expect((await s.ctClient.put(`/api/classes/${s.classId}/class-teacher`, { teacherId: s.classTeacher.id })).statusCode).toBe(404);
  });
});

describe('correcting and deleting classes [004 admin]', () => {
  it('[004 admin] corrects a class: letter, grade and period scheme (audited); a name taken in the year is refused', async () => {
    const s = await setup();
    const c = (await s.adminClient.post('/api/classes', { grade: 7, letter: 'Б' })).json();
    const res = await s.adminClient.patch(`/api/classes/${c.id}`, { grade: 8, letter: 'в', periodScheme: 'trimester' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '8В', grade: 8, letter: 'В', periodScheme: 'trimester' });
    const taken = await s.adminClient.patch(`/api/classes/${c.id}`, { grade: 5, letter: 'А' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toMatch(/Класс 5А уже есть/);
    expect(taken.json().error.details.field).toBe('letter');
    const [log] = await t.db.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE school_id = $1 AND action = 'class.update' AND object_id = $2",
      [s.schoolId, c.id],
    );
    expect(log.details).toMatchObject({ old: { name: '7Б' }, new: { name: '8В', periodScheme: 'trimester' } });
    expect((await s.ctClient.patch(`/api/classes/${s.classId}`, { letter: 'Я' })).statusCode).toBe(404);
  });

  it('[004 admin] deletes an empty class (with its empty subgroups; audited); the class teacher may not', async () => {
    const s = await setup();
    const c = (await s.adminClient.post('/api/classes', { grade: 9, letter: 'Ж', classTeacherId: s.teacher.id })).json();
    expect((await s.adminClient.post(`/api/classes/${c.id}/subgroups`, { name: 'Группа 1' })).statusCode).toBe(200);
    expect((await s.ctClient.delete(`/api/classes/${c.id}`)).statusCode).toBe(404);
    const res = await s.adminClient.delete(`/api/classes/${c.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await s.adminClient.get(`/api/classes/${c.id}`)).statusCode).toBe(404);
    const [log] = await t.db.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE school_id = $1 AND action = 'class.delete' AND object_id = $2",
      [s.schoolId, c.id],
    );
    expect(log.details).toMatchObject({ name: '9Ж' });
    expect((await s.adminClient.delete(`/api/classes/${c.id}`)).statusCode).toBe(404);
  });

  it('[004 admin] refuses to delete a class with students (even departed ones) or journal pages, naming the reason (409)', async () => {
    const s = await setup();
    // The small school's 5А has students and a journal page.
    const full = await s.adminClient.delete(`/api/classes/${s.classId}`);
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message).toMatch(/^Класс 5А нельзя удалить: в нём числились ученики .*; у него есть страницы журнала/);
    // A class whose only student has left: the movement history keeps it.
    const c = (await s.adminClient.post('/api/classes', { grade: 3, letter: 'К' })).json();
    const gone = await makePerson(t.db, s.schoolId, { roles: ['student'], login: null });
    await enroll(t.db, s.schoolId, gone.id, c.id, `${s.year.startYear}-09-01`, `${s.year.startYear}-09-10`);
    const left = await s.adminClient.delete(`/api/classes/${c.id}`);
    expect(left.statusCode).toBe(409);
    expect(left.json().error.message).toMatch(/числились ученики \(записей о зачислении: 1\)/);
    const other = await setup();
    expect((await other.adminClient.delete(`/api/classes/${s.classId}`)).statusCode).toBe(404);
  });

  it('[002 §4.6] a class of a closed year is not deleted (423)', async () => {
    const s = await setup();
    const old = await makeYear(t.db, s.schoolId, { startsOn: '2001-09-01', endsOn: '2002-06-30', status: 'closed' });
    const oldClass = await makeClass(t.db, s.schoolId, old.id, { grade: 7, letter: 'Г' });
    expect((await s.adminClient.delete(`/api/classes/${oldClass}`)).statusCode).toBe(423);
  });
});

describe('subgroups [003 §3.2]', () => {
  it('[003 §3.2] the class teacher decides the members; a student of another class is refused', async () => {
    const s = await setup();
    const g = await s.ctClient.post(`/api/classes/${s.classId}/subgroups`, { name: 'Английский, 1 группа', studentIds: [s.student.id] });
    expect(g.statusCode, g.body).toBe(200);
    expect(g.json().members).toEqual([{ id: s.student.id, name: 'Иванов Пётр' }]);
    const members = await s.ctClient.put(`/api/subgroups/${g.json().id}/members`, { studentIds: [s.student.id, s.classmate.id] });
    expect(members.statusCode, members.body).toBe(200);
    expect(members.json().members.map((m: { name: string }) => m.name)).toEqual(['Иванов Пётр', 'Петрова Анна']);
    const stranger = await s.ctClient.put(`/api/subgroups/${g.json().id}/members`, { studentIds: [s.otherStudent.id] });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.message).toMatch(/не числится в классе 5А/);
    const other = await signIn(t.app, s.otherTeacher.login, s.otherTeacher.password);
    expect((await other.put(`/api/subgroups/${g.json().id}/members`, { studentIds: [] })).statusCode).toBe(404);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    expect((await teacher.get(`/api/classes/${s.classId}/subgroups`)).json()).toHaveLength(1);
    const dup = await s.ctClient.post(`/api/classes/${s.classId}/subgroups`, { name: 'английский, 1 группа' });
    expect(dup.statusCode).toBe(409);
  });

  it('a subgroup with a journal page cannot be deleted; an empty one can', async () => {
    const s = await setup();
    const g = (await s.adminClient.post(`/api/classes/${s.classId}/subgroups`, { name: 'Группа 1' })).json();
    const subj = (await s.adminClient.post('/api/subjects', { name: 'Информатика' })).json();
    const load = await s.adminClient.post('/api/loads', {
      classId: s.classId,
      subgroupId: g.id,
      subjectId: subj.id,
      teacherId: s.teacher.id,
    });
    expect(load.statusCode, load.body).toBe(200);
    const del = await s.ctClient.delete(`/api/subgroups/${g.id}`);
    expect(del.statusCode).toBe(409);
    const g2 = (await s.adminClient.post(`/api/classes/${s.classId}/subgroups`, { name: 'Группа 2' })).json();
    expect((await s.ctClient.delete(`/api/subgroups/${g2.id}`)).statusCode).toBe(200);
  });
});

describe('subjects and curriculum', () => {
  it('adds and renames subjects; a duplicate name is refused', async () => {
    const s = await setup();
    const res = await s.adminClient.post('/api/subjects', { name: 'Русский язык', shortName: 'Рус. яз.' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await s.adminClient.post('/api/subjects', { name: 'русский язык' })).statusCode).toBe(409);
    const patched = await s.adminClient.patch(`/api/subjects/${res.json().id}`, { name: 'Русский язык (углублённый)', passFail: false });
    expect(patched.json().name).toBe('Русский язык (углублённый)');
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    expect((await teacher.get('/api/subjects')).json().map((x: { name: string }) => x.name)).toContain('Русский язык (углублённый)');
    expect((await teacher.post('/api/subjects', { name: 'X' })).statusCode).toBe(403);
  });

  it('[DOMAIN §2] deletes an unused subject (audited); a subject in the load or the curriculum is refused with the reason (409)', async () => {
    const s = await setup();
    const spare = (await s.adminClient.post('/api/subjects', { name: 'Черчение' })).json();
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    expect((await teacher.delete(`/api/subjects/${spare.id}`)).statusCode).toBe(404);
    expect((await s.adminClient.delete(`/api/subjects/${spare.id}`)).statusCode).toBe(200);
    expect((await s.adminClient.get('/api/subjects')).json().map((x: { id: string }) => x.id)).not.toContain(spare.id);
    const [log] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE school_id = $1 AND action = 'subject.delete' AND object_id = $2",
      [s.schoolId, spare.id],
    );
    expect(log.n).toBe(1);
    // Математика has a journal page in the small school.
    const used = await s.adminClient.delete(`/api/subjects/${s.math}`);
    expect(used.statusCode).toBe(409);
    expect(used.json().error.message).toBe('Предмет «Математика» нельзя удалить: по нему ведутся страницы журнала (2)');
    const planned = (await s.adminClient.post('/api/subjects', { name: 'Астрономия' })).json();
    await s.adminClient.put(`/api/years/${s.year.id}/curriculum`, { rows: [{ grade: 11, subjectId: planned.id, hoursPerWeek: 1 }] });
    const inPlan = await s.adminClient.delete(`/api/subjects/${planned.id}`);
    expect(inPlan.statusCode).toBe(409);
    expect(inPlan.json().error.message).toMatch(/он есть в учебном плане \(строк: 1\)/);
    const other = await setup();
    expect((await other.adminClient.delete(`/api/subjects/${planned.id}`)).statusCode).toBe(404);
  });

  it('sets the curriculum of a year (hours per week per subject per grade); refuses duplicates and unknown subjects', async () => {
    const s = await setup();
    const rows = [
      { grade: 5, subjectId: s.math, hoursPerWeek: 5 },
      { grade: 6, subjectId: s.math, hoursPerWeek: 4.5 },
    ];
    const res = await s.adminClient.put(`/api/years/${s.year.id}/curriculum`, { rows });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([
      { grade: 5, subjectId: s.math, subjectName: 'Математика', hoursPerWeek: 5 },
      { grade: 6, subjectId: s.math, subjectName: 'Математика', hoursPerWeek: 4.5 },
    ]);
    const dup = await s.adminClient.put(`/api/years/${s.year.id}/curriculum`, { rows: [...rows, rows[0]] });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.details.fields[0].field).toBe('rows.2');
    const other = await setup();
    const foreign = await s.adminClient.put(`/api/years/${s.year.id}/curriculum`, {
      rows: [{ grade: 5, subjectId: other.math, hoursPerWeek: 1 }],
    });
    expect(foreign.statusCode).toBe(400);
    expect((await s.adminClient.get(`/api/years/${s.year.id}/curriculum`)).json()).toHaveLength(2);
  });
});

describe('teaching load decides whose journal page is whose [003 §2.6]', () => {
  it('[003 §2.6] a load row creates the teacher’s page; reassigning moves the page to another teacher', async () => {
    const s = await setup();
    const subj = (await s.adminClient.post('/api/subjects', { name: 'Биология' })).json();
    const res = await s.adminClient.post('/api/loads', {
      classId: s.classId,
      subjectId: subj.id,
      teacherId: s.otherTeacher.id,
      hoursPerWeek: 2,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ className: '5А', subjectName: 'Биология', teacherId: s.otherTeacher.id, hoursPerWeek: 2 });
    const other = await signIn(t.app, s.otherTeacher.login, s.otherTeacher.password);
    expect((await other.get('/api/pages')).json().map((p: { id: string }) => p.id)).toContain(res.json().id);
    const dup = await s.adminClient.post('/api/loads', { classId: s.classId, subjectId: subj.id, teacherId: s.teacher.id });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toMatch(/уже есть в нагрузке/);

    const moved = await s.adminClient.patch(`/api/loads/${res.json().id}`, { teacherId: s.teacher.id });
    expect(moved.statusCode, moved.body).toBe(200);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    expect((await teacher.get('/api/pages')).json().map((p: { id: string }) => p.id)).toContain(res.json().id);
    expect((await other.get('/api/pages')).json().map((p: { id: string }) => p.id)).not.toContain(res.json().id);
    const log = await t.db.query("SELECT action FROM audit_log WHERE school_id = $1 AND action LIKE 'load.%' ORDER BY id", [s.schoolId]);
    expect(log.map((l) => (l as { action: string }).action)).toEqual(['load.create', 'load.update']);
    const list = (await s.adminClient.get(`/api/loads?classId=${s.classId}`)).json();
    expect(list.map((l: { subjectName: string }) => l.subjectName)).toEqual(['Биология', 'Математика']);
  });

  it('refuses a load for a non-teacher and a subgroup of another class', async () => {
    const s = await setup();
    const notTeacher = await s.adminClient.post('/api/loads', { classId: s.classId, subjectId: s.math, teacherId: s.parent.id });
    expect(notTeacher.statusCode).toBe(400);
    const g = (await s.adminClient.post(`/api/classes/${s.otherClassId}/subgroups`, { name: 'Г1' })).json();
    const wrong = await s.adminClient.post('/api/loads', {
      classId: s.classId,
      subgroupId: g.id,
      subjectId: s.math,
      teacherId: s.teacher.id,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields[0].field).toBe('subgroupId');
  });

  it('refuses moving a page to a teacher busy in its timetable slots', async () => {
    const s = await setup();
    const y = s.year.startYear;
    await s.adminClient.put(`/api/years/${s.year.id}/periods`, {
      periods: [{ scheme: 'quarter', number: 1, startsOn: `${y}-09-01`, endsOn: `${y + 1}-06-30` }],
    });
    await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: `${y}-09-01`,
      entries: [{ pageId: s.pageId, weekday: 1, lessonNumber: 1 }],
    });
    await s.adminClient.post('/api/timetable', {
      classId: s.otherClassId,
      validFrom: `${y}-09-01`,
      entries: [{ pageId: s.otherPageId, weekday: 1, lessonNumber: 1 }],
    });
    const res = await s.adminClient.patch(`/api/loads/${s.pageId}`, { teacherId: s.otherTeacher.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/Учитель уже занят в этот час/);
  });

  it('a page with marks cannot be deleted; an empty one can', async () => {
    const s = await setup();
    const y = s.year.startYear;
    await s.adminClient.put(`/api/years/${s.year.id}/periods`, {
      periods: [{ scheme: 'quarter', number: 1, startsOn: `${y}-09-01`, endsOn: `${y + 1}-06-30` }],
    });
    const lesson = await makeLesson(t.db, s.schoolId, s.pageId, new Date().toISOString().slice(0, 10), 1);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    const work = (await teacher.post(`/api/lessons/${lesson}/works`, { workType: 'class_answer' })).json();
    await teacher.put('/api/marks', { workId: work.id, studentId: s.student.id, value: '4', version: null });
    const del = await s.adminClient.delete(`/api/loads/${s.pageId}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.message).toMatch(/отметки: 1/);
    const subj = (await s.adminClient.post('/api/subjects', { name: 'Музыка' })).json();
    const page = (await s.adminClient.post('/api/loads', { classId: s.classId, subjectId: subj.id, teacherId: s.teacher.id })).json();
    await makeLesson(t.db, s.schoolId, page.id, new Date().toISOString().slice(0, 10), 3);
    expect((await s.adminClient.delete(`/api/loads/${page.id}`)).statusCode).toBe(200);
  });

  it('another school’s class, subject or load is 404', async () => {
    const s = await setup();
    const other = await setup();
    expect(
      (await other.adminClient.post('/api/loads', { classId: s.classId, subjectId: s.math, teacherId: s.teacher.id })).statusCode,
    ).toBe(404);
    expect((await other.adminClient.patch(`/api/loads/${s.pageId}`, { hoursPerWeek: 3 })).statusCode).toBe(404);
    expect((await other.adminClient.patch(`/api/subjects/${s.math}`, { name: 'X' })).statusCode).toBe(404);
    expect((await other.adminClient.get(`/api/classes/${s.classId}/subgroups`)).statusCode).toBe(404);
  });
});
