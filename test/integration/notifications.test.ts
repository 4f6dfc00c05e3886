import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { sendDueDeliveries } from '../../src/jobs/deliveries';
import { processOutbox } from '../../src/jobs/fan-out';
import { runJobsOnce, startJobs } from '../../src/jobs/index';
import { queueWeeklyLetters } from '../../src/jobs/weekly-letters';
import { enqueueNotification } from '../../src/modules/notifications/outbox';
import { makeTransports, type TransportOptions } from '../../src/modules/notifications/transports';
import type { Deps } from '../../src/server/context';
import { makeLesson, makePeriod, makeSmallSchool } from '../fixtures/factories';
import { type SmsReceiver, startSmsReceiver } from '../helpers/sms-receiver';
import { type SmtpReceiver, startSmtpReceiver } from '../helpers/smtp-receiver';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

let t: TestContext;
let smtp: SmtpReceiver;
let sms: SmsReceiver;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  t = await createTestContext();
  smtp = await startSmtpReceiver();
  sms = await startSmsReceiver({ hangMs: 3000 });
});
afterAll(async () => {
  await smtp?.close();
  await sms?.close();
  await t?.close();
});
afterEach(async () => {
  smtp.messages.length = 0;
  sms.requests.length = 0;
  sms.delivered.length = 0;
  sms.script.length = 0;
  for (const s of stops.splice(0)) await s();
  t.clock.offsetMs = 0;
});

/** The worker's dependencies: the test database and clock, SMTP and the SMS gateway on 127.0.0.1. */
function workerDeps(o: { smtpUrl?: string | null } = {}): Deps {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    ...(o.smtpUrl === null ? {} : { SMTP_URL: o.smtpUrl ?? smtp.url }),
    SMTP_FROM: 'journal@school.test',
    SMS_GATEWAY_URL: sms.url,
    SMS_GATEWAY_TOKEN: 'sms-secret',
  });
  return { db: t.db, config, now: t.clock.now };
}
const fastTimeouts: TransportOptions = { smtpTimeoutMs: 2000, smsTimeoutMs: 1500 };
function transportsFor(deps: Deps) {
  const tr = makeTransports(deps.config, fastTimeouts);
  stops.push(async () => tr.email?.close());
  return tr;
}

/** A school whose first parent has e-mail and phone, both consents, and chose both channels. */
async function setup(
  prefs: Partial<{
    email: boolean;
    sms: boolean;
    digest: boolean;
    digestHour: number;
    quietStart: string | null;
    quietEnd: string | null;
    weeklyReport: boolean;
    kinds: string[];
  }> = {},
) {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  await t.db.query("UPDATE persons SET email = 'mama@example.test', phone = '+79001234567' WHERE school_id = $1 AND id = $2", [
    s.schoolId,
    s.parent.id,
  ]);
  await t.db.query("UPDATE persons SET email = 'papa@example.test', phone = '+79007654321' WHERE school_id = $1 AND id = $2", [
    s.schoolId,
    s.otherParent.id,
  ]);
  const classTeacherC = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
  for (const purpose of ['journal', 'email', 'sms']) {
    const res = await classTeacherC.put(`/api/parents/${s.parent.id}/consents/${purpose}`, {
      status: 'given',
      document: 'Заявление от 01.09',
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  const parentC = await signIn(t.app, s.parent.login, s.parent.password);
  const saved = await parentC.put(`/api/notifications/preferences/${s.schoolId}`, {
    email: true,
    sms: true,
    kinds: ['mark', 'absence', 'homework', 'final_mark', 'message', 'announcement'],
    digest: false,
    digestHour: 19,
    quietStart: null,
    quietEnd: null,
    weeklyReport: false,
    ...prefs,
  });
  expect(saved.statusCode, saved.body).toBe(200);
  return { ...s, classTeacherC, parentC };
}

async function markEvent(s: { schoolId: string; student: { id: string } }, value = '5', kind: 'mark' | 'final_mark' = 'mark') {
  await t.db.tx((tx) =>
    enqueueNotification(tx, {
      schoolId: s.schoolId,
      studentId: s.student.id,
      kind,
      at: t.clock.now(),
      payload:
        kind === 'mark'
          ? { subjectName: 'Математика', value, workType: 'control', date: '2025-01-15' }
          : { subjectName: 'Математика', value, periodName: '2 четверть' },
    }),
  );
}

/** Moves the test clock so that it is `hhmm` today in Moscow (UTC+3). */
/**
 * The day the tests' clock is set on: a week ago, so that every time a test sets (up to a few days
 * later) is in the past of the sessions signed in just before — a jump of hours into the future would
 * end them by the idle timeout, and the tests would depend on the hour they run at.
 */
function baseDay(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 7));
}

function setMoscowTime(hhmm: string, dayOffset = 0) {
  const [h, m] = hhmm.split(':').map(Number);
  const day = baseDay();
  const target = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + dayOffset, h - 3, m);
  t.clock.offsetMs = target - Date.now();
}

async function deliveries(schoolId: string) {
  return t.db.query<{
    channel: string;
    address: string;
    attempts: number;
    sent_at: Date | null;
    failed_at: Date | null;
    cancelled_at: Date | null;
    last_error: string | null;
    next_attempt_at: Date;
    delivery_key: string;
  }>(
    'SELECT channel, address, attempts, sent_at, failed_at, cancelled_at, last_error, next_attempt_at, delivery_key FROM notification_deliveries WHERE school_id = $1 ORDER BY channel',
    [schoolId],
  );
}

describe('the transactional outbox [issue 7]', () => {
  it('an event whose transaction rolls back is never announced', async () => {
    const s = await setup();
    await expect(
      t.db.tx(async (tx) => {
        await enqueueNotification(tx, {
          schoolId: s.schoolId,
          studentId: s.student.id,
          kind: 'mark',
          payload: { subjectName: 'Математика', value: '2' },
        });
        throw new Error('the mark was refused');
      }),
    ).rejects.toThrow('refused');
    const deps = workerDeps();
    expect(await processOutbox(deps)).toBe(0);
    expect((await s.parentC.get('/api/notifications')).json().items).toEqual([]);
  });

  it('an event that cannot be fanned out is retried later and does not hold back the events of its batch', async () => {
    const s = await setup();
    await markEvent(s, '4');
    // An event whose payload is not an object: rendering it throws inside the worker's batch.
    await t.db.query(
      `INSERT INTO notification_outbox (school_id, event_key, kind, student_id, payload, created_at, next_attempt_at)
       VALUES ($1, 'broken:1', 'mark', $2, 'null'::jsonb, $3, $3)`,
      [s.schoolId, s.student.id, t.clock.now()],
    );
    await markEvent(s, '5');
    expect(await processOutbox(workerDeps())).toBe(3);
    const rows = await t.db.query<{
      event_key: string;
      processed_at: Date | null;
      attempts: number;
      last_error: string | null;
      next_attempt_at: Date;
    }>(
      'SELECT event_key, processed_at, attempts, last_error, next_attempt_at FROM notification_outbox WHERE school_id = $1 ORDER BY created_at, event_key',
      [s.schoolId],
    );
    const broken = rows.find((r) => r.event_key === 'broken:1')!;
    expect(broken).toMatchObject({ processed_at: null, attempts: 1 });
    expect(broken.last_error).toBeTruthy();
    expect(broken.next_attempt_at.getTime()).toBeGreaterThan(t.clock.now().getTime());
    expect(rows.filter((r) => r.event_key !== 'broken:1').every((r) => r.processed_at !== null)).toBe(true);
    // Both good events reached the parent in the app; nothing of the broken one did.
    const items = (await s.parentC.get('/api/notifications')).json().items as { body: string }[];
    expect(items).toHaveLength(2);
    // Not due yet: the next round leaves it alone.
    expect(await processOutbox(workerDeps())).toBe(0);
    // The other tests count what the worker sends: this test's e-mails, SMS and retry are not theirs.
    await t.db.query('DELETE FROM notification_deliveries WHERE school_id = $1', [s.schoolId]);
    await t.db.query("DELETE FROM notification_outbox WHERE school_id = $1 AND event_key = 'broken:1'", [s.schoolId]);
  });

  it('a new mark reaches the parent by app, e-mail and SMS exactly once; the student in the app', async () => {
    const s = await setup();
    await markEvent(s, '5');
    const deps = workerDeps();
    const tr = transportsFor(deps);
    const first = await runJobsOnce(deps, tr);
    expect(first.events).toBe(1);
    expect(first.sent).toBe(2);

    const mails = await smtp.waitFor(1);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual(['mama@example.test']);
    expect(mails[0].subject).toBe('Новая отметка: Математика');
    expect(mails[0].text).toContain('Иванов Пётр: отметка «5» по предмету «Математика» (контрольная работа) за 15.01.2025');
    expect(sms.delivered).toEqual([
      { to: '+79001234567', text: expect.stringContaining('Иванов П.: Математика 5'), key: expect.any(String) },
    ]);
    expect(sms.requests[0].authorization).toBe('Bearer sms-secret');

    const parentList = (await s.parentC.get('/api/notifications')).json();
    expect(parentList.unread).toBe(1);
    expect(parentList.items[0]).toMatchObject({ kind: 'mark', studentId: s.student.id, read: false });
    const studentC = await signIn(t.app, s.student.login, s.student.password);
    expect((await studentC.get('/api/notifications')).json().unread).toBe(1);

    // running again (another tick, another process) sends nothing more
    const again = await runJobsOnce(deps, tr);
    expect(again).toMatchObject({ events: 0, sent: 0 });
    expect(smtp.messages).toHaveLength(1);
    expect(sms.requests).toHaveLength(1);

    expect((await s.parentC.post('/api/notifications/read', {})).json().marked).toBe(1);
    expect((await s.parentC.get('/api/notifications')).json().unread).toBe(0);
  });

  it('[003 §5.2] no e-mail or SMS without consent: the parent without it gets the app only', async () => {
    const s = await setup();
    // the other parent chose e-mail and SMS but gave no consent
    const otherC = await signIn(t.app, s.otherParent.login, s.otherParent.password);
    await otherC.put(`/api/notifications/preferences/${s.schoolId}`, {
      email: true,
      sms: true,
      kinds: ['mark'],
      digest: false,
      digestHour: 19,
      quietStart: null,
      quietEnd: null,
      weeklyReport: false,
    });
    await t.db.tx((tx) =>
      enqueueNotification(tx, {
        schoolId: s.schoolId,
        studentId: s.classmate.id,
        kind: 'mark',
        at: t.clock.now(),
        payload: { subjectName: 'Русский язык', value: '4' },
      }),
    );
    const deps = workerDeps();
    await runJobsOnce(deps, transportsFor(deps));
    expect(await deliveries(s.schoolId)).toEqual([]);
    expect(smtp.messages).toEqual([]);
    expect((await otherC.get('/api/notifications')).json().unread).toBe(1);
  });

  it('[003 §5.2] a consent withdrawn after queueing cancels the pending e-mail and SMS', async () => {
    const s = await setup({ quietStart: '00:00', quietEnd: '00:01' });
    await markEvent(s);
    const deps = workerDeps();
    await processOutbox(deps);
    expect(await deliveries(s.schoolId)).toHaveLength(2);
    expect((await s.parentC.put(`/api/parents/${s.parent.id}/consents/email`, { status: 'revoked' })).statusCode).toBe(200);
    expect((await s.parentC.put(`/api/parents/${s.parent.id}/consents/sms`, { status: 'revoked' })).statusCode).toBe(200);
    t.clock.advance(5 * 60_000);
    await sendDueDeliveries(deps, transportsFor(deps));
    const rows = await deliveries(s.schoolId);
    expect(rows.every((r) => r.cancelled_at && !r.sent_at)).toBe(true);
    expect(smtp.messages).toEqual([]);
    expect(sms.requests).toEqual([]);
  });
});

describe('the background worker', () => {
  it('startJobs delivers queued events on its own and stops cleanly', async () => {
    const s = await setup({ sms: false });
    const deps = workerDeps();
    const worker = startJobs(deps, { intervalMs: 20, ...fastTimeouts });
    await markEvent(s, '4');
    await smtp.waitFor(1, 10_000);
    await worker.stop();
    expect(smtp.messages[0].subject).toBe('Новая отметка: Математика');
    const [row] = await deliveries(s.schoolId);
    expect(row.sent_at).not.toBeNull();
  });
});

describe('retries: a failing gateway or mail server [issue 7]', () => {
  it('an SMS gateway answering 500 is retried with back-off, and the SMS arrives once', async () => {
    const s = await setup({ email: false });
    sms.script.push(500, 503);
    await markEvent(s);
    const deps = workerDeps();
    const tr = transportsFor(deps);
    await runJobsOnce(deps, tr);
    let [row] = await deliveries(s.schoolId);
    expect(row).toMatchObject({ attempts: 1, sent_at: null, failed_at: null });
    expect(row.last_error).toContain('500');
    const firstRetry = row.next_attempt_at.getTime() - t.clock.now().getTime();
    expect(firstRetry).toBeGreaterThan(25_000);
    expect(firstRetry).toBeLessThanOrEqual(30_000);

    // not before its time
    await sendDueDeliveries(deps, tr);
    expect(sms.requests).toHaveLength(1);

    t.clock.advance(31_000);
    await sendDueDeliveries(deps, tr);
    [row] = await deliveries(s.schoolId);
    expect(row).toMatchObject({ attempts: 2, sent_at: null });
    const secondRetry = row.next_attempt_at.getTime() - t.clock.now().getTime();
    expect(secondRetry).toBeGreaterThan(55_000); // 60 s: the delay doubled

    t.clock.advance(61_000);
    await sendDueDeliveries(deps, tr);
    [row] = await deliveries(s.schoolId);
    expect(row.sent_at).not.toBeNull();
    expect(sms.requests.map((r) => r.answered)).toEqual([500, 503, 'ok']);
    expect(new Set(sms.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(sms.delivered).toHaveLength(1);

    t.clock.advance(3600_000);
    await sendDueDeliveries(deps, tr);
    expect(sms.requests).toHaveLength(3);
  });

  it('an SMS gateway that times out is retried with the same key and never duplicated', async () => {
    const s = await setup({ email: false });
    sms.script.push('hang');
    await markEvent(s);
    const deps = workerDeps();
    const tr = transportsFor(deps);
    await runJobsOnce(deps, tr);
    let [row] = await deliveries(s.schoolId);
    expect(row.sent_at).toBeNull();
    expect(row.last_error).toContain('не ответил');
    t.clock.advance(31_000);
    await sendDueDeliveries(deps, tr);
    [row] = await deliveries(s.schoolId);
    expect(row.sent_at).not.toBeNull();
    expect(sms.requests).toHaveLength(2);
    expect(sms.requests[0].idempotencyKey).toBe(sms.requests[1].idempotencyKey);
    // the gateway had taken the first one: the phone got one SMS
    expect(sms.delivered).toHaveLength(1);
  });

  it('an SMS refused for good (400) is not retried', async () => {
    const s = await setup({ email: false });
    sms.script.push(400);
    await markEvent(s);
    const deps = workerDeps();
    await runJobsOnce(deps, transportsFor(deps));
    const [row] = await deliveries(s.schoolId);
    expect(row.failed_at).not.toBeNull();
    t.clock.advance(3600_000);
    await sendDueDeliveries(deps, transportsFor(deps));
    expect(sms.requests).toHaveLength(1);
  });

  it('a dead SMTP server: the e-mail waits and goes out once the server is back', async () => {
    const s = await setup({ sms: false });
    const port = await freePort();
    const deps = workerDeps({ smtpUrl: `smtp://127.0.0.1:${port}` });
    const tr = transportsFor(deps);
    await markEvent(s);
    await runJobsOnce(deps, tr);
    let [row] = await deliveries(s.schoolId);
    expect(row).toMatchObject({ channel: 'email', attempts: 1, sent_at: null, failed_at: null });
    expect(row.last_error).toMatch(/SMTP/);

    const revived = await startSmtpReceiver({ port });
    stops.push(() => revived.close());
    await sendDueDeliveries(deps, tr); // still backing off
    expect(revived.messages).toHaveLength(0);
    t.clock.advance(31_000);
    await sendDueDeliveries(deps, tr);
    await revived.waitFor(1);
    [row] = await deliveries(s.schoolId);
    expect(row.sent_at).not.toBeNull();
    t.clock.advance(3600_000);
    await sendDueDeliveries(deps, tr);
    expect(revived.messages).toHaveLength(1);
    expect(revived.messages[0].messageId).toMatch(/^<[0-9a-f]{32}@school\.test>$/);
  });

  it('a mailbox refused with 550 is given up at once', async () => {
    const s = await setup({ sms: false });
    const strict = await startSmtpReceiver({ rejectRecipients: ['mama@example.test'] });
    stops.push(() => strict.close());
    const deps = workerDeps({ smtpUrl: strict.url });
    await markEvent(s);
    await runJobsOnce(deps, transportsFor(deps));
    const [row] = await deliveries(s.schoolId);
    expect(row.failed_at).not.toBeNull();
    expect(row.last_error).toContain('550');
  });

  it('two workers at once send each message once (rows are claimed with SKIP LOCKED)', async () => {
    const s = await setup({ sms: false });
    for (const v of ['5', '4', '3', '5', '4']) await markEvent(s, v);
    const deps = workerDeps();
    await Promise.all([processOutbox(deps), processOutbox(deps)]);
    const tr1 = transportsFor(deps);
    const tr2 = transportsFor(deps);
    await Promise.all([sendDueDeliveries(deps, tr1, { limit: 3 }), sendDueDeliveries(deps, tr2, { limit: 3 })]);
    await sendDueDeliveries(deps, tr1);
    await smtp.waitFor(5);
    expect(smtp.messages).toHaveLength(5);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(5);
    const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM notifications WHERE school_id = $1 AND person_id = $2', [
      s.schoolId,
      s.parent.id,
    ]);
    expect(n).toBe(5);
  });
});

describe('what and when the family chose [issue 7]', () => {
  it('a daily digest instead of one message per event, after the chosen hour', async () => {
    const s = await setup({ digest: true, digestHour: 19, sms: false });
    setMoscowTime('10:00');
    await markEvent(s, '5');
    await markEvent(s, '3');
    const deps = workerDeps();
    const tr = transportsFor(deps);
    await runJobsOnce(deps, tr);
    expect(smtp.messages).toEqual([]);
    expect((await s.parentC.get('/api/notifications')).json().unread).toBe(2);

    setMoscowTime('19:05');
    const r = await runJobsOnce(deps, tr);
    expect(r.digests).toBe(1);
    await smtp.waitFor(1);
    expect(smtp.messages[0].subject).toMatch(/^Сводка электронного дневника за \d\d\.\d\d\.\d{4}$/);
    expect(smtp.messages[0].text).toContain('«5»');
    expect(smtp.messages[0].text).toContain('«3»');
    // one digest a day: later events wait for tomorrow
    await markEvent(s, '4');
    setMoscowTime('21:00');
    await runJobsOnce(deps, tr);
    expect(smtp.messages).toHaveLength(1);
    setMoscowTime('19:30', 1);
    await runJobsOnce(deps, tr);
    await smtp.waitFor(2);
    expect(smtp.messages[1].text).toContain('«4»');
  });

  it('[002 §8.4] a final mark does not wait for the digest', async () => {
    const s = await setup({ digest: true, digestHour: 19, sms: false });
    setMoscowTime('10:00');
    await markEvent(s, '5', 'final_mark');
    const deps = workerDeps();
    await runJobsOnce(deps, transportsFor(deps));
    await smtp.waitFor(1);
    expect(smtp.messages[0].subject).toBe('Итоговая отметка: Математика');
    expect(smtp.messages[0].text).toContain('за 2 четверть');
  });

  it('quiet hours hold e-mail and SMS until they end', async () => {
    const s = await setup({ quietStart: '21:00', quietEnd: '08:00' });
    setMoscowTime('22:30');
    await markEvent(s);
    const deps = workerDeps();
    const tr = transportsFor(deps);
    await runJobsOnce(deps, tr);
    expect(smtp.messages).toEqual([]);
    expect(sms.requests).toEqual([]);
    const rows = await deliveries(s.schoolId);
    for (const r of rows) expect(Math.abs(r.next_attempt_at.getTime() - t.clock.now().getTime() - 9.5 * 3600_000)).toBeLessThan(60_000);
    setMoscowTime('08:01', 1);
    await runJobsOnce(deps, tr);
    await smtp.waitFor(1);
    expect(sms.delivered).toHaveLength(1);
  });

  it('kinds the family did not choose go to the app only', async () => {
    const s = await setup({ kinds: ['final_mark'] });
    await markEvent(s, '2');
    const deps = workerDeps();
    await runJobsOnce(deps, transportsFor(deps));
    expect(await deliveries(s.schoolId)).toEqual([]);
    expect((await s.parentC.get('/api/notifications')).json().unread).toBe(1);
  });

  it('refuses bad preferences: quiet hours longer than 12 hours, an unknown kind, a foreign school', async () => {
    const s = await setup();
    const base = {
      email: true,
      sms: false,
      kinds: ['mark'],
      digest: false,
      digestHour: 19,
      quietStart: '20:00',
      quietEnd: '09:00',
      weeklyReport: false,
    };
    const long = await s.parentC.put(`/api/notifications/preferences/${s.schoolId}`, base);
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details.fields[0].field).toBe('quietEnd');
    expect(
      (await s.parentC.put(`/api/notifications/preferences/${s.schoolId}`, { ...base, quietEnd: '08:00', kinds: ['gossip'] })).statusCode,
    ).toBe(400);
    expect((await s.parentC.put(`/api/notifications/preferences/${s.schoolId}`, { ...base, quietStart: '25:00' })).statusCode).toBe(400);
    const other = await makeSmallSchool(t.db);
    expect((await s.parentC.put(`/api/notifications/preferences/${other.schoolId}`, { ...base, quietEnd: '08:00' })).statusCode).toBe(404);
    const prefs = (await s.parentC.get('/api/notifications/preferences')).json();
    expect(prefs[0]).toMatchObject({ email: true, sms: true, emailConsent: true, smsConsent: true, hasEmailAddress: true, isParent: true });
  });
});

describe('[004 teacher] e-mail mailings to the parents of a class', () => {
  it('reach parents with the e-mail consent, through the outbox; the teacher sees how they fared', async () => {
    const s = await setup({ sms: false });
    const teacherC = await signIn(t.app, s.teacher.login, s.teacher.password);
    const res = await teacherC.post(`/api/classes/${s.classId}/mailings`, {
      subject: 'Олимпиада',
      text: 'Приглашаем на школьную олимпиаду по математике.',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ parents: 2, emailRecipients: 1 });
    const deps = workerDeps();
    await runJobsOnce(deps, transportsFor(deps));
    await smtp.waitFor(1);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ to: ['mama@example.test'], subject: 'Олимпиада' });
    expect(smtp.messages[0].text).toContain('Приглашаем на школьную олимпиаду');
    const list = (await teacherC.get(`/api/classes/${s.classId}/mailings`)).json();
    expect(list[0]).toMatchObject({ subject: 'Олимпиада', sent: 1, pending: 0, failed: 0, processed: true });
    const otherC = await signIn(t.app, s.otherParent.login, s.otherParent.password);
    expect((await otherC.get('/api/notifications')).json().items[0]).toMatchObject({ kind: 'mailing', title: 'Олимпиада' });
  });

  it('a teacher of another class, a parent or bad input are refused', async () => {
    const s = await setup();
    const otherTeacherC = await signIn(t.app, s.otherTeacher.login, s.otherTeacher.password);
    expect((await otherTeacherC.post(`/api/classes/${s.classId}/mailings`, { subject: 'x', text: 'y' })).statusCode).toBe(404);
    expect((await s.parentC.post(`/api/classes/${s.classId}/mailings`, { subject: 'x', text: 'y' })).statusCode).toBe(404);
    expect((await otherTeacherC.get(`/api/classes/${s.classId}/mailings`)).statusCode).toBe(404);
    const empty = await s.classTeacherC.post(`/api/classes/${s.classId}/mailings`, { subject: '', text: 'y' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details.fields[0].field).toBe('subject');
  });
});

describe('[000 §4.3] the informational letter for parents', () => {
  async function withJournal() {
    const s = await setup({ sms: true });
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    await makePeriod(t.db, s.schoolId, s.year.id, {
      number: 1,
      startsOn: new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10),
      endsOn: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
    });
    const lesson = await makeLesson(t.db, s.schoolId, s.pageId, new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10), 1);
    const lesson2 = await makeLesson(t.db, s.schoolId, s.pageId, new Date(Date.now() - 1 * 86_400_000).toISOString().slice(0, 10), 2);
    const [w] = await t.db.query<{ id: string }>(
      "INSERT INTO works (school_id, lesson_id, work_type) VALUES ($1, $2, 'control') RETURNING id",
      [s.schoolId, lesson],
    );
    const [w2] = await t.db.query<{ id: string }>(
      "INSERT INTO works (school_id, lesson_id, work_type) VALUES ($1, $2, 'class_answer') RETURNING id",
      [s.schoolId, lesson2],
    );
    await t.db.query('INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value) VALUES ($1, $2, $3, $4, $5, $6)', [
      s.schoolId,
      w.id,
      lesson,
      s.pageId,
      s.student.id,
      '5',
    ]);
    await t.db.query('INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value) VALUES ($1, $2, $3, $4, $5, $6)', [
      s.schoolId,
      w2.id,
      lesson2,
      s.pageId,
      s.student.id,
      '2',
    ]);
    await t.db.query("INSERT INTO attendance (school_id, lesson_id, student_id, page_id, code) VALUES ($1, $2, $3, $4, 'н')", [
      s.schoolId,
      lesson2,
      s.classmate.id,
      s.pageId,
    ]);
    await t.db.query("INSERT INTO attendance (school_id, lesson_id, student_id, page_id, code) VALUES ($1, $2, $3, $4, 'б')", [
      s.schoolId,
      lesson,
      s.student.id,
      s.pageId,
    ]);
    return { ...s, from, to: today };
  }

  it('shows the child’s marks and attendance for a range, to the parent; 404 to another family', async () => {
    const s = await withJournal();
    const res = await s.parentC.get(`/api/students/${s.student.id}/parent-report?from=${s.from}&to=${s.to}`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.student).toMatchObject({ name: 'Иванов Пётр', className: '5А' });
    expect(r.subjects).toHaveLength(1);
    expect(r.subjects[0]).toMatchObject({ name: 'Математика' });
    expect(r.subjects[0].marks.map((m: { value: string }) => m.value)).toEqual(['5', '2']);
    expect(r.subjects[0].average).toBe(4); // (5×2 + 2×1) / 3
    expect(r.attendance).toEqual({ missed: 1, ill: 1, excused: 0, unexcused: 0, late: 0 });
    expect(r.text).toContain('Математика: 5, 2 (средний балл 4,00)');
    expect(r.sms.length).toBeLessThanOrEqual(268);
    expect(r.sms).toContain('Иванов П.');
    const otherC = await signIn(t.app, s.otherParent.login, s.otherParent.password);
    expect((await otherC.get(`/api/students/${s.student.id}/parent-report`)).statusCode).toBe(404);
    expect((await s.parentC.get(`/api/students/${s.student.id}/parent-report?from=2025-02-30`)).statusCode).toBe(400);
    expect((await s.parentC.get(`/api/students/${s.student.id}/parent-report?from=2025-03-01&to=2025-02-01`)).statusCode).toBe(400);

    const pdf = await s.parentC.get(`/api/students/${s.student.id}/parent-report.pdf?from=${s.from}&to=${s.to}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the class teacher sends it: e-mail with the PDF and a short SMS, by the parent’s choice and consent', async () => {
    const s = await withJournal();
    const res = await s.classTeacherC.post(`/api/students/${s.student.id}/parent-report/send`, { from: s.from, to: s.to });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().parents).toBe(1);
    const deps = workerDeps();
    await runJobsOnce(deps, transportsFor(deps));
    const [mail] = await smtp.waitFor(1);
    expect(mail.subject).toBe('Информационное письмо: Иванов Пётр');
    expect(mail.text).toContain('Информационное письмо для родителей');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0].contentType).toBe('application/pdf');
    expect(mail.attachments[0].content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sms.delivered, JSON.stringify(await deliveries(s.schoolId))).toHaveLength(1);
    expect(sms.delivered[0].text).toContain('Пропуски: 1');
    // a subject teacher is not the one who sends letters
    const teacherC = await signIn(t.app, s.teacher.login, s.teacher.password);
    expect((await teacherC.post(`/api/students/${s.student.id}/parent-report/send`, {})).statusCode).toBe(404);
  });

  it('[002 §8.3] prints one PDF of letters for the class’s parents without the journal consent', async () => {
    const s = await withJournal();
    const res = await s.classTeacherC.get(`/api/classes/${s.classId}/paper-reports.pdf?from=${s.from}&to=${s.to}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    // the first parent consented; the other parent has not: one letter, one page
    expect(pageCount(res.rawPayload)).toBe(1);
    await t.db.query("DELETE FROM consents WHERE school_id = $1 AND purpose = 'journal'", [s.schoolId]);
    const both = await s.classTeacherC.get(`/api/classes/${s.classId}/paper-reports.pdf?from=${s.from}&to=${s.to}`);
    expect(pageCount(both.rawPayload)).toBe(2);
    const parentC = s.parentC;
    expect((await parentC.get(`/api/classes/${s.classId}/paper-reports.pdf`)).statusCode).toBe(404);
  });

  it('goes out every week on Saturday afternoon to parents who chose it, once per week', async () => {
    const s = await withJournal();
    await s.parentC.put(`/api/notifications/preferences/${s.schoolId}`, {
      email: true,
      sms: false,
      kinds: ['final_mark'],
      digest: false,
      digestHour: 19,
      quietStart: null,
      quietEnd: null,
      weeklyReport: true,
    });
    const deps = workerDeps();
    const tr = transportsFor(deps);
    // the Saturday after the base day, 15:00 Moscow time
    const toSaturday = (6 - baseDay().getUTCDay() + 7) % 7;
    setMoscowTime('15:00', toSaturday);
    expect(await queueWeeklyLetters(deps)).toBe(1);
    expect(await queueWeeklyLetters(deps)).toBe(0);
    await runJobsOnce(deps, tr);
    const [mail] = await smtp.waitFor(1);
    expect(mail.subject).toMatch(/^Информационное письмо: Иванов Пётр, \d\d\.\d\d\.\d{4} — \d\d\.\d\d\.\d{4}$/);
    expect(mail.attachments[0].content.subarray(0, 5).toString()).toBe('%PDF-');
    await runJobsOnce(deps, tr);
    expect(smtp.messages).toHaveLength(1);
    // on a weekday nothing is queued
    setMoscowTime('15:00', toSaturday + 3);
    expect(await queueWeeklyLetters(deps)).toBe(0);
  });
});

describe('announcements reach their audience', () => {
  it('a class announcement is an in-app notification for the class’s families, not for other classes', async () => {
    const s = await setup({ sms: false, email: false });
    const res = await s.classTeacherC.post('/api/news', {
      kind: 'announcement',
      audience: 'class',
      classId: s.classId,
      title: 'Экскурсия',
      body: 'В пятницу едем в музей.',
    });
    expect(res.statusCode, res.body).toBe(200);
    await processOutbox(workerDeps());
    const mine = (await s.parentC.get('/api/notifications')).json();
    expect(mine.items[0]).toMatchObject({ kind: 'announcement', title: 'Экскурсия', link: `/news/${res.json().id}` });
    const [{ n }] = await t.db.query<{ n: number }>(
      'SELECT count(*) AS n FROM notifications WHERE school_id = $1 AND person_id = ANY($2::uuid[])',
      [s.schoolId, [s.otherStudent.id, s.otherTeacher.id, s.classTeacher.id]],
    );
    expect(n).toBe(0);
  });
});

function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
