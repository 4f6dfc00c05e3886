import { z } from 'zod';

export const errorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
  })
  .meta({ id: 'Error' });

export const roleSchema = z.enum(['administrator', 'director', 'deputy', 'deputy_ict', 'teacher', 'student', 'parent', 'archivist']);

const personRef = z.object({
  id: z.uuid(),
  schoolId: z.uuid(),
  name: z.string(),
  classId: z.uuid().nullable(),
  className: z.string().nullable(),
  schoolName: z.string(),
});

export const meSchema = z
  .object({
    id: z.uuid(),
    login: z.string(),
    displayName: z.string(),
    locale: z.string(),
    mustChangePassword: z.boolean(),
    totpSetupRequired: z.boolean(),
    totpEnabled: z.boolean(),
    schools: z.array(z.object({ id: z.uuid(), name: z.string(), shortName: z.string(), personId: z.uuid(), roles: z.array(roleSchema) })),
    children: z.array(personRef),
    student: personRef.nullable(),
    classTeacherOf: z.array(z.object({ id: z.uuid(), schoolId: z.uuid(), name: z.string() })),
  })
  .meta({ id: 'Me' });

export const loginBody = z.object({
  login: z.string().trim().min(1, 'Введите логин').max(100),
  password: z.string().min(1, 'Введите пароль').max(200),
  totp: z.string().trim().max(10).optional(),
  /** API clients (mobile apps) ask for the session token in the body to use as a Bearer token. */
  tokenInBody: z.boolean().optional(),
});

export const loginResponse = z.object({ user: meSchema, csrfToken: z.string(), token: z.string().optional() });
