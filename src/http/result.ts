import type { Result } from "../auth/context.ts";
import { ApiError } from "../errors.ts";

/**
 * The one way a domain result becomes an answer: its value, or the ApiError the edge answers
 * with, `Retry-After` included.
 */
export function resultValue<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  const options =
    result.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: result.retryAfterSeconds };
  throw new ApiError(result.errors, options);
}
