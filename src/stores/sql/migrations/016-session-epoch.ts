import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * The session epoch: one counter that the database itself moves forward whenever something a
 * session check relies on changes (stores/session-cache.ts). A check that finds the counter
 * where it was may use what it read before; any other value and it reads again. Triggers, not
 * application code, move it, so that every writer counts: this instance, another one, the CLI
 * in another process, or an operator's own SQL.
 *
 * What moves it: a session deleted or changed other than by its activity time (logout,
 * revocation, expiry sweep, MFA trust); a developer key, organization or membership changed,
 * created or deleted (deactivation, lock, archive, MFA settings). Activity (`last_active_at`)
 * does not: it changes on every call and is handled by the cache itself.
 */
const SESSION_FIELDS =
  "token_hash, user_id, organization_id, dev_key_id, trusted, partner_id, mode, credential_id, scope, expires_at";
/** One event per trigger: SQLite's triggers take one event each. */
const WATCHED: readonly { table: string; event: string }[] = [
  { table: "sessions", event: "delete" },
  { table: "sessions", event: `update of ${SESSION_FIELDS}` },
  { table: "dev_keys", event: "update" },
  { table: "dev_keys", event: "delete" },
  { table: "organizations", event: "update of id, locked, mfa_required" },
  { table: "organizations", event: "delete" },
  { table: "memberships", event: "insert" },
  { table: "memberships", event: "update" },
  { table: "memberships", event: "delete" },
];

export const sessionEpoch: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("session_epoch")
      .addColumn("id", "integer", (c) => c.primaryKey())
      .addColumn("value", "bigint", (c) => c.notNull())
      .execute();
    await db.insertInto("session_epoch").values({ id: 1, value: 0 }).execute();
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    if (postgres) {
      // Once per statement (a sweep deleting thousands of rows moves it once). The search path
      // is fixed at creation: the function then finds this schema's counter whoever calls it.
      await sql`create function billet_session_epoch_bump() returns trigger
        language plpgsql set search_path from current as $$
        begin
          update session_epoch set value = value + 1 where id = 1;
          return null;
        end $$`.execute(db);
    }
    for (const [i, { table, event }] of WATCHED.entries())
      await createEpochTrigger(db, `${table}_session_epoch_${i}`, table, event);
  },
};

/** One trigger that moves the epoch after `event` on `table` (per statement on PostgreSQL). */
export async function createEpochTrigger(
  db: AnyDb,
  name: string,
  table: string,
  event: string,
): Promise<void> {
  const on = sql.raw(`${name} after ${event} on ${table}`);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create trigger ${on} for each statement execute function billet_session_epoch_bump()`.execute(
      db,
    );
  } else {
    await sql`create trigger ${on} for each row begin
      update session_epoch set value = value + 1 where id = 1;
    end`.execute(db);
  }
}
