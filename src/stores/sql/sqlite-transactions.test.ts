/**
 * Two processes writing one SQLite file (the server and the CLI): a transaction that reads and
 * then writes must wait for, or make wait, the other writer; never fail with "database is
 * locked" because the other committed between its read and its write.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { migrateToLatest } from "./migrate.ts";
import { openSqlite } from "./sqlite.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Another process that inserts one setting row, and exits 0 when it was written. */
function writeFromAnotherProcess(path: string): Promise<number | null> {
  const script = `
    const Sqlite = require("better-sqlite3");
    const db = new Sqlite(process.argv[1]);
    db.pragma("busy_timeout = 5000");
    db.prepare("insert into settings (key, value, updated_at) values ('other', 'x', 0)").run();
  `;
  const child = spawn(process.execPath, ["-e", script, path], { stdio: "inherit" });
  return new Promise((resolve) => child.on("exit", resolve));
}

it("a read-then-write transaction and another process's write both succeed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "billet-tx-"));
  dirs.push(dir);
  const path = join(dir, "billet.db");
  const db = openSqlite(path);
  await migrateToLatest(db);
  let other: Promise<number | null> | undefined;
  await db.transaction().execute(async (trx) => {
    await trx.selectFrom("settings").selectAll().execute();
    // The other process writes while this transaction is between its read and its write.
    other = writeFromAnotherProcess(path);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await trx.insertInto("settings").values({ key: "mine", value: "y", updated_at: 0 }).execute();
  });
  expect(await other).toBe(0);
  const keys = (await db.selectFrom("settings").select("key").execute()).map((row) => row.key).sort();
  expect(keys).toEqual(["mine", "other"]);
  await db.destroy();
});
