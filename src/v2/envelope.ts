/**
 * BILL's v2 answer (docs/bill-sign-in-modes.md section 2.1): every answer is one envelope,
 * `{response_status, response_message, response_data}`; an error carries one
 * `{error_code, error_message}` in `response_data`. Pure.
 */
import { ERROR_CODES, type ErrorItem, formatMessage } from "../errors.ts";

/** A v2 error as a mapping gives it (src/v2/entity.ts): BILL's code and message. */
export interface V2Failure {
  ok: false;
  code: string;
  message: string;
}

export interface V2Success<T = unknown> {
  response_status: 0;
  response_message: "Success";
  response_data: T;
}

export interface V2ErrorBody {
  response_status: 1;
  response_message: "Error";
  response_data: { error_code: string; error_message: string };
}

export const v2Success = <T>(data: T): V2Success<T> => ({
  response_status: 0,
  response_message: "Success",
  response_data: data,
});

export const v2Error = (code: string, message: string): V2ErrorBody => ({
  response_status: 1,
  response_message: "Error",
  response_data: { error_code: code, error_message: message },
});

/**
 * The envelope of the error table's items: v2 carries one error, so the first item is the
 * answer (a v3 step may find several, e.g. two missing fields).
 */
export function v2ErrorOf(items: readonly ErrorItem[]): V2ErrorBody {
  const [first] = items;
  if (!first) return v2Error(ERROR_CODES.SYSTEM_ERROR.code, ERROR_CODES.SYSTEM_ERROR.message);
  const definition = ERROR_CODES[first.key];
  return v2Error(definition.code, formatMessage(definition.message, first.params ?? {}));
}

/** Whether a parsed answer is v2's error envelope. */
export const isV2Error = (body: unknown): body is V2ErrorBody =>
  typeof body === "object" && body !== null && (body as { response_status?: unknown }).response_status === 1;

/**
 * A v2 "no" carrying BILL's code and message as they are (a mapping's V2Failure), thrown by a
 * v2 route and answered in the envelope by the v2 error handler (src/routes/v2/index.ts).
 */
export class V2Refusal extends Error {
  readonly code: string;
  constructor(failure: Pick<V2Failure, "code" | "message">) {
    super(failure.message);
    this.name = "V2Refusal";
    this.code = failure.code;
  }
}

/** A mapping's or a reader's result: its value, or the V2Refusal the v2 error handler answers. */
export function v2Value<T>(result: { ok: true; value: T } | V2Failure): T {
  if (result.ok) return result.value;
  throw new V2Refusal(result);
}
