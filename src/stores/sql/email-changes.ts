import type { Kysely, Selectable } from "kysely";
import type { EmailChange, EmailChangeStore } from "../types/users.ts";
import { oneTimeTokens } from "./one-time-tokens.ts";
import type { Database, EmailChangesTable } from "./schema.ts";

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
