import type { Kysely, Selectable } from "kysely";
import type {
  MfaPhone,
  MfaPhoneType,
  MfaStore,
  MfaToken,
  RememberedDevice,
  RememberedDeviceStore,
} from "../types/mfa.ts";
import type { Database, MfaTokensTable, RememberedDevicesTable } from "./schema.ts";

const toToken = (row: Selectable<MfaTokensTable>): MfaToken => ({
  id: row.id,
  kind: row.kind as MfaToken["kind"],
  userId: row.user_id,
  phone: row.phone,
  type: row.type as MfaPhoneType,
  tokenHash: row.token_hash,
  attempts: Number(row.attempts),
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  consumedAt: row.consumed_at === null ? null : Number(row.consumed_at),
});

const toDevice = (row: Selectable<RememberedDevicesTable>): RememberedDevice => ({
  id: row.id,
  userId: row.user_id,
  tokenHash: row.token_hash,
  device: row.device,
  machineName: row.machine_name,
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
});

export function sqlMfaStore(db: Kysely<Database>): MfaStore {
  return {
    async findPhone(userId) {
      const row = await db
        .selectFrom("mfa_phones")
        .selectAll()
        .where("user_id", "=", userId)
        .executeTakeFirst();
      if (!row) return undefined;
      const phone: MfaPhone = {
        userId: row.user_id,
        phone: row.phone,
        type: row.type as MfaPhoneType,
        verifiedAt: Number(row.verified_at),
      };
      return phone;
    },
    async savePhone(phone) {
      const values = { phone: phone.phone, type: phone.type, verified_at: phone.verifiedAt };
      await db
        .insertInto("mfa_phones")
        .values({ user_id: phone.userId, ...values })
        .onConflict((conflict) => conflict.column("user_id").doUpdateSet(values))
        .execute();
    },
    async deletePhone(userId) {
      const result = await db.deleteFrom("mfa_phones").where("user_id", "=", userId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async createToken(token) {
      await db
        .insertInto("mfa_tokens")
        .values({
          id: token.id,
          kind: token.kind,
          user_id: token.userId,
          phone: token.phone,
          type: token.type,
          token_hash: token.tokenHash,
          attempts: token.attempts,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
          consumed_at: token.consumedAt,
        })
        .execute();
    },
    async findToken(id) {
      const row = await db.selectFrom("mfa_tokens").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toToken(row);
    },
    async claimAttempt(id, maxAttempts) {
      // One statement: concurrent guesses can never claim more than maxAttempts between them.
      const row = await db
        .updateTable("mfa_tokens")
        .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
        .where("id", "=", id)
        .where("attempts", "<", maxAttempts)
        .where("consumed_at", "is", null)
        .returning("attempts")
        .executeTakeFirst();
      return row ? Number(row.attempts) : undefined;
    },
    async consumeToken(id, now) {
      const result = await db
        .updateTable("mfa_tokens")
        .set({ consumed_at: now })
        .where("id", "=", id)
        .where("consumed_at", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async deleteTokensExpiredBefore(userId, cutoff) {
      const result = await db
        .deleteFrom("mfa_tokens")
        .where("user_id", "=", userId)
        .where("expires_at", "<", cutoff)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export function sqlRememberedDeviceStore(db: Kysely<Database>): RememberedDeviceStore {
  return {
    async create(device) {
      await db
        .insertInto("remembered_devices")
        .values({
          id: device.id,
          user_id: device.userId,
          token_hash: device.tokenHash,
          device: device.device,
          machine_name: device.machineName,
          created_at: device.createdAt,
          expires_at: device.expiresAt,
        })
        .execute();
    },
    async findByTokenHash(tokenHash) {
      const row = await db
        .selectFrom("remembered_devices")
        .selectAll()
        .where("token_hash", "=", tokenHash)
        .executeTakeFirst();
      return row && toDevice(row);
    },
    async listForUser(userId) {
      const rows = await db
        .selectFrom("remembered_devices")
        .selectAll()
        .where("user_id", "=", userId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toDevice);
    },
    async deleteWhere(filter) {
      let query = db.deleteFrom("remembered_devices").where("user_id", "=", filter.userId);
      if (filter.id !== undefined) query = query.where("id", "=", filter.id);
      if (filter.device !== undefined) query = query.where("device", "=", filter.device);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteExpiredBefore(userId, cutoff) {
      const result = await db
        .deleteFrom("remembered_devices")
        .where("user_id", "=", userId)
        .where("expires_at", "<", cutoff)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
