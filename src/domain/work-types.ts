/**
 * Work types (типы заданий): every mark is given for a piece of work with its type [002 §4.4];
 * the type sets the default weight [DOMAIN §4] and the deadline for entering marks [003 §3.2].
 */
import type { SchoolSettings } from './school-settings';

export const WORK_TYPES = [
  'class_answer',
  'homework',
  'independent',
  'test',
  'control',
  'laboratory',
  'practical',
  'dictation',
  'essay',
  'summary',
  'project',
  'oral',
  'exam',
  'other',
] as const;
export type WorkType = (typeof WORK_TYPES)[number];

/** [003 §3.2] the four deadline rules for entering marks. */
export const DEADLINE_RULES = ['same_day', 'next_lesson', 'two_lessons', 'ten_days'] as const;
export type DeadlineRule = (typeof DEADLINE_RULES)[number];

export const DEADLINE_RULE_NAMES: Record<DeadlineRule, string> = {
  same_day: 'в день урока',
  next_lesson: 'к следующему уроку',
  two_lessons: 'в течение двух уроков',
  ten_days: 'в течение десяти дней',
};

export interface WorkTypeInfo {
  code: WorkType;
  name: string;
  weight: number;
  deadline: DeadlineRule;
}

const info = (code: WorkType, name: string, weight: number, deadline: DeadlineRule): [WorkType, WorkTypeInfo] => [
  code,
  { code, name, weight, deadline },
];

/** Defaults: weights from [DOMAIN §4], deadlines from [003 §3.2]; a school overrides both in its settings. */
export const WORK_TYPE_INFO: Readonly<Record<WorkType, WorkTypeInfo>> = Object.fromEntries([
  info('class_answer', 'Ответ на уроке', 1, 'same_day'),
  info('homework', 'Домашняя работа', 1, 'same_day'),
  info('independent', 'Самостоятельная работа', 1.5, 'two_lessons'),
  info('test', 'Тест, проверочная работа', 1.5, 'two_lessons'),
  info('control', 'Контрольная работа', 2, 'next_lesson'),
  info('laboratory', 'Лабораторная работа', 1.5, 'next_lesson'),
  info('practical', 'Практическая работа', 1.5, 'next_lesson'),
  info('dictation', 'Диктант', 2, 'next_lesson'),
  info('essay', 'Сочинение', 2, 'ten_days'),
  info('summary', 'Изложение', 2, 'ten_days'),
  info('project', 'Проект', 2, 'same_day'),
  info('oral', 'Устный опрос', 1, 'same_day'),
  info('exam', 'Экзамен', 3, 'next_lesson'),
  info('other', 'Другое', 1, 'same_day'),
]) as Record<WorkType, WorkTypeInfo>;

export function isWorkType(value: string): value is WorkType {
  return (WORK_TYPES as readonly string[]).includes(value);
}

/** Unknown codes (e.g. from an older import) behave as «другое» rather than failing a whole average. */
function known(workType: string): WorkType {
  return isWorkType(workType) ? workType : 'other';
}

export function workTypeName(workType: string): string {
  return WORK_TYPE_INFO[known(workType)].name;
}

/** [DOMAIN §4] weight of a work type: the school's setting, else the default. */
export function workTypeWeight(workType: string, settings: Pick<SchoolSettings, 'weights'>): number {
  const code = known(workType);
  return settings.weights[code] ?? WORK_TYPE_INFO[code].weight;
}

/** [003 §3.2] deadline rule of a work type: the school's setting, else the default. */
export function workTypeDeadlineRule(workType: string, settings: Pick<SchoolSettings, 'deadlines'>): DeadlineRule {
  const code = known(workType);
  return settings.deadlines[code] ?? WORK_TYPE_INFO[code].deadline;
}
