/**
 * Demo and benchmark data sets: 'demo' is the school a new installation shows (with one login per
 * role), 'school' and 'district' are the sizes the load tests run against.
 */
import { calendarDateIn } from '../../domain/calendar';
import type { Db } from '../client';
import { ALL_DEMO_ROLES, type DemoRole, type GeneratedLogin, type GenerateOptions, generateSchool } from './generate';

export type DemoSize = 'demo' | 'school' | 'district';

export interface SeedOptions {
  /** YYYY-MM-DD; default: today in Moscow. */
  today?: string;
  size?: DemoSize;
  seed?: number;
}

export interface SeedResult {
  schools: { schoolId: string; name: string; counts: Record<string, number>; unplacedHours: number }[];
  /** Rows per table over all schools. */
  counts: Record<string, number>;
  /** Logins created (password «demo»), with Russian descriptions for the start-up banner. */
  logins: GeneratedLogin[];
}

/** The demo logins (password «demo») and who they are; the banner prints these. */
export const DEMO_LOGINS: { login: string; role: DemoRole; description: string }[] = [
  { login: 'admin', role: 'admin', description: 'администратор электронного журнала' },
  { login: 'director', role: 'director', description: 'директор школы' },
  { login: 'deputy', role: 'deputy', description: 'заместитель директора по учебной работе' },
  { login: 'teacher', role: 'teacher', description: 'учитель математики в нескольких классах' },
  { login: 'classteacher', role: 'classteacher', description: 'классный руководитель 5 класса и учитель-предметник' },
  { login: 'parent', role: 'parent', description: 'родитель двоих детей из разных классов' },
  { login: 'student', role: 'student', description: 'ученик 5 класса, ребёнок родителя parent' },
  { login: 'ict', role: 'ict', description: 'заместитель директора по ИКТ' },
  { login: 'archivist', role: 'archivist', description: 'документовед (архив журналов)' },
];

/** The benchmark accounts of the 'school' and 'district' sizes: `bench_admin` … (password «demo»). */
const BENCH_ROLES: readonly DemoRole[] = ['admin', 'teacher', 'parent', 'student'];
const BENCH_PREFIX = 'bench_';

const DEFAULT_SEED = 20260901;

/** ~1 500 students in 55 classes: a large city school. */
const LARGE_SCHOOL = {
  classesPerGrade: [6, 6, 6, 5, 5, 5, 5, 5, 5, 4, 3],
  studentsPerClass: [24, 31] as [number, number],
  teachers: 85,
};

function plans(size: DemoSize, seed: number, today: string): GenerateOptions[] {
  if (size === 'demo') {
    return [
      {
        seed,
        today,
        name: 'МБОУ «Средняя общеобразовательная школа № 1»',
        shortName: 'СОШ № 1',
        // Two classes in grades 1–9 except the 7th, one in the 10th and 11th: 19 classes, ~400 students.
        classesPerGrade: [2, 2, 2, 2, 2, 2, 1, 2, 2, 1, 1],
        studentsPerClass: [18, 25],
        teachers: 30,
        withAccounts: 'demo',
      },
    ];
  }
  const count = size === 'school' ? 1 : 20;
  return Array.from({ length: count }, (_, i) => ({
    seed: seed + i * 7919,
    today,
    name: `Школа № ${i + 1}`,
    shortName: `Школа № ${i + 1}`,
    ...LARGE_SCHOOL,
    // Accounts only in the first school: the benchmark signs in as these.
    withAccounts: i === 0 ? ('demo' as const) : ('none' as const),
    loginPrefix: BENCH_PREFIX,
    accountRoles: BENCH_ROLES,
  }));
}

/**
 * Creates the data set of the given size (default 'demo') and returns the rows written and the logins.
 * Deterministic for a given seed and `today`, except the password hashes (argon2 salts them).
 */
export async function seedDemo(db: Db, opts: SeedOptions = {}): Promise<SeedResult> {
  const today = opts.today ?? calendarDateIn(new Date(), 'Europe/Moscow');
  const size = opts.size ?? 'demo';
  const out: SeedResult = { schools: [], counts: {}, logins: [] };
  for (const plan of plans(size, opts.seed ?? DEFAULT_SEED, today)) {
    const r = await generateSchool(db, plan);
    out.schools.push({ schoolId: r.schoolId, name: plan.name, counts: r.counts, unplacedHours: r.unplacedHours });
    for (const [t, n] of Object.entries(r.counts)) out.counts[t] = (out.counts[t] ?? 0) + n;
    out.logins.push(...r.logins);
  }
  // Fresh statistics: right after a bulk load the planner would otherwise guess (and pick nested loops).
  await db.query('ANALYZE');
  return out;
}

export { ALL_DEMO_ROLES };
