import type { Kysely, Migration } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * OAuth 2.0 client-credentials apps (docs/bill-sign-in-modes.md section 4): the client secret
 * only as its hash; the hidden developer key whose budgets its tokens spend.
 */
export const oauthApps: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("oauth_apps")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("organization_id", "varchar(20)", (c) => c.notNull().references("organizations.id"))
      .addColumn("user_id", "varchar(20)", (c) => c.notNull().references("users.id"))
      .addColumn("name", "varchar(100)", (c) => c.notNull())
      .addColumn("scope", "varchar(16)", (c) => c.notNull())
      .addColumn("secret_hash", "varchar(64)", (c) => c.notNull())
      .addColumn("dev_key_id", "varchar(20)", (c) => c.notNull().unique().references("dev_keys.id"))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("revoked_at", "bigint")
      .execute();
    await db.schema
      .createIndex("oauth_apps_by_organization")
      .on("oauth_apps")
      .columns(["organization_id", "created_at"])
      .execute();
  },
};
