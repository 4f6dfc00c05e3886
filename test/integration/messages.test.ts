import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { processOutbox } from '../../src/jobs/fan-out';
import { makePerson, makeSmallSchool } from '../fixtures/factories';
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
    teacherC: await as(s.teacher),
    classTeacherC: await as(s.classTeacher),
    otherTeacherC: await as(s.otherTeacher),
    parentC: await as(s.parent),
    otherParentC: await as(s.otherParent),
    studentC: await as(s.student),
    directorC: await as(s.director),
  };
}

async function write(
  c: Client,
  recipientIds: string[],
  subject = 'Контрольная',
  body = 'Добрый день! Напоминаю о контрольной в пятницу.',
  extra: Record<string, unknown> = {},
) {
  return c.post('/api/messages/threads', { recipientIds, subject, body, ...extra });
}

function multipart(name: string, type: string, content: Buffer) {
  const boundary = '----journaltest';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(c: Client, name: string, type: string, content: Buffer) {
  const m = multipart(name, type, content);
  return t.app.inject({
    method: 'POST',
    url: '/api/messages/attachments',
    payload: m.payload,
    headers: { ...m.headers, cookie: c.cookie, 'x-csrf-token': c.csrf },
  });
}

describe('messages between teachers, parents and students [000 §2.6]', () => {
  it('a teacher writes to a parent of the class, the parent reads and answers; unread counts follow', async () => {
    const s = await setup();
    const res = await write(s.teacherC, [s.parent.id]);
    expect(res.statusCode, res.body).toBe(200);
    const [threadId] = res.json().threadIds;

    expect((await s.parentC.get('/api/messages/unread')).json()).toEqual({ messages: 1, threads: 1 });
    const inbox = (await s.parentC.get('/api/messages/threads')).json();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ id: threadId, subject: 'Контрольная', unread: 1 });
    expect(inbox[0].participants.map((p: { id: string }) => p.id)).toEqual([s.teacher.id]);

    const thread = (await s.parentC.get(`/api/messages/threads/${threadId}`)).json();
    expect(thread.messages).toHaveLength(1);
    expect(thread.messages[0]).toMatchObject({ body: 'Добрый день! Напоминаю о контрольной в пятницу.', mine: false, unread: true });
    expect((await s.parentC.post(`/api/messages/threads/${threadId}/read`)).statusCode).toBe(200);
    expect((await s.parentC.get('/api/messages/unread')).json()).toEqual({ messages: 0, threads: 0 });

    const reply = await s.parentC.post(`/api/messages/threads/${threadId}/messages`, { body: 'Спасибо, подготовимся.' });
    expect(reply.statusCode, reply.body).toBe(200);
    expect((await s.teacherC.get('/api/messages/unread')).json()).toEqual({ messages: 1, threads: 1 });
    const teacherView = (await s.teacherC.get(`/api/messages/threads/${threadId}`)).json();
    expect(teacherView.messages.map((m: { body: string; mine: boolean }) => [m.body, m.mine])).toEqual([
      ['Добрый день! Напоминаю о контрольной в пятницу.', true],
      ['Спасибо, подготовимся.', false],
    ]);
  });

  it('a parent writes to the child’s class teacher, subject teacher and the administration', async () => {
    const s = await setup();
    for (const id of [s.classTeacher.id, s.teacher.id, s.director.id]) {
      const res = await write(s.parentC, [id], 'Вопрос');
      expect(res.statusCode, res.body).toBe(200);
    }
    const recipients = (await s.parentC.get('/api/messages/recipients')).json().map((r: { id: string }) => r.id);
    expect(recipients).toEqual(expect.arrayContaining([s.classTeacher.id, s.teacher.id, s.director.id, s.admin.id, s.deputy.id]));
    expect(recipients).not.toContain(s.otherTeacher.id);
    expect(recipients).not.toContain(s.otherParent.id);
  });

  it('answers 404 for a message to someone the sender may not write to', async () => {
    const s = await setup();
    const outsider = await makeOutsider(s);
    const cases: [Client, string][] = [
      [s.teacherC, outsider.id], // a parent with no child in the teacher's classes
      [s.otherTeacherC, s.parent.id], // teaches 6Б, the parent's child is in 5А
      [s.parentC, s.otherTeacher.id], // not a teacher of the child
      [s.parentC, s.otherParent.id], // families never write to families
      [s.studentC, s.classmate.id],
      [s.parentC, '00000000-0000-4000-8000-000000000000'],
    ];
    for (const [c, id] of cases) {
      const res = await write(c, [id]);
      expect(res.statusCode, `${id}: ${res.body}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    // someone of another school is unknown too
    const other = await makeSmallSchool(t.db, { adminTotpRequired: false });
    expect((await write(s.directorC, [other.parent.id])).statusCode).toBe(404);
  });

  it('[DOMAIN §8] the class teacher writes to all parents of the class at once, each family privately', async () => {
    const s = await setup();
    const res = await s.classTeacherC.post(`/api/classes/${s.classId}/parent-messages`, {
      subject: 'Собрание',
      body: 'Родительское собрание в четверг в 18:00.',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().threadIds).toHaveLength(2);
    for (const [c, other] of [
      [s.parentC, s.otherParent.id],
      [s.otherParentC, s.parent.id],
    ] as const) {
      const inbox = (await c.get('/api/messages/threads')).json();
      expect(inbox).toHaveLength(1);
      expect(inbox[0].participants.map((p: { id: string }) => p.id)).toEqual([s.classTeacher.id]);
      expect(JSON.stringify(inbox)).not.toContain(other);
    }
    // a subject teacher is not the class teacher
    expect((await s.teacherC.post(`/api/classes/${s.classId}/parent-messages`, { subject: 'x', body: 'y' })).statusCode).toBe(404);
    expect((await s.parentC.post(`/api/classes/${s.classId}/parent-messages`, { subject: 'x', body: 'y' })).statusCode).toBe(404);
  });

  it('[000 §3.6] several families in one message get separate conversations; staff share one', async () => {
    const s = await setup();
    const toFamilies = await write(s.classTeacherC, [s.parent.id, s.otherParent.id]);
    expect(toFamilies.json().threadIds).toHaveLength(2);
    const toStaff = await write(s.classTeacherC, [s.teacher.id, s.director.id]);
    expect(toStaff.json().threadIds).toHaveLength(1);
    const thread = (await s.teacherC.get(`/api/messages/threads/${toStaff.json().threadIds[0]}`)).json();
    expect(thread.participants).toHaveLength(3);
  });

  it('refuses bad input: empty text, no recipient, unknown thread', async () => {
    const s = await setup();
    const empty = await write(s.teacherC, [s.parent.id], 'Тема', '   ');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details.fields[0].field).toBe('body');
    expect((await write(s.teacherC, [])).statusCode).toBe(400);
    expect((await s.teacherC.get('/api/messages/threads/not-a-uuid')).statusCode).toBe(404);
    expect((await s.teacherC.post('/api/messages/threads/00000000-0000-4000-8000-000000000000/messages', { body: 'x' })).statusCode).toBe(
      404,
    );
  });

  it('someone who is not in a conversation cannot read or answer it: 404', async () => {
    const s = await setup();
    const [threadId] = (await write(s.teacherC, [s.parent.id])).json().threadIds;
    for (const c of [s.otherParentC, s.classTeacherC, s.directorC]) {
      expect((await c.get(`/api/messages/threads/${threadId}`)).statusCode).toBe(404);
      expect((await c.post(`/api/messages/threads/${threadId}/messages`, { body: 'вмешаюсь' })).statusCode).toBe(404);
    }
  });

  it('finds conversations by words of the subject or the text', async () => {
    const s = await setup();
    await write(s.teacherC, [s.parent.id], 'Экскурсия', 'Поездка в музей во вторник');
    await write(s.teacherC, [s.parent.id], 'Контрольная', 'Повторите дроби');
    const find = async (q: string) =>
      (await s.parentC.get(`/api/messages/threads?q=${encodeURIComponent(q)}`)).json().map((x: { subject: string }) => x.subject);
    expect(await find('музей')).toEqual(['Экскурсия']);
    expect(await find('ДРОБИ')).toEqual(['Контрольная']);
    expect(await find('%')).toEqual([]);
  });

  it('archives a conversation until a new message arrives', async () => {
    const s = await setup();
    const [threadId] = (await write(s.teacherC, [s.parent.id])).json().threadIds;
    expect((await s.parentC.put(`/api/messages/threads/${threadId}/archive`, { archived: true })).statusCode).toBe(200);
    expect((await s.parentC.get('/api/messages/threads')).json()).toEqual([]);
    expect((await s.parentC.get('/api/messages/threads?archived=true')).json()).toHaveLength(1);
    await s.teacherC.post(`/api/messages/threads/${threadId}/messages`, { body: 'Ещё одно' });
    expect((await s.parentC.get('/api/messages/threads')).json()).toHaveLength(1);
  });
});

async function makeOutsider(s: { schoolId: string }) {
  // a parent of the school with no child in the teacher's classes
  return makePerson(t.db, s.schoolId, { roles: ['parent'] });
}

describe('attachments', () => {
  it('attaches an uploaded file; participants download it, others get 404', async () => {
    const s = await setup();
    const up = await upload(s.teacherC, 'Задание.pdf', 'application/pdf', Buffer.from('%PDF-1.4 test'));
    expect(up.statusCode, up.body).toBe(200);
    const fileId = up.json().id;
    const res = await write(s.teacherC, [s.parent.id], 'Файл', 'Во вложении', { attachmentIds: [fileId] });
    expect(res.statusCode, res.body).toBe(200);
    const thread = (await s.parentC.get(`/api/messages/threads/${res.json().threadIds[0]}`)).json();
    expect(thread.messages[0].files).toEqual([{ id: fileId, name: 'Задание.pdf', size: 13, contentType: 'application/pdf' }]);
    const dl = await s.parentC.get(`/api/messages/attachments/${fileId}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toContain('attachment');
    expect(dl.body).toBe('%PDF-1.4 test');
    expect((await s.otherParentC.get(`/api/messages/attachments/${fileId}`)).statusCode).toBe(404);
    // an attachment is used once
    expect((await write(s.teacherC, [s.parent.id], 'Снова', 'x', { attachmentIds: [fileId] })).statusCode).toBe(400);
  });

  it('refuses oversized and forbidden files, and someone else’s upload', async () => {
    const s = await setup();
    const big = await upload(s.teacherC, 'big.pdf', 'application/pdf', Buffer.alloc(10 * 1024 * 1024 + 1, 1));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('request.too_large');
    for (const [name, type] of [
      ['virus.exe', 'application/x-msdownload'],
      ['page.html', 'text/html'],
      ['script.js', 'text/plain'],
      ['отчёт.pdf.exe', 'application/pdf'],
    ]) {
      const res = await upload(s.teacherC, name, type, Buffer.from('MZ...'));
      expect(res.statusCode, name).toBe(400);
      expect(res.json().error.details.fields[0].field).toBe('file');
    }
    // [issue 10] the first bytes must agree with the declared type: a page saved as text, a PDF named .png.
    for (const [name, type, content] of [
      ['задание.txt', 'text/plain', Buffer.from('<html><script>alert(1)</script></html>')],
      ['фото.png', 'image/png', Buffer.from('%PDF-1.4 test')],
    ] as const) {
      const res = await upload(s.teacherC, name, type, content);
      expect(res.statusCode, name).toBe(400);
      expect(res.json().error.message).toMatch(/не принят/);
    }
    const mine = (await upload(s.parentC, 'фото.jpg', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff]))).json().id;
    expect((await s.teacherC.get(`/api/messages/attachments/${mine}`)).statusCode).toBe(404);
    expect((await write(s.teacherC, [s.parent.id], 'Чужой файл', 'x', { attachmentIds: [mine] })).statusCode).toBe(400);
  });
});

describe('blocking and abuse reports', () => {
  it('a recipient blocks a sender: no new messages or answers from them until unblocked', async () => {
    const s = await setup();
    const [threadId] = (await write(s.teacherC, [s.parent.id])).json().threadIds;
    expect((await s.parentC.put(`/api/messages/blocks/${s.teacher.id}`)).statusCode).toBe(200);
    expect((await s.parentC.get('/api/messages/blocks')).json().map((b: { personId: string }) => b.personId)).toEqual([s.teacher.id]);

    expect((await write(s.teacherC, [s.parent.id])).statusCode).toBe(404);
    const answer = await s.teacherC.post(`/api/messages/threads/${threadId}/messages`, { body: 'Ещё' });
    expect(answer.statusCode).toBe(403);
    expect((await s.teacherC.get(`/api/messages/threads/${threadId}`)).json().canReply).toBe(false);
    const recipients = (await s.teacherC.get('/api/messages/recipients')).json().map((r: { id: string }) => r.id);
    expect(recipients).not.toContain(s.parent.id);
    // the parent may still write
    expect((await s.parentC.post(`/api/messages/threads/${threadId}/messages`, { body: 'Я сам напишу' })).statusCode).toBe(200);

    expect((await s.parentC.delete(`/api/messages/blocks/${s.teacher.id}`)).statusCode).toBe(200);
    expect((await write(s.teacherC, [s.parent.id])).statusCode).toBe(200);
  });

  it('staff report an offensive message; the administration sees and resolves it; it is audited', async () => {
    const s = await setup();
    const [threadId] = (await write(s.parentC, [s.teacher.id], 'Жалоба', 'Грубый текст')).json().threadIds;
    const msg = (await s.teacherC.get(`/api/messages/threads/${threadId}`)).json().messages[0];
    const rep = await s.teacherC.post(`/api/messages/${msg.id}/report`, { reason: 'Оскорбления' });
    expect(rep.statusCode, rep.body).toBe(200);
    expect((await s.parentC.post(`/api/messages/${msg.id}/report`, { reason: 'сам на себя' })).statusCode).toBe(400);
    expect((await s.otherParentC.post(`/api/messages/${msg.id}/report`, { reason: 'чужое' })).statusCode).toBe(404);

    const reports = (await s.directorC.get('/api/messages/reports')).json();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ reason: 'Оскорбления', messageText: 'Грубый текст', senderId: s.parent.id });
    expect((await s.teacherC.get('/api/messages/reports')).json()).toEqual([]);
    expect((await s.teacherC.post(`/api/messages/reports/${reports[0].id}/resolve`, { resolution: 'x' })).statusCode).toBe(404);
    expect(
      (await s.directorC.post(`/api/messages/reports/${reports[0].id}/resolve`, { resolution: 'Беседа с родителем проведена' })).statusCode,
    ).toBe(200);
    expect((await s.directorC.get('/api/messages/reports')).json()).toEqual([]);
    expect((await s.directorC.get('/api/messages/reports?status=resolved')).json()[0].resolution).toBe('Беседа с родителем проведена');
    const audit = await t.db.query<{ action: string }>('SELECT action FROM audit_log WHERE school_id = $1 ORDER BY id', [s.schoolId]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['message.report', 'message.report_resolved']));
  });
});

describe('a new message is announced through the notification outbox', () => {
  it('the recipient gets an in-app notification once the worker runs; the transaction stored both', async () => {
    const s = await setup();
    await write(s.teacherC, [s.parent.id], 'Собрание');
    const [{ n }] = await t.db.query<{ n: number }>(
      "SELECT count(*) AS n FROM notification_outbox WHERE school_id = $1 AND kind = 'message'",
      [s.schoolId],
    );
    expect(n).toBe(1);
    await processOutbox({ db: t.db, config: loadConfig({ LOG_LEVEL: 'silent' }), now: t.clock.now });
    const list = (await s.parentC.get('/api/notifications')).json();
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({ kind: 'message', link: expect.stringContaining('/messages/') });
    expect(list.items[0].title).toContain('Новое сообщение');
  });
});
