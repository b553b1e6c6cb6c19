/**
 * Vendor credits through the client (docs/bill-v3-resources.md section 9): lines and the
 * computed amount, PUT and PATCH of lines, bulk, filters and sorts, archive for good (no
 * restore), applying a credit to a bill through a payment (the bill's creditAmount and
 * dueAmount follow; never beyond what remains, never another vendor's), roles, tenants,
 * idempotency and a dead session; SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { BillClient, CreateVendorCreditRequest, VendorCredit } from "../../../client/src/index.ts";
import { errorParams } from "../../../client/src/index.ts";
import { describeEachBackend } from "../../helpers/backends.ts";
import {
  type Account,
  loginBody,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../../helpers/helpers.ts";
import { signedIn, signedInWithRole } from "../../helpers/provisioning-helpers.ts";
import { bankAccountOf } from "../../helpers/resource-helpers.ts";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
const LINE_ID = /^vcl01[0-9A-Za-z]{15}$/;

describeEachBackend("vendor credits", (backend) => {
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

  // BILL's example [PM: "Create a vendor credit"; DP Vendor credits guide].
  const example = (over: Partial<CreateVendorCreditRequest> = {}): CreateVendorCreditRequest => ({
    vendorId,
    referenceNumber: "202602-vendorcredit",
    creditDate: "2026-12-28",
    vendorCreditLineItems: [
      { description: "Classic extreme drum sticks", amount: 14.99 },
      { description: "Metal guitar picks (5-pack)", amount: 50 },
    ],
    description: "Happy Vendor Credit",
    ...over,
  });

  it("creates BILL's example: 201, line ids, the amount from the lines, NOT_APPLIED", async () => {
    const res = await client.rawRequest({
      method: "POST",
      path: "/v3/vendor-credits",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(example()),
    });
    expect(res.status).toBe(201);
    const credit = res.body as VendorCredit;
    expect(credit).toEqual({
      id: expect.stringMatching(/^vcr01[0-9A-Za-z]{15}$/),
      vendorId,
      referenceNumber: "202602-vendorcredit",
      creditDate: "2026-12-28",
      description: "Happy Vendor Credit",
      archived: false,
      amount: 64.99,
      appliedAmount: 0,
      status: "NOT_APPLIED",
      createdTime: expect.stringMatching(ISO),
      updatedTime: expect.stringMatching(ISO),
      vendorCreditLineItems: [
        { id: expect.stringMatching(LINE_ID), description: "Classic extreme drum sticks", amount: 14.99 },
        { id: expect.stringMatching(LINE_ID), description: "Metal guitar picks (5-pack)", amount: 50 },
      ],
    });
    expect(await client.vendorCredits.get(credit.id)).toEqual(credit);

    const refused = async (body: unknown) => {
      const error = await rejection(client.vendorCredits.create(body as CreateVendorCreditRequest));
      expect(error.status).toBe(400);
      return error.errors.map((e) => [e.code, errorParams(e).paramName0]);
    };
    expect(await refused({})).toEqual([
      ["BDC_1108", "vendorId"],
      ["BDC_1108", "referenceNumber"],
      ["BDC_1108", "creditDate"],
      ["BDC_1108", "vendorCreditLineItems"],
    ]);
    expect(await refused(example({ creditDate: "2026-02-30" }))).toEqual([["BDC_9001", "creditDate"]]);
    expect(await refused(example({ vendorCreditLineItems: [{ amount: 1.001 }] }))).toEqual([
      ["BDC_9001", "vendorCreditLineItems[0].amount"],
    ]);
    expect(await refused(example({ vendorCreditLineItems: [{ amount: 5 }, { amount: -5 }] }))).toEqual([
      ["BDC_9001", "amount"],
    ]);
    const gone = (await client.vendors.create({ name: "Gone" })).id;
    await client.vendors.archive(gone);
    expect(await refused(example({ vendorId: gone }))).toEqual([["BDC_9001", "vendorId"]]);
  });

  it("PUT keeps lines by id and adds new ones; PATCH changes lines by id; lists filter and sort", async () => {
    const credit = await client.vendorCredits.create(example());
    const [sticks, picks] = credit.vendorCreditLineItems;
    t.clock.advance(1000);
    // BILL's replace example [PM: "Replace a vendor credit"].
    const replaced = await client.vendorCredits.replace(
      credit.id,
      example({
        description: "Happy Vendor Credit (line item added)",
        vendorCreditLineItems: [
          { description: "Premium drummer gloves", amount: 29.99 },
          { id: sticks!.id, description: "Classic extreme drum sticks", amount: 19.99 },
          { id: picks!.id, description: "Metal guitar picks (5-pack)", amount: 50 },
        ],
      }),
    );
    expect(replaced.amount).toBe(99.98);
    expect(replaced.vendorCreditLineItems.map((l) => l.id).slice(1)).toEqual([sticks!.id, picks!.id]);
    const patched = await client.vendorCredits.update(credit.id, {
      description: "Happy Vendor Credit (amount updated)",
      vendorCreditLineItems: [{ id: sticks!.id, amount: 9.99 }],
    });
    expect([patched.amount, patched.vendorCreditLineItems[1]?.description]).toEqual([
      89.98,
      "Classic extreme drum sticks",
    ]);
    const badLine = await rejection(
      client.vendorCredits.update(credit.id, { vendorCreditLineItems: [{ amount: 1 }] }),
    );
    expect(errorParams(badLine.errors[0]).paramName0).toBe("vendorCreditLineItems[0].id");

    const other = await client.vendorCredits.create(
      example({ referenceNumber: "B-1", creditDate: "2026-11-01" }),
    );
    expect((await client.vendorCredits.list({ sort: "creditDate:asc" }).toArray()).map((c) => c.id)).toEqual([
      other.id,
      credit.id,
    ]);
    expect(
      (await client.vendorCredits.list({ filters: 'referenceNumber:sw:"B-"' }).toArray()).map((c) => c.id),
    ).toEqual([other.id]);
    expect(await client.vendorCredits.list({ filters: "status:eq:FULLY_APPLIED" }).toArray()).toEqual([]);
    const badSort = await rejection(client.vendorCredits.listPage({ sort: "referenceNumber:asc" }));
    expect([badSort.status, badSort.code]).toEqual([400, "BDC_9001"]);
  });

  it("bulk creates up to 50 as { vendorCredits }, all or nothing; archives for good", async () => {
    const { vendorCredits } = await client.vendorCredits.createMany([
      example(),
      example({ referenceNumber: "2" }),
    ]);
    expect(vendorCredits.map((c) => c.referenceNumber)).toEqual(["202602-vendorcredit", "2"]);
    const failed = await rejection(
      client.vendorCredits.createMany([example(), example({ creditDate: "bad" })]),
    );
    expect(failed.errors.map((e) => [errorParams(e).paramName0, errorParams(e).index])).toEqual([
      ["creditDate", "1"],
    ]);
    expect(await client.vendorCredits.list().toArray()).toHaveLength(2);
    const tooMany = await rejection(
      client.vendorCredits.createMany(Array.from({ length: 51 }, () => example())),
    );
    expect(errorParams(tooMany.errors[0]).paramName0).toBe("body");

    const ids = vendorCredits.map((c) => c.id);
    const { vendorCredits: patched } = await client.vendorCredits.updateMany(
      ids.map((id) => ({ id, description: "bulk" })),
    );
    expect(patched.map((c) => c.description)).toEqual(["bulk", "bulk"]);
    const { vendorCredits: replaced } = await client.vendorCredits.replaceMany(
      ids.map((id) => ({ id, ...example({ referenceNumber: `R-${id}` }) })),
    );
    expect(replaced.map((c) => c.referenceNumber)).toEqual(ids.map((id) => `R-${id}`));

    const archived = await client.vendorCredits.archive(ids[0]!);
    expect(archived.archived).toBe(true);
    // [PM: "An archived vendor credit cannot be restored."]
    for (const path of [
      `/v3/vendor-credits/${ids[0]}/restore`,
      `/v3/vendor-credits/bulk/restore?ids=${ids[0]}`,
    ]) {
      const res = await client.rawRequest({ method: "POST", path, auth: true });
      expect(res.status).toBe(404);
    }
    const { vendorCredits: many } = await client.vendorCredits.archiveMany([ids[1]!]);
    expect(many.map((c) => [c.id, c.archived])).toEqual([[ids[1], true]]);
    expect((await client.vendorCredits.get(ids[0]!)).archived).toBe(true);
    // No bulk restore either: no route, and the client offers none.
    // @ts-expect-error restoreMany is not a method of client.vendorCredits
    expect(client.vendorCredits.restoreMany).toBeTypeOf("function");
    const restored = await client.rawRequest({
      method: "POST",
      path: `/v3/vendor-credits/bulk/restore?ids=${ids[0]}`,
      auth: true,
    });
    expect(restored.status).toBe(404);
  });

  it("applies to a bill through a payment, never beyond what remains nor to another vendor's bill", async () => {
    const bankId = await bankAccountOf(client);
    const billOf = async (vendor: string, amount: number) =>
      (
        await client.bills.create({
          vendorId: vendor,
          dueDate: "2026-12-31",
          billLineItems: [{ amount }],
          invoice: { invoiceNumber: `i-${Math.random()}`, invoiceDate: "2026-11-29" },
        })
      ).id;
    const billId = await billOf(vendorId, 228.99);
    const credit = await client.vendorCredits.create(example());
    const pay = (amount: number, credits: { id: string; amount: number }[], bill = billId) =>
      client.payments.create({
        billId: bill,
        processDate: "2026-12-01",
        fundingAccount: { type: "BANK_ACCOUNT", id: bankId },
        amount,
        vendorCredits: credits,
      });

    const payment = await pay(100, [{ id: credit.id, amount: 50 }]);
    expect(payment.billPayments[0]?.vendorCredits).toEqual([{ id: credit.id, amount: 50 }]);
    const bill = await client.bills.get(billId);
    expect([bill.creditAmount, bill.scheduledAmount, bill.dueAmount, bill.paymentStatus]).toEqual([
      50,
      100,
      178.99,
      "SCHEDULED",
    ]);
    const applied = await client.vendorCredits.get(credit.id);
    expect([applied.appliedAmount, applied.status]).toEqual([50, "PARTIALLY_APPLIED"]);

    // 14.99 remains of the credit; the bill has 78.99 open.
    const beyond = await rejection(pay(1, [{ id: credit.id, amount: 15 }]));
    expect(beyond.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
      ["BDC_9001", "vendorCredits[0].amount"],
    ]);
    const overBill = await rejection(pay(78.99, [{ id: credit.id, amount: 0.01 }]));
    expect(overBill.errors.map((e) => errorParams(e).paramName0)).toEqual(["amount"]);
    // Another vendor's bill; an archived credit; another organization's credit.
    const otherVendor = (await client.vendors.create({ name: "Other" })).id;
    const otherBill = await billOf(otherVendor, 10);
    const wrong = await rejection(pay(1, [{ id: credit.id, amount: 1 }], otherBill));
    expect(wrong.errors.map((e) => errorParams(e).paramName0)).toEqual(["vendorCredits[0].id"]);
    const foreign = await signedIn(t, await provisionAccount(t.deps));
    const theirVendor = (await foreign.vendors.create({ name: "Theirs" })).id;
    const theirs = await foreign.vendorCredits.create(example({ vendorId: theirVendor }));
    const stolen = await rejection(pay(1, [{ id: theirs.id, amount: 1 }]));
    expect(stolen.errors.map((e) => errorParams(e).paramName0)).toEqual(["vendorCredits[0].id"]);

    const full = await pay(1, [{ id: credit.id, amount: 14.99 }]);
    expect((await client.vendorCredits.get(credit.id)).status).toBe("FULLY_APPLIED");
    // A credit's amount cannot drop below what is applied.
    const shrink = await rejection(
      client.vendorCredits.update(credit.id, {
        vendorCreditLineItems: [{ id: credit.vendorCreditLineItems[1]!.id, amount: 10 }],
      }),
    );
    expect(shrink.errors.map((e) => errorParams(e).paramName0)).toEqual(["amount"]);

    // Canceling the payments gives the credit and the bill back.
    await client.payments.cancel(payment.id);
    await client.payments.cancel(full.id);
    const released = await client.vendorCredits.get(credit.id);
    expect([released.appliedAmount, released.status]).toEqual([0, "NOT_APPLIED"]);
    const open = await client.bills.get(billId);
    expect([open.creditAmount, open.dueAmount, open.paymentStatus]).toEqual([0, 228.99, "UNPAID"]);

    // Recorded payments apply credits too [DP changelog: record-payment vendorCredits].
    await client.bills.recordPayment({
      vendorId,
      processDate: "2026-11-20",
      toPrintCheck: false,
      payments: [{ billId, amount: 164, vendorCredits: [{ id: credit.id, amount: 64.99 }] }],
    });
    const settled = await client.bills.get(billId);
    expect([settled.paidAmount, settled.creditAmount, settled.dueAmount, settled.paymentStatus]).toEqual([
      164,
      64.99,
      0,
      "PAID",
    ]);
  });

  it("keeps tenants apart, follows roles, replays creates, answers a dead session 401", async () => {
    const credit = await client.vendorCredits.create(example());
    const intruder = await signedIn(t, await provisionAccount(t.deps));
    for (const attempt of [
      () => intruder.vendorCredits.get(credit.id),
      () => intruder.vendorCredits.replace(credit.id, example()),
      () => intruder.vendorCredits.update(credit.id, { description: "x" }),
      () => intruder.vendorCredits.archive(credit.id),
    ]) {
      const error = await rejection(attempt());
      expect([error.status, error.code]).toEqual([404, "BDC_9005"]);
    }
    expect(await intruder.vendorCredits.list().toArray()).toEqual([]);
    const auditor = await signedInWithRole(t, admin, "AUDITOR");
    expect((await auditor.vendorCredits.get(credit.id)).id).toBe(credit.id);
    for (const role of ["AUDITOR", "PAYER", "APPROVER"] as const) {
      const reader = await signedInWithRole(t, admin, role);
      const refused = await rejection(reader.vendorCredits.create(example()));
      expect([role, refused.status, refused.code]).toEqual([role, 403, "BDC_9004"]);
    }
    const clerk = await signedInWithRole(t, admin, "CLERK");
    expect((await clerk.vendorCredits.create(example())).vendorId).toBe(vendorId);

    const once = await client.vendorCredits.create(example(), { idempotencyKey: "vc-1" });
    expect(await client.vendorCredits.create(example(), { idempotencyKey: "vc-1" })).toEqual(once);
    expect(await client.vendorCredits.list().toArray()).toHaveLength(3);

    t.clock.advance(36 * 60_000);
    const dead = await rejection(client.vendorCredits.update(credit.id, { description: "late" }));
    expect([dead.status, dead.code]).toEqual([401, "BDC_1109"]);
    await client.sessions.login(loginBody(admin));
    expect((await client.vendorCredits.get(credit.id)).description).toBe("Happy Vendor Credit");
  });
});
