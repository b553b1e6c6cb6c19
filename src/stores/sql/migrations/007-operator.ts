import type { Kysely, Migration } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/** The operator plane: a persisted audit log and a few server settings (token hash, clock). */
export const operator: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("audit_events")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("event", "varchar(40)", (c) => c.notNull())
      .addColumn("code", "varchar(16)")
      .addColumn("username", "text")
      .addColumn("user_id", "varchar(20)")
      .addColumn("organization_id", "varchar(20)")
      .addColumn("dev_key_id", "varchar(20)")
      .addColumn("session_ref", "varchar(20)")
      .addColumn("ip", "varchar(64)")
      .addColumn("reason", "text")
      .execute();
    await db.schema.createIndex("audit_events_at").on("audit_events").columns(["at", "id"]).execute();
    await db.schema
      .createIndex("audit_events_org")
      .on("audit_events")
      .columns(["organization_id", "at"])
      .execute();
    await db.schema.createIndex("audit_events_user").on("audit_events").columns(["user_id", "at"]).execute();

    await db.schema
      .createTable("settings")
      .addColumn("key", "varchar(64)", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("settings").execute();
    await db.schema.dropTable("audit_events").execute();
  },
};
