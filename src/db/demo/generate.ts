/**
 * Deterministic demo school: structure, people, timetable and a journal kept from 1 September up to
 * `today`, so that every screen and every control report has something realistic to show.
 *
 * `buildSchoolData` is pure (seed + options → rows per table); `generateSchool` inserts those rows in
 * one transaction with `json_populate_recordset`, which PGlite and PostgreSQL 15 both run.
 * Row ids come from the seeded generator too: one seed and one `today` give the same school.
 */
import {
  addDays,
  daysBetween,
  defaultHolidays,
  defaultPeriods,
  eachDate,
  formatDateRu,
  type IsoDate,
  isHoliday,
  type PeriodScheme,
  weekdayOf,
} from '../../domain/calendar';
import { markEntryDeadline } from '../../domain/deadlines';
import { proposePeriodMark } from '../../domain/final-marks';
import { resolveSettings, type SchoolSettings } from '../../domain/school-settings';
import { transliterate as translit } from '../../domain/school-structure';
import type { WorkType } from '../../domain/work-types';
import { hashPassword } from '../../modules/auth/passwords';
import type { Db, Queryable } from '../client';
import {
  ADULT_FEMALE_NAMES,
  ADULT_MALE_NAMES,
  CHILD_FEMALE_NAMES,
  CHILD_MALE_NAMES,
  CONTINUATIONS,
  familyFor,
  femaleSurname,
  homeworkChance,
  homeworkText,
  hoursFor,
  STREETS,
  SUBJECTS,
  SURNAMES,
  type SubjectCode,
  type SubjectDef,
  TEACHER_FAMILIES,
  type TeacherFamily,
  topicsFor,
} from './names';
import { Rng } from './random';

// ───────────── options and results ─────────────

/** Demo accounts; each becomes the login `<prefix><role>` with the password «demo». */
export type DemoRole = 'admin' | 'director' | 'deputy' | 'teacher' | 'classteacher' | 'parent' | 'student' | 'ict' | 'archivist';

export const ALL_DEMO_ROLES: readonly DemoRole[] = [
  'admin',
  'director',
  'deputy',
  'teacher',
  'classteacher',
  'parent',
  'student',
  'ict',
  'archivist',
];

export const DEMO_PASSWORD = 'demo';

export interface GenerateOptions {
  seed: number;
  /** YYYY-MM-DD: picks the academic year and is the last day of the journal kept so far. */
  today: string;
  name: string;
  shortName: string;
  /** Classes per grade 1…11 (length 11). */
  classesPerGrade: number[];
  studentsPerClass: [number, number];
  /** Subject and primary teachers wanted; raised where the curriculum cannot be covered at ≤ 30 h a week. */
  teachers: number;
  withAccounts: 'demo' | 'none';
  /** Lessons are generated up to this day (default: `today`). */
  lessonsUntil?: string;
  /** Logins are `<loginPrefix><role>` (default ''). */
  loginPrefix?: string;
  /** Which demo accounts to create when `withAccounts` is 'demo' (default: all). */
  accountRoles?: readonly DemoRole[];
}

export interface GeneratedLogin {
  login: string;
  password: string;
  role: DemoRole;
  /** Who this is, in Russian, for the start-up banner. */
  description: string;
}

export interface GenerateResult {
  schoolId: string;
  counts: Record<string, number>;
  logins: GeneratedLogin[];
  /** Timetable hours the generator could not place (0 when the timetable matches the curriculum). */
  unplacedHours: number;
}

type Row = Record<string, unknown>;

/** Insert order: every table after the tables its foreign keys point to. */
export const TABLE_ORDER = [
  'schools',
  'accounts',
  'persons',
  'memberships',
  'academic_years',
  'periods',
  'period_events',
  'holidays',
  'subjects',
  'classes',
  'enrollments',
  'subgroups',
  'subgroup_members',
  'parent_links',
  'curriculum',
  'journal_pages',
  'bell_schedule',
  'timetable_entries',
  'plan_items',
  'lessons',
  'homework',
  'works',
  'marks',
  'attendance',
  'final_marks',
] as const;
export type DemoTable = (typeof TABLE_ORDER)[number];

export interface SchoolData {
  schoolId: string;
  rows: Record<DemoTable, Row[]>;
  logins: Omit<GeneratedLogin, 'password'>[];
  unplacedHours: number;
}

// ───────────── time helpers ─────────────

/** Europe/Moscow has kept UTC+3 all year since 2014, so a fixed offset gives the right instants. */
const TZ_OFFSET = '+03:00';
const TIME_ZONE = 'Europe/Moscow';

function at(date: IsoDate, hhmm: string): string {
  return `${date}T${hhmm}:00${TZ_OFFSET}`;
}

function plusMinutes(hhmm: string, minutes: number): string {
  const [h, m] = hhmm.split(':').map(Number);
  const t = Math.min(23 * 60 + 59, Math.max(0, h * 60 + m + minutes));
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}

/** The academic year containing `today`: from 1 September of this year from July on, else of the last one. */
export function academicYearStart(today: IsoDate): number {
  const [y, m] = today.split('-').map(Number);
  return m >= 7 ? y : y - 1;
}

/** [DOMAIN §2] 45-minute lessons from 8:30; the long breaks (20 min) after the 2nd and 3rd lessons are for meals. */
const BREAKS_AFTER = [10, 20, 20, 10, 10, 10, 10];
export const BELLS: readonly { number: number; startsAt: string; endsAt: string }[] = (() => {
  const out: { number: number; startsAt: string; endsAt: string }[] = [];
  let start = '08:30';
  for (let n = 1; n <= 8; n++) {
    const end = plusMinutes(start, 45);
    out.push({ number: n, startsAt: start, endsAt: end });
    start = plusMinutes(end, BREAKS_AFTER[n - 1] ?? 10);
  }
  return out;
})();

const LETTERS = ['А', 'Б', 'В', 'Г', 'Д', 'Е', 'Ж', 'И', 'К', 'Л', 'М', 'Н'];
const WEEKDAYS = [1, 2, 3, 4, 5];

// ───────────── in-memory model ─────────────

interface PersonInfo {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string;
  gender: 'm' | 'f';
  birthDate: IsoDate;
  accountId?: string;
}

interface StudentInfo extends PersonInfo {
  /** Typical mark the student earns (2.7 … 4.95). */
  ability: number;
  /** Per-subject strengths and weaknesses around `ability`. */
  subjectBias: Map<SubjectCode, number>;
  /** How often the student misses school, relative to the average. */
  absenceFactor: number;
  /** Released from PE on medical grounds: «осв» instead of marks. */
  peReleased: boolean;
  familyId: number;
}

interface Stay {
  student: StudentInfo;
  classId: string;
  from: IsoDate;
  to: IsoDate | null;
}

interface TeacherInfo extends PersonInfo {
  families: TeacherFamily[];
  load: number;
  room: string;
}

interface SubgroupInfo {
  id: string;
  classId: string;
  subject: SubjectCode;
  index: 0 | 1;
  name: string;
  members: Set<string>;
}

interface ClassInfo {
  idx: number;
  id: string;
  grade: number;
  letter: string;
  name: string;
  scheme: PeriodScheme;
  room: string;
  teacherId: string | null;
  subgroups: Map<SubjectCode, [SubgroupInfo, SubgroupInfo]>;
}

interface PageInfo {
  id: string;
  cls: ClassInfo;
  subject: SubjectDef;
  subgroup: SubgroupInfo | null;
  teacher: TeacherInfo;
  hours: number;
  /** Timetable slots: weekday 1–5 and lesson number. */
  slots: { weekday: number; number: number }[];
}

interface PeriodInfo {
  id: string;
  scheme: PeriodScheme;
  number: number;
  name: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
}

interface MarkFact {
  date: IsoDate;
  value: string;
  workType: WorkType;
}

// ───────────── the builder ─────────────

/**
 * Builds every row of one school. Each part draws from its own forked random stream, so changing how
 * marks are made does not reshuffle names or the timetable.
 */
class SchoolBuilder {
  readonly rows = Object.fromEntries(TABLE_ORDER.map((t) => [t, [] as Row[]])) as Record<DemoTable, Row[]>;
  readonly logins: Omit<GeneratedLogin, 'password'>[] = [];
  private readonly ids: Rng;
  private readonly root: Rng;
  private readonly settings: SchoolSettings;

  readonly schoolId: string;
  private readonly yearStart: number;
  private readonly yearId: string;
  private readonly startsOn: IsoDate;
  private readonly until: IsoDate;
  private readonly created: string;
  private readonly holidays: { name: string; startsOn: IsoDate; endsOn: IsoDate }[];
  private readonly periods: PeriodInfo[] = [];
  private readonly subjectIds = new Map<SubjectCode, string>();
  private readonly classes: ClassInfo[] = [];
  private readonly students: StudentInfo[] = [];
  private readonly stays: Stay[] = [];
  private readonly teachers: TeacherInfo[] = [];
  private readonly pages: PageInfo[] = [];
  private readonly staff = new Map<'administrator' | 'director' | 'deputy' | 'deputy_ict' | 'archivist', PersonInfo>();
  private readonly usedNames = new Set<string>();
  /** The family whose parent and child get the demo accounts. */
  private demoFamily: { parent: PersonInfo; older: StudentInfo; younger: StudentInfo } | null = null;
  private demoTeacher: TeacherInfo | null = null;
  private familySeq = 0;
  private orderSeq = 0;
  unplacedHours = 0;

  constructor(
    private readonly opts: GenerateOptions,
    private readonly passwordHash: string,
  ) {
    // People and structure depend on the seed alone; the calendar-driven parts also on `today`.
    this.root = new Rng(opts.seed);
    this.ids = this.root.fork('ids');
    this.settings = resolveSettings({});
    this.schoolId = this.ids.uuid();
    this.yearId = this.ids.uuid();
    this.yearStart = academicYearStart(opts.today);
    this.startsOn = `${this.yearStart}-09-01`;
    this.until = opts.lessonsUntil ?? opts.today;
    // Structure and people are "entered" the week before the year starts.
    this.created = at(addDays(this.startsOn, -7), '10:00');
    this.holidays = defaultHolidays(this.yearStart);
  }

  build(): void {
    this.addSchoolAndYear();
    this.addSubjectsAndCurriculum();
    this.addClasses();
    this.addStaff();
    this.addStudentsAndParents();
    const bundles = this.teachingBundles();
    this.addTeachers(bundles);
    this.addPages(bundles);
    this.assignClassTeachers();
    this.addMovements();
    this.writeClassesAndPeople();
    this.addTimetable();
    this.addJournal();
    this.addFinalMarksAndClose();
    if (this.opts.withAccounts === 'demo') this.addAccounts(this.opts.accountRoles ?? ALL_DEMO_ROLES, this.opts.loginPrefix ?? '');
  }

  // ── school, year, calendar ──

  private addSchoolAndYear(): void {
    const r = this.root.fork('school');
    const director = this.makeAdult(r, r.chance(0.7) ? 'f' : 'm');
    this.staff.set('director', director);
    this.rows.schools.push({
      id: this.schoolId,
      name: this.opts.name,
      short_name: this.opts.shortName,
      director_name: `${director.lastName} ${director.firstName} ${director.middleName}`,
      address: `г. Заречный, ${r.pick(STREETS)}, д. ${r.int(1, 60)}`,
      time_zone: TIME_ZONE,
      // The demo school lets its administrator sign in with the password alone (no TOTP enrolment),
      // so that anyone trying the demo can open every screen; real schools keep the default (required).
      settings: this.opts.withAccounts === 'demo' ? { adminTotpRequired: false } : {},
      created_at: this.created,
    });
    const y = this.yearStart;
    this.rows.academic_years.push({
      school_id: this.schoolId,
      id: this.yearId,
      name: `${y}/${y + 1}`,
      starts_on: this.startsOn,
      ends_on: `${y + 1}-08-31`,
      status: 'current',
    });
    // [DOMAIN §2] quarters for grades 1–9, halves for 10–11: both schemes' periods are needed.
    for (const scheme of ['quarter', 'half'] as const) {
      for (const p of defaultPeriods(y, scheme)) {
        const period: PeriodInfo = { id: this.ids.uuid(), scheme, number: p.number, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn };
        this.periods.push(period);
      }
    }
    for (const h of this.holidays) {
      this.rows.holidays.push({
        school_id: this.schoolId,
        id: this.ids.uuid(),
        year_id: this.yearId,
        name: h.name,
        starts_on: h.startsOn,
        ends_on: h.endsOn,
      });
    }
    for (const b of BELLS) {
      this.rows.bell_schedule.push({ school_id: this.schoolId, number: b.number, starts_at: b.startsAt, ends_at: b.endsAt });
    }
  }

  private isSchoolDay(date: IsoDate): boolean {
    return weekdayOf(date) <= 5 && !isHoliday(date, this.holidays);
  }

  /** The school day on or after `date`. */
  private schoolDayFrom(date: IsoDate): IsoDate {
    let d = date;
    while (!this.isSchoolDay(d)) d = addDays(d, 1);
    return d;
  }

  // ── subjects, curriculum ──

  private gradesPresent(): number[] {
    return this.opts.classesPerGrade.map((n, i) => (n > 0 ? i + 1 : 0)).filter((g) => g > 0);
  }

  private addSubjectsAndCurriculum(): void {
    const grades = this.gradesPresent();
    for (const s of SUBJECTS) {
      if (!grades.some((g) => hoursFor(s.code, g) > 0)) continue;
      const id = this.ids.uuid();
      this.subjectIds.set(s.code, id);
      this.rows.subjects.push({ school_id: this.schoolId, id, name: s.name, short_name: s.shortName, pass_fail: !!s.passFail });
      for (const g of grades) {
        const h = hoursFor(s.code, g);
        if (h > 0)
          this.rows.curriculum.push({ school_id: this.schoolId, year_id: this.yearId, grade: g, subject_id: id, hours_per_week: h });
      }
    }
  }

  private subjectsOf(grade: number): SubjectDef[] {
    return SUBJECTS.filter((s) => hoursFor(s.code, grade) > 0);
  }

  // ── classes ──

  private addClasses(): void {
    let room = 0;
    this.opts.classesPerGrade.forEach((count, i) => {
      const grade = i + 1;
      for (let k = 0; k < count; k++) {
        const letter = LETTERS[k] ?? `${LETTERS[k % LETTERS.length]}${Math.floor(k / LETTERS.length) + 1}`;
        this.classes.push({
          idx: this.classes.length,
          id: this.ids.uuid(),
          grade,
          letter,
          name: `${grade}${letter}`,
          // [DOMAIN §2] quarters are the default for grades 1–9, halves for 10–11.
          scheme: grade >= 10 ? 'half' : 'quarter',
          room: grade <= 4 ? String(101 + room++) : '',
          teacherId: null,
          subgroups: new Map(),
        });
      }
    });
  }

  // ── people ──

  private fullNameKey(p: { lastName: string; firstName: string; middleName: string }): string {
    return `${p.lastName} ${p.firstName} ${p.middleName}`;
  }

  /** A unique full name in the school (namesakes exist in life, but they confuse a demo). */
  private uniqueName(make: () => { lastName: string; firstName: string; middleName: string }) {
    for (let i = 0; i < 50; i++) {
      const n = make();
      const key = this.fullNameKey(n);
      if (!this.usedNames.has(key)) {
        this.usedNames.add(key);
        return n;
      }
    }
    const n = make();
    this.usedNames.add(this.fullNameKey(n));
    return n;
  }

  private randomDate(r: Rng, from: IsoDate, days: number): IsoDate {
    return addDays(from, r.int(0, days - 1));
  }

  private makeAdult(r: Rng, gender: 'm' | 'f', surname?: string, minAge = 26, maxAge = 62): PersonInfo {
    const name = this.uniqueName(() => {
      const last = surname ?? r.pick(SURNAMES);
      const father = r.pick(ADULT_MALE_NAMES);
      return gender === 'm'
        ? { lastName: last, firstName: r.pick(ADULT_MALE_NAMES)[0], middleName: father[1] }
        : { lastName: femaleSurname(last), firstName: r.pick(ADULT_FEMALE_NAMES), middleName: father[2] };
    });
    const birthYear = this.yearStart - r.int(minAge, maxAge);
    return { id: this.ids.uuid(), ...name, gender, birthDate: this.randomDate(r, `${birthYear}-01-01`, 365) };
  }

  private personRow(p: PersonInfo, extra: { email?: string | null; phone?: string | null; address?: string | null } = {}): Row {
    return {
      school_id: this.schoolId,
      id: p.id,
      account_id: p.accountId ?? null,
      last_name: p.lastName,
      first_name: p.firstName,
      middle_name: p.middleName,
      birth_date: p.birthDate,
      gender: p.gender,
      email: extra.email ?? null,
      phone: extra.phone ?? null,
      address: extra.address ?? null,
      created_at: this.created,
      updated_at: this.created,
    };
  }

  private membership(personId: string, role: string): void {
    this.rows.memberships.push({ school_id: this.schoolId, person_id: personId, role, created_at: this.created });
  }

  private phone(r: Rng): string {
    const d = (n: number) => String(r.int(0, 10 ** n - 1)).padStart(n, '0');
    return `+7 9${d(2)} ${d(3)}-${d(2)}-${d(2)}`;
  }

  private email(p: PersonInfo, domain: string): string {
    return `${translit(p.lastName)}.${translit(p.firstName).slice(0, 1)}${translit(p.middleName).slice(0, 1)}@${domain}`;
  }

  private addStaff(): void {
    const r = this.root.fork('staff');
    this.staff.set('administrator', this.makeAdult(r, r.chance(0.5) ? 'f' : 'm', undefined, 28, 50));
    this.staff.set('deputy', this.makeAdult(r, r.chance(0.8) ? 'f' : 'm', undefined, 35, 60));
    this.staff.set('deputy_ict', this.makeAdult(r, r.chance(0.4) ? 'f' : 'm', undefined, 28, 55));
    this.staff.set('archivist', this.makeAdult(r, 'f', undefined, 30, 60));
  }

  /**
   * Students come in families: ~12% of families have two children in different classes; one family
   * (older child in grade 5, younger in a primary class) gets the demo parent and student accounts.
   */
  private addStudentsAndParents(): void {
    const r = this.root.fork('students');
    const [minSize, maxSize] = this.opts.studentsPerClass;
    const seats: ClassInfo[] = [];
    for (const c of this.classes) for (let i = r.int(minSize, maxSize); i > 0; i--) seats.push(c);
    let pool = r.shuffle(seats);
    const older = this.classes.find((c) => c.grade === 5) ?? this.classes.find((c) => c.grade >= 5);
    const younger = older && (this.classes.find((c) => c.grade === 2) ?? this.classes.find((c) => c.grade !== older.grade));
    if (older && younger) {
      pool = removeOne(removeOne(pool, older), younger);
      const fam = this.makeFamily(r, [older, younger], true);
      this.demoFamily = { parent: fam.parents[0], older: fam.children[0], younger: fam.children[1] };
    }
    while (pool.length > 0) {
      const first = pool.pop() as ClassInfo;
      const group = [first];
      if (r.chance(0.12)) {
        const j = pool.findIndex((c) => c.grade !== first.grade);
        if (j >= 0) group.push(pool.splice(j, 1)[0]);
      }
      this.makeFamily(r, group, false);
    }
  }

  private makeFamily(r: Rng, classes: ClassInfo[], bothParents: boolean): { parents: PersonInfo[]; children: StudentInfo[] } {
    const familyId = ++this.familySeq;
    const surname = r.pick(SURNAMES);
    const father = r.pick(ADULT_MALE_NAMES);
    const address = `г. Заречный, ${r.pick(STREETS)}, д. ${r.int(1, 80)}, кв. ${r.int(1, 120)}`;
    const children = classes.map((c) => {
      const s = this.makeStudent(r, surname, father, c.grade, familyId);
      this.stays.push({ student: s, classId: c.id, from: this.startsOn, to: null });
      this.rows.persons.push(this.personRow(s, { address }));
      this.membership(s.id, 'student');
      return s;
    });
    const oldest = Math.min(...children.map((c) => Number(c.birthDate.slice(0, 4))));
    const roll = r.next();
    const kinds: ('mother' | 'father')[] = bothParents || roll < 0.6 ? ['mother', 'father'] : roll < 0.93 ? ['mother'] : ['father'];
    const parents = kinds.map((kind) => {
      const age = this.yearStart - oldest + r.int(22, 36);
      const p =
        kind === 'father'
          ? this.makeParent(r, 'm', surname, father[0], age)
          : this.makeParent(r, 'f', r.chance(0.9) ? surname : r.pick(SURNAMES), undefined, age);
      this.rows.persons.push(
        this.personRow(p, {
          phone: this.phone(r),
          email: r.chance(0.7) ? this.email(p, r.pick(['mail.ru', 'yandex.ru', 'gmail.com'])) : null,
          address,
        }),
      );
      this.membership(p.id, 'parent');
      for (const c of children) {
        this.rows.parent_links.push({
          school_id: this.schoolId,
          parent_id: p.id,
          student_id: c.id,
          relation: kind === 'mother' ? 'мать' : 'отец',
        });
      }
      return p;
    });
    return { parents, children };
  }

  private makeParent(r: Rng, gender: 'm' | 'f', surname: string, firstName: string | undefined, age: number): PersonInfo {
    const name = this.uniqueName(() => {
      const grandfather = r.pick(ADULT_MALE_NAMES);
      return gender === 'm'
        ? { lastName: surname, firstName: firstName ?? r.pick(ADULT_MALE_NAMES)[0], middleName: grandfather[1] }
        : { lastName: femaleSurname(surname), firstName: r.pick(ADULT_FEMALE_NAMES), middleName: grandfather[2] };
    });
    const birthYear = this.yearStart - Math.min(60, age);
    return { id: this.ids.uuid(), ...name, gender, birthDate: this.randomDate(r, `${birthYear}-01-01`, 365) };
  }

  private makeStudent(r: Rng, surname: string, father: readonly [string, string, string], grade: number, familyId: number): StudentInfo {
    const gender: 'm' | 'f' = r.chance(0.5) ? 'm' : 'f';
    const name = this.uniqueName(() =>
      gender === 'm'
        ? { lastName: surname, firstName: r.pick(CHILD_MALE_NAMES), middleName: father[1] }
        : { lastName: femaleSurname(surname), firstName: r.pick(CHILD_FEMALE_NAMES), middleName: father[2] },
    );
    // A first-grader turns 7 during the school year: born between September Y−7 and August Y−6.
    const born = this.randomDate(r, `${this.yearStart - grade - 6}-09-01`, 365);
    const ability = clamp(r.normal(3.85, 0.55), 2.7, 4.95);
    const bias = new Map<SubjectCode, number>();
    for (const s of SUBJECTS) bias.set(s.code, r.normal(0, 0.3));
    const student: StudentInfo = {
      id: this.ids.uuid(),
      ...name,
      gender,
      birthDate: born,
      ability,
      subjectBias: bias,
      absenceFactor: clamp(r.normal(1, 0.5), 0.2, 2.6) * (ability < 3.3 ? 1.4 : 1),
      peReleased: grade >= 2 && r.chance(0.03),
      familyId,
    };
    this.students.push(student);
    return student;
  }

  // ── teachers and teaching load ──

  /**
   * A bundle is what one teacher takes in one class: all the class's subjects of a family (algebra,
   * geometry and statistics together), or one half of a subject taught in subgroups [003 §3.2].
   */
  private teachingBundles(): Bundle[] {
    const bundles: Bundle[] = [];
    for (const c of this.classes) {
      const byFamily = new Map<TeacherFamily, Bundle>();
      for (const s of this.subjectsOf(c.grade)) {
        const hours = hoursFor(s.code, c.grade);
        const family = familyFor(s.code, c.grade);
        if (s.subgroupsFrom !== undefined && c.grade >= s.subgroupsFrom) {
          for (const index of [0, 1] as const) bundles.push({ cls: c, family, subjects: [s], subgroupIndex: index, hours });
          continue;
        }
        const b = byFamily.get(family);
        if (b) {
          b.subjects.push(s);
          b.hours += hours;
        } else {
          const nb: Bundle = { cls: c, family, subjects: [s], subgroupIndex: null, hours };
          byFamily.set(family, nb);
          bundles.push(nb);
        }
      }
    }
    return bundles;
  }

  /**
   * Teachers per family from the hours to cover: about `opts.teachers` people, each at most ~30 hours a
   * week; a family too small for a teacher of its own goes to a partner's teachers (ОБЗР to the PE teacher).
   */
  private addTeachers(bundles: Bundle[]): void {
    const r = this.root.fork('teachers');
    const primaryClasses = this.classes.filter((c) => c.grade <= 4);
    for (const c of primaryClasses) this.makeTeacher(r, ['primary'], c.room);
    const demand = new Map<TeacherFamily, number>();
    for (const b of bundles) if (b.family !== 'primary') demand.set(b.family, (demand.get(b.family) ?? 0) + b.hours);
    const total = [...demand.values()].reduce((a, b) => a + b, 0);
    const wanted = Math.max(1, this.opts.teachers - primaryClasses.length);
    const target = clamp(total / wanted, 14, 26);
    const families = [...demand.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const covered = new Set<TeacherFamily>();
    for (const [family, hours] of families) {
      let n = Math.round(hours / target);
      if (n === 0) continue;
      if (hours / n > 28) n = Math.ceil(hours / 28);
      const partner = TEACHER_FAMILIES[family].partner;
      for (let i = 0; i < n; i++) this.makeTeacher(r, partner ? [family, partner] : [family]);
      covered.add(family);
      if (partner) covered.add(partner);
    }
    for (const [family] of families) {
      if (covered.has(family)) continue;
      const partner = TEACHER_FAMILIES[family].partner;
      this.makeTeacher(r, partner ? [family, partner] : [family]);
      covered.add(family);
    }
  }

  private makeTeacher(r: Rng, families: TeacherFamily[], room?: string): TeacherInfo {
    const femaleShare: Partial<Record<TeacherFamily, number>> = {
      primary: 0.95,
      russian: 0.92,
      english: 0.9,
      physics: 0.55,
      informatics: 0.5,
      technology: 0.5,
      pe: 0.35,
      obzr: 0.15,
    };
    const gender = r.chance(femaleShare[families[0]] ?? 0.8) ? 'f' : 'm';
    const p = this.makeAdult(r, gender, undefined, 24, 64);
    const ownRoom =
      room ??
      (families[0] === 'pe'
        ? 'Спортзал'
        : families[0] === 'technology'
          ? 'Мастерская'
          : String(201 + this.teachers.filter((t) => !t.families.includes('primary')).length));
    const t: TeacherInfo = { ...p, families, load: 0, room: ownRoom };
    this.teachers.push(t);
    return t;
  }

  /**
   * [003 §2.6] the teaching load assigns journal pages: every bundle to the least-loaded teacher of
   * its family (a partner family costs a little more), both halves of a subgroup subject to different
   * teachers where possible so that the halves can meet at the same time.
   */
  private assignBundles(bundles: Bundle[]): Map<Bundle, TeacherInfo> {
    const out = new Map<Bundle, TeacherInfo>();
    const primaryTeachers = this.teachers.filter((t) => t.families[0] === 'primary');
    const primaryOf = new Map<string, TeacherInfo>();
    this.classes
      .filter((c) => c.grade <= 4)
      .forEach((c, i) => {
        primaryOf.set(c.id, primaryTeachers[i]);
      });
    const sorted = [...bundles].sort(
      (a, b) => b.hours - a.hours || a.cls.idx - b.cls.idx || (a.subgroupIndex ?? -1) - (b.subgroupIndex ?? -1),
    );
    const classTeachers = new Map<string, Set<TeacherInfo>>();
    const r = this.root.fork('load');
    for (const b of sorted) {
      let t: TeacherInfo | undefined;
      if (b.family === 'primary') t = primaryOf.get(b.cls.id);
      else t = this.bestTeacherFor(b, out, classTeachers, r);
      if (!t) {
        const partner = TEACHER_FAMILIES[b.family].partner;
        t = this.makeTeacher(r, partner ? [b.family, partner] : [b.family]);
      }
      t.load += b.hours;
      out.set(b, t);
      const set = classTeachers.get(b.cls.id) ?? new Set();
      set.add(t);
      classTeachers.set(b.cls.id, set);
    }
    return out;
  }

  private bestTeacherFor(
    b: Bundle,
    assigned: Map<Bundle, TeacherInfo>,
    inClass: Map<string, Set<TeacherInfo>>,
    r: Rng,
  ): TeacherInfo | undefined {
    const sibling =
      b.subgroupIndex === 1
        ? [...assigned.entries()].find(([o]) => o.cls === b.cls && o.subgroupIndex === 0 && o.subjects[0].code === b.subjects[0].code)?.[1]
        : undefined;
    const maxLoad = 30;
    let best: TeacherInfo | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const t of this.teachers) {
      const k = t.families.indexOf(b.family);
      if (k < 0 || t.load + b.hours > maxLoad) continue;
      let score = t.load + (k === 0 ? 0 : 8) + r.next() * 0.5;
      if (t === sibling) score += 100;
      if (inClass.get(b.cls.id)?.has(t) && t !== sibling) score -= 2;
      if (score < bestScore) {
        bestScore = score;
        best = t;
      }
    }
    return best;
  }

  private addPages(bundles: Bundle[]): void {
    const teacherOf = this.assignBundles(bundles);
    // Subgroups: two halves of the class, alphabetically, for each subject taught in halves [DOMAIN §2].
    for (const c of this.classes) {
      for (const s of this.subjectsOf(c.grade)) {
        if (s.subgroupsFrom === undefined || c.grade < s.subgroupsFrom) continue;
        const pair = ([0, 1] as const).map((index) => ({
          id: this.ids.uuid(),
          classId: c.id,
          subject: s.code,
          index,
          name: `${s.shortName}, ${index + 1} гр.`,
          members: new Set<string>(),
        })) as [SubgroupInfo, SubgroupInfo];
        const roster = this.stays
          .filter((st) => st.classId === c.id)
          .map((st) => st.student)
          .sort(byName);
        roster.forEach((st, i) => {
          pair[i < Math.ceil(roster.length / 2) ? 0 : 1].members.add(st.id);
        });
        c.subgroups.set(s.code, pair);
      }
    }
    for (const b of bundles) {
      const teacher = teacherOf.get(b) as TeacherInfo;
      for (const s of b.subjects) {
        const subgroup = b.subgroupIndex === null ? null : (b.cls.subgroups.get(s.code)?.[b.subgroupIndex] ?? null);
        this.pages.push({
          id: this.ids.uuid(),
          cls: b.cls,
          subject: s,
          subgroup,
          teacher,
          hours: hoursFor(s.code, b.cls.grade),
          slots: [],
        });
      }
    }
    // Stable order for everything downstream: class, subject list order, subgroup.
    const subjectOrder = new Map(SUBJECTS.map((s, i) => [s.code, i]));
    this.pages.sort(
      (a, b) =>
        a.cls.idx - b.cls.idx ||
        (subjectOrder.get(a.subject.code) ?? 0) - (subjectOrder.get(b.subject.code) ?? 0) ||
        (a.subgroup?.index ?? -1) - (b.subgroup?.index ?? -1),
    );
    // A teacher left without classes (all their family's hours went elsewhere) is not hired.
    const teaching = new Set(this.pages.map((p) => p.teacher));
    for (let i = this.teachers.length - 1; i >= 0; i--) if (!teaching.has(this.teachers[i])) this.teachers.splice(i, 1);
  }

  /**
   * Class teachers: the primary teacher in grades 1–4; in grades 5–11 the teacher with most hours in
   * the class who leads no other class. The demo subject teacher is kept free of a class on purpose.
   */
  private assignClassTeachers(): void {
    const maths = this.teachers
      .filter((t) => t.families[0] === 'math')
      .map((t) => ({ t, classes: new Set(this.pages.filter((p) => p.teacher === t).map((p) => p.cls.id)).size }))
      .sort((a, b) => b.classes - a.classes);
    this.demoTeacher = maths.find((m) => m.classes >= 2)?.t ?? maths[0]?.t ?? null;
    const taken = new Set<TeacherInfo>();
    for (const c of this.classes) {
      const hours = new Map<TeacherInfo, number>();
      for (const p of this.pages) if (p.cls === c) hours.set(p.teacher, (hours.get(p.teacher) ?? 0) + p.hours);
      const ranked = [...hours.entries()]
        .filter(([t]) => (c.grade <= 4 ? t.families[0] === 'primary' : t.families[0] !== 'primary'))
        .sort((a, b) => b[1] - a[1]);
      const free = (t: TeacherInfo) => !taken.has(t) && t !== this.demoTeacher;
      const pick =
        ranked.find(([t]) => free(t))?.[0] ?? this.teachers.find((t) => free(t) && t.families[0] !== 'primary') ?? ranked[0]?.[0];
      if (!pick) continue;
      c.teacherId = pick.id;
      taken.add(pick);
      if (c.grade > 4) c.room = pick.room;
    }
  }

  // ── movements [004], [002 §4.6] ──

  private orderText(date: IsoDate): string {
    this.orderSeq += 1;
    return `№ ${40 + this.orderSeq * 7}-уч от ${formatDateRu(date)}`;
  }

  /** A past school day near `target`; before that day has come, a day between 1 September and today. */
  private movementDate(target: IsoDate, share: number): IsoDate {
    const today = this.opts.today;
    if (target <= today) return this.schoolDayFrom(target);
    const span = Math.max(1, daysBetween(this.startsOn, today));
    return this.schoolDayFrom(addDays(this.startsOn, Math.max(1, Math.floor(span * share))));
  }

  /** One transfer between parallel classes mid-quarter, one arrival in October, one departure. */
  private addMovements(): void {
    const r = this.root.fork('movements');
    const protectedFamily = this.demoFamily?.older.familyId;
    const candidates = (classId: string) =>
      this.stays.filter(
        (s) => s.classId === classId && s.to === null && s.student.familyId !== protectedFamily && s.from === this.startsOn,
      );
    // Transfer: a grade with two classes, preferring the middle school.
    const grades = [6, 7, 5, 8, 3, 4, 2, 9, 10, 11, 1];
    const grade = grades.find((g) => this.classes.filter((c) => c.grade === g).length >= 2);
    const [from, to] = this.classes.filter((c) => c.grade === grade);
    if (from && to && candidates(from.id).length > 0) {
      const stay = r.pick(candidates(from.id));
      const date = this.movementDate(`${this.yearStart}-10-06`, 0.4);
      const order = this.orderText(date);
      stay.to = addDays(date, -1);
      this.departure(stay, 'transfer', order);
      this.stays.push({ student: stay.student, classId: to.id, from: date, to: null });
      this.arrivalMeta.set(`${stay.student.id}|${to.id}`, { kind: 'transfer', order });
      this.joinSubgroups(to, stay.student);
    }
    // Arrival from another school in October.
    const target = this.classes.find((c) => c.grade === 3) ?? this.classes[Math.floor(this.classes.length / 2)];
    if (target) {
      const date = this.movementDate(`${this.yearStart}-10-13`, 0.6);
      const fam = this.makeFamily(r, [target], false);
      const stay = this.stays.find((s) => s.student === fam.children[0]) as Stay;
      stay.from = date;
      this.arrivalMeta.set(`${stay.student.id}|${target.id}`, { kind: 'arrival', order: this.orderText(date) });
      this.joinSubgroups(target, stay.student);
    }
    // Departure to another town.
    const leaving = this.classes.find((c) => c.grade === 8) ?? this.classes[this.classes.length - 1];
    if (leaving && candidates(leaving.id).length > 0) {
      const stay = r.pick(candidates(leaving.id));
      const date = this.movementDate(`${this.yearStart}-11-13`, 0.8);
      stay.to = date;
      this.departure(stay, 'departure', this.orderText(addDays(date, 1)));
    }
  }

  private readonly arrivalMeta = new Map<string, { kind: 'arrival' | 'transfer'; order: string }>();
  private readonly departureMeta = new Map<Stay, { kind: 'departure' | 'transfer'; order: string }>();

  private departure(stay: Stay, kind: 'departure' | 'transfer', order: string): void {
    this.departureMeta.set(stay, { kind, order });
  }

  /** A newcomer joins the smaller half of each subgroup subject (the class teacher decides [DOMAIN §2]). */
  private joinSubgroups(c: ClassInfo, s: StudentInfo): void {
    for (const pair of c.subgroups.values()) {
      const half = pair[0].members.size <= pair[1].members.size ? pair[0] : pair[1];
      half.members.add(s.id);
    }
  }

  // ── rows for structure and people ──

  private writeClassesAndPeople(): void {
    for (const c of this.classes) {
      this.rows.classes.push({
        school_id: this.schoolId,
        id: c.id,
        year_id: this.yearId,
        grade: c.grade,
        letter: c.letter,
        period_scheme: c.scheme,
        class_teacher_id: c.teacherId,
      });
      for (const pair of c.subgroups.values()) {
        for (const sg of pair) {
          this.rows.subgroups.push({ school_id: this.schoolId, id: sg.id, class_id: c.id, name: sg.name });
          for (const m of [...sg.members].sort())
            this.rows.subgroup_members.push({ school_id: this.schoolId, subgroup_id: sg.id, student_id: m });
        }
      }
    }
    for (const s of this.stays) {
      const arrival = this.arrivalMeta.get(`${s.student.id}|${s.classId}`);
      const dep = this.departureMeta.get(s);
      this.rows.enrollments.push({
        school_id: this.schoolId,
        id: this.ids.uuid(),
        student_id: s.student.id,
        class_id: s.classId,
        from_date: s.from,
        to_date: s.to,
        arrival_kind: arrival?.kind ?? 'initial',
        arrival_order: arrival?.order ?? null,
        departure_kind: dep?.kind ?? null,
        departure_order: dep?.order ?? null,
        created_at: s.from === this.startsOn ? this.created : at(s.from, '09:00'),
      });
    }
    const r = this.root.fork('staff-rows');
    for (const t of this.teachers) {
      this.rows.persons.push(this.personRow(t, { email: this.email(t, 'school.example.ru'), phone: this.phone(r) }));
      this.membership(t.id, 'teacher');
    }
    for (const [role, p] of this.staff) {
      this.rows.persons.push(this.personRow(p, { email: this.email(p, 'school.example.ru'), phone: this.phone(r) }));
      this.membership(p.id, role);
    }
    for (const p of this.pages) {
      this.rows.journal_pages.push({
        school_id: this.schoolId,
        id: p.id,
        year_id: this.yearId,
        class_id: p.cls.id,
        subgroup_id: p.subgroup?.id ?? null,
        subject_id: this.subjectIds.get(p.subject.code),
        teacher_id: p.teacher.id,
        hours_per_week: p.hours,
        created_at: this.created,
      });
    }
  }

  // ── timetable ──

  /**
   * [DOMAIN §2] weekly timetable, Monday to Friday: built slot by slot (lesson 1 of every class, then
   * lesson 2 …) so class days stay compact, never a teacher or a class in two places at once, each
   * page getting exactly its weekly hours [СанПиН 1.2.3685-21: ≤ 5 lessons a day in grades 1–4,
   * ≤ 6 in 5–6, ≤ 7 in 7–11].
   */
  private addTimetable(): void {
    const r = this.root.fork('timetable');
    const tt = new TimetableBuilder(this.classes, this.pages, r);
    tt.run();
    this.unplacedHours = tt.unplaced();
    for (const p of this.pages) {
      p.slots.sort((a, b) => a.weekday - b.weekday || a.number - b.number);
      for (const s of p.slots) {
        this.rows.timetable_entries.push({
          school_id: this.schoolId,
          id: this.ids.uuid(),
          page_id: p.id,
          weekday: s.weekday,
          lesson_number: s.number,
          room: this.roomOf(p),
          valid_from: this.startsOn,
          valid_to: null,
        });
      }
    }
  }

  private roomOf(p: PageInfo): string {
    return p.teacher.families[0] === 'primary' ? p.cls.room : p.teacher.room;
  }

  // ── journal: plan, lessons, homework, works, marks, attendance ──

  private addJournal(): void {
    const schoolDays = eachDate(this.startsOn, addDays(this.until, 28)).filter((d) => this.isSchoolDay(d));
    const pastDays = schoolDays.filter((d) => d <= this.until);
    const absences = this.absencePlan(pastDays);
    const rosters = new Map<string, Stay[]>();
    for (const s of this.stays) rosters.set(s.classId, [...(rosters.get(s.classId) ?? []), s]);
    const marks = new Map<string, MarkFact[]>();
    const journal = new JournalWriter(this, this.root.fork('journal'), absences, marks);
    for (const p of this.pages) {
      const plan = this.addPlan(p);
      // Lessons fall inside the periods of the class's scheme: none after the last period ends.
      const days = schoolDays.filter((d) => this.periodOf(p.cls.scheme, d) !== null);
      const slots = days.flatMap((date) => p.slots.filter((s) => s.weekday === weekdayOf(date)).map((s) => ({ date, number: s.number })));
      journal.writePage(p, plan, slots, rosters.get(p.cls.id) ?? []);
    }
    this.markFacts = marks;
  }

  markFacts = new Map<string, MarkFact[]>();

  /** [002 §4.4] the thematic plan: hours × 34 weeks of topics, control and practical works named. */
  private addPlan(p: PageInfo): PlanItem[] {
    const items = planTopics(p.subject.code, p.cls.grade, Math.round(p.hours * 34));
    return items.map((it, i) => {
      const id = this.ids.uuid();
      this.rows.plan_items.push({
        school_id: this.schoolId,
        id,
        page_id: p.id,
        position: i + 1,
        topic: it.topic,
        hours: 1,
        lesson_kind: it.kind,
      });
      return { ...it, id };
    });
  }

  /**
   * Who is away on which day: illness spells of 2–6 days («б»), family reasons («у»); the rest of the
   * absences are single lessons chosen when the lesson is written. Tuned to ~4% of student-lessons.
   */
  private absencePlan(days: IsoDate[]): Map<string, Map<IsoDate, Absence>> {
    const r = this.root.fork('absences');
    const out = new Map<string, Map<IsoDate, Absence>>();
    for (const s of this.students) {
      const plan = new Map<IsoDate, Absence>();
      for (let i = 0; i < days.length; i++) {
        const f = s.absenceFactor;
        if (r.chance(0.0075 * f)) {
          // Ill: the subject teachers may first mark «н»; the class teacher corrects it to «б» at the week's end [000 §4.2].
          const enteredAsN = r.chance(0.4);
          const len = r.int(2, 6);
          for (let k = 0; k < len && i < days.length; k++, i++) plan.set(days[i], { code: 'б', enteredAsN });
          i--;
        } else if (r.chance(0.003 * f)) {
          const len = r.int(1, 2);
          for (let k = 0; k < len && i < days.length; k++, i++) plan.set(days[i], { code: 'у', enteredAsN: false });
          i--;
        }
      }
      out.set(s.id, plan);
    }
    return out;
  }

  // Accessors the journal writer needs.
  get schoolIdValue(): string {
    return this.schoolId;
  }
  uuid(): string {
    return this.ids.uuid();
  }
  get todayValue(): IsoDate {
    return this.opts.today;
  }
  get untilValue(): IsoDate {
    return this.until;
  }
  get schoolSettings(): SchoolSettings {
    return this.settings;
  }
  periodOf(scheme: PeriodScheme, date: IsoDate): PeriodInfo | null {
    return this.periods.find((p) => p.scheme === scheme && p.startsOn <= date && date <= p.endsOn) ?? null;
  }
  classTeacherOf(classId: string): string | null {
    return this.classes.find((c) => c.id === classId)?.teacherId ?? null;
  }

  // ── final marks, closing periods [DOMAIN §6], [004] ──

  /**
   * For every period that ended before today: the period mark of each student still in the class on
   * its last day, proposed from the weighted average of the subject's marks in the period (marks
   * from a previous class of the same year count [DOMAIN §2 history kept]); the period is then closed.
   */
  private addFinalMarksAndClose(): void {
    const r = this.root.fork('finals');
    const admin = this.staff.get('administrator') as PersonInfo;
    for (const period of this.periods) {
      if (period.endsOn >= this.opts.today) {
        this.rows.periods.push(this.periodRow(period, null, null));
        continue;
      }
      const closeDay = minDate(addDays(period.endsOn, 5), this.opts.today);
      const closedAt = at(closeDay, '17:00');
      this.rows.periods.push(this.periodRow(period, closedAt, admin.id));
      this.rows.period_events.push({
        school_id: this.schoolId,
        id: this.ids.uuid(),
        period_id: period.id,
        action: 'close',
        reason: null,
        actor_id: admin.id,
        at: closedAt,
      });
      for (const p of this.pages) {
        if (p.cls.scheme !== period.scheme || p.cls.grade < 2) continue;
        for (const s of this.studentsOnPage(p, period.endsOn)) this.addPeriodMark(r, p, s, period, closeDay);
      }
    }
  }

  private periodRow(p: PeriodInfo, closedAt: string | null, closedBy: string | null): Row {
    return {
      school_id: this.schoolId,
      id: p.id,
      year_id: this.yearId,
      scheme: p.scheme,
      number: p.number,
      name: p.name,
      starts_on: p.startsOn,
      ends_on: p.endsOn,
      closed_at: closedAt,
      closed_by: closedBy,
    };
  }

  private studentsOnPage(p: PageInfo, date: IsoDate): StudentInfo[] {
    return this.stays
      .filter((s) => s.classId === p.cls.id && s.from <= date && (s.to === null || s.to >= date))
      .map((s) => s.student)
      .filter((s) => !p.subgroup || p.subgroup.members.has(s.id))
      .sort(byName);
  }

  private addPeriodMark(r: Rng, p: PageInfo, s: StudentInfo, period: PeriodInfo, closeDay: IsoDate): void {
    const facts = (this.markFacts.get(`${s.id}|${p.subject.code}`) ?? []).filter(
      (m) => m.date >= period.startsOn && m.date <= period.endsOn,
    );
    let value: string;
    let proposed: string | null;
    let average: number | null = null;
    if (p.subject.passFail) {
      // [DOMAIN §4] ОРКСЭ: pass/fail, never averaged.
      value = facts.some((f) => f.value === 'зч') ? 'зч' : 'н/а';
      proposed = value;
    } else if (p.subject.code === 'pe' && s.peReleased) {
      value = 'осв';
      proposed = 'осв';
    } else {
      const proposal = proposePeriodMark(
        facts.map((f) => ({ value: f.value, workType: f.workType })),
        this.settings,
      );
      average = proposal.average;
      proposed = proposal.value;
      value = proposal.value;
      // The teacher confirms the proposal, now and then raising or lowering a borderline one [DOMAIN §6].
      if (average !== null && value !== 'н/а' && Math.abs(average - Math.round(average)) > 0.4 && r.chance(0.25)) {
        value = String(clamp(Number(value) + (average > Number(value) ? 1 : -1), 2, 5));
      }
    }
    // [001 §5.8] due by the end of the period, late after 4 more days: a few teachers are late.
    const late = r.chance(0.02) && daysBetween(period.endsOn, closeDay) >= 5;
    const day = late ? closeDay : minDate(addDays(period.endsOn, r.int(-3, 2)), closeDay);
    this.rows.final_marks.push({
      school_id: this.schoolId,
      id: this.ids.uuid(),
      page_id: p.id,
      subject_id: this.subjectIds.get(p.subject.code),
      student_id: s.id,
      kind: 'period',
      period_id: period.id,
      value,
      proposed_value: proposed,
      average,
      late: late && addDays(period.endsOn, this.settings.finalMarkLateAfterDays) < day,
      confirmed_by: p.teacher.id,
      confirmed_at: at(day, plusMinutes('13:00', r.int(0, 235)) /* before the 17:00 closing */),
    });
  }

  // ── accounts ──

  /**
   * Demo accounts, password «demo», no forced change: one per role, on people chosen so that each
   * screen has something to show (a subject teacher with several classes, a grade-5 class teacher, a
   * parent of two children in different classes).
   */
  private addAccounts(roles: readonly DemoRole[], prefix: string): void {
    for (const role of roles) {
      const who = this.accountHolder(role);
      if (!who) continue;
      const accountId = this.ids.uuid();
      const login = `${prefix}${role}`;
      this.rows.accounts.push({
        id: accountId,
        login,
        password_hash: this.passwordHash,
        must_change_password: false,
        locale: 'ru',
        password_changed_at: this.created,
        created_at: this.created,
      });
      const row = this.rows.persons.find((p) => p.id === who.person.id);
      if (row) row.account_id = accountId;
      who.person.accountId = accountId;
      this.logins.push({ login, role, description: who.description });
    }
  }

  private accountHolder(role: DemoRole): { person: PersonInfo; description: string } | null {
    const short = (p: PersonInfo) => `${p.lastName} ${p.firstName[0]}. ${p.middleName[0]}.`;
    const staff = (k: 'administrator' | 'director' | 'deputy' | 'deputy_ict' | 'archivist', title: string) => {
      const p = this.staff.get(k);
      return p ? { person: p, description: `${title} — ${short(p)}` } : null;
    };
    const classesOf = (t: TeacherInfo) => [...new Set(this.pages.filter((p) => p.teacher === t).map((p) => p.cls.name))].join(', ');
    const classOf = (s: StudentInfo) => {
      const stay = this.stays.find((x) => x.student === s && x.to === null);
      return this.classes.find((c) => c.id === stay?.classId)?.name ?? '';
    };
    switch (role) {
      case 'admin':
        return staff('administrator', 'Администратор электронного журнала');
      case 'director':
        return staff('director', 'Директор школы');
      case 'deputy':
        return staff('deputy', 'Заместитель директора по учебной работе');
      case 'ict':
        return staff('deputy_ict', 'Заместитель директора по ИКТ');
      case 'archivist':
        return staff('archivist', 'Документовед (архив журналов)');
      case 'teacher': {
        const t = this.demoTeacher;
        return t ? { person: t, description: `Учитель математики ${short(t)}: ${classesOf(t)}` } : null;
      }
      case 'classteacher': {
        const c = this.classes.find((x) => x.grade === 5 && x.teacherId) ?? this.classes.find((x) => x.grade >= 5 && x.teacherId);
        const t = c && this.teachers.find((x) => x.id === c.teacherId);
        if (!c || !t) return null;
        const subjects = [...new Set(this.pages.filter((p) => p.teacher === t).map((p) => p.subject.name))].join(', ');
        return { person: t, description: `Классный руководитель ${c.name}, учитель (${subjects}) — ${short(t)}` };
      }
      case 'parent': {
        const f = this.demoFamily;
        return f
          ? { person: f.parent, description: `Родитель двоих детей (${classOf(f.older)} и ${classOf(f.younger)}) — ${short(f.parent)}` }
          : null;
      }
      case 'student': {
        const f = this.demoFamily;
        if (!f) return null;
        const who = f.older.gender === 'f' ? 'Ученица' : 'Ученик';
        return { person: f.older, description: `${who} ${classOf(f.older)} — ${f.older.lastName} ${f.older.firstName}` };
      }
    }
  }
}

interface Bundle {
  cls: ClassInfo;
  family: TeacherFamily;
  subjects: SubjectDef[];
  subgroupIndex: 0 | 1 | null;
  hours: number;
}

interface Absence {
  code: 'б' | 'у';
  /** Entered by the subject teacher as «н» and corrected by the class teacher. */
  enteredAsN: boolean;
}

interface MarkContext {
  periodId: string | null;
  /** Marks per student in the current period of the page. */
  counts: Map<string, number>;
  /** Lessons the page has in a period. */
  expected: number;
  /** One of the page's last two lessons in the period. */
  closing: boolean;
}

interface PlanItem {
  id: string;
  topic: string;
  kind: WorkType | null;
}

// ───────────── thematic plan ─────────────

type SpecialRule = { every: number; kind: WorkType; title: (n: number, topic: string) => string; review?: boolean };

/** Which named works a subject's plan carries [003 §3.2: control, laboratory, practical works named]. */
function specialRules(code: SubjectCode, grade: number): SpecialRule[] {
  if (grade === 1) return []; // [003 §2.8] no marks in grade 1, so no control works either.
  const control = (every: number): SpecialRule => ({
    every,
    kind: 'control',
    title: (n, t) => `Контрольная работа № ${n} по теме «${t}»`,
    review: true,
  });
  const check: SpecialRule = { every: 16, kind: 'test', title: (_n, t) => `Проверочная работа по теме «${t}»` };
  switch (code) {
    case 'russian':
      return [
        { every: 15, kind: 'dictation', title: (n) => `Контрольный диктант № ${n} с грамматическим заданием`, review: true },
        ...(grade >= 5 ? [{ every: 34, kind: 'summary' as const, title: (n: number) => `Развитие речи. Изложение № ${n}` }] : []),
      ];
    case 'literature':
      return [{ every: 14, kind: 'essay', title: (_n, t) => `Сочинение по произведению: ${t}` }];
    case 'math':
    case 'algebra':
    case 'geometry':
      return [control(14)];
    case 'probability':
      return [control(16)];
    case 'english':
      return [control(16)];
    case 'physics':
      return [{ every: 7, kind: 'laboratory', title: (n, t) => `Лабораторная работа № ${n} «${t}»` }, control(16)];
    case 'chemistry':
      return [{ every: 8, kind: 'practical', title: (n, t) => `Практическая работа № ${n} «${t}»` }, control(16)];
    case 'biology':
      return [{ every: 8, kind: 'laboratory', title: (n, t) => `Лабораторная работа № ${n} «${t}»` }, check];
    case 'geography':
      return [{ every: 8, kind: 'practical', title: (n, t) => `Практическая работа № ${n} «${t}»` }, check];
    case 'informatics':
      return [{ every: 5, kind: 'practical', title: (n, t) => `Практическая работа № ${n} «${t}»` }, control(16)];
    case 'pe':
    case 'orkse':
      return [];
    default:
      return [check];
  }
}

/**
 * The year's topics for a page: the subject's list stretched over `count` lessons (a topic over
 * several lessons gets «: закрепление» and the like), with named works every so many lessons, a
 * control work followed by the lesson on its mistakes, and the year closing with revision.
 */
export function planTopics(code: SubjectCode, grade: number, count: number): { topic: string; kind: WorkType | null }[] {
  const base = topicsFor(code, grade, count);
  const rules = specialRules(code, grade);
  const suffixes =
    CONTINUATIONS[code] ?? (['history', 'social', 'world', 'obzr'].includes(code) ? CONTINUATIONS.humanities : CONTINUATIONS.default);
  const specials = rules.reduce((n, rule) => n + Math.floor(count / rule.every) * (rule.review ? 2 : 1), 0);
  const regular = Math.max(1, count - specials);
  // Regular lesson j teaches base topic t; the k-th lesson on a topic adds a continuation suffix.
  const regularTopic = (j: number): string => {
    const t = Math.min(base.length - 1, Math.floor((j * base.length) / regular));
    const k = j - Math.ceil((t * regular) / base.length);
    return k <= 0 ? base[t] : `${base[t]}${suffixes[(k - 1) % suffixes.length]}`;
  };
  const out: { topic: string; kind: WorkType | null }[] = [];
  const numbers = new Map<SpecialRule, number>();
  let j = 0;
  let lastTopic = base[0];
  while (out.length < count) {
    const position = out.length + 1;
    const rule = rules.find((r) => position % r.every === 0);
    if (rule && out.length > 0) {
      const n = (numbers.get(rule) ?? 0) + 1;
      numbers.set(rule, n);
      out.push({ topic: rule.title(n, lastTopic), kind: rule.kind });
      if (rule.review && out.length < count) out.push({ topic: 'Анализ контрольной работы. Работа над ошибками', kind: null });
      continue;
    }
    lastTopic = base[Math.min(base.length - 1, Math.floor((j * base.length) / regular))];
    out.push({ topic: regularTopic(j), kind: null });
    j++;
  }
  if (count > 4) out[count - 1] = { topic: 'Повторение и обобщение изученного за год', kind: null };
  return out;
}

// ───────────── journal writer ─────────────

/**
 * Writes the lessons of one page with their topics, homework, works, marks and attendance, as the
 * teacher would have kept them day by day [003 §3.2], [001 §5.4.1].
 */
class JournalWriter {
  constructor(
    private readonly b: SchoolBuilder,
    private readonly r: Rng,
    private readonly absences: Map<string, Map<IsoDate, Absence>>,
    private readonly facts: Map<string, MarkFact[]>,
  ) {}

  writePage(p: PageInfo, plan: PlanItem[], slots: { date: IsoDate; number: number }[], stays: Stay[]): void {
    const rows = this.b.rows;
    const schoolId = this.b.schoolIdValue;
    const until = this.b.untilValue;
    const today = this.b.todayValue;
    let planPos = 0;
    let ctx: MarkContext = { periodId: null, counts: new Map(), expected: 8, closing: false };
    for (let i = 0; i < slots.length && slots[i].date <= until; i++) {
      const { date, number } = slots[i];
      ctx = this.markContext(p, ctx, date, slots[i + 2]?.date);
      const bell = BELLS[number - 1] ?? BELLS[BELLS.length - 1];
      const lessonId = this.b.uuid();
      const later = slots.slice(i + 1, i + 4).map((s) => s.date);
      // ~3% of lessons lack a topic, for the control report [003 §6.3]; the plan then waits for the next lesson.
      const item = this.r.chance(0.03) ? null : (plan[planPos++] ?? null);
      const topicLate = item !== null && this.r.chance(0.03);
      const topicDay = topicLate ? minDate(addDays(date, this.r.int(1, 4)), today) : date;
      const topicAt = at(topicDay, plusMinutes(bell.endsAt, this.r.int(0, 180)));
      const attendanceTaken = this.r.chance(0.98) ? at(date, plusMinutes(bell.startsAt, this.r.int(1, 10))) : null;
      // [003 §3.2] homework is for the next lesson of the page; none in grade 1 (СанПиН 1.2.3685-21) or after the year's last lesson.
      const due = slots[i + 1]?.date;
      const hwText =
        p.cls.grade > 1 && item && due && this.r.chance(homeworkChance(p.subject.code))
          ? homeworkText(p.subject.code, planPos, p.hours, this.r)
          : null;
      rows.lessons.push({
        school_id: schoolId,
        id: lessonId,
        page_id: p.id,
        date,
        number,
        room: p.teacher.families[0] === 'primary' ? p.cls.room : p.teacher.room,
        topic: item?.topic ?? null,
        plan_item_id: item?.id ?? null,
        origin: 'timetable',
        topic_set_at: item ? topicAt : null,
        created_at: at(date, bell.startsAt),
        updated_at: item ? topicAt : at(date, bell.startsAt),
        attendance_taken_at: attendanceTaken,
        topic_on_time: item ? topicDay === date : null,
        homework_on_time: hwText ? topicDay === date : null,
      });
      if (hwText && due) {
        rows.homework.push({
          school_id: schoolId,
          id: this.b.uuid(),
          lesson_id: lessonId,
          text: hwText,
          due_date: due,
          created_by: p.teacher.id,
          created_at: topicAt,
          updated_at: topicAt,
        });
      }
      const present = this.attendance(p, lessonId, date, number, bell.startsAt, stays);
      // [001 §5.5], [003 §2.8] grade 1 keeps only topics and attendance: no works, no marks.
      if (p.cls.grade === 1) continue;
      this.works(p, lessonId, date, bell.endsAt, item, present, later, ctx);
    }
  }

  /**
   * Marks counted per period: a teacher makes sure everyone has enough marks for the period mark
   * (3 by default [DOMAIN §6]), so subjects with one hour a week ask more students per lesson, and
   * the last two lessons of a period mark whoever still has too few.
   */
  private markContext(p: PageInfo, prev: MarkContext, date: IsoDate, afterNext: IsoDate | undefined): MarkContext {
    const period = this.b.periodOf(p.cls.scheme, date);
    const periodId = period?.id ?? null;
    const counts = periodId === prev.periodId ? prev.counts : new Map<string, number>();
    const weeks = period ? Math.max(1, daysBetween(period.startsOn, period.endsOn) / 7 - 1) : 8;
    const closing = period !== null && (afterNext === undefined || afterNext > period.endsOn);
    return { periodId, counts, expected: Math.max(1, p.hours * weeks), closing };
  }

  /** Attendance entries of the lesson; returns the students present (late ones included). */
  private attendance(p: PageInfo, lessonId: string, date: IsoDate, number: number, start: string, stays: Stay[]): StudentInfo[] {
    const rows = this.b.rows;
    const present: StudentInfo[] = [];
    const enrolled = stays
      .filter((s) => s.from <= date && (s.to === null || s.to >= date) && (!p.subgroup || p.subgroup.members.has(s.student.id)))
      .map((s) => s.student);
    const classTeacher = this.b.classTeacherOf(p.cls.id);
    for (const s of enrolled) {
      const day = this.absences.get(s.id)?.get(date);
      let code: 'н' | 'б' | 'у' | 'оп' | null = day?.code ?? null;
      let minutes: number | null = null;
      if (!code && this.r.chance(0.006 * s.absenceFactor)) code = 'н';
      else if (!code && number <= 2 && this.r.chance(0.006)) {
        code = 'оп';
        minutes = this.r.int(3, 20);
      }
      if (code === null || code === 'оп') present.push(s);
      if (code === null) continue;
      // [000 §4.2] the class teacher corrects the week's «н» to «б» on Friday when the certificate comes.
      const friday = addDays(date, 5 - weekdayOf(date));
      const corrected = day?.enteredAsN === true && friday <= this.b.todayValue && classTeacher !== null;
      const shownCode = day?.enteredAsN && !corrected ? 'н' : code;
      const setAt = at(date, plusMinutes(start, this.r.int(1, 10)));
      rows.attendance.push({
        school_id: this.b.schoolIdValue,
        lesson_id: lessonId,
        student_id: s.id,
        page_id: p.id,
        code: shownCode,
        minutes,
        original_code: corrected ? 'н' : null,
        corrected_by: corrected ? classTeacher : null,
        corrected_at: corrected ? at(friday, '16:30') : null,
        on_time: true,
        version: corrected ? 2 : 1,
        set_by: p.teacher.id,
        created_at: setAt,
        updated_at: corrected ? at(friday, '16:30') : setAt,
      });
    }
    return present;
  }

  /**
   * Works of a lesson [002 §4.4]: the plan's named work (control, dictation, laboratory …) marks every
   * present student; otherwise answers in class mark 3–6 students, and about one lesson in nine adds
   * an independent work or a test for everyone.
   */
  private works(
    p: PageInfo,
    lessonId: string,
    date: IsoDate,
    end: string,
    item: PlanItem | null,
    present: StudentInfo[],
    later: IsoDate[],
    ctx: MarkContext,
  ): void {
    if (present.length === 0) return;
    const want = Math.round((3.2 * present.length) / ctx.expected);
    if (p.subject.passFail) {
      const who = this.chooseAnswering(present, ctx, Math.max(this.r.int(1, 3), want));
      this.work(p, lessonId, date, end, 'class_answer', null, who, later, ctx, () => (this.r.chance(0.97) ? 'зч' : 'нз'));
      return;
    }
    const named = item?.kind ?? null;
    if (named) {
      this.work(p, lessonId, date, end, named, item?.topic ?? null, present, later, ctx);
      return;
    }
    const pe = p.subject.code === 'pe';
    const count = Math.max(this.r.int(3, pe ? 8 : 6), want + this.r.int(-1, 1));
    const who = this.chooseAnswering(
      present.filter((s) => !(pe && s.peReleased)),
      ctx,
      count,
    );
    this.work(p, lessonId, date, end, 'class_answer', null, who, later, ctx);
    if (this.r.chance(1 / 9)) {
      const kind = this.r.pick(['test', 'independent'] as const);
      const title = kind === 'test' ? this.r.pick(['Тест', 'Проверочная работа']) : 'Самостоятельная работа';
      this.work(p, lessonId, date, end, kind, title, present, later, ctx);
    } else if (this.r.chance(1 / 14) && !pe) {
      const who2 = this.chooseAnswering(present, ctx, this.r.int(2, 4));
      this.work(p, lessonId, date, end, 'homework', 'Проверка домашнего задания', who2, later, ctx);
    }
  }

  /**
   * Teachers spread answers over the class: students with fewer marks in the period are asked first;
   * at the period's end everyone still short of marks answers.
   */
  private chooseAnswering(pool: StudentInfo[], ctx: MarkContext, n: number): StudentInfo[] {
    const count = (s: StudentInfo) => ctx.counts.get(s.id) ?? 0;
    const chosen: StudentInfo[] = ctx.closing ? pool.filter((s) => count(s) < 3) : [];
    const left = pool.filter((s) => !chosen.includes(s));
    while (chosen.length < n && left.length > 0) {
      const pick = this.r.weighted(left.map((s) => [s, 1 / (1 + count(s)) ** 2] as const));
      chosen.push(pick);
      left.splice(left.indexOf(pick), 1);
    }
    return chosen.sort(byName);
  }

  private work(
    p: PageInfo,
    lessonId: string,
    date: IsoDate,
    end: string,
    type: WorkType,
    title: string | null,
    students: StudentInfo[],
    later: IsoDate[],
    ctx: MarkContext,
    fixedValue?: (s: StudentInfo) => string,
  ): void {
    const rows = this.b.rows;
    const workId = this.b.uuid();
    rows.works.push({
      school_id: this.b.schoolIdValue,
      id: workId,
      lesson_id: lessonId,
      work_type: type,
      title,
      weight: null,
      created_at: at(date, end),
    });
    const deadline = markEntryDeadline(type, date, later, this.b.schoolSettings);
    for (const s of students) {
      const value = fixedValue ? fixedValue(s) : this.markValue(p, s, type);
      const entered = this.entryDay(date, deadline, type);
      const createdAt = at(
        entered,
        entered === date ? plusMinutes(end, this.r.int(0, 240)) : `${this.r.int(14, 21)}:${this.r.pick(['05', '17', '32', '48'])}`,
      );
      rows.marks.push({
        school_id: this.b.schoolIdValue,
        id: this.b.uuid(),
        work_id: workId,
        lesson_id: lessonId,
        page_id: p.id,
        student_id: s.id,
        value,
        comment: value === '•' ? 'Не сдал работу' : value === '2' && this.r.chance(0.2) ? 'Не выполнено задание' : null,
        // [003 §3.2] on time when entered by the work type's deadline.
        on_time: entered <= deadline,
        version: 1,
        created_by: p.teacher.id,
        updated_by: p.teacher.id,
        created_at: createdAt,
        updated_at: createdAt,
      });
      ctx.counts.set(s.id, (ctx.counts.get(s.id) ?? 0) + 1);
      const key = `${s.id}|${p.subject.code}`;
      const list = this.facts.get(key);
      const fact = { date, value, workType: type };
      if (list) list.push(fact);
      else this.facts.set(key, [fact]);
    }
  }

  /** The day a mark is entered: usually the lesson day (a written work: by its deadline); ~2% late. */
  private entryDay(date: IsoDate, deadline: IsoDate, type: WorkType): IsoDate {
    const today = this.b.todayValue;
    let day = date;
    if (this.r.chance(0.02)) day = addDays(deadline, this.r.int(1, 5));
    else if (type === 'essay' || type === 'summary') day = addDays(date, this.r.int(2, 8));
    else if (type !== 'class_answer' && type !== 'homework' && this.r.chance(0.5)) day = minDate(addDays(date, 1), deadline);
    // A mark is never entered in the future: what is not yet due was entered on the day.
    return day > today ? date : day;
  }

  /**
   * A student's mark: ability plus a subject bias and the day's luck; written works are a little
   * harder. A few «4+»/«5−», a rare «•» (owes the work), «осв» for students released from PE.
   */
  private markValue(p: PageInfo, s: StudentInfo, type: WorkType): string {
    if (p.subject.code === 'pe' && s.peReleased) return 'осв';
    const written = type !== 'class_answer' && type !== 'homework' && type !== 'oral';
    if (written && this.r.chance(0.008)) return '•';
    const shift = (type === 'class_answer' ? 0.15 : written ? -0.2 : 0) + (p.cls.grade <= 4 ? 0.15 : 0);
    const x = s.ability + (s.subjectBias.get(p.subject.code) ?? 0) + shift + this.r.normal(0, 0.7);
    const v = clamp(Math.round(x), 2, 5);
    if (this.r.chance(0.035)) {
      if (v === 5) return '5-';
      if (v === 2) return '2+';
      return `${v}${this.r.chance(0.5) ? '+' : '-'}`;
    }
    return String(v);
  }
}

// ───────────── timetable builder ─────────────

interface Unit {
  id: number;
  cls: ClassInfo;
  pages: PageInfo[];
  teachers: TeacherInfo[];
  hours: number;
  remaining: number;
  perDay: number;
  byDay: number[];
}

/**
 * Greedy slot-by-slot timetabling. A unit is a whole-class page, or both halves of a subgroup subject
 * with two different teachers meeting at once. At each (day, lesson) every class that still needs a
 * lesson that day gets the most urgent unit whose teachers are free; a few shuffled tries per slot
 * keep the one serving most classes. Leftovers are placed anywhere free, or after moving one lesson.
 */
class TimetableBuilder {
  private readonly units: Unit[] = [];
  private readonly classSlots = new Map<string, Map<number, Unit>>();
  private readonly teacherBusy = new Map<string, Set<number>>();
  private readonly target = new Map<string, number[]>();
  private readonly teacherLeft = new Map<string, number>();

  constructor(
    private readonly classes: ClassInfo[],
    pages: PageInfo[],
    private readonly r: Rng,
  ) {
    for (const c of classes) {
      const own = pages.filter((p) => p.cls === c);
      const bySubject = new Map<SubjectCode, PageInfo[]>();
      for (const p of own) bySubject.set(p.subject.code, [...(bySubject.get(p.subject.code) ?? []), p]);
      for (const group of bySubject.values()) {
        const teachers = [...new Set(group.map((p) => p.teacher))];
        if (group.length > 1 && teachers.length < group.length) {
          for (const p of group) this.addUnit(c, [p]);
        } else this.addUnit(c, group);
      }
      this.classSlots.set(c.id, new Map());
      const total = this.units.filter((u) => u.cls === c).reduce((a, u) => a + u.hours, 0);
      const base = Math.floor(total / 5);
      const extra = total - base * 5;
      const heavy = new Set(r.sample([0, 1, 2, 3, 4], extra));
      this.target.set(
        c.id,
        WEEKDAYS.map((_, d) => base + (heavy.has(d) ? 1 : 0)),
      );
    }
  }

  private addUnit(cls: ClassInfo, pages: PageInfo[]): void {
    const hours = pages[0].hours;
    const u: Unit = {
      id: this.units.length,
      cls,
      pages,
      teachers: [...new Set(pages.map((p) => p.teacher))],
      hours,
      remaining: hours,
      perDay: Math.ceil(hours / 5),
      byDay: [0, 0, 0, 0, 0],
    };
    this.units.push(u);
    for (const t of u.teachers) this.teacherLeft.set(t.id, (this.teacherLeft.get(t.id) ?? 0) + hours);
  }

  private static slot(day: number, n: number): number {
    return day * 16 + n;
  }

  private maxNumber(c: ClassInfo): number {
    return c.grade <= 4 ? 5 : c.grade <= 6 ? 6 : 7;
  }

  private teachersFree(u: Unit, s: number, extra?: Set<string>): boolean {
    return u.teachers.every((t) => !this.teacherBusy.get(t.id)?.has(s) && !extra?.has(t.id));
  }

  private place(u: Unit, day: number, n: number): void {
    const s = TimetableBuilder.slot(day, n);
    this.classSlots.get(u.cls.id)?.set(s, u);
    for (const t of u.teachers) {
      const set = this.teacherBusy.get(t.id) ?? new Set<number>();
      set.add(s);
      this.teacherBusy.set(t.id, set);
      this.teacherLeft.set(t.id, (this.teacherLeft.get(t.id) ?? 0) - 1);
    }
    u.remaining--;
    u.byDay[day]++;
  }

  private unplace(u: Unit, day: number, n: number): void {
    const s = TimetableBuilder.slot(day, n);
    this.classSlots.get(u.cls.id)?.delete(s);
    for (const t of u.teachers) {
      this.teacherBusy.get(t.id)?.delete(s);
      this.teacherLeft.set(t.id, (this.teacherLeft.get(t.id) ?? 0) + 1);
    }
    u.remaining++;
    u.byDay[day]--;
  }

  private dayCount(c: ClassInfo, day: number): number {
    let n = 0;
    for (const s of this.classSlots.get(c.id)?.keys() ?? []) if (Math.floor(s / 16) === day) n++;
    return n;
  }

  /** Urgency: hours still to place over the days left, plus how busy the unit's teachers are. */
  private score(u: Unit, day: number, n: number): number {
    const daysLeft = 5 - day;
    const slotsLeft = (4 - day) * 7 + (8 - n);
    const pressure = Math.max(...u.teachers.map((t) => (this.teacherLeft.get(t.id) ?? 0) / Math.max(1, slotsLeft)));
    const forced = u.remaining > (daysLeft - 1) * u.perDay ? 5 : 0;
    return u.remaining / daysLeft + pressure * 2 + forced;
  }

  run(): void {
    for (let day = 0; day < 5; day++) {
      for (let n = 1; n <= 8; n++) this.fillSlot(day, n);
    }
    this.placeLeftovers();
    for (const c of this.classes) {
      for (const [s, u] of this.classSlots.get(c.id) ?? []) {
        for (const p of u.pages) p.slots.push({ weekday: Math.floor(s / 16) + 1, number: s % 16 });
      }
    }
  }

  private fillSlot(day: number, n: number): void {
    const needy = this.classes.filter((c) => this.dayCount(c, day) < (this.target.get(c.id)?.[day] ?? 0));
    if (needy.length === 0) return;
    const s = TimetableBuilder.slot(day, n);
    let best: [ClassInfo, Unit][] = [];
    let bestValue = -1;
    for (let attempt = 0; attempt < 6; attempt++) {
      const order =
        attempt === 0 ? [...needy].sort((a, b) => this.options(a, day, s).length - this.options(b, day, s).length) : this.r.shuffle(needy);
      const busy = new Set<string>();
      const picks: [ClassInfo, Unit][] = [];
      let value = 0;
      for (const c of order) {
        const opts = this.options(c, day, s).filter((u) => this.teachersFree(u, s, busy));
        if (opts.length === 0) continue;
        let top = opts[0];
        let topScore = -1;
        for (const u of opts) {
          const sc = this.score(u, day, n) + (attempt > 0 ? this.r.next() * 0.3 : 0);
          if (sc > topScore) {
            topScore = sc;
            top = u;
          }
        }
        for (const t of top.teachers) busy.add(t.id);
        picks.push([c, top]);
        value += 1000 + topScore;
      }
      if (value > bestValue) {
        bestValue = value;
        best = picks;
      }
    }
    for (const [, u] of best) this.place(u, day, n);
  }

  private options(c: ClassInfo, day: number, s: number): Unit[] {
    return this.units.filter((u) => u.cls === c && u.remaining > 0 && u.byDay[day] < u.perDay && this.teachersFree(u, s));
  }

  /** Hours still unplaced go to a free slot right after the class's day, or take the place of a movable lesson. */
  private placeLeftovers(): void {
    for (const u of this.units) {
      while (u.remaining > 0) {
        if (this.placeFree(u, 0) || this.placeFree(u, 1) || this.placeBySwap(u)) continue;
        break;
      }
    }
  }

  private lastNumber(c: ClassInfo, day: number): number {
    let last = 0;
    for (const s of this.classSlots.get(c.id)?.keys() ?? []) if (Math.floor(s / 16) === day) last = Math.max(last, s % 16);
    return last;
  }

  private placeFree(u: Unit, slack: number): boolean {
    let best: [number, number] | null = null;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let day = 0; day < 5; day++) {
      if (u.byDay[day] >= u.perDay + slack) continue;
      const last = this.lastNumber(u.cls, day);
      for (let n = 1; n <= 8; n++) {
        const s = TimetableBuilder.slot(day, n);
        if (this.classSlots.get(u.cls.id)?.has(s) || !this.teachersFree(u, s)) continue;
        const gap = n > last + 1 ? (n - last - 1) * 10 : 0;
        const cost = gap + n + this.dayCount(u.cls, day) * 2 + (n > this.maxNumber(u.cls) ? 20 : 0);
        if (cost < bestCost) {
          bestCost = cost;
          best = [day, n];
        }
      }
    }
    if (!best) return false;
    this.place(u, best[0], best[1]);
    return true;
  }

  /** Frees a slot where u's teachers are free by moving the class's lesson there to another free slot. */
  private placeBySwap(u: Unit): boolean {
    const slots = this.classSlots.get(u.cls.id) ?? new Map<number, Unit>();
    for (const [s, v] of [...slots]) {
      const day = Math.floor(s / 16);
      if (v === u || !this.teachersFree(u, s) || u.byDay[day] >= u.perDay + 1) continue;
      this.unplace(v, day, s % 16);
      for (let d2 = 0; d2 < 5; d2++) {
        if (v.byDay[d2] >= v.perDay + 1) continue;
        for (let n2 = 1; n2 <= 8; n2++) {
          const s2 = TimetableBuilder.slot(d2, n2);
          if (s2 === s || slots.has(s2) || !this.teachersFree(v, s2)) continue;
          this.place(v, d2, n2);
          this.place(u, day, s % 16);
          return true;
        }
      }
      this.place(v, day, s % 16);
    }
    return false;
  }

  unplaced(): number {
    return this.units.reduce((a, u) => a + u.remaining, 0);
  }
}

// ───────────── helpers ─────────────

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

const RU = new Intl.Collator('ru');

function byName(a: PersonInfo, b: PersonInfo): number {
  return RU.compare(a.lastName, b.lastName) || RU.compare(a.firstName, b.firstName) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function removeOne<T>(arr: T[], item: T): T[] {
  const i = arr.indexOf(item);
  return i < 0 ? arr : [...arr.slice(0, i), ...arr.slice(i + 1)];
}

// ───────────── public API ─────────────

/** Every row of one demo school, without touching a database (the password hash is passed in). */
export function buildSchoolData(opts: GenerateOptions, passwordHash: string): SchoolData {
  if (opts.classesPerGrade.length !== 11) throw new RangeError('classesPerGrade: нужно 11 чисел (классы 1–11)');
  const b = new SchoolBuilder(opts, passwordHash);
  b.build();
  return { schoolId: b.schoolId, rows: b.rows, logins: b.logins, unplacedHours: b.unplacedHours };
}

/** Rows per INSERT: one JSON parameter each, small enough for PGlite's memory, big enough to be fast. */
const BATCH = 5000;

/**
 * Inserts rows through one JSON parameter per batch: `json_populate_recordset` turns it into rows of
 * the table's own type, so columns not listed keep their defaults, on PGlite and PostgreSQL 15 alike.
 */
export async function insertRows(q: Queryable, table: DemoTable, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  const list = cols.join(', ');
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    await q.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)`, [
      JSON.stringify(chunk),
    ]);
  }
}

/**
 * Creates one demo school in `db` (empty or not) in one transaction and returns its id, the rows
 * written per table and the demo logins (password «demo») when `withAccounts` is 'demo'.
 */
export async function generateSchool(db: Db, opts: GenerateOptions): Promise<GenerateResult> {
  const hash = opts.withAccounts === 'demo' ? await hashPassword(DEMO_PASSWORD) : '';
  const data = buildSchoolData(opts, hash);
  await db.tx(async (tx) => {
    for (const table of TABLE_ORDER) await insertRows(tx, table, data.rows[table]);
  });
  const counts = Object.fromEntries(TABLE_ORDER.map((t) => [t, data.rows[t].length]));
  return {
    schoolId: data.schoolId,
    counts,
    logins: data.logins.map((l) => ({ ...l, password: DEMO_PASSWORD })),
    unplacedHours: data.unplacedHours,
  };
}
