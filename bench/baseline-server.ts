/**
 * The baseline of every ratio in the benchmark: a bare Fastify server answering `SELECT 1` from the same
 * PostgreSQL through a pool of the same size — what the hardware gives with no journal logic at all.
 */
import Fastify from 'fastify';
import pg from 'pg';

const url = process.env.BENCH_DATABASE_URL;
const port = Number(process.env.PORT ?? 0);
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const app = Fastify({ logger: false });
app.get('/select1', async () => {
  const r = await pool.query('SELECT 1 AS one');
  return { one: r.rows[0].one };
});
await app.listen({ port, host: '127.0.0.1' });
process.send?.({ port: (app.server.address() as { port: number }).port });
process.on('SIGTERM', async () => {
  await app.close();
  await pool.end();
  process.exit(0);
});
