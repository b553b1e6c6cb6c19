import { type Kysely, PostgresAdapter, sql } from "kysely";
import type { StoreSnapshot } from "../types/index.ts";
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from "./migrate.ts";
import type { Database } from "./schema.ts";

/**
 * Tables a snapshot leaves alone: the migrations' record and lock, the session epoch (it only ever moves
 * forward: a restore moves it again, so that every instance's session cache drops what it held)
 * the settings (the operator token's hash, the test clock, which the operator plane handles)
 * and the in-flight leases (they belong to the requests running now, and end with them).
 */
const KEPT = new Set([MIGRATION_TABLE, MIGRATION_LOCK_TABLE, "session_epoch", "settings", "limit_leases"]);

/** Rows per insert: well under SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_INSERT = 200;

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

/** The store's tables, each after the tables it references (parents first). */
async function tablesInOrder(db: Kysely<Database>): Promise<string[]> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const names = postgres
    ? (
        await sql<{ name: string }>`
          select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
      ).rows.map((row) => row.name)
    : (
        await sql<{ name: string }>`
          select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      ).rows.map((row) => row.name);
  const references = postgres
    ? (
        await sql<{ child: string; parent: string }>`
          select tc.table_name as child, ccu.table_name as parent
          from information_schema.table_constraints tc
          join information_schema.constraint_column_usage ccu
            on ccu.constraint_name = tc.constraint_name and ccu.constraint_schema = tc.constraint_schema
          where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db)
      ).rows
    : (
        await sql<{ child: string; parent: string }>`
          select m.name as child, f."table" as parent
          from sqlite_master m join pragma_foreign_key_list(m.name) f
          where m.type = 'table'`.execute(db)
      ).rows;
  const tables = names.filter((name) => !KEPT.has(name)).sort();
  const parents = new Map(tables.map((name) => [name, new Set<string>()]));
  for (const { child, parent } of references) if (child !== parent) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const place = (name: string, path: Set<string>): void => {
    if (placed.has(name) || path.has(name)) return;
    path.add(name);
    for (const parent of parents.get(name) ?? []) if (parents.has(parent)) place(parent, path);
    placed.add(name);
    ordered.push(name);
  };
  for (const name of tables) place(name, new Set());
  return ordered;
}

/** Reads every record, in one read transaction (one consistent view). */
export async function takeSqlSnapshot(db: Kysely<Database>): Promise<StoreSnapshot> {
  return db.transaction().execute(async (trx) => {
    const tables: StoreSnapshot["tables"] = [];
    for (const name of await tablesInOrder(trx)) {
      const rows = await (trx as unknown as AnyDb).selectFrom(name).selectAll().execute();
      tables.push({ name, rows });
    }
    return { tables };
  });
}

/**
 * Replaces every record with the snapshot's, in one transaction: every table emptied
 * (children first), the snapshot's rows put back (parents first), the session epoch moved. A
 * failure changes nothing.
 */
export async function restoreSqlSnapshot(db: Kysely<Database>, snapshot: StoreSnapshot): Promise<void> {
  const rowsOf = new Map(snapshot.tables.map((table) => [table.name, table.rows]));
  await db.transaction().execute(async (trx) => {
    const tables = await tablesInOrder(trx);
    const any = trx as unknown as AnyDb;
    for (const name of [...tables].reverse()) await any.deleteFrom(name).execute();
    for (const name of tables) {
      const rows = rowsOf.get(name) ?? [];
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
        await any
          .insertInto(name)
          .values(rows.slice(i, i + ROWS_PER_INSERT))
          .execute();
    }
    await trx.updateTable("session_epoch").set({ value: sql`value + 1` }).where("id", "=", 1).execute();
  });
}
