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
    adminC: await as(s.admin),
    teacherC: await as(s.teacher),
    otherTeacherC: await as(s.otherTeacher),
    parentC: await as(s.parent),
  };
}

async function upload(c: Client, folderId: string, name: string, type: string, content: Buffer) {
  const boundary = '----filesection';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url: `/api/school-files/folders/${folderId}/files`,
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: c.cookie, 'x-csrf-token': c.csrf },
  });
}

describe('the files section: a folder per school year, rights per folder [001 §2.3]', () => {
  it('opens with the folder of the current year', async () => {
    const s = await setup();
    const res = await s.teacherC.get('/api/school-files');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.yearId).toBe(s.year.id);
    expect(body.folders).toHaveLength(1);
    expect(body.folders[0]).toMatchObject({ parentId: null, isYearFolder: true, access: 'everyone', canAdd: true, canManage: false });
    // opening again does not make a second one
    expect((await s.parentC.get('/api/school-files')).json().folders).toHaveLength(1);
  });

  it('staff-only folders and their files are hidden from families; open folders are shared', async () => {
    const s = await setup();
    const root = (await s.adminC.get('/api/school-files')).json().folders[0].id;
    const staff = await s.adminC.post('/api/school-files/folders', { parentId: root, name: 'Методические материалы', access: 'staff' });
    expect(staff.statusCode, staff.body).toBe(200);
    const open = await s.teacherC.post('/api/school-files/folders', { parentId: root, name: 'Олимпиады', access: 'everyone' });
    expect(open.statusCode, open.body).toBe(200);
    const inside = await s.teacherC.post('/api/school-files/folders', {
      parentId: staff.json().id,
      name: 'Открытая внутри закрытой',
      access: 'everyone',
    });
    expect(inside.json().staffOnly).toBe(true);

    const pub = await upload(s.teacherC, open.json().id, 'Задания.pdf', 'application/pdf', Buffer.from('%PDF-1.4 олимпиада'));
    expect(pub.statusCode, pub.body).toBe(200);
    const secret = await upload(
      s.teacherC,
      staff.json().id,
      'План.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
    );
    expect(secret.statusCode, secret.body).toBe(200);

    const parentView = (await s.parentC.get('/api/school-files')).json().folders.map((f: { name: string }) => f.name);
    expect(parentView).toHaveLength(2);
    expect(parentView).toContain('Олимпиады');
    expect(parentView).not.toContain('Методические материалы');
    expect(parentView).not.toContain('Открытая внутри закрытой');
    expect((await s.parentC.get(`/api/school-files/folders/${staff.json().id}`)).statusCode).toBe(404);
    expect((await s.parentC.get(`/api/school-files/folders/${inside.json().id}`)).statusCode).toBe(404);
    expect((await s.parentC.get(`/api/school-files/files/${secret.json().id}`)).statusCode).toBe(404);
    const dl = await s.parentC.get(`/api/school-files/files/${pub.json().id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe('%PDF-1.4 олимпиада');
    const folder = (await s.parentC.get(`/api/school-files/folders/${open.json().id}`)).json();
    expect(folder.files).toHaveLength(1);
    expect(folder.files[0]).toMatchObject({ name: 'Задания.pdf', canRemove: false });
  });

  it('families cannot add; bad files are refused; a folder with files is not removed', async () => {
    const s = await setup();
    const root = (await s.teacherC.get('/api/school-files')).json().folders[0].id;
    expect((await s.parentC.post('/api/school-files/folders', { parentId: root, name: 'Моя', access: 'everyone' })).statusCode).toBe(403);
    expect((await upload(s.parentC, root, 'a.pdf', 'application/pdf', Buffer.from('x'))).statusCode).toBe(403);
    expect((await upload(s.teacherC, root, 'setup.exe', 'application/x-msdownload', Buffer.from('MZ'))).statusCode).toBe(400);
    // [issue 10] a program renamed to .pdf is refused by its first bytes
    const renamed = await upload(s.teacherC, root, 'приказ.pdf', 'application/pdf', Buffer.from('MZ\x90\x00'));
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().error.details.fields[0].field).toBe('file');
    expect((await upload(s.teacherC, root, 'big.pdf', 'application/pdf', Buffer.alloc(10 * 1024 * 1024 + 1))).statusCode).toBe(413);
    const bad = await s.teacherC.post('/api/school-files/folders', { parentId: root, name: 'a/b', access: 'everyone' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('name');

    const f = (await s.teacherC.post('/api/school-files/folders', { parentId: root, name: 'Проекты', access: 'everyone' })).json();
    expect((await s.teacherC.post('/api/school-files/folders', { parentId: root, name: 'проекты', access: 'everyone' })).statusCode).toBe(
      409,
    );
    const file = (await upload(s.teacherC, f.id, 'Проект.pdf', 'application/pdf', Buffer.from('%PDF-1.4'))).json();
    expect((await s.teacherC.delete(`/api/school-files/folders/${f.id}`)).statusCode).toBe(409);
    expect((await s.otherTeacherC.delete(`/api/school-files/files/${file.id}`)).statusCode).toBe(403);
    expect((await s.teacherC.delete(`/api/school-files/files/${file.id}`)).statusCode).toBe(200);
    expect((await s.otherTeacherC.delete(`/api/school-files/folders/${f.id}`)).statusCode).toBe(403);
    expect((await s.teacherC.delete(`/api/school-files/folders/${f.id}`)).statusCode).toBe(200);
    expect((await s.adminC.delete(`/api/school-files/folders/${root}`)).statusCode).toBe(400);
  });

  it('the creator or the administration change a folder’s rights', async () => {
    const s = await setup();
    const root = (await s.teacherC.get('/api/school-files')).json().folders[0].id;
    const f = (await s.teacherC.post('/api/school-files/folders', { parentId: root, name: 'Черновики', access: 'everyone' })).json();
    expect((await s.otherTeacherC.patch(`/api/school-files/folders/${f.id}`, { access: 'staff' })).statusCode).toBe(403);
    const closed = await s.teacherC.patch(`/api/school-files/folders/${f.id}`, { access: 'staff' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ access: 'staff', staffOnly: true });
    expect((await s.parentC.get(`/api/school-files/folders/${f.id}`)).statusCode).toBe(404);
    expect((await s.adminC.patch(`/api/school-files/folders/${f.id}`, { name: 'Архив черновиков', access: 'everyone' })).json().name).toBe(
      'Архив черновиков',
    );
    const other = await makeSmallSchool(t.db, { adminTotpRequired: false });
    const otherAdmin = await signIn(t.app, other.admin.login, other.admin.password);
    expect((await otherAdmin.get(`/api/school-files/folders/${f.id}`)).statusCode).toBe(404);
  });
});
