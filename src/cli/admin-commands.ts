import { ConfigError } from '../config';
import type { Db } from '../db/client';
import { hashPassword, oneTimePassword } from '../modules/auth/passwords';

/**
 * Creates an empty school (structure is loaded later by its administrator). The director's name is printed on
 * the paper journal's title and certification pages [002 §4.1]; the administrator can set it later on «Школа».
 */
export async function createSchool(db: Db, name: string, shortName: string, directorName: string | null = null): Promise<string> {
  const [row] = await db.query<{ id: string }>('INSERT INTO schools (name, short_name, director_name) VALUES ($1, $2, $3) RETURNING id', [
    name,
    shortName,
    directorName?.trim() || null,
  ]);
  return row.id;
}

/** Creates a school administrator with a one-time password to be changed at first sign-in [002 §3.2]. */
export async function createAdmin(db: Db, a: { schoolId: string; login: string; lastName: string; firstName: string }): Promise<string> {
  const [school] = await db.query('SELECT id FROM schools WHERE id::text = $1', [a.schoolId]);
  if (!school) throw new ConfigError(`Школа ${a.schoolId} не найдена`);
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  await db.tx(async (tx) => {
    const [exists] = await tx.query('SELECT 1 FROM accounts WHERE lower(login) = lower($1)', [a.login]);
    if (exists) throw new ConfigError(`Логин ${a.login} уже занят`);
    const [acc] = await tx.query<{ id: string }>(
      'INSERT INTO accounts (login, password_hash, must_change_password) VALUES ($1, $2, true) RETURNING id',
      [a.login, hash],
    );
    const [p] = await tx.query<{ id: string }>(
      'INSERT INTO persons (school_id, account_id, last_name, first_name) VALUES ($1, $2, $3, $4) RETURNING id',
      [a.schoolId, acc.id, a.lastName, a.firstName],
    );
    await tx.query("INSERT INTO memberships (school_id, person_id, role) VALUES ($1, $2, 'administrator')", [a.schoolId, p.id]);
  });
  return password;
}
