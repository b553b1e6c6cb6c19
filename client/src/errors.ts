/**
 * Errors thrown by the client. Every HTTP error answer becomes one `BillApiError` subclass,
 * chosen in one place (`errorFromResponse`, in error-from-response.ts); transport failures
 * are `APIConnectionError`s.
 */
import type { BillErrorEntry } from "./types.ts";

/**
 * The params of an error entry as a record (`{ paramName0: "username" }`), read from BILL's
 * array of `{ name, value }`; `{}` when there are none. Given a `BillApiError`, reads its
 * first entry.
 *
 * @example
 * if (error instanceof BadRequestError && errorParams(error).paramName0 === "phone") fixPhone();
 */
export function errorParams(error: BillErrorEntry | BillApiError | undefined): Record<string, string> {
  const entry = error instanceof BillApiError ? error.errors[0] : error;
  const params: Record<string, string> = {};
  for (const param of Array.isArray(entry?.params) ? entry.params : []) {
    if (typeof param?.name === "string" && typeof param.value === "string") params[param.name] = param.value;
  }
  return params;
}

/**
 * Root of every error the client throws, so `catch (e) { if (e instanceof BillClientError) }`
 * tells client errors from bugs in the caller's own code.
 *
 * @example
 * try {
 *   await client.sessions.details();
 * } catch (error) {
 *   if (error instanceof BillClientError) console.error(error.message);
 * }
 */
export class BillClientError extends Error {
  override name = "BillClientError";
}

/** What `errorFromResponse` reads from an HTTP error answer. */
export interface ApiErrorInit {
  status: number;
  errors: BillErrorEntry[];
  headers: Headers;
  message: string;
}

/**
 * An HTTP answer with a non-2xx status. `code` is the first BDC code of BILL's error array,
 * `errors` the whole array (empty when the body was not one), `requestId` the server's
 * `X-Request-Id` header (quote it in support requests).
 *
 * @example
 * try {
 *   await client.sessions.login({ username, password, organizationId });
 * } catch (error) {
 *   if (error instanceof BillApiError && error.code === "BDC_1110") {
 *     console.error(`login locked (request ${error.requestId})`);
 *   }
 * }
 */
export class BillApiError extends BillClientError {
  override name = "BillApiError";
  /** HTTP status of the answer. */
  readonly status: number;
  /** First BDC code of the error array, e.g. `"BDC_1109"`; undefined for a non-BILL body. */
  readonly code: string | undefined;
  /** Every entry of BILL's error array; `[]` when the body was not such an array. */
  readonly errors: BillErrorEntry[];
  /** The `X-Request-Id` response header, when present. */
  readonly requestId: string | undefined;
  /** The `Retry-After` response header in seconds, when present and valid. */
  readonly retryAfterSeconds: number | undefined;
  /** All response headers. */
  readonly headers: Headers;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.errors = init.errors;
    this.code = init.errors[0]?.code;
    this.headers = init.headers;
    this.requestId = init.headers.get("x-request-id") ?? undefined;
    this.retryAfterSeconds = parseRetryAfter(init.headers.get("retry-after"));
  }
}

/**
 * 400: malformed input (`BDC_1108`, `BDC_1122`, `BDC_1123`, `BDC_9001`, ...).
 *
 * @example
 * if (error instanceof BadRequestError) console.error(error.errors.map((e) => errorParams(e)));
 */
export class BadRequestError extends BillApiError {
  override name = "BadRequestError";
}
/**
 * 401: credentials, devKey or session rejected (`BDC_1101`, `BDC_1102`, `BDC_1109`, ...).
 *
 * @example
 * if (error instanceof AuthenticationError && error.code === "BDC_1101") askForPassword();
 */
export class AuthenticationError extends BillApiError {
  override name = "AuthenticationError";
}
/**
 * 403: locked organization, untrusted session, missing permission.
 *
 * @example
 * if (error instanceof PermissionDeniedError && error.code === "BDC_1361") await stepUp();
 */
export class PermissionDeniedError extends BillApiError {
  override name = "PermissionDeniedError";
}
/**
 * 404: unknown path (`BDC_1121`) or an id that does not exist (`BDC_9005`).
 *
 * @example
 * if (error instanceof NotFoundError) return undefined;
 */
export class NotFoundError extends BillApiError {
  override name = "NotFoundError";
}
/**
 * 405: wrong method on a known path.
 *
 * @example
 * if (error instanceof MethodNotAllowedError) throw new Error("client/server mismatch");
 */
export class MethodNotAllowedError extends BillApiError {
  override name = "MethodNotAllowedError";
}
/**
 * 409: duplicate (`BDC_9008`).
 *
 * @example
 * if (error instanceof ConflictError) console.error(errorParams(error).paramName0);
 */
export class ConflictError extends BillApiError {
  override name = "ConflictError";
}
/**
 * 413: request body too large (`BDC_9007`).
 *
 * @example
 * if (error instanceof PayloadTooLargeError) console.error("body over 64 KiB");
 */
export class PayloadTooLargeError extends BillApiError {
  override name = "PayloadTooLargeError";
}
/**
 * 415: a body sent without `Content-Type: application/json`.
 *
 * @example
 * if (error instanceof UnsupportedMediaTypeError) console.error(error.message);
 */
export class UnsupportedMediaTypeError extends BillApiError {
  override name = "UnsupportedMediaTypeError";
}
/**
 * 422: a limit was reached.
 *
 * @example
 * if (error instanceof UnprocessableEntityError) console.error(error.code);
 */
export class UnprocessableEntityError extends BillApiError {
  override name = "UnprocessableEntityError";
}
/**
 * 422 `BDC_1144` (hourly budget spent; never retried) or `BDC_1322` (too many concurrent
 * requests; thrown only after the client's retries ran out). See `retryAfterSeconds`.
 *
 * @example
 * if (error instanceof RateLimitError) scheduleRetryIn(error.retryAfterSeconds ?? 60);
 */
export class RateLimitError extends UnprocessableEntityError {
  override name = "RateLimitError";
}
/**
 * 5xx: the server failed (`BDC_1001`); `requestId` identifies the logged failure.
 *
 * @example
 * if (error instanceof InternalServerError) console.error(`server failed: ${error.requestId}`);
 */
export class InternalServerError extends BillApiError {
  override name = "InternalServerError";
}

/**
 * The request never got an HTTP answer (DNS, refused connection, reset, unreadable body).
 *
 * @example
 * try {
 *   await client.sessions.details();
 * } catch (error) {
 *   if (error instanceof APIConnectionError) console.error("BILL unreachable", error.cause);
 * }
 */
export class APIConnectionError extends BillClientError {
  override name = "APIConnectionError";
  constructor(message = "Connection error.", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * No answer within `timeoutMs` (per attempt). A subclass of `APIConnectionError`.
 *
 * @example
 * await client.sessions.details({ timeoutMs: 5_000 }); // throws APIConnectionTimeoutError
 */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = "APIConnectionTimeoutError";
  constructor(message = "Request timed out.") {
    super(message);
  }
}

/**
 * The caller's `AbortSignal` fired before the answer arrived (also while queued or waiting).
 *
 * @example
 * const controller = new AbortController();
 * const call = client.sessions.details({ signal: controller.signal });
 * controller.abort(); // call rejects with APIUserAbortError
 */
export class APIUserAbortError extends BillClientError {
  override name = "APIUserAbortError";
  constructor(message = "Request was aborted.") {
    super(message);
  }
}

/** `Retry-After` as seconds: delta-seconds or an HTTP date; undefined when absent/invalid. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * The token endpoint (`POST /authx/token`) refused the client credentials: RFC 6749 section
 * 5.2's `error` (`invalid_client`, `invalid_scope`, …) and `error_description`.
 *
 * @example
 * try { await client.users.list(); } catch (e) { if (e instanceof OAuthTokenError) console.log(e.error); }
 */
export class OAuthTokenError extends BillClientError {
  override name = "OAuthTokenError";
  readonly status: number;
  readonly error: string;
  readonly errorDescription: string | undefined;
  readonly headers: Headers;

  constructor(init: { status: number; error: string; errorDescription?: string; headers: Headers }) {
    super(`${init.status} ${init.error}${init.errorDescription ? `: ${init.errorDescription}` : ""}`);
    this.status = init.status;
    this.error = init.error;
    this.errorDescription = init.errorDescription;
    this.headers = init.headers;
  }
}
