import type { Kysely, Selectable } from "kysely";
import type {
  EmailChange,
  EmailChangeStore,
  Invitation,
  InvitationStore,
  User,
  UserStore,
} from "../types/users.ts";
import { oneTimeTokens } from "./one-time-tokens.ts";
import type { Database, EmailChangesTable, InvitationsTable, UsersTable } from "./schema.ts";

const toUser = (row: Selectable<UsersTable>): User => ({
  id: row.id,
  email: row.email,
  passwordHash: row.password_hash,
  firstName: row.first_name,
  lastName: row.last_name,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const changed = (result: { numUpdatedRows: bigint }): boolean => result.numUpdatedRows > 0n;

export function sqlUserStore(db: Kysely<Database>): UserStore {
  return {
    async create(user) {
      await db
        .insertInto("users")
        .values({
          id: user.id,
          email: user.email,
          password_hash: user.passwordHash,
          first_name: user.firstName,
          last_name: user.lastName,
          created_at: user.createdAt,
          updated_at: user.updatedAt,
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toUser(row);
    },
    async findByEmail(email) {
      // A login may try any username; PostgreSQL text cannot hold NUL, and no stored email has one.
      if (email.includes("\u0000")) return undefined;
      const row = await db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
      return row && toUser(row);
    },
    async setPasswordHash(id, passwordHash, now) {
      const result = await db
        .updateTable("users")
        .set({ password_hash: passwordHash, updated_at: now })
        .where("id", "=", id)
        .executeTakeFirst();
      return changed(result);
    },
    async setEmail(id, email, now) {
      const result = await db
        .updateTable("users")
        .set({ email, updated_at: now })
        .where("id", "=", id)
        .executeTakeFirst();
      return changed(result);
    },
  };
}

const toInvitation = (row: Selectable<InvitationsTable>): Invitation => ({
  id: row.id,
  tokenHash: row.token_hash,
  userId: row.user_id,
  organizationId: row.organization_id,
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  usedAt: row.used_at === null ? null : Number(row.used_at),
});

export function sqlInvitationStore(db: Kysely<Database>): InvitationStore {
  return {
    async create(invitation) {
      await db
        .insertInto("invitations")
        .values({
          id: invitation.id,
          token_hash: invitation.tokenHash,
          user_id: invitation.userId,
          organization_id: invitation.organizationId,
          created_at: invitation.createdAt,
          expires_at: invitation.expiresAt,
          used_at: invitation.usedAt,
        })
        .execute();
    },
    async listOpen(userId, now) {
      const rows = await db
        .selectFrom("invitations")
        .selectAll()
        .where("user_id", "=", userId)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toInvitation);
    },
    ...oneTimeTokens(db, "invitations", toInvitation),
  };
}

const toEmailChange = (row: Selectable<EmailChangesTable>): EmailChange => ({
  id: row.id,
  tokenHash: row.token_hash,
  userId: row.user_id,
  email: row.email,
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  usedAt: row.used_at === null ? null : Number(row.used_at),
});

export function sqlEmailChangeStore(db: Kysely<Database>): EmailChangeStore {
  return {
    async create(change) {
      await db
        .insertInto("email_changes")
        .values({
          id: change.id,
          token_hash: change.tokenHash,
          user_id: change.userId,
          email: change.email,
          created_at: change.createdAt,
          expires_at: change.expiresAt,
          used_at: change.usedAt,
        })
        .execute();
    },
    ...oneTimeTokens(db, "email_changes", toEmailChange),
  };
}
