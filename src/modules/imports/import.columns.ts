import type { Role } from '../../domain/policy';

/**
 * Column headers the import understands, per kind of file, in Russian (as schools name them) and
 * English. Headers are compared lower-cased, «ё» as «е», without punctuation and extra spaces.
 * Columns not listed are ignored and reported.
 */

export const IMPORT_KINDS = ['classes', 'students', 'parents', 'staff'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type Field =
  | 'fullName'
  | 'lastName'
  | 'firstName'
  | 'middleName'
  | 'birthDate'
  | 'gender'
  | 'phone'
  | 'email'
  | 'address'
  | 'externalId'
  | 'className'
  | 'grade'
  | 'letter'
  | 'classTeacher'
  | 'scheme'
  | 'enrollFrom'
  | 'order'
  | 'childFullName'
  | 'childBirthDate'
  | 'childExternalId'
  | 'relation'
  | 'roles'
  | 'doc:birthCertificate'
  | 'doc:passport'
  | 'doc:snils'
  | 'doc:policy';

const PERSON: Partial<Record<Field, string[]>> = {
  fullName: ['фио', 'фамилия имя отчество', 'full name', 'fullname'],
  lastName: ['фамилия', 'last name', 'lastname', 'surname'],
  firstName: ['имя', 'first name', 'firstname', 'given name'],
  middleName: ['отчество', 'middle name', 'middlename', 'patronymic'],
  birthDate: ['дата рождения', 'др', 'birth date', 'birthdate', 'date of birth', 'birthday'],
  gender: ['пол', 'gender', 'sex'],
  phone: ['телефон', 'тел', 'мобильный телефон', 'контактный телефон', 'phone', 'mobile'],
  email: ['email', 'e-mail', 'e mail', 'эл почта', 'электронная почта', 'почта', 'mail'],
  address: ['адрес', 'адрес проживания', 'адрес регистрации', 'address'],
  externalId: ['id', 'внешний id', 'внешний идентификатор', 'идентификатор', 'код', 'уникальный номер', 'external id', 'externalid'],
};

const DOCS: Partial<Record<Field, string[]>> = {
  'doc:birthCertificate': ['свидетельство о рождении', 'св во о рождении', 'birth certificate'],
  'doc:passport': ['паспорт', 'passport'],
  'doc:snils': ['снилс', 'snils'],
  'doc:policy': ['полис омс', 'омс', 'полис'],
};

/** Document fields as stored in persons.documents. */
export const DOC_NAMES: Record<string, string> = {
  'doc:birthCertificate': 'Свидетельство о рождении',
  'doc:passport': 'Паспорт',
  'doc:snils': 'СНИЛС',
  'doc:policy': 'Полис ОМС',
};

export const COLUMNS: Record<ImportKind, Partial<Record<Field, string[]>>> = {
  classes: {
    className: ['класс', 'class', 'название класса'],
    grade: ['параллель', 'grade'],
    letter: ['буква', 'литера', 'letter'],
    classTeacher: ['классный руководитель', 'кл руководитель', 'class teacher'],
    scheme: ['схема периодов', 'периоды', 'аттестация', 'scheme'],
  },
  students: {
    ...PERSON,
    ...DOCS,
    className: ['класс', 'class'],
    enrollFrom: ['дата зачисления', 'зачислен с', 'дата прибытия', 'enrolled from'],
    order: ['приказ', 'номер приказа', 'приказ о зачислении', 'order'],
  },
  parents: {
    ...PERSON,
    ...DOCS,
    childFullName: ['ребенок', 'фио ребенка', 'ученик', 'фио ученика', 'child'],
    childBirthDate: ['дата рождения ребенка', 'дата рождения ученика', 'child birth date'],
    childExternalId: ['id ребенка', 'внешний id ребенка', 'id ученика', 'child id'],
    relation: ['кем приходится', 'степень родства', 'родство', 'relation'],
  },
  staff: {
    ...PERSON,
    roles: ['роль', 'роли', 'должность', 'role', 'roles', 'position'],
  },
};

/** A header as compared: lower case, «ё» → «е», punctuation → space, single spaces. */
export function headerKey(h: string): string {
  return h
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Which column holds which field; headers not recognised are reported as ignored. */
export function mapColumns(kind: ImportKind, headers: string[]) {
  const known = COLUMNS[kind];
  const index: Partial<Record<Field, number>> = {};
  const recognized: { column: string; field: Field }[] = [];
  const ignored: string[] = [];
  const duplicated: string[] = [];
  headers.forEach((h, i) => {
    const key = headerKey(h);
    const field = (Object.keys(known) as Field[]).find((f) => known[f]!.some((a) => headerKey(a) === key));
    if (!field) {
      if (h.trim()) ignored.push(h);
      return;
    }
    if (index[field] !== undefined) {
      duplicated.push(h);
      return;
    }
    index[field] = i;
    recognized.push({ column: h, field });
  });
  return { index, recognized, ignored, duplicated };
}

const ROLE_WORDS: [RegExp, Role][] = [
  [/администратор|координатор|administrator|admin/, 'administrator'],
  [/директор(?!а)|^director$/, 'director'],
  [/икт|информатизац|deputy ict/, 'deputy_ict'],
  [/завуч|заместитель директора|зам директора|увр|deputy/, 'deputy'],
  [/документовед|архивариус|архивист|archivist/, 'archivist'],
  [/учитель|педагог|преподаватель|teacher/, 'teacher'],
];

/** «учитель, классный руководитель; завуч» → roles; unknown words come back separately. */
export function parseRoles(value: string): { roles: Role[]; unknown: string[] } {
  const roles = new Set<Role>();
  const unknown: string[] = [];
  for (const part of value
    .split(/[,;/+]/)
    .map((p) => p.trim().toLowerCase().replace(/ё/g, 'е'))
    .filter(Boolean)) {
    if (/классн\w* руковод/.test(part)) continue; // a class teacher is assigned per class, not a role
    const hit = ROLE_WORDS.find(([re]) => re.test(part));
    if (hit) roles.add(hit[1]);
    else unknown.push(part);
  }
  return { roles: [...roles], unknown };
}

/** «м», «муж», «мужской», «m» → 'm'; «ж», «жен» → 'f'. */
export function parseGender(value: string): 'm' | 'f' | null | 'bad' {
  const v = value.trim().toLowerCase();
  if (!v) return null;
  if (/^(м|муж|мужской|m|male)\.?$/.test(v)) return 'm';
  if (/^(ж|жен|женский|f|female)\.?$/.test(v)) return 'f';
  return 'bad';
}

export function parseScheme(value: string): 'quarter' | 'half' | 'trimester' | null | 'bad' {
  const v = value.trim().toLowerCase();
  if (!v) return null;
  if (/четверт|quarter/.test(v)) return 'quarter';
  if (/полугод|half/.test(v)) return 'half';
  if (/триместр|trimester/.test(v)) return 'trimester';
  return 'bad';
}

/** «Иванов Пётр Сергеевич» → parts (the first word is the surname). */
export function splitFullName(value: string): { lastName: string; firstName: string; middleName: string | null } | null {
  const parts = value.trim().split(/\s+/).filter(Boolean);
  if (parts.length < 2) return null;
  return { lastName: parts[0], firstName: parts[1], middleName: parts.slice(2).join(' ') || null };
}
