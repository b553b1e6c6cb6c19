/**
 * BILL's seven general-ledger classifications through the client (docs/bill-v3-resources.md
 * section 7), table-driven: each one's lifecycle, parent and child, bulk create, update,
 * archive and restore all or nothing, a filter and a sort, tenants, roles, idempotency and a
 * dead session; then what is particular to charts of accounts and items, and the bills that
 * name classifications. SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BillClient, BulkChangeRecords } from "../../../client/src/index.ts";
import { errorParams } from "../../../client/src/index.ts";
import { describeEachBackend } from "../../helpers/backends.ts";
import {
  type Account,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../../helpers/helpers.ts";
import { signedIn, signedInWithRole } from "../../helpers/provisioning-helpers.ts";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

interface Rec {
  id: string;
  archived: boolean;
  parentId?: string;
  createdTime: string;
  updatedTime: string;
  [field: string]: unknown;
}
type Body = Record<string, unknown>;
type Generic = BulkChangeRecords<Rec, Body, Body, Record<string, Rec[]>>;

interface Kind {
  path: string;
  prefix: string;
  wrap: string;
  records(client: BillClient): Generic;
  /** BILL's example create body [PM]. */
  example: Body;
  /** What the answer adds besides id, archived and the times. */
  defaults: Body;
  /** A PATCH and what the record reads after it. */
  patch: Body;
  patched: Body;
  /** The field lists sort and filter by, and a create body with that field set. */
  label: string;
  named(label: string): Body;
}

const generic = (records: unknown) => records as Generic;

const KINDS: Kind[] = [
  {
    path: "chart-of-accounts",
    prefix: "0ca",
    wrap: "chartOfAccounts",
    records: (c) => generic(c.classifications.chartOfAccounts),
    example: {
      name: "Prepaid Expenses",
      description: "Prepaid expenses for the upcoming quarter",
      account: { type: "EXPENSE", number: "1-020" },
    },
    defaults: {},
    patch: { description: "Next quarter", account: { number: "1-021" } },
    patched: { description: "Next quarter", account: { type: "EXPENSE", number: "1-021" } },
    label: "name",
    named: (name) => ({ name }),
  },
  {
    path: "accounting-classes",
    prefix: "cls",
    wrap: "accountingClasses",
    records: (c) => generic(c.classifications.accountingClasses),
    example: {
      name: "Prepaid Subscriptions",
      description: "Prepaid Subscriptions class (Prepaid Expenses account)",
    },
    defaults: {},
    patch: { description: "Prepaid Expenses account", shortName: "PS" },
    patched: { description: "Prepaid Expenses account", shortName: "PS" },
    label: "name",
    named: (name) => ({ name }),
  },
  {
    path: "departments",
    prefix: "0de",
    wrap: "departments",
    records: (c) => generic(c.classifications.departments),
    example: { name: "Sales Department", description: "Sales department (Prepaid Expenses account)" },
    defaults: {},
    patch: { name: "Sales", description: null },
    patched: { name: "Sales", description: undefined },
    label: "name",
    named: (name) => ({ name }),
  },
  {
    path: "employees",
    prefix: "emp",
    wrap: "employees",
    records: (c) => generic(c.classifications.employees),
    example: { firstName: "James", lastName: "Milner" },
    defaults: {},
    patch: { lastName: "Milner-Smith", shortName: "JM" },
    patched: { lastName: "Milner-Smith", shortName: "JM" },
    label: "firstName",
    named: (firstName) => ({ firstName, lastName: "Doe" }),
  },
  {
    path: "items",
    prefix: "0ii",
    wrap: "items",
    records: (c) => generic(c.classifications.items),
    example: { type: "SALES_TAX", percentage: 3, name: "State Sales Tax" },
    defaults: { taxable: false },
    patch: { percentage: 4.5, taxable: true },
    patched: { percentage: 4.5, taxable: true },
    label: "name",
    named: (name) => ({ type: "SERVICE", name }),
  },
  {
    path: "jobs",
    prefix: "job",
    wrap: "jobs",
    records: (c) => generic(c.classifications.jobs),
    example: { name: "Kitchen Remodel", description: "New cabinets & countertop" },
    defaults: {},
    patch: { description: "New cabinets" },
    patched: { description: "New cabinets" },
    label: "name",
    named: (name) => ({ name }),
  },
  {
    path: "locations",
    prefix: "loc",
    wrap: "locations",
    records: (c) => generic(c.classifications.locations),
    example: { name: "123 Main St Retail Store", description: "Retail store prepaid subscription expenses" },
    defaults: {},
    patch: { name: "234 Main St Retail Store" },
    patched: { name: "234 Main St Retail Store" },
    label: "name",
    named: (name) => ({ name }),
  },
];

const withoutUndefined = (body: Body) =>
  Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));

describeEachBackend("classifications", (backend) => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
  });
  afterEach(() => t.close());

  const ids = (records: Rec[]) => records.map((r) => r.id);

  describe.each(KINDS)("$path", (kind) => {
    const records = () => kind.records(client);
    const listAll = (params: Parameters<Generic["list"]>[0]) => records().list(params).toArray();

    it("creates BILL's example (201), reads, patches, archives and restores it; parents and children", async () => {
      const res = await client.rawRequest({
        method: "POST",
        path: `/v3/classifications/${kind.path}`,
        auth: true,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(kind.example),
      });
      expect(res.status).toBe(201);
      const record = res.body as Rec;
      expect(record).toEqual({
        ...kind.example,
        ...kind.defaults,
        id: expect.stringMatching(new RegExp(`^${kind.prefix}01[0-9A-Za-z]{15}$`)),
        archived: false,
        createdTime: expect.stringMatching(ISO),
        updatedTime: expect.stringMatching(ISO),
      });
      expect(await records().get(record.id)).toEqual(record);

      t.clock.advance(5000);
      const updated = await records().update(record.id, kind.patch);
      expect(updated).toEqual(
        withoutUndefined({ ...record, ...kind.patched, updatedTime: updated.updatedTime }),
      );
      expect(Date.parse(updated.updatedTime) - Date.parse(record.updatedTime)).toBe(5000);

      const child = await records().create({ ...kind.named("Child"), parentId: record.id });
      expect(child.parentId).toBe(record.id);
      // A parent is never the record itself nor one of its descendants (ours).
      for (const parentId of [record.id, child.id]) {
        const cycle = await rejection(records().update(record.id, { parentId }));
        expect([cycle.status, cycle.code, errorParams(cycle.errors[0]).paramName0]).toEqual([
          400,
          "BDC_9001",
          "parentId",
        ]);
      }
      const unknownParent = await rejection(
        records().create({ ...kind.named("Orphan"), parentId: `${kind.prefix}01AAAAAAAAAAAAAAA` }),
      );
      expect([unknownParent.code, errorParams(unknownParent.errors[0]).paramName0]).toEqual([
        "BDC_9001",
        "parentId",
      ]);

      expect((await records().archive(record.id)).archived).toBe(true);
      expect((await records().get(record.id)).archived).toBe(true);
      // An archived parent takes no new children.
      const archivedParent = await rejection(
        records().create({ ...kind.named("Late"), parentId: record.id }),
      );
      expect(errorParams(archivedParent.errors[0]).paramName0).toBe("parentId");
      expect((await records().restore(record.id)).archived).toBe(false);
      expect(ids(await listAll({}))).toEqual([record.id, child.id]);
    });

    it("bulk creates, updates, archives and restores all or nothing, each problem naming its item", async () => {
      const created = await records().createMany([kind.named("A"), kind.named("B")]);
      expect(Object.keys(created)).toEqual([kind.wrap]);
      const [a, b] = created[kind.wrap] as [Rec, Rec];
      expect([a[kind.label], b[kind.label]]).toEqual(["A", "B"]);

      const badCreate = await rejection(records().createMany([kind.named("C"), {}]));
      expect(badCreate.status).toBe(400);
      expect(badCreate.errors.every((e) => e.code === "BDC_1108" && errorParams(e).index === "1")).toBe(true);

      t.clock.advance(1000);
      const foreign = await signedIn(t, await provisionAccount(t.deps));
      const theirs = await kind.records(foreign).create(kind.named("Theirs"));
      // A bad item refuses every item: the first one's change is not kept.
      const badValue = await rejection(
        records().updateMany([
          { id: a.id, ...kind.named("A2") },
          { id: b.id, parentId: "not-an-id" },
        ]),
      );
      expect(badValue.status).toBe(400);
      expect(badValue.errors).toEqual([
        expect.objectContaining({
          code: "BDC_9001",
          params: [
            { name: "paramName0", value: "parentId" },
            { name: "index", value: "1" },
          ],
        }),
      ]);
      const badIds = await rejection(
        records().updateMany([
          { id: a.id, ...kind.named("A2") },
          { id: theirs.id, ...kind.named("Stolen") },
          // A client could send it without one; the type says it may not.
          { ...kind.named("No id") } as Body & { id: string },
        ]),
      );
      expect(badIds.errors).toEqual([
        expect.objectContaining({
          code: "BDC_1108",
          params: [
            { name: "paramName0", value: "id" },
            { name: "index", value: "2" },
          ],
        }),
      ]);
      const another = await rejection(
        records().updateMany([
          { id: a.id, ...kind.named("A2") },
          { id: theirs.id, ...kind.named("Stolen") },
        ]),
      );
      expect([another.status, another.errors[0]?.code, errorParams(another.errors[0]).index]).toEqual([
        404,
        "BDC_9005",
        "1",
      ]);
      // Two items that would make a cycle only together: the second one is refused.
      const cycle = await rejection(
        records().updateMany([
          { id: a.id, parentId: b.id },
          { id: b.id, parentId: a.id },
        ]),
      );
      expect(cycle.errors).toEqual([
        expect.objectContaining({
          code: "BDC_9001",
          params: [
            { name: "paramName0", value: "parentId" },
            { name: "index", value: "1" },
          ],
        }),
      ]);
      const twice = await rejection(records().updateMany([{ id: a.id }, { id: a.id }]));
      expect(errorParams(twice.errors[0])).toEqual({ paramName0: "id", index: "1" });
      expect(await records().get(a.id)).toEqual(a);
      expect(await records().get(b.id)).toEqual(b);
      expect((await kind.records(foreign).get(theirs.id))[kind.label]).toBe("Theirs");

      const updated = await records().updateMany([
        { id: b.id, parentId: a.id },
        { id: a.id, ...kind.named("A2") },
      ]);
      expect((updated[kind.wrap] as Rec[]).map((r) => [r.id, r.parentId, r[kind.label]])).toEqual([
        [b.id, a.id, "B"],
        [a.id, undefined, "A2"],
      ]);

      const refusedArchive = await rejection(records().archiveMany([a.id, theirs.id]));
      expect([refusedArchive.status, errorParams(refusedArchive.errors[0]).index]).toEqual([404, "1"]);
      expect((await records().get(a.id)).archived).toBe(false);
      expect((await kind.records(foreign).get(theirs.id)).archived).toBe(false);
      const archived = await records().archiveMany([a.id, b.id]);
      expect((archived[kind.wrap] as Rec[]).map((r) => [r.id, r.archived])).toEqual([
        [a.id, true],
        [b.id, true],
      ]);
      const restored = await records().restoreMany([b.id]);
      expect((restored[kind.wrap] as Rec[]).map((r) => r.archived)).toEqual([false]);
      expect(ids(await listAll({ filters: "archived:eq:true" }))).toEqual([a.id]);

      const tooMany = await rejection(
        records().createMany(Array.from({ length: 51 }, () => kind.named("X"))),
      );
      expect([tooMany.status, tooMany.code]).toEqual([400, "BDC_9001"]);
      const noIds = await client.rawRequest({
        method: "POST",
        path: `/v3/classifications/${kind.path}/bulk/archive`,
        auth: true,
      });
      expect(noIds.status).toBe(400);
      expect((noIds.body as { code: string; params: { paramName0: string } }[])[0]).toMatchObject({
        code: "BDC_1108",
      });
      const emptyId = await rejection(records().archiveMany([a.id, ""]));
      expect(errorParams(emptyId.errors[0]).paramName0).toBe("ids");
    });

    it("filters and sorts on its fields, and refuses others", async () => {
      const ann = await records().create(kind.named("Ann"));
      t.clock.advance(1000);
      const bob = await records().create({ ...kind.named("Bob"), parentId: ann.id });
      t.clock.advance(1000);
      const anna = await records().create(kind.named("Anna"));
      expect(ids(await listAll({ filters: `${kind.label}:sw:"Ann"` }))).toEqual([ann.id, anna.id]);
      expect(ids(await listAll({ sort: `${kind.label}:desc` }))).toEqual([bob.id, anna.id, ann.id]);
      expect(ids(await listAll({ filters: `parentId:eq:"${ann.id}"` }))).toEqual([bob.id]);
      expect(
        ids(await listAll({ filters: `id:in:"${bob.id},${anna.id}",createdTime:gt:"${ann.createdTime}"` })),
      ).toEqual([bob.id, anna.id]);
      expect(ids(await listAll({ sort: "createdTime:desc", max: 2 }))).toEqual([anna.id, bob.id, ann.id]);
      const error = await rejection(records().listPage({ filters: "vendorId:eq:x" }));
      expect([error.status, error.code]).toEqual([400, "BDC_9001"]);
    });

    it("keeps tenants apart, lets AUDITOR and CLERK read only, replays idempotent creates, ends with the session", async () => {
      const mine = await records().create(kind.named("Mine"));
      const intruder = await signedIn(t, await provisionAccount(t.deps));
      for (const attempt of [
        () => kind.records(intruder).get(mine.id),
        () => kind.records(intruder).update(mine.id, kind.named("Stolen")),
        () => kind.records(intruder).archive(mine.id),
      ]) {
        const stolen = await rejection(attempt());
        expect([stolen.status, stolen.code]).toEqual([404, "BDC_9005"]);
      }
      // Another organization's record is no parent either.
      const foreignParent = await rejection(
        kind.records(intruder).create({ ...kind.named("X"), parentId: mine.id }),
      );
      expect(errorParams(foreignParent.errors[0]).paramName0).toBe("parentId");
      expect(await kind.records(intruder).list().toArray()).toEqual([]);

      for (const role of ["AUDITOR", "CLERK"] as const) {
        const reader = await signedInWithRole(t, admin, role);
        expect((await kind.records(reader).get(mine.id))[kind.label]).toBe("Mine");
        for (const attempt of [
          () => kind.records(reader).create(kind.named("No")),
          () => kind.records(reader).updateMany([{ id: mine.id, ...kind.named("No") }]),
          () => kind.records(reader).archiveMany([mine.id]),
        ]) {
          const refused = await rejection(attempt());
          expect([refused.status, refused.code]).toEqual([403, "BDC_9004"]);
        }
      }
      const accountant = await signedInWithRole(t, admin, "ACCOUNTANT");
      expect((await kind.records(accountant).update(mine.id, kind.named("Mine 2")))[kind.label]).toBe(
        "Mine 2",
      );

      t.clock.advance(1000);
      const first = await records().create(kind.named("Once"), { idempotencyKey: `${kind.path}-1` });
      const again = await records().create(kind.named("Once"), { idempotencyKey: `${kind.path}-1` });
      expect(again).toEqual(first);
      const conflict = await rejection(
        records().create(kind.named("Other"), { idempotencyKey: `${kind.path}-1` }),
      );
      expect(conflict.status).toBe(409);
      t.clock.advance(1000);
      const many = await records().createMany([kind.named("Bulk")], { idempotencyKey: `${kind.path}-2` });
      expect(await records().createMany([kind.named("Bulk")], { idempotencyKey: `${kind.path}-2` })).toEqual(
        many,
      );
      expect((await listAll({})).map((r) => r[kind.label])).toEqual(["Mine 2", "Once", "Bulk"]);

      await client.sessions.logout();
      client.useSession(null);
      for (const [method, suffix] of [
        ["GET", ""],
        ["PATCH", "/bulk"],
        ["POST", "/bulk/archive"],
      ] as const) {
        const dead = await client.rawRequest({
          method,
          path: `/v3/classifications/${kind.path}${suffix}`,
          headers: { devKey: admin.devKey, sessionId: "not-a-session" },
        });
        expect(dead.status).toBe(401);
        expect((dead.body as { code: string }[])[0]?.code).toBe("BDC_1109");
      }
    });
  });

  it("types accounts and items, and checks what an item names", async () => {
    const coa = client.classifications.chartOfAccounts;
    const untyped = await coa.create({ name: "Misc" });
    expect(untyped.account).toEqual({ type: "UNSPECIFIED" });
    const bank = await coa.create({ name: "Checking", account: { type: "BANK", number: "1000" } });
    expect(
      (await coa.list({ filters: 'account.type:in:"BANK,EXPENSE"' }).toArray()).map((a) => a.id),
    ).toEqual([bank.id]);
    expect((await coa.list({ sort: "account.number:desc" }).toArray()).map((a) => a.id)).toEqual([
      bank.id,
      untyped.id,
    ]);
    const badType = await rejection(coa.create({ name: "X", account: { type: "SAVINGS" as "BANK" } }));
    expect(errorParams(badType.errors[0]).paramName0).toBe("account.type");

    const items = client.classifications.items;
    const service = await items.create({
      type: "SERVICE",
      name: "Install",
      price: 120,
      chartOfAccountId: bank.id,
    });
    expect(service).toMatchObject({ price: 120, chartOfAccountId: bank.id, taxable: false });
    // A percentage only on a discount, a sales tax or another charge [DP].
    const percentage = await rejection(items.create({ type: "SERVICE", name: "X", percentage: 3 }));
    expect(errorParams(percentage.errors[0]).paramName0).toBe("percentage");
    const notAnAccount = await rejection(
      items.create({ type: "SERVICE", name: "X", expenseChartOfAccountId: "0ca01AAAAAAAAAAAAAAA" }),
    );
    expect(errorParams(notAnAccount.errors[0]).paramName0).toBe("expenseChartOfAccountId");
    expect((await items.list({ filters: "type:eq:SERVICE" }).toArray()).map((i) => i.id)).toEqual([
      service.id,
    ]);
    const missing = await rejection(items.create({ name: "No type" } as never));
    expect(missing.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([["BDC_1108", "type"]]);
  });

  it("has a bill name only its organization's unarchived classifications, on the bill and on each line", async () => {
    const c = client.classifications;
    const vendor = await client.vendors.create({ name: "Acme" });
    const account = await c.chartOfAccounts.create({ name: "Expenses", account: { type: "EXPENSE" } });
    const klass = await c.accountingClasses.create({ name: "Ops" });
    const department = await c.departments.create({ name: "Sales" });
    const location = await c.locations.create({ name: "HQ" });
    const item = await c.items.create({ type: "SERVICE", name: "Install" });
    const employee = await c.employees.create({ firstName: "James", lastName: "Milner" });
    const job = await c.jobs.create({ name: "Remodel" });
    const customer = await client.customers.create({ name: "Buyer", email: "b@example.com" });
    const classifications = {
      chartOfAccountId: account.id,
      accountingClassId: klass.id,
      departmentId: department.id,
      locationId: location.id,
      itemId: item.id,
    };
    const bill = await client.bills.create({
      vendorId: vendor.id,
      dueDate: "2026-12-31",
      invoice: { invoiceNumber: "INV-1", invoiceDate: "2026-12-01" },
      payFromChartOfAccountId: account.id,
      classifications,
      billLineItems: [
        { amount: 10, classifications: { ...classifications, employeeId: employee.id, jobId: job.id } },
        { amount: 5, classifications: { jobId: job.id, customerId: customer.id } },
      ],
    });
    expect(bill.classifications).toEqual(classifications);
    expect(bill.billLineItems[1]?.classifications).toEqual({ jobId: job.id, customerId: customer.id });
    expect(
      (
        await client.bills.list({ filters: `classifications.departmentId:eq:"${department.id}"` }).toArray()
      ).map((b) => b.id),
    ).toEqual([bill.id]);

    // Another organization's job, an archived department, a made-up location: each named.
    const foreign = await signedIn(t, await provisionAccount(t.deps));
    const theirJob = await foreign.classifications.jobs.create({ name: "Theirs" });
    await c.departments.archive(department.id);
    const refused = await rejection(
      client.bills.create({
        vendorId: vendor.id,
        dueDate: "2026-12-31",
        invoice: { invoiceNumber: "INV-2", invoiceDate: "2026-12-01" },
        classifications: { departmentId: department.id, locationId: "loc01AAAAAAAAAAAAAAA" },
        billLineItems: [
          { amount: 1 },
          { amount: 2, classifications: { jobId: theirJob.id, itemId: item.id } },
        ],
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.errors.map((e) => [e.code, errorParams(e).paramName0]).sort()).toEqual([
      ["BDC_9001", "billLineItems[1].classifications.jobId"],
      ["BDC_9001", "classifications.departmentId"],
      ["BDC_9001", "classifications.locationId"],
    ]);
    const patch = await rejection(
      client.bills.update(bill.id, { payFromChartOfAccountId: "0ca01AAAAAAAAAAAAAAA" }),
    );
    expect(patch.errors.map((e) => errorParams(e).paramName0)).toContain("payFromChartOfAccountId");
    expect(await client.bills.list().toArray()).toHaveLength(1);
  });
});
