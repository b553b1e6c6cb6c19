import { type App, createApp } from "./app.ts";
import type { Config } from "./config.ts";
import { openRuntime, type Runtime, type RuntimeOptions } from "./runtime.ts";

// Moved to runtime.ts (the CLI opens a runtime without the HTTP stack); kept importable here.
export { openRuntime, type Runtime, type RuntimeOptions };

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
    deps.stores.partnerSessions
      .deleteIdleBefore(cutoff)
      .catch((err) => runtime.logger.warn({ err }, "partner session sweep failed"));
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
