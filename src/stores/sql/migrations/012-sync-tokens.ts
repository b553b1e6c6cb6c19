import { type Kysely, type Migration, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * AP & AR sync tokens (docs/bill-sign-in-modes.md section 3): named credentials of an
 * organization, the value stored only as its SHA-256. A name is unique among the
 * organization's live tokens (a partial unique index), so a revoked token's name may be reused.
 */
export const syncTokens: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("sync_tokens")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("organization_id", "varchar(20)", (c) => c.notNull())
      .addColumn("user_id", "varchar(20)", (c) => c.notNull())
      .addColumn("name", "varchar(100)", (c) => c.notNull())
      .addColumn("value_hash", "varchar(64)", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("revoked_at", "bigint")
      .execute();
    await db.schema
      .createIndex("sync_tokens_live_name")
      .on("sync_tokens")
      .columns(["organization_id", "name"])
      .unique()
      .where(sql.ref("revoked_at"), "is", null)
      .execute();
    await db.schema
      .createIndex("sync_tokens_by_organization")
      .on("sync_tokens")
      .columns(["organization_id", "created_at", "id"])
      .execute();
  },
};
