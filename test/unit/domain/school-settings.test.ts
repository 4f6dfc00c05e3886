import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHOOL_SETTINGS,
  resolveSettings,
  schoolSettingsInputSchema,
  schoolSettingsSchema,
} from '../../../src/domain/school-settings';

describe('school settings', () => {
  it('[DOMAIN §4, §6] defaults: weighted, «5−» = 5, no «1», border x.50, 3 marks, 4 days, no edit window, last grade 11', () => {
    expect(resolveSettings()).toEqual({
      averageMode: 'weighted',
      plusMinusMode: 'base',
      allowOne: false,
      roundingBorder: 0.5,
      minMarksForPeriod: 3,
      finalMarkLateAfterDays: 4,
      editWindowDays: null,
      weights: {},
      deadlines: {},
      totpRequiredForStaff: false,
      adminTotpRequired: true,
      lastGrade: 11,
    });
    expect(schoolSettingsSchema.parse(DEFAULT_SCHOOL_SETTINGS)).toEqual(DEFAULT_SCHOOL_SETTINGS);
  });

  it('merges a partial object; undefined keeps the default, null edit window stays null', () => {
    const s = resolveSettings({
      averageMode: 'plain',
      roundingBorder: 0.6,
      editWindowDays: undefined,
      weights: { exam: 4 },
    });
    expect(s.averageMode).toBe('plain');
    expect(s.roundingBorder).toBe(0.6);
    expect(s.editWindowDays).toBeNull();
    expect(s.minMarksForPeriod).toBe(3);
    expect(s.weights).toEqual({ exam: 4 });
    expect(resolveSettings({ editWindowDays: 7 }).editWindowDays).toBe(7);
    expect(resolveSettings(null)).toEqual(resolveSettings({}));
  });

  it('does not share the defaults object with callers', () => {
    const s = resolveSettings();
    s.weights.control = 5;
    expect(resolveSettings().weights).toEqual({});
  });

  it.each([
    [{ averageMode: 'median' }],
    [{ plusMinusMode: 'half' }],
    [{ roundingBorder: 0.55 }],
    [{ minMarksForPeriod: 0 }],
    [{ minMarksForPeriod: 2.5 }],
    [{ finalMarkLateAfterDays: -1 }],
    [{ editWindowDays: -1 }],
    [{ weights: { control: 0 } }],
    [{ weights: { control: 11 } }],
    [{ weights: { quiz: 1 } }],
    [{ deadlines: { control: 'tomorrow' } }],
    [{ allowOne: 'yes' }],
  ])('rejects %j', (input) => {
    expect(schoolSettingsInputSchema.safeParse(input).success).toBe(false);
  });

  it.each([
    [{}],
    [{ roundingBorder: 0.6 }],
    [{ editWindowDays: null }],
    [{ editWindowDays: 0 }],
    [{ weights: { control: 2.5, exam: 3 }, deadlines: { essay: 'ten_days' } }],
    [{ totpRequiredForStaff: true, allowOne: true, plusMinusMode: 'quarter' }],
  ])('accepts %j', (input) => {
    expect(schoolSettingsInputSchema.safeParse(input).success).toBe(true);
  });
});
