import type { Kysely, Selectable } from "kysely";
import type { Partner, PartnerSessionStore, PartnerStore, PartnerUser } from "../types/partners.ts";
import type { Database, PartnersTable, PartnerUsersTable } from "./schema.ts";

const toPartner = (row: Selectable<PartnersTable>): Partner => ({
  id: row.id,
  name: row.name,
  appKeyHash: row.app_key_hash,
  devKeyId: row.dev_key_id,
  createdAt: Number(row.created_at),
});

const toPartnerUser = (row: Selectable<PartnerUsersTable>): PartnerUser => ({
  id: row.id,
  partnerId: row.partner_id,
  username: row.username,
  passwordHash: row.password_hash,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

export function sqlPartnerStore(db: Kysely<Database>): PartnerStore {
  return {
    async create(partner) {
      await db
        .insertInto("partners")
        .values({
          id: partner.id,
          name: partner.name,
          app_key_hash: partner.appKeyHash,
          dev_key_id: partner.devKeyId,
          created_at: partner.createdAt,
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom("partners").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toPartner(row);
    },
    async findByAppKeyHash(appKeyHash) {
      const row = await db
        .selectFrom("partners")
        .selectAll()
        .where("app_key_hash", "=", appKeyHash)
        .executeTakeFirst();
      return row && toPartner(row);
    },
    async list() {
      const rows = await db.selectFrom("partners").selectAll().orderBy("created_at").orderBy("id").execute();
      return rows.map(toPartner);
    },
    async createUser(user) {
      await db
        .insertInto("partner_users")
        .values({
          id: user.id,
          partner_id: user.partnerId,
          username: user.username,
          password_hash: user.passwordHash,
          created_at: user.createdAt,
          updated_at: user.updatedAt,
        })
        .execute();
    },
    async findUser(partnerId, username) {
      const row = await db
        .selectFrom("partner_users")
        .selectAll()
        .where("partner_id", "=", partnerId)
        .where("username", "=", username)
        .executeTakeFirst();
      return row && toPartnerUser(row);
    },
    async listUsers(partnerId) {
      const rows = await db
        .selectFrom("partner_users")
        .selectAll()
        .where("partner_id", "=", partnerId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toPartnerUser);
    },
    async setUserPassword(userId, passwordHash, now) {
      const result = await db
        .updateTable("partner_users")
        .set({ password_hash: passwordHash, updated_at: now })
        .where("id", "=", userId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

/**
 * Partner sessions write their activity straight through: partner calls are few (creating
 * organizations and users), unlike the organization-level calls that session-activity.ts
 * buffers.
 */
export function sqlPartnerSessionStore(db: Kysely<Database>): PartnerSessionStore {
  return {
    async create(session) {
      await db
        .insertInto("partner_sessions")
        .values({
          id: session.id,
          token_hash: session.tokenHash,
          partner_id: session.partnerId,
          partner_user_id: session.partnerUserId,
          created_at: session.createdAt,
          last_active_at: session.lastActiveAt,
        })
        .execute();
    },
    async findByTokenHash(tokenHash) {
      const row = await db
        .selectFrom("partner_sessions")
        .innerJoin("partners", "partners.id", "partner_sessions.partner_id")
        .selectAll("partner_sessions")
        .select(["partners.app_key_hash", "partners.dev_key_id"])
        .where("partner_sessions.token_hash", "=", tokenHash)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        tokenHash: row.token_hash,
        partnerId: row.partner_id,
        partnerUserId: row.partner_user_id,
        createdAt: Number(row.created_at),
        lastActiveAt: Number(row.last_active_at),
        appKeyHash: row.app_key_hash,
        devKeyId: row.dev_key_id,
      };
    },
    async touch(id, lastActiveAt) {
      await db
        .updateTable("partner_sessions")
        .set({ last_active_at: lastActiveAt })
        .where("id", "=", id)
        .where("last_active_at", "<", lastActiveAt)
        .execute();
    },
    async deleteById(id) {
      const result = await db.deleteFrom("partner_sessions").where("id", "=", id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async deleteIdleBefore(cutoff) {
      const result = await db
        .deleteFrom("partner_sessions")
        .where("last_active_at", "<", cutoff)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
