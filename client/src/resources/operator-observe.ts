/**
 * `operator.sessions`, `operator.limits`, `operator.outbox`, `operator.audit`,
 * `operator.requests`: what the server holds and has done, read (and sessions revoked).
 */
import type { RequestOptions } from "../core/api-core.ts";
import { path } from "../core/path.ts";
import type {
  OperatorAuditEvent,
  OperatorLimits,
  OperatorOutboxMessage,
  OperatorRequestLogEntry,
  OperatorResults,
  OperatorSession,
  OperatorSessionRevoked,
  OperatorSessionsRevoked,
} from "../operator-types.ts";
import type { Send } from "./send.ts";

/** @example const [session] = await operator.sessions.list({ userId }); */
export class OperatorSessions {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** Sessions by reference (`0se…`; never a session id), optionally of one organization or user. */
  async list(
    filter: { organizationId?: string; userId?: string } = {},
    options?: RequestOptions,
  ): Promise<OperatorSession[]> {
    const answer = await this.#send<OperatorResults<OperatorSession>>({
      method: "GET",
      path: "/sessions",
      query: filter,
      options,
    });
    return answer.results;
  }

  /** Ends one session, named by its reference. */
  revoke(ref: string, options?: RequestOptions): Promise<OperatorSessionRevoked> {
    return this.#send({ method: "DELETE", path: path`/sessions/${ref}`, options });
  }

  /** Ends every session of a user, of an organization, or of a user in one organization. */
  revokeAll(
    filter: { userId?: string; organizationId?: string },
    options?: RequestOptions,
  ): Promise<OperatorSessionsRevoked> {
    return this.#send({ method: "POST", path: "/sessions/revoke", body: filter, options });
  }
}

/** A developer key's hourly budgets and requests in flight. @example await operator.limits.get(devKeyId); */
export class DevKeyLimits {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  get(devKeyId: string, options?: RequestOptions): Promise<OperatorLimits> {
    return this.#send({ method: "GET", path: path`/limits/${devKeyId}`, options });
  }
}

/** What billet would have sent by SMS, voice or e-mail (MFA codes, invitations), newest first. */
export class OperatorOutbox {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  async list(
    filter: { to?: string; userId?: string; limit?: number } = {},
    options?: RequestOptions,
  ): Promise<OperatorOutboxMessage[]> {
    const answer = await this.#send<OperatorResults<OperatorOutboxMessage>>({
      method: "GET",
      path: "/outbox",
      query: filter,
      options,
    });
    return answer.results;
  }

  /** The newest message, optionally to one recipient. */
  async latest(to?: string, options?: RequestOptions): Promise<OperatorOutboxMessage | undefined> {
    return (await this.list({ to, limit: 1 }, options))[0];
  }

  /**
   * The 6-digit code in the newest message to `to`.
   * @example const token = await operator.outbox.latestCode("+15551234567");
   */
  async latestCode(to?: string, options?: RequestOptions): Promise<string> {
    const message = await this.latest(to, options);
    const code = message?.text.match(/\b(\d{6})\b/)?.[1];
    if (!code) throw new Error(`no 6-digit code in the outbox${to ? ` for ${to}` : ""}`);
    return code;
  }
}

/** The audit log of authentication decisions, newest first. */
export class OperatorAuditLog {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** @example const failures = await operator.audit.list({ event: "login.failure" }); */
  async list(
    filter: {
      organizationId?: string;
      userId?: string;
      event?: string;
      from?: string;
      to?: string;
      limit?: number;
    } = {},
    options?: RequestOptions,
  ): Promise<OperatorAuditEvent[]> {
    const answer = await this.#send<OperatorResults<OperatorAuditEvent>>({
      method: "GET",
      path: "/audit",
      query: filter,
      options,
    });
    return answer.results;
  }
}

/** The last requests the server answered, newest first, with every secret redacted. */
export class OperatorRequestLog {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** @example const [last] = await operator.requests.list(1); */
  async list(limit?: number, options?: RequestOptions): Promise<OperatorRequestLogEntry[]> {
    const answer = await this.#send<OperatorResults<OperatorRequestLogEntry>>({
      method: "GET",
      path: "/requests",
      query: { limit },
      options,
    });
    return answer.results;
  }
}
