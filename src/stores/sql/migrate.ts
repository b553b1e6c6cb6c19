import {
  type DatabaseIntrospector,
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
import { resources } from "./migrations/010-resources.ts";
import { signInModes } from "./migrations/011-sign-in-modes.ts";
import { syncTokens } from "./migrations/012-sync-tokens.ts";
import { oauthApps } from "./migrations/013-oauth-apps.ts";
import { consoles } from "./migrations/014-consoles.ts";
import { auditMode } from "./migrations/015-audit-mode.ts";
import { sessionEpoch } from "./migrations/016-session-epoch.ts";
import { sessionEpochColumns } from "./migrations/017-session-epoch-columns.ts";
import type { Database } from "./schema.ts";

/** Every migration, in order. Names are permanent: add new ones, never rename. */
/** Kysely's record of the migrations applied; its lock table is Kysely's default. */
export const MIGRATION_TABLE = "billet_migrations";
export const MIGRATION_LOCK_TABLE = "kysely_migration_lock";

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "001-initial": initial,
  "002-outbox": outbox,
  "003-mfa": mfa,
  "004-limits": limits,
  "005-provisioning": provisioning,
  "007-operator": operator,
  "008-hashed-login-keys": hashedLoginKeys,
  "009-identity-consent": identityConsent,
  "010-resources": resources,
  "011-sign-in-modes": signInModes,
  "012-sync-tokens": syncTokens,
  "013-oauth-apps": oauthApps,
  "014-consoles": consoles,
  "015-audit-mode": auditMode,
  "016-session-epoch": sessionEpoch,
  "017-session-epoch-columns": sessionEpochColumns,
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
    db: postgres && schema ? withIntrospectionOf(db, schema) : db,
    provider,
    migrationTableName: MIGRATION_TABLE,
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

/**
 * The database, with an introspector that sees one schema only. Kysely's migrator asks whether
 * its bookkeeping tables exist by listing every table of the database, with functions that look
 * each schema up by name: a schema dropped by someone else meanwhile fails that query (3F000,
 * "schema … does not exist"; seen when test suites ran in parallel), and it grows with every
 * schema. This reads pg_catalog for our schema alone, with no name lookups.
 */
function withIntrospectionOf(db: Kysely<Database>, schema: string): Kysely<Database> {
  const introspection: DatabaseIntrospector = {
    async getSchemas() {
      const { rows } = await sql<{
        name: string;
      }>`select nspname as name from pg_catalog.pg_namespace`.execute(db);
      return rows;
    },
    async getTables() {
      const { rows } = await sql<{ name: string }>`select c.relname as name from pg_catalog.pg_class c
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v')`.execute(db);
      return rows.map((row) => ({ name: row.name, schema, isView: false, columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
  // Kysely keeps its state in private fields: its methods run on the real instance.
  return new Proxy(db, {
    get(target, key) {
      if (key === "introspection") return introspection;
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The schema unqualified names resolve to (the first existing one of the search_path). */
async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ name: string | null }>`select current_schema() as name`.execute(db);
  const name = rows[0]?.name;
  if (!name) throw new Error("no schema of the PostgreSQL search_path exists; name one with ?schema=");
  return name;
}
