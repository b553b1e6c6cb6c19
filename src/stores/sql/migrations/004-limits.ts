import type { Kysely, Migration } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * In-flight slots (spec section 6: requests in flight per devKey and organization). One row per
 * held slot; the primary key (key, slot) is what makes taking a slot atomic on every dialect.
 */
export const limits: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("limit_leases")
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("slot", "integer", (c) => c.notNull())
      .addColumn("lease", "varchar(64)", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("limit_leases_pk", ["key", "slot"])
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("limit_leases").execute();
  },
};
