import type { Kysely, Selectable } from "kysely";
import type { OAuthApp, OAuthAppStore, OAuthScope } from "../types/oauth-apps.ts";
import type { Database, OAuthAppsTable } from "./schema.ts";

const toApp = (row: Selectable<OAuthAppsTable>): OAuthApp => ({
  id: row.id,
  organizationId: row.organization_id,
  userId: row.user_id,
  name: row.name,
  scope: row.scope as OAuthScope,
  secretHash: row.secret_hash,
  devKeyId: row.dev_key_id,
  createdAt: Number(row.created_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

export function sqlOAuthAppStore(db: Kysely<Database>): OAuthAppStore {
  return {
    async create(app) {
      await db
        .insertInto("oauth_apps")
        .values({
          id: app.id,
          organization_id: app.organizationId,
          user_id: app.userId,
          name: app.name,
          scope: app.scope,
          secret_hash: app.secretHash,
          dev_key_id: app.devKeyId,
          created_at: app.createdAt,
          revoked_at: app.revokedAt,
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom("oauth_apps").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toApp(row);
    },
    async list(filter) {
      let query = db.selectFrom("oauth_apps").selectAll();
      if (filter.organizationId !== undefined)
        query = query.where("organization_id", "=", filter.organizationId);
      if (!filter.includeRevoked) query = query.where("revoked_at", "is", null);
      const rows = await query.orderBy("created_at").orderBy("id").execute();
      return rows.map(toApp);
    },
    async revoke(id, now) {
      const result = await db
        .updateTable("oauth_apps")
        .set({ revoked_at: now })
        .where("id", "=", id)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async hasActive(organizationId) {
      const row = await db
        .selectFrom("oauth_apps")
        .select("id")
        .where("organization_id", "=", organizationId)
        .where("revoked_at", "is", null)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
