import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { openRuntime, type Runtime } from "../../runtime.ts";
import { applySeed } from "./seed.ts";

const FILE = {
  organizations: [{ id: "00801SeedSeedSeedSee", name: "Seeded" }],
  users: [{ email: "seed@example.com", password: "pw-seed-long", memberships: [{ organization: "Seeded" }] }],
  devKeys: [{ name: "ci", key: "ci-key-0123456789abcdef" }],
};

describe("applySeed", () => {
  let dir: string;
  let runtime: Runtime;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "billet-seed-"));
    const config = loadConfig(
      {},
      {
        databaseUrl: join(dir, "billet.db"),
        logLevel: "silent",
        argon2: { memoryKib: 1024, iterations: 1, parallelism: 1 },
      },
    );
    runtime = await openRuntime(config);
  });
  afterEach(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates everything once, then nothing", async () => {
    const first = await applySeed(runtime.deps, FILE);
    expect(first.ok && first.value.created.map((c) => c.kind)).toEqual([
      "organization",
      "devKey",
      "user",
      "membership",
    ]);
    const second = await applySeed(runtime.deps, FILE);
    expect(second.ok && second.value.created).toEqual([]);
    expect(second.ok && second.value.updated).toEqual([]);
  });

  it("writes nothing at all when the store fails part-way", async () => {
    // A real failure inside SQLite, after the organization was already written.
    const db = new Sqlite(join(dir, "billet.db"));
    db.exec(
      "CREATE TRIGGER refuse_keys BEFORE INSERT ON dev_keys BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    );
    db.close();
    await expect(applySeed(runtime.deps, FILE)).rejects.toThrow(/disk full/);
    expect(await runtime.deps.stores.organizations.list()).toEqual([]);
    expect(await runtime.deps.stores.users.findByEmail("seed@example.com")).toBeUndefined();
  });
});

describe("applySeed: mfaRequired", () => {
  let dir: string;
  let runtime: Runtime;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "billet-seed-"));
    const config = loadConfig({}, { databaseUrl: join(dir, "billet.db"), logLevel: "silent" });
    runtime = await openRuntime(config);
  });
  afterEach(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const organization = async () => (await runtime.deps.stores.organizations.list())[0];
  const seed = async (entry: Record<string, unknown>) => {
    const result = await applySeed(runtime.deps, { organizations: [{ name: "Acme", ...entry }] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.value;
  };

  it("creates an organization that requires MFA, changes it when the file does, keeps it when omitted", async () => {
    expect((await seed({ mfaRequired: true })).created).toEqual([
      expect.objectContaining({ kind: "organization", changes: ["MFA required"] }),
    ]);
    expect((await organization())?.mfaRequired).toBe(true);
    // Leaving the field out never switches MFA off.
    expect((await seed({})).unchanged).toHaveLength(1);
    expect((await organization())?.mfaRequired).toBe(true);
    expect((await seed({ mfaRequired: false, locked: true })).updated).toEqual([
      expect.objectContaining({ changes: ["MFA not required", "locked"], sessionsEnded: 0 }),
    ]);
    expect(await organization()).toEqual(expect.objectContaining({ mfaRequired: false, locked: true }));
  });

  it("rejects a value that is not a boolean, with its path", async () => {
    const result = await applySeed(runtime.deps, { organizations: [{ name: "Acme", mfaRequired: "yes" }] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      {
        key: "INVALID_VALUE",
        params: { paramName0: "$.organizations[0].mfaRequired", reason: "must be true or false" },
      },
    ]);
    expect(await runtime.deps.stores.organizations.list()).toEqual([]);
  });
});
