import type { DestinationStream, Logger } from "pino";
import type { AuthDeps } from "./auth/context.ts";
import { createPooledArgon2Hasher } from "./auth/crypto/hash-pool.ts";
import { createArgon2Hasher, createDummyHash, type Hasher } from "./auth/crypto/passwords.ts";
import { type Delivery, outboxDelivery } from "./auth/delivery.ts";
import { idleGroups } from "./auth/sessions/expiry.ts";
import {
  type Clock,
  createOffsetClock,
  type SandboxClock,
  type SandboxClockState,
  systemClock,
} from "./clock.ts";
import type { Config } from "./config.ts";
import { webhookDelivery } from "./delivery/webhook.ts";
import { createLogger } from "./logger.ts";
import { type AuditLog, createAuditLog } from "./operator/audit-log.ts";
import type { Metrics } from "./operator/metrics.ts";
import { metricsOff } from "./operator/metrics-off.ts";
import { isPostgresUrl } from "./stores/database-url.ts";
import { openStores } from "./stores/open-stores.ts";
import type { Stores } from "./stores/types/index.ts";

export interface Runtime {
  deps: AuthDeps;
  logger: Logger;
  auditLog: AuditLog;
  /** Prometheus metrics (operator/metrics.ts), served at GET /metrics. */
  metrics: Metrics;
  /**
   * Sandbox mode on a shared database: reads the test clock's offset that any instance (or an
   * earlier start) saved, so that a clock move made on one instance applies on all of them at
   * their next request. Undefined where there is nothing to share (service mode, SQLite, a
   * clock given by a test).
   */
  refreshClock: (() => Promise<void>) | undefined;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  clock?: Clock;
  hasher?: Hasher;
  logStream?: DestinationStream;
  /** Already opened stores (tests); otherwise they are opened from the configuration. */
  stores?: Stores;
  /** Where messages go; the store's outbox by default. */
  delivery?: Delivery;
  /**
   * false: no Prometheus metrics (a CLI command, which serves no /metrics). prom-client is then
   * never loaded, which is a tenth of a command's start-up.
   */
  metrics?: boolean;
}

/** Where the sandbox clock stood before it could be frozen: its offset alone, a number. */
export const CLOCK_OFFSET_SETTING = "sandbox.clockOffsetMs";
/** The sandbox clock's state (`SandboxClockState` as JSON): its offset, and where it is frozen. */
export const CLOCK_SETTING = "sandbox.clock";

/** The sandbox clock's saved state; real time when nothing (readable) was saved. */
export async function savedClockState(stores: Stores): Promise<SandboxClockState> {
  const saved = await stores.settings.get(CLOCK_SETTING);
  if (saved !== undefined) {
    try {
      const state = JSON.parse(saved) as Partial<SandboxClockState>;
      const offsetMs = Number.isFinite(state.offsetMs) ? Number(state.offsetMs) : 0;
      const frozenAtMs = Number.isFinite(state.frozenAtMs) ? Number(state.frozenAtMs) : null;
      return { offsetMs, frozenAtMs };
    } catch {
      // An unreadable value: the older key, or real time.
    }
  }
  const offset = Number(await stores.settings.get(CLOCK_OFFSET_SETTING));
  return { offsetMs: Number.isFinite(offset) ? offset : 0, frozenAtMs: null };
}

/** Saves the sandbox clock's state, for a restart and for the other instances of a fleet. */
export async function saveClockState(stores: Stores, clock: SandboxClock): Promise<void> {
  await stores.settings.set(CLOCK_SETTING, JSON.stringify(clock.state()), Date.now());
}

/**
 * In sandbox mode the clock is real time plus an offset the operator can move, or frozen; its
 * state is kept in the store so that a restart does not send sandbox time backwards.
 */
async function sandboxClock(
  config: Config,
  stores: Stores,
): Promise<{ clock: Clock; refresh?: () => Promise<void> }> {
  if (config.mode !== "sandbox") return { clock: systemClock };
  const initial = await savedClockState(stores);
  const clock = createOffsetClock(initial.offsetMs, systemClock, initial.frozenAtMs);
  if (!isPostgresUrl(config.databaseUrl)) return { clock };
  // One indexed read per request, in sandbox mode only: the price of one fleet-wide test clock.
  const refresh = async () => {
    const saved = await savedClockState(stores);
    const now = clock.state();
    if (saved.offsetMs !== now.offsetMs || saved.frozenAtMs !== now.frozenAtMs) clock.restore(saved);
  };
  return { clock, refresh };
}

/** Opens the stores and wires the domain's dependencies: what the server and the CLI share. */
export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = createLogger(config.logLevel, options.logStream, config.logFormat);
  const metrics =
    options.metrics === false ? metricsOff() : (await import("./operator/metrics.ts")).createMetrics(config);
  const stores =
    options.stores ??
    (await openStores({
      databaseUrl: config.databaseUrl,
      sessionFlushIntervalMs: config.sessionFlushMs,
      sessionCacheEntries: config.sessionCacheSize,
      poolSize: config.databasePoolSize,
      onConnectionError: (err) => {
        metrics.storeError("database");
        logger.warn({ err }, "database connection lost");
      },
      limitFlushIntervalMs: config.limitFlushMs,
      redisUrl: config.redisUrl,
      redisKeyPrefix: config.redisKeyPrefix,
      lockoutsInDatabase: config.lockoutsInDatabase,
      // Redis activity keys live as long as the longest idle rule of any sign-in mode.
      sessionIdleMs: Math.max(...idleGroups(config).map((group) => group.idleSeconds)) * 1000,
      onRedisError: (err) => {
        metrics.storeError("redis");
        logger.warn({ err }, "redis connection lost");
      },
    }));
  const pool =
    options.hasher || config.hashPriority !== "low" ? undefined : createPooledArgon2Hasher(config.argon2);
  const hasher = metrics.countingHasher(options.hasher ?? pool ?? createArgon2Hasher(config.argon2));
  const sandbox = options.clock ? undefined : await sandboxClock(config, stores);
  const clock = options.clock ?? sandbox?.clock ?? systemClock;
  const auditLog = createAuditLog(logger, stores.audit, clock);
  const deps: AuthDeps = {
    stores,
    clock,
    config,
    hasher,
    dummyHash: createDummyHash(hasher),
    audit: metrics.counting(auditLog.sink),
    delivery:
      options.delivery ??
      (config.deliveryWebhookUrl
        ? webhookDelivery({
            url: config.deliveryWebhookUrl,
            secret: config.deliveryWebhookSecret,
            timeoutMs: config.deliveryWebhookTimeoutMs,
            clock,
          })
        : outboxDelivery(stores.outbox, clock)),
  };
  metrics.watchStores(stores, clock);
  return {
    deps,
    logger,
    auditLog,
    metrics,
    refreshClock: sandbox?.refresh,
    async close() {
      await auditLog.flush();
      await stores.close();
      await pool?.close();
    },
  };
}
