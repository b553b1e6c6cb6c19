/**
 * The server process: configuration → stores → app → listen, a first-run demo account, and a
 * graceful close on SIGTERM/SIGINT. `billet serve` calls main(); `tsx src/main.ts` runs it too.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Config, loadConfig } from "./config.ts";
import { type DemoCredentials, ensureDemoAccount } from "./operator/demo.ts";
import { describeSeedReport, type SeedReport } from "./operator/seed/report.ts";
import { type RunningServer, startServer } from "./server.ts";
import { sqlitePath } from "./stores/open-stores.ts";

export interface DemoStartup {
  credentials: DemoCredentials;
  /** A ready-to-paste login against the running server. */
  curl: string;
  /** Where the credentials were saved (mode 0600); absent for `:memory:` and PostgreSQL. */
  file?: string;
  /** Why they were not saved, when they were not. */
  notSaved?: string;
}

export interface StartupReport {
  url: string;
  /** Where the operator API and console answer: `url`, or the separate operator listener's. */
  operatorUrl: string;
  mode: "sandbox" | "service";
  /** Present only when this start generated the operator token (sandbox, first start). */
  operator?: { token: string; file?: string };
  /** Present only on the first start of an empty store. */
  demo?: DemoStartup;
  /** Present when the server started with a seed file (`--seed`): what it did. */
  seed?: { file: string; report: SeedReport };
}

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
  /** Command-line flags; they win over the environment. */
  overrides?: Parameters<typeof loadConfig>[1];
  /** Prints the startup report; by default the human text on stdout. */
  announce?: (report: StartupReport) => void;
  /** Install the SIGTERM/SIGINT handlers (default true). */
  handleSignals?: boolean;
}

/** A close that hangs (a request that never ends) must not keep the process alive forever. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** The curl command that logs in with the demo credentials. */
export function demoCurl(url: string, credentials: DemoCredentials): string {
  const body = JSON.stringify({
    username: credentials.username,
    password: credentials.password,
    organizationId: credentials.organizationId,
    devKey: credentials.devKey,
  });
  return `curl -sS -X POST ${shellQuote(`${url}/connect/v3/login`)} -H 'Content-Type: application/json' -d ${shellQuote(body)}`;
}

/** The human form of the startup report. */
export function describeStartup(report: StartupReport): string {
  const lines: string[] = [];
  const demo = report.demo;
  if (demo) {
    const c = demo.credentials;
    lines.push(
      "First run: created a demo account. These credentials are shown once:",
      `  organizationId  ${c.organizationId}`,
      `  username        ${c.username}`,
      `  password        ${c.password}`,
      `  devKey          ${c.devKey}`,
      demo.file ? `Saved to ${demo.file} (readable by you only).` : `Not saved (${demo.notSaved}).`,
      "Log in with:",
      `  ${demo.curl}`,
      "",
    );
  }
  if (report.seed)
    lines.push(
      `Seeded from ${report.seed.file}:`,
      ...describeSeedReport(report.seed.report).map((line) => `  ${line}`),
      "",
    );
  const separate = report.operatorUrl !== report.url;
  const where = separate ? report.operatorUrl : "";
  if (report.operator) {
    lines.push(
      `Operator token (for ${where}/operator/v1 and the console at ${where}/console), shown once:`,
      `  ${report.operator.token}`,
      report.operator.file
        ? `Saved to ${report.operator.file} (readable by you only).`
        : "Not saved (in-memory database).",
      "",
    );
  }
  lines.push(`billet listening on ${report.url} (${report.mode} mode)`);
  if (separate) lines.push(`operator API and console on ${report.operatorUrl}`);
  return `${lines.join("\n")}\n`;
}

/** Saves a secret file beside the SQLite database, readable by its owner only. */
function saveBesideDatabase(config: Config, name: string, content: string): string | undefined {
  const path = sqlitePath(config.databaseUrl);
  if (path === undefined || path === ":memory:") return undefined;
  const file = resolve(join(dirname(path), name));
  writeFileSync(file, content, { mode: 0o600 });
  // writeFile keeps the mode of a file that already existed.
  chmodSync(file, 0o600);
  return file;
}

/** Creates the demo account when the store has no developer key; saves it beside the database. */
async function firstRunDemo(server: RunningServer, config: Config): Promise<DemoStartup | undefined> {
  const result = await ensureDemoAccount(server.runtime.deps);
  if (!result.ok) {
    const problems = result.errors.map((e) => e.key).join(", ");
    throw new Error(`could not create the demo account: ${problems}`);
  }
  const credentials = result.value;
  if (!credentials) return undefined;
  const saved = { ...credentials, url: server.url, note: "Created on the first start; shown once." };
  const file = saveBesideDatabase(config, "demo-credentials.json", `${JSON.stringify(saved, null, 2)}\n`);
  // PostgreSQL has no folder of ours beside it; a fleet should start with --no-demo anyway.
  const notSaved =
    sqlitePath(config.databaseUrl) === undefined
      ? "PostgreSQL database: no local folder"
      : "in-memory database";
  return { credentials, curl: demoCurl(server.url, credentials), ...(file ? { file } : { notSaved }) };
}

/** Closes the server on SIGTERM/SIGINT: in-flight requests finish, activity is flushed, exit 0. */
function closeOnSignals(server: RunningServer): void {
  const logger = server.runtime.logger;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting without waiting");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error("shutdown timed out");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    server.close().then(
      () => {
        logger.info("stopped");
        logger.flush(() => process.exit(0));
      },
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        logger.flush(() => process.exit(1));
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** Starts the server; resolves once it listens and the startup report has been printed. */
export async function main(options: MainOptions = {}): Promise<RunningServer> {
  const config = loadConfig(options.env ?? process.env, options.overrides);
  const server = await startServer(config);
  let demo: DemoStartup | undefined;
  try {
    demo = config.demo ? await firstRunDemo(server, config) : undefined;
  } catch (error) {
    await server.close();
    throw error;
  }
  const announce = options.announce ?? ((report) => process.stderr.write(describeStartup(report)));
  const token = server.generatedOperatorToken;
  const operator = token
    ? { token, file: saveBesideDatabase(config, "operator-token", `${token}\n`) }
    : undefined;
  // Handlers first: whoever reads the announcement may signal at once, and an unhandled
  // SIGTERM kills the process before a graceful close can start.
  if (options.handleSignals ?? true) closeOnSignals(server);
  announce({
    url: server.url,
    operatorUrl: server.operatorUrl,
    mode: config.mode,
    ...(demo ? { demo } : {}),
    ...(operator ? { operator } : {}),
    ...(server.seedReport && config.seedFile
      ? { seed: { file: config.seedFile, report: server.seedReport } }
      : {}),
  });
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`billet: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
