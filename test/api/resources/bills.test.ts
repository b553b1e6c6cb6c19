/**
 * Bills through the client (docs/bill-v3-resources.md section 3): line items and computed
 * amounts, the vendor reference, PUT and PATCH of lines, bulk as a bare array, filters, roles,
 * tenants, idempotency and a dead session; SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Bill, BillClient, CreateBillRequest } from "../../../client/src/index.ts";
import { errorParams } from "../../../client/src/index.ts";
import { describeEachBackend, tableRows } from "../../helpers/backends.ts";
import {
  type Account,
  loginBody,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../../helpers/helpers.ts";
import { signedIn, signedInWithRole } from "../../helpers/provisioning-helpers.ts";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
const LINE_ID = /^bli01[0-9A-Za-z]{15}$/;

describeEachBackend("bills", (backend) => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;
  let vendorId: string;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
    vendorId = (await client.vendors.create({ name: "Happy Music Supplies" })).id;
  });
  afterEach(() => t.close());

  const example = (over: Partial<CreateBillRequest> = {}): CreateBillRequest => ({
    vendorId,
    dueDate: "2025-12-31",
    billLineItems: [
      { amount: 149, description: "USB audio interface" },
      { amount: 79.99, description: "Drum foot pedal" },
    ],
    invoice: { invoiceNumber: "202501", invoiceDate: "2025-12-31" },
    ...over,
  });

  it("creates BILL's example bill: 201, line ids, amounts from the lines, the vendor's name", async () => {
    const res = await client.rawRequest({
      method: "POST",
      path: "/v3/bills",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(example()),
    });
    expect(res.status).toBe(201);
    const bill = res.body as Bill;
    expect(bill).toEqual({
      id: expect.stringMatching(/^00n01[0-9A-Za-z]{15}$/),
      archived: false,
      vendorId,
      vendorName: "Happy Music Supplies",
      amount: 228.99,
      fundingAmount: 228.99,
      exchangeRate: 1,
      paidAmount: 0,
      dueAmount: 228.99,
      scheduledAmount: 0,
      creditAmount: 0,
      dueDate: "2025-12-31",
      invoice: { invoiceNumber: "202501", invoiceDate: "2025-12-31" },
      billLineItems: [
        { id: expect.stringMatching(LINE_ID), amount: 149, description: "USB audio interface" },
        { id: expect.stringMatching(LINE_ID), amount: 79.99, description: "Drum foot pedal" },
      ],
      paymentStatus: "UNPAID",
      approvalStatus: "UNASSIGNED",
      approvers: [],
      createdBy: admin.userId,
      createdTime: expect.stringMatching(ISO),
      updatedTime: expect.stringMatching(ISO),
    });
    expect(await client.bills.get(bill.id)).toEqual(bill);
    // The vendor's current name, not the one it had when the bill was made.
    await client.vendors.update(vendorId, { name: "Happy Music (renamed)" });
    expect((await client.bills.get(bill.id)).vendorName).toBe("Happy Music (renamed)");
    expect((await client.bills.list().toArray())[0]?.vendorName).toBe("Happy Music (renamed)");
  });

  it("multiplies quantity by price to cents, and refuses what cannot be a bill", async () => {
    const priced = await client.bills.create(example({ billLineItems: [{ quantity: 3, price: 0.335 }] }));
    expect(priced.amount).toBe(1.01);
    expect(priced.billLineItems[0]?.amount).toBe(1.01);

    const refused = async (body: unknown) => {
      const error = await rejection(client.bills.create(body as CreateBillRequest));
      expect(error.status).toBe(400);
      return error.errors.map((e) => [e.code, errorParams(e).paramName0]);
    };
    expect(await refused({})).toEqual([
      ["BDC_1108", "vendorId"],
      ["BDC_1108", "dueDate"],
      ["BDC_1108", "invoice"],
      ["BDC_1108", "billLineItems"],
    ]);
    expect(await refused(example({ invoice: { invoiceNumber: "", invoiceDate: "2025-12-31" } }))).toEqual([
      ["BDC_1108", "invoice.invoiceNumber"],
    ]);
    expect(await refused(example({ billLineItems: [{ description: "no amount" }] }))).toEqual([
      ["BDC_1108", "billLineItems[0].amount"],
    ]);
    expect(await refused(example({ dueDate: "2025-02-30", billLineItems: [{ amount: 1.005 }] }))).toEqual([
      ["BDC_9001", "dueDate"],
      ["BDC_9001", "billLineItems[0].amount"],
    ]);
    expect(await refused(example({ billLineItems: [{ amount: 10 }, { amount: -10 }] }))).toEqual([
      ["BDC_9001", "amount"],
    ]);
    expect(await refused(example({ billLineItems: [] }))).toEqual([["BDC_9001", "billLineItems"]]);
    // The vendor must be this organization's, and not archived.
    const foreign = await signedIn(t, await provisionAccount(t.deps));
    const theirs = (await foreign.vendors.create({ name: "Theirs" })).id;
    expect(await refused(example({ vendorId: theirs }))).toEqual([["BDC_9001", "vendorId"]]);
    const gone = (await client.vendors.create({ name: "Gone" })).id;
    await client.vendors.archive(gone);
    expect(await refused(example({ vendorId: gone }))).toEqual([["BDC_9001", "vendorId"]]);
    expect(await refused(example({ vendorId: "00901AAAAAAAAAAAAAAA" }))).toEqual([["BDC_9001", "vendorId"]]);
    expect((await tableRows(t.databasePath, "resources")).filter((r) => r.kind === "bills")).toHaveLength(1);
  });

  it("PUT keeps lines by id, adds lines without one, drops the rest; PATCH changes lines by id", async () => {
    const bill = await client.bills.create(example());
    const [interface_, pedal] = bill.billLineItems;
    t.clock.advance(1000);
    const replaced = await client.bills.replace(
      bill.id,
      example({
        billLineItems: [
          { amount: 29.99, description: "Premium drummer gloves" },
          { id: interface_!.id, amount: 149, description: "USB audio interface" },
        ],
      }),
    );
    expect(replaced.billLineItems.map((l) => l.description)).toEqual([
      "Premium drummer gloves",
      "USB audio interface",
    ]);
    expect(replaced.billLineItems[1]?.id).toBe(interface_!.id);
    expect(replaced.billLineItems[0]?.id).not.toBe(pedal!.id);
    expect(replaced.amount).toBe(178.99);
    expect(replaced.createdBy).toBe(admin.userId);
    expect(replaced.createdTime).toBe(bill.createdTime);

    const patched = await client.bills.update(bill.id, {
      billLineItems: [
        { id: interface_!.id, amount: 179, description: "USB audio interface (amount updated)" },
      ],
      invoice: { invoiceNumber: "202501-B" },
    });
    expect(patched.billLineItems.map((l) => [l.description, l.amount])).toEqual([
      ["Premium drummer gloves", 29.99],
      ["USB audio interface (amount updated)", 179],
    ]);
    expect(patched.invoice).toEqual({ invoiceNumber: "202501-B", invoiceDate: "2025-12-31" });
    expect(patched.dueAmount).toBe(208.99);

    for (const lines of [[{ amount: 5 }], [{ id: pedal!.id, amount: 5 }]]) {
      const error = await rejection(client.bills.update(bill.id, { billLineItems: lines }));
      expect(error.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
        ["BDC_9001", "billLineItems[0].id"],
      ]);
    }
    const foreignLine = await rejection(
      client.bills.replace(bill.id, example({ billLineItems: [{ id: pedal!.id, amount: 1 }] })),
    );
    expect(errorParams(foreignLine.errors[0]).paramName0).toBe("billLineItems[0].id");
    expect((await client.bills.get(bill.id)).amount).toBe(208.99);
  });

  it("bulk creates up to 100 as a bare array, all or nothing", async () => {
    const other = (await client.vendors.create({ name: "Other" })).id;
    const created = await client.bills.createMany([example(), example({ vendorId: other })]);
    expect(created.map((b) => b.vendorName)).toEqual(["Happy Music Supplies", "Other"]);
    const bad = await rejection(
      client.bills.createMany([example(), example({ vendorId: "00901AAAAAAAAAAAAAAA" })]),
    );
    expect(bad.errors).toEqual([
      expect.objectContaining({
        code: "BDC_9001",
        params: [
          { name: "paramName0", value: "vendorId" },
          { name: "index", value: "1" },
        ],
      }),
    ]);
    const tooMany = await rejection(client.bills.createMany(Array.from({ length: 101 }, () => example())));
    expect(errorParams(tooMany.errors[0])).toEqual({ paramName0: "body" });
    expect(await client.bills.list().toArray()).toHaveLength(2);
  });

  it("filters on vendor, due date and status, sorts by BILL's fields, refuses amount", async () => {
    const other = (await client.vendors.create({ name: "Other" })).id;
    const early = await client.bills.create(example({ dueDate: "2026-01-15" }));
    t.clock.advance(1000);
    const late = await client.bills.create(
      example({ dueDate: "2026-03-01", vendorId: other, description: "b" }),
    );
    t.clock.advance(1000);
    const mid = await client.bills.create(example({ dueDate: "2026-02-01", description: "a" }));
    const ids = (bills: Bill[]) => bills.map((b) => b.id);
    const list = (params: { filters?: string; sort?: string }) => client.bills.list(params).toArray();
    expect(ids(await list({ filters: `vendorId:eq:${other}` }))).toEqual([late.id]);
    expect(ids(await list({ filters: `vendorId:in:"${vendorId},${other}"` }))).toEqual([
      early.id,
      late.id,
      mid.id,
    ]);
    expect(ids(await list({ filters: 'dueDate:gte:"2026-02-01"' }))).toEqual([late.id, mid.id]);
    expect(ids(await list({ filters: "dueDate:lt:2026-02-01,paymentStatus:eq:UNPAID" }))).toEqual([early.id]);
    expect(ids(await list({ filters: 'paymentStatus:in:"PAID,PARTIAL"' }))).toEqual([]);
    expect(ids(await list({ sort: "dueDate:desc" }))).toEqual([late.id, mid.id, early.id]);
    expect(ids(await list({ sort: "description" }))).toEqual([early.id, mid.id, late.id]);
    for (const params of [
      { sort: "amount:desc" },
      { filters: "amount:gt:10" },
      { filters: "dueDate:eq:2026-02-01" },
    ]) {
      const error = await rejection(client.bills.listPage(params));
      expect(error.status).toBe(400);
    }
  });

  it("keeps tenants apart, follows roles, replays creates, answers a dead session 401", async () => {
    const bill = await client.bills.create(example());
    const intruder = await signedIn(t, await provisionAccount(t.deps));
    for (const attempt of [
      () => intruder.bills.get(bill.id),
      () => intruder.bills.replace(bill.id, example()),
      () => intruder.bills.update(bill.id, { description: "x" }),
      () => intruder.bills.archive(bill.id),
    ]) {
      const error = await rejection(attempt());
      expect([error.status, error.code]).toEqual([404, "BDC_9005"]);
    }
    const payer = await signedInWithRole(t, admin, "PAYER");
    expect((await payer.bills.get(bill.id)).id).toBe(bill.id);
    const refused = await rejection(payer.bills.create(example()));
    expect([refused.status, refused.code]).toEqual([403, "BDC_9004"]);

    const once = await client.bills.create(example(), { idempotencyKey: "bill-1" });
    expect(await client.bills.create(example(), { idempotencyKey: "bill-1" })).toEqual(once);
    expect(await client.bills.list().toArray()).toHaveLength(2);

    t.clock.advance(36 * 60_000);
    const dead = await rejection(client.bills.replace(bill.id, example()));
    expect([dead.status, dead.code]).toEqual([401, "BDC_1109"]);
    await client.sessions.login(loginBody(admin));
    expect((await client.bills.archive(bill.id)).archived).toBe(true);
  });

  it("refuses a PATCH that clears what a bill needs, and still reads the bill afterwards", async () => {
    const bill = await client.bills.create(example({ description: "keep me?" }));
    for (const [patch, path] of [
      [{ invoice: null }, "invoice"],
      [{ invoice: { invoiceNumber: null } }, "invoice.invoiceNumber"],
      [{ billLineItems: null }, "billLineItems"],
      [{ vendorId: null }, "vendorId"],
      [{ dueDate: null }, "dueDate"],
    ] as const) {
      const error = await rejection(client.bills.update(bill.id, patch as never));
      expect(
        error.errors.map((e) => [e.code, errorParams(e).paramName0]),
        path,
      ).toEqual([["BDC_1108", path]]);
    }
    // An optional field is cleared by null.
    const cleared = await client.bills.update(bill.id, { description: null as unknown as string });
    expect(cleared.description).toBeUndefined();
    expect(await client.bills.update(bill.id, {})).toEqual(cleared);
  });
});
