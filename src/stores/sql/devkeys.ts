import type { ExpressionBuilder, Kysely, Selectable } from "kysely";
import type { DevKey, DevKeyStore } from "../types/devkeys.ts";
import type { Database, DevKeysTable } from "./schema.ts";

const toDevKey = (row: Selectable<DevKeysTable>): DevKey => ({
  id: row.id,
  name: row.name,
  keyHash: row.key_hash,
  active: Number(row.active) === 1,
  mfaBypass: Number(row.mfa_bypass) === 1,
  createdAt: Number(row.created_at),
  deactivatedAt: row.deactivated_at === null ? null : Number(row.deactivated_at),
});

/** An OAuth app's own developer key is hidden: not listed, not counted (oauth-apps.ts). */
const notAnOAuthAppsKey = (eb: ExpressionBuilder<Database, "dev_keys">) =>
  eb.not(
    eb.exists(
      eb
        .selectFrom("oauth_apps")
        .select("oauth_apps.id")
        .whereRef("oauth_apps.dev_key_id", "=", "dev_keys.id"),
    ),
  );

const changed = (result: { numUpdatedRows: bigint }): boolean => result.numUpdatedRows > 0n;

export function sqlDevKeyStore(db: Kysely<Database>): DevKeyStore {
  return {
    async create(devKey) {
      await db
        .insertInto("dev_keys")
        .values({
          id: devKey.id,
          name: devKey.name,
          key_hash: devKey.keyHash,
          active: devKey.active ? 1 : 0,
          mfa_bypass: devKey.mfaBypass ? 1 : 0,
          created_at: devKey.createdAt,
          deactivated_at: devKey.deactivatedAt,
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom("dev_keys").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toDevKey(row);
    },
    async findByKeyHash(keyHash) {
      const row = await db
        .selectFrom("dev_keys")
        .selectAll()
        .where("key_hash", "=", keyHash)
        .executeTakeFirst();
      return row && toDevKey(row);
    },
    async list() {
      const rows = await db
        .selectFrom("dev_keys")
        .selectAll()
        .where(notAnOAuthAppsKey)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toDevKey);
    },
    async count() {
      const row = await db
        .selectFrom("dev_keys")
        .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
        .where(notAnOAuthAppsKey)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async deactivate(id, now) {
      const result = await db
        .updateTable("dev_keys")
        .set({ active: 0, deactivated_at: now })
        .where("id", "=", id)
        .where("active", "=", 1)
        .executeTakeFirst();
      return changed(result);
    },
  };
}
