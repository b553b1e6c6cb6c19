/**
 * Isolation between tests: how long a snapshot, a restore and a reset take on a seeded SQLite
 * store, through the operator API of a running sandbox server (issue 18: "fast enough to run
 * between tests"). `npm run bench -- --only=isolation`.
 */
import { join } from "node:path";
import { OPERATOR_TOKEN, SESSION_PATH, startBillet } from "./lib/billet.ts";
import type { Section } from "./lib/report.ts";
import { context, printSection } from "./lib/report.ts";
import { seed } from "./lib/seed.ts";
import { isMain, withWorkDir } from "./lib/work.ts";

const ACCOUNTS = 100;
const SESSIONS_PER_ACCOUNT = 10;
const ROUNDS = 7;

async function operator<T>(url: string, method: string, path: string): Promise<{ body: T; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/operator/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, "content-type": "application/json" },
    body: method === "GET" ? undefined : "{}",
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { body: JSON.parse(text) as T, ms: performance.now() - started };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function run(): Promise<Section> {
  return withWorkDir("isolation", async (dir) => {
    const databaseUrl = join(dir, "isolation.db");
    const accounts = await seed({
      databaseUrl,
      accounts: ACCOUNTS,
      sessionsPerAccount: SESSIONS_PER_ACCOUNT,
    });
    const server = await startBillet({
      databaseUrl,
      mode: "sandbox",
      probe: accounts[0]!,
      workDir: dir,
      label: "isolation",
    });
    try {
      const snapshot = { server: [] as number[], call: [] as number[] };
      const restore = { server: [] as number[], call: [] as number[] };
      let id = "";
      let records = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const taken = await operator<{ id: string; records: number; ms: number }>(
          server.url,
          "POST",
          "/snapshots",
        );
        snapshot.server.push(taken.body.ms);
        snapshot.call.push(taken.ms);
        id = taken.body.id;
        records = taken.body.records;
      }
      for (let i = 0; i < ROUNDS; i++) {
        const done = await operator<{ ms: number }>(server.url, "POST", `/snapshots/${id}/restore`);
        restore.server.push(done.body.ms);
        restore.call.push(done.ms);
      }
      // A restored session answers: the restore put back what a test would use.
      const first = accounts[0]!;
      const check = await fetch(`${server.url}${SESSION_PATH}`, {
        headers: { devKey: first.devKey, sessionId: first.sessions[0] ?? "" },
      });
      if (check.status !== 200) throw new Error(`a restored session answered ${check.status}`);
      const reset = await operator<{ ms: number }>(server.url, "POST", "/reset");
      const rows = [
        ["snapshot (POST /operator/v1/snapshots)", median(snapshot.server), median(snapshot.call)],
        ["restore (POST /operator/v1/snapshots/{id}/restore)", median(restore.server), median(restore.call)],
        ["reset (POST /operator/v1/reset)", reset.body.ms, reset.ms],
      ] as const;
      return {
        title: "Isolation between tests",
        table: [
          "| operation | server ms (median) | round trip ms (median) |",
          "|---|---:|---:|",
          ...rows.map(
            ([label, inServer, call]) => `| ${label} | ${inServer.toFixed(1)} | ${call.toFixed(1)} |`,
          ),
        ].join("\n"),
        ratios: [
          context("records in the snapshot", records),
          context("restore round trip, ms (median)", median(restore.call)),
        ],
        notes: [
          `SQLite, sandbox mode; ${ACCOUNTS} organizations with a user, a developer key and ${SESSIONS_PER_ACCOUNT} sessions each, seeded before the server starts; ${ROUNDS} snapshots, then ${ROUNDS} restores of the last one, then one reset. "server ms" is what the answer reports (the store's work), "round trip" adds HTTP.`,
        ],
      };
    } finally {
      await server.stop();
    }
  });
}

if (isMain(import.meta.url)) printSection(await run());
