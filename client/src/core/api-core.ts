/**
 * The request core every resource calls: headers, the per-organization concurrency cap,
 * `BDC_1322` and connection retries, and the one-time re-login on `BDC_1109`
 * (BILL's "API login best practices").
 */
import { errorFromResponse } from "../error-from-response.ts";
import { APIConnectionError, APIUserAbortError, parseRetryAfter } from "../errors.ts";
import type { LoginResponse } from "../types.ts";
import { retryDelayMs, type Sleep } from "./backoff.ts";
import { type FetchLike, sendOnce, type WireResponse } from "./http.ts";
import { ConcurrencyLimiter } from "./limiter.ts";
import type { OAuthTokens } from "./oauth.ts";
import { buildUrl, type QueryParams } from "./path.ts";
import { type LoginCredentials, SessionState } from "./session-state.ts";

/** Per-call options accepted by every resource method. */
export interface RequestOptions {
  /** Aborts the call (also while it waits for a slot or a retry): `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for each attempt of this call. */
  timeoutMs?: number;
}

/** What a resource asks the core for. */
export interface ApiRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path under the base URL, built with the `path` tag. */
  path: string;
  query?: QueryParams;
  /** Sent as JSON when present. */
  body?: unknown;
  /** Send `devKey` + `sessionId` (default true). */
  auth?: boolean;
  /** Log in again and replay once on `BDC_1109` (default: same as `auth`). */
  relogin?: boolean;
  /** Concurrency lane; default: the organization of the current session. */
  organizationId?: string;
  headers?: Record<string, string>;
  options?: RequestOptions;
}

/** Settings the core runs with (the client's options with defaults applied). */
export interface CoreSettings {
  baseUrl: string;
  devKey: string;
  fetch: FetchLike;
  timeoutMs: number;
  maxRetries: number;
  relogin: boolean;
  maxConcurrentPerOrganization: number;
  sleep: Sleep;
  /** OAuth client credentials: calls carry `Authorization: Bearer` instead of devKey + sessionId. */
  oauth?: OAuthTokens;
}

const IDEMPOTENT_METHODS = new Set(["GET"]);

/**
 * Internal: holds the session and the limiter, and runs every call. Resources get it in
 * their constructor; users reach it only through `BillClient`.
 *
 * @example
 * const data = await core.request<SessionDetails>({ method: "GET", path: "/v3/login/session" });
 */
export class ApiCore {
  readonly settings: CoreSettings;
  readonly session = new SessionState();
  readonly #limiter: ConcurrencyLimiter;

  constructor(settings: CoreSettings) {
    this.settings = settings;
    this.#limiter = new ConcurrencyLimiter(settings.maxConcurrentPerOrganization);
  }

  /** Sends a call, maps errors, re-logs in once on `BDC_1109`. Resolves with the JSON body. */
  async request<T>(request: ApiRequest): Promise<T> {
    const auth = request.auth ?? true;
    const mayRelogin = (request.relogin ?? auth) && auth;
    let reloggedIn = false;
    const oauth = this.settings.oauth;
    for (;;) {
      const sentSessionId = this.session.sessionId;
      const bearer = auth && oauth ? await oauth.token(request.options?.signal) : undefined;
      const response = await this.#sendWithRetries(request, auth ? sentSessionId : null, auth, bearer);
      if (response.status >= 200 && response.status < 300) return response.body as T;
      const error = errorFromResponse(response.status, response.body, response.headers);
      // A token that ended early (revoked, logged out, the server's clock): one new token, once.
      if (oauth && bearer !== undefined && response.status === 401 && !reloggedIn) {
        reloggedIn = true;
        oauth.invalidate(bearer);
        continue;
      }
      if (
        error.code === "BDC_1109" &&
        mayRelogin &&
        !reloggedIn &&
        this.settings.relogin &&
        this.session.credentials
      ) {
        reloggedIn = true;
        await this.session.reloginAfter(sentSessionId, (credentials) => this.login(credentials));
        continue;
      }
      throw error;
    }
  }

  /** `POST /v3/login`; on success the session and credentials are remembered. */
  async login(credentials: LoginCredentials, options?: RequestOptions): Promise<LoginResponse> {
    const result = await this.request<LoginResponse>({
      method: "POST",
      path: "/v3/login",
      body: { ...credentials, devKey: this.settings.devKey },
      auth: false,
      organizationId: credentials.organizationId,
      options,
    });
    this.session.loggedIn(result, credentials);
    return result;
  }

  /** One exchange, not retried, not mapped to errors, not capped. */
  raw(request: {
    method: string;
    path: string;
    query?: QueryParams;
    headers: Record<string, string>;
    body?: string | Uint8Array;
    options?: RequestOptions;
  }): Promise<WireResponse> {
    return sendOnce(this.settings.fetch, {
      method: request.method,
      url: buildUrl(this.settings.baseUrl, request.path, request.query),
      headers: request.headers,
      body: request.body,
      timeoutMs: request.options?.timeoutMs ?? this.settings.timeoutMs,
      signal: request.options?.signal,
    });
  }

  /** The `devKey` + `sessionId` headers (sessionId only when there is one). */
  authHeaders(sessionId: string | null = this.session.sessionId): Record<string, string> {
    const headers: Record<string, string> = { devKey: this.settings.devKey };
    if (sessionId !== null) headers.sessionId = sessionId;
    return headers;
  }

  async #sendWithRetries(
    request: ApiRequest,
    sessionId: string | null,
    auth: boolean,
    bearer?: string,
  ): Promise<WireResponse> {
    const headers: Record<string, string> = { Accept: "application/json", ...request.headers };
    let body: string | undefined;
    if (request.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(request.body);
    }
    if (auth && bearer !== undefined) headers.Authorization = `Bearer ${bearer}`;
    else if (auth) Object.assign(headers, this.authHeaders(sessionId));
    const lane = request.organizationId ?? this.session.organizationId ?? "";
    const signal = request.options?.signal;
    for (let retry = 0; ; retry++) {
      // The slot is held for the exchange only, never while sleeping or re-logging in.
      const release = await this.#limiter.acquire(lane, signal);
      let response: WireResponse | undefined;
      let failure: unknown;
      try {
        response = await this.raw({ ...request, headers, body });
      } catch (error) {
        failure = error;
      } finally {
        release();
      }
      if (response === undefined) {
        // A create with an idempotency key is safe to send again: the server answers a repeat
        // with the first response instead of creating twice.
        const safe = IDEMPOTENT_METHODS.has(request.method) || hasIdempotencyKey(request.headers);
        const retryable = failure instanceof APIConnectionError && safe;
        if (!retryable || retry >= this.settings.maxRetries) throw failure;
        await this.#pause(retryDelayMs(retry, undefined), signal);
        continue;
      }
      if (!isConcurrencyRejection(response) || retry >= this.settings.maxRetries) return response;
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      await this.#pause(retryDelayMs(retry, retryAfter), signal);
    }
  }

  async #pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    await this.settings.sleep(ms);
    if (signal?.aborted) throw new APIUserAbortError();
  }
}

function hasIdempotencyKey(headers: Record<string, string> | undefined): boolean {
  return Object.keys(headers ?? {}).some((name) => name.toLowerCase() === "x-idempotent-key");
}

function isConcurrencyRejection(response: WireResponse): boolean {
  if (response.status !== 422 || !Array.isArray(response.body)) return false;
  const first: unknown = response.body[0];
  return typeof first === "object" && first !== null && "code" in first && first.code === "BDC_1322";
}
