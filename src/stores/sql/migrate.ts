import { type Kysely, type Migration, type MigrationProvider, Migrator, SqliteAdapter, sql } from "kysely";
import { initial } from "./migrations/001-initial.ts";
import { outbox } from "./migrations/002-outbox.ts";
import { operator } from "./migrations/007-operator.ts";
import type { Database } from "./schema.ts";

/** Every migration, in order. Names are permanent: add new ones, never rename. */
const MIGRATIONS: Record<string, Migration> = {
  "001-initial": initial,
  "002-outbox": outbox,
  "007-operator": operator,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the schema up to date; fails loudly if a migration fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider, migrationTableName: "billet_migrations" });
  // Kysely runs SQLite migrations outside any transaction and without a lock, so two processes
  // opening a new file at once (the server and the CLI) would both create the schema. One
  // IMMEDIATE transaction takes the write lock first (waiting up to busy_timeout) and makes the
  // migration all or nothing; the second process then finds nothing to do.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (sqlite) await sql`begin immediate`.execute(db);
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (sqlite) await (error || failed ? sql`rollback` : sql`commit`).execute(db);
  if (error || failed) {
    const cause = error instanceof Error ? error : new Error(String(error ?? "unknown"));
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${cause.message}`, {
      cause,
    });
  }
}
