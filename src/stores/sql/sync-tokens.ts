import type { Kysely, Selectable } from "kysely";
import type { SyncToken, SyncTokenStore } from "../types/sync-tokens.ts";
import { readPage } from "./keyset.ts";
import type { Database, SyncTokensTable } from "./schema.ts";

const toSyncToken = (row: Selectable<SyncTokensTable>): SyncToken => ({
  id: row.id,
  organizationId: row.organization_id,
  userId: row.user_id,
  name: row.name,
  valueHash: row.value_hash,
  createdAt: Number(row.created_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

export function sqlSyncTokenStore(db: Kysely<Database>): SyncTokenStore {
  return {
    async create(token) {
      // The partial unique index on (organization, name) of live tokens decides, also between
      // two creates racing: the loser inserts nothing.
      const result = await db
        .insertInto("sync_tokens")
        .values({
          id: token.id,
          organization_id: token.organizationId,
          user_id: token.userId,
          name: token.name,
          value_hash: token.valueHash,
          created_at: token.createdAt,
          revoked_at: token.revokedAt,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },
    async findById(id) {
      const row = await db.selectFrom("sync_tokens").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toSyncToken(row);
    },
    async findLiveByName(organizationId, name) {
      const row = await db
        .selectFrom("sync_tokens")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("name", "=", name)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return row && toSyncToken(row);
    },
    async listByOrganization(organizationId, page) {
      const query = db.selectFrom("sync_tokens").selectAll().where("organization_id", "=", organizationId);
      const { rows, more } = await readPage(query, { t: "created_at", id: "id" }, page);
      return { rows: rows.map(toSyncToken), more };
    },
    async list(filter) {
      let query = db.selectFrom("sync_tokens").selectAll();
      if (filter.organizationId !== undefined)
        query = query.where("organization_id", "=", filter.organizationId);
      const rows = await query.orderBy("created_at").orderBy("id").execute();
      return rows.map(toSyncToken);
    },
    async revoke(id, now) {
      const result = await db
        .updateTable("sync_tokens")
        .set({ revoked_at: now })
        .where("id", "=", id)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
