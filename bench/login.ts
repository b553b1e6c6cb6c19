/**
 * Login: real argon2id at the configured parameters. Logins per second as a ratio of the
 * hash-bound limit (the hasher alone, verify at full parallelism, same run, same parameters),
 * and session checks during a login storm: their throughput and p99.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { SESSION_PATH, sessionCheckLoad, startBillet } from "./lib/billet.ts";
import { type LoadRequest, type LoadResult, ROOT, runLoad } from "./lib/processes.ts";
import {
  atLeast,
  atMost,
  context,
  loadTable,
  printSection,
  type Section,
  validityNote,
} from "./lib/report.ts";
import { type BenchAccount, PASSWORD, seed } from "./lib/seed.ts";
import { settings } from "./lib/settings.ts";
import { isMain, withWorkDir } from "./lib/work.ts";

const LOGIN_PATH = "/connect/v3/login";
/** Connections of the session checks that run during the login storm. */
const CHECK_CONNECTIONS = 10;

/** The hasher alone, in its own process. */
export function measureHashBound(env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(ROOT, "bench/lib/hash-bound.ts"),
        String(settings.durationS),
        String(settings.warmupS),
      ],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`hash-bound exited with ${code}`));
      resolve((JSON.parse(out.trim()) as { verifiesPerSecond: number }).verifiesPerSecond);
    });
  });
}

/** Logins, connection i logging in as account i (its own devKey, organization and user). */
export function loginLoad(accounts: BenchAccount[]): LoadRequest[][] {
  return accounts.map((account) => [
    {
      method: "POST",
      path: LOGIN_PATH,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        username: account.username,
        password: PASSWORD,
        organizationId: account.organizationId,
        devKey: account.devKey,
      }),
    },
  ]);
}

interface Variant {
  label: string;
  env: NodeJS.ProcessEnv;
}

async function measureVariant(dir: string, variant: Variant) {
  const databaseUrl = join(dir, `${variant.label.replace(/\W+/g, "-")}.db`);
  const all = await seed({
    databaseUrl,
    accounts: settings.loginConnections + CHECK_CONNECTIONS,
    sessionsPerAccount: 5,
  });
  const logins = all.slice(0, settings.loginConnections);
  const checkers = all.slice(settings.loginConnections);
  const server = await startBillet({
    databaseUrl,
    probe: checkers[0]!,
    workDir: dir,
    label: variant.label,
    // Logins per hour per devKey (200 by default) would refuse the storm after the solo run on
    // a fast machine: this benchmark measures hashing, so that budget is off (the rest stay on).
    env: { BILLET_HOURLY_LOGIN_LIMIT: "0", ...variant.env },
  });
  const base = { url: server.url, durationS: settings.durationS, warmupS: settings.warmupS };
  try {
    const checksAlone = await runLoad(
      {
        ...base,
        path: SESSION_PATH,
        connections: CHECK_CONNECTIONS,
        perConnection: sessionCheckLoad(checkers, CHECK_CONNECTIONS),
      },
      dir,
    );
    const loginsAlone = await runLoad(
      {
        ...base,
        path: LOGIN_PATH,
        method: "POST",
        connections: logins.length,
        timeoutS: 30,
        perConnection: loginLoad(logins),
      },
      dir,
    );
    // The storm: both loads at once, from two generator processes.
    const [stormLogins, stormChecks] = await Promise.all([
      runLoad(
        {
          ...base,
          path: LOGIN_PATH,
          method: "POST",
          connections: logins.length,
          timeoutS: 30,
          perConnection: loginLoad(logins),
        },
        dir,
      ),
      runLoad(
        {
          ...base,
          path: SESSION_PATH,
          connections: CHECK_CONNECTIONS,
          perConnection: sessionCheckLoad(checkers, CHECK_CONNECTIONS),
        },
        dir,
      ),
    ]);
    return { checksAlone, loginsAlone, stormLogins, stormChecks };
  } finally {
    await server.stop();
  }
}

/** Variants of the server's hashing; the first is the default configuration. */
export const VARIANTS: Variant[] = [
  { label: "hashing at low priority, the default", env: { BILLET_HASH_PRIORITY: "low" } },
  { label: "hashing on libuv's pool", env: { BILLET_HASH_PRIORITY: "normal" } },
];

export async function run(): Promise<Section> {
  return withWorkDir("login", async (dir) => {
    // Before and after the server runs, averaged: a machine whose load drifts cancels out.
    const hashBefore = await measureHashBound();
    const rows: { label: string; result: LoadResult; note?: string }[] = [];
    const ratios = [];
    const notes: string[] = [];
    const results: { variant: Variant; r: Awaited<ReturnType<typeof measureVariant>> }[] = [];
    for (const variant of VARIANTS) {
      results.push({ variant, r: await measureVariant(dir, variant) });
    }
    const hashAfter = await measureHashBound();
    const hashBound = (hashBefore + hashAfter) / 2;
    for (const { variant, r } of results) {
      const tag = VARIANTS.length > 1 ? ` (${variant.label})` : "";
      rows.push(
        {
          label: `session checks alone${tag}`,
          result: r.checksAlone,
          note: `${CHECK_CONNECTIONS} connections`,
        },
        {
          label: `logins alone${tag}`,
          result: r.loginsAlone,
          note: `${settings.loginConnections} connections`,
        },
        { label: `logins during storm${tag}`, result: r.stormLogins },
        { label: `session checks during storm${tag}`, result: r.stormChecks },
      );
      ratios.push(
        atLeast(`logins/s / hash-bound${tag}`, r.loginsAlone.rps / hashBound, 0.85),
        atMost(`session-check p99 during storm, ms${tag}`, r.stormChecks.latency.p99, 50),
        context(`session checks during storm / alone${tag}`, r.stormChecks.rps / r.checksAlone.rps),
      );
      for (const [name, result] of Object.entries(r)) notes.push(...validityNote(`${name}${tag}`, result));
    }
    return {
      title: "Login",
      table: `Hash-bound limit (argon2id verify alone, full parallelism, one process): **${hashBound.toFixed(1)} verifies/s** (${hashBefore.toFixed(1)} before the servers ran, ${hashAfter.toFixed(1)} after).\n\n${loadTable(rows)}`,
      ratios,
      notes: [
        "argon2id at the configured parameters (default: 19 MiB, 2 iterations, 1 lane); every login is a real verification.",
        `Each login connection logs in as its own user with its own devKey and organization (no lockout; the hourly login budget is off, since a fast machine spends 200 logins per devKey within the runs; the other limits stay on); the storm adds ${CHECK_CONNECTIONS} session-check connections on other accounts.`,
        "The third ratio has no target: it shows how much of the check throughput survives the storm.",
        ...(Math.abs(hashBefore - hashAfter) > 0.2 * hashBound
          ? [
              `**The machine's load changed during this run**: the hash-bound limit was ${hashBefore.toFixed(1)} verifies/s before the servers ran and ${hashAfter.toFixed(1)} after, so the logins/s ratios are unreliable here.`,
            ]
          : []),
        ...notes,
      ],
    };
  });
}

if (isMain(import.meta.url)) printSection(await run());
