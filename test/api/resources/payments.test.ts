/**
 * Payments through the client (docs/bill-v3-resources.md section 9): a payment draws on a
 * verified bank account for an approved bill's open amount; its status is SCHEDULED until its
 * processDate arrives by the injected clock, then PAID, and the bill's amounts follow; cancel,
 * void, bulk, record-payment, payment options, roles, tenants, idempotency, a dead session,
 * and concurrent payments that cannot overdraw a bill; SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { BillClient, CreatePaymentRequest, Payment } from "../../../client/src/index.ts";
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
import { bankAccountOf } from "../../helpers/resource-helpers.ts";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
// The test clock starts on Sunday 2026-11-29 10:00 UTC.
const TODAY = "2026-11-29";

describeEachBackend("payments", (backend) => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;
  let vendorId: string;
  let billId: string;
  let bankId: string;

  const newBill = async (amount = 228.99, vendor = vendorId) =>
    (
      await client.bills.create({
        vendorId: vendor,
        dueDate: "2026-12-31",
        billLineItems: [{ amount }],
        invoice: { invoiceNumber: `inv-${Math.random()}`, invoiceDate: TODAY },
      })
    ).id;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
    vendorId = (await client.vendors.create({ name: "Happy Music Supplies" })).id;
    billId = await newBill();
    bankId = await bankAccountOf(client);
  });
  afterEach(() => t.close());

  const pay = (over: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest => ({
    vendorId,
    billId,
    processDate: "2026-12-01",
    fundingAccount: { type: "BANK_ACCOUNT", id: bankId },
    amount: 100,
    processingOptions: { requestPayFaster: false, createBill: false },
    ...over,
  });
  const relogin = () => client.sessions.login(loginBody(admin));

  it("schedules a payment, then pays it when its processDate arrives; the bill follows", async () => {
    const res = await client.rawRequest({
      method: "POST",
      path: "/v3/payments",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(pay()),
    });
    expect(res.status).toBe(201);
    const payment = res.body as Payment;
    expect(payment).toEqual({
      id: expect.stringMatching(/^stp01[0-9A-Za-z]{15}$/),
      vendorId,
      vendorName: "Happy Music Supplies",
      billId,
      billPayments: [{ id: expect.stringMatching(/^blp01[0-9A-Za-z]{15}$/), billId, amount: 100 }],
      processDate: "2026-12-01",
      amount: 100,
      fundingAccount: { type: "BANK_ACCOUNT", id: bankId },
      processingOptions: { requestPayFaster: false, createBill: false },
      status: "SCHEDULED",
      singleStatus: "SCHEDULED",
      exchangeRate: 1,
      fundingAmount: 100,
      onlinePayment: true,
      disbursementType: "CHECK",
      createdBy: admin.userId,
      createdTime: expect.stringMatching(ISO),
      updatedTime: expect.stringMatching(ISO),
    });
    expect(await client.payments.get(payment.id)).toEqual(payment);
    const scheduled = await client.bills.get(billId);
    expect([
      scheduled.paidAmount,
      scheduled.scheduledAmount,
      scheduled.dueAmount,
      scheduled.paymentStatus,
    ]).toEqual([0, 100, 228.99, "SCHEDULED"]);
    expect(
      (await client.payments.list({ filters: "status:eq:SCHEDULED" }).toArray()).map((p) => p.id),
    ).toEqual([payment.id]);

    // One millisecond before 2026-12-01 00:00 UTC it is still scheduled; at that instant it is paid.
    t.clock.set(Date.parse("2026-11-30T23:59:59.999Z"));
    await relogin();
    expect((await client.payments.get(payment.id)).status).toBe("SCHEDULED");
    t.clock.advance(1);
    const paid = await client.payments.get(payment.id);
    expect([paid.status, paid.singleStatus, paid.updatedTime]).toEqual([
      "PAID",
      "CLEARED",
      payment.updatedTime,
    ]);
    const partial = await client.bills.get(billId);
    expect([partial.paidAmount, partial.scheduledAmount, partial.dueAmount, partial.paymentStatus]).toEqual([
      100,
      0,
      128.99,
      "PARTIAL",
    ]);
    expect(await client.payments.list({ filters: "status:eq:SCHEDULED" }).toArray()).toEqual([]);

    // The rest, today: paid at once.
    const rest = await client.payments.create(pay({ processDate: "2026-12-01", amount: 128.99 }));
    expect(rest.status).toBe("PAID");
    const done = await client.bills.get(billId);
    expect([done.paidAmount, done.dueAmount, done.paymentStatus]).toEqual([228.99, 0, "PAID"]);
    // Lists sort by BILL's fields and filter on amount and process date.
    expect((await client.payments.list({ sort: "amount:desc" }).toArray()).map((p) => p.amount)).toEqual([
      128.99, 100,
    ]);
    expect((await client.payments.list({ filters: "amount:gt:100" }).toArray()).map((p) => p.id)).toEqual([
      rest.id,
    ]);
    expect(await client.payments.list({ filters: `billId:eq:${billId}` }).toArray()).toHaveLength(2);
  });

  it("refuses a bill change that would bring its amount below what is paid and scheduled", async () => {
    await client.payments.create(pay({ amount: 200 }));
    const bill = await client.bills.get(billId);
    const line = bill.billLineItems[0]!.id;
    const low = await rejection(
      client.bills.update(billId, { billLineItems: [{ id: line, amount: 199.99 }] }),
    );
    expect([low.status, low.code, errorParams(low.errors[0]).paramName0]).toEqual([
      400,
      "BDC_9001",
      "amount",
    ]);
    expect(
      (await client.bills.update(billId, { billLineItems: [{ id: line, amount: 200 }] })).dueAmount,
    ).toBe(200);
  });

  it("defaults processDate to the next business day and vendorId to the bill's", async () => {
    const { vendorId: _omit, processDate: _none, ...body } = pay();
    const payment = await client.payments.create(body);
    // Sunday 2026-11-29 → Monday 2026-11-30.
    expect([payment.processDate, payment.vendorId, payment.status]).toEqual([
      "2026-11-30",
      vendorId,
      "SCHEDULED",
    ]);
  });

  it("cancel gives a scheduled payment's amount back to the bill; void a paid one's", async () => {
    const scheduled = await client.payments.create(pay({ amount: 228.99 }));
    expect((await client.bills.get(billId)).scheduledAmount).toBe(228.99);
    // Nothing left to pay while it is scheduled.
    const over = await rejection(client.payments.create(pay({ amount: 0.01 })));
    expect([over.status, over.code, errorParams(over.errors[0]).paramName0]).toEqual([
      400,
      "BDC_9001",
      "amount",
    ]);
    t.clock.advance(1000);
    const canceled = await client.payments.cancel(scheduled.id);
    expect([canceled.status, canceled.singleStatus]).toEqual(["CANCELLED", undefined]);
    expect(canceled.updatedTime).not.toBe(scheduled.updatedTime);
    // Twice answers it as it is; a canceled payment is not voided.
    expect(await client.payments.cancel(scheduled.id)).toEqual(canceled);
    const notVoid = await rejection(client.payments.void(scheduled.id));
    expect([notVoid.status, notVoid.code, errorParams(notVoid.errors[0]).paramName0]).toEqual([
      400,
      "BDC_9001",
      "status",
    ]);
    const open = await client.bills.get(billId);
    expect([open.scheduledAmount, open.dueAmount, open.paymentStatus]).toEqual([0, 228.99, "UNPAID"]);

    const today = await client.payments.create(pay({ processDate: TODAY, amount: 28.99 }));
    expect(today.status).toBe("PAID");
    const late = await rejection(client.payments.cancel(today.id));
    expect([late.status, late.code]).toEqual([400, "BDC_9001"]);
    expect((await client.bills.get(billId)).paidAmount).toBe(28.99);
    const voided = await client.payments.void(today.id, { reason: "Wrong amount", type: "VOID_ONLY" });
    expect(voided.status).toBe("VOID");
    expect(voided.voidInfo).toEqual([
      {
        requestedBy: admin.userId,
        type: "VOID_ONLY",
        status: "ACCEPTED",
        reason: "Wrong amount",
        createdTime: expect.stringMatching(ISO),
        updatedTime: expect.stringMatching(ISO),
      },
    ]);
    expect(await client.payments.void(today.id)).toEqual(voided);
    const back = await client.bills.get(billId);
    expect([back.paidAmount, back.dueAmount, back.paymentStatus]).toEqual([0, 228.99, "UNPAID"]);
    // A scheduled payment is canceled, not voided.
    const next = await client.payments.create(pay());
    expect((await rejection(client.payments.void(next.id))).code).toBe("BDC_9001");
  });

  it("refuses what cannot be paid, naming the field, and stores nothing", async () => {
    const refused = async (body: unknown) => {
      const error = await rejection(client.payments.create(body as CreatePaymentRequest));
      expect(error.status).toBe(400);
      return error.errors.map((e) => [e.code, errorParams(e).paramName0]);
    };
    expect(await refused({})).toEqual([
      ["BDC_1108", "billId"],
      ["BDC_1108", "fundingAccount"],
      ["BDC_1108", "amount"],
    ]);
    expect(await refused(pay({ amount: 228.991 }))).toEqual([["BDC_9001", "amount"]]);
    expect(await refused(pay({ amount: 0 }))).toEqual([["BDC_9001", "amount"]]);
    expect(await refused(pay({ amount: 229 }))).toEqual([["BDC_9001", "amount"]]);
    expect(await refused(pay({ processDate: "2026-11-28" }))).toEqual([["BDC_9001", "processDate"]]);
    expect(await refused(pay({ processDate: "2026-02-30" }))).toEqual([["BDC_9001", "processDate"]]);
    expect(await refused(pay({ fundingAccount: { type: "WALLET" } }))).toEqual([
      ["BDC_9001", "fundingAccount.type"],
    ]);
    expect(await refused(pay({ fundingAccount: { type: "BANK_ACCOUNT" } }))).toEqual([
      ["BDC_1108", "fundingAccount.id"],
    ]);
    expect(await refused(pay({ processingOptions: { createBill: true } }))).toEqual([
      ["BDC_9001", "processingOptions.createBill"],
    ]);
    // Bank accounts: unverified, archived, another organization's, not an id.
    const unverified = await bankAccountOf(client, { verified: false });
    const archived = await bankAccountOf(client, { archived: true });
    const other = await provisionAccount(t.deps);
    const theirs = await bankAccountOf(await signedIn(t, other));
    for (const id of [unverified, archived, theirs, "nope"]) {
      expect(await refused(pay({ fundingAccount: { type: "BANK_ACCOUNT", id } }))).toEqual([
        ["BDC_9001", "fundingAccount.id"],
      ]);
    }
    // Bills: another vendor's, archived, another organization's.
    const otherVendor = (await client.vendors.create({ name: "Other" })).id;
    expect(await refused(pay({ vendorId: otherVendor }))).toEqual([["BDC_9001", "vendorId"]]);
    const gone = await newBill();
    await client.bills.archive(gone);
    expect(await refused(pay({ billId: gone }))).toEqual([["BDC_9001", "billId"]]);
    const foreign = await signedIn(t, other);
    const foreignVendor = (await foreign.vendors.create({ name: "Theirs" })).id;
    const foreignBill = (
      await foreign.bills.create({
        vendorId: foreignVendor,
        dueDate: "2026-12-31",
        billLineItems: [{ amount: 5 }],
        invoice: { invoiceNumber: "1", invoiceDate: TODAY },
      })
    ).id;
    expect(await refused(pay({ billId: foreignBill }))).toEqual([["BDC_9001", "billId"]]);
    expect((await tableRows(t.databasePath, "resources")).filter((r) => r.kind === "payments")).toHaveLength(
      0,
    );
  });

  it("pays many bills at once, all or nothing, and never beyond a bill's due", async () => {
    const second = await newBill(142);
    const bulk = (payments: { billId: string; amount: number }[]) => ({
      processDate: "2026-12-16",
      fundingAccount: { type: "BANK_ACCOUNT" as const, id: bankId },
      payments,
    });
    const failed = await rejection(
      client.payments.createMany(
        bulk([
          { billId, amount: 228.99 },
          { billId: second, amount: 142.01 },
        ]),
      ),
    );
    expect(failed.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
      ["BDC_9001", "payments[1].amount"],
    ]);
    // Two lines on one bill count together.
    const twice = await rejection(
      client.payments.createMany(
        bulk([
          { billId, amount: 200 },
          { billId, amount: 28.999 },
        ]),
      ),
    );
    expect(twice.errors.map((e) => errorParams(e).paramName0)).toEqual(["payments[1].amount"]);
    const over = await rejection(
      client.payments.createMany(
        bulk([
          { billId, amount: 200 },
          { billId, amount: 29 },
        ]),
      ),
    );
    expect(over.errors.map((e) => errorParams(e).paramName0)).toEqual(["payments[1].amount"]);
    expect(await client.payments.list().toArray()).toEqual([]);

    const { payments } = await client.payments.createMany(
      bulk([
        { billId, amount: 228.99 },
        { billId: second, amount: 142 },
      ]),
    );
    expect(payments.map((p) => [p.billId, p.amount, p.status])).toEqual([
      [billId, 228.99, "SCHEDULED"],
      [second, 142, "SCHEDULED"],
    ]);
    expect(await client.bills.list({ filters: "paymentStatus:eq:SCHEDULED" }).toArray()).toHaveLength(2);
  });

  it("records a payment made outside BILL: PAID at once, no funding account", async () => {
    const second = await newBill(30);
    const recorded = await client.bills.recordPayment({
      vendorId,
      processDate: "2026-11-20",
      toPrintCheck: false,
      payments: [
        { billId, amount: 70 },
        { billId: second, amount: 30 },
      ],
    });
    expect(recorded).toMatchObject({
      vendorId,
      billId,
      amount: 100,
      processDate: "2026-11-20",
      status: "PAID",
      onlinePayment: false,
      disbursementType: "OFFLINE",
      toPrintCheck: false,
    });
    expect(recorded.fundingAccount).toBeUndefined();
    expect(recorded.billPayments.map((b) => [b.billId, b.amount])).toEqual([
      [billId, 70],
      [second, 30],
    ]);
    const [first, other] = [await client.bills.get(billId), await client.bills.get(second)];
    expect([first.paidAmount, first.dueAmount, first.paymentStatus]).toEqual([70, 158.99, "PARTIAL"]);
    expect([other.dueAmount, other.paymentStatus]).toEqual([0, "PAID"]);
    expect(
      (await client.payments.list({ filters: "onlinePayment:eq:false" }).toArray()).map((p) => p.id),
    ).toEqual([recorded.id]);
    const too = await rejection(
      client.bills.recordPayment({
        vendorId,
        processDate: TODAY,
        toPrintCheck: false,
        payments: [{ billId: second, amount: 1 }],
      }),
    );
    expect(too.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
      ["BDC_9001", "payments[0].amount"],
    ]);
    // Voiding it opens the bills again.
    await client.payments.void(recorded.id);
    expect((await client.bills.get(second)).dueAmount).toBe(30);
  });

  it("answers the vendor's payment options: the organization's bank accounts", async () => {
    t.clock.advance(1);
    const unverified = await bankAccountOf(client, { verified: false });
    const options = await client.payments.options({ vendorId, amount: 100 });
    expect(options).toEqual({
      amount: 100,
      vendorId,
      fundingOptions: {
        banks: [
          {
            available: true,
            processDate: TODAY,
            deliveryDate: "2026-12-04",
            conditions: [],
            id: bankId,
            name: "Test Bank",
            fee: 0,
          },
          expect.objectContaining({ available: false, id: unverified, reason: expect.any(String) }),
        ],
        cards: [],
      },
    });
    const bad = await client.rawRequest({
      method: "GET",
      path: `/v3/payments/options?vendorId=${vendorId}&amount=-1`,
      auth: true,
    });
    expect(bad.status).toBe(400);
    const none = await client.rawRequest({ method: "GET", path: "/v3/payments/options", auth: true });
    expect([none.status, (none.body as { code: string }[]).map((e) => e.code)]).toEqual([
      400,
      ["BDC_1108", "BDC_1108"],
    ]);
  });

  it("lets administrators and payers pay; clerks, accountants, approvers and auditors read", async () => {
    const payer = await signedInWithRole(t, admin, "PAYER");
    const paid = await payer.payments.create(pay({ amount: 10 }));
    expect(paid.createdBy).not.toBe(admin.userId);
    expect((await payer.payments.cancel(paid.id)).status).toBe("CANCELLED");
    for (const role of ["CLERK", "ACCOUNTANT", "APPROVER", "AUDITOR"] as const) {
      const other = await signedInWithRole(t, admin, role);
      expect((await other.payments.get(paid.id)).id).toBe(paid.id);
      for (const attempt of [
        () => other.payments.create(pay({ amount: 1 })),
        () => other.payments.cancel(paid.id),
        () =>
          other.bills.recordPayment({
            vendorId,
            processDate: TODAY,
            toPrintCheck: false,
            payments: [{ billId, amount: 1 }],
          }),
      ]) {
        const error = await rejection(attempt());
        expect([role, error.status, error.code]).toEqual([role, 403, "BDC_9004"]);
      }
    }
  });

  it("keeps tenants apart, replays creates, answers a dead session 401", async () => {
    const payment = await client.payments.create(pay());
    const intruder = await signedIn(t, await provisionAccount(t.deps));
    for (const attempt of [
      () => intruder.payments.get(payment.id),
      () => intruder.payments.cancel(payment.id),
      () => intruder.payments.void(payment.id),
    ]) {
      const error = await rejection(attempt());
      expect([error.status, error.code]).toEqual([404, "BDC_9005"]);
    }
    expect(await intruder.payments.list().toArray()).toEqual([]);
    expect((await rejection(intruder.payments.options({ vendorId, amount: 1 }))).code).toBe("BDC_9001");

    const once = await client.payments.create(pay({ amount: 5 }), { idempotencyKey: "pay-1" });
    expect(await client.payments.create(pay({ amount: 5 }), { idempotencyKey: "pay-1" })).toEqual(once);
    expect(await client.payments.list().toArray()).toHaveLength(2);
    expect((await client.bills.get(billId)).scheduledAmount).toBe(105);

    t.clock.advance(36 * 60_000);
    const dead = await rejection(client.payments.create(pay({ amount: 1 })));
    expect([dead.status, dead.code]).toEqual([401, "BDC_1109"]);
    const deadList = await rejection(client.payments.listPage());
    expect(deadList.code).toBe("BDC_1109");
  });

  it("concurrent payments cannot overdraw a bill's due amount", async () => {
    // 228.99 due: of five payments of 100 at once, exactly two land.
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => client.payments.create(pay({ amount: 100 }))),
    );
    const landed = results.filter((r) => r.status === "fulfilled");
    expect(landed).toHaveLength(2);
    const bill = await client.bills.get(billId);
    expect([bill.scheduledAmount, bill.dueAmount]).toEqual([200, 228.99]);
    expect((await tableRows(t.databasePath, "resources")).filter((r) => r.kind === "payments")).toHaveLength(
      2,
    );
  });
});
