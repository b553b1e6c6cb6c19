/**
 * The store backends an API suite runs on: SQLite always, PostgreSQL when DATABASE_URL names
 * one. A suite written once with `describeEachBackend` runs on each.
 */
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { describe } from "vitest";
import { isPostgresUrl } from "../../src/stores/database-url.ts";
import { adminQuery, describePostgres, testSchema } from "./postgres.ts";

export type Backend = "sqlite" | "postgres";

/** Runs `body` once per backend, the PostgreSQL copy skipped (with a line saying why) without one. */
export function describeEachBackend(name: string, body: (backend: Backend) => void): void {
  describe(`${name} [sqlite]`, () => body("sqlite"));
  describePostgres(name, () => body("postgres"));
}

/** A new database for one test server: a file in `dir`, or a fresh PostgreSQL schema. */
export function newDatabase(backend: Backend, dir: string): string {
  return backend === "postgres" ? testSchema().url : join(dir, "billet.db");
}

const schemaOf = (databaseUrl: string): string | undefined =>
  isPostgresUrl(databaseUrl) ? (new URL(databaseUrl).searchParams.get("schema") ?? undefined) : undefined;

/** Drops a test server's PostgreSQL schema (a file database goes with its folder). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const schema = schemaOf(databaseUrl);
  // Only the schemas tests make: never anything else on a shared server.
  if (schema?.startsWith("billet_t_")) await adminQuery(`drop schema if exists ${schema} cascade`);
}

/** Every row of one table, read beside billet (to prove what is and is not stored). */
export async function tableRows(databaseUrl: string, table: string): Promise<Record<string, unknown>[]> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  const schema = schemaOf(databaseUrl);
  if (schema) return adminQuery(`select * from ${schema}.${table}`);
  const db = new Sqlite(databaseUrl, { readonly: true });
  try {
    return db.prepare(`select * from ${table}`).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}
