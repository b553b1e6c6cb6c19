/**
 * The operations an operator marks MFA-protected (`BILLET_MFA_PROTECTED`), written as
 * `METHOD /v3/path` with `*` for one path segment, e.g. `POST /v3/users,PATCH /v3/organizations/*`.
 * Pure: parsed once by the configuration, matched by the MFA guard against registered routes.
 */

export interface ProtectedOperation {
  /** Upper case: GET, POST, PUT, PATCH or DELETE. */
  readonly method: string;
  /** Under `/connect`, without it: `/v3/organizations/*`. */
  readonly path: string;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
// A literal segment, `*`, or a route parameter as the route itself spells it (`:userId`).
const SEGMENT = /^(\*|:?[A-Za-z0-9._~-]+)$/;

/** Parses the comma-separated list; every malformed entry is one problem. */
export function parseProtectedOperations(raw: string): {
  operations: ProtectedOperation[];
  problems: string[];
} {
  const operations: ProtectedOperation[] = [];
  const problems: string[] = [];
  for (const entry of raw.split(",").map((part) => part.trim())) {
    if (entry === "") continue;
    const match = /^([A-Za-z]+)\s+(\S+)$/.exec(entry);
    const method = match?.[1]?.toUpperCase() ?? "";
    const path = (match?.[2] ?? "").replace(/^\/connect(?=\/)/, "").replace(/\/+$/, "");
    const segments = path.split("/").slice(1);
    if (
      !match ||
      !METHODS.includes(method) ||
      !path.startsWith("/v3/") ||
      !segments.every((segment) => SEGMENT.test(segment))
    ) {
      problems.push(
        `BILLET_MFA_PROTECTED: "${entry}" is not METHOD /v3/path (methods ${METHODS.join(", ")}; * for one path segment)`,
      );
      continue;
    }
    if (!operations.some((o) => o.method === method && o.path === path)) operations.push({ method, path });
  }
  return { operations, problems };
}

/** True when a route (method and Fastify URL such as `/connect/v3/users/:userId`) is the operation. */
export function matchesOperation(operation: ProtectedOperation, method: string, routeUrl: string): boolean {
  if (operation.method !== method.toUpperCase()) return false;
  const wanted = operation.path.split("/");
  const actual = routeUrl
    .replace(/^\/connect(?=\/)/, "")
    .replace(/\/+$/, "")
    .split("/");
  if (wanted.length !== actual.length) return false;
  return wanted.every((segment, i) => {
    const other = actual[i] ?? "";
    if (segment === "*") return other !== "";
    // A parameter matches any parameter, whatever its name.
    if (segment.startsWith(":")) return other.startsWith(":");
    return segment === other;
  });
}

/** The standard spelling, for messages and the README: `PATCH /v3/organizations/*`. */
export const describeOperation = (operation: ProtectedOperation): string =>
  `${operation.method} ${operation.path}`;
