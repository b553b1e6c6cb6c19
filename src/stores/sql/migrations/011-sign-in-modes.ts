import type { Kysely, Migration } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * BILL's other ways in (docs/bill-sign-in-modes.md): a session remembers how it was made —
 * a password (v3 or v2 login), a sync token, an OAuth access token or a console token — and,
 * for the last three, the credential that made it (so that revoking the credential ends its
 * sessions), the OAuth scope, and a fixed expiry where the mode has one.
 */
export const signInModes: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable("sessions")
      .addColumn("mode", "varchar(16)", (c) => c.notNull().defaultTo("password"))
      .execute();
    await db.schema.alterTable("sessions").addColumn("credential_id", "varchar(40)").execute();
    await db.schema.alterTable("sessions").addColumn("scope", "varchar(16)").execute();
    await db.schema.alterTable("sessions").addColumn("expires_at", "bigint").execute();
    await db.schema.createIndex("sessions_by_credential").on("sessions").column("credential_id").execute();
  },
};
