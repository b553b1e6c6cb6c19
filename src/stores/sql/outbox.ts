import { type Kysely, type Selectable, sql } from "kysely";
import type { DeliveryChannel, OutboxMessage, OutboxStore } from "../types/operator.ts";
import type { Database, OutboxTable } from "./schema.ts";

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
