/**
 * Start-up (issue 18): how long a CLI command takes from spawn to exit, and how soon `billet
 * serve` answers after it is spawned on an empty store. The targets are absolute (a command
 * ≤ 0.3 s, the first answer ≤ 0.5 s); as context, the same as ratios to what Node itself costs
 * in this run (`node -e 0`, and a bare node:http server's first answer).
 * `npm run bench:startup`, or `npm run bench -- --only=startup`.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { startBare } from "./lib/bare.ts";
import { freePort, ROOT, startProcess } from "./lib/processes.ts";
import { atMost, context, printSection, type Section } from "./lib/report.ts";
import { isMain, withWorkDir } from "./lib/work.ts";

const ROUNDS = 15;
const BIN = join(ROOT, "bin/billet.mjs");
const run = promisify(execFile);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const p90 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))] ?? Number.NaN;
};

/** ms from spawn to exit of `node args…`, ROUNDS times (after one untimed run). */
async function timed(args: string[], env: NodeJS.ProcessEnv = {}): Promise<number[]> {
  const options = { cwd: ROOT, env: { ...process.env, BILLET_FROM_SOURCE: "", ...env } };
  await run(process.execPath, args, options);
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await run(process.execPath, args, options);
    samples.push(performance.now() - started);
  }
  return samples;
}

/** ms from spawning `billet serve` on a store that does not exist yet to its first answer. */
async function firstAnswers(dir: string, label: string, env: NodeJS.ProcessEnv): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const port = await freePort();
    const server = await startProcess({
      command: process.execPath,
      args: [BIN, "serve"],
      env: {
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: join(dir, `${label}-${i}.db`),
        BILLET_FROM_SOURCE: "",
        LOG_LEVEL: "warn",
        ...env,
      },
      port,
      readyPath: "/health/live",
      readyStatus: 200,
      logFile: join(dir, `${label}.log`),
    });
    samples.push(server.startupMs);
    await server.stop();
  }
  return samples;
}

export async function run_(): Promise<Section> {
  return withWorkDir("startup", async (dir) => {
    const database = join(dir, "cli.db");
    const node = await timed(["-e", "0"]);
    const version = await timed([BIN, "--version"]);
    const list = await timed([BIN, "org", "list", "--database", database]);
    const outbox = await timed([BIN, "outbox", "--database", database]);
    const bare: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const server = await startBare(dir);
      bare.push(server.startupMs);
      await server.stop();
    }
    const service = await firstAnswers(dir, "service", { BILLET_MODE: "service", BILLET_DEMO: "false" });
    const sandbox = await firstAnswers(dir, "sandbox", { BILLET_MODE: "sandbox" });

    const rows: [string, number[]][] = [
      ["`node -e 0` (Node alone)", node],
      ["`billet --version`", version],
      ["`billet org list` (an empty SQLite store)", list],
      ["`billet outbox` (an empty SQLite store)", outbox],
      ["bare node:http server: spawn → first answer", bare],
      ["`billet serve`, service mode, new store: spawn → first answer", service],
      [
        "`billet serve`, sandbox (`npm start`), new store with its demo account: spawn → first answer",
        sandbox,
      ],
    ];
    const table = [
      "| what | median ms | p90 ms |",
      "|---|---:|---:|",
      ...rows.map(
        ([label, samples]) => `| ${label} | ${median(samples).toFixed(0)} | ${p90(samples).toFixed(0)} |`,
      ),
    ].join("\n");
    const slowestCommand = Math.max(median(version), median(list), median(outbox));
    const firstAnswer = Math.max(median(service), median(sandbox));
    return {
      title: "Start-up: CLI commands and the first answer",
      table,
      ratios: [
        atMost("CLI command (slowest median of the three), s", slowestCommand / 1000, 0.3),
        atMost(
          "spawn → first answer on an empty store (slower median of the two modes), s",
          firstAnswer / 1000,
          0.5,
        ),
        context("CLI command / `node -e 0`", slowestCommand / median(node)),
        context("billet serve first answer / bare node:http first answer", firstAnswer / median(bare)),
      ],
      notes: [
        `${ROUNDS} runs of each after one untimed run, from spawn to exit (commands) or to the first 200 of GET /health/live, polled every 5 ms (servers), with the build (dist/, \`npm run build\`) that \`bin/billet.mjs\` runs.`,
        "The CLI is an esbuild bundle because Node 20 loads ES modules one file at a time: as tsc's one file per module (about 1,300 with kysely and typebox) the same commands took about 0.7 s; what remains is Node's own start, parsing the bundle (about 50 ms for the CLI's 1 MB) and loading better-sqlite3.",
        "A new store is created and migrated by the server before it listens; the demo account of a sandbox's first start is made after it listens (its argon2id hash does not delay the first answer).",
      ],
    };
  });
}

export { run_ as run };

if (isMain(import.meta.url)) {
  // @ts-expect-error: a plain JavaScript script, without declarations.
  const { bundle } = await import("../scripts/build.mjs");
  await bundle();
  printSection(await run_());
}
