import type { Kysely, Selectable } from "kysely";
import type { EmailChange, EmailChangeStore } from "../provisioning-types.ts";
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
  const open = (tokenHash: string, now: number) =>
    db
      .selectFrom("email_changes")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .where("expires_at", ">", now);
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
    async findOpen(tokenHash, now) {
      const row = await open(tokenHash, now).executeTakeFirst();
      return row && toEmailChange(row);
    },
    async consume(tokenHash, now) {
      // One conditional UPDATE: of two requests presenting the same token, exactly one wins.
      const row = await db
        .updateTable("email_changes")
        .set({ used_at: now })
        .where("token_hash", "=", tokenHash)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returningAll()
        .executeTakeFirst();
      return row && toEmailChange(row);
    },
    async closeForUser(userId, now) {
      const result = await db
        .updateTable("email_changes")
        .set({ used_at: now })
        .where("user_id", "=", userId)
        .where("used_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
