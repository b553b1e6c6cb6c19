import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Sqlite from "better-sqlite3";
import { Kysely, type SqliteDatabase, SqliteDialect } from "kysely";
import type { Database } from "./schema.ts";

/** Distinct statements kept prepared; the server uses a few dozen, so this is only a safety bound. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 with its prepared statements reused. Kysely's SQLite driver prepares every
 * query anew, and preparing (parsing and planning the SQL) cost more than running the query:
 * it was the largest item of a session check's profile. The queries are built with parameters,
 * so the same SQL text recurs and one statement per text serves every call. Safe because every
 * use of a statement (`all`, `run`) completes synchronously; nothing here streams.
 */
function withStatementCache(connection: Sqlite.Database): SqliteDatabase {
  const statements = new Map<string, Sqlite.Statement>();
  return {
    close: () => connection.close(),
    prepare(text: string) {
      // Kysely opens transactions with a plain (deferred) BEGIN: one that reads, then writes
      // after another process (the server, the CLI) committed in between, fails at once with
      // "database is locked", whatever busy_timeout says. BEGIN IMMEDIATE takes the write lock
      // first, so that a second writer waits its turn (busy_timeout) instead.
      const sql = text === "begin" ? "begin immediate" : text;
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = connection.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          statements.delete(statements.keys().next().value as string);
        }
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** The better-sqlite3 connection under each Kysely instance this module opened. */
const connections = new WeakMap<Kysely<Database>, Sqlite.Database>();

/**
 * The session epoch (016-session-epoch) read synchronously: one prepared single-row read,
 * about a microsecond, cheap enough for every session check. Undefined for a database this
 * module did not open.
 */
export function sqliteEpochReader(db: Kysely<Database>): (() => number) | undefined {
  const connection = connections.get(db);
  if (!connection) return undefined;
  const read = connection.prepare("select value from session_epoch where id = 1").pluck();
  return () => Number(read.get());
}

/** Opens (creating file and folder when needed) an SQLite database tuned for this server. */
export function openSqlite(path: string): Kysely<Database> {
  if (path !== ":memory:") {
    mkdirSync(dirname(path), { recursive: true });
    // The file holds password and key hashes: readable by its owner only. SQLite gives its
    // -wal and -shm files the mode of the database file. `wx` leaves an existing file as it is.
    try {
      closeSync(openSync(path, "wx", 0o600));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const connection = new Sqlite(path);
  // WAL lets the CLI write while the server reads; NORMAL is durable across process crashes.
  connection.pragma("journal_mode = WAL");
  connection.pragma("synchronous = NORMAL");
  connection.pragma("foreign_keys = ON");
  // The server and the CLI share the file: wait for a writer instead of failing at once.
  connection.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(connection) }),
  });
  connections.set(db, connection);
  return db;
}
