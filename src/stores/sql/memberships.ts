/** Memberships, and members: memberships read with their user and role (stores/types/memberships.ts). */
import type { Kysely, Selectable } from "kysely";
import type { Member, Membership, MembershipChanges, MembershipStore } from "../types/memberships.ts";
import type { RoleType } from "../types/organizations.ts";
import type { Database, MembershipsTable } from "./schema.ts";

const toMembership = (row: Selectable<MembershipsTable>): Membership => ({
  userId: row.user_id,
  organizationId: row.organization_id,
  roleId: row.role_id,
  archived: Number(row.archived) === 1,
  pending: Number(row.pending) === 1,
  firstName: row.first_name,
  lastName: row.last_name,
  username: row.username,
  externalReferenceId: row.external_reference_id,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

interface MemberRow extends Selectable<MembershipsTable> {
  email: string;
  role_type: string;
  password_hash: string | null;
}

const toMember = (row: MemberRow): Member => ({
  ...toMembership(row),
  email: row.email,
  roleType: row.role_type as RoleType,
  hasPassword: row.password_hash !== null,
});

/** The columns an update sets: only the fields given. */
function changedColumns(changes: MembershipChanges): Partial<Selectable<MembershipsTable>> {
  const set: Partial<Selectable<MembershipsTable>> = {};
  if (changes.roleId !== undefined) set.role_id = changes.roleId;
  if (changes.archived !== undefined) set.archived = changes.archived ? 1 : 0;
  if (changes.firstName !== undefined) set.first_name = changes.firstName;
  if (changes.lastName !== undefined) set.last_name = changes.lastName;
  if (changes.username !== undefined) set.username = changes.username;
  if (changes.externalReferenceId !== undefined) set.external_reference_id = changes.externalReferenceId;
  return set;
}

export function sqlMembershipStore(db: Kysely<Database>): MembershipStore {
  const one = (userId: string, organizationId: string) =>
    db.updateTable("memberships").where("user_id", "=", userId).where("organization_id", "=", organizationId);
  const members = (organizationId: string) =>
    db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .innerJoin("roles", "roles.id", "memberships.role_id")
      .selectAll("memberships")
      .select(["users.email", "roles.type as role_type", "users.password_hash"])
      .where("memberships.organization_id", "=", organizationId);
  return {
    async create(membership) {
      await db
        .insertInto("memberships")
        .values({
          user_id: membership.userId,
          organization_id: membership.organizationId,
          role_id: membership.roleId,
          archived: membership.archived ? 1 : 0,
          pending: membership.pending ? 1 : 0,
          first_name: membership.firstName,
          last_name: membership.lastName,
          username: membership.username,
          external_reference_id: membership.externalReferenceId,
          created_at: membership.createdAt,
          updated_at: membership.updatedAt,
        })
        .execute();
    },
    async find(userId, organizationId) {
      const row = await db
        .selectFrom("memberships")
        .selectAll()
        .where("user_id", "=", userId)
        .where("organization_id", "=", organizationId)
        .executeTakeFirst();
      return row && toMembership(row);
    },
    async listForUser(userId) {
      const rows = await db
        .selectFrom("memberships")
        .selectAll()
        .where("user_id", "=", userId)
        .orderBy("created_at")
        .execute();
      return rows.map(toMembership);
    },
    async update(userId, organizationId, changes, now) {
      const result = await one(userId, organizationId)
        .set({ ...changedColumns(changes), updated_at: now })
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async activate(userId, organizationId, now) {
      const result = await one(userId, organizationId)
        .set({ pending: 0, updated_at: now })
        .where("pending", "=", 1)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async findMember(organizationId, userId) {
      const row = await members(organizationId).where("memberships.user_id", "=", userId).executeTakeFirst();
      return row && toMember(row);
    },
    async findMemberByUsername(organizationId, username) {
      const row = await members(organizationId)
        .where("memberships.username", "=", username)
        .executeTakeFirst();
      return row && toMember(row);
    },
    async listAllMembers(organizationId) {
      const rows = await members(organizationId)
        .orderBy("memberships.created_at")
        .orderBy("memberships.user_id")
        .execute();
      return rows.map(toMember);
    },
  };
}
