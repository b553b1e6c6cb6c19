import type { CompiledQuery, Kysely, SelectQueryBuilder } from "kysely";
import type { SessionFilter, SessionMode, SessionStore } from "../types/sessions.ts";
import type { Database } from "./schema.ts";

type SessionQuery<O> = SelectQueryBuilder<Database, "sessions", O>;

function whereFilter<O>(query: SessionQuery<O>, filter: SessionFilter): SessionQuery<O> {
  let q = query;
  if (filter.userId !== undefined) q = q.where("sessions.user_id", "=", filter.userId);
  if (filter.organizationId !== undefined) {
    q = q.where("sessions.organization_id", "=", filter.organizationId);
  }
  if (filter.devKeyId !== undefined) q = q.where("sessions.dev_key_id", "=", filter.devKeyId);
  if (filter.credentialId !== undefined) q = q.where("sessions.credential_id", "=", filter.credentialId);
  return q;
}

const sessionColumns = [
  "sessions.id",
  "sessions.token_hash",
  "sessions.user_id",
  "sessions.organization_id",
  "sessions.dev_key_id",
  "sessions.trusted",
  "sessions.partner_id",
  "sessions.created_at",
  "sessions.last_active_at",
  "sessions.mode",
  "sessions.credential_id",
  "sessions.scope",
  "sessions.expires_at",
] as const;

interface SessionRow {
  id: string;
  token_hash: string;
  user_id: string;
  organization_id: string;
  dev_key_id: string;
  trusted: number;
  partner_id: string | null;
  created_at: number;
  last_active_at: number;
  mode: string;
  credential_id: string | null;
  scope: string | null;
  expires_at: number | null;
}

const toSession = (row: SessionRow) => ({
  id: row.id,
  tokenHash: row.token_hash,
  userId: row.user_id,
  organizationId: row.organization_id,
  devKeyId: row.dev_key_id,
  trusted: Number(row.trusted) === 1,
  partnerId: row.partner_id,
  createdAt: Number(row.created_at),
  lastActiveAt: Number(row.last_active_at),
  mode: row.mode as SessionMode,
  credentialId: row.credential_id,
  scope: row.scope,
  expiresAt: row.expires_at === null ? null : Number(row.expires_at),
});

/**
 * One query reads everything a session check needs, so that a lock, deactivation or archive
 * made by another process is seen on the very next request.
 */
function findSessionQuery(db: Kysely<Database>) {
  return db
    .selectFrom("sessions")
    .innerJoin("dev_keys", "dev_keys.id", "sessions.dev_key_id")
    .innerJoin("organizations", "organizations.id", "sessions.organization_id")
    .leftJoin("memberships", (join) =>
      join
        .onRef("memberships.user_id", "=", "sessions.user_id")
        .onRef("memberships.organization_id", "=", "sessions.organization_id"),
    )
    .select(sessionColumns)
    .select([
      "dev_keys.key_hash as dev_key_hash",
      "dev_keys.active as dev_key_active",
      "dev_keys.mfa_bypass as mfa_bypass",
      "organizations.locked as organization_locked",
      "organizations.mfa_required as organization_mfa_required",
      "memberships.archived as membership_archived",
    ])
    .where("sessions.token_hash", "=", "");
}

interface FoundSessionRow extends SessionRow {
  dev_key_hash: string;
  dev_key_active: number;
  mfa_bypass: number;
  organization_locked: number;
  organization_mfa_required: number;
  membership_archived: number | null;
}

export function sqlSessionStore(db: Kysely<Database>): SessionStore {
  let findSession: CompiledQuery | undefined;
  return {
    async create(session) {
      await db
        .insertInto("sessions")
        .values({
          id: session.id,
          token_hash: session.tokenHash,
          user_id: session.userId,
          organization_id: session.organizationId,
          dev_key_id: session.devKeyId,
          trusted: session.trusted ? 1 : 0,
          partner_id: session.partnerId,
          created_at: session.createdAt,
          last_active_at: session.lastActiveAt,
          mode: session.mode ?? "password",
          credential_id: session.credentialId ?? null,
          scope: session.scope ?? null,
          expires_at: session.expiresAt ?? null,
        })
        .execute();
    },
    async findByTokenHash(tokenHash) {
      // Compiled once: building a query with Kysely costs more than SQLite's lookup itself,
      // and this one runs on every authenticated call. Only the parameter changes.
      findSession ??= findSessionQuery(db).compile();
      const { rows } = await db.executeQuery<FoundSessionRow>({ ...findSession, parameters: [tokenHash] });
      const row = rows[0];
      if (!row) return undefined;
      return {
        ...toSession(row),
        devKeyHash: row.dev_key_hash,
        devKeyActive: Number(row.dev_key_active) === 1,
        mfaBypass: Number(row.mfa_bypass) === 1,
        organizationLocked: Number(row.organization_locked) === 1,
        organizationMfaRequired: Number(row.organization_mfa_required) === 1,
        membershipArchived: row.membership_archived === null ? null : Number(row.membership_archived) === 1,
      };
    },
    async touch(id, lastActiveAt) {
      await db
        .updateTable("sessions")
        .set({ last_active_at: lastActiveAt })
        .where("id", "=", id)
        .where("last_active_at", "<", lastActiveAt)
        .execute();
    },
    async deleteById(id) {
      const result = await db.deleteFrom("sessions").where("id", "=", id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async deleteWhere(filter) {
      if (Object.values(filter).every((value) => value === undefined)) {
        throw new Error("deleteWhere needs at least one filter field");
      }
      let query = db.deleteFrom("sessions");
      if (filter.userId !== undefined) query = query.where("user_id", "=", filter.userId);
      if (filter.organizationId !== undefined) {
        query = query.where("organization_id", "=", filter.organizationId);
      }
      if (filter.devKeyId !== undefined) query = query.where("dev_key_id", "=", filter.devKeyId);
      if (filter.credentialId !== undefined) query = query.where("credential_id", "=", filter.credentialId);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteIdleBefore(cutoff, modes) {
      let query = db.deleteFrom("sessions").where("last_active_at", "<", cutoff);
      if (modes) query = query.where("mode", "in", modes.length > 0 ? [...modes] : [""]);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async countActiveSince(cutoff, modes) {
      let query = db
        .selectFrom("sessions")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("last_active_at", ">=", cutoff);
      if (modes) query = query.where("mode", "in", modes.length > 0 ? [...modes] : [""]);
      return Number((await query.executeTakeFirst())?.count ?? 0);
    },
    async list(filter) {
      const base = db
        .selectFrom("sessions")
        .innerJoin("users", "users.id", "sessions.user_id")
        .innerJoin("dev_keys", "dev_keys.id", "sessions.dev_key_id")
        .select(sessionColumns)
        .select(["users.email as user_email", "dev_keys.name as dev_key_name"]);
      const rows = await whereFilter(base, filter)
        .orderBy("sessions.created_at")
        .orderBy("sessions.id")
        .execute();
      return rows.map((row) => ({
        ...toSession(row),
        userEmail: row.user_email,
        devKeyName: row.dev_key_name,
      }));
    },
    async markTrusted(id) {
      const result = await db
        .updateTable("sessions")
        .set({ trusted: 1 })
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

/** What a sweeper that asks another store before deleting needs (see redis/sessions.ts). */
export interface IdleSessionSweep {
  /** Up to `limit` sessions (of `modes`, when given) whose stored activity is before `cutoff`, oldest first. */
  listIdleBefore(cutoff: number, limit: number, modes?: readonly SessionMode[]): Promise<string[]>;
  /** Deletes those of `ids` whose stored activity is still before `cutoff`; returns how many. */
  deleteIdle(ids: readonly string[], cutoff: number): Promise<number>;
}

export function sqlIdleSessionSweep(db: Kysely<Database>): IdleSessionSweep {
  return {
    async listIdleBefore(cutoff, limit, modes) {
      let query = db.selectFrom("sessions").select("id").where("last_active_at", "<", cutoff);
      if (modes) query = query.where("mode", "in", modes.length > 0 ? [...modes] : [""]);
      const rows = await query.orderBy("last_active_at").limit(limit).execute();
      return rows.map((row) => row.id);
    },
    async deleteIdle(ids, cutoff) {
      if (ids.length === 0) return 0;
      const result = await db
        .deleteFrom("sessions")
        .where("id", "in", [...ids])
        .where("last_active_at", "<", cutoff)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
