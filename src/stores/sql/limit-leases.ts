import type { Kysely } from "kysely";
import type { HeldSlots, LimitStore } from "../types/limits.ts";
import type { Database } from "./schema.ts";

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
