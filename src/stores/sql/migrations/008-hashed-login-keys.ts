import type { Kysely, Migration } from "kysely";
import { storedLimitKey } from "../../limit-keys.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * Lockout counters were stored under keys holding the username tried at login (which may be a
 * password typed into the wrong field). They are now stored by digest: existing rows are
 * rewritten so that a lock in force stays in force. One-way: `down` leaves them hashed.
 */
export const hashedLoginKeys: Migration = {
  async up(db: AnyDb) {
    const rows: { key: string }[] = await db
      .selectFrom("limit_counters")
      .select("key")
      .where("key", "like", "login-%")
      .execute();
    for (const { key } of rows) {
      await db
        .updateTable("limit_counters")
        .set({ key: storedLimitKey(key) })
        .where("key", "=", key)
        .execute();
    }
  },
  async down() {},
};
