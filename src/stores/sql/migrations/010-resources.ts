import type { Kysely, Migration } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * BILL's AP & AR records (vendors, bills, …): one row per record, its fields as JSON text
 * (the resource declarations give them their shape), read per (organization, kind) in the
 * order of creation. Ids are unique per kind across organizations, as BILL's are.
 */
export const resources: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("resources")
      .addColumn("kind", "varchar(40)", (c) => c.notNull())
      .addColumn("id", "varchar(20)", (c) => c.notNull())
      .addColumn("organization_id", "varchar(20)", (c) =>
        c.notNull().references("organizations.id").onDelete("cascade"),
      )
      .addColumn("archived", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("data", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("resources_pk", ["kind", "id"])
      .execute();
    await db.schema
      .createIndex("resources_by_organization")
      .on("resources")
      .columns(["organization_id", "kind", "created_at", "id"])
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("resources").execute();
  },
};
