import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { AuditEvent, AuditSink } from "../auth/context.ts";
import type { Hasher } from "../auth/crypto/passwords.ts";
import { idleGroups } from "../auth/sessions/expiry.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Stores } from "../stores/types/index.ts";

/** Buckets of the request latency histogram, seconds: a session check to a slow login. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Login outcomes by audit event. */
const LOGIN_OUTCOMES: Partial<Record<AuditEvent["event"], string>> = {
  "login.success": "success",
  "login.failure": "failure",
  "login.lockout": "lockout",
};

export interface Metrics {
  /** The Content-Type of text(): Prometheus' text format and its version. */
  contentType: string;
  /** One answered request: its route pattern (or `unmatched`), method, status and duration. */
  observeRequest(route: string, method: string, status: number, seconds: number): void;
  /** An audit sink that counts logins, lockouts and limit refusals, then passes the event on. */
  counting(sink: AuditSink): AuditSink;
  /** A hasher whose calls in progress (queued or running) are counted. */
  countingHasher<H extends Hasher>(hasher: H): H;
  /** A store failure: a lost connection (`database`, `redis`) or an unexpected failure of a request. */
  storeError(store: "database" | "redis" | "request"): void;
  /** Gauges read from the stores at scrape time (live sessions, slots held). */
  watchStores(stores: Stores, clock: Clock): void;
  /** The Prometheus text format. */
  text(): Promise<string>;
}

/**
 * billet's Prometheus metrics (prom-client), in a registry of their own: requests by route and
 * status with latency histograms, logins by outcome, lockouts, limit refusals, live sessions,
 * in-flight slots, password hashes in progress, store errors, and Node's process metrics.
 * Served at `GET /metrics` behind the operator token (operator/routes/metrics.ts).
 */
export function createMetrics(config: Config): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "billet_" });
  const requests = new Counter({
    name: "billet_http_requests_total",
    help: "Requests answered, by route pattern, method and status",
    labelNames: ["route", "method", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "billet_http_request_duration_seconds",
    help: "Time from a request's arrival to its answer, by route pattern",
    labelNames: ["route"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const logins = new Counter({
    name: "billet_logins_total",
    help: "Login decisions, by outcome (success, failure, lockout)",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const lockouts = new Counter({
    name: "billet_lockouts_total",
    help: "Usernames locked after too many failed logins",
    registers: [registry],
  });
  const refusals = new Counter({
    name: "billet_limit_refusals_total",
    help: "Requests refused by a limit (hourly-requests, hourly-logins, in-flight)",
    labelNames: ["limit"] as const,
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: "billet_store_errors_total",
    help: "Store failures: a lost database or Redis connection, or a request that failed unexpectedly (500 BDC_1001)",
    labelNames: ["store"] as const,
    registers: [registry],
  });
  let hashing = 0;
  new Gauge({
    name: "billet_password_hashes_in_progress",
    help: "Password hashes and verifications queued or running (the hash pool's queue)",
    registers: [registry],
    collect() {
      this.set(hashing);
    },
  });

  // Children per label set, made once, looked up by route, method and status in turn: a
  // request's metrics cost two increments and no string built.
  type Child = { count: { inc(): void }; seconds: { observe(v: number): void } };
  const requestChildren = new Map<string, Map<string, Map<number, Child>>>();
  const childOf = (route: string, method: string, status: number): Child => {
    let byMethod = requestChildren.get(route);
    if (!byMethod) {
      byMethod = new Map();
      requestChildren.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (!byStatus) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    let child = byStatus.get(status);
    if (!child) {
      child = { count: requests.labels(route, method, String(status)), seconds: latency.labels(route) };
      byStatus.set(status, child);
    }
    return child;
  };

  return {
    contentType: registry.contentType,
    observeRequest(route, method, status, seconds) {
      const child = childOf(route, method, status);
      child.count.inc();
      child.seconds.observe(seconds);
    },
    counting(sink) {
      return (event) => {
        const outcome = LOGIN_OUTCOMES[event.event];
        if (outcome) logins.labels(outcome).inc();
        if (event.event === "login.lockout") lockouts.inc();
        if (event.event === "limit.refused") refusals.labels(event.reason ?? "unknown").inc();
        sink(event);
      };
    },
    countingHasher(hasher) {
      const counted = <T>(work: () => Promise<T>): Promise<T> => {
        hashing += 1;
        return work().finally(() => {
          hashing -= 1;
        });
      };
      return Object.assign(Object.create(hasher) as typeof hasher, {
        hash: (password: string) => counted(() => hasher.hash(password)),
        verify: (passwordHash: string, password: string) =>
          counted(() => hasher.verify(passwordHash, password)),
      });
    },
    storeError(store) {
      storeErrors.labels(store).inc();
    },
    watchStores(stores, clock) {
      new Gauge({
        name: "billet_sessions_live",
        help: "Sessions within their idle timeout, as the database has their activity (within the write-back interval)",
        registers: [registry],
        async collect() {
          const now = clock.now();
          let live = 0;
          for (const { idleSeconds, modes } of idleGroups(config))
            live += await stores.sessions.countActiveSince(now - idleSeconds * 1000, modes);
          this.set(live);
        },
      });
      new Gauge({
        name: "billet_inflight_slots",
        help: "In-flight slots held per (devKey, organization), summed: requests being answered",
        registers: [registry],
        async collect() {
          const held = await stores.limits.countHeld("", clock.now());
          this.set(held.reduce((total, slot) => total + slot.held, 0));
        },
      });
    },
    text: () => registry.metrics(),
  };
}
