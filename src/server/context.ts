import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Actor } from '../domain/policy';

/** The signed-in user of a request, as services see it. */
export interface SessionActor extends Actor {
  sessionId: string;
  login: string;
  locale: string;
  mustChangePassword: boolean;
  needsTotpSetup: boolean;
  csrfToken: string;
  /** true when authenticated by cookie (CSRF header required on writes), false for Bearer tokens. */
  viaCookie: boolean;
}

/** What every service is built with: the database, the config and a clock (tests move time). */
export interface Deps {
  db: Db;
  config: Config;
  now: () => Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: SessionActor;
  }
  interface FastifyContextConfig {
    /** 'public': no session needed; 'restricted': allowed before a forced password change / TOTP setup. */
    auth?: 'public' | 'restricted';
  }
}
