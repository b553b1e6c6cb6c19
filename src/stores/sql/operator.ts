import { type Kysely, type Selectable, sql } from "kysely";
import type {
  AuditRecord,
  AuditStore,
  DeliveryChannel,
  OutboxMessage,
  OutboxStore,
  SettingStore,
} from "../types/operator.ts";
import type { AuditEventsTable, Database, OutboxTable } from "./schema.ts";

const toRecord = (row: Selectable<AuditEventsTable>): AuditRecord => ({
  id: row.id,
  at: Number(row.at),
  event: row.event,
  code: row.code,
  username: row.username,
  usernameHash: row.username_hash,
  userId: row.user_id,
  organizationId: row.organization_id,
  devKeyId: row.dev_key_id,
  sessionRef: row.session_ref,
  ip: row.ip,
  reason: row.reason,
  mode: row.mode ?? null,
});

export function sqlAuditStore(db: Kysely<Database>): AuditStore {
  return {
    async append(record) {
      await db
        .insertInto("audit_events")
        .values({
          id: record.id,
          at: record.at,
          event: record.event,
          code: record.code,
          username: record.username,
          username_hash: record.usernameHash,
          user_id: record.userId,
          organization_id: record.organizationId,
          dev_key_id: record.devKeyId,
          session_ref: record.sessionRef,
          ip: record.ip,
          reason: record.reason,
          mode: record.mode ?? null,
        })
        .execute();
    },
    async list(filter) {
      let query = db.selectFrom("audit_events").selectAll();
      if (filter.organizationId !== undefined)
        query = query.where("organization_id", "=", filter.organizationId);
      if (filter.userId !== undefined) query = query.where("user_id", "=", filter.userId);
      if (filter.event !== undefined) query = query.where("event", "=", filter.event);
      if (filter.from !== undefined) query = query.where("at", ">=", filter.from);
      if (filter.to !== undefined) query = query.where("at", "<", filter.to);
      const rows = await query
        .orderBy("at", "desc")
        .orderBy("id", "desc")
        .limit(Math.max(1, Math.min(filter.limit ?? 100, 1000)))
        .execute();
      return rows.map(toRecord);
    },
  };
}

export function sqlSettingStore(db: Kysely<Database>): SettingStore {
  return {
    async get(key) {
      const row = await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
      return row?.value;
    },
    async set(key, value, now) {
      await db
        .insertInto("settings")
        .values({ key, value, updated_at: now })
        .onConflict((conflict) => conflict.column("key").doUpdateSet({ value, updated_at: now }))
        .execute();
    },
  };
}

const toMessage = (row: Selectable<OutboxTable>): OutboxMessage => ({
  id: row.id,
  channel: row.channel as DeliveryChannel,
  recipient: row.recipient,
  purpose: row.purpose,
  text: row.text,
  userId: row.user_id,
  organizationId: row.organization_id,
  createdAt: Number(row.created_at),
});

export function sqlOutboxStore(db: Kysely<Database>): OutboxStore {
  return {
    async append(message) {
      await db
        .insertInto("outbox")
        .values({
          id: message.id,
          channel: message.channel,
          recipient: message.recipient,
          purpose: message.purpose,
          text: message.text,
          user_id: message.userId,
          organization_id: message.organizationId,
          created_at: message.createdAt,
          // One statement: the next number in insertion order (ties only under concurrent writers).
          seq: sql<number>`(select coalesce(max(seq), 0) + 1 from outbox)`,
        })
        .execute();
    },
    async list(filter) {
      let query = db.selectFrom("outbox").selectAll();
      if (filter.recipient !== undefined) query = query.where("recipient", "=", filter.recipient);
      if (filter.userId !== undefined) query = query.where("user_id", "=", filter.userId);
      const rows = await query
        .orderBy("created_at", "desc")
        .orderBy("seq", "desc")
        .orderBy("id", "desc")
        .limit(Math.max(1, Math.min(filter.limit ?? 100, 1000)))
        .execute();
      return rows.map(toMessage);
    },
  };
}
