import { createHash } from "node:crypto";
import type { Kysely, Migration } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

// As the domain defined them when this migration was written (auth/accounts/emails.ts,
// auth/crypto/ids.ts): a migration must do tomorrow what it did today.
const canonicalEmail = (raw: string) =>
  raw.trim().normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC");
const hashSecret = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * An identity belongs to whoever owns its email address (spec 5.1):
 * - memberships may be pending: an identity added to another organization joins only when it
 *   accepts the invitation;
 * - sessions remember the partner whose login-as-user made them (impersonation changes no factor);
 * - email changes wait for the new address to confirm them with a one-time token;
 * - stored emails take their canonical form (NFKC, case folded);
 * - the audit log keeps the SHA-256 of a username that failed to log in, never the text.
 */
export const identityConsent: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable("memberships")
      .addColumn("pending", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable("sessions").addColumn("partner_id", "varchar(20)").execute();

    await db.schema
      .createTable("email_changes")
      .addColumn("id", "varchar(20)", (c) => c.primaryKey())
      .addColumn("token_hash", "char(64)", (c) => c.notNull().unique())
      .addColumn("user_id", "varchar(20)", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("used_at", "bigint")
      .execute();
    await db.schema.createIndex("email_changes_user").on("email_changes").column("user_id").execute();

    // Canonical emails. Two stored spellings of one address (only possible before this
    // migration) cannot both take the canonical form: the later one keeps its spelling.
    const users: { id: string; email: string }[] = await db
      .selectFrom("users")
      .select(["id", "email"])
      .orderBy("created_at")
      .execute();
    const taken = new Set(users.map((u) => u.email));
    for (const user of users) {
      const email = canonicalEmail(user.email);
      if (email === user.email || taken.has(email)) continue;
      await db.updateTable("users").set({ email }).where("id", "=", user.id).execute();
      taken.add(email);
    }

    await db.schema.alterTable("audit_events").addColumn("username_hash", "char(64)").execute();
    const failures: { id: string; username: string }[] = await db
      .selectFrom("audit_events")
      .select(["id", "username"])
      .where("event", "in", ["login.failure", "login.lockout"])
      .where("username", "is not", null)
      .execute();
    for (const row of failures) {
      await db
        .updateTable("audit_events")
        .set({ username: null, username_hash: hashSecret(canonicalEmail(row.username)) })
        .where("id", "=", row.id)
        .execute();
    }
  },
  async down(db: AnyDb) {
    await db.schema.alterTable("audit_events").dropColumn("username_hash").execute();
    await db.schema.dropTable("email_changes").execute();
    await db.schema.alterTable("sessions").dropColumn("partner_id").execute();
    await db.schema.alterTable("memberships").dropColumn("pending").execute();
  },
};
