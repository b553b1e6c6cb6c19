/**
 * The one place where an HTTP error answer is turned into an error class.
 */
import {
  type ApiErrorInit,
  AuthenticationError,
  BadRequestError,
  BillApiError,
  ConflictError,
  InternalServerError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  UnsupportedMediaTypeError,
} from "./errors.ts";
import type { BillErrorEntry } from "./types.ts";

/** BDC codes answered with 422 that mean "slow down". */
export const RATE_LIMIT_CODES: ReadonlySet<string> = new Set(["BDC_1144", "BDC_1322"]);

/**
 * Turns one HTTP error answer into the matching error class. The body is BILL's error array
 * when the server is BILL or billet; anything else (HTML from a proxy, plain text, an object)
 * still yields the class for the status, with `code` undefined and `errors` empty.
 *
 * @example
 * const error = errorFromResponse(401, [{ code: "BDC_1109", ... }], response.headers);
 * error instanceof AuthenticationError; // true
 */
export function errorFromResponse(status: number, body: unknown, headers: Headers): BillApiError {
  const errors = Array.isArray(body) ? body.filter(isErrorEntry) : [];
  const first = errors[0];
  const detail = first
    ? `${first.code}: ${first.message}`
    : typeof body === "string" && body.length > 0
      ? body.slice(0, 200)
      : "no BILL error body";
  const init: ApiErrorInit = { status, errors, headers, message: `${status} ${detail}` };
  const ErrorClass = errorClassFor(status, first?.code);
  return new ErrorClass(init);
}

function errorClassFor(status: number, code: string | undefined): typeof BillApiError {
  if (status === 429 || (status === 422 && code !== undefined && RATE_LIMIT_CODES.has(code))) {
    return RateLimitError;
  }
  if (status >= 500) return InternalServerError;
  return STATUS_CLASSES[status] ?? BillApiError;
}

const STATUS_CLASSES: Record<number, typeof BillApiError | undefined> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  405: MethodNotAllowedError,
  409: ConflictError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  422: UnprocessableEntityError,
};

function isErrorEntry(value: unknown): value is BillErrorEntry {
  return (
    typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "string"
  );
}
