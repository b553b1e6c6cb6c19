/**
 * The operator API's view of an organization's resources (docs/bill-v3-resources.md section
 * 12): the kinds with their counts, BILL's list of each kind (max, page, filters, sort) and one
 * record's wire view, only through the organization's own path, only with the operator token;
 * a kind with a slash in its name; and the operator's clock reaching the records.
 */
import { Type } from "typebox";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { type BillClient, OperatorClient, type Vendor } from "../../client/src/index.ts";
import { formatTimestamp } from "../../src/clock.ts";
import { defineResource, type ResourceDeclaration } from "../../src/resources/declaration.ts";
import { createResources } from "../../src/resources/engine.ts";
import { RESOURCES } from "../../src/resources/index.ts";
import { describeEachBackend } from "../helpers/backends.ts";
import {
  type Account,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import { signedIn } from "../helpers/provisioning-helpers.ts";

const TOKEN = "operator-resources-token-0123456789";

/**
 * A kind with a slash, as `funding-accounts/banks` and `classifications/items` will be, and a
 * field computed from the view's clock, as a payment's status on its process date will be.
 */
const SLASHED = defineResource({
  name: "test-kinds/items",
  label: "test item",
  idPrefix: "0tk",
  createBody: Type.Object({ name: Type.String({ minLength: 1 }) }),
  updateBody: Type.Object({ name: Type.Optional(Type.String({ minLength: 1 })) }),
  wire: Type.Object({
    id: Type.String(),
    archived: Type.Boolean(),
    name: Type.String(),
    createdTime: Type.String(),
    ageDays: Type.Integer(),
  }),
  fields: { id: "string", archived: "boolean", name: "string", createdTime: "datetime" },
  filters: { name: { ops: ["eq", "sw"] } },
  sorts: ["name"],
  defaultSort: [{ field: "createdTime", desc: false }],
  writers: ["ADMINISTRATOR"],
  build: (body) => ({ ...body }),
  view: (record, context) => ({
    id: record.id,
    archived: record.archived,
    name: String(record.data.name),
    createdTime: formatTimestamp(record.createdAt),
    ageDays: Math.floor((context.now - record.createdAt) / 86_400_000),
  }),
});

const BILL = {
  dueDate: "2026-12-31",
  invoice: { invoiceNumber: "INV-1", invoiceDate: "2026-12-01" },
  billLineItems: [{ amount: 12.5 }],
};

describeEachBackend("operator API: resources", (backend) => {
  let t: TestServer;
  let account: Account;
  let other: Account;
  let client: BillClient;
  let operator: OperatorClient;

  // The test kind is served like every declaration: routes are built from RESOURCES.
  beforeAll(() => {
    (RESOURCES as ResourceDeclaration[]).push(SLASHED);
  });
  afterAll(() => {
    (RESOURCES as ResourceDeclaration[]).splice(RESOURCES.indexOf(SLASHED), 1);
  });
  beforeEach(async () => {
    t = await startTestServer({ backend, config: { operatorToken: TOKEN } });
    account = await provisionAccount(t.deps, { organizationName: "Mine" });
    other = await provisionAccount(t.deps, { organizationName: "Theirs" });
    client = await signedIn(t, account);
    operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
  });
  afterEach(() => t.close());

  const raw = (path: string, token: string | null = TOKEN) =>
    fetch(`${t.server.url}/operator/v1${path}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as unknown }));

  it("lists the kinds with their counts, archived ones counted apart", async () => {
    const acme = await client.vendors.create({ name: "Acme" });
    const gone = await client.vendors.create({ name: "Gone" });
    await client.vendors.archive(gone.id);
    await client.bills.create({ vendorId: acme.id, ...BILL });
    await (await signedIn(t, other)).vendors.create({ name: "Not mine" });
    const kinds = await operator.resources.kinds(account.organizationId);
    expect(kinds.map((k) => k.kind)).toEqual(RESOURCES.map((d) => d.name));
    expect(kinds.find((k) => k.kind === "vendors")).toEqual({
      kind: "vendors",
      label: "vendor",
      idPrefix: "009",
      path: "/v3/vendors",
      count: 2,
      archivedCount: 1,
    });
    expect(kinds.find((k) => k.kind === "bills")).toMatchObject({ count: 1, archivedCount: 0 });
    expect(kinds.find((k) => k.kind === "customers")).toMatchObject({ count: 0 });
  });

  it("pages a kind as BILL's list does, and reads one record as BILL's API answers it", async () => {
    for (const name of ["Cello Co", "Banjo Bros", "Accordion Ltd"]) await client.vendors.create({ name });
    const first = await operator.resources.list<Vendor>(account.organizationId, "vendors", {
      max: 2,
      sort: "name:asc",
    });
    expect(first.results.map((v) => v.name)).toEqual(["Accordion Ltd", "Banjo Bros"]);
    expect(first.prevPage).toBeUndefined();
    const second = await operator.resources.list<Vendor>(account.organizationId, "vendors", {
      max: 2,
      sort: "name:asc",
      page: String(first.nextPage),
    });
    expect(second.results.map((v) => v.name)).toEqual(["Cello Co"]);
    expect(second.nextPage).toBeUndefined();
    const filtered = await operator.resources.list(account.organizationId, "vendors", {
      filters: 'name:sw:"Ban"',
    });
    expect(filtered.results.map((v) => v.name)).toEqual(["Banjo Bros"]);
    // The record is the wire object the organization's own session reads.
    const id = String(filtered.results[0]?.id);
    expect(await operator.resources.get(account.organizationId, "vendors", id)).toEqual(
      await client.vendors.get(id),
    );
    // The kind's own rules: an unknown filter field, a bad max, a cursor of another list.
    for (const query of ["filters=nickname:eq:x", "max=101", "sort=balance:sideways", "page=garbage"]) {
      const res = await raw(`/organizations/${account.organizationId}/resources/vendors?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toEqual([expect.objectContaining({ code: "BDC_9001" })]);
    }
  });

  it("shows another organization's records only through that organization's path", async () => {
    const theirs = await (await signedIn(t, other)).vendors.create({ name: "Theirs Inc" });
    const mine = await client.vendors.create({ name: "Mine Inc" });
    expect((await rejection(operator.resources.get(account.organizationId, "vendors", theirs.id))).code).toBe(
      "BDC_9005",
    );
    expect((await operator.resources.get(other.organizationId, "vendors", theirs.id)).name).toBe(
      "Theirs Inc",
    );
    const listed = await operator.resources.list(other.organizationId, "vendors");
    expect(listed.results.map((v) => v.id)).toEqual([theirs.id]);
    expect(listed.results.map((v) => v.id)).not.toContain(mine.id);
    // A cursor of one organization's list is not a page of another's.
    await client.vendors.create({ name: "Mine Two" });
    const page = await operator.resources.list(account.organizationId, "vendors", { max: 1 });
    const res = await raw(
      `/organizations/${other.organizationId}/resources/vendors?max=1&page=${String(page.nextPage)}`,
    );
    expect(res).toMatchObject({ status: 400, body: [expect.objectContaining({ code: "BDC_9001" })] });
    // Unknown organization, kind or record: BILL's not found.
    for (const path of [
      "/organizations/00801AAAAAAAAAAAAAAA/resources",
      "/organizations/00801AAAAAAAAAAAAAAA/resources/vendors",
      `/organizations/${account.organizationId}/resources/recurring-invoices`,
      `/organizations/${account.organizationId}/resources/vendors/00901AAAAAAAAAAAAAAA`,
      `/organizations/${account.organizationId}/resources/vendors/..%2F..%2Fusers`,
      `/organizations/${account.organizationId}/resources/bills/${mine.id}`,
    ]) {
      const answer = await raw(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).toEqual([expect.objectContaining({ code: "BDC_9005" })]);
    }
  });

  it("answers nothing without the operator token", async () => {
    const vendor = await client.vendors.create({ name: "Secret Supplies" });
    for (const path of [
      `/organizations/${account.organizationId}/resources`,
      `/organizations/${account.organizationId}/resources/vendors`,
      `/organizations/${account.organizationId}/resources/vendors/${vendor.id}`,
    ]) {
      for (const token of [null, "wrong-token-0123456789"]) {
        const res = await raw(path, token);
        expect(res.status, path).toBe(401);
        expect(res.body).toEqual([expect.objectContaining({ code: "BDC_9010" })]);
        expect(JSON.stringify(res.body)).not.toContain("Secret Supplies");
      }
    }
    // A session of the organization is no operator token either.
    const res = await fetch(`${t.server.url}/operator/v1/organizations/${account.organizationId}/resources`, {
      headers: { devKey: account.devKey, sessionId: String(client.sessionId) },
    });
    expect(res.status).toBe(401);
  });

  it("serves a kind with a slash in its name, written plain or encoded", async () => {
    const scope = { organizationId: account.organizationId, userId: account.userId };
    const created = await createResources(t.deps, scope, SLASHED, [{ name: "Slashed" }]);
    const id = String(created.ok && created.value[0]?.id);
    const kinds = await operator.resources.kinds(account.organizationId);
    expect(kinds.find((k) => k.kind === "test-kinds/items")).toMatchObject({
      count: 1,
      path: "/v3/test-kinds/items",
    });
    // The client writes the slash as a path separator.
    expect((await operator.resources.list(account.organizationId, "test-kinds/items")).results).toEqual([
      expect.objectContaining({ id, name: "Slashed" }),
    ]);
    expect(await operator.resources.get(account.organizationId, "test-kinds/items", id)).toMatchObject({
      id,
    });
    const base = `/organizations/${account.organizationId}/resources`;
    expect(
      await raw(`${base}/test-kinds%2Fitems?filters=${encodeURIComponent('name:eq:"Slashed"')}`),
    ).toMatchObject({
      status: 200,
      body: { results: [expect.objectContaining({ id })] },
    });
    expect(await raw(`${base}/test-kinds%2Fitems%2F${id}`)).toMatchObject({ status: 200, body: { id } });
    expect((await raw(`${base}/test-kinds`)).status).toBe(404);
    expect((await raw(`${base}/test-kinds/items/${id}/extra`)).status).toBe(404);
  });

  it("the operator's clock reaches the records: one created after an advance carries the advanced time", async () => {
    const before = await client.vendors.create({ name: "Before" });
    const moved = await operator.clock.advance({ days: 30 });
    // Thirty days end the session too: a new one sees the new time.
    const after = await (await signedIn(t, account)).vendors.create({ name: "After" });
    expect(Date.parse(after.createdTime) - Date.parse(before.createdTime)).toBeGreaterThanOrEqual(
      30 * 86_400_000,
    );
    expect(Date.parse(after.createdTime)).toBe(moved.epochMs);
    const listed = await operator.resources.list<Vendor>(account.organizationId, "vendors", {
      filters: `createdTime:gte:${formatTimestamp(moved.epochMs)}`,
    });
    expect(listed.results.map((v) => v.name)).toEqual(["After"]);
  });
  it("the operator's clock reaches the views: a computed field moves with clock advance", async () => {
    const scope = { organizationId: account.organizationId, userId: account.userId };
    const created = await createResources(t.deps, scope, SLASHED, [{ name: "Aging" }]);
    const id = String(created.ok && created.value[0]?.id);
    const read = () =>
      operator.resources.get<{ ageDays: number; createdTime: string }>(
        account.organizationId,
        "test-kinds/items",
        id,
      );
    const fresh = await read();
    expect(fresh.ageDays).toBe(0);
    await operator.clock.advance({ days: 3, hours: 1 });
    const later = await read();
    expect(later).toEqual({ ...fresh, ageDays: 3 });
    // The same through BILL's own route for the kind, with a session made after the advance.
    const session = await signedIn(t, account);
    const res = await session.rawRequest({ method: "GET", path: `/v3/test-kinds/items/${id}`, auth: true });
    expect(res).toMatchObject({ status: 200, body: { id, ageDays: 3 } });
    await operator.clock.set(new Date(Date.parse(fresh.createdTime) + 10 * 86_400_000));
    expect((await read()).ageDays).toBe(10);
  });

  it("applies a seed file through POST /operator/v1/seed: resources and all, once", async () => {
    const file = {
      organizations: [
        {
          name: "Seeded by API",
          resources: {
            vendors: [{ ref: "acme", name: "Acme Supplies" }],
            bills: [{ ref: "b1", vendorId: "@acme", ...BILL }],
          },
        },
      ],
      users: [{ email: "seed-api@example.com", memberships: [{ organization: "Seeded by API" }] }],
    };
    const report = await operator.seed.apply(file);
    expect(report.created.map((c) => `${c.kind} ${c.label}`)).toEqual([
      "organization Seeded by API",
      "user seed-api@example.com",
      "membership seed-api@example.com in Seeded by API",
      "resource vendors @acme",
      "resource bills @b1",
    ]);
    const organizationId = String(report.created[0]?.id);
    const [bill] = (await operator.resources.list(organizationId, "bills")).results;
    expect(bill).toMatchObject({
      vendorId: report.created[3]?.id,
      vendorName: "Acme Supplies",
      amount: 12.5,
    });
    const again = await operator.seed.apply(file);
    expect([...again.created, ...again.updated]).toEqual([]);
    expect(again.unchanged).toHaveLength(5);

    // A problem anywhere: a 400 naming its path, and nothing written.
    const bad = structuredClone(file);
    bad.organizations.push({ name: "Never", resources: { vendors: [{ ref: "x", name: "" }], bills: [] } });
    const error = await rejection(operator.seed.apply(bad));
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([
      expect.objectContaining({
        code: "BDC_1108",
        params: [{ name: "paramName0", value: "$.organizations[1].resources.vendors[0].name" }],
      }),
    ]);
    expect((await operator.organizations.list()).map((o) => o.name)).not.toContain("Never");
    // Refused by the engine part-way (a bill of 0), after its organization and user were
    // written in the run's transaction: nothing stays.
    const partway = {
      organizations: [
        {
          name: "Partway",
          resources: {
            vendors: [{ ref: "v", name: "V" }],
            bills: [{ ref: "zero", vendorId: "@v", ...BILL, billLineItems: [{ amount: 0 }] }],
          },
        },
      ],
      users: [{ email: "partway@example.com", memberships: [{ organization: "Partway" }] }],
    };
    const refused = await rejection(operator.seed.apply(partway));
    expect(refused.errors).toEqual([
      expect.objectContaining({
        code: "BDC_9001",
        params: expect.arrayContaining([
          { name: "paramName0", value: "$.organizations[0].resources.bills[0].amount" },
        ]),
      }),
    ]);
    expect((await operator.organizations.list()).map((o) => o.name)).not.toContain("Partway");
    expect(await t.deps.stores.users.findByEmail("partway@example.com")).toBeUndefined();
    const res = await fetch(`${t.server.url}/operator/v1/seed`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(file),
    });
    expect(res.status).toBe(401);
  });
});
