import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/db/client';
import type { makeAccessWorld } from '../fixtures/factories';
import { type Client, signIn } from '../helpers/test-app';
import type { ParamKind, RoleName } from './access-matrix';

export type World = Awaited<ReturnType<typeof makeAccessWorld>>;

/** One object of the world: its id and the school it lives in (to pick that school's period or year for queries). */
export interface Obj {
  id: string;
  school: 'A' | 'B';
}

/** The objects each parameter kind is filled with, by relation (see the legend in access-matrix.ts). */
export function objectsOf(
  w: World,
  selfIds: Record<RoleName, string | undefined>,
): Record<ParamKind, Record<string, Obj | ((role: RoleName) => Obj | undefined)>> {
  const inA = (id: string): Obj => ({ id, school: 'A' });
  const inB = (id: string): Obj => ({ id, school: 'B' });
  return {
    none: { any: inA(randomUUID()) },
    missing: { missing: inA(randomUUID()) },
    class: { A5: inA(w.a.classId), A6: inA(w.a.otherClassId), B: inB(w.b.classId) },
    page: { A5: inA(w.a.pageId), A6: inA(w.a.otherPageId), B: inB(w.b.pageId) },
    load: { A5: inA(w.a.pageId), A6: inA(w.a.otherPageId), B: inB(w.b.pageId) },
    lesson: { sub: inA(w.lessonSub), A5: inA(w.lessonA5), A6: inA(w.lessonA6), B: inB(w.lessonB) },
    work: { A5: inA(w.markA5.workId), A6: inA(w.markA6.workId), B: inB(w.markB.workId) },
    mark: { A5: inA(w.markA5.markId), A6: inA(w.markA6.markId), B: inB(w.markB.markId) },
    file: { A5: inA(w.fileA5), A6: inA(w.fileA6), B: inB(w.fileB) },
    student: {
      child: inA(w.a.student.id),
      classmate: inA(w.a.classmate.id),
      sibling: inA(w.a.otherStudent.id),
      childB: inB(w.b.student.id),
    },
    person: {
      self: (role) => (selfIds[role] ? inA(selfIds[role] as string) : undefined),
      child: inA(w.a.student.id),
      staff: inA(w.a.otherTeacher.id),
      B: inB(w.b.teacher.id),
    },
    account: { student: inA(w.victimStudentA.id), staff: inA(w.victimStaffA.id), B: inB(w.victimB.id) },
    parent: { parent1: inA(w.a.parent.id), parent2: inA(w.parent2.id), B: inB(w.b.parent.id) },
    year: { A: inA(w.a.year.id), B: inB(w.b.year.id) },
    period: { A: inA(w.periodA), B: inB(w.periodB) },
    holiday: { A: inA(w.holidayA), B: inB(w.holidayB) },
    subject: { A: inA(w.a.math), B: inB(w.b.math) },
    subgroup: { A5: inA(w.subgroupA5), A6: inA(w.subgroupA6), B: inB(w.subgroupB) },
    school: { A: inA(w.a.schoolId), B: inB(w.b.schoolId) },
  };
}

export interface Actors {
  clients: Partial<Record<RoleName, Client>>;
  selfIds: Record<RoleName, string | undefined>;
}

/** Signs every role in once; the blocked user is blocked after signing in, so their live session must stop working. */
export async function signInRoles(app: FastifyInstance, db: Db, w: World): Promise<Actors> {
  const people: Record<Exclude<RoleName, 'anon'>, { id: string; login: string; password: string }> = {
    student: w.a.student,
    parent1: w.a.parent,
    parent2: w.parent2,
    subjectTeacher: w.a.teacher,
    classTeacher: w.a.classTeacher,
    substitute: w.substitute,
    deputy: w.a.deputy,
    director: w.a.director,
    admin: w.a.admin,
    blocked: w.blocked,
  };
  const clients: Partial<Record<RoleName, Client>> = {};
  const selfIds = { anon: undefined } as Record<RoleName, string | undefined>;
  for (const [role, p] of Object.entries(people) as [Exclude<RoleName, 'anon'>, (typeof people)['admin']][]) {
    clients[role] = await signIn(app, p.login, p.password);
    selfIds[role] = p.id;
  }
  await db.query('UPDATE accounts SET blocked_at = now() WHERE id = (SELECT account_id FROM persons WHERE id = $1)', [w.blocked.id]);
  return { clients, selfIds };
}

export async function send(
  app: FastifyInstance,
  c: Client | undefined,
  method: string,
  url: string,
  body: unknown,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = c ? { cookie: c.cookie, 'x-csrf-token': c.csrf } : {};
  const hasBody = method !== 'GET' && method !== 'DELETE';
  return app.inject({ method: method as 'GET', url, headers, ...(hasBody ? { payload: (body ?? {}) as object } : {}) });
}
