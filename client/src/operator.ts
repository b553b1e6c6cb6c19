import type { ApiRequest, RequestOptions } from "./core/api-core.ts";
import { type FetchLike, sendOnce } from "./core/http.ts";
import { buildUrl } from "./core/path.ts";
import { errorFromResponse } from "./error-from-response.ts";
import type { OperatorRestored } from "./operator-types.ts";
import {
  OperatorDevKeys,
  OperatorOrganizations,
  OperatorPartners,
  OperatorSyncTokens,
  OperatorUsers,
} from "./resources/operator-accounts.ts";
import { OperatorConsoles } from "./resources/operator-consoles.ts";
import { OperatorOAuthApps } from "./resources/operator-oauth-apps.ts";
import {
  DevKeyLimits,
  OperatorAuditLog,
  OperatorOutbox,
  OperatorRequestLog,
  OperatorSessions,
} from "./resources/operator-observe.ts";
import { OperatorResources, OperatorSeed } from "./resources/operator-resources.ts";
import { OperatorFaults, OperatorSnapshots, resetStore, TestClock } from "./resources/operator-sandbox.ts";
import type { Send } from "./resources/send.ts";

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
  /** Per-request timeout in milliseconds (default 30000). */
  timeoutMs?: number;
}

/**
 * A client for billet's operator API: drive the sandbox from your integration tests — move the
 * clock, arm faults, read MFA codes from the outbox, revoke sessions. Resources are small
 * classes over one send, as in `BillClient`; each call is sent once (no retries) with the
 * bearer token, and an error answer throws the error class of its status.
 *
 * @example
 * const operator = new OperatorClient({ baseUrl: "http://127.0.0.1:3000", token: process.env.BILLET_OPERATOR_TOKEN! });
 * await operator.clock.advance({ minutes: 36 }); // every idle session is now expired
 */
export class OperatorClient {
  /** The test clock (sandbox mode). @example await operator.clock.advance({ minutes: 35, seconds: 1 }); */
  readonly clock: TestClock;
  /** Armed faults (sandbox mode). @example await operator.faults.arm({ path: "/v3/login", error: "BDC_1322" }); */
  readonly faults: OperatorFaults;
  /** What billet would have sent by SMS, voice or e-mail. */
  readonly outbox: OperatorOutbox;
  readonly sessions: OperatorSessions;
  readonly organizations: OperatorOrganizations;
  readonly users: OperatorUsers;
  readonly devKeys: OperatorDevKeys;
  /** AP & AR sync tokens: made for an organization, the value shown once. */
  readonly syncTokens: OperatorSyncTokens;
  /** Partners: created with an appKey, a devKey and a first partner user, all shown once. */
  readonly partners: OperatorPartners;
  /** A developer key's hourly budgets and requests in flight. @example await operator.limits.get(devKeyId); */
  readonly limits: DevKeyLimits;
  readonly audit: OperatorAuditLog;
  readonly requests: OperatorRequestLog;
  /** An organization's AP & AR records. @example await operator.resources.list(orgId, "vendors"); */
  readonly resources: OperatorResources;
  /** Applies a seed file, idempotently. @example await operator.seed.apply(JSON.parse(text)); */
  readonly seed: OperatorSeed;
  /** BILL's Accountant Consoles. @example const { token } = await operator.consoles.createToken(id, { userId }); */
  readonly consoles: OperatorConsoles;
  /** OAuth client-credentials apps. @example await operator.oauthApps.create({ organizationId, userId, name: "ERP", scope: "accounting" }); */
  readonly oauthApps: OperatorOAuthApps;
  /** Snapshots of every record and the clock (sandbox). @example await operator.snapshots.restore(id); */
  readonly snapshots: OperatorSnapshots;
  readonly #send: Send;

  constructor(options: OperatorClientOptions) {
    if (!options.baseUrl) throw new TypeError("OperatorClient: baseUrl is required");
    if (!options.token) throw new TypeError("OperatorClient: token is required");
    const send = operatorSend({
      baseUrl: `${options.baseUrl.replace(/\/+$/, "").replace(/\/connect$/, "")}/operator/v1`,
      token: options.token,
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      timeoutMs: options.timeoutMs ?? 30_000,
    });
    this.clock = new TestClock(send);
    this.faults = new OperatorFaults(send);
    this.outbox = new OperatorOutbox(send);
    this.sessions = new OperatorSessions(send);
    this.organizations = new OperatorOrganizations(send);
    this.users = new OperatorUsers(send);
    this.devKeys = new OperatorDevKeys(send);
    this.syncTokens = new OperatorSyncTokens(send);
    this.partners = new OperatorPartners(send);
    this.limits = new DevKeyLimits(send);
    this.audit = new OperatorAuditLog(send);
    this.requests = new OperatorRequestLog(send);
    this.resources = new OperatorResources(send);
    this.seed = new OperatorSeed(send);
    this.consoles = new OperatorConsoles(send);
    this.oauthApps = new OperatorOAuthApps(send);
    this.snapshots = new OperatorSnapshots(send);
    this.#send = send;
  }

  /**
   * Resets the store (sandbox): every record gone, faults and the request log cleared, the clock
   * back to real time, then the seed the server started with (`--seed`) applied again; `to:
   * "empty"` stops at the empty store. The operator token stays.
   * @example beforeEach(() => operator.reset());
   */
  reset(options?: RequestOptions & { to?: "empty" | "seed" }): Promise<OperatorRestored> {
    return resetStore(this.#send, options);
  }
}

/** One operator call: the bearer token, JSON in and out, sent once; 4xx/5xx throw. */
function operatorSend(settings: {
  baseUrl: string;
  token: string;
  fetch: FetchLike;
  timeoutMs: number;
}): Send {
  return async <T>(request: ApiRequest): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${settings.token}`, ...request.headers };
    if (request.body !== undefined) headers["content-type"] = "application/json";
    const response = await sendOnce(settings.fetch, {
      method: request.method,
      url: buildUrl(settings.baseUrl, request.path, request.query),
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      timeoutMs: request.options?.timeoutMs ?? settings.timeoutMs,
      signal: request.options?.signal,
    });
    if (response.status >= 400) throw errorFromResponse(response.status, response.body, response.headers);
    return response.body as T;
  };
}
