import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

/** What a sweeper that asks another store before deleting needs (see redis/session-activity.ts). */
export interface IdleSessionSweep {
  /** Up to `limit` sessions whose stored activity is before `cutoff`, oldest first. */
  listIdleBefore(cutoff: number, limit: number): Promise<string[]>;
  /** Deletes those of `ids` whose stored activity is still before `cutoff`; returns how many. */
  deleteIdle(ids: readonly string[], cutoff: number): Promise<number>;
}

export function sqlIdleSessionSweep(db: Kysely<Database>): IdleSessionSweep {
  return {
    async listIdleBefore(cutoff, limit) {
      const rows = await db
        .selectFrom("sessions")
        .select("id")
        .where("last_active_at", "<", cutoff)
        .orderBy("last_active_at")
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },
    async deleteIdle(ids, cutoff) {
      if (ids.length === 0) return 0;
      const result = await db
        .deleteFrom("sessions")
        .where("id", "in", [...ids])
        .where("last_active_at", "<", cutoff)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
