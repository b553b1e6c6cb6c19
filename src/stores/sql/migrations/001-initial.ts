import type { Kysely, Migration } from "kysely";

// Migrations take Kysely<any>: they describe the schema as it was then, not as it is now.
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyDb = Kysely<any>;

export const initial: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("organizations")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("locked", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("organizations_name").on("organizations").column("name").execute();

    await db.schema
      .createTable("roles")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("organization_id", "varchar(20)", (c) =>
        c.notNull().references("organizations.id").onDelete("cascade"),
      )
      .addColumn("type", "varchar(32)", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("description", "text", (c) => c.notNull())
      .addUniqueConstraint("roles_organization_type", ["organization_id", "type"])
      .execute();

    await db.schema
      .createTable("users")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("password_hash", "text")
      .addColumn("first_name", "text", (c) => c.notNull())
      .addColumn("last_name", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("memberships")
      .addColumn("user_id", "varchar(20)", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("organization_id", "varchar(20)", (c) =>
        c.notNull().references("organizations.id").onDelete("cascade"),
      )
      .addColumn("role_id", "varchar(20)", (c) => c.notNull().references("roles.id"))
      .addColumn("archived", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("memberships_pk", ["user_id", "organization_id"])
      .execute();
    await db.schema
      .createIndex("memberships_organization")
      .on("memberships")
      .column("organization_id")
      .execute();

    await db.schema
      .createTable("dev_keys")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("key_hash", "char(64)", (c) => c.notNull().unique())
      .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("mfa_bypass", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("deactivated_at", "bigint")
      .execute();

    await db.schema
      .createTable("sessions")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("token_hash", "char(64)", (c) => c.notNull().unique())
      .addColumn("user_id", "varchar(20)", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("organization_id", "varchar(20)", (c) =>
        c.notNull().references("organizations.id").onDelete("cascade"),
      )
      .addColumn("dev_key_id", "varchar(20)", (c) =>
        c.notNull().references("dev_keys.id").onDelete("cascade"),
      )
      .addColumn("trusted", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("last_active_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("sessions_user")
      .on("sessions")
      .columns(["user_id", "organization_id"])
      .execute();
    await db.schema.createIndex("sessions_organization").on("sessions").column("organization_id").execute();
    await db.schema.createIndex("sessions_dev_key").on("sessions").column("dev_key_id").execute();
    await db.schema.createIndex("sessions_last_active").on("sessions").column("last_active_at").execute();

    await db.schema
      .createTable("limit_counters")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("count", "integer", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("limit_counters_expires").on("limit_counters").column("expires_at").execute();
  },
  async down(db: AnyDb) {
    for (const table of [
      "limit_counters",
      "sessions",
      "dev_keys",
      "memberships",
      "users",
      "roles",
      "organizations",
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
