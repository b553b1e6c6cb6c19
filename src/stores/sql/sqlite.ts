import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Sqlite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema.ts";

/** Opens (creating file and folder when needed) an SQLite database tuned for this server. */
export function openSqlite(path: string): Kysely<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const connection = new Sqlite(path);
  // WAL lets the CLI write while the server reads; NORMAL is durable across process crashes.
  connection.pragma("journal_mode = WAL");
  connection.pragma("synchronous = NORMAL");
  connection.pragma("foreign_keys = ON");
  // The server and the CLI share the file: wait for a writer instead of failing at once.
  connection.pragma("busy_timeout = 5000");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
}
