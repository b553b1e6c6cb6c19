/**
 * Profiles the server under the session-check load: `node --cpu-prof` on the server process,
 * then prints the functions with the most self time. `npm run bench:profile [-- --mode=sandbox]`.
 * The .cpuprofile is kept (its path is printed) for Chrome DevTools or speedscope.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SESSION_PATH, sessionCheckLoad, startBillet } from "./lib/billet.ts";
import { runLoad } from "./lib/processes.ts";
import { seed } from "./lib/seed.ts";
import { settings } from "./lib/settings.ts";
import { withWorkDir } from "./lib/work.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

const mode = process.argv.includes("--mode=sandbox") ? "sandbox" : "service";
const keep = process.env.BENCH_PROFILE_DIR;

await withWorkDir("profile", async (dir) => {
  const profileDir = keep ?? dir;
  const databaseUrl = join(dir, "profile.db");
  const accounts = await seed({ databaseUrl, accounts: settings.connections, sessionsPerAccount: 20 });
  const server = await startBillet({
    databaseUrl,
    mode,
    probe: accounts[0]!,
    workDir: dir,
    label: "profile",
    nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`],
  });
  const result = await runLoad(
    {
      url: server.url,
      path: SESSION_PATH,
      connections: settings.connections,
      durationS: settings.durationS,
      warmupS: 0,
      perConnection: sessionCheckLoad(accounts, settings.connections),
    },
    dir,
  );
  await server.stop();
  process.stdout.write(
    `${Math.round(result.rps)} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}\n`,
  );
  const file = readdirSync(profileDir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error("no profile written");
  const profile = JSON.parse(readFileSync(join(profileDir, file), "utf8")) as { nodes: ProfileNode[] };
  const total = profile.nodes.reduce((sum, node) => sum + node.hitCount, 0);
  const self = new Map<string, number>();
  for (const node of profile.nodes) {
    const where = node.callFrame.url
      .replace(/^.*\/node_modules\//, "")
      .replace(/^file:\/\/.*\/(src|bench)\//, "$1/");
    const key = `${node.callFrame.functionName || "(anonymous)"} ${where}:${node.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + node.hitCount);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40);
  for (const [key, hits] of top)
    process.stdout.write(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}\n`);
  if (keep) process.stdout.write(`profile: ${join(profileDir, file)}\n`);
});
