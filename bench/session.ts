/**
 * Session check: `GET /connect/v3/login/session` (sliding expiry) under 50 connections on
 * SQLite, against a bare node:http server answering a fixed JSON body, same load generator,
 * same run. Limits on (BILL's values) with one (devKey, organization) per connection so that
 * the in-flight cap of 3 never triggers; also with the limits off, and in sandbox mode.
 */
import { join } from "node:path";
import { startBare, startFloor } from "./lib/bare.ts";
import { SESSION_PATH, sessionCheckLoad, startBillet } from "./lib/billet.ts";
import { type LoadResult, runLoadWithCpu, type Started } from "./lib/processes.ts";
import {
  atLeast,
  atMost,
  context,
  loadTable,
  printSection,
  type Section,
  validityNote,
} from "./lib/report.ts";
import { seed } from "./lib/seed.ts";
import { settings } from "./lib/settings.ts";
import { isMain, withWorkDir } from "./lib/work.ts";

const SESSIONS_PER_ACCOUNT = 20;

interface Scenario {
  label: string;
  mode: "service" | "sandbox";
  limits: "on" | "off";
}

const SCENARIOS: Scenario[] = [
  { label: "billet, service mode, limits on", mode: "service", limits: "on" },
  { label: "billet, service mode, limits off", mode: "service", limits: "off" },
  { label: "billet, sandbox mode, limits on", mode: "sandbox", limits: "on" },
];

/**
 * One billet scenario on a freshly seeded store (SQLite file unless `databaseUrl`), with
 * `instances` servers sharing it (default 1), the connections split over them.
 */
export async function measureBilletSessionCheck(
  dir: string,
  scenario: Scenario & { databaseUrl?: string; env?: NodeJS.ProcessEnv; instances?: number },
): Promise<LoadResult> {
  const databaseUrl = scenario.databaseUrl ?? join(dir, `${scenario.label.replace(/\W+/g, "-")}.db`);
  const accounts = await seed({
    databaseUrl,
    accounts: settings.connections,
    sessionsPerAccount: SESSIONS_PER_ACCOUNT,
  });
  const servers = [];
  try {
    for (let i = 0; i < (scenario.instances ?? 1); i++) {
      servers.push(
        await startBillet({
          databaseUrl,
          mode: scenario.mode,
          limits: scenario.limits,
          probe: accounts[0]!,
          workDir: dir,
          label: `${scenario.label} ${i + 1}`,
          ...(scenario.env ? { env: scenario.env } : {}),
        }),
      );
    }
    return await runLoadWithCpu(
      {
        url: servers[0]!.url,
        ...(servers.length > 1 ? { urls: servers.map((server) => server.url) } : {}),
        path: SESSION_PATH,
        connections: settings.connections,
        durationS: settings.durationS,
        warmupS: settings.warmupS,
        perConnection: sessionCheckLoad(accounts, settings.connections),
      },
      dir,
      servers,
    );
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** The session-check load on one started server, with the CPU it spent; the server is stopped after. */
async function measureStarted(
  dir: string,
  server: Started,
  perConnection?: ReturnType<typeof sessionCheckLoad>,
): Promise<LoadResult> {
  try {
    return await runLoadWithCpu(
      {
        url: server.url,
        path: SESSION_PATH,
        connections: settings.connections,
        durationS: settings.durationS,
        warmupS: settings.warmupS,
        ...(perConnection ? { perConnection } : {}),
      },
      dir,
      [server],
    );
  } finally {
    await server.stop();
  }
}

/** A baseline server (bare node:http or one Fastify route) under the same load. */
export async function measureBare(dir: string, kind: "node" | "fastify" = "node"): Promise<LoadResult> {
  return measureStarted(dir, await startBare(dir, kind));
}

/**
 * The floor: the session check's work in one synchronous function on bare node:http, over a
 * seeded SQLite file of its own, under the same load as billet.
 */
export async function measureFloor(dir: string): Promise<LoadResult> {
  const databaseUrl = join(dir, "floor.db");
  const accounts = await seed({
    databaseUrl,
    accounts: settings.connections,
    sessionsPerAccount: SESSIONS_PER_ACCOUNT,
  });
  const first = accounts[0]!;
  const floor = await startFloor(dir, databaseUrl, {
    devKey: first.devKey,
    sessionId: first.sessions[0] ?? "",
  });
  return measureStarted(dir, floor, sessionCheckLoad(accounts, settings.connections));
}

export async function run(): Promise<Section> {
  return withWorkDir("session", async (dir) => {
    const bare = await measureBare(dir);
    const fastify = await measureBare(dir, "fastify");
    const floor = await measureFloor(dir);
    const results: { label: string; result: LoadResult; note?: string }[] = [];
    for (const scenario of SCENARIOS) {
      results.push({ label: scenario.label, result: await measureBilletSessionCheck(dir, scenario) });
    }
    const main = results[0]!.result;
    const sandbox = results[2]!.result;
    const off = results[1]!.result;
    const cpu = (result: LoadResult) => result.cpuUsPerRequest ?? Number.NaN;
    return {
      title: "Session check",
      table: loadTable([
        { label: "bare node:http, fixed JSON", result: bare },
        { label: "Fastify 5, one route, same body", result: fastify },
        { label: "the floor: a check's work, one function on node:http", result: floor },
        ...results,
      ]),
      ratios: [
        atLeast("throughput / bare (service, limits on)", main.rps / bare.rps, 0.5),
        atMost("p99 / bare p99 (service, limits on)", main.latency.p99 / Math.max(1, bare.latency.p99), 3),
        atMost("server CPU µs/req above bare (service, limits on)", cpu(main) - cpu(bare), 35),
        atLeast("throughput / bare (sandbox, limits on)", sandbox.rps / bare.rps, 0.4),
        context("throughput / bare (service, limits off)", off.rps / bare.rps),
        context("server CPU µs/req, Fastify above bare", cpu(fastify) - cpu(bare)),
        context("throughput / bare (the floor)", floor.rps / bare.rps),
        context("server CPU µs/req above bare (the floor)", cpu(floor) - cpu(bare)),
        context("server CPU µs/req above the floor (service, limits on)", cpu(main) - cpu(floor)),
      ],
      notes: [
        `${settings.connections} connections, ${settings.warmupS} s warm-up then ${settings.durationS} s measured; SQLite; request log at \`info\` to a file.`,
        `Limits on: ${settings.connections} distinct (devKey, organization) pairs, one per connection, each cycling through ${SESSIONS_PER_ACCOUNT} sessions, so the in-flight cap (3) and the hourly budget (20,000) never refuse.`,
        "Server CPU µs/req: the server process's user + system time over the measured run, divided by the requests answered (the load generator's own CPU is not in it).",
        "The floor (bench/lib/floor-server.mjs): the session check's work and nothing else, in one synchronous function on bare node:http over its own seeded SQLite file: two SHA-256 digests, billet's session-epoch read, the session from a Map, the devKey hash compared in constant time, the idle deadline slid, the hourly budget and an in-flight slot in memory, one pino request line, the JSON answer. What billet spends above it is what its structure costs (Fastify, hooks, the pipeline's steps).",
        "p99 ratios use at least 1 ms for the bare server (autocannon reports whole milliseconds).",
        ...validityNote("bare", bare),
        ...validityNote("Fastify", fastify),
        ...validityNote("the floor", floor),
        ...results.flatMap((r) => validityNote(r.label, r.result)),
      ],
    };
  });
}

if (isMain(import.meta.url)) printSection(await run());
