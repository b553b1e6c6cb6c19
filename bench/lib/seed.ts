/**
 * Seeds a benchmark database before the server starts: accounts (organization, user with a real
 * argon2id hash at the configured parameters, developer key) through the provisioning functions,
 * and sessions, either through createSession or, for large counts on SQLite, one bulk insert
 * in a transaction with the real schema.
 */
import { createHash, randomBytes } from "node:crypto";
import Sqlite from "better-sqlite3";
import { createDevKey, createOrganization, createUser } from "../../src/auth/accounts/provisioning.ts";
import { createArgon2Hasher, type Hasher } from "../../src/auth/crypto/passwords.ts";
import { createSession } from "../../src/auth/sessions/sessions.ts";
import { loadConfig } from "../../src/config.ts";
import { openRuntime } from "../../src/runtime.ts";

export const PASSWORD = "bench correct horse battery staple";

export interface BenchAccount {
  organizationId: string;
  userId: string;
  username: string;
  devKey: string;
  devKeyId: string;
  /** Session ids (secrets) of this account, for the load. */
  sessions: string[];
}

export interface SeedOptions {
  databaseUrl: string;
  accounts: number;
  /** Sessions made per account through createSession (their secrets are kept). */
  sessionsPerAccount: number;
  /** Extra sessions bulk-inserted (SQLite only), spread over the accounts; secrets not kept. */
  bulkSessions?: number;
  /** Prefix of the usernames (distinct per seed when several share a database). */
  tag?: string;
}

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; errors: readonly unknown[] }): T => {
  if (!result.ok) throw new Error(`seeding failed: ${JSON.stringify(result.errors)}`);
  return result.value;
};

/** Seeds and returns the accounts; the store is closed again before the server opens it. */
export async function seed(options: SeedOptions): Promise<BenchAccount[]> {
  const config = loadConfig({ DATABASE_URL: options.databaseUrl, LOG_LEVEL: "silent" });
  // Every user gets the same password: hash it once, really, at the configured parameters.
  const real = createArgon2Hasher(config.argon2);
  const passwordHash = await real.hash(PASSWORD);
  const hasher: Hasher = { hash: async () => passwordHash, verify: real.verify };
  const runtime = await openRuntime(config, { hasher });
  const { deps } = runtime;
  const accounts: BenchAccount[] = [];
  const tag = options.tag ?? "bench";
  try {
    for (let i = 0; i < options.accounts; i++) {
      const organization = unwrap(await createOrganization(deps, { name: `${tag} org ${i}` }));
      const username = `${tag}.user${i}@example.com`;
      const user = unwrap(
        await createUser(deps, { organizationId: organization.id, email: username, password: PASSWORD }),
      );
      const devKey = unwrap(await createDevKey(deps, { name: `${tag} key ${i}` }));
      const sessions: string[] = [];
      for (let s = 0; s < options.sessionsPerAccount; s++) {
        const made = await createSession(deps, {
          userId: user.userId,
          organizationId: organization.id,
          devKeyId: devKey.id,
          trusted: false,
        });
        sessions.push(made.sessionId);
      }
      accounts.push({
        organizationId: organization.id,
        userId: user.userId,
        username,
        devKey: devKey.key,
        devKeyId: devKey.id,
        sessions,
      });
    }
  } finally {
    await runtime.close();
  }
  if (options.bulkSessions) bulkInsertSessions(options.databaseUrl, accounts, options.bulkSessions);
  return accounts;
}

/** Inserts `count` live sessions in one transaction (SQLite), spread over the accounts. */
function bulkInsertSessions(path: string, accounts: BenchAccount[], count: number): void {
  const db = new Sqlite(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = OFF");
    // Random token hashes land all over the unique index: keep it in memory while seeding.
    db.pragma("cache_size = -524288");
    const insert = db.prepare(
      "insert into sessions (id, token_hash, user_id, organization_id, dev_key_id, trusted, created_at, last_active_at) values (?, ?, ?, ?, ?, 0, ?, ?)",
    );
    const now = Date.now();
    const BATCH = 4096;
    db.transaction(() => {
      for (let start = 0; start < count; start += BATCH) {
        // Secrets of the bulk sessions are never used: one random buffer per batch is enough.
        const random = randomBytes(32 * BATCH);
        for (let i = start; i < Math.min(count, start + BATCH); i++) {
          const account = accounts[i % accounts.length] as BenchAccount;
          // Live, and spread over the last 30 minutes as real activity would be.
          const at = now - ((i * 7919) % 1_800_000);
          const offset = 32 * (i - start);
          insert.run(
            // A valid session reference (prefix "0se01", 20 characters), unique by construction.
            `0se01Z${i.toString(36).padStart(14, "0")}`,
            createHash("sha256")
              .update(random.subarray(offset, offset + 32))
              .digest("hex"),
            account.userId,
            account.organizationId,
            account.devKeyId,
            at,
            at,
          );
        }
      }
    })();
  } finally {
    db.close();
  }
}
