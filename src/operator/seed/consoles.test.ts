import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { openRuntime, type Runtime } from "../../runtime.ts";
import { applySeed } from "./seed.ts";

const TOKEN = "console-token-0123456789abcdef";
const FILE = {
  organizations: [{ name: "Client A" }, { name: "Client B" }],
  consoles: [
    {
      name: "Acme CPAs",
      organizations: ["Client A", "Client B"],
      users: ["CPA@example.com"],
      tokens: [{ user: "cpa@example.com", name: "ci", token: TOKEN }],
    },
  ],
};

describe("seed file consoles", () => {
  let dir: string;
  let runtime: Runtime;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "billet-seed-consoles-"));
    const config = loadConfig({}, { databaseUrl: join(dir, "billet.db"), logLevel: "silent" });
    runtime = await openRuntime(config);
  });
  afterEach(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates the console, its links, users and literal tokens once, then nothing", async () => {
    const first = await applySeed(runtime.deps, FILE);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    expect(first.value.created.map((c) => c.kind)).toEqual([
      "organization",
      "organization",
      "console",
      "consoleOrganization",
      "consoleOrganization",
      "consoleUser",
      "consoleToken",
    ]);
    const { stores } = runtime.deps;
    const [console] = await stores.consoles.list();
    const user = await stores.users.findByEmail("cpa@example.com");
    const token = (await stores.consoles.listTokens(console?.id ?? ""))[0];
    expect(token).toMatchObject({ userId: user?.id, name: "ci", revokedAt: null });
    // The console user is an ADMINISTRATOR member of both clients.
    const orgs = await stores.organizations.list();
    for (const org of orgs) expect(await stores.memberships.find(user?.id ?? "", org.id)).toBeDefined();

    const second = await applySeed(runtime.deps, FILE);
    expect(second.ok && second.value.created).toEqual([]);
    expect(second.ok && second.value.unchanged.map((c) => c.kind)).toContain("consoleToken");
  });

  it("reports every problem with its path", async () => {
    const result = await applySeed(runtime.deps, {
      consoles: [
        {
          name: "",
          organizations: [7],
          users: ["a@example.com"],
          tokens: [{ user: "b@example.com", token: "short" }],
        },
        { name: "Twice", nickname: "x" },
        { name: "Twice" },
      ],
    });
    expect(result.ok).toBe(false);
    const paths = !result.ok ? result.errors.map((e) => e.params?.paramName0) : [];
    expect(paths).toEqual(
      expect.arrayContaining([
        "$.consoles[0].name",
        "$.consoles[0].organizations[0]",
        "$.consoles[0].tokens[0].user",
        "$.consoles[0].tokens[0].token",
        "$.consoles[1].nickname",
        "$.consoles[2].name",
      ]),
    );
  });
});
