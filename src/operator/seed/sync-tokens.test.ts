import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashSecret } from "../../auth/crypto/ids.ts";
import { login } from "../../auth/sessions/login.ts";
import { loadConfig } from "../../config.ts";
import { openRuntime, type Runtime } from "../../runtime.ts";
import { applySeed } from "./seed.ts";

const VALUE = "seeded-sync-token-0123456789";
const FILE = {
  organizations: [{ id: "00801SeedSeedSeedSee", name: "Seeded" }],
  users: [
    {
      email: "clerk@example.com",
      password: "pw-seed-long",
      memberships: [{ organization: "Seeded", role: "CLERK" }],
    },
    { email: "admin@example.com", password: "pw-seed-long", memberships: [{ organization: "Seeded" }] },
  ],
  devKeys: [{ name: "ci", key: "ci-key-0123456789abcdef" }],
  syncTokens: [
    { organization: "Seeded", name: "fixed", token: VALUE },
    { organization: "00801SeedSeedSeedSee", name: "generated", user: "Admin@Example.com" },
  ],
};

describe("the seed file's syncTokens", () => {
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

  it("creates them once (a generated value only in the report), then finds them unchanged", async () => {
    const first = await applySeed(runtime.deps, FILE);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    const tokens = first.value.created.filter((c) => c.kind === "syncToken");
    expect(tokens.map((c) => [c.label, c.key === undefined])).toEqual([
      ["fixed", true],
      ["generated", false],
    ]);
    const admin = await runtime.deps.stores.users.findByEmail("admin@example.com");
    const stored = await runtime.deps.stores.syncTokens.list({});
    // Both act as the Administrator: the first one by default, the clerk being none.
    expect(stored.map((t) => [t.name, t.userId, t.valueHash])).toEqual([
      ["fixed", admin?.id, hashSecret(VALUE)],
      ["generated", admin?.id, hashSecret(String(tokens[1]?.key))],
    ]);
    const session = await login(runtime.deps, {
      username: "generated",
      password: String(tokens[1]?.key),
      organizationId: "00801SeedSeedSeedSee",
      devKey: "ci-key-0123456789abcdef",
    });
    expect(session.ok).toBe(true);

    const second = await applySeed(runtime.deps, {
      ...FILE,
      syncTokens: [{ ...FILE.syncTokens[0], token: `${VALUE}x` }],
    });
    if (!second.ok) throw new Error(JSON.stringify(second.errors));
    expect(second.value.created).toEqual([]);
    expect(second.value.unchanged.filter((c) => c.kind === "syncToken").map((c) => c.label)).toEqual([
      "fixed",
    ]);
    expect(second.value.warnings).toEqual([expect.stringContaining("$.syncTokens[0].token")]);
  });

  it("reports every problem with its path, and writes nothing", async () => {
    const result = await applySeed(runtime.deps, {
      ...FILE,
      syncTokens: [
        { organization: "Seeded", name: "a@b" },
        { organization: "Seeded", name: "short", token: "short" },
        { organization: "Seeded", name: "x", extra: 1 },
        { organization: "Seeded", name: "dup" },
        { organization: "Seeded", name: "dup" },
      ],
    });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.params?.paramName0);
    expect(paths).toEqual(
      expect.arrayContaining([
        "$.syncTokens[0].name",
        "$.syncTokens[1].token",
        "$.syncTokens[2].extra",
        "$.syncTokens[4].name",
      ]),
    );
    expect(await runtime.deps.stores.syncTokens.list({})).toEqual([]);
    expect(await runtime.deps.stores.organizations.findById("00801SeedSeedSeedSee")).toBeUndefined();
  });
});
