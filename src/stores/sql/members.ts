import type { Kysely } from "kysely";
import type { RoleType } from "../types/organizations.ts";
import type { Member, MemberStore } from "../types/users.ts";
import { readPage } from "./keyset.ts";
import type { Database } from "./schema.ts";

interface MemberRow {
  user_id: string;
  organization_id: string;
  email: string;
  first_name: string;
  last_name: string;
  archived: number;
  pending: number;
  role_id: string;
  role_type: string;
  username: string | null;
  external_reference_id: string | null;
  password_hash: string | null;
  created_at: number;
  updated_at: number;
}

const toMember = (row: MemberRow): Member => ({
  userId: row.user_id,
  organizationId: row.organization_id,
  email: row.email,
  firstName: row.first_name,
  lastName: row.last_name,
  archived: Number(row.archived) === 1,
  pending: Number(row.pending) === 1,
  roleId: row.role_id,
  roleType: row.role_type as RoleType,
  username: row.username,
  externalReferenceId: row.external_reference_id,
  hasPassword: row.password_hash !== null,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

export function sqlMemberStore(db: Kysely<Database>): MemberStore {
  const members = (organizationId: string) =>
    db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .innerJoin("roles", "roles.id", "memberships.role_id")
      .select([
        "memberships.user_id",
        "memberships.organization_id",
        "users.email",
        "memberships.first_name",
        "memberships.last_name",
        "memberships.archived",
        "memberships.pending",
        "memberships.role_id",
        "roles.type as role_type",
        "memberships.username",
        "memberships.external_reference_id",
        "users.password_hash",
        "memberships.created_at",
        "memberships.updated_at",
      ])
      .where("memberships.organization_id", "=", organizationId);

  return {
    async find(organizationId, userId) {
      const row = await members(organizationId).where("memberships.user_id", "=", userId).executeTakeFirst();
      return row && toMember(row);
    },
    async findByUsername(organizationId, username) {
      const row = await members(organizationId)
        .where("memberships.username", "=", username)
        .executeTakeFirst();
      return row && toMember(row);
    },
    async list(organizationId, page) {
      const { rows, more } = await readPage(
        members(organizationId),
        { t: "memberships.created_at", id: "memberships.user_id" },
        page,
      );
      return { rows: rows.map(toMember), more };
    },
    async listAll(organizationId) {
      const rows = await members(organizationId)
        .orderBy("memberships.created_at")
        .orderBy("memberships.user_id")
        .execute();
      return rows.map(toMember);
    },
    async update(organizationId, userId, changes, now) {
      const result = await db
        .updateTable("memberships")
        .set({
          updated_at: now,
          ...(changes.firstName !== undefined ? { first_name: changes.firstName } : {}),
          ...(changes.lastName !== undefined ? { last_name: changes.lastName } : {}),
          ...(changes.roleId !== undefined ? { role_id: changes.roleId } : {}),
          ...(changes.username !== undefined ? { username: changes.username } : {}),
          ...(changes.externalReferenceId !== undefined
            ? { external_reference_id: changes.externalReferenceId }
            : {}),
        })
        .where("user_id", "=", userId)
        .where("organization_id", "=", organizationId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
