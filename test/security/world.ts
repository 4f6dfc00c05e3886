import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/db/client';
import { makeAccessWorld } from '../fixtures/factories';
import { type Client, signIn } from '../helpers/test-app';
import type { ParamKind, RoleName } from './access-matrix';

export type World = Awaited<ReturnType<typeof makeAccessWorld>>;

/** One object of the world: its id and the school it lives in (to pick that school's period or year for queries). */
export interface Obj {
  id: string;
  school: 'A' | 'B';
}

/** The objects each parameter kind is filled with, by relation (see the legend in access-matrix.ts). */
export function objectsOf(w: World, selfIds: Record<RoleName, string | undefined>): Record<ParamKind, Record<string, Obj | ((role: RoleName) => Obj | undefined)>> {
  const A = (id: string): Obj => ({ id, school: 'A' });
  const B = (id: string): Obj => ({ id, school: 'B' });
  return {
    none: { any: A(randomUUID()) },
    missing: { missing: A(randomUUID()) },
    class: { A5: A(w.a.classId), A6: A(w.a.otherClassId), B: B(w.b.classId) },
    page: { A5: A(w.a.pageId), A6: A(w.a.otherPageId), B: B(w.b.pageId) },
    load: { A5: A(w.a.pageId), A6: A(w.a.otherPageId), B: B(w.b.pageId) },
    lesson: { sub: A(w.lessonSub), A5: A(w.lessonA5), A6: A(w.lessonA6), B: B(w.lessonB) },
    work: { A5: A(w.markA5.workId), A6: A(w.markA6.workId), B: B(w.markB.workId) },
    mark: { A5: A(w.markA5.markId), A6: A(w.markA6.markId), B: B(w.markB.markId) },
    file: { A5: A(w.fileA5), A6: A(w.fileA6), B: B(w.fileB) },
    student: { child: A(w.a.student.id), classmate: A(w.a.classmate.id), sibling: A(w.a.otherStudent.id), childB: B(w.b.student.id) },
    person: {
      self: (role) => (selfIds[role] ? A(selfIds[role] as string) : undefined),
      child: A(w.a.student.id),
      staff: A(w.a.otherTeacher.id),
      B: B(w.b.teacher.id),
    },
    account: { student: A(w.victimStudentA.id), staff: A(w.victimStaffA.id), B: B(w.victimB.id) },
    parent: { parent1: A(w.a.parent.id), parent2: A(w.parent2.id), B: B(w.b.parent.id) },
    year: { A: A(w.a.year.id), B: B(w.b.year.id) },
    period: { A: A(w.periodA), B: B(w.periodB) },
    holiday: { A: A(w.holidayA), B: B(w.holidayB) },
    subject: { A: A(w.a.math), B: B(w.b.math) },
    subgroup: { A5: A(w.subgroupA5), A6: A(w.subgroupA6), B: B(w.subgroupB) },
    school: { A: A(w.a.schoolId), B: B(w.b.schoolId) },
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

export async function send(app: FastifyInstance, c: Client | undefined, method: string, url: string, body: unknown): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = c ? { cookie: c.cookie, 'x-csrf-token': c.csrf } : {};
  const hasBody = method !== 'GET' && method !== 'DELETE';
  return app.inject({ method: method as 'GET', url, headers, ...(hasBody ? { payload: (body ?? {}) as object } : {}) });
}
