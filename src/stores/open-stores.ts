import { migrateToLatest } from "./sql/migrate.ts";
import { createSqlStores } from "./sql/sql-stores.ts";
import { openSqlite } from "./sql/sqlite.ts";
import type { Stores } from "./types.ts";

export interface StoreSettings {
  /** A file path (SQLite), `:memory:`, or a `postgres://` URL. */
  databaseUrl: string;
  sessionFlushIntervalMs: number;
  /** How often limit counters are written back (0 or absent: every operation; see createSqlStores). */
  limitFlushIntervalMs?: number;
}

/** SQLite file path for a database setting, or undefined when it is not SQLite. */
export function sqlitePath(databaseUrl: string): string | undefined {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return undefined;
  return databaseUrl.replace(/^(sqlite|file):(\/\/)?/i, "");
}

/** Opens and migrates the configured stores. */
export async function openStores(settings: StoreSettings): Promise<Stores> {
  const path = sqlitePath(settings.databaseUrl);
  if (path === undefined) {
    throw new Error("PostgreSQL is not supported yet: DATABASE_URL must be an SQLite file path");
  }
  const db = openSqlite(path);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createSqlStores(db, {
    sessionFlushIntervalMs: settings.sessionFlushIntervalMs,
    limitFlushIntervalMs: settings.limitFlushIntervalMs ?? 0,
  });
}
