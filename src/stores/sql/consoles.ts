import type { Kysely, Selectable } from "kysely";
import type { ConsoleStore, ConsoleToken } from "../types/consoles.ts";
import type { ConsoleTokensTable } from "./console-schema.ts";
import type { Database } from "./schema.ts";

const toToken = (row: Selectable<ConsoleTokensTable>): ConsoleToken => ({
  id: row.id,
  consoleId: row.console_id,
  userId: row.user_id,
  name: row.name,
  tokenHash: row.token_hash,
  createdAt: Number(row.created_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

/** Inserts one row unless its key exists; true when it was inserted (both dialects). */
async function insertOnce(insert: () => Promise<unknown>, exists: () => Promise<boolean>): Promise<boolean> {
  if (await exists()) return false;
  try {
    await insert();
    return true;
  } catch (error) {
    // A racing insert of the same key: the loser reports "already there".
    if (await exists()) return false;
    throw error;
  }
}

export function sqlConsoleStore(db: Kysely<Database>): ConsoleStore {
  return {
    async create(console) {
      await db
        .insertInto("consoles")
        .values({ id: console.id, name: console.name, created_at: console.createdAt })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom("consoles").selectAll().where("id", "=", id).executeTakeFirst();
      return row && { id: row.id, name: row.name, createdAt: Number(row.created_at) };
    },
    async list() {
      const rows = await db.selectFrom("consoles").selectAll().orderBy("created_at").orderBy("id").execute();
      return rows.map((row) => ({ id: row.id, name: row.name, createdAt: Number(row.created_at) }));
    },
    addOrganization(link) {
      return insertOnce(
        () =>
          db
            .insertInto("console_organizations")
            .values({
              console_id: link.consoleId,
              organization_id: link.organizationId,
              created_at: link.createdAt,
            })
            .execute(),
        async () =>
          (await db
            .selectFrom("console_organizations")
            .select("console_id")
            .where("console_id", "=", link.consoleId)
            .where("organization_id", "=", link.organizationId)
            .executeTakeFirst()) !== undefined,
      );
    },
    async removeOrganization(consoleId, organizationId) {
      const result = await db
        .deleteFrom("console_organizations")
        .where("console_id", "=", consoleId)
        .where("organization_id", "=", organizationId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async listOrganizations(consoleId) {
      const rows = await db
        .selectFrom("console_organizations")
        .selectAll()
        .where("console_id", "=", consoleId)
        .orderBy("created_at")
        .orderBy("organization_id")
        .execute();
      return rows.map((row) => ({
        consoleId: row.console_id,
        organizationId: row.organization_id,
        createdAt: Number(row.created_at),
      }));
    },
    addMember(member) {
      return insertOnce(
        () =>
          db
            .insertInto("console_members")
            .values({ console_id: member.consoleId, user_id: member.userId, created_at: member.createdAt })
            .execute(),
        async () =>
          (await db
            .selectFrom("console_members")
            .select("console_id")
            .where("console_id", "=", member.consoleId)
            .where("user_id", "=", member.userId)
            .executeTakeFirst()) !== undefined,
      );
    },
    async removeMember(consoleId, userId) {
      const result = await db
        .deleteFrom("console_members")
        .where("console_id", "=", consoleId)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async listMembers(consoleId) {
      const rows = await db
        .selectFrom("console_members")
        .innerJoin("users", "users.id", "console_members.user_id")
        .select(["console_members.console_id", "console_members.user_id", "console_members.created_at"])
        .select("users.email")
        .where("console_members.console_id", "=", consoleId)
        .orderBy("console_members.created_at")
        .orderBy("console_members.user_id")
        .execute();
      return rows.map((row) => ({
        consoleId: row.console_id,
        userId: row.user_id,
        email: row.email,
        createdAt: Number(row.created_at),
      }));
    },
    async createToken(token) {
      await db
        .insertInto("console_tokens")
        .values({
          id: token.id,
          console_id: token.consoleId,
          user_id: token.userId,
          name: token.name,
          token_hash: token.tokenHash,
          created_at: token.createdAt,
          revoked_at: token.revokedAt,
        })
        .execute();
    },
    async findTokenById(id) {
      const row = await db.selectFrom("console_tokens").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toToken(row);
    },
    async findTokenByHash(tokenHash) {
      const row = await db
        .selectFrom("console_tokens")
        .selectAll()
        .where("token_hash", "=", tokenHash)
        .executeTakeFirst();
      return row && toToken(row);
    },
    async listTokens(consoleId) {
      const rows = await db
        .selectFrom("console_tokens")
        .selectAll()
        .where("console_id", "=", consoleId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toToken);
    },
    async revokeToken(id, now) {
      const result = await db
        .updateTable("console_tokens")
        .set({ revoked_at: now })
        .where("id", "=", id)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async revokeTokensOf(consoleId, userId, now) {
      const live = await db
        .selectFrom("console_tokens")
        .select("id")
        .where("console_id", "=", consoleId)
        .where("user_id", "=", userId)
        .where("revoked_at", "is", null)
        .execute();
      if (live.length === 0) return [];
      const ids = live.map((row) => row.id);
      await db
        .updateTable("console_tokens")
        .set({ revoked_at: now })
        .where("id", "in", ids)
        .where("revoked_at", "is", null)
        .execute();
      return ids;
    },
    async reaches(consoleId, userId, organizationId) {
      const row = await db
        .selectFrom("console_members")
        .innerJoin("console_organizations", "console_organizations.console_id", "console_members.console_id")
        .select("console_members.console_id")
        .where("console_members.console_id", "=", consoleId)
        .where("console_members.user_id", "=", userId)
        .where("console_organizations.organization_id", "=", organizationId)
        .executeTakeFirst();
      return row !== undefined;
    },
    async listReachable(userId) {
      const rows = await db
        .selectFrom("console_members")
        .innerJoin("console_organizations", "console_organizations.console_id", "console_members.console_id")
        .innerJoin("consoles", "consoles.id", "console_members.console_id")
        .select([
          "consoles.id as console_id",
          "consoles.name as console_name",
          "console_organizations.organization_id",
        ])
        .where("console_members.user_id", "=", userId)
        .orderBy("console_organizations.organization_id")
        .orderBy("consoles.id")
        .execute();
      return rows.map((row) => ({
        consoleId: row.console_id,
        consoleName: row.console_name,
        organizationId: row.organization_id,
      }));
    },
  };
}
