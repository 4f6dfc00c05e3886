import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMethodologist, makeReportDataset, type ReportDataset } from '../fixtures/report-dataset';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * Who may read which report [DOMAIN §1], [003 §2.5]: the administration the whole school, a class
 * teacher only their class, a teacher only own pages, families nothing; a methodologist the region view,
 * which holds no personal data at all.
 */
let t: TestContext;
let d: ReportDataset;
let other: ReportDataset;
const login = (p: { login: string; password: string }) => signIn(t.app, p.login, p.password);
beforeAll(async () => {
  t = await createTestContext();
  d = await makeReportDataset(t.db);
  other = await makeReportDataset(t.db);
});
afterAll(async () => t?.close());

const range = () => `from=${d.range.from}&to=${d.range.to}`;
const status = async (c: Client, url: string) => (await c.get(url)).statusCode;

describe('[000 §3.5] school reports: deputy, director, administrator', () => {
  it('the administration reads every school report', async () => {
    for (const p of [d.deputy, d.director, d.admin]) {
      const c = await login(p);
      expect(await status(c, `/api/reports/control?${range()}`)).toBe(200);
      expect(await status(c, `/api/reports/performance?periodId=${d.q2}`)).toBe(200);
      expect(await status(c, `/api/reports/attendance?${range()}`)).toBe(200);
      expect(await status(c, `/api/reports/activity?${range()}`)).toBe(200);
      expect(await status(c, `/api/reports/class-analysis/${d.class5a}?periodId=${d.q2}`)).toBe(200);
      expect(await status(c, `/api/reports/subject-analysis/${d.math5a}?periodId=${d.q1}`)).toBe(200);
    }
  });

  it('another school’s deputy gets 404 for this school, its classes and pages', async () => {
    const c = await login(other.deputy);
    expect(await status(c, `/api/reports/control?${range()}&schoolId=${d.schoolId}`)).toBe(404);
    expect(await status(c, `/api/reports/control?${range()}&classId=${d.class5a}`)).toBe(404);
    expect(await status(c, `/api/reports/control/pages/${d.math5a}?${range()}`)).toBe(404);
    expect(await status(c, `/api/reports/performance?periodId=${d.q2}`)).toBe(404);
    expect(await status(c, `/api/reports/class-analysis/${d.class5a}`)).toBe(404);
    // its own school by default
    const own = (await c.get(`/api/reports/control?${range()}`)).json();
    expect(own.scope.schoolId).toBe(other.schoolId);
  });
});

describe('[002 §4.5] a class teacher: only their class', () => {
  it('reads the reports of their class', async () => {
    const c = await login(d.t2);
    for (const url of [
      `/api/reports/control?${range()}&classId=${d.class5a}`,
      `/api/reports/attendance?${range()}&classId=${d.class5a}`,
      `/api/reports/activity?${range()}&classId=${d.class5a}`,
      `/api/reports/performance?periodId=${d.q2}&classId=${d.class5a}`,
      `/api/reports/class-analysis/${d.class5a}?periodId=${d.q2}`,
      `/api/reports/control/pages/${d.math5a}?${range()}`,
    ]) {
      expect(await status(c, url), url).toBe(200);
    }
    const r = (await c.get(`/api/reports/control?${range()}&classId=${d.class5a}`)).json();
    expect(new Set(r.pages.map((p: { classId: string }) => p.classId))).toEqual(new Set([d.class5a]));
  });

  it('another class answers 404, and so does the whole school', async () => {
    const c = await login(d.t2);
    expect(await status(c, `/api/reports/control?${range()}&classId=${d.class5b}`)).toBe(404);
    expect(await status(c, `/api/reports/attendance?${range()}&classId=${d.class5b}`)).toBe(404);
    expect(await status(c, `/api/reports/activity?${range()}&classId=${d.class5b}`)).toBe(404);
    expect(await status(c, `/api/reports/class-analysis/${d.class5b}`)).toBe(404);
    expect(await status(c, `/api/reports/control/pages/${d.math5b}?${range()}`)).toBe(404);
    expect(await status(c, `/api/reports/control?${range()}`)).toBe(404);
    expect(await status(c, `/api/reports/performance?periodId=${d.q2}`)).toBe(404);
    expect(await status(c, `/api/reports/control/file?${range()}&classId=${d.class5b}&format=pdf`)).toBe(404);
  });
});

describe('[002 §4.4] a subject teacher: own pages', () => {
  it('reads the subject analysis and control of own pages only', async () => {
    const c = await login(d.t1);
    expect(await status(c, `/api/reports/subject-analysis/${d.math5a}?periodId=${d.q1}`)).toBe(200);
    expect(await status(c, `/api/reports/control/pages/${d.math5b}?${range()}`)).toBe(200);
    expect(await status(c, `/api/reports/subject-analysis/${d.russian5a}?periodId=${d.q1}`)).toBe(404);
    expect(await status(c, `/api/reports/control?${range()}&classId=${d.class5a}`)).toBe(404);
    expect(await status(c, `/api/reports/control?${range()}`)).toBe(404);
  });
});

describe('[000 §3.6] families see no reports', () => {
  it('answers 404 to students and parents', async () => {
    for (const p of [d.a1, d.p1]) {
      const c = await login(p);
      expect(await status(c, `/api/reports/control?${range()}`)).toBe(404);
      expect(await status(c, `/api/reports/class-analysis/${d.class5a}`)).toBe(404);
      expect(await status(c, `/api/reports/subject-analysis/${d.math5a}`)).toBe(404);
      expect(await status(c, `/api/reports/region?${range()}`)).toBe(404);
    }
  });
});

describe('[DOMAIN §1] the region view for a methodologist', () => {
  it('aggregates several schools with the same figures as each school', async () => {
    const m = await makeMethodologist(t.db, [d.schoolId, other.schoolId]);
    const c = await login(m);
    const schools = (await c.get('/api/reports/region/schools')).json();
    expect(schools.map((s: { id: string }) => s.id).sort()).toEqual([d.schoolId, other.schoolId].sort());
    const res = await c.get(`/api/reports/region?${range()}&periodNumber=2`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    const deputy = await login(d.deputy);
    const control = (await deputy.get(`/api/reports/control?${range()}`)).json();
    const performance = (await deputy.get(`/api/reports/performance?periodId=${d.q2}`)).json();
    const attendance = (await deputy.get(`/api/reports/attendance?${range()}`)).json();
    const activity = (await deputy.get(`/api/reports/activity?${range()}`)).json();
    const mine = r.schools.find((s: { schoolId: string }) => s.schoolId === d.schoolId);
    expect(mine.control).toEqual(control.total);
    expect(mine.performance).toEqual(performance.total.figures);
    expect(mine.attendance).toEqual(attendance.total);
    expect(mine.activity.parents).toEqual(activity.groups.find((g: { group: string }) => g.group === 'parents').total);
    // two identical schools: counts double, shares stay
    expect(r.total.control).toMatchObject({
      pages: 6,
      students: 20,
      lateMarks: 6,
      lateMarksPct: 27.3,
      medianDelayDays: 1,
      accumulation: 0.23,
    });
    expect(r.total.performance).toMatchObject({ students: 10, performance: 100, quality: 80, average: 4.25 });
    expect(r.total.attendance).toMatchObject({ students: 10, missed: 8, missedPerStudent: 0.8 });
    expect(r.total.activity.staff).toMatchObject({ people: 12, active: 6, activePct: 50 });
  });

  it('holds no personal data: no names and no ids of persons', async () => {
    const m = await makeMethodologist(t.db, [d.schoolId, other.schoolId]);
    const c = await login(m);
    for (const url of [`/api/reports/region?${range()}&periodNumber=2`, `/api/reports/region?${range()}`]) {
      const body = (await c.get(url)).body;
      for (const ds of [d, other]) {
        for (const p of ds.persons) expect(body, p.id).not.toContain(p.id);
        for (const name of ds.names) expect(body, name).not.toContain(name);
        for (const id of [ds.class5a, ds.class5b, ds.math5a, ds.russian5a, ds.math5b]) expect(body).not.toContain(id);
      }
    }
  });

  it('is refused to school staff and reads no school report for the methodologist', async () => {
    const deputy = await login(d.deputy);
    expect(await status(deputy, `/api/reports/region?${range()}`)).toBe(404);
    expect((await deputy.get('/api/reports/region/schools')).json()).toEqual([]);
    const m = await makeMethodologist(t.db, [d.schoolId]);
    const c = await login(m);
    expect(await status(c, `/api/reports/control?${range()}&schoolId=${d.schoolId}`)).toBe(404);
    expect(await status(c, `/api/reports/control/pages/${d.math5a}?${range()}`)).toBe(404);
    expect(await status(c, `/api/reports/class-analysis/${d.class5a}`)).toBe(404);
    const bad = await c.get(`/api/reports/region?${range()}&periodNumber=9`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('periodNumber');
  });
});
