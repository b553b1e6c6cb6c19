/** Organizations, with their profile and creating partner, and their roles (stores/types/organizations.ts). */
import type { Kysely, Selectable } from "kysely";
import type {
  Address,
  Organization,
  OrganizationProfile,
  OrganizationStore,
  Role,
  RoleStore,
  RoleType,
} from "../types/organizations.ts";
import { readPage } from "./keyset.ts";
import type { Database, OrganizationsTable, RolesTable } from "./schema.ts";

const readAddress = (text: string | null): Address | undefined =>
  text === null ? undefined : (JSON.parse(text) as Address);

/** Only the fields that were set: absent and never-set look alike on the wire. */
function toProfile(row: Selectable<OrganizationsTable>): OrganizationProfile {
  const profile: OrganizationProfile = {};
  if (row.phone !== null) profile.phone = row.phone;
  const address = readAddress(row.address);
  if (address) profile.address = address;
  const mailingAddress = readAddress(row.mailing_address);
  if (mailingAddress) profile.mailingAddress = mailingAddress;
  if (row.industry !== null) profile.industry = row.industry;
  if (row.tax_id !== null) profile.taxId = row.tax_id;
  if (row.tax_id_type !== null) profile.taxIdType = row.tax_id_type;
  if (row.business_category !== null) profile.businessCategory = row.business_category;
  if (row.account_type !== null) profile.accountType = row.account_type;
  return profile;
}

const toOrganization = (row: Selectable<OrganizationsTable>): Organization => ({
  id: row.id,
  name: row.name,
  locked: Number(row.locked) === 1,
  mfaRequired: Number(row.mfa_required) === 1,
  profile: toProfile(row),
  partnerId: row.partner_id,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

/** The columns of a profile, for an insert or an update: only the fields given. */
function profileColumns(profile: OrganizationProfile): Partial<Selectable<OrganizationsTable>> {
  const set: Partial<Selectable<OrganizationsTable>> = {};
  if (profile.phone !== undefined) set.phone = profile.phone;
  if (profile.address !== undefined) set.address = JSON.stringify(profile.address);
  if (profile.mailingAddress !== undefined) set.mailing_address = JSON.stringify(profile.mailingAddress);
  if (profile.industry !== undefined) set.industry = profile.industry;
  if (profile.taxId !== undefined) set.tax_id = profile.taxId;
  if (profile.taxIdType !== undefined) set.tax_id_type = profile.taxIdType;
  if (profile.businessCategory !== undefined) set.business_category = profile.businessCategory;
  if (profile.accountType !== undefined) set.account_type = profile.accountType;
  return set;
}

const toRole = (row: Selectable<RolesTable>): Role => ({
  id: row.id,
  organizationId: row.organization_id,
  type: row.type as RoleType,
  name: row.name,
  description: row.description,
});

export function sqlOrganizationStore(db: Kysely<Database>): OrganizationStore {
  return {
    async create(organization, roles) {
      const insert = async (trx: Kysely<Database>) => {
        await trx
          .insertInto("organizations")
          .values({
            id: organization.id,
            name: organization.name,
            locked: organization.locked ? 1 : 0,
            mfa_required: organization.mfaRequired ? 1 : 0,
            ...profileColumns(organization.profile),
            partner_id: organization.partnerId,
            created_at: organization.createdAt,
            updated_at: organization.updatedAt,
          })
          .execute();
        if (roles.length > 0) {
          await trx
            .insertInto("roles")
            .values(
              roles.map((role) => ({
                id: role.id,
                organization_id: role.organizationId,
                type: role.type,
                name: role.name,
                description: role.description,
              })),
            )
            .execute();
        }
      };
      // Already inside a transaction (stores.transaction) Kysely cannot nest one.
      if (db.isTransaction) await insert(db);
      else await db.transaction().execute(insert);
    },
    async findById(id) {
      const row = await db.selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toOrganization(row);
    },
    async findByName(name) {
      const row = await db
        .selectFrom("organizations")
        .selectAll()
        .where("name", "=", name)
        .orderBy("created_at")
        .executeTakeFirst();
      return row && toOrganization(row);
    },
    async list() {
      const rows = await db
        .selectFrom("organizations")
        .selectAll()
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toOrganization);
    },
    async listForPartner(partnerId, page) {
      const query = db.selectFrom("organizations").selectAll().where("partner_id", "=", partnerId);
      const { rows, more } = await readPage(query, { t: "created_at", id: "id" }, page);
      return { rows: rows.map(toOrganization), more };
    },
    async update(id, changes, now) {
      const { name, locked, mfaRequired, ...profile } = changes;
      const set: Partial<Selectable<OrganizationsTable>> = { ...profileColumns(profile), updated_at: now };
      if (name !== undefined) set.name = name;
      if (locked !== undefined) set.locked = locked ? 1 : 0;
      if (mfaRequired !== undefined) set.mfa_required = mfaRequired ? 1 : 0;
      const result = await db.updateTable("organizations").set(set).where("id", "=", id).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

export function sqlRoleStore(db: Kysely<Database>): RoleStore {
  return {
    async listByOrganization(organizationId) {
      const rows = await db
        .selectFrom("roles")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .orderBy("id")
        .execute();
      return rows.map(toRole);
    },
    async findByType(organizationId, type) {
      const row = await db
        .selectFrom("roles")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("type", "=", type)
        .executeTakeFirst();
      return row && toRole(row);
    },
    async findById(id) {
      const row = await db.selectFrom("roles").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toRole(row);
    },
  };
}
