import type { Kysely, Selectable } from "kysely";
import type { Invitation, InvitationStore } from "../types/users.ts";
import { oneTimeTokens } from "./one-time-tokens.ts";
import type { Database, InvitationsTable } from "./schema.ts";

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
