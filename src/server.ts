import type { DestinationStream, Logger } from "pino";
import { type App, createApp, createLogger } from "./app.ts";
import type { AuditSink, AuthDeps } from "./auth/deps.ts";
import { createArgon2Hasher, createDummyHash, type Hasher } from "./auth/passwords.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { Config } from "./config.ts";
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
}

/** Opens the stores and wires the domain's dependencies: what the server and the CLI share. */
export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = createLogger(config.logLevel, options.logStream);
  const stores =
    options.stores ??
    (await openStores({ databaseUrl: config.databaseUrl, sessionFlushIntervalMs: config.sessionFlushMs }));
  const hasher = options.hasher ?? createArgon2Hasher(config.argon2);
  const auditLog = logger.child({ kind: "audit" });
  const audit: AuditSink = (event) => auditLog.info(event, event.event);
  const deps: AuthDeps = {
    stores,
    clock: options.clock ?? systemClock,
    config,
    hasher,
    dummyHash: createDummyHash(hasher),
    audit,
  };
  return { deps, logger, close: () => stores.close() };
}

export interface RunningServer {
  app: App;
  runtime: Runtime;
  /** e.g. `http://127.0.0.1:3000` */
  url: string;
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 60_000;

/** Starts the HTTP server on the configured host and port (0 = any free port). */
export async function startServer(config: Config, options: RuntimeOptions = {}): Promise<RunningServer> {
  const runtime = await openRuntime(config, options);
  const { deps } = runtime;
  const app = createApp({ deps, logger: runtime.logger, trustProxy: config.trustProxy });
  // Expired sessions are refused on use; this also removes the ones nobody uses again.
  const sweeper = setInterval(() => {
    const cutoff = deps.clock.now() - config.sessionIdleSeconds * 1000;
    deps.stores.sessions
      .deleteIdleBefore(cutoff)
      .catch((err) => runtime.logger.warn({ err }, "session sweep failed"));
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    clearInterval(sweeper);
    await runtime.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    app,
    runtime,
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        await app.close();
        await runtime.close();
      })();
      return closing;
    },
  };
}
