import type { FastifyReply, FastifyRequest } from "fastify";
import type { AuthDeps } from "../../auth/context.ts";
import { digestsEqual, hashSecret } from "../../auth/crypto/ids.ts";
import { ApiError, ERROR_CODES } from "../../errors.ts";
import { operatorLock, recordOperatorFailure } from "../auth-throttle.ts";
import type { OperatorPlane } from "../plane.ts";

export const OPERATOR_PREFIX = "/operator/v1";

/**
 * onRequest hook of every operator route: a bearer token that hashes to the configured one,
 * from a client IP that has not spent its budget of failed attempts (operator/auth-throttle.ts).
 * Every failure and every refusal by the throttle is audited, with the IP, never the token.
 */
export function operatorGuard(deps: AuthDeps, plane: OperatorPlane) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const ip = request.ip;
    const lock = await operatorLock(deps, ip);
    if (lock) {
      deps.audit({
        event: "operator.auth.limited",
        code: ERROR_CODES.LOGIN_LOCKED.code,
        ip,
        count: lock.count,
        limit: deps.config.operatorFailureLimit,
      });
      throw new ApiError("LOGIN_LOCKED", { retryAfterSeconds: lock.retryAfterSeconds });
    }
    const header = request.headers.authorization;
    const token = typeof header === "string" && /^Bearer /i.test(header) ? header.slice(7).trim() : "";
    // Constant time: the token is a secret and this compares it with the stored hash.
    if (!plane.tokenHash || !token || !digestsEqual(hashSecret(token), plane.tokenHash)) {
      const count = await recordOperatorFailure(deps, ip);
      deps.audit({
        event: "operator.auth.failure",
        code: ERROR_CODES.OPERATOR_UNAUTHORIZED.code,
        ip,
        reason: token ? "wrong-token" : "no-token",
        ...(count === undefined ? {} : { count }),
      });
      throw new ApiError("OPERATOR_UNAUTHORIZED");
    }
  };
}

/** The test clock and faults answer only in sandbox mode. */
export function requireSandbox(plane: OperatorPlane): void {
  if (!plane.sandbox) throw new ApiError("SANDBOX_ONLY");
}

/** A `limit` query parameter: 1–1000, default 100. */
export function limitParam(query: unknown, fallback = 100): number {
  const raw = (query as Record<string, unknown> | undefined)?.limit;
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new ApiError({ key: "INVALID_VALUE", params: { paramName0: "limit" } });
  }
  return value;
}

/** A string query parameter, or undefined. */
export function queryString(query: unknown, name: string): string | undefined {
  const raw = (query as Record<string, unknown> | undefined)?.[name];
  return typeof raw === "string" && raw !== "" ? raw : undefined;
}

/** A time query parameter: ISO-8601 or Unix ms. */
export function timeParam(query: unknown, name: string): number | undefined {
  const raw = queryString(query, name);
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(value)) throw new ApiError({ key: "INVALID_VALUE", params: { paramName0: name } });
  return value;
}
