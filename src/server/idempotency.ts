import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client';
import { idempotencyRepository as repo } from '../modules/idempotency/idempotency.repository';
import { AppError } from './errors';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

/**
 * Writes that carry an `Idempotency-Key` header apply once: the first request claims the key, its
 * response is stored, and a retry with the same key and body gets the stored response (header
 * `Idempotent-Replayed: true`). The same key with another body is refused (409). A 5xx or a network
 * failure before the response releases the key so the retry can apply. Keys live 24 hours.
 * A crash between the write's commit and storing the response can let one retry through; the version
 * the write carries then answers 409 instead of applying twice.
 */
export function registerIdempotency(app: FastifyInstance, db: Db) {
  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !UNSAFE.has(req.method) || !req.actor) return;
    if (key.length < 8 || key.length > 100 || !/^[\w.:-]+$/.test(key)) {
      throw new AppError('request.invalid', 'Заголовок Idempotency-Key: от 8 до 100 символов (буквы, цифры, -_.:)', {
        fields: [{ field: 'Idempotency-Key', message: 'неверный формат' }],
      });
    }
    const hash = createHash('sha256')
      .update(`${req.method} ${req.url} ${JSON.stringify(req.body ?? null)}`)
      .digest('hex');
    if (await repo.claim(db, req.actor.accountId, key, hash)) {
      req.idempotencyKey = key;
      return;
    }
    const prior = await repo.find(db, req.actor.accountId, key);
    if (!prior) throw new AppError('conflict.idempotency', 'Повторите запрос');
    if (prior.request_hash !== hash) throw new AppError('conflict.idempotency');
    if (prior.status_code === 0) throw new AppError('conflict.idempotency', 'Запрос с этим ключом ещё выполняется, повторите позже');
    reply.header('Idempotent-Replayed', 'true');
    return reply.status(prior.status_code).send(prior.response);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const key = req.idempotencyKey;
    if (!key || !req.actor) return payload;
    req.idempotencyKey = undefined;
    if (reply.statusCode >= 500) {
      await repo.release(db, req.actor.accountId, key);
      return payload;
    }
    let body: unknown = null;
    try {
      body = typeof payload === 'string' ? JSON.parse(payload) : null;
    } catch {
      body = null;
    }
    await repo.complete(db, req.actor.accountId, key, reply.statusCode, body);
    return payload;
  });

  app.addHook('onRequestAbort', async (req) => {
    if (req.idempotencyKey && req.actor) await repo.release(db, req.actor.accountId, req.idempotencyKey);
  });
}
