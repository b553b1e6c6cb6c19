/**
 * `startBillet({ mode: "child" })`: `billet serve --port 0 --json` in a child process, configured
 * through its environment (the tests' own billet variables removed), ready when it prints its
 * startup report. A child still running when this process exits is killed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SETTING_ENTRIES } from "../config/table.ts";
import type { StartupReport } from "../main.ts";
import type { ServerRequest, StartedServer } from "./types.ts";

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** `bin/billet.mjs` of the package this file belongs to, wherever the file is in it. */
function billetBin(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const bin = join(folder, "bin", "billet.mjs");
    if (existsSync(bin)) return bin;
    const parent = dirname(folder);
    if (parent === folder) throw new Error("cannot find bin/billet.mjs above src/testing");
    folder = parent;
  }
}

/** A configuration value as its environment variable spells it. */
function envText(value: unknown, name: string): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  if (Array.isArray(value)) {
    // mfaProtected: `METHOD /path` entries.
    return value
      .map((entry) =>
        typeof entry === "object" && entry !== null && "method" in entry && "path" in entry
          ? `${String(entry.method)} ${String(entry.path)}`
          : String(entry),
      )
      .join(",");
  }
  if (typeof value === "object" && value !== null) {
    // trustProxy: `{ hops }` or `{ proxies }`.
    if ("hops" in value) return String(value.hops);
    if ("proxies" in value && Array.isArray(value.proxies)) return value.proxies.join(",");
  }
  throw new Error(`config.${name} cannot be passed to a child process`);
}

/** The child's environment: this one's without billet's variables, then the configuration's. */
function childEnv(config: ServerRequest["config"], extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  const given = config as Readonly<Record<string, unknown>>;
  for (const { name, path, setting } of SETTING_ENTRIES) {
    delete env[setting.env];
    const [key, field] = path;
    const value =
      field === undefined ? given[key] : (given[key] as Record<string, unknown> | undefined)?.[field];
    if (value !== undefined && value !== null) env[setting.env] = envText(value, name);
  }
  return env;
}

const running = new Set<ChildProcess>();
let exitHook = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once("exit", () => running.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once("exit", () => {
    for (const each of running) each.kill("SIGKILL");
  });
}

/** What the child said on standard error, without its prefix and stack trace. */
const reason = (stderr: string): string =>
  stderr
    .split("\n")
    .filter((line) => !/^\s+at /.test(line))
    .join("\n")
    .trim()
    .replace(/^billet: (unexpected error: )?(Error: )?/, "");

const isReport = (value: unknown): value is StartupReport =>
  typeof value === "object" && value !== null && "url" in value && "operatorUrl" in value && "mode" in value;

export function startChild(request: ServerRequest): Promise<StartedServer> {
  const env = childEnv(request.config, request.env);
  const port = String(request.config.port ?? 0);
  const child = spawn(process.execPath, [billetBin(), "serve", "--port", port, "--json"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  track(child);
  const quiet = request.config.logLevel === "silent";
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  let stderr = "";
  let pending = "";
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(killer);
    })();
    return stopping;
  };

  return new Promise<StartedServer>((ready, failed) => {
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => failed(new Error(request.describe(message))));
    };
    const timer = setTimeout(
      () => fail(`billet serve did not start within ${START_TIMEOUT_MS} ms:\n${stderr.trim()}`),
      START_TIMEOUT_MS,
    );
    // Standard output: JSON lines, the log's and the startup report. Read to the end, always:
    // a full pipe would stop the child.
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (line.trim() === "") continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          parsed = undefined;
        }
        if (settled || !isReport(parsed)) {
          if (!quiet) request.log(`${line}\n`);
          continue;
        }
        settled = true;
        clearTimeout(timer);
        ready({
          url: parsed.url,
          operatorUrl: parsed.operatorUrl,
          demo: parsed.demo?.credentials,
          seedReport: parsed.seed?.report,
          stop,
        });
      }
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (!quiet) request.log(chunk);
    });
    child.once("error", (error) => fail(`cannot start billet serve: ${error.message}`));
    child.once("exit", (code, signal) => {
      const why = reason(stderr);
      fail(`billet serve exited (${signal ?? `code ${code}`}) before it listened${why ? `: ${why}` : ""}`);
    });
  });
}
