import type { Queryable } from '../../db/client';
import type { Role } from '../../domain/policy';

export interface AccountRow {
  id: string;
  login: string;
  password_hash: string;
  must_change_password: boolean;
  blocked_at: Date | null;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  locale: string;
}

export interface SessionRow {
  id: string;
  account_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  needs_totp_setup: boolean;
  login: string;
  must_change_password: boolean;
  blocked_at: Date | null;
  locale: string;
  memberships: { schoolId: string; personId: string; roles: Role[] }[];
}

export const authRepository = {
  async accountByLogin(db: Queryable, login: string): Promise<AccountRow | undefined> {
    const [row] = await db.query<AccountRow>('SELECT * FROM accounts WHERE lower(login) = lower($1)', [login]);
    return row;
  },

  async accountById(db: Queryable, id: string): Promise<AccountRow | undefined> {
    const [row] = await db.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
    return row;
  },

  /** Whether any school where the account is an administrator requires TOTP (school setting, default on). */
  async totpRequired(db: Queryable, accountId: string): Promise<boolean> {
    const rows = await db.query<{ required: boolean }>(
      `SELECT bool_or(
          (m.role = 'administrator' AND COALESCE((s.settings->>'adminTotpRequired')::boolean, true))
          OR (m.role NOT IN ('student', 'parent') AND COALESCE((s.settings->>'totpRequiredForStaff')::boolean, false))
        ) AS required
         FROM persons p
         JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id
         JOIN schools s ON s.id = p.school_id
        WHERE p.account_id = $1`,
      [accountId],
    );
    return rows[0]?.required ?? false;
  },

  async createSession(
    db: Queryable,
    s: { id: string; accountId: string; csrf: string; expiresAt: Date; ip: string; userAgent: string; needsTotpSetup: boolean },
  ) {
    await db.query(
      `INSERT INTO sessions (id, account_id, csrf_token, expires_at, ip, user_agent, needs_totp_setup)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.id, s.accountId, s.csrf, s.expiresAt, s.ip, s.userAgent, s.needsTotpSetup],
    );
  },

  /** The session with its account and memberships, in one round trip (it runs on every request). */
  async sessionWithActor(db: Queryable, id: string): Promise<SessionRow | undefined> {
    const [row] = await db.query<SessionRow>(
      `SELECT s.id, s.account_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, s.needs_totp_setup,
              a.login, a.must_change_password, a.blocked_at, a.locale,
              COALESCE((
                SELECT json_agg(json_build_object('schoolId', p.school_id, 'personId', p.id,
                         'roles', (SELECT COALESCE(json_agg(m.role), '[]'::json) FROM memberships m
                                    WHERE m.school_id = p.school_id AND m.person_id = p.id)))
                  FROM persons p WHERE p.account_id = a.id), '[]'::json) AS memberships
         FROM sessions s JOIN accounts a ON a.id = s.account_id
        WHERE s.id = $1`,
      [id],
    );
    return row;
  },

  /** `at` is the app's clock, the one the idle timeout is checked against. */
  async touchSession(db: Queryable, id: string, at: Date) {
    await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [id, at]);
  },

  async deleteSession(db: Queryable, id: string) {
    await db.query('DELETE FROM sessions WHERE id = $1', [id]);
  },

  async deleteOwnSession(db: Queryable, accountId: string, id: string): Promise<boolean> {
    const rows = await db.query('DELETE FROM sessions WHERE account_id = $1 AND id = $2 RETURNING id', [accountId, id]);
    return rows.length > 0;
  },

  /** Ends every session of an account (password changed, account blocked), except maybe one. */
  async deleteSessionsOf(db: Queryable, accountId: string, exceptId?: string) {
    await db.query('DELETE FROM sessions WHERE account_id = $1 AND id <> $2', [accountId, exceptId ?? '']);
  },

  async listSessions(db: Queryable, accountId: string) {
    return db.query<{ id: string; created_at: Date; last_seen_at: Date; ip: string | null; user_agent: string | null }>(
      'SELECT id, created_at, last_seen_at, ip, user_agent FROM sessions WHERE account_id = $1 ORDER BY last_seen_at DESC',
      [accountId],
    );
  },

  async deleteExpiredSessions(db: Queryable, idleMinutes: number) {
    await db.query(`DELETE FROM sessions WHERE expires_at < now() OR last_seen_at < now() - make_interval(mins => $1)`, [idleMinutes]);
  },

  async throttleState(db: Queryable, keys: string[]) {
    return db.query<{ key: string; failures: number; locked_until: Date | null }>(
      'SELECT key, failures, locked_until FROM auth_throttle WHERE key = ANY($1::text[])',
      [keys],
    );
  },

  /** Counts a failure; from `free` failures on, locks for 2^(n-free) seconds, at most 15 minutes. */
  async recordFailure(db: Queryable, key: string, free: number) {
    await db.query(
      `INSERT INTO auth_throttle AS t (key, failures, last_failure_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.last_failure_at < now() - interval '1 hour' THEN 1 ELSE t.failures + 1 END,
         last_failure_at = now(),
         locked_until = CASE
           WHEN (CASE WHEN t.last_failure_at < now() - interval '1 hour' THEN 1 ELSE t.failures + 1 END) >= $2
           THEN now() + make_interval(secs => LEAST(900, power(2, (CASE WHEN t.last_failure_at < now() - interval '1 hour' THEN 1 ELSE t.failures + 1 END) - $2)::int))
           ELSE NULL END`,
      [key, free],
    );
  },

  async clearThrottle(db: Queryable, key: string) {
    await db.query('DELETE FROM auth_throttle WHERE key = $1', [key]);
  },

  async logEvent(db: Queryable, e: { accountId?: string | null; login?: string; ip?: string; event: string }) {
    await db.query('INSERT INTO auth_events (account_id, login, ip, event) VALUES ($1, $2, $3, $4)', [
      e.accountId ?? null,
      e.login?.slice(0, 200) ?? null,
      e.ip ?? null,
      e.event,
    ]);
  },

  async recordSignIn(db: Queryable, accountId: string) {
    await db.query('UPDATE accounts SET last_login_at = now() WHERE id = $1', [accountId]);
    await db.query(`INSERT INTO activity (school_id, person_id, kind) SELECT school_id, id, 'sign_in' FROM persons WHERE account_id = $1`, [
      accountId,
    ]);
  },

  async setPassword(db: Queryable, accountId: string, passwordHash: string, mustChange: boolean) {
    await db.query('UPDATE accounts SET password_hash = $2, must_change_password = $3, password_changed_at = now() WHERE id = $1', [
      accountId,
      passwordHash,
      mustChange,
    ]);
  },

  async setTotpSecret(db: Queryable, accountId: string, secret: string) {
    await db.query('UPDATE accounts SET totp_secret = $2, totp_enabled = false WHERE id = $1', [accountId, secret]);
  },

  async setTotpLastStep(db: Queryable, accountId: string, step: number) {
    await db.query('UPDATE accounts SET totp_last_step = $2 WHERE id = $1', [accountId, step]);
  },

  async enableTotp(db: Queryable, accountId: string) {
    await db.query('UPDATE accounts SET totp_enabled = true WHERE id = $1', [accountId]);
    await db.query('UPDATE sessions SET needs_totp_setup = false WHERE account_id = $1', [accountId]);
  },

  async createAccount(db: Queryable, a: { login: string; passwordHash: string; mustChange: boolean }): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      'INSERT INTO accounts (login, password_hash, must_change_password) VALUES ($1, $2, $3) RETURNING id',
      [a.login, a.passwordHash, a.mustChange],
    );
    return row.id;
  },

  /** The memberships of an account by login, for operator commands acting as that user. */
  async membershipsByLogin(db: Queryable, login: string) {
    return db.query<{ account_id: string; school_id: string; person_id: string; roles: Role[] }>(
      `SELECT a.id AS account_id, p.school_id, p.id AS person_id,
              COALESCE((SELECT array_agg(m.role) FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id), '{}') AS roles
         FROM accounts a JOIN persons p ON p.account_id = a.id WHERE lower(a.login) = lower($1) AND a.blocked_at IS NULL`,
      [login],
    );
  },
};
