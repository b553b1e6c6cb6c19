import { type Command, InvalidArgumentError, Option } from "commander";
import { parseTrustProxy, type TrustProxy } from "../../src/http/trust-proxy.ts";
import type { StartupReport } from "../../src/main.ts";

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError("Expected a whole number from 0 to 65535 (0 = any free port).");
  }
  return port;
}

/** A whole number, 0 included; the configuration checks each setting's own range. */
function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("Expected a whole number (0 or more).");
  return Number(value);
}

/** BILLET_TRUST_PROXY's rules; `true` is refused with the reason. */
function parseTrustProxyFlag(value: string): TrustProxy {
  const parsed = parseTrustProxy(value, "--trust-proxy");
  if (parsed.problem !== undefined) throw new InvalidArgumentError(parsed.problem);
  return parsed.value;
}

/** The limits of spec section 6 (and the connection cap) as flags: name, configuration key, help. Every one overrides its env variable. */
const LIMIT_FLAGS = [
  [
    "--hourly-request-limit <n>",
    "hourlyRequestLimit",
    "requests per devKey per clock hour, 0 = off (env BILLET_HOURLY_REQUEST_LIMIT, default 20000)",
  ],
  [
    "--hourly-login-limit <n>",
    "hourlyLoginLimit",
    "logins per devKey per clock hour, 0 = off (env BILLET_HOURLY_LOGIN_LIMIT, default 200)",
  ],
  [
    "--concurrent-request-limit <n>",
    "concurrentRequestLimit",
    "requests in flight per devKey and organization, 0 = off (env BILLET_CONCURRENT_REQUEST_LIMIT, default 3)",
  ],
  [
    "--lockout-threshold <n>",
    "lockoutThreshold",
    "consecutive failed logins that lock a username, 0 = off (env BILLET_LOCKOUT_THRESHOLD, default 10)",
  ],
  [
    "--lockout-seconds <n>",
    "lockoutSeconds",
    "how long a username stays locked (env BILLET_LOCKOUT_SECONDS, default 900)",
  ],
  [
    "--ip-failure-limit <n>",
    "ipFailureLimit",
    "failed logins per client IP per window, 0 = off (env BILLET_IP_FAILURE_LIMIT, default 100)",
  ],
  [
    "--ip-failure-window-seconds <n>",
    "ipFailureWindowSeconds",
    "the per-IP window (env BILLET_IP_FAILURE_WINDOW_SECONDS, default 900)",
  ],
  [
    "--operator-failure-limit <n>",
    "operatorFailureLimit",
    "failed operator authentications per client IP per window, 0 = off (env BILLET_OPERATOR_FAILURE_LIMIT, default 20)",
  ],
  [
    "--operator-failure-window-seconds <n>",
    "operatorFailureWindowSeconds",
    "the window of that count (env BILLET_OPERATOR_FAILURE_WINDOW_SECONDS, default 900)",
  ],
  [
    "--max-connections <n>",
    "maxConnections",
    "open connections at most, more are closed at once, 0 = no cap (env BILLET_MAX_CONNECTIONS, default 1000)",
  ],
] as const;

type LimitKey = (typeof LIMIT_FLAGS)[number][1];

interface ServeOptions extends Partial<Record<LimitKey, number>> {
  port?: number;
  host?: string;
  operatorPort?: number;
  operatorHost?: string;
  database?: string;
  redisUrl?: string;
  demo?: boolean;
  json?: boolean;
  mode?: "sandbox" | "service";
  operatorToken?: string;
  trustProxy?: TrustProxy;
}

/** `billet serve`: runs the HTTP server until SIGTERM/SIGINT. */
export function registerServeCommand(program: Command): void {
  const serve = program
    .command("serve")
    .summary("run the server until SIGTERM/SIGINT")
    .description(
      "run the server. On the first start of an empty store it creates a demo account and prints its credentials once (also saved, mode 0600, as demo-credentials.json beside the database). Stops gracefully on SIGTERM/SIGINT.",
    )
    .option("--port <n>", "TCP port, 0 = any free port (env PORT, default 3000)", parsePort)
    .option("--host <host>", "interface to bind (env HOST, default 127.0.0.1)")
    .option(
      "--operator-port <n>",
      "serve the operator API, console and health probes on a listener of their own on this port, 0 = any free port; the public listener then answers 404 for them (env BILLET_OPERATOR_PORT, default: none, shared with --port)",
      parsePort,
    )
    .option(
      "--operator-host <host>",
      "interface of that operator listener; setting it alone starts the listener on --port (env BILLET_OPERATOR_HOST, default: --host)",
    )
    .option(
      "--database <pathOrUrl>",
      "SQLite file, :memory: or postgres:// URL (env DATABASE_URL, default .billet/billet.db)",
    )
    .option(
      "--redis-url <url>",
      "redis:// URL for session activity, limit counters and in-flight slots of a fleet; PostgreSQL only; prefer env REDIS_URL when it has a password (env REDIS_URL, keys prefixed by env BILLET_REDIS_PREFIX, default billet:SCHEMA:)",
    )
    .option("--no-demo", "do not create the first-run demo account (env BILLET_DEMO)")
    .addOption(
      new Option(
        "--mode <mode>",
        "sandbox: demo account, test clock, faults, warnings; service: none of those (env BILLET_MODE, default sandbox)",
      ).choices(["sandbox", "service"]),
    )
    .option(
      "--operator-token <token>",
      "bearer token of the operator API and console, 32-256 printable characters; prefer env BILLET_OPERATOR_TOKEN (a flag shows in ps). Sandbox generates one",
    )
    .option(
      "--trust-proxy <hops|addresses>",
      "the proxies in front of billet, whose X-Forwarded-For names the client: their number (e.g. 1) or their IPs and CIDR ranges, comma-separated; never true (env BILLET_TRUST_PROXY, default off: the connection's address)",
      parseTrustProxyFlag,
    )
    .option("--json", "print the startup report (URL, demo credentials) as one JSON line");
  for (const [flags, , help] of LIMIT_FLAGS) serve.option(flags, help, parseCount);

  serve.action(async (options: ServeOptions) => {
    // Only an explicit --no-demo overrides BILLET_DEMO; commander's implied default must not.
    const demo = serve.getOptionValueSource("demo") === "cli" ? options.demo : undefined;
    // Loaded here, not at the top: the HTTP stack is slow to load and only `serve` needs it.
    const { describeStartup, main } = await import("../../src/main.ts");
    await main({
      overrides: {
        port: options.port,
        host: options.host,
        operatorPort: options.operatorPort,
        operatorHost: options.operatorHost,
        databaseUrl: options.database,
        redisUrl: options.redisUrl,
        demo,
        ...Object.fromEntries(LIMIT_FLAGS.map(([, key]) => [key, options[key]])),
        mode: options.mode,
        operatorToken: options.operatorToken,
        trustProxy: options.trustProxy,
      },
      announce: (report: StartupReport) =>
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : describeStartup(report)),
    });
  });
}
