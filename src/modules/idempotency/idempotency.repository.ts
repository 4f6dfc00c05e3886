import type { Queryable } from '../../db/client';

export const idempotencyRepository = {
  /** Claims a key for a request; false when the key is already known. */
  async claim(db: Queryable, accountId: string, key: string, requestHash: string): Promise<boolean> {
    const rows = await db.query(
      `INSERT INTO idempotency_keys (account_id, key, request_hash, status_code) VALUES ($1, $2, $3, 0)
       ON CONFLICT (account_id, key) DO NOTHING RETURNING key`,
      [accountId, key, requestHash],
    );
    return rows.length > 0;
  },

  async find(db: Queryable, accountId: string, key: string) {
    const [row] = await db.query<{ request_hash: string; status_code: number; response: unknown }>(
      'SELECT request_hash, status_code, response FROM idempotency_keys WHERE account_id = $1 AND key = $2',
      [accountId, key],
    );
    return row;
  },

  async complete(db: Queryable, accountId: string, key: string, status: number, response: unknown) {
    await db.query('UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE account_id = $1 AND key = $2', [
      accountId,
      key,
      status,
      JSON.stringify(response ?? null),
    ]);
  },

  async release(db: Queryable, accountId: string, key: string) {
    await db.query('DELETE FROM idempotency_keys WHERE account_id = $1 AND key = $2', [accountId, key]);
  },

  async purgeOlderThan(db: Queryable, hours: number) {
    await db.query('DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)', [hours]);
  },
};
