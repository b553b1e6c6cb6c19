import type { Kysely, Migration } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * The audit log records each sign-in with the way it was made (docs/bill-sign-in-modes.md
 * section 6): `password`, `sync-token`, `oauth` or `console`; null for events that are not a
 * sign-in and for those recorded before this migration.
 */
export const auditMode: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("audit_events").addColumn("mode", "varchar(16)").execute();
  },
};
