import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHOOL_SETTINGS } from '../../src/domain/school-settings';
import { makeLesson, makePeriod, makePerson, makeSmallSchool } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * The school's card and settings [DOMAIN intro], [004 admin]: staff read them, the school's administrator
 * changes them (validated, audited), and the journal's averages follow at once [DOMAIN §4].
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

async function setup() {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  const admin = await signIn(t.app, s.admin.login, s.admin.password);
  return { ...s, adminClient: admin };
}

describe('school card and settings [004 admin]', () => {
  it('staff read the card: names, director, time zone, settings in force and the defaults', async () => {
    const s = await setup();
    await t.db.query("UPDATE schools SET director_name = 'Смирнова Ольга Петровна' WHERE id = $1", [s.schoolId]);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    const res = await teacher.get(`/api/school?schoolId=${s.schoolId}`);
    expect(res.statusCode, res.body).toBe(200);
    const card = res.json();
    expect(card).toMatchObject({
      id: s.schoolId,
      shortName: 'Школа',
      directorName: 'Смирнова Ольга Петровна',
      timeZone: 'Europe/Moscow',
      overrides: { adminTotpRequired: false },
    });
    expect(card.settings).toEqual({ ...DEFAULT_SCHOOL_SETTINGS, adminTotpRequired: false });
    expect(card.defaults).toEqual({ ...DEFAULT_SCHOOL_SETTINGS });
    expect(card.workTypes.find((w: { code: string }) => w.code === 'control')).toMatchObject({ weight: 2, deadline: 'next_lesson' });
    // Without schoolId: the actor's only school.
    expect((await s.adminClient.get('/api/school')).json().id).toBe(s.schoolId);
  });

  it('[004 admin] the administrator sets the director and the settings; the change is audited', async () => {
    const s = await setup();
    const res = await s.adminClient.patch('/api/school', {
      schoolId: s.schoolId,
      directorName: '  Кузнецов Иван Сергеевич ',
      settings: {
        averageMode: 'plain',
        roundingBorder: 0.6,
        editWindowDays: 7,
        weights: { control: 3 },
        deadlines: { essay: 'next_lesson' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const card = res.json();
    expect(card.directorName).toBe('Кузнецов Иван Сергеевич');
    expect(card.settings).toMatchObject({
      averageMode: 'plain',
      roundingBorder: 0.6,
      editWindowDays: 7,
      weights: { control: 3 },
      deadlines: { essay: 'next_lesson' },
      // Untouched settings keep their value.
      adminTotpRequired: false,
      minMarksForPeriod: 3,
    });
    const [row] = await t.db.query<{ director_name: string; settings: Record<string, unknown> }>(
      'SELECT director_name, settings FROM schools WHERE id = $1',
      [s.schoolId],
    );
    expect(row.director_name).toBe('Кузнецов Иван Сергеевич');
    expect(row.settings).toMatchObject({ averageMode: 'plain', adminTotpRequired: false });

    const audit = await t.db.query<{
      action: string;
      actor_account_id: string;
      object_id: string;
      details: { changed: Record<string, unknown> };
    }>("SELECT action, actor_account_id, object_id, details FROM audit_log WHERE school_id = $1 AND action = 'school.settings_update'", [
      s.schoolId,
    ]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_account_id: s.admin.accountId, object_id: s.schoolId });
    expect(audit[0].details.changed).toMatchObject({
      directorName: { old: null, new: 'Кузнецов Иван Сергеевич' },
      'settings.averageMode': { old: 'weighted', new: 'plain' },
      'settings.roundingBorder': { old: 0.5, new: 0.6 },
    });
    expect(audit[0].details.changed).not.toHaveProperty('settings.allowOne');

    // Clearing the director's name; an unchanged value writes no audit record.
    expect((await s.adminClient.patch('/api/school', { directorName: '' })).json().directorName).toBeNull();
    await s.adminClient.patch('/api/school', { settings: { averageMode: 'plain' } });
    const [{ n }] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE school_id = $1 AND action = 'school.settings_update'",
      [s.schoolId],
    );
    expect(n).toBe(2);
  });

  it('refuses bad values with a Russian message naming the field', async () => {
    const s = await setup();
    const cases: [unknown, string][] = [
      [{ settings: { averageMode: 'median' } }, 'settings.averageMode'],
      [{ settings: { roundingBorder: 0.55 } }, 'settings.roundingBorder'],
      [{ settings: { minMarksForPeriod: 0 } }, 'settings.minMarksForPeriod'],
      [{ settings: { weights: { control: 11 } } }, 'settings.weights.control'],
      [{ settings: { weights: { control: 1.25 } } }, 'settings.weights.control'],
      [{ settings: { deadlines: { essay: 'someday' } } }, 'settings.deadlines.essay'],
      [{ settings: { lastGrade: 10 } }, 'settings.lastGrade'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ name: '   ' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await s.adminClient.patch('/api/school', body);
      expect(res.statusCode, `${JSON.stringify(body)} ${res.body}`).toBe(400);
      const err = res.json().error;
      expect(err.message).toMatch(/[А-Яа-яЁё]/);
      expect(err.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const res = await s.adminClient.patch('/api/school', { settings: { averagemode: 'plain' } });
    expect(res.statusCode, res.body).toBe(400);
    const [row] = await t.db.query<{ settings: Record<string, unknown> }>('SELECT settings FROM schools WHERE id = $1', [s.schoolId]);
    expect(row.settings).toEqual({ adminTotpRequired: false });
  });

  it('[004 admin] only the school administrator changes it: staff 403, families 403, another school 404', async () => {
    const s = await setup();
    const other = await setup();
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    const director = await signIn(t.app, s.director.login, s.director.password);
    const parent = await signIn(t.app, s.parent.login, s.parent.password);
    const body = { schoolId: s.schoolId, settings: { averageMode: 'plain' } };
    expect((await teacher.patch('/api/school', body)).statusCode).toBe(403);
    expect((await director.patch('/api/school', body)).statusCode).toBe(403);
    expect((await parent.patch('/api/school', body)).statusCode).toBe(403);
    expect((await parent.get(`/api/school?schoolId=${s.schoolId}`)).statusCode).toBe(403);
    // Another school's administrator: that school does not exist for them.
    expect((await other.adminClient.patch('/api/school', body)).statusCode).toBe(404);
    expect((await other.adminClient.get(`/api/school?schoolId=${s.schoolId}`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/school' })).statusCode).toBe(401);
    const [row] = await t.db.query<{ settings: Record<string, unknown> }>('SELECT settings FROM schools WHERE id = $1', [s.schoolId]);
    expect(row.settings).toEqual({ adminTotpRequired: false });
    // An administrator of two schools names the one they mean.
    const both = await makePerson(t.db, s.schoolId, { roles: ['administrator'] });
    await t.db.query(
      "WITH p AS (INSERT INTO persons (school_id, account_id, last_name, first_name) VALUES ($1, $2, 'Второй', 'Админ') RETURNING id) INSERT INTO memberships (school_id, person_id, role) SELECT $1, id, 'administrator' FROM p",
      [other.schoolId, both.accountId],
    );
    const twoSchools = await signIn(t.app, both.login, both.password);
    const res = await twoSchools.patch('/api/school', { settings: { allowOne: true } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].field).toBe('schoolId');
    expect(
      (await twoSchools.patch('/api/school', { schoolId: other.schoolId, settings: { allowOne: true } })).json().settings.allowOne,
    ).toBe(true);
  });

  it('[DOMAIN §4] a changed average mode shows on the journal page at once (no stale cached page)', async () => {
    const s = await setup();
    await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: '2000-01-01', endsOn: '2999-12-31' });
    const today = new Date().toISOString().slice(0, 10);
    const lesson = await makeLesson(t.db, s.schoolId, s.pageId, today, 1);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    for (const [workType, value] of [
      ['control', '5'],
      ['class_answer', '3'],
    ]) {
      const work = await teacher.post(`/api/lessons/${lesson}/works`, { workType });
      expect(work.statusCode, work.body).toBe(200);
      const mark = await teacher.put('/api/marks', { workId: work.json().id, studentId: s.student.id, value, version: null });
      expect(mark.statusCode, mark.body).toBe(200);
    }
    const average = async () => {
      const res = await teacher.get(`/api/pages/${s.pageId}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      return { mode: page.settings.averageMode, avg: page.students.find((x: { id: string }) => x.id === s.student.id).average };
    };
    // Weighted: (5×2 + 3×1) / 3 = 4.33; read twice so the second answer comes from the page cache.
    expect(await average()).toEqual({ mode: 'weighted', avg: 4.33 });
    expect(await average()).toEqual({ mode: 'weighted', avg: 4.33 });
    expect((await s.adminClient.patch('/api/school', { settings: { averageMode: 'plain' } })).statusCode).toBe(200);
    expect(await average()).toEqual({ mode: 'plain', avg: 4 });
    // A changed weight counts too.
    await s.adminClient.patch('/api/school', { settings: { averageMode: 'weighted', weights: { control: 5 } } });
    expect(await average()).toEqual({ mode: 'weighted', avg: 4.67 });
  });
});
