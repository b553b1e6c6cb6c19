import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { getResource, listResources, updateResource } from "../../resources/engine.ts";
import { RESOURCES, SEEDABLE } from "../../resources/index.ts";
import { openRuntime, type Runtime } from "../../runtime.ts";
import { seedResourceId } from "./resources.ts";
import { applySeed } from "./seed.ts";

const ORG = "00801SeedResources01";
const declaration = (name: string) => {
  const found = RESOURCES.find((d) => d.name === name);
  if (!found) throw new Error(name);
  return found;
};

const fileWith = (resources: unknown, extra: Record<string, unknown> = {}) => ({
  organizations: [{ id: ORG, name: "Seeded", resources, ...extra }],
  users: [{ email: "admin@seed.test", memberships: [{ organization: "Seeded", role: "ADMINISTRATOR" }] }],
});

const RESOURCES_FILE = {
  // Written in any order: created in RESOURCES order (vendors before bills).
  bills: [
    {
      ref: "first-bill",
      vendorId: "@acme",
      dueDate: "2026-12-31",
      invoice: { invoiceNumber: "INV-1", invoiceDate: "2026-12-01" },
      billLineItems: [{ amount: 10.5, description: "@@not-a-ref" }],
    },
  ],
  vendors: [
    { ref: "acme", name: "Acme Supplies", email: "ap@acme.test" },
    { ref: "beta", name: "Beta Parts" },
  ],
  customers: [{ ref: "band", name: "Paperless Band", email: "pay@band.test" }],
};

describe("applySeed: resources", () => {
  let dir: string;
  let runtime: Runtime;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "billet-seed-resources-"));
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

  const records = async (kind: string) =>
    (await listResources(runtime.deps, ORG, declaration(kind), { filters: [], sort: [], limit: 100 })).items;
  const problemsOf = async (file: unknown) => {
    const result = await applySeed(runtime.deps, file);
    expect(result.ok).toBe(false);
    return result.ok ? [] : result.errors.map((e) => `${e.params?.paramName0}: ${e.params?.reason ?? e.key}`);
  };

  it("creates the items in dependency order, references resolved, as the organization's administrator", async () => {
    const result = await applySeed(runtime.deps, fileWith(RESOURCES_FILE));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const created = result.value.created.filter((c) => c.kind === "resource");
    expect(created.map((c) => c.label)).toEqual([
      "vendors @acme",
      "vendors @beta",
      "bills @first-bill",
      "customers @band",
    ]);
    const acme = seedResourceId(ORG, declaration("vendors"), "acme");
    expect(created[0]?.id).toBe(acme);
    expect(acme).toMatch(/^00901[0-9A-Za-z]{15}$/);
    const [bill] = await records("bills");
    expect(bill).toMatchObject({
      id: seedResourceId(ORG, declaration("bills"), "first-bill"),
      vendorId: acme,
      vendorName: "Acme Supplies",
      amount: 10.5,
      billLineItems: [expect.objectContaining({ description: "@not-a-ref" })],
    });
    const admin = await runtime.deps.stores.users.findByEmail("admin@seed.test");
    const stored = await runtime.deps.stores.resources.find(ORG, "bills", String(bill?.id));
    expect(stored?.data.createdBy).toBe(admin?.id);
    expect((await records("customers")).map((c) => c.name)).toEqual(["Paperless Band"]);
  });

  it("a second run creates nothing and changes no record; a new item joins the existing ones", async () => {
    await applySeed(runtime.deps, fileWith(RESOURCES_FILE));
    const before = await records("bills");
    const again = await applySeed(runtime.deps, fileWith(RESOURCES_FILE));
    expect(again.ok && again.value.created).toEqual([]);
    expect(again.ok && again.value.updated).toEqual([]);
    expect(again.ok && again.value.unchanged.filter((c) => c.kind === "resource")).toHaveLength(4);
    expect(await records("bills")).toEqual(before);
    expect(await records("vendors")).toHaveLength(2);

    // A record changed through the API keeps its seed identity (the id): the run leaves it as it is.
    const admin = await runtime.deps.stores.users.findByEmail("admin@seed.test");
    const scope = { organizationId: ORG, userId: String(admin?.id) };
    const acme = seedResourceId(ORG, declaration("vendors"), "acme");
    expect(
      (await updateResource(runtime.deps, scope, declaration("vendors"), acme, { name: "Renamed" })).ok,
    ).toBe(true);
    const more = {
      ...RESOURCES_FILE,
      bills: [
        ...RESOURCES_FILE.bills,
        {
          ref: "second-bill",
          vendorId: "@beta",
          dueDate: "2027-01-31",
          invoice: { invoiceNumber: "INV-2", invoiceDate: "2027-01-01" },
          billLineItems: [{ quantity: 2, price: 3 }],
        },
      ],
    };
    const third = await applySeed(runtime.deps, fileWith(more));
    expect(third.ok && third.value.created.map((c) => c.label)).toEqual(["bills @second-bill"]);
    expect((await records("bills")).map((b) => b.amount)).toEqual([10.5, 6]);
    expect((await records("vendors")).map((v) => v.name).sort()).toEqual(["Beta Parts", "Renamed"]);
  });

  it("the same refs in two organizations are two records, each naming its own organization's", async () => {
    const file = {
      organizations: [
        { name: "One", resources: { vendors: [{ ref: "v", name: "One's vendor" }] } },
        { name: "Two", resources: { vendors: [{ ref: "v", name: "Two's vendor" }] } },
      ],
      users: [
        {
          email: "both@seed.test",
          memberships: [{ organization: "One" }, { organization: "Two" }],
        },
      ],
    };
    const result = await applySeed(runtime.deps, file);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const ids = result.value.created.filter((c) => c.kind === "resource").map((c) => c.id);
    expect(new Set(ids).size).toBe(2);
    const all = await runtime.deps.stores.organizations.list();
    const [one, two] = ["One", "Two"].map((name) => all.find((o) => o.name === name));
    for (const [organization, id] of [
      [one, ids[0]],
      [two, ids[1]],
    ] as const) {
      const found = await getResource(
        runtime.deps,
        String(organization?.id),
        declaration("vendors"),
        String(id),
      );
      expect(found.ok && found.value.name).toBe(`${organization?.name}'s vendor`);
    }
  });

  it("lists every problem of the items, each with its path, and writes nothing", async () => {
    const problems = await problemsOf({
      ...fileWith({
        vendors: [
          { ref: "acme", name: "" },
          { ref: "acme", name: "Again", colour: "red" },
          { name: "No ref", email: "not-an-email" },
          7,
        ],
        bills: [
          {
            ref: "b1",
            vendorId: "@band",
            dueDate: "2026-12-31",
            invoice: { invoiceNumber: "INV-1", invoiceDate: "2026-12-01" },
            billLineItems: [{ amount: 1 }],
          },
          { ref: "b2", vendorId: "@nobody", invoice: { invoiceNumber: "X", invoiceDate: "2026-12-01" } },
        ],
        customers: [{ ref: "band", name: "Band", email: "pay@band.test", description: "@acme" }],
        "recurring-invoices": [],
      }),
    });
    expect(problems).toEqual([
      `$.organizations[0].resources.recurring-invoices: unknown field (allowed: ${SEEDABLE.map((r) => r.name).join(", ")})`,
      "$.organizations[0].resources.vendors[1].colour: unknown field (allowed: ref, " +
        `${Object.keys(declaration("vendors").createBody.properties).join(", ")})`,
      "$.organizations[0].resources.vendors[2].ref: MISSING_PARAMETER",
      "$.organizations[0].resources.vendors[3]: must be an object",
      "$.organizations[0].resources.vendors[1].ref: duplicate ref (also at $.organizations[0].resources.vendors[0].ref)",
      "$.organizations[0].resources.vendors[0].name: MISSING_PARAMETER",
      "$.organizations[0].resources.vendors[2].email: invalid value for a vendor's email",
      '$.organizations[0].resources.bills[0].vendorId: "@band" is created after this item ($.organizations[0].resources.customers[0]); name only earlier items',
      '$.organizations[0].resources.bills[1].vendorId: no item with ref "nobody" in this organization\'s resources ("@@…" is a literal "@…")',
      "$.organizations[0].resources.bills[1].dueDate: MISSING_PARAMETER",
      "$.organizations[0].resources.bills[1].billLineItems: MISSING_PARAMETER",
    ]);
    expect(await runtime.deps.stores.organizations.list()).toEqual([]);
  });

  it("a reference to an item of another kind than the field names is refused", async () => {
    const problems = await problemsOf(
      fileWith({
        vendors: [{ ref: "v", name: "V" }],
        bills: [
          {
            ref: "b",
            vendorId: "@v",
            dueDate: "2026-12-31",
            invoice: { invoiceNumber: "1", invoiceDate: "2026-12-01" },
            billLineItems: [{ amount: 1 }],
          },
          {
            ref: "b2",
            vendorId: "@b",
            dueDate: "2026-12-31",
            invoice: { invoiceNumber: "2", invoiceDate: "2026-12-01" },
            billLineItems: [{ amount: 1 }],
          },
        ],
      }),
    );
    expect(problems).toEqual([
      '$.organizations[0].resources.bills[1].vendorId: "@b" is a bill; vendorId names a vendors record',
    ]);
  });

  it("a refusal by the engine part-way names the item and leaves nothing written", async () => {
    // Amounts that add up to nothing pass the body's schema but not the bill's own check.
    const problems = await problemsOf(
      fileWith({
        vendors: [{ ref: "v", name: "V" }],
        bills: [
          {
            ref: "zero",
            vendorId: "@v",
            dueDate: "2026-12-31",
            invoice: { invoiceNumber: "1", invoiceDate: "2026-12-01" },
            billLineItems: [{ amount: 0 }],
          },
        ],
      }),
    );
    expect(problems).toEqual([
      "$.organizations[0].resources.bills[0].amount: Invalid value for parameter: amount.",
    ]);
    expect(await runtime.deps.stores.organizations.list()).toEqual([]);
    expect(await runtime.deps.stores.users.findByEmail("admin@seed.test")).toBeUndefined();
    expect(await runtime.deps.stores.resources.listAll(ORG, "vendors")).toEqual([]);
  });

  it("needs an administrator in the organization to create its records", async () => {
    const problems = await problemsOf({
      organizations: [{ name: "Lonely", resources: { vendors: [{ ref: "v", name: "V" }] } }],
    });
    expect(problems).toEqual([
      "$.organizations[0].resources: an organization with resources needs an active ADMINISTRATOR member (in the file or the store): seeded records are created by that user",
    ]);
    expect(await runtime.deps.stores.organizations.list()).toEqual([]);
  });
  it("refuses a body nested deeper than any create body, without overflowing the stack", async () => {
    let deep: unknown = "@v";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const problems = await problemsOf(
      fileWith({
        vendors: [
          { ref: "v", name: "V" },
          { ref: "w", name: "W", address: { line1: deep } },
        ],
      }),
    );
    expect(problems[0]).toMatch(
      /^\$\.organizations\[0\]\.resources\.vendors\[1\]\.address\.line1(\[0\])+: nested more than 32 levels deep$/,
    );
    expect(await runtime.deps.stores.organizations.list()).toEqual([]);
  });
});
