import type { Kysely, Migration } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/** The delivery outbox: what BILL would send by SMS, voice or e-mail (spec section 10). */
export const outbox: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("outbox")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("channel", "varchar(8)", (c) => c.notNull())
      .addColumn("recipient", "text", (c) => c.notNull())
      .addColumn("purpose", "varchar(32)", (c) => c.notNull())
      .addColumn("text", "text", (c) => c.notNull())
      .addColumn("user_id", "varchar(20)")
      .addColumn("organization_id", "varchar(20)")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("outbox_recipient")
      .on("outbox")
      .columns(["recipient", "created_at"])
      .execute();
    await db.schema.createIndex("outbox_created").on("outbox").column("created_at").execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("outbox").execute();
  },
};
