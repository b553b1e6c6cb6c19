import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";
import { createEpochTrigger } from "./016-session-epoch.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * 016 moved the session epoch on any update of a developer key or a membership, so that a
 * tenant editing its members' names (first, last, username, external id) emptied the session
 * cache of every instance for every tenant. The epoch now moves only for the columns a session
 * check reads: a key's hash, state and MFA bypass; a membership's archive flag (and the pair
 * that joins it to its sessions).
 */
const NARROWED: readonly { name: string; table: string; event: string }[] = [
  {
    name: "dev_keys_session_epoch_2",
    table: "dev_keys",
    event: "update of id, key_hash, active, mfa_bypass",
  },
  {
    name: "memberships_session_epoch_7",
    table: "memberships",
    event: "update of user_id, organization_id, archived",
  },
];

export const sessionEpochColumns: Migration = {
  async up(db: AnyDb) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    for (const { name, table, event } of NARROWED) {
      await sql`drop trigger ${sql.raw(postgres ? `${name} on ${table}` : name)}`.execute(db);
      await createEpochTrigger(db, name, table, event);
    }
  },
};
