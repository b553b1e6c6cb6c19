import type { Kysely } from "kysely";
import { isPostgresUrl, redactDatabaseUrl } from "./database-url.ts";
import { defaultRedisKeyPrefix } from "./redis/redis-url.ts";
import { cacheSessions, type EpochReader, SESSION_CACHE_ENTRIES, sharedEpochReads } from "./session-cache.ts";
import { migrateToLatest } from "./sql/migrate.ts";
import type { Database } from "./sql/schema.ts";
import { createSqlStores } from "./sql/sql-stores.ts";
import { openSqlite, sqliteEpochReader } from "./sql/sqlite.ts";
import type { Stores } from "./types/index.ts";

export interface StoreSettings {
  /** A file path (SQLite), `:memory:`, or a `postgres://` URL (with an optional `?schema=`). */
  databaseUrl: string;
  /** SQLite only: how often buffered session activity is written back (see below). */
  sessionFlushIntervalMs: number;
  /** Sessions kept in memory between checks (stores/session-cache.ts); 0 = none (default 100,000). */
  sessionCacheEntries?: number;
  /** PostgreSQL only: connections per process (default 10). */
  poolSize?: number;
  /** PostgreSQL only: a pooled connection broke (logged by the caller; the pool recovers). */
  onConnectionError?: (error: Error) => void;
  /** How often limit counters are written back (0 or absent: every operation; see createSqlStores). */
  limitFlushIntervalMs?: number;
  /**
   * PostgreSQL only: a `redis://` URL that takes session activity, limit counters and in-flight
   * slots (see redis/redis-stores.ts). `sessionFlushIntervalMs` is then how often each process
   * writes the activity it saw back to PostgreSQL.
   */
  redisUrl?: string | null;
  /** Prefix of every Redis key (default `billet:SCHEMA:`). */
  redisKeyPrefix?: string;
  /**
   * With Redis: keep the lockout counters (stores/limit-keys.ts) in PostgreSQL instead, so
   * that a Redis that restarts empty unlocks nobody. Without Redis they are there anyway.
   */
  lockoutsInDatabase?: boolean;
  /** The session idle expiry: Redis keeps activity a little longer than this (default 35 min). */
  sessionIdleMs?: number;
  /** Redis connection broke or could not be made (logged by the caller; the client reconnects). */
  onRedisError?: (error: Error) => void;
}

/** SQLite file path for a database setting, or undefined when it is not SQLite. */
export function sqlitePath(databaseUrl: string): string | undefined {
  if (isPostgresUrl(databaseUrl)) return undefined;
  return databaseUrl.replace(/^(sqlite|file):(\/\/)?/i, "");
}

async function migrated(db: Kysely<Database>, schema?: string): Promise<Kysely<Database>> {
  try {
    await migrateToLatest(db, schema ? { schema } : {});
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** Opens and migrates the configured stores. */
export async function openStores(settings: StoreSettings): Promise<Stores> {
  const path = sqlitePath(settings.databaseUrl);
  if (path !== undefined) {
    // config.ts refuses this too; a direct caller gets the same answer.
    if (settings.redisUrl) throw new Error("REDIS_URL needs a PostgreSQL DATABASE_URL");
    const db = await migrated(openSqlite(path));
    const stores = createSqlStores(db, {
      sessionFlushIntervalMs: settings.sessionFlushIntervalMs,
      limitFlushIntervalMs: settings.limitFlushIntervalMs ?? 0,
    });
    const local = sqliteEpochReader(db);
    return withSessionCache(stores, local ?? databaseEpoch(db), settings, local !== undefined);
  }
  // Loaded only when used: SQLite users (and every CLI start) need not load the pg driver.
  const { openPostgres } = await import("./sql/postgres.ts");
  const { db, schema } = openPostgres({
    databaseUrl: settings.databaseUrl,
    poolSize: settings.poolSize ?? 10,
    ...(settings.onConnectionError ? { onError: settings.onConnectionError } : {}),
  });
  let ready: Kysely<Database>;
  try {
    ready = await migrated(db, schema);
  } catch (error) {
    throw cannotOpen(settings.databaseUrl, error);
  }
  // Activity is written through on PostgreSQL. Several instances may share the database, and a
  // deadline held in one process's memory is invisible to the others: one of them would expire
  // a session that another kept alive. The shared store must therefore hold the latest activity
  // at all times (Redis will hold these deadlines when it is configured).
  // Limit counters likewise: every instance must see every count (Redis holds them when configured).
  const stores = createSqlStores(ready, { sessionFlushIntervalMs: 0, limitFlushIntervalMs: 0 });
  // One epoch round trip serves every check that arrives while it is on its way.
  const epoch = sharedEpochReads(databaseEpoch(ready));
  if (!settings.redisUrl) return withSessionCache(stores, epoch, settings);
  const { withRedis } = await import("./redis/redis-stores.ts");
  try {
    const fleet = await withRedis(stores, ready, {
      url: settings.redisUrl,
      prefix: settings.redisKeyPrefix ?? defaultRedisKeyPrefix(settings.databaseUrl),
      sessionIdleMs: settings.sessionIdleMs ?? 35 * 60_000,
      writeBackMs: settings.sessionFlushIntervalMs,
      lockoutsInDatabase: settings.lockoutsInDatabase ?? false,
      ...(settings.onRedisError ? { onError: settings.onRedisError } : {}),
    });
    return withSessionCache(fleet, epoch, settings);
  } catch (error) {
    await stores.close();
    throw error;
  }
}

/** The session epoch (migration 016) read through Kysely: a round trip on PostgreSQL. */
function databaseEpoch(db: Kysely<Database>): () => Promise<number> {
  const query = db.selectFrom("session_epoch").select("value").where("id", "=", 1).compile();
  return async () => {
    const { rows } = await db.executeQuery(query);
    const row = rows[0];
    if (!row) throw new Error("the session epoch row is missing (migration 016-session-epoch)");
    return Number(row.value);
  };
}

/** The stores with their session checks answered from memory while the epoch holds. */
function withSessionCache(
  stores: Stores,
  epoch: EpochReader,
  settings: StoreSettings,
  epochIsLocal = false,
): Stores {
  const entries = settings.sessionCacheEntries ?? SESSION_CACHE_ENTRIES;
  if (entries <= 0) return stores;
  return { ...stores, sessions: cacheSessions(stores.sessions, epoch, entries, { epochIsLocal }) };
}

/** Says which database could not be opened, without its password, keeping the driver's code. */
function cannotOpen(databaseUrl: string, error: unknown): Error {
  const cause = error instanceof Error ? error : new Error(String(error));
  // Node reports a refused "localhost" (IPv6 and IPv4 both tried) as an AggregateError without a message.
  const reason = cause.message || (cause as NodeJS.ErrnoException).code || "unknown error";
  const wrapped: NodeJS.ErrnoException = new Error(
    `cannot open the database ${redactDatabaseUrl(databaseUrl)}: ${reason}`,
    { cause },
  );
  wrapped.code = (cause as NodeJS.ErrnoException).code ?? "EDATABASE";
  return wrapped;
}
