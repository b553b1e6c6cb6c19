/** The SQLite file holds password and key hashes: it and its WAL are its owner's alone. */
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { migrateToLatest } from "./migrate.ts";
import { openSqlite } from "./sqlite.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

it("creates the database, its -wal and its -shm with mode 0600, whatever the umask", async () => {
  const dir = mkdtempSync(join(tmpdir(), "billet-mode-"));
  dirs.push(dir);
  const path = join(dir, "nested", "billet.db");
  const previous = process.umask(0o000);
  try {
    const db = openSqlite(path);
    await migrateToLatest(db);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(modeOf(file), file).toBe(0o600);
    await db.destroy();
  } finally {
    process.umask(previous);
  }
});

it("leaves the mode of an existing database as its owner set it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "billet-mode-"));
  dirs.push(dir);
  const path = join(dir, "billet.db");
  const first = openSqlite(path);
  await migrateToLatest(first);
  await first.destroy();
  chmodSync(path, 0o640);
  const again = openSqlite(path);
  await migrateToLatest(again);
  expect(modeOf(path)).toBe(0o640);
  await again.destroy();
});
