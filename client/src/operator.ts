import { type FetchLike, sendOnce } from "./core/http.ts";
import { buildUrl, path, type QueryParams } from "./core/path.ts";
import { errorFromResponse } from "./error-from-response.ts";
import type {
  OperatorAuditEvent,
  OperatorCleared,
  OperatorClock,
  OperatorClockAdvanced,
  OperatorCreatedDevKey,
  OperatorCreatedPartner,
  OperatorCreatedUser,
  OperatorDeactivatedDevKey,
  OperatorDevKey,
  OperatorEmailChange,
  OperatorFault,
  OperatorFaultInput,
  OperatorLimits,
  OperatorMembershipChange,
  OperatorMfaFailures,
  OperatorMfaFailuresCleared,
  OperatorOrganization,
  OperatorOrganizationLock,
  OperatorOutboxMessage,
  OperatorPartner,
  OperatorPasswordSet,
  OperatorRequestLogEntry,
  OperatorSession,
  OperatorSessionRevoked,
  OperatorSessionsRevoked,
  OperatorUser,
} from "./operator-types.ts";

export interface OperatorClientOptions {
  /**
   * The origin of the listener that serves the operator API, e.g. `http://127.0.0.1:3000`: the
   * server's own, or its operator listener's when it has one (`BILLET_OPERATOR_PORT`, the
   * `operatorUrl` of its startup report). A trailing `/connect` is ignored.
   */
  baseUrl: string;
  /** The operator token (`BILLET_OPERATOR_TOKEN`, or the one sandbox mode printed). */
  token: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

type Results<T> = { results: T[] };

/**
 * A client for billet's operator API: drive the sandbox from your integration tests — move the
 * clock, arm faults, read MFA codes from the outbox, revoke sessions.
 *
 * @example
 * const operator = new OperatorClient({ baseUrl: "http://127.0.0.1:3000", token: process.env.BILLET_OPERATOR_TOKEN! });
 * await operator.clock.advance({ minutes: 36 }); // every idle session is now expired
 */
export class OperatorClient {
  readonly #baseUrl: string;
  readonly #token: string;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;

  constructor(options: OperatorClientOptions) {
    if (!options.baseUrl) throw new TypeError("OperatorClient: baseUrl is required");
    if (!options.token) throw new TypeError("OperatorClient: token is required");
    this.#baseUrl = `${options.baseUrl.replace(/\/+$/, "").replace(/\/connect$/, "")}/operator/v1`;
    this.#token = options.token;
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  async #call<T>(method: string, requestPath: string, body?: unknown, query?: QueryParams): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await sendOnce(this.#fetch, {
      method,
      url: buildUrl(this.#baseUrl, requestPath, query),
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: this.#timeoutMs,
    });
    if (response.status >= 400) throw errorFromResponse(response.status, response.body, response.headers);
    return response.body as T;
  }

  /** The test clock (sandbox mode). @example await operator.clock.advance({ minutes: 35, seconds: 1 }); */
  readonly clock = {
    get: () => this.#call<OperatorClock>("GET", "/clock"),
    /** @example await operator.clock.set("2026-12-01T00:00:00Z"); */
    set: (time: string | Date) =>
      this.#call<OperatorClock>("PUT", "/clock", {
        time: typeof time === "string" ? time : time.toISOString(),
      }),
    /** @example await operator.clock.advance({ hours: 1 }); */
    advance: (by: {
      days?: number;
      hours?: number;
      minutes?: number;
      seconds?: number;
      milliseconds?: number;
    }) => this.#call<OperatorClockAdvanced>("POST", "/clock/advance", by),
  };

  /** Armed faults (sandbox mode). @example await operator.faults.arm({ path: "/v3/login", error: "BDC_1322" }); */
  readonly faults = {
    arm: (fault: OperatorFaultInput) => this.#call<OperatorFault>("POST", "/faults", fault),
    list: async () => (await this.#call<Results<OperatorFault>>("GET", "/faults")).results,
    /** Clears one fault, or every fault when no id is given. */
    clear: async (id?: string) =>
      (await this.#call<OperatorCleared>("DELETE", id === undefined ? "/faults" : path`/faults/${id}`))
        .cleared,
  };

  /** What billet would have sent by SMS, voice or e-mail. */
  readonly outbox = {
    list: async (filter: { to?: string; userId?: string; limit?: number } = {}) =>
      (await this.#call<Results<OperatorOutboxMessage>>("GET", "/outbox", undefined, filter)).results,
    /** The newest message, optionally to one recipient. */
    latest: async (to?: string) => (await this.outbox.list({ to, limit: 1 }))[0],
    /**
     * The 6-digit code in the newest message to `to`.
     * @example const token = await operator.outbox.latestCode("+15551234567");
     */
    latestCode: async (to?: string) => {
      const message = await this.outbox.latest(to);
      const code = message?.text.match(/\b(\d{6})\b/)?.[1];
      if (!code) throw new Error(`no 6-digit code in the outbox${to ? ` for ${to}` : ""}`);
      return code;
    },
  };

  readonly sessions = {
    list: async (filter: { organizationId?: string; userId?: string } = {}) =>
      (await this.#call<Results<OperatorSession>>("GET", "/sessions", undefined, filter)).results,
    revoke: (ref: string) => this.#call<OperatorSessionRevoked>("DELETE", path`/sessions/${ref}`),
    /** Ends every session of a user, of an organization, or of a user in one organization. */
    revokeAll: (filter: { userId?: string; organizationId?: string }) =>
      this.#call<OperatorSessionsRevoked>("POST", "/sessions/revoke", filter),
  };

  readonly organizations = {
    list: async () => (await this.#call<Results<OperatorOrganization>>("GET", "/organizations")).results,
    create: (input: { name: string }) => this.#call<OperatorOrganization>("POST", "/organizations", input),
    lock: (id: string) => this.#call<OperatorOrganizationLock>("POST", path`/organizations/${id}/lock`),
    unlock: (id: string) => this.#call<OperatorOrganizationLock>("POST", path`/organizations/${id}/unlock`),
  };

  readonly users = {
    list: async (organizationId: string) =>
      (await this.#call<Results<OperatorUser>>("GET", path`/organizations/${organizationId}/users`)).results,
    create: (input: {
      organizationId: string;
      email: string;
      password?: string;
      role?: string;
      firstName?: string;
      lastName?: string;
    }) => this.#call<OperatorCreatedUser>("POST", "/users", input),
    archive: (userId: string, organizationId: string) =>
      this.#call<OperatorMembershipChange>("POST", path`/users/${userId}/archive`, { organizationId }),
    restore: (userId: string, organizationId: string) =>
      this.#call<OperatorMembershipChange>("POST", path`/users/${userId}/restore`, { organizationId }),
    setPassword: (userId: string, password: string) =>
      this.#call<OperatorPasswordSet>("POST", path`/users/${userId}/password`, { password }),
    /**
     * Changes a user's login e-mail: the new address confirms it (a token in the outbox), or,
     * with `force: true`, at once (audited).
     * @example await operator.users.setEmail(userId, { email: "new@example.com", force: true });
     */
    setEmail: (userId: string, input: { email: string; force?: boolean }) =>
      this.#call<OperatorEmailChange>("POST", path`/users/${userId}/email`, input),
    /** The user's wrong MFA tokens in the current 24-hour window. */
    mfaFailures: (userId: string) =>
      this.#call<OperatorMfaFailures>("GET", path`/users/${userId}/mfa-failures`),
    /** Forgets them: the user can be challenged again at once. @example await operator.users.clearMfaFailures(userId); */
    clearMfaFailures: (userId: string) =>
      this.#call<OperatorMfaFailuresCleared>("DELETE", path`/users/${userId}/mfa-failures`),
  };

  readonly devKeys = {
    list: async () => (await this.#call<Results<OperatorDevKey>>("GET", "/devkeys")).results,
    /** Creates a developer key; the answer is the only place the key is ever shown. */
    create: (input: { name: string; key?: string; mfaBypass?: boolean }) =>
      this.#call<OperatorCreatedDevKey>("POST", "/devkeys", input),
    deactivate: (id: string) =>
      this.#call<OperatorDeactivatedDevKey>("POST", path`/devkeys/${id}/deactivate`),
  };

  /** Partners: created with an appKey, a devKey and a first partner user, all shown once. */
  readonly partners = {
    list: async () => (await this.#call<Results<OperatorPartner>>("GET", "/partners")).results,
    create: (input: { name: string; username?: string; password?: string }) =>
      this.#call<OperatorCreatedPartner>("POST", "/partners", input),
  };

  /** A developer key's hourly budgets and requests in flight. @example await operator.limits.get(devKeyId); */
  readonly limits = {
    get: (devKeyId: string) => this.#call<OperatorLimits>("GET", path`/limits/${devKeyId}`),
  };

  readonly audit = {
    list: async (
      filter: {
        organizationId?: string;
        userId?: string;
        event?: string;
        from?: string;
        to?: string;
        limit?: number;
      } = {},
    ) => (await this.#call<Results<OperatorAuditEvent>>("GET", "/audit", undefined, filter)).results,
  };

  readonly requests = {
    list: async (limit?: number) =>
      (await this.#call<Results<OperatorRequestLogEntry>>("GET", "/requests", undefined, { limit })).results,
  };
}
