/**
 * Backends: the session check on PostgreSQL, and on PostgreSQL + Redis when this server accepts
 * REDIS_URL, as ratios of SQLite, same load, same run. Each PostgreSQL run gets a fresh schema,
 * dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { loadConfig } from "../src/config.ts";
import type { LoadResult } from "./lib/processes.ts";
import { atLeast, loadTable, printSection, type Ratio, type Section, validityNote } from "./lib/report.ts";
import { settings } from "./lib/settings.ts";
import { isMain, withWorkDir } from "./lib/work.ts";
import { measureBilletSessionCheck } from "./session.ts";

/** True when the configuration reads REDIS_URL (it needs a PostgreSQL database beside it). */
export function serverAcceptsRedis(): boolean {
  const probe = "redis://127.0.0.1:1/probe";
  try {
    const config = loadConfig({
      REDIS_URL: probe,
      DATABASE_URL: "postgres://probe@127.0.0.1:1/probe",
    }) as unknown as Record<string, unknown>;
    return Object.values(config).some((value) => value === probe);
  } catch {
    return false;
  }
}

async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

async function withSchema<T>(work: (databaseUrl: string) => Promise<T>): Promise<T> {
  const schema = `billet_bench_${randomBytes(6).toString("hex")}`;
  const url = new URL(settings.postgresUrl);
  url.searchParams.set("schema", schema);
  try {
    return await work(url.toString());
  } finally {
    const client = new pg.Client({ connectionString: settings.postgresUrl });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
}

export async function run(): Promise<Section> {
  return withWorkDir("backends", async (dir) => {
    const notes: string[] = [];
    const rows: { label: string; result: LoadResult | undefined; note?: string }[] = [];
    const ratios: Ratio[] = [];
    const sqlite = await measureBilletSessionCheck(dir, { label: "SQLite", mode: "service", limits: "on" });
    rows.push({ label: "SQLite", result: sqlite });
    notes.push(...validityNote("SQLite", sqlite));

    const pgProblem = await reachable(settings.postgresUrl);
    if (pgProblem) {
      rows.push({ label: "PostgreSQL", result: undefined, note: `not available: ${pgProblem}` });
    } else {
      const onPg = await withSchema((databaseUrl) =>
        measureBilletSessionCheck(dir, { label: "PostgreSQL", mode: "service", limits: "on", databaseUrl }),
      );
      rows.push({ label: "PostgreSQL", result: onPg });
      ratios.push(atLeast("PostgreSQL / SQLite", onPg.rps / sqlite.rps, 0.3));
      notes.push(...validityNote("PostgreSQL", onPg));
    }

    if (!serverAcceptsRedis()) {
      rows.push({
        label: "PostgreSQL + Redis",
        result: undefined,
        note: "not available: this build of the server does not read REDIS_URL",
      });
    } else if (pgProblem) {
      rows.push({ label: "PostgreSQL + Redis", result: undefined, note: "not available: no PostgreSQL" });
    } else {
      const onRedis = await withSchema((databaseUrl) =>
        measureBilletSessionCheck(dir, {
          label: "PostgreSQL + Redis",
          mode: "service",
          limits: "on",
          databaseUrl,
          env: { REDIS_URL: settings.redisUrl },
        }),
      );
      rows.push({ label: "PostgreSQL + Redis", result: onRedis });
      ratios.push(atLeast("PostgreSQL + Redis / SQLite", onRedis.rps / sqlite.rps, 0.5));
      notes.push(...validityNote("PostgreSQL + Redis", onRedis));
      const two = await withSchema((databaseUrl) =>
        measureBilletSessionCheck(dir, {
          label: "PostgreSQL + Redis, two instances",
          mode: "service",
          limits: "on",
          databaseUrl,
          env: { REDIS_URL: settings.redisUrl },
          instances: 2,
        }),
      );
      rows.push({ label: "PostgreSQL + Redis, two instances", result: two });
      ratios.push(atLeast("two instances / one (PostgreSQL + Redis)", two.rps / onRedis.rps, 1.7));
      notes.push(...validityNote("two instances", two));
    }
    return {
      title: "Backends",
      table: loadTable(rows),
      ratios,
      notes: [
        `Session checks, service mode, limits on, ${settings.connections} connections; PostgreSQL at \`${new URL(settings.postgresUrl).host}\` in a fresh schema (BENCH_DATABASE_URL), Redis at \`${new URL(settings.redisUrl).host}\` (BENCH_REDIS_URL).`,
        "What sharing the store across instances costs one instance, and what a second instance adds. On PostgreSQL alone every session check writes its activity, its hourly counter and its in-flight lease through (several instances must see them), where SQLite keeps them in memory; with Redis those are Redis scripts. Every check also reads the session epoch (one round trip shared by the checks that arrive while it is on its way). Two instances: two server processes over the same schema and Redis prefix, the load generator's connections split evenly over them, server CPU summed.",
        ...notes,
      ],
    };
  });
}

if (isMain(import.meta.url)) printSection(await run());
