import type { Kysely, Migration } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * MFA (spec section 7): the organization flag, verified phones, delivered setup/challenge
 * tokens (hashes only) and remembered devices (rememberMeId hashes only).
 */
export const mfa: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable("organizations")
      .addColumn("mfa_required", "integer", (c) => c.notNull().defaultTo(0))
      .execute();

    // Messages sent within one millisecond (or under a stopped test clock) must still list in
    // the order they were sent: `billet outbox --last` is how a developer reads the newest code.
    await db.schema
      .alterTable("outbox")
      .addColumn("seq", "bigint", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex("outbox_seq").on("outbox").column("seq").execute();

    await db.schema
      .createTable("mfa_phones")
      .addColumn("user_id", "varchar(20)", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
      .addColumn("phone", "varchar(16)", (c) => c.notNull())
      .addColumn("type", "varchar(8)", (c) => c.notNull())
      .addColumn("verified_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("mfa_tokens")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("kind", "varchar(16)", (c) => c.notNull())
      .addColumn("user_id", "varchar(20)", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("phone", "varchar(16)", (c) => c.notNull())
      .addColumn("type", "varchar(8)", (c) => c.notNull())
      .addColumn("token_hash", "char(64)", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("consumed_at", "bigint")
      .execute();
    await db.schema
      .createIndex("mfa_tokens_user_expires")
      .on("mfa_tokens")
      .columns(["user_id", "expires_at"])
      .execute();

    await db.schema
      .createTable("remembered_devices")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("user_id", "varchar(20)", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("token_hash", "char(64)", (c) => c.notNull().unique())
      .addColumn("device", "text", (c) => c.notNull())
      .addColumn("machine_name", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("remembered_devices_user")
      .on("remembered_devices")
      .columns(["user_id", "expires_at"])
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of ["remembered_devices", "mfa_tokens", "mfa_phones"]) {
      await db.schema.dropTable(table).execute();
    }
    await db.schema.dropIndex("outbox_seq").execute();
    await db.schema.alterTable("outbox").dropColumn("seq").execute();
    await db.schema.alterTable("organizations").dropColumn("mfa_required").execute();
  },
};
