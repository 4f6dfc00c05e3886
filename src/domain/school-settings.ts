/**
 * School settings: where the rules differ between schools [DOMAIN intro], each has the default
 * given in DOMAIN.md. Stored as a partial object (only what a school changed) and resolved here.
 */
import { z } from 'zod';
import { DEADLINE_RULES, WORK_TYPES } from './work-types';

export const schoolSettingsSchema = z.object({
  /** [DOMAIN §4] weighted average by default; a school may switch to the plain one. */
  averageMode: z.enum(['weighted', 'plain']),
  /** [DOMAIN §4] «5−» counts as 5 ('base') or as 4.75 ('quarter', capped at 5). */
  plusMinusMode: z.enum(['base', 'quarter']),
  /** [DOMAIN §4] the mark «1» only where the school allows it. */
  allowOne: z.boolean(),
  /** [DOMAIN §6] fractional part from which an average rounds up: x.50 or x.60. */
  roundingBorder: z.union([z.literal(0.5), z.literal(0.6)]),
  /** [DOMAIN §6] fewer numeric marks than this → the proposal is «н/а». */
  minMarksForPeriod: z.number().int().min(1).max(50),
  /** [001 §5.8] final marks are late this many days after the period ends. */
  finalMarkLateAfterDays: z.number().int().min(0).max(60),
  /** [DOMAIN §3] days after a lesson during which it may still be edited; null = until the period closes. */
  editWindowDays: z.number().int().min(0).max(366).nullable(),
  /** [DOMAIN §4] weights per work type; a missing type keeps its default (column works.weight is numeric(3,1)). */
  weights: z.partialRecord(z.enum(WORK_TYPES), z.number().min(0.1).max(10)),
  /** [003 §3.2] deadline rule per work type; a missing type keeps its default. */
  deadlines: z.partialRecord(z.enum(WORK_TYPES), z.enum(DEADLINE_RULES)),
  /** [004 teacher] staff may be made to sign in with a second factor. */
  totpRequiredForStaff: z.boolean(),
  /** Administrators must sign in with TOTP (on by default; the demo school turns it off). */
  adminTotpRequired: z.boolean(),
  /**
   * [002 §4.6] the school's last grade: 11 for a secondary school (средняя), 9 for a basic one (основная),
   * 4 for a primary one; at the year-end transfer the classes of this grade graduate.
   */
  lastGrade: z.union([z.literal(4), z.literal(9), z.literal(11)]),
});

/** What a school stores or sends: any subset of the settings. */
export const schoolSettingsInputSchema = schoolSettingsSchema.partial();

export type SchoolSettings = z.infer<typeof schoolSettingsSchema>;
export type SchoolSettingsInput = z.infer<typeof schoolSettingsInputSchema>;

export const DEFAULT_SCHOOL_SETTINGS: Readonly<SchoolSettings> = Object.freeze({
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

/** Defaults overlaid with what the school changed; `undefined` fields keep the default, `null` edit window means none. */
export function resolveSettings(partial?: SchoolSettingsInput | null): SchoolSettings {
  const defined = Object.fromEntries(Object.entries(partial ?? {}).filter(([, v]) => v !== undefined));
  return {
    ...DEFAULT_SCHOOL_SETTINGS,
    ...defined,
    weights: { ...partial?.weights },
    deadlines: { ...partial?.deadlines },
  };
}
