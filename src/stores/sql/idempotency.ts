import { type Kysely, type Selectable, sql } from "kysely";
import type { IdempotencyRecord, IdempotencyStore } from "../types/idempotency.ts";
import type { Database, IdempotencyKeysTable } from "./schema.ts";

const toRecord = (row: Selectable<IdempotencyKeysTable>): IdempotencyRecord => ({
  keyHash: row.key_hash,
  requestHash: row.request_hash,
  status: row.status === null ? null : Number(row.status),
  body: row.body,
  owner: row.owner,
  lockedUntil: Number(row.locked_until),
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
});

export function sqlIdempotencyStore(db: Kysely<Database>): IdempotencyStore {
  return {
    async claim(record, now) {
      // One statement decides who holds the key, so two racing requests cannot both win: the
      // insert, or the replacement of a row that has expired or whose holder died.
      const row = await db
        .insertInto("idempotency_keys")
        .values({
          key_hash: record.keyHash,
          request_hash: record.requestHash,
          status: null,
          body: null,
          owner: record.owner,
          locked_until: record.lockedUntil,
          created_at: record.createdAt,
          expires_at: record.expiresAt,
        })
        .onConflict((conflict) =>
          conflict
            .column("key_hash")
            .doUpdateSet({
              request_hash: sql<string>`excluded.request_hash`,
              status: null,
              body: null,
              owner: sql<string>`excluded.owner`,
              locked_until: sql<number>`excluded.locked_until`,
              created_at: sql<number>`excluded.created_at`,
              expires_at: sql<number>`excluded.expires_at`,
            })
            .where((eb) =>
              eb.or([
                eb("idempotency_keys.expires_at", "<=", now),
                eb.and([
                  eb("idempotency_keys.status", "is", null),
                  eb("idempotency_keys.locked_until", "<=", now),
                  eb("idempotency_keys.request_hash", "=", record.requestHash),
                ]),
              ]),
            ),
        )
        .returning("owner")
        .executeTakeFirst();
      return row?.owner === record.owner;
    },
    async find(keyHash) {
      const row = await db
        .selectFrom("idempotency_keys")
        .selectAll()
        .where("key_hash", "=", keyHash)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async complete(keyHash, owner, status, body) {
      const result = await db
        .updateTable("idempotency_keys")
        .set({ status, body })
        .where("key_hash", "=", keyHash)
        .where("owner", "=", owner)
        .where("status", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async release(keyHash, owner) {
      await db
        .deleteFrom("idempotency_keys")
        .where("key_hash", "=", keyHash)
        .where("owner", "=", owner)
        .where("status", "is", null)
        .execute();
    },
    async deleteExpired(now) {
      const result = await db
        .deleteFrom("idempotency_keys")
        .where("expires_at", "<=", now)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
