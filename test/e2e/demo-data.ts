import type { Db } from '../../src/db/client';
import { seedDemo } from '../../src/db/demo/seed';

/** Demo accounts the journeys sign in as (all with password `demo`), and the home heading of each. */
export const DEMO_USERS = [
  { login: 'admin', heading: 'Администрирование школы' },
  { login: 'director', heading: 'Директор: обзор школы' },
  { login: 'deputy', heading: 'Заместитель директора: контроль' },
  { login: 'teacher', heading: 'Мои классы' },
  { login: 'classteacher', heading: 'Мой класс' },
  { login: 'parent', heading: 'Дневник ребёнка' },
  { login: 'student', heading: 'Мой дневник' },
  { login: 'ict', heading: 'Заместитель по ИКТ' },
  { login: 'archivist', heading: 'Архив' },
] as const;
export const DEMO_PASSWORD = 'demo';

/** The demo school of src/db/demo/seed — the same data a school sees on first start. */
export async function seedDemoSchool(db: Db) {
  await seedDemo(db, { size: 'demo' });
}
