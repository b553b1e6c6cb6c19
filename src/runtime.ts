import type { DestinationStream, Logger } from "pino";
import type { AuthDeps } from "./auth/context.ts";
import { createPooledArgon2Hasher } from "./auth/crypto/hash-pool.ts";
import { createArgon2Hasher, createDummyHash, type Hasher } from "./auth/crypto/passwords.ts";
import { type Delivery, outboxDelivery } from "./auth/delivery.ts";
import { idleGroups } from "./auth/sessions/expiry.ts";
import { type Clock, createOffsetClock, systemClock } from "./clock.ts";
import type { Config } from "./config.ts";
import { webhookDelivery } from "./delivery/webhook.ts";
import { createLogger } from "./logger.ts";
import { type AuditLog, createAuditLog } from "./operator/audit-log.ts";
import { isPostgresUrl } from "./stores/database-url.ts";
import { openStores } from "./stores/open-stores.ts";
import type { Stores } from "./stores/types/index.ts";

export interface Runtime {
  deps: AuthDeps;
  logger: Logger;
  auditLog: AuditLog;
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
}

export const CLOCK_OFFSET_SETTING = "sandbox.clockOffsetMs";

/**
 * In sandbox mode the clock is real time plus an offset the operator can move; the offset is
 * kept in the store so that a restart does not send sandbox time backwards.
 */
async function sandboxClock(
  config: Config,
  stores: Stores,
): Promise<{ clock: Clock; refresh?: () => Promise<void> }> {
  if (config.mode !== "sandbox") return { clock: systemClock };
  const savedOffset = async () => {
    const saved = Number(await stores.settings.get(CLOCK_OFFSET_SETTING));
    return Number.isFinite(saved) ? saved : 0;
  };
  const clock = createOffsetClock(await savedOffset());
  if (!isPostgresUrl(config.databaseUrl)) return { clock };
  // One indexed read per request, in sandbox mode only: the price of one fleet-wide test clock.
  const refresh = async () => {
    const offset = await savedOffset();
    if (offset !== clock.offset()) clock.advance(offset - clock.offset());
  };
  return { clock, refresh };
}

/** Opens the stores and wires the domain's dependencies: what the server and the CLI share. */
export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = createLogger(config.logLevel, options.logStream);
  const stores =
    options.stores ??
    (await openStores({
      databaseUrl: config.databaseUrl,
      sessionFlushIntervalMs: config.sessionFlushMs,
      sessionCacheEntries: config.sessionCacheSize,
      poolSize: config.databasePoolSize,
      onConnectionError: (err) => logger.warn({ err }, "database connection lost"),
      limitFlushIntervalMs: config.limitFlushMs,
      redisUrl: config.redisUrl,
      redisKeyPrefix: config.redisKeyPrefix,
      lockoutsInDatabase: config.lockoutsInDatabase,
      // Redis activity keys live as long as the longest idle rule of any sign-in mode.
      sessionIdleMs: Math.max(...idleGroups(config).map((group) => group.idleSeconds)) * 1000,
      onRedisError: (err) => logger.warn({ err }, "redis connection lost"),
    }));
  const pool =
    options.hasher || config.hashPriority !== "low" ? undefined : createPooledArgon2Hasher(config.argon2);
  const hasher = options.hasher ?? pool ?? createArgon2Hasher(config.argon2);
  const sandbox = options.clock ? undefined : await sandboxClock(config, stores);
  const clock = options.clock ?? sandbox?.clock ?? systemClock;
  const auditLog = createAuditLog(logger, stores.audit, clock);
  const deps: AuthDeps = {
    stores,
    clock,
    config,
    hasher,
    dummyHash: createDummyHash(hasher),
    audit: auditLog.sink,
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
  return {
    deps,
    logger,
    auditLog,
    refreshClock: sandbox?.refresh,
    async close() {
      await auditLog.flush();
      await stores.close();
      await pool?.close();
    },
  };
}
