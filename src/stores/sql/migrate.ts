import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresAdapter,
  SqliteAdapter,
  sql,
} from "kysely";
import { initial } from "./migrations/001-initial.ts";
import { outbox } from "./migrations/002-outbox.ts";
import { mfa } from "./migrations/003-mfa.ts";
import { limits } from "./migrations/004-limits.ts";
import { provisioning } from "./migrations/005-provisioning.ts";
import { operator } from "./migrations/007-operator.ts";
import { hashedLoginKeys } from "./migrations/008-hashed-login-keys.ts";
import { identityConsent } from "./migrations/009-identity-consent.ts";
import type { Database } from "./schema.ts";

/** Every migration, in order. Names are permanent: add new ones, never rename. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "001-initial": initial,
  "002-outbox": outbox,
  "003-mfa": mfa,
  "004-limits": limits,
  "005-provisioning": provisioning,
  "007-operator": operator,
  "008-hashed-login-keys": hashedLoginKeys,
  "009-identity-consent": identityConsent,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Brings the schema up to date; fails loudly if a migration fails. On PostgreSQL, `schema`
 * (created when missing) holds the tables and the migration bookkeeping.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  options: { schema?: string } = {},
): Promise<void> {
  // On PostgreSQL Kysely migrates in one transaction under an advisory lock, so instances that
  // start together wait for the first one and then find nothing to do. Its bookkeeping tables
  // must be looked up in our schema: other schemas of the same database may have their own.
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const schema = postgres ? (options.schema ?? (await currentSchema(db))) : undefined;
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: "billet_migrations",
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
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
    // A refused connection to "localhost" is an AggregateError with only a code.
    const reason = cause.message || (cause as NodeJS.ErrnoException).code || "unknown error";
    const name = failed ? ` ${failed.migrationName}` : "";
    throw new Error(`database migration${name} failed: ${reason}`, { cause });
  }
}

/** The schema unqualified names resolve to (the first existing one of the search_path). */
async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ name: string | null }>`select current_schema() as name`.execute(db);
  const name = rows[0]?.name;
  if (!name) throw new Error("no schema of the PostgreSQL search_path exists; name one with ?schema=");
  return name;
}
