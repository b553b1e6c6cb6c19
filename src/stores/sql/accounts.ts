import type { Kysely, Selectable } from "kysely";
import type { DevKey, DevKeyStore } from "../types/devkeys.ts";
import type { User, UserStore } from "../types/users.ts";
import type { Database, DevKeysTable, UsersTable } from "./schema.ts";

const toUser = (row: Selectable<UsersTable>): User => ({
  id: row.id,
  email: row.email,
  passwordHash: row.password_hash,
  firstName: row.first_name,
  lastName: row.last_name,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const toDevKey = (row: Selectable<DevKeysTable>): DevKey => ({
  id: row.id,
  name: row.name,
  keyHash: row.key_hash,
  active: Number(row.active) === 1,
  mfaBypass: Number(row.mfa_bypass) === 1,
  createdAt: Number(row.created_at),
  deactivatedAt: row.deactivated_at === null ? null : Number(row.deactivated_at),
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

export function sqlDevKeyStore(db: Kysely<Database>): DevKeyStore {
  return {
    async create(devKey) {
      await db
        .insertInto("dev_keys")
        .values({
          id: devKey.id,
          name: devKey.name,
          key_hash: devKey.keyHash,
          active: devKey.active ? 1 : 0,
          mfa_bypass: devKey.mfaBypass ? 1 : 0,
          created_at: devKey.createdAt,
          deactivated_at: devKey.deactivatedAt,
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom("dev_keys").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toDevKey(row);
    },
    async findByKeyHash(keyHash) {
      const row = await db
        .selectFrom("dev_keys")
        .selectAll()
        .where("key_hash", "=", keyHash)
        .executeTakeFirst();
      return row && toDevKey(row);
    },
    async list() {
      const rows = await db.selectFrom("dev_keys").selectAll().orderBy("created_at").orderBy("id").execute();
      return rows.map(toDevKey);
    },
    async count() {
      const row = await db
        .selectFrom("dev_keys")
        .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async deactivate(id, now) {
      const result = await db
        .updateTable("dev_keys")
        .set({ active: 0, deactivated_at: now })
        .where("id", "=", id)
        .where("active", "=", 1)
        .executeTakeFirst();
      return changed(result);
    },
  };
}
