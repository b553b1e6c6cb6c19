/** Migration 008 rewrites lockout counters stored under plain usernames; a lock in force stays. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Migrator } from "kysely";
import { afterEach, expect, it } from "vitest";
import { sqlLimitStore, withStoredLimitKeys } from "./limits.ts";
import { MIGRATIONS, migrateToLatest } from "./migrate.ts";
import { openSqlite } from "./sqlite.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it("rewrites plain login counter keys as digests, keeping their counts and expiry", async () => {
  const dir = mkdtempSync(join(tmpdir(), "billet-008-"));
  dirs.push(dir);
  const db = openSqlite(join(dir, "billet.db"));
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: "billet_migrations",
  });
  expect((await migrator.migrateTo("007-operator")).error).toBeUndefined();
  const lock = "login-lock:user:bob@example.com";
  await db
    .insertInto("limit_counters")
    .values([
      { key: lock, count: 1, expires_at: 2_000 },
      { key: "requests:hour:0dk01abc", count: 7, expires_at: 2_000 },
    ])
    .execute();
  await migrateToLatest(db);
  const keys = (await db.selectFrom("limit_counters").select("key").execute()).map((r) => r.key).sort();
  expect(keys).toHaveLength(2);
  expect(keys).toContain("requests:hour:0dk01abc");
  expect(keys.join(" ")).not.toContain("bob@example.com");
  // Read through the store as the server reads it: the lock is still in force.
  const limits = withStoredLimitKeys(sqlLimitStore(db));
  expect(await limits.peek(lock, 1_000)).toEqual({ count: 1, expiresAt: 2_000 });
  await db.destroy();
});
