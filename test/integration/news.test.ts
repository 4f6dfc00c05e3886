import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSmallSchool } from '../fixtures/factories';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

async function setup() {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  const as = (p: { login: string; password: string }) => signIn(t.app, p.login, p.password);
  return {
    ...s,
    deputyC: await as(s.deputy),
    classTeacherC: await as(s.classTeacher),
    teacherC: await as(s.teacher),
    otherTeacherC: await as(s.otherTeacher),
    parentC: await as(s.parent),
    otherParentC: await as(s.otherParent),
    studentC: await as(s.student),
  };
}

async function publish(c: Client, body: Record<string, unknown>) {
  return c.post('/api/news', { kind: 'news', audience: 'school', title: 'Заголовок', body: 'Текст', ...body });
}
const titles = async (c: Client, query = '') => (await c.get(`/api/news${query}`)).json().map((p: { title: string }) => p.title);

describe('news and announcements: «Школа», a class, «Учительская» [001 §2.2]', () => {
  it('the administration publishes for the whole school; everyone reads it', async () => {
    const s = await setup();
    const res = await publish(s.deputyC, { title: 'День открытых дверей' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ audience: 'school', kind: 'news', canEdit: true, readByMe: false });
    for (const c of [s.parentC, s.studentC, s.teacherC]) expect(await titles(c)).toEqual(['День открытых дверей']);
    expect((await s.parentC.get(`/api/news/${res.json().id}`)).json().canEdit).toBe(false);
  });

  it('«Учительская» is for staff only: families neither see nor open it', async () => {
    const s = await setup();
    const res = await publish(s.teacherC, { audience: 'staff', kind: 'announcement', title: 'Педсовет в среду' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await titles(s.otherTeacherC, '?audience=staff')).toEqual(['Педсовет в среду']);
    expect(await titles(s.parentC)).toEqual([]);
    expect(await titles(s.parentC, '?audience=staff')).toEqual([]);
    expect((await s.parentC.get(`/api/news/${res.json().id}`)).statusCode).toBe(404);
    expect((await s.studentC.post(`/api/news/${res.json().id}/read`)).statusCode).toBe(404);
  });

  it('a class post is written by its class teacher and read by the class’s families and teachers only', async () => {
    const s = await setup();
    const res = await publish(s.classTeacherC, { audience: 'class', classId: s.classId, kind: 'announcement', title: 'Экскурсия 5А' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().className).toBe('5А');
    expect(await titles(s.parentC)).toEqual(['Экскурсия 5А']);
    expect(await titles(s.teacherC)).toEqual(['Экскурсия 5А']);
    expect(await titles(s.otherTeacherC)).toEqual([]);
    const outsider = await signIn(t.app, s.otherStudent.login, s.otherStudent.password);
    expect(await titles(outsider)).toEqual([]);
    // a subject teacher does not publish for the class; the class teacher not for another class
    expect((await publish(s.teacherC, { audience: 'class', classId: s.classId })).statusCode).toBe(404);
    expect((await publish(s.classTeacherC, { audience: 'class', classId: s.otherClassId })).statusCode).toBe(404);
  });

  it('refuses publishing where the author may not, and bad input', async () => {
    const s = await setup();
    const parentPost = await publish(s.parentC, { audience: 'staff' });
    expect(parentPost.statusCode).toBe(400);
    expect(parentPost.json().error.details.fields[0].field).toBe('audience');
    expect((await publish(s.teacherC, { audience: 'school' })).statusCode).toBe(400);
    expect((await publish(s.deputyC, { title: '' })).statusCode).toBe(400);
    expect((await publish(s.deputyC, { audience: 'class' })).json().error.details.fields[0].field).toBe('classId');
    expect((await publish(s.deputyC, { kind: 'event' })).json().error.details.fields[0].field).toBe('eventDate');
    const backwards = await publish(s.deputyC, { kind: 'event', eventDate: '2025-05-10', eventEndDate: '2025-05-01' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details.fields[0].field).toBe('eventEndDate');
    expect((await publish(s.deputyC, { kind: 'event', eventDate: '2025-02-30' })).statusCode).toBe(400);
  });

  it('the author edits and removes a post; the administration too; another teacher gets 404', async () => {
    const s = await setup();
    const id = (await publish(s.teacherC, { audience: 'staff', title: 'Было' })).json().id;
    const edit = await s.teacherC.put(`/api/news/${id}`, { kind: 'news', audience: 'staff', title: 'Стало', body: 'Новый текст' });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().title).toBe('Стало');
    expect((await s.otherTeacherC.put(`/api/news/${id}`, { kind: 'news', audience: 'staff', title: 'Чужое', body: 'x' })).statusCode).toBe(
      404,
    );
    expect((await s.otherTeacherC.delete(`/api/news/${id}`)).statusCode).toBe(404);
    expect((await s.deputyC.delete(`/api/news/${id}`)).statusCode).toBe(200);
    expect((await s.teacherC.get(`/api/news/${id}`)).statusCode).toBe(404);
  });
});

describe('read receipts of announcements', () => {
  it('readers confirm; the author sees who has read and who has not', async () => {
    const s = await setup();
    const id = (
      await publish(s.classTeacherC, { audience: 'class', classId: s.classId, kind: 'announcement', title: 'Сбор на экскурсию' })
    ).json().id;
    expect((await s.parentC.post(`/api/news/${id}/read`)).statusCode).toBe(200);
    expect((await s.parentC.post(`/api/news/${id}/read`)).statusCode).toBe(200);
    expect((await s.parentC.get(`/api/news/${id}`)).json().readByMe).toBe(true);
    const receipts = (await s.classTeacherC.get(`/api/news/${id}/receipts`)).json();
    // the class: two students, two parents, the subject teacher (the author is not counted)
    expect(receipts.total).toBe(5);
    expect(receipts.read).toBe(1);
    expect(receipts.people[0]).toMatchObject({ personId: s.parent.id, roleLabel: 'Родитель' });
    expect(receipts.people[0].readAt).not.toBeNull();
    expect(receipts.people.filter((p: { readAt: string | null }) => p.readAt === null)).toHaveLength(4);
    expect((await s.parentC.get(`/api/news/${id}/receipts`)).statusCode).toBe(404);
    expect((await s.teacherC.get(`/api/news/${id}/receipts`)).statusCode).toBe(404);
  });
});

describe('the events calendar [001 §2.2]', () => {
  it('lists the events of a date range, by date, as each reader may see them', async () => {
    const s = await setup();
    await publish(s.deputyC, {
      kind: 'event',
      title: 'Последний звонок',
      eventDate: '2026-05-25',
      eventTime: '10:00',
      eventPlace: 'Актовый зал',
    });
    await publish(s.deputyC, { kind: 'event', title: 'Осенний бал', eventDate: '2025-10-20' });
    await publish(s.teacherC, { kind: 'event', audience: 'staff', title: 'Педсовет', eventDate: '2026-05-20' });
    await publish(s.deputyC, { kind: 'event', title: 'Каникулы', eventDate: '2026-05-28', eventEndDate: '2026-06-02' });
    const cal = (await s.parentC.get('/api/news/calendar?from=2026-05-01&to=2026-05-31')).json();
    expect(cal.map((e: { title: string }) => e.title)).toEqual(['Последний звонок', 'Каникулы']);
    expect(cal[0]).toMatchObject({ eventDate: '2026-05-25', eventTime: '10:00', eventPlace: 'Актовый зал' });
    const staff = (await s.teacherC.get('/api/news/calendar?from=2026-05-01&to=2026-05-31')).json();
    expect(staff.map((e: { title: string }) => e.title)).toEqual(['Педсовет', 'Последний звонок', 'Каникулы']);
    // an event that started before the range and lasts into it is shown
    expect((await s.parentC.get('/api/news/calendar?from=2026-06-01&to=2026-06-30')).json().map((e: { title: string }) => e.title)).toEqual(
      ['Каникулы'],
    );
    expect((await s.parentC.get('/api/news/calendar?from=2026-06-30&to=2026-06-01')).statusCode).toBe(400);
    expect((await s.parentC.get('/api/news/calendar?from=x&to=y')).statusCode).toBe(400);
  });
});
