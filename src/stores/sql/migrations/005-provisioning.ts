import { type Kysely, type Migration, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

const ORGANIZATION_PROFILE = [
  "phone",
  "address",
  "mailing_address",
  "industry",
  "tax_id",
  "tax_id_type",
  "business_category",
  "account_type",
] as const;

/**
 * Provisioning over HTTP (spec sections 5 and 8): organization profiles, the organization's
 * own view of each member, invitations, partners with their users and sessions, and the
 * responses remembered for `X-Idempotent-Key`.
 */
export const provisioning: Migration = {
  async up(db: AnyDb) {
    // SQLite adds one column per statement.
    for (const column of ORGANIZATION_PROFILE) {
      await db.schema.alterTable("organizations").addColumn(column, "text").execute();
    }
    // The partner that created the organization, if any (no foreign key: ALTER TABLE in
    // SQLite cannot add one; partners are never deleted).
    await db.schema.alterTable("organizations").addColumn("partner_id", "varchar(20)").execute();
    await db.schema
      .createIndex("organizations_partner")
      .on("organizations")
      .columns(["partner_id", "created_at", "id"])
      .execute();

    // Names are the organization's view of a person, so that one organization can neither
    // read nor change what another calls them; username and externalReferenceId are set by
    // partners (spec section 8).
    await db.schema
      .alterTable("memberships")
      .addColumn("first_name", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await db.schema
      .alterTable("memberships")
      .addColumn("last_name", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await db.schema.alterTable("memberships").addColumn("username", "text").execute();
    await db.schema.alterTable("memberships").addColumn("external_reference_id", "text").execute();
    await sql`update memberships set
      first_name = (select first_name from users where users.id = memberships.user_id),
      last_name = (select last_name from users where users.id = memberships.user_id)`.execute(db);
    await db.schema
      .createIndex("memberships_page")
      .on("memberships")
      .columns(["organization_id", "created_at", "user_id"])
      .execute();
    await db.schema
      .createIndex("memberships_username")
      .on("memberships")
      .columns(["organization_id", "username"])
      .unique()
      .execute();

    await db.schema
      .createTable("invitations")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("token_hash", "char(64)", (c) => c.notNull().unique())
      .addColumn("user_id", "varchar(20)", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("organization_id", "varchar(20)", (c) =>
        c.notNull().references("organizations.id").onDelete("cascade"),
      )
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("used_at", "bigint")
      .execute();
    await db.schema.createIndex("invitations_user").on("invitations").column("user_id").execute();

    await db.schema
      .createTable("partners")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("app_key_hash", "char(64)", (c) => c.notNull().unique())
      .addColumn("dev_key_id", "varchar(20)", (c) => c.notNull().references("dev_keys.id"))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("partner_users")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("partner_id", "varchar(20)", (c) =>
        c.notNull().references("partners.id").onDelete("cascade"),
      )
      .addColumn("username", "text", (c) => c.notNull())
      .addColumn("password_hash", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addUniqueConstraint("partner_users_username", ["partner_id", "username"])
      .execute();

    await db.schema
      .createTable("partner_sessions")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("token_hash", "char(64)", (c) => c.notNull().unique())
      .addColumn("partner_id", "varchar(20)", (c) =>
        c.notNull().references("partners.id").onDelete("cascade"),
      )
      .addColumn("partner_user_id", "varchar(20)", (c) =>
        c.notNull().references("partner_users.id").onDelete("cascade"),
      )
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("last_active_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("partner_sessions_last_active")
      .on("partner_sessions")
      .column("last_active_at")
      .execute();

    await db.schema
      .createTable("idempotency_keys")
      // SHA-256 of (scope, key): bounded size whatever the client sends.
      .addColumn("key_hash", "char(64)", (c) => c.primaryKey())
      .addColumn("request_hash", "char(64)", (c) => c.notNull())
      // Null while the first request is still running.
      .addColumn("status", "integer")
      .addColumn("body", "text")
      .addColumn("owner", "varchar(64)", (c) => c.notNull())
      .addColumn("locked_until", "bigint", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("idempotency_keys_expires")
      .on("idempotency_keys")
      .column("expires_at")
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of [
      "idempotency_keys",
      "partner_sessions",
      "partner_users",
      "partners",
      "invitations",
    ]) {
      await db.schema.dropTable(table).execute();
    }
    await db.schema.dropIndex("memberships_username").execute();
    await db.schema.dropIndex("memberships_page").execute();
    for (const column of ["external_reference_id", "username", "last_name", "first_name"]) {
      await db.schema.alterTable("memberships").dropColumn(column).execute();
    }
    await db.schema.dropIndex("organizations_partner").execute();
    for (const column of ["partner_id", ...ORGANIZATION_PROFILE]) {
      await db.schema.alterTable("organizations").dropColumn(column).execute();
    }
  },
};
