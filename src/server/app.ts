import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { APP_VERSION, type Config } from '../config';
import type { Db } from '../db/client';
import { makeAuthService, safeEqual } from '../modules/auth/auth.service';
import { setArgon2Memory } from '../modules/auth/passwords';
import type { Deps } from './context';
import { AppError, type ErrorBody } from './errors';
import { ChangeFeed, Freshness } from './freshness';
import { registerIdempotency } from './idempotency';
import { Metrics } from './metrics';
import { registerModules } from './modules';

z.config(z.locales.ru());

export const SESSION_COOKIE = 'journal_session';
export const SECURE_SESSION_COOKIE = '__Host-journal_session';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIST = path.join(root, 'dist/web');

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// invalid text representation, datetime format/overflow, numeric out of range, string too long,
// character not in repertoire (a NUL byte), untranslatable character, invalid parameter value.
const BAD_INPUT_SQLSTATES = new Set(['22P02', '22007', '22008', '22003', '22001', '22021', '22P05', '22023', '2201B']);
const DB_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300']);

/** Maps a thrown value to the API's error body; internals never leave the server. */
function toErrorBody(err: unknown, req: FastifyRequest): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, details: err.details } } };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields = err.validation.map((v) => {
      const where = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
      const field =
        [err.validationContext === 'body' ? '' : err.validationContext, where].filter(Boolean).join('.') || err.validationContext || 'body';
      return { field, message: v.message ?? 'Неверное значение' };
    });
    const first = fields[0];
    return {
      status: 400,
      body: {
        error: {
          code: 'request.invalid',
          message: first ? `Неверное значение поля «${first.field}»: ${first.message}` : 'Неверные данные запроса',
          details: { fields },
        },
      },
    };
  }
  const e = err as { statusCode?: number; code?: string; message?: string };
  // PostgreSQL: bad input that slipped past validation is still the client's fault, not a 500.
  if (BAD_INPUT_SQLSTATES.has(e.code ?? '')) {
    return { status: 400, body: { error: { code: 'request.invalid', message: 'Неверный формат данных' } } };
  }
  if (e.code === '23505') {
    return { status: 409, body: { error: { code: 'conflict.duplicate', message: 'Такая запись уже существует' } } };
  }
  // The database is down or restarting: a clean 503 the client may retry, never a 500.
  if (
    DB_UNAVAILABLE.has(e.code ?? '') ||
    /^08/.test(e.code ?? '') ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i.test(
      e.message ?? '',
    )
  ) {
    return {
      status: 503,
      body: { error: { code: 'service.unavailable', message: 'База данных временно недоступна, повторите через минуту' } },
    };
  }
  if (e.statusCode === 429) {
    return { status: 429, body: { error: { code: 'auth.locked', message: 'Слишком много запросов, повторите позже' } } };
  }
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) {
    return { status: 413, body: { error: { code: 'request.too_large', message: 'Слишком большой запрос или файл' } } };
  }
  // A malformed multipart body (no boundary, another boundary, cut short): busboy throws plain errors.
  if (/^(Unexpected end of (form|file|multipart data)|Multipart: Boundary not found|Malformed part header)/.test(e.message ?? '')) {
    return {
      status: 400,
      body: {
        error: {
          code: 'request.invalid',
          message: 'Неверное значение поля «file»: повреждённое тело multipart/form-data',
          details: { fields: [{ field: 'file', message: 'повреждённое тело multipart/form-data' }] },
        },
      },
    };
  }
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { status: 415, body: { error: { code: 'request.invalid', message: 'Неподдерживаемый тип содержимого (Content-Type)' } } };
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      status: e.statusCode,
      body: { error: { code: 'request.invalid', message: 'Неверный запрос: проверьте формат данных (JSON)' } },
    };
  }
  req.log.error({ err }, 'unhandled error');
  return { status: 500, body: { error: { code: 'internal', message: 'Внутренняя ошибка сервера' } } };
}

export interface BuildOptions {
  config: Config;
  db: Db;
  /** A streaming read replica of `db` (PostgreSQL) for diary reads; see DATABASE_REPLICA_URL. */
  replica?: Db;
  now?: () => Date;
  logger?: boolean;
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config, db } = opts;
  setArgon2Memory(config.ARGON2_MEMORY_KIB);
  const freshness = new Freshness();
  freshness.enabled = config.READ_CACHE;
  const deps: Deps = { db, config, now: opts.now ?? (() => new Date()), freshness, replica: opts.replica };
  const feed = new ChangeFeed(db, freshness, db.url);
  if (config.READ_CACHE) await feed.start();
  const metrics = new Metrics();

  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: config.LOG_LEVEL,
            // Secrets never in logs: cookies, tokens and passwords are redacted.
            redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'body.password'],
          },
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Validating large responses (a journal page is thousands of cells) costs more than building them.
  app.setSerializerCompiler(config.RESPONSE_VALIDATION ? serializerCompiler : () => (data) => JSON.stringify(data));

  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toErrorBody(err, req);
    if (status === 429 && body.error.details?.retryAfterSeconds) reply.header('Retry-After', String(body.error.details.retryAfterSeconds));
    reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets CSS variables through style attributes; scripts stay strictly same-origin.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        ...(config.JOURNAL_HTTPS ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // HSTS breaks plain-HTTP school LAN hosts: only behind HTTPS.
    hsts: config.JOURNAL_HTTPS ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    // The same as frame-ancestors 'none', for browsers that ignore CSP's frame-ancestors.
    xFrameOptions: { action: 'deny' },
  });
  await app.register(rateLimit, {
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    allowList: (req) => !req.url.startsWith('/api/'),
    errorResponseBuilder: () => ({
      statusCode: 429,
      error: { code: 'auth.locked', message: 'Слишком много запросов, повторите позже' },
    }),
  });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 10 } });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Электронный журнал и дневник — API',
        version: APP_VERSION,
        description:
          'API электронного классного журнала. Вход: POST /api/auth/login, далее cookie-сеанс и заголовок ' +
          'X-CSRF-Token для изменяющих запросов, либо Authorization: Bearer <token> для приложений. ' +
          'Ошибки: { "error": { "code", "message", "details" } }.',
      },
      components: {
        securitySchemes: {
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ cookie: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  // The API docs page loads only its own script files, so the app's CSP applies to it as to every answer
  // (swagger-ui's own «static CSP» would allow frames from the origin and upgrade-insecure-requests on HTTP).
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const auth = makeAuthService(deps);
  const cookieName = config.JOURNAL_HTTPS ? SECURE_SESSION_COOKIE : SESSION_COOKIE;

  // Every request: find the session (cookie or Bearer), check CSRF on cookie writes, enforce
  // forced password change / TOTP enrolment. Routes opt out with config.auth.
  app.addHook('onRequest', async (req) => {
    (req as unknown as { startedAt: bigint }).startedAt = process.hrtime.bigint();
    // A NUL byte is never valid in our URLs and PostgreSQL text cannot hold it.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL byte is exactly what is refused
    if (/%00|\u0000/i.test(req.url)) throw new AppError('request.invalid', 'Недопустимый символ в адресе запроса');
  });
  // onRequest, before the body is parsed and validated: a signed-out request gets 401, not a 400 that
  // would tell it something about the endpoint.
  app.addHook('onRequest', async (req) => {
    const mode = req.routeOptions.config?.auth;
    if (!req.url.startsWith('/api/') || !req.routeOptions.url) return;
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookieToken = req.cookies[cookieName];
    const tokenValue = bearer ?? cookieToken;
    if (tokenValue) req.actor = await auth.authenticate(tokenValue, !bearer);
    if (mode === 'public') return;
    const actor = req.actor;
    if (!actor) throw new AppError('auth.required');
    if (actor.viaCookie && UNSAFE.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, actor.csrfToken)) throw new AppError('auth.csrf');
    }
    if (mode !== 'restricted') {
      if (actor.mustChangePassword) throw new AppError('auth.password_change_required');
      if (actor.needsTotpSetup) throw new AppError('auth.totp_setup_required');
    }
  });
  registerIdempotency(app, db);
  // A successful write makes the cached reads of what it touched stale, before its answer leaves: the
  // client's next read cannot overtake it. See src/server/freshness.ts.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!UNSAFE.has(req.method) || reply.statusCode >= 400) return payload;
    const mode = req.routeOptions.config?.changes;
    if (mode === 'none' || mode === 'reported') return payload;
    if (req.actor && req.actor.memberships.length > 0) for (const m of req.actor.memberships) freshness.schoolChanged(m.schoolId);
    else freshness.everythingChanged();
    return payload;
  });
  app.addHook('onClose', async () => {
    await feed.close();
  });
  app.addHook('onResponse', async (req, reply) => {
    const started = (req as unknown as { startedAt?: bigint }).startedAt;
    if (!started) return;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.observe(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, seconds);
  });

  app.get(
    '/api/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Состояние сервиса',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']), version: z.string() }),
          503: z.object({ status: z.literal('unavailable'), database: z.enum(['pglite', 'postgresql']), version: z.string() }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await db.query('SELECT 1');
        return { status: 'ok' as const, database: db.kind, version: APP_VERSION };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, database: db.kind, version: APP_VERSION });
      }
    },
  );

  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    reply.type('text/plain; version=0.0.4').send(metrics.render(db));
  });

  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await registerModules(app, deps, { auth, cookieName });

  // The web app: built files, and index.html for client-side routes.
  const hasWeb = fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET' || !hasWeb) {
      reply.status(404).send({ error: { code: 'not_found', message: 'Не найдено' } });
      return;
    }
    reply.type('text/html; charset=utf-8').sendFile('index.html');
  });

  return app;
}
