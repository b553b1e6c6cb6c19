/**
 * Helpers for the resilience tests: a real `billet serve` child process over an SQLite file,
 * its output written straight to files (what the secret scan reads), its resident memory,
 * and a keep-alive HTTP client that can send anything (duplicate headers, any body).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { Agent, request as httpRequest, type OutgoingHttpHeaders } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/billet.mjs", import.meta.url));
export const OPERATOR_TOKEN = "resilience-operator-token-0123456789-abcdefgh";

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** `http://127.0.0.1:PORT` */
  url: string;
  stdoutFile: string;
  stderrFile: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resident set size now, in KiB, from /proc/PID/status. */
  rssKib(): number;
  /** SIGTERM and wait (graceful close). */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL and wait: no flush, no close, nothing. */
  kill9(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  database: string;
  /** Folder for the stdout/stderr files. */
  dir: string;
  /** Distinguishes the files of several starts on one database. */
  label: string;
  args?: readonly string[];
  env?: Record<string, string>;
}

/** Environment of the child: fast argon2id, a known operator token, nothing from outside. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BILLET_ARGON2_MEMORY_KIB: "1024",
    BILLET_ARGON2_ITERATIONS: "1",
    BILLET_OPERATOR_TOKEN: OPERATOR_TOKEN,
    LOG_LEVEL: "info",
    ...extra,
  };
  for (const key of ["DATABASE_URL", "PORT", "HOST", "BILLET_DEMO", "BILLET_MODE", "REDIS_URL"]) {
    if (!(key in extra)) delete env[key];
  }
  return env;
}

/** Starts `billet serve --port 0 --no-demo` and waits (with a deadline) for its URL. */
export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  const stdoutFile = join(options.dir, `${options.label}.stdout.log`);
  const stderrFile = join(options.dir, `${options.label}.stderr.log`);
  const out = openSync(stdoutFile, "a");
  const err = openSync(stderrFile, "a");
  const child = spawn(
    process.execPath,
    [
      BIN,
      "serve",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--database",
      options.database,
      "--no-demo",
      ...(options.args ?? []),
    ],
    { env: childEnv(options.env ?? {}), stdio: ["ignore", out, err] },
  );
  closeSync(out);
  closeSync(err);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      done(exit);
    }),
  );
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  while (!url) {
    if (exit)
      throw new Error(`serve exited early (${JSON.stringify(exit)}):\n${readFileSync(stderrFile, "utf8")}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`serve did not start:\n${readFileSync(stderrFile, "utf8")}`);
    }
    // The banner is on standard error; standard output carries the JSON log lines only.
    url = /billet listening on (\S+)/.exec(readFileSync(stderrFile, "utf8"))?.[1];
    if (!url) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const pid = child.pid ?? 0;
  return {
    child,
    pid,
    url,
    stdoutFile,
    stderrFile,
    exited,
    rssKib() {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
    },
    async stop() {
      if (!exit) child.kill("SIGTERM");
      return exited;
    },
    async kill9() {
      if (!exit) child.kill("SIGKILL");
      return exited;
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export interface RequestSpec {
  method: string;
  path: string;
  /** An object, or a flat [name, value, name, value…] list (duplicates allowed). */
  headers?: OutgoingHttpHeaders | string[];
  body?: string | Buffer;
  /** A fresh connection closed after the answer (for answers that close the connection). */
  fresh?: boolean;
}

/** A keep-alive HTTP/1.1 client with at most `maxSockets` connections to one server. */
export function httpClient(baseUrl: string, maxSockets = 256) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const { host } = new URL(baseUrl);
  return {
    request(spec: RequestSpec): Promise<Answer> {
      return new Promise((resolve, reject) => {
        const payload = spec.body ?? "";
        const base: string[] = Array.isArray(spec.headers)
          ? spec.headers
          : Object.entries(spec.headers ?? {}).flatMap(([name, value]) =>
              value === undefined ? [] : [name, String(value)],
            );
        // A raw header list gets no Host from Node: add it unless the caller sent one.
        const hasHost = base.some((name, i) => i % 2 === 0 && name.toLowerCase() === "host");
        const headers = [
          ...(hasHost ? [] : ["host", host]),
          ...base,
          "content-length",
          String(Buffer.byteLength(payload)),
        ];
        if (spec.fresh) headers.push("connection", "close");
        const req = httpRequest(
          `${baseUrl}${spec.path}`,
          { method: spec.method, headers, agent: spec.fresh ? false : agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("error", reject);
            res.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              let json: unknown;
              try {
                json = text ? JSON.parse(text) : undefined;
              } catch {
                json = undefined;
              }
              resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
            });
          },
        );
        req.on("error", reject);
        req.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

export type HttpClient = ReturnType<typeof httpClient>;

/** JSON POST/GET/PUT helpers of the operator API; fail loudly on anything but 200. */
export function operatorApi(http: HttpClient) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await http.request({
      method,
      path: `/operator/v1${path}`,
      headers: {
        authorization: `Bearer ${OPERATOR_TOKEN}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (answer.status !== 200) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
    return answer.json as T;
  };
  return {
    call,
    createOrganization: (name: string) => call<{ id: string }>("POST", "/organizations", { name }),
    createUser: (organizationId: string, email: string, password: string) =>
      call<{ id: string }>("POST", "/users", { organizationId, email, password }),
    createDevKey: (name: string) => call<{ id: string; key: string }>("POST", "/devkeys", { name }),
    limits: (devKeyId: string) =>
      call<{ inFlight: { limit: number; organizations: { organizationId: string; held: number }[] } | null }>(
        "GET",
        `/limits/${devKeyId}`,
      ),
    outbox: (to: string) =>
      call<{ results: { text: string; recipient: string }[] }>(
        "GET",
        `/outbox?to=${encodeURIComponent(to)}&limit=1000`,
      ),
  };
}

export interface SeededAccount {
  organizationId: string;
  userId: string;
  username: string;
  password: string;
  devKey: string;
  devKeyId: string;
}

/** An organization, a user with a password and a developer key, made through the operator API. */
export async function seedAccount(
  operator: ReturnType<typeof operatorApi>,
  tag: string,
  password: string,
): Promise<SeededAccount> {
  const organization = await operator.createOrganization(`Org ${tag}`);
  const username = `${tag}@resilience.test`;
  const user = await operator.createUser(organization.id, username, password);
  const devKey = await operator.createDevKey(`key ${tag}`);
  return {
    organizationId: organization.id,
    userId: user.id,
    username,
    password,
    devKey: devKey.key,
    devKeyId: devKey.id,
  };
}

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
