/**
 * `X-Idempotent-Key` (spec section 5): the first request with a key runs; a later one with
 * the same key and the same request, within 24 hours, gets the first response back byte for
 * byte; with another request, 409 BDC_9008.
 *
 * Racing requests are serialised by one atomic insert of a pending claim (the store's
 * `claim`): exactly one runs, the others wait for its response and replay it. A claim whose
 * request fails unexpectedly is released at once, so a retry can run; a claim whose holder
 * died (the process crashed) can be taken over, by the same request only, once its lease has
 * run out. A holder that dies after its create committed but before its response was stored
 * leaves that create unanswered: a retry after the lease runs it again.
 */
import { createHash } from "node:crypto";
import { type AuthDeps, fail, ok, type Result } from "../auth/context.ts";
import { hashSecret, newSecret } from "../auth/crypto/ids.ts";

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** How long a running first request holds its key before another may take it over. */
export const IDEMPOTENCY_LEASE_MS = 60 * 1000;

export interface IdempotentResponse {
  status: number;
  /** The exact bytes sent (JSON text). */
  body: string;
}

export interface IdempotentRequest {
  /** Who asks, and where: keys of different callers or routes never meet. */
  scope: string;
  key: string;
  /** Everything that makes two requests "the same" (see requestFingerprint). */
  fingerprint: string;
}

export interface WaitOptions {
  /** Real time between looks at a claim another request holds (default 25 ms). */
  pollMs?: number;
  /** Real time to wait for that request before answering 409 (default 10 s). */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** JSON with object keys sorted, so that key order does not make two bodies differ. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The fingerprint of a request: its route, the headers that select what it acts on, its body. */
export function requestFingerprint(parts: { route: string; context?: string; body: unknown }): string {
  return createHash("sha256")
    .update(`${parts.route}\n${parts.context ?? ""}\n${canonicalJson(parts.body)}`)
    .digest("hex");
}

/**
 * Runs `work` at most once per (scope, key) within the window and returns its response, or
 * the stored one (`replayed: true`). `work` answers with what is to be sent; a status of 500
 * or more, or a throw, is not remembered.
 */
export async function runIdempotent(
  deps: AuthDeps,
  request: IdempotentRequest,
  work: () => Promise<IdempotentResponse>,
  options: WaitOptions = {},
): Promise<Result<IdempotentResponse & { replayed: boolean }>> {
  const { idempotency } = deps.stores;
  const keyHash = hashSecret(`${request.scope}\n${request.key}`);
  const requestHash = hashSecret(request.fingerprint);
  const owner = newSecret();
  const pollMs = options.pollMs ?? 25;
  const sleep = options.sleep ?? realSleep;
  let waitedMs = 0;
  const conflict = () => fail<never>("ALREADY_EXISTS", { paramName0: "X-Idempotent-Key" });
  for (;;) {
    const now = deps.clock.now();
    const claimed = await idempotency.claim(
      {
        keyHash,
        requestHash,
        status: null,
        body: null,
        owner,
        lockedUntil: now + IDEMPOTENCY_LEASE_MS,
        createdAt: now,
        expiresAt: now + IDEMPOTENCY_WINDOW_MS,
      },
      now,
    );
    if (claimed) {
      let response: IdempotentResponse;
      try {
        response = await work();
      } catch (error) {
        await idempotency.release(keyHash, owner);
        throw error;
      }
      if (response.status >= 500) await idempotency.release(keyHash, owner);
      else await idempotency.complete(keyHash, owner, response.status, response.body);
      // Old keys go on the way out, so that the table does not grow without end.
      await idempotency.deleteExpired(deps.clock.now());
      return ok({ ...response, replayed: false });
    }
    const existing = await idempotency.find(keyHash);
    // Gone (released by a failed holder) or expired meanwhile: try to claim it again.
    if (!existing || existing.expiresAt <= deps.clock.now()) continue;
    if (existing.requestHash !== requestHash) return conflict();
    if (existing.status !== null && existing.body !== null) {
      return ok({ status: existing.status, body: existing.body, replayed: true });
    }
    // The same request is running elsewhere: wait for its answer rather than run it twice.
    if (waitedMs >= (options.maxWaitMs ?? 10_000)) return conflict();
    await sleep(pollMs);
    waitedMs += pollMs;
  }
}
