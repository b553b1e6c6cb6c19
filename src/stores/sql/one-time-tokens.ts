import type { Kysely, Selectable } from "kysely";
import type { Database } from "./schema.ts";

/** Tables of one-time tokens a person gets by e-mail: hashed, expiring, used once. */
type TokenTable = "invitations" | "email_changes";

/** The columns the token tables share. */
interface TokenColumns {
  token_hash: string;
  user_id: string;
  expires_at: number;
  used_at: number | null;
}

/**
 * The lookups every one-time token table shares (invitations, email changes): the open token
 * with a hash, using it exactly once, and closing all of a user's open ones.
 */
export function oneTimeTokens<T extends TokenTable, R>(
  db: Kysely<Database>,
  table: T,
  toRecord: (row: Selectable<Database[T]>) => R,
) {
  // Either table, typed by the columns they share (as if it were named `tokens`); rows are read back whole.
  const tokens = db as unknown as Kysely<{ tokens: TokenColumns }>;
  const name = table as unknown as "tokens";
  const record = (row: TokenColumns) => toRecord(row as unknown as Selectable<Database[T]>);
  return {
    async findOpen(tokenHash: string, now: number): Promise<R | undefined> {
      const row = await tokens
        .selectFrom(name)
        .selectAll()
        .where("token_hash", "=", tokenHash)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return row && record(row);
    },
    async consume(tokenHash: string, now: number): Promise<R | undefined> {
      // One conditional UPDATE: of two requests presenting the same token, exactly one wins.
      const row = await tokens
        .updateTable(name)
        .set({ used_at: now })
        .where("token_hash", "=", tokenHash)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returningAll()
        .executeTakeFirst();
      return row && record(row);
    },
    async closeForUser(userId: string, now: number): Promise<number> {
      const result = await tokens
        .updateTable(name)
        .set({ used_at: now })
        .where("user_id", "=", userId)
        .where("used_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
