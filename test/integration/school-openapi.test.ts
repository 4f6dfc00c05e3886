import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/test-app';

/** The web UI is built from the OpenAPI document: every school-administration endpoint is in it, with a Russian summary. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const ENDPOINTS = [
  'get /api/years',
  'post /api/years',
  'get /api/years/{id}',
  'put /api/years/{id}/periods',
  'post /api/years/{id}/holidays',
  'post /api/periods/{id}/close',
  'post /api/periods/{id}/reopen',
  'post /api/years/{id}/close-and-promote',
  'get /api/subjects',
  'put /api/years/{id}/curriculum',
  'post /api/classes',
  'put /api/classes/{id}/class-teacher',
  'put /api/subgroups/{id}/members',
  'post /api/loads',
  'put /api/bells',
  'post /api/timetable',
  'post /api/lessons/extra',
  'post /api/lessons/{id}/move',
  'put /api/lessons/{id}/substitute',
  'post /api/people',
  'get /api/people/{id}',
  'post /api/credentials/issue',
  'post /api/credentials/slips.pdf',
  'post /api/accounts/{personId}/block',
  'post /api/students/{id}/movements',
  'get /api/audit',
  'post /api/import/preview',
  'post /api/import/commit',
];

describe('OpenAPI of the school administration', () => {
  it('documents every endpoint with a summary in Russian', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, { summary?: string }>>;
    for (const e of ENDPOINTS) {
      const [method, path] = e.split(' ');
      expect(paths[path]?.[method]?.summary, e).toMatch(/[А-Яа-яЁё]/);
    }
  });
});
