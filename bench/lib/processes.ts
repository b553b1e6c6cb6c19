/** Child processes of a benchmark: servers under test and load generators. */
import { type ChildProcess, spawn } from "node:child_process";
import { openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const LOAD_WORKER = join(ROOT, "bench/lib/load-worker.mjs");

/** A free TCP port on 127.0.0.1 (the server then binds it itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  url: string;
  /** ms from spawn to the first answer of `readyPath` with `readyStatus`. */
  startupMs: number;
  /** Resident memory of the process, in MiB. */
  rssMiB(): number;
  /** CPU time (user + system) the process has used so far, in seconds (Linux). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface StartOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  port: number;
  /** Polled until it answers (any status unless readyStatus is given). */
  readyPath: string;
  readyHeaders?: Record<string, string>;
  readyStatus?: number;
  /** Where stdout and stderr go (a server's request log is real work; it goes to a file). */
  logFile: string;
  timeoutMs?: number;
}

export async function startProcess(options: StartOptions): Promise<Started> {
  const out = openSync(options.logFile, "a");
  const t0 = performance.now();
  const child = spawn(options.command, options.args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", out, out],
  });
  const url = `http://127.0.0.1:${options.port}`;
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const deadline = t0 + (options.timeoutMs ?? 60_000);
  let startupMs = -1;
  while (performance.now() < deadline && !exited) {
    try {
      const res = await fetch(`${url}${options.readyPath}`, { headers: options.readyHeaders ?? {} });
      await res.arrayBuffer();
      if (options.readyStatus === undefined || res.status === options.readyStatus) {
        startupMs = performance.now() - t0;
        break;
      }
      throw new Error(`not ready: ${res.status}`);
    } catch {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  if (startupMs < 0) {
    child.kill("SIGKILL");
    const log = readFileSync(options.logFile, "utf8").slice(-2000);
    throw new Error(`${options.command} ${options.args.join(" ")} did not become ready:\n${log}`);
  }
  return {
    child,
    url,
    startupMs,
    rssMiB: () => rssMiB(child.pid ?? 0),
    cpuSeconds: () => cpuSeconds(child.pid ?? 0),
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** VmRSS of a process (Linux), in MiB; NaN elsewhere. */
export function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

/** utime + stime of a process (Linux, assuming 100 clock ticks per second); NaN elsewhere. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

export interface LoadRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadPlan {
  url: string;
  /** Several servers (a fleet): the connections split evenly over them; `url` is then unused. */
  urls?: string[];
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationS: number;
  warmupS: number;
  timeoutS?: number;
  perConnection?: LoadRequest[][];
}

export interface LoadResult {
  requests: number;
  rps: number;
  latency: { mean: number; p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** The servers' CPU time over the measured run per request answered, µs (runLoadWithCpu). */
  cpuUsPerRequest?: number;
}

let plans = 0;

/** Runs autocannon in its own process (bench/lib/load-worker.mjs) and returns its figures. */
export function runLoad(plan: LoadPlan, workDir: string): Promise<LoadResult> {
  plans += 1;
  const file = join(workDir, `load-plan-${process.pid}-${plans}.json`);
  writeFileSync(file, JSON.stringify(plan));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOAD_WORKER, file], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop() ?? "") as LoadResult);
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** Runs a load and reports the server's CPU use during it (in cores, 1 = one core busy). */
export async function runLoadWatching(
  plan: LoadPlan,
  workDir: string,
  server: Pick<Started, "cpuSeconds">,
): Promise<LoadResult & { serverCores: number }> {
  const cpu0 = server.cpuSeconds();
  const t0 = performance.now();
  const result = await runLoad(plan, workDir);
  const serverCores = (server.cpuSeconds() - cpu0) / ((performance.now() - t0) / 1000);
  return { ...result, serverCores };
}

/**
 * The warm-up as a run of its own, then the measured run with the CPU time the servers spent
 * in it per request answered: what a request costs, whatever share of the machine each
 * process got.
 */
export async function runLoadWithCpu(
  plan: LoadPlan,
  workDir: string,
  servers: readonly Pick<Started, "cpuSeconds">[],
): Promise<LoadResult> {
  if (plan.warmupS > 0) await runLoad({ ...plan, durationS: plan.warmupS, warmupS: 0 }, workDir);
  const cpu = () => servers.reduce((total, server) => total + server.cpuSeconds(), 0);
  const before = cpu();
  const result = await runLoad({ ...plan, warmupS: 0 }, workDir);
  return { ...result, cpuUsPerRequest: ((cpu() - before) * 1e6) / Math.max(1, result.requests) };
}
