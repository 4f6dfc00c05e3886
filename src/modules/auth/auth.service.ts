import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';
import type { Deps, SessionActor } from '../../server/context';
import { AppError, invalid } from '../../server/errors';
import { authRepository as repo, type SessionRow } from './auth.repository';
import { burnVerify, hashPassword, passwordProblem, verifyPassword } from './passwords';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = () => randomBytes(32).toString('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface LoginInput {
  login: string;
  password: string;
  totp?: string;
  ip: string;
  userAgent: string;
}

/** IP budget is larger than the account one: a whole school signs in from one NAT address. */
const IP_FREE_ATTEMPTS = 100;

/** Sessions kept in memory per process (src/server/freshness.ts); the oldest go first. */
const MAX_CACHED_SESSIONS = 50_000;

export function makeAuthService({ db, config, now, freshness }: Deps) {
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;
  const absoluteMs = config.SESSION_ABSOLUTE_HOURS * 3_600_000;
  /**
   * Live sessions by id, with the actor built once: every request needs its session, and re-reading it
   * (with the account's memberships) was the largest part of an authenticated request. An entry is used
   * while no school of the account changed after it was read (blocking, a new password, new roles, signing
   * out are all school-level writes); an entry that looks expired is re-read before the session is ended,
   * as another process may have seen the user since.
   */
  const cache = new Map<string, { at: number; row: SessionRow; actor: Omit<SessionActor, 'viaCookie'>; schools: string[] }>();

  async function readSession(id: string) {
    const at = freshness?.mark() ?? 0;
    const row = await repo.sessionWithActor(db, id);
    if (!row) {
      cache.delete(id);
      return undefined;
    }
    const actor = {
      accountId: row.account_id,
      sessionId: id,
      login: row.login,
      locale: row.locale,
      mustChangePassword: row.must_change_password,
      needsTotpSetup: row.needs_totp_setup,
      csrfToken: row.csrf_token,
      memberships: row.memberships.map((m) => ({ schoolId: m.schoolId, personId: m.personId, roles: new Set(m.roles) })),
    };
    const entry = { at, row, actor, schools: row.memberships.map((m) => m.schoolId) };
    if (freshness?.enabled) {
      cache.delete(id);
      if (cache.size >= MAX_CACHED_SESSIONS) cache.delete(cache.keys().next().value as string);
      cache.set(id, entry);
    }
    return entry;
  }

  const expired = (row: SessionRow, t: number) =>
    !!row.blocked_at || row.expires_at.getTime() < t || row.last_seen_at.getTime() + idleMs < t;

  /** The time step of a valid code newer than the last one accepted, or null (wrong or replayed code). */
  function verifyTotp(secret: string, code: string, lastStep: number | null = null): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    try {
      const r = verifySync({ secret, token: code, epochTolerance: 30, epoch: Math.floor(now().getTime() / 1000) });
      if (!r.valid) return null;
      const step = (r as { timeStep?: number }).timeStep ?? Math.floor(now().getTime() / 30_000);
      return lastStep !== null && step <= lastStep ? null : step;
    } catch {
      return null;
    }
  }

  /**
   * Refuses an attempt while the account or the address is locked out, and logs the refusal: a guessing
   * run goes on against a locked account, and the log must show it (issue 10: every attempt is logged).
   */
  async function refuseIfLocked(keys: { account: string; ip: string }, login: string, ip: string) {
    const rows = await repo.throttleState(db, [keys.account, keys.ip]);
    const locked = rows.filter((r) => r.locked_until && r.locked_until > now());
    if (!locked.length) return;
    const wait = Math.ceil((Math.max(...locked.map((r) => r.locked_until!.getTime())) - now().getTime()) / 1000);
    const event = locked.some((r) => r.key === keys.account) ? 'login_locked_account' : 'login_locked_ip';
    // The account (if the login names one) is looked up only to file the record under it; the answer is the same.
    const account = await repo.accountByLogin(db, login);
    await repo.logEvent(db, { accountId: account?.id, login, ip, event });
    throw new AppError('auth.locked', `Слишком много неудачных попыток входа. Повторите через ${wait} с`, {
      retryAfterSeconds: wait,
    });
  }

  async function fail(keys: { account: string; ip: string }, event: string, login: string, ip: string, accountId?: string) {
    await repo.recordFailure(db, keys.account, config.LOGIN_FREE_ATTEMPTS);
    await repo.recordFailure(db, keys.ip, IP_FREE_ATTEMPTS);
    await repo.logEvent(db, { accountId, login, ip, event });
  }

  return {
    /** Signs in with login + password (+ TOTP); returns the session token (cookie value) and CSRF token. */
    async login(input: LoginInput) {
      const login = input.login.trim();
      const keys = { account: `acct:${login.toLowerCase()}`, ip: `ip:${input.ip}` };
      await refuseIfLocked(keys, login, input.ip);
      const account = await repo.accountByLogin(db, login);
      if (!account) {
        await burnVerify(input.password);
        await fail(keys, 'login_unknown', login, input.ip);
        throw new AppError('auth.invalid_credentials');
      }
      if (!(await verifyPassword(account.password_hash, input.password))) {
        await fail(keys, 'login_bad_password', login, input.ip, account.id);
        throw new AppError('auth.invalid_credentials');
      }
      if (account.blocked_at) {
        await repo.logEvent(db, { accountId: account.id, login, ip: input.ip, event: 'login_blocked' });
        throw new AppError('auth.blocked');
      }
      if (account.totp_enabled && account.totp_secret) {
        if (!input.totp) throw new AppError('auth.totp_required', undefined, { totpRequired: true });
        const step = verifyTotp(account.totp_secret, input.totp, account.totp_last_step);
        if (step === null) {
          await fail(keys, 'login_bad_totp', login, input.ip, account.id);
          throw new AppError('auth.totp_invalid', undefined, { totpRequired: true });
        }
        await repo.setTotpLastStep(db, account.id, step);
      }
      const needsTotpSetup = !account.totp_enabled && (await repo.totpRequired(db, account.id));
      const sessionToken = token();
      const csrfToken = token();
      await db.tx(async (tx) => {
        await repo.clearThrottle(tx, keys.account);
        await repo.createSession(tx, {
          id: sha256(sessionToken),
          accountId: account.id,
          csrf: csrfToken,
          expiresAt: new Date(now().getTime() + absoluteMs),
          ip: input.ip,
          userAgent: input.userAgent.slice(0, 300),
          needsTotpSetup,
        });
        await repo.recordSignIn(tx, account.id);
        await repo.logEvent(tx, { accountId: account.id, login, ip: input.ip, event: 'login_ok' });
      });
      return { sessionToken, csrfToken, accountId: account.id };
    },

    /** Finds the live session of a token; ends it when idle or past its absolute lifetime. */
    async authenticate(sessionToken: string, viaCookie: boolean): Promise<SessionActor | undefined> {
      if (!sessionToken || sessionToken.length > 100) return undefined;
      const id = sha256(sessionToken);
      const t = now().getTime();
      const hit = cache.get(id);
      let s = hit && freshness?.schoolsFresh(hit.at, hit.schools) && !expired(hit.row, t) ? hit : await readSession(id);
      if (!s) return undefined;
      if (expired(s.row, t)) {
        cache.delete(id);
        await repo.deleteSession(db, id);
        return undefined;
      }
      // One write a minute at most per session, not one per request.
      if (t - s.row.last_seen_at.getTime() > 60_000) {
        await repo.touchSession(db, id, new Date(t));
        s = { ...s, row: { ...s.row, last_seen_at: new Date(t) } };
        if (cache.has(id)) cache.set(id, s);
      }
      return { ...s.actor, viaCookie };
    },

    async logout(actor: SessionActor) {
      cache.delete(actor.sessionId);
      await repo.deleteSession(db, actor.sessionId);
    },

    async listSessions(actor: SessionActor) {
      const rows = await repo.listSessions(db, actor.accountId);
      return rows.map((r) => ({
        id: r.id.slice(0, 16),
        current: r.id === actor.sessionId,
        createdAt: r.created_at.toISOString(),
        lastSeenAt: r.last_seen_at.toISOString(),
        ip: r.ip,
        userAgent: r.user_agent,
      }));
    },

    /** Ends one of the actor's own sessions, named by the 16-character prefix the list shows. */
    async endSession(actor: SessionActor, shortId: string) {
      const rows = await repo.listSessions(db, actor.accountId);
      const hit = rows.find((r) => r.id.startsWith(shortId) && shortId.length === 16);
      if (!hit || !(await repo.deleteOwnSession(db, actor.accountId, hit.id))) throw new AppError('not_found', 'Сеанс не найден');
    },

    /** Changes the actor's password; every other session of the account ends [004 teacher]. */
    async changePassword(actor: SessionActor, current: string, next: string) {
      const account = await repo.accountById(db, actor.accountId);
      if (!account) throw new AppError('auth.required');
      if (!(await verifyPassword(account.password_hash, current)))
        throw invalid('currentPassword', 'Текущий пароль указан неверно', 'auth.password_wrong');
      const problem = passwordProblem(next, account.login);
      if (problem) throw invalid('newPassword', problem, 'auth.password_weak');
      if (current === next) throw invalid('newPassword', 'Новый пароль должен отличаться от текущего', 'auth.password_weak');
      const h = await hashPassword(next);
      await db.tx(async (tx) => {
        await repo.setPassword(tx, actor.accountId, h, false);
        await repo.deleteSessionsOf(tx, actor.accountId, actor.sessionId);
        await repo.logEvent(tx, { accountId: actor.accountId, login: actor.login, event: 'password_changed' });
      });
    },

    /** Starts TOTP enrolment: a new secret and its otpauth:// URI for the authenticator app. */
    async totpSetup(actor: SessionActor) {
      const secret = generateSecret();
      await repo.setTotpSecret(db, actor.accountId, secret);
      return { secret, otpauthUrl: generateURI({ issuer: 'Электронный журнал', label: actor.login, secret }) };
    },

    async totpEnable(actor: SessionActor, code: string) {
      const account = await repo.accountById(db, actor.accountId);
      if (!account?.totp_secret) throw invalid('code', 'Сначала начните настройку двухфакторного входа');
      const step = verifyTotp(account.totp_secret, code);
      if (step === null) throw invalid('code', 'Неверный код подтверждения');
      await repo.enableTotp(db, actor.accountId);
      await repo.setTotpLastStep(db, actor.accountId, step);
      await repo.logEvent(db, { accountId: actor.accountId, login: actor.login, event: 'totp_enabled' });
    },

    verifyTotp,
  };
}

export type AuthService = ReturnType<typeof makeAuthService>;
