import type { Kysely, Selectable } from "kysely";
import type {
  Address,
  OrganizationDetails,
  OrganizationDetailsStore,
  OrganizationProfile,
} from "../types/organizations.ts";
import { readPage } from "./keyset.ts";
import type { Database, OrganizationsTable } from "./schema.ts";

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

const toDetails = (row: Selectable<OrganizationsTable>): OrganizationDetails => ({
  id: row.id,
  name: row.name,
  locked: Number(row.locked) === 1,
  mfaRequired: Number(row.mfa_required) === 1,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  profile: toProfile(row),
  partnerId: row.partner_id,
});

export function sqlOrganizationDetailsStore(db: Kysely<Database>): OrganizationDetailsStore {
  return {
    async find(id) {
      const row = await db.selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toDetails(row);
    },
    async update(id, changes, now) {
      const set: Partial<Selectable<OrganizationsTable>> = { updated_at: now };
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.phone !== undefined) set.phone = changes.phone;
      if (changes.address !== undefined) set.address = JSON.stringify(changes.address);
      if (changes.mailingAddress !== undefined) set.mailing_address = JSON.stringify(changes.mailingAddress);
      if (changes.industry !== undefined) set.industry = changes.industry;
      if (changes.taxId !== undefined) set.tax_id = changes.taxId;
      if (changes.taxIdType !== undefined) set.tax_id_type = changes.taxIdType;
      if (changes.businessCategory !== undefined) set.business_category = changes.businessCategory;
      if (changes.accountType !== undefined) set.account_type = changes.accountType;
      const result = await db.updateTable("organizations").set(set).where("id", "=", id).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async setPartner(id, partnerId) {
      await db.updateTable("organizations").set({ partner_id: partnerId }).where("id", "=", id).execute();
    },
    async listForPartner(partnerId, page) {
      const query = db.selectFrom("organizations").selectAll().where("partner_id", "=", partnerId);
      const { rows, more } = await readPage(query, { t: "created_at", id: "id" }, page);
      return { rows: rows.map(toDetails), more };
    },
  };
}
