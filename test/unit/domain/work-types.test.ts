import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../../src/domain/school-settings';
import { isWorkType, WORK_TYPE_INFO, WORK_TYPES, workTypeDeadlineRule, workTypeName, workTypeWeight } from '../../../src/domain/work-types';

const defaults = resolveSettings();

describe('work types', () => {
  it('[002 §4.4] lists the fourteen work types with Russian names', () => {
    expect(WORK_TYPES).toHaveLength(14);
    for (const code of WORK_TYPES) expect(WORK_TYPE_INFO[code].code).toBe(code);
    expect(workTypeName('control')).toBe('Контрольная работа');
    expect(workTypeName('summary')).toBe('Изложение');
  });

  it.each([
    ['class_answer', 1],
    ['homework', 1],
    ['independent', 1.5],
    ['test', 1.5],
    ['control', 2],
    ['laboratory', 1.5],
    ['practical', 1.5],
    ['dictation', 2],
    ['essay', 2],
    ['summary', 2],
    ['project', 2],
    ['oral', 1],
    ['exam', 3],
    ['other', 1],
  ])('[DOMAIN §4] default weight of %s is %d', (type, weight) => {
    expect(workTypeWeight(type, defaults)).toBe(weight);
  });

  it.each([
    ['class_answer', 'same_day'],
    ['homework', 'same_day'],
    ['oral', 'same_day'],
    ['other', 'same_day'],
    ['project', 'same_day'],
    ['test', 'two_lessons'],
    ['independent', 'two_lessons'],
    ['control', 'next_lesson'],
    ['laboratory', 'next_lesson'],
    ['practical', 'next_lesson'],
    ['dictation', 'next_lesson'],
    ['exam', 'next_lesson'],
    ['essay', 'ten_days'],
    ['summary', 'ten_days'],
  ])('[003 §3.2] default deadline of %s is %s', (type, rule) => {
    expect(workTypeDeadlineRule(type, defaults)).toBe(rule);
  });

  it('school settings override weights and deadlines of single types', () => {
    const s = resolveSettings({ weights: { control: 3 }, deadlines: { essay: 'next_lesson' } });
    expect(workTypeWeight('control', s)).toBe(3);
    expect(workTypeWeight('test', s)).toBe(1.5);
    expect(workTypeDeadlineRule('essay', s)).toBe('next_lesson');
    expect(workTypeDeadlineRule('summary', s)).toBe('ten_days');
  });

  it('an unknown code behaves as «другое»', () => {
    expect(isWorkType('quiz')).toBe(false);
    expect(isWorkType('test')).toBe(true);
    expect(workTypeWeight('quiz', defaults)).toBe(1);
    expect(workTypeDeadlineRule('quiz', defaults)).toBe('same_day');
    expect(workTypeName('quiz')).toBe('Другое');
  });
});
