import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../server/context';
import { errorSchema, loginBody, loginResponse, meSchema } from './auth.schemas';
import type { AuthService } from './auth.service';
import { makeMeService } from './me.service';

const ok = z.object({ ok: z.literal(true) });
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 429: errorSchema };

export async function authRoutes(app: FastifyInstance, deps: Deps, auth: AuthService, cookieName: string) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const meService = makeMeService(deps);
  const secure = deps.config.JOURNAL_HTTPS;

  const setCookie = (reply: FastifyReply, value: string) =>
    reply.setCookie(cookieName, value, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: deps.config.SESSION_ABSOLUTE_HOURS * 3600,
    });

  r.post(
    '/api/auth/login',
    {
      // A new session is not cached anywhere yet: signing in changes nothing cached reads depend on.
      config: { auth: 'public', changes: 'none', rateLimit: { max: deps.config.LOGIN_RATE_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Вход по логину и паролю (и коду TOTP)',
        body: loginBody,
        response: { 200: loginResponse, ...errors },
      },
    },
    async (req, reply) => {
      const s = await auth.login({ ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? '' });
      setCookie(reply, s.sessionToken);
      const fresh = await auth.authenticate(s.sessionToken, true);
      const user = await meService.me({ accountId: s.accountId, needsTotpSetup: fresh?.needsTotpSetup ?? false });
      return { user, csrfToken: s.csrfToken, ...(req.body.tokenInBody ? { token: s.sessionToken } : {}) };
    },
  );

  r.post(
    '/api/auth/logout',
    { config: { auth: 'restricted' }, schema: { tags: ['auth'], summary: 'Выход', response: { 200: ok, ...errors } } },
    async (req, reply) => {
      if (req.actor) await auth.logout(req.actor);
      reply.clearCookie(cookieName, { path: '/' });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/me',
    { config: { auth: 'restricted' }, schema: { tags: ['auth'], summary: 'Текущий пользователь', response: { 200: meSchema, ...errors } } },
    async (req) => meService.me(req.actor!),
  );

  r.get(
    '/api/auth/csrf',
    {
      config: { auth: 'restricted' },
      schema: {
        tags: ['auth'],
        summary: 'CSRF-токен текущего сеанса (после перезагрузки страницы)',
        response: { 200: z.object({ csrfToken: z.string() }), ...errors },
      },
    },
    async (req) => ({ csrfToken: req.actor!.csrfToken }),
  );

  r.post(
    '/api/auth/password',
    {
      config: { auth: 'restricted' },
      schema: {
        tags: ['auth'],
        summary: 'Смена своего пароля (другие сеансы завершаются)',
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => {
      await auth.changePassword(req.actor!, req.body.currentPassword, req.body.newPassword);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/sessions',
    {
      config: { auth: 'restricted' },
      schema: {
        tags: ['auth'],
        summary: 'Мои сеансы',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              current: z.boolean(),
              createdAt: z.string(),
              lastSeenAt: z.string(),
              ip: z.string().nullable(),
              userAgent: z.string().nullable(),
            }),
          ),
          ...errors,
        },
      },
    },
    async (req) => auth.listSessions(req.actor!),
  );

  r.delete(
    '/api/auth/sessions/:id',
    {
      config: { auth: 'restricted' },
      schema: {
        tags: ['auth'],
        summary: 'Завершить свой сеанс',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => {
      await auth.endSession(req.actor!, req.params.id);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/auth/totp/setup',
    {
      config: { auth: 'restricted' },
      schema: {
        tags: ['auth'],
        summary: 'Начать настройку двухфакторного входа (TOTP)',
        response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }), ...errors },
      },
    },
    async (req) => auth.totpSetup(req.actor!),
  );

  r.post(
    '/api/auth/totp/enable',
    {
      config: { auth: 'restricted' },
      schema: {
        tags: ['auth'],
        summary: 'Подтвердить код и включить TOTP',
        body: z.object({ code: z.string().trim().max(10) }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => {
      await auth.totpEnable(req.actor!, req.body.code);
      return { ok: true as const };
    },
  );
}
