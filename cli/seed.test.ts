import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliFor, json, snapshot, tempFolder } from "./test-support.ts";

interface Change {
  kind: string;
  id: string;
  label: string;
  changes?: string[];
  key?: string;
  sessionsEnded?: number;
}
interface Report {
  created: Change[];
  updated: Change[];
  unchanged: Change[];
  warnings: string[];
}

const FIXTURE = {
  organizations: [{ id: "00801SEEDSEEDSEEDSEE", name: "Acme", locked: false }, { name: "Beta" }],
  users: [
    {
      email: "Ann@Acme.test",
      password: "ann-password",
      firstName: "Ann",
      lastName: "Admin",
      memberships: [{ organization: "Acme", role: "ADMINISTRATOR" }],
    },
    {
      email: "bob@acme.test",
      password: "bob-password",
      memberships: [
        { organization: "00801SEEDSEEDSEEDSEE", role: "CLERK" },
        { organization: "Beta", role: "AUDITOR", archived: true },
      ],
    },
  ],
  devKeys: [
    { name: "ci", key: "ci-key-0123456789abcdef", mfaBypass: true },
    { name: "generated" },
    { name: "retired", key: "retired-key-0123456789", active: false },
  ],
};

function setup(file: unknown = FIXTURE) {
  const folder = tempFolder();
  const database = join(folder, "billet.db");
  const path = join(folder, "seed.json");
  writeFileSync(path, JSON.stringify(file));
  return { database, path, cli: cliFor(database) };
}

const summary = (changes: Change[]) => changes.map((c) => `${c.kind} ${c.label}`).sort();

describe("billet seed", { timeout: 60_000 }, () => {
  it("creates everything once; a second run creates nothing and changes no row", async () => {
    const { database, path, cli } = setup();
    const first = await json<Report>(cli("seed", "--file", path, "--json"));
    expect(summary(first.created)).toEqual(
      [
        "organization Acme",
        "organization Beta",
        "user ann@acme.test",
        "user bob@acme.test",
        "membership ann@acme.test in Acme",
        "membership bob@acme.test in Acme",
        "membership bob@acme.test in Beta",
        "devKey ci",
        "devKey generated",
        "devKey retired",
      ].sort(),
    );
    expect(first.created.find((c) => c.kind === "organization" && c.label === "Acme")?.id).toBe(
      "00801SEEDSEEDSEEDSEE",
    );
    // Only the generated key is reported; literal keys are in the file already.
    expect(first.created.filter((c) => c.key).map((c) => c.label)).toEqual(["generated"]);
    expect(first.updated).toEqual([]);

    const before = snapshot(database);
    const second = await cli("seed", "--file", path);
    expect(second).toMatchObject({ code: 0, stdout: "Nothing to do: 10 unchanged.\n" });
    const third = await json<Report>(cli("seed", "--file", path, "--json"));
    expect(third.created).toEqual([]);
    expect(third.updated).toEqual([]);
    expect(third.unchanged).toHaveLength(10);
    expect(snapshot(database)).toEqual(before);
  });

  it("prints a generated key once, in the human report", async () => {
    const { path, cli } = setup({ devKeys: [{ name: "gen" }] });
    const first = await cli("seed", "--file", path);
    expect(first.stdout).toMatch(/^created devKey gen \(0dk01\w{15}\)\n {2}key \(shown once\): [\w-]{43}\n/);
    expect(first.stdout).toContain("1 created, 0 updated, 0 unchanged.");
    expect((await cli("seed", "--file", path)).stdout).toBe("Nothing to do: 1 unchanged.\n");
  });

  it("applies a changed file: lock, role, archive, deactivate, password", async () => {
    const { path, cli } = setup();
    await json(cli("seed", "--file", path, "--json"));
    const changed = structuredClone(FIXTURE);
    changed.organizations[1] = { name: "Beta", locked: true } as (typeof changed.organizations)[number];
    const bob = changed.users[1] as (typeof changed.users)[number];
    bob.password = "bob-new-password";
    bob.memberships = [
      { organization: "Acme", role: "APPROVER" },
      { organization: "Beta", role: "AUDITOR", archived: false },
    ];
    changed.devKeys[0] = { ...changed.devKeys[0], active: false } as (typeof changed.devKeys)[number];
    writeFileSync(path, JSON.stringify(changed));

    const report = await json<Report>(cli("seed", "--file", path, "--json"));
    expect(report.created).toEqual([]);
    expect(report.updated.map((c) => `${c.kind} ${c.label}: ${c.changes?.join(", ")}`).sort()).toEqual([
      "devKey ci: deactivated",
      "membership bob@acme.test in Acme: role CLERK → APPROVER",
      "membership bob@acme.test in Beta: restored",
      "organization Beta: locked",
      "user bob@acme.test: password",
    ]);
    const again = await json<Report>(cli("seed", "--file", path, "--json"));
    expect([...again.created, ...again.updated]).toEqual([]);
  });

  it("lists every problem with its JSON path and writes nothing", async () => {
    const bad = {
      organizations: [
        { id: "00899", name: "" },
        { name: "X", locked: "yes", colour: 1 },
      ],
      users: [
        { email: "nope", memberships: [{ organization: "Nowhere", role: "BOSS" }] },
        { password: "", memberships: [] },
        5,
      ],
      devKeys: [{ name: "ci", key: "short" }, { name: "ci" }],
      extra: true,
    };
    const { database, path, cli } = setup(bad);
    const result = await cli("seed", "--file", path);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n").filter(Boolean)).toEqual([
      `billet: ${path}: 14 problem(s); nothing was written:`,
      "  - $.extra: unknown field (allowed: organizations, users, devKeys, partners, syncTokens, consoles, oauthApps)",
      "  - $.organizations[0].id: must be 008 + 17 letters or digits",
      "  - $.organizations[0].name: required",
      "  - $.organizations[1].colour: unknown field (allowed: id, name, locked, mfaRequired, resources)",
      "  - $.organizations[1].locked: must be true or false",
      "  - $.users[0].email: must be an email address",
      "  - $.users[0].memberships[0].role: must be one of ADMINISTRATOR, ACCOUNTANT, APPROVER, PAYER, CLERK, AUDITOR",
      "  - $.users[1].email: required",
      "  - $.users[1].password: must be 8-1024 characters",
      "  - $.users[1].memberships: a user needs at least one membership",
      "  - $.users[2]: must be an object",
      "  - $.devKeys[0].key: must be 16-128 printable ASCII characters without spaces",
      "  - $.devKeys[1].name: duplicate devKey name (also at $.devKeys[0].name)",
      "  - $.users[0].memberships[0].organization: no organization with this id or name in the file or the store",
    ]);
    expect(Object.values(snapshot(database)).flat()).toEqual([]);
  });

  it("refuses what the store cannot do, before writing anything", async () => {
    const { database, path, cli } = setup({
      devKeys: [{ name: "k", key: "fixed-key-0123456789", active: false }],
    });
    await cli("seed", "--file", path);
    const before = snapshot(database);
    writeFileSync(
      path,
      JSON.stringify({
        organizations: [{ name: "New" }],
        users: [{ email: "x@y.co", memberships: [{ organization: "New" }, { organization: "New" }] }],
        devKeys: [{ name: "k", key: "fixed-key-0123456789", active: true, mfaBypass: true }],
      }),
    );
    const result = await cli("seed", "--file", path, "--json");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("$.users[0].memberships[1].organization: duplicate membership");
    expect(result.stderr).toContain("$.devKeys[0].active: this key is deactivated in the store");
    expect(result.stderr).toContain("$.devKeys[0].mfaBypass: cannot change on an existing key");
    expect(snapshot(database)).toEqual(before);
  });

  it("reports an unreadable or malformed file in one line", async () => {
    const { path, cli } = setup();
    writeFileSync(path, "{ not json");
    const [malformed, missing] = await Promise.all([
      cli("seed", "--file", path),
      cli("seed", "--file", `${path}.missing`),
    ]);
    expect(malformed).toMatchObject({ code: 1, stdout: "" });
    expect(malformed.stderr).toMatch(/^billet: .*seed\.json is not valid JSON: .*\n$/);
    expect(missing.stderr).toMatch(/^billet: cannot read .*seed\.json\.missing: ENOENT.*\n$/);
  });
  it("seeds an organization's resources, references resolved; --help documents them", async () => {
    const file = {
      organizations: [
        {
          name: "Acme",
          resources: {
            bills: [
              {
                ref: "bill-1",
                vendorId: "@acme-supplies",
                dueDate: "2026-12-31",
                invoice: { invoiceNumber: "INV-1", invoiceDate: "2026-12-01" },
                billLineItems: [{ amount: 125.5 }],
              },
            ],
            vendors: [{ ref: "acme-supplies", name: "Acme Supplies" }],
          },
        },
      ],
      users: [{ email: "ann@acme.test", memberships: [{ organization: "Acme" }] }],
    };
    const { database, path, cli } = setup(file);
    // The file may be named without --file, too.
    const first = await cli("seed", path);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^created resource vendors @acme-supplies \(00901\w{15}\)$/m);
    expect(first.stdout).toMatch(/^created resource bills @bill-1 \(00n01\w{15}\)$/m);
    expect(first.stdout).toContain("5 created, 0 updated, 0 unchanged.");
    const before = snapshot(database);
    expect((await cli("seed", "--file", path)).stdout).toBe("Nothing to do: 5 unchanged.\n");
    expect(snapshot(database)).toEqual(before);

    const bad = structuredClone(file);
    (bad.organizations[0]?.resources.bills[0] as { vendorId: string }).vendorId = "@nobody";
    writeFileSync(path, JSON.stringify(bad));
    const refused = await cli("seed", "--file", path);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("1 problem(s); nothing was written");
    expect(refused.stderr).toContain(
      `$.organizations[0].resources.bills[0].vendorId: no item with ref "nobody" in this organization's resources ("@@…" is a literal "@…")`,
    );
    const none = await cli("seed");
    expect(none).toMatchObject({
      code: 1,
      stderr: "billet: seed: name the seed file (billet seed FILE or --file FILE)\n",
    });
    const help = await cli("seed", "--help");
    expect(help.stdout).toContain("Resources: an organization's AP & AR records, by kind (vendors, bills, ");
    expect(help.stdout).toContain('"vendorId": "@acme-supplies"');
  });
});
