/**
 * The credentials of a v2 call (docs/bill-sign-in-modes.md section 2.3): BILL's v2 sends
 * `devKey` and `sessionId` as form fields of the body, not as headers. The same session check
 * as v3 (`authenticate`), so one session works on both.
 */
import type { FastifyRequest } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import { authenticate } from "../auth/sessions/sessions.ts";
import { ApiError, type ErrorItem } from "../errors.ts";

/** The parsed form body of a v2 call (field → text, or texts when repeated), or an empty one. */
export function v2Form(request: FastifyRequest): Readonly<Record<string, unknown>> {
  const body = request.body;
  return body !== null && typeof body === "object" && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

/**
 * Reads required form fields by name. Absent or empty ones give one BDC_1108 each, in the
 * order given; a field sent twice is its values joined, as repeated headers are (a session
 * check then refuses it like any wrong value).
 */
export function requiredFormFields<const N extends string>(
  request: FastifyRequest,
  names: readonly N[],
): Record<N, string> {
  const form = v2Form(request);
  const values = {} as Record<N, string>;
  const missing: ErrorItem[] = [];
  for (const name of names) {
    const raw = Object.hasOwn(form, name) ? form[name] : undefined;
    const value = Array.isArray(raw) ? raw.join(", ") : typeof raw === "string" ? raw : undefined;
    if (value === undefined || value === "")
      missing.push({ key: "MISSING_PARAMETER", params: { paramName0: name } });
    else values[name] = value;
  }
  if (missing.length > 0) throw new ApiError(missing);
  return values;
}

/** `devKey` + `sessionId` form fields: BDC_1108 without them, BDC_1109 when not valid. */
export async function authenticateV2Session(deps: AuthDeps, request: FastifyRequest): Promise<void> {
  const fields = requiredFormFields(request, ["devKey", "sessionId"]);
  const result = await authenticate(deps, { ...fields, ip: request.ip });
  if (!result.ok) {
    request.ctx.observer?.rejected(result.reason);
    throw new ApiError(result.errors);
  }
  request.ctx.session = result.value;
}
