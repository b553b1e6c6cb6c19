/**
 * Scale: session checks with 1,000,000 live sessions in the store against the same with 1,000
 * (same load: the same 1,000 sampled sessions), the server's resident memory at 1,000,000, and
 * the time from process start to the first answered session check.
 */
import { join } from "node:path";
import { SESSION_PATH, sessionCheckLoad, startBillet } from "./lib/billet.ts";
import { type LoadResult, runLoadWatching } from "./lib/processes.ts";
import { atLeast, atMost, loadTable, printSection, type Section, validityNote } from "./lib/report.ts";
import { seed } from "./lib/seed.ts";
import { settings } from "./lib/settings.ts";
import { isMain, withWorkDir } from "./lib/work.ts";

/** Sessions whose secrets are kept, 20 per account: the load cycles through these 1,000. */
const SAMPLED_PER_ACCOUNT = 20;

interface Measured {
  sessions: number;
  seedSeconds: number;
  startupMs: number;
  rssAfterStartMiB: number;
  rssAfterLoadMiB: number;
  result: LoadResult & { serverCores: number };
}

async function measure(dir: string, sessions: number): Promise<Measured> {
  const databaseUrl = join(dir, `scale-${sessions}.db`);
  const accounts = settings.connections;
  const sampled = accounts * SAMPLED_PER_ACCOUNT;
  const t0 = performance.now();
  const seeded = await seed({
    databaseUrl,
    accounts,
    sessionsPerAccount: SAMPLED_PER_ACCOUNT,
    bulkSessions: Math.max(0, sessions - sampled),
  });
  const seedSeconds = (performance.now() - t0) / 1000;
  const server = await startBillet({
    databaseUrl,
    probe: seeded[0]!,
    workDir: dir,
    label: `scale-${sessions}`,
  });
  try {
    const rssAfterStartMiB = server.rssMiB();
    const result = await runLoadWatching(
      {
        url: server.url,
        path: SESSION_PATH,
        connections: settings.connections,
        durationS: settings.durationS,
        warmupS: settings.warmupS,
        perConnection: sessionCheckLoad(seeded, settings.connections),
      },
      dir,
      server,
    );
    return {
      sessions,
      seedSeconds,
      startupMs: server.startupMs,
      rssAfterStartMiB,
      rssAfterLoadMiB: server.rssMiB(),
      result,
    };
  } finally {
    await server.stop();
  }
}

export async function run(): Promise<Section> {
  return withWorkDir("scale", async (dir) => {
    const small = await measure(dir, settings.connections * SAMPLED_PER_ACCOUNT);
    const large = await measure(dir, settings.scaleSessions);
    const label = (m: Measured) => `${m.sessions.toLocaleString("en-US")} sessions`;
    const memory = [
      "| sessions in store | seeding s | start → first answer ms | RSS after start MiB | RSS after load MiB | server CPU (cores) |",
      "|---:|---:|---:|---:|---:|---:|",
      ...[small, large].map(
        (m) =>
          `| ${m.sessions.toLocaleString("en-US")} | ${m.seedSeconds.toFixed(1)} | ${Math.round(m.startupMs)} | ${m.rssAfterStartMiB.toFixed(0)} | ${m.rssAfterLoadMiB.toFixed(0)} | ${m.result.serverCores.toFixed(2)} |`,
      ),
    ].join("\n");
    return {
      title: "Scale",
      table: `${loadTable([
        { label: label(small), result: small.result },
        { label: label(large), result: large.result },
      ])}\n\n${memory}`,
      ratios: [
        atLeast(
          `throughput at ${label(large)} / at ${label(small)}`,
          large.result.rps / small.result.rps,
          0.8,
        ),
        atMost(`RSS at ${label(large)}, MiB`, Math.max(large.rssAfterStartMiB, large.rssAfterLoadMiB), 512),
        atMost(`start → first answer at ${label(large)}, s`, large.startupMs / 1000, 2),
      ],
      notes: [
        `Both stores hold the same ${SAMPLED_PER_ACCOUNT * settings.connections} sampled sessions the load uses (${SAMPLED_PER_ACCOUNT} per (devKey, organization), one pair per connection, limits on); the large one has the rest bulk-inserted in one SQLite transaction with the real schema, live (last activity spread over the last 30 minutes).`,
        "Start → first answer: from spawning `node bin/billet.mjs serve` to the first 200 of a session check, polled every 5 ms (includes loading Node and the build, dist/, opening and migrating the database).",
        ...validityNote(label(small), small.result),
        ...validityNote(label(large), large.result),
      ],
    };
  });
}

if (isMain(import.meta.url)) printSection(await run());
