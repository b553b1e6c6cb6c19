import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { ErrorItem, ErrorKey } from "../errors.ts";
import type { Stores } from "../stores/types/index.ts";
import type { SessionMode } from "../stores/types/sessions.ts";
import type { Hasher } from "./crypto/passwords.ts";
import type { Delivery } from "./delivery.ts";

/** What the domain layer needs from the world, passed in rather than imported. */
export interface AuthDeps {
  readonly stores: Stores;
  readonly clock: Clock;
  readonly config: Config;
  readonly hasher: Hasher;
  /** The hash verified when there is no real one (see createDummyHash). */
  readonly dummyHash: () => Promise<string>;
  readonly audit: AuditSink;
  /** Where SMS, voice and e-mail messages go (spec section 10). */
  readonly delivery: Delivery;
}

/** One line per authentication decision. Never carries a secret. */
export interface AuditEvent {
  event:
    | "login.success"
    | "login.failure"
    | "login.lockout"
    | "logout"
    | "session.expired"
    | "session.revoked"
    | "session.rejected"
    | "mfa.sent"
    | "mfa.verified"
    | "mfa.rejected"
    | "mfa.trusted"
    | "mfa.limited"
    | "mfa.devices.forgotten"
    | "mfa.phone.reset"
    | "limit.refused"
    | "partner.login.success"
    | "partner.login.failure"
    | "partner.login-as-user"
    | "partner.logout"
    | "membership.invited"
    | "membership.accepted"
    | "membership.added"
    | "email.change.requested"
    | "email.change.confirmed"
    | "email.change.forced"
    | "password.set"
    | "mfa.failures.cleared"
    | "operator.auth.failure"
    | "operator.auth.limited"
    | "sync-token.created"
    | "oauth-app.created"
    | "oauth-app.revoked"
    | "sync-token.revoked";
  code?: string;
  /** The account's email, after a successful login only: a failed one's text is a secret. */
  username?: string;
  /** SHA-256 (hex) of the canonical username of a failed login that matches no user. */
  usernameHash?: string;
  userId?: string;
  organizationId?: string;
  devKeyId?: string;
  partnerId?: string;
  sessionRef?: string;
  ip?: string;
  reason?: string;
  count?: number;
  /** The limit that refused a request (`limit.refused`). */
  limit?: number;
  /**
   * How a login was made when not with a password (`login.success`, and `login.failure` of a
   * console login): `sync-token`, `console`, …; kept in the audit store's `mode` (014-consoles).
   */
  mode?: SessionMode;
}

export type AuditSink = (event: AuditEvent) => void;

/** An expected outcome: a value, or the error(s) the edge will answer with. */
export type Result<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      errors: readonly ErrorItem[];
      /** Seconds for a `Retry-After` header (the limit codes). */
      retryAfterSeconds?: number;
      /** For the server's own eyes (warnings, logs); the caller sees only `errors`. */
      reason?: string;
    };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(key: ErrorKey, params?: Record<string, string>): Result<T> => ({
  ok: false,
  errors: [params ? { key, params } : { key }],
});
