import { type Kysely, sql } from "kysely";
import { storedLimitKey } from "../limit-keys.ts";
import type { Counter, HeldSlots, LimitStore } from "../types/limits.ts";
import type { Database } from "./schema.ts";

export function sqlLimitStore(db: Kysely<Database>): LimitStore {
  const toCounter = (row: { count: number; expires_at: number }): Counter => ({
    count: Number(row.count),
    expiresAt: Number(row.expires_at),
  });
  return {
    async hit(key, expiresAt, now, by = 1) {
      // One statement, so concurrent hits on the same key never lose a count.
      const row = await db
        .insertInto("limit_counters")
        .values({ key, count: by, expires_at: expiresAt })
        .onConflict((conflict) =>
          conflict.column("key").doUpdateSet({
            count: sql<number>`case when limit_counters.expires_at <= ${now} then excluded.count else limit_counters.count + excluded.count end`,
            expires_at: sql<number>`case when limit_counters.expires_at <= ${now} then excluded.expires_at else limit_counters.expires_at end`,
          }),
        )
        .returning(["count", "expires_at"])
        .executeTakeFirstOrThrow();
      return toCounter(row);
    },
    async peek(key, now) {
      const row = await db
        .selectFrom("limit_counters")
        .select(["count", "expires_at"])
        .where("key", "=", key)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return row && toCounter(row);
    },
    async reset(key) {
      await db.deleteFrom("limit_counters").where("key", "=", key).execute();
    },
    ...sqlLimitLeases(db),
  };
}

/**
 * In-flight slots in SQL, one implementation for SQLite and PostgreSQL. A slot is a row
 * (key, slot number < limit); the primary key makes taking one atomic without a lock or a
 * transaction: of two processes inserting the same (key, slot), one wins and the other tries
 * the next free number. An expired lease (its process crashed) is taken over by the same
 * statement. Used when every process must see the same slots (write-through SQLite,
 * PostgreSQL); the single-process SQLite server keeps its slots in memory instead.
 */
export function sqlLimitLeases(db: Kysely<Database>): Pick<LimitStore, "acquire" | "release" | "countHeld"> {
  return {
    async acquire(key, lease, limit, leaseExpiresAt, now) {
      // A hint, not a decision: which numbers look free now. The insert below decides.
      const rows = await db
        .selectFrom("limit_leases")
        .select(["slot", "expires_at"])
        .where("key", "=", key)
        .execute();
      const taken = new Set(
        rows.filter((row) => Number(row.expires_at) > now).map((row) => Number(row.slot)),
      );
      for (let slot = 0; slot < limit; slot++) {
        if (taken.has(slot)) continue;
        const won = await db
          .insertInto("limit_leases")
          .values({ key, slot, lease, expires_at: leaseExpiresAt })
          .onConflict((conflict) =>
            conflict
              .columns(["key", "slot"])
              .doUpdateSet({
                lease: (eb) => eb.ref("excluded.lease"),
                expires_at: (eb) => eb.ref("excluded.expires_at"),
              })
              .where("limit_leases.expires_at", "<=", now),
          )
          .returning("lease")
          .executeTakeFirst();
        if (won) return true;
        // Someone else took this number since the read: try the next one.
        taken.add(slot);
      }
      return false;
    },
    async release(key, lease) {
      await db.deleteFrom("limit_leases").where("key", "=", key).where("lease", "=", lease).execute();
    },
    async countHeld(prefix, now) {
      const rows = await db
        .selectFrom("limit_leases")
        .select(["key", (eb) => eb.fn.countAll<number>().as("held")])
        .where("expires_at", ">", now)
        .groupBy("key")
        .execute();
      // Filtered here rather than with LIKE: no escaping rules differ between dialects, and the
      // table only ever holds the requests in flight.
      const held: HeldSlots[] = rows
        .filter((row) => row.key.startsWith(prefix))
        .map((row) => ({ key: row.key, held: Number(row.held) }));
      return held.sort((a, b) => a.key.localeCompare(b.key));
    },
  };
}

/**
 * Counter keys carry what clients send: a username tried at login, a forwarded address.
 * PostgreSQL cannot hold NUL in text and cannot index a value over about 2.7 kB, so such a key
 * would turn a login into a 500. Long or odd keys are stored by their SHA-256 instead, on every
 * dialect alike; equal keys still meet on the same counter.
 */
export function withStoredLimitKeys(inner: LimitStore): LimitStore {
  return {
    ...inner,
    hit: (key, expiresAt, now, by) => inner.hit(storedLimitKey(key), expiresAt, now, by),
    peek: (key, now) => inner.peek(storedLimitKey(key), now),
    reset: (key) => inner.reset(storedLimitKey(key)),
  };
}
