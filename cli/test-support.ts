/**
 * Helpers for the CLI tests: run the real `billet` as a child process against a temporary
 * database, and start `billet serve` on a free port. Every child is killed after each test.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Sqlite from "better-sqlite3";
import { afterAll, afterEach } from "vitest";

export const BIN = fileURLToPath(new URL("../bin/billet.mjs", import.meta.url));

/** Fast hashing for tests; no DATABASE_URL, REDIS_URL or PORT leaking in from the outer environment. */
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BILLET_ARGON2_MEMORY_KIB: "1024",
    BILLET_ARGON2_ITERATIONS: "1",
    ...extra,
  };
  // REDIS_URL too: CI exports it for the Redis suites, and billet refuses it beside SQLite.
  for (const key of [
    "DATABASE_URL",
    "REDIS_URL",
    "BILLET_REDIS_PREFIX",
    "PORT",
    "HOST",
    "BILLET_OPERATOR_HOST",
    "BILLET_OPERATOR_PORT",
    "BILLET_DEMO",
    "LOG_LEVEL",
  ]) {
    if (!(key in extra)) delete env[key];
  }
  return env;
}

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A new empty folder under the OS temp folder, removed after the file's tests. */
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "billet-cli-"));
  folders.push(folder);
  return folder;
}

/** A path for a database that does not exist yet. */
export const tempDatabase = (): string => join(tempFolder(), "billet.db");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `billet ARGS…` to completion. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: testEnv(env), timeout: 25_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A runner bound to one database (`--database DB` appended). */
export const cliFor =
  (database: string) =>
  (...args: string[]): Promise<CliResult> =>
    runCli([...args, "--database", database]);

/** Runs a command that must succeed, and parses its `--json` output. */
export async function json<T = unknown>(run: Promise<CliResult>): Promise<T> {
  const result = await run;
  if (result.code !== 0) throw new Error(`billet failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

const kill = (set: Set<ChildProcess>) => {
  for (const child of set) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  set.clear();
};
/** Servers of one test, and servers shared by a file's tests (started in beforeAll). */
const perTest = new Set<ChildProcess>();
const perFile = new Set<ChildProcess>();
afterEach(() => kill(perTest));
afterAll(() => kill(perFile));

export interface Served {
  child: ChildProcess;
  url: string;
  /** Everything printed to stdout so far. */
  stdout(): string;
  /** What it wrote to standard error: the startup report for people (the banner), warnings. */
  banner(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `billet serve --port 0 ARGS…` and waits for the line that names its URL. It is killed
 * after the test, or after the file's tests with `shared` (for a server made in beforeAll).
 */
export function startServe(
  args: readonly string[],
  options: { env?: Record<string, string>; shared?: boolean } = {},
): Promise<Served> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", ...args], {
    env: testEnv({ LOG_LEVEL: "warn", ...options.env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  (options.shared ? perFile : perTest).add(child);
  let out = "";
  let err = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on("exit", (code, signal) => done({ code, signal })),
  );
  return new Promise((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`serve did not start:\n${out}\n${err}`)), 20_000);
    // The banner is on standard error, the --json report on standard output.
    const started = () => {
      const url = /billet listening on (\S+)/.exec(err)?.[1] ?? /"url":"([^"]+)"/.exec(out)?.[1];
      if (!url) return;
      clearTimeout(timer);
      ready({ child, url, stdout: () => out, banner: () => err, exited });
    };
    child.stderr?.on("data", (chunk) => {
      err += chunk;
      started();
    });
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      started();
    });
    void exited.then(() => failed(new Error(`serve exited early:\n${out}\n${err}`)));
  });
}

/** Every row of the account tables, to prove that a command changed nothing. */
export function snapshot(database: string): Record<string, unknown[]> {
  const db = new Sqlite(database, { readonly: true });
  try {
    const tables = ["organizations", "roles", "users", "memberships", "dev_keys", "sessions"];
    return Object.fromEntries(
      tables.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()]),
    );
  } finally {
    db.close();
  }
}

/** Login over HTTP; returns the parsed body and status. */
export async function login(
  url: string,
  body: { username: string; organizationId: string; devKey: string } & (
    | { password: string }
    | { consoleApiToken: string }
  ),
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/connect/v3/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** `GET /v3/login/session`: the cheapest authenticated call. */
export async function sessionCheck(url: string, devKey: string, sessionId: string) {
  const response = await fetch(`${url}/connect/v3/login/session`, { headers: { devKey, sessionId } });
  return { status: response.status, body: (await response.json()) as unknown };
}
