import type { Server } from "node:http";
import type { Logger } from "pino";
import type { Config } from "../config.ts";

/**
 * Node's limit on a request's line and headers together (its default, made explicit); over it,
 * 431 `BDC_9012`, or 414 `BDC_9013` when the request line itself is what overflowed.
 */
export const MAX_HEADER_BYTES = 16 * 1024;

type Timeouts = Pick<Config, "headersTimeoutMs" | "receiveTimeoutMs" | "keepAliveTimeoutMs">;

/**
 * How often Node looks for requests past their headers or receive timeout (its default, 30 s,
 * would let a 10 s timeout fire at up to 40 s): a tenth of the shorter timeout, so that each
 * fires within 10% of its time, but never more often than every 10 ms nor less often than
 * every second. Each check walks only the connections with a request still arriving.
 */
export function connectionsCheckingIntervalMs(timeouts: Timeouts): number {
  const shorter = Math.min(timeouts.headersTimeoutMs, timeouts.receiveTimeoutMs);
  return Math.min(1000, Math.max(10, Math.floor(shorter / 10)));
}

/**
 * Fastify's options for the HTTP server: the timeouts, the header limit, no Host check of
 * Node's. Fastify sets `keepAliveTimeout` and
 * `requestTimeout` on the server itself after creating it (its defaults: 72 s, and none at all,
 * which let a client drip a body for ever), so they go there; the rest goes to Node through
 * `http`. `requestTimeout` is given to Node as well: it checks at creation that the headers
 * timeout is not longer, against its own 300 s default otherwise.
 */
export function httpServerOptions(timeouts: Timeouts) {
  return {
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    requestTimeout: timeouts.receiveTimeoutMs,
    http: {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.receiveTimeoutMs,
      connectionsCheckingInterval: connectionsCheckingIntervalMs(timeouts),
      maxHeaderSize: MAX_HEADER_BYTES,
      // A request without Host is refused by the onRequest hook, in BILL's form, with an
      // X-Request-Id: Node's own check answers a bare 400 with neither.
      requireHostHeader: false,
    },
  };
}

/** How often at most a refused connection is logged. */
const DROP_LOG_INTERVAL_MS = 10_000;

/**
 * Caps the open connections (0 = no cap): Node closes a connection beyond the cap as soon as
 * it is accepted, so that slow or idle clients cannot take every file descriptor (then the
 * database, the logs and /health/live fail too). Refusals are logged, at most every 10 s.
 */
export function limitConnections(server: Server, maxConnections: number, logger: Logger): void {
  if (maxConnections === 0) return;
  server.maxConnections = maxConnections;
  let dropped = 0;
  let loggedAt = Number.NEGATIVE_INFINITY;
  server.on("drop", () => {
    dropped += 1;
    const now = performance.now();
    if (now - loggedAt < DROP_LOG_INTERVAL_MS) return;
    loggedAt = now;
    logger.warn({ dropped, maxConnections }, "connections refused: BILLET_MAX_CONNECTIONS reached");
    dropped = 0;
  });
}
