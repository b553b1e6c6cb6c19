import type { Result } from "../auth/context.ts";
import { ApiError } from "../errors.ts";

/**
 * The one way a domain result becomes an answer: its value, or the ApiError the edge answers
 * with, `Retry-After` included.
 */
export function resultValue<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw resultError(result);
}

/** The ApiError of a failed result, for a callback that passes it on instead of throwing. */
export function resultError<T>(result: Result<T> & { ok: false }): ApiError {
  const options =
    result.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: result.retryAfterSeconds };
  return new ApiError(result.errors, options);
}
