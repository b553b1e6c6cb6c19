import type { Kysely, Migration } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * BILL's Accountant Console (docs/bill-sign-in-modes.md section 5): consoles, the organizations
 * each one serves, the users who belong to each, and the Console API tokens those users sign
 * in with (stored only as their SHA-256; revoked, never deleted, so that the audit still names
 * them).
 */
export const consoles: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("consoles")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("console_organizations")
      .addColumn("console_id", "varchar(20)", (c) => c.notNull().references("consoles.id"))
      .addColumn("organization_id", "varchar(20)", (c) => c.notNull().references("organizations.id"))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("console_organizations_pk", ["console_id", "organization_id"])
      .execute();
    await db.schema
      .createIndex("console_organizations_by_organization")
      .on("console_organizations")
      .column("organization_id")
      .execute();
    await db.schema
      .createTable("console_members")
      .addColumn("console_id", "varchar(20)", (c) => c.notNull().references("consoles.id"))
      .addColumn("user_id", "varchar(20)", (c) => c.notNull().references("users.id"))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("console_members_pk", ["console_id", "user_id"])
      .execute();
    await db.schema.createIndex("console_members_by_user").on("console_members").column("user_id").execute();
    await db.schema
      .createTable("console_tokens")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("console_id", "varchar(20)", (c) => c.notNull().references("consoles.id"))
      .addColumn("user_id", "varchar(20)", (c) => c.notNull().references("users.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("token_hash", "varchar(64)", (c) => c.notNull().unique())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("revoked_at", "bigint")
      .execute();
    await db.schema
      .createIndex("console_tokens_by_console")
      .on("console_tokens")
      .columns(["console_id", "created_at", "id"])
      .execute();
  },
};
