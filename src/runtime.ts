import type { DestinationStream, Logger } from "pino";
import { type Delivery, outboxDelivery } from "./auth/delivery.ts";
import type { AuditSink, AuthDeps } from "./auth/deps.ts";
import { createArgon2Hasher, createDummyHash, type Hasher } from "./auth/passwords.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { Config } from "./config.ts";
import { webhookDelivery } from "./delivery/webhook.ts";
import { createLogger } from "./logger.ts";
import { openStores } from "./stores/open-stores.ts";
import type { Stores } from "./stores/types.ts";

export interface Runtime {
  deps: AuthDeps;
  logger: Logger;
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

/** Opens the stores and wires the domain's dependencies: what the server and the CLI share. */
export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = createLogger(config.logLevel, options.logStream);
  const stores =
    options.stores ??
    (await openStores({
      databaseUrl: config.databaseUrl,
      sessionFlushIntervalMs: config.sessionFlushMs,
      poolSize: config.databasePoolSize,
      onConnectionError: (err) => logger.warn({ err }, "database connection lost"),
      limitFlushIntervalMs: config.limitFlushMs,
    }));
  const hasher = options.hasher ?? createArgon2Hasher(config.argon2);
  const auditLog = logger.child({ kind: "audit" });
  const audit: AuditSink = (event) => auditLog.info(event, event.event);
  const clock = options.clock ?? systemClock;
  const deps: AuthDeps = {
    stores,
    clock,
    config,
    hasher,
    dummyHash: createDummyHash(hasher),
    audit,
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
  return { deps, logger, close: () => stores.close() };
}
