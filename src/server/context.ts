import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Actor } from '../domain/policy';
import type { Freshness } from './freshness';

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
  /** Clock of changes for the in-memory read caches (sessions, diary weeks); hot writes report here. Absent outside the app (CLI, jobs). */
  freshness?: Freshness;
  /** A streaming read replica (PostgreSQL) for the diary's reads, when configured. */
  replica?: Db;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: SessionActor;
  }
  interface FastifyContextConfig {
    /** 'public': no session needed; 'restricted': allowed before a forced password change / TOTP setup. */
    auth?: 'public' | 'restricted';
    /**
     * What a successful write changes for the read caches (src/server/freshness.ts). Default: every
     * school of the acting user (or everything, signed out). 'reported': the service reports its own,
     * narrower change (a mark: its class). 'none': nothing cached depends on it (signing in).
     */
    changes?: 'none' | 'reported';
  }
}
