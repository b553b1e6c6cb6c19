import type { Kysely, Selectable } from "kysely";
import type { ResourceRecord, ResourceStore } from "../types/resources.ts";
import type { Database, ResourcesTable } from "./schema.ts";

const toRecord = (row: Selectable<ResourcesTable>): ResourceRecord => ({
  organizationId: row.organization_id,
  kind: row.kind,
  id: row.id,
  archived: Number(row.archived) === 1,
  data: JSON.parse(row.data) as Record<string, unknown>,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const toRow = (record: ResourceRecord): ResourcesTable => ({
  organization_id: record.organizationId,
  kind: record.kind,
  id: record.id,
  archived: record.archived ? 1 : 0,
  data: JSON.stringify(record.data),
  created_at: record.createdAt,
  updated_at: record.updatedAt,
});

export function sqlResourceStore(db: Kysely<Database>): ResourceStore {
  return {
    async create(records) {
      if (records.length === 0) return;
      // One statement: a bulk create lands whole or not at all.
      await db.insertInto("resources").values(records.map(toRow)).execute();
    },
    async find(organizationId, kind, id) {
      const row = await db
        .selectFrom("resources")
        .selectAll()
        .where("kind", "=", kind)
        .where("id", "=", id)
        .where("organization_id", "=", organizationId)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async update(record) {
      const result = await db
        .updateTable("resources")
        .set({
          archived: record.archived ? 1 : 0,
          data: JSON.stringify(record.data),
          updated_at: record.updatedAt,
        })
        .where("kind", "=", record.kind)
        .where("id", "=", record.id)
        .where("organization_id", "=", record.organizationId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async lock(organizationId, kind, ids) {
      // An update that writes a row's own value takes its row lock on PostgreSQL (SELECT … FOR
      // UPDATE is not SQLite's; SQLite's BEGIN IMMEDIATE already serializes writers).
      for (const id of [...new Set(ids)].sort()) {
        await db
          .updateTable("resources")
          .set((eb) => ({ updated_at: eb.ref("updated_at") }))
          .where("kind", "=", kind)
          .where("id", "=", id)
          .where("organization_id", "=", organizationId)
          .execute();
      }
    },
    async listAll(organizationId, kind) {
      const rows = await db
        .selectFrom("resources")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("kind", "=", kind)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toRecord);
    },
  };
}
