import type { FastifyRequest } from "fastify";
import { ApiError, type ErrorItem } from "../errors.ts";

/** What the JSON parser hands over when the body is there but is not JSON. */
export const UNPARSEABLE_BODY: unique symbol = Symbol("unparseable JSON body");

/** The request body as a JSON object, or BDC_1122 (not JSON, empty, or not an object). */
export function jsonObjectBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ApiError("INVALID_JSON");
  }
  return body as Record<string, unknown>;
}

/**
 * Reads required auth headers by name (case-insensitively, as Node lower-cases them).
 * Absent or empty headers give one BDC_1108 each, in the order given.
 */
export function requiredHeaders<const N extends string>(
  request: FastifyRequest,
  names: readonly N[],
): Record<N, string> {
  const values = {} as Record<N, string>;
  const missing: ErrorItem[] = [];
  for (const name of names) {
    const raw = request.headers[name.toLowerCase()];
    const value = Array.isArray(raw) ? raw.join(", ") : raw;
    if (value === undefined || value === "")
      missing.push({ key: "MISSING_PARAMETER", params: { paramName0: name } });
    else values[name] = value;
  }
  if (missing.length > 0) throw new ApiError(missing);
  return values;
}

/** The request body as a JSON array of objects (a bulk call), or BDC_1122. */
export function jsonArrayBody(request: FastifyRequest): Record<string, unknown>[] {
  const body = request.body;
  if (
    !Array.isArray(body) ||
    body.some((item) => item === null || typeof item !== "object" || Array.isArray(item))
  ) {
    throw new ApiError("INVALID_JSON");
  }
  return body as Record<string, unknown>[];
}
