/**
 * Credit memos through the client (docs/bill-v3-resources.md section 11.6): BILL's example and
 * its amounts, the lifecycle, bulk create, credit applied to invoices through `creditAmount`
 * (due, status, applied amount, usage, the customer's balance), what may not change once
 * applied, roles, tenants, idempotency and a dead session; SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { BillClient, CreateCreditMemoRequest, CreditMemo } from "../../../client/src/index.ts";
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

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

describeEachBackend("credit memos", (backend) => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;
  let customerId: string;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
    customerId = (await client.customers.create({ name: "Paperless Band", email: "ap@paperless.example" }))
      .id;
  });
  afterEach(() => t.close());

  /** BILL's example [PM: "Create a credit memo"]: 29.98 + 50 − 10% = 71.98. */
  const example = (over: Partial<CreateCreditMemoRequest> = {}): CreateCreditMemoRequest => ({
    customerId,
    referenceNumber: "202502-creditmemo",
    creditDate: "2025-12-28",
    creditMemoLineItems: [
      { description: "Classic extreme drum sticks", price: 14.99, quantity: 2 },
      { description: "Metal guitar picks (5-pack)", price: 50, quantity: 1 },
      { description: "10% discount", ratePercent: -10 },
    ],
    description: "Paperless Credit Memo",
    ...over,
  });
  const invoice = (creditAmount?: number) =>
    client.invoices.create({
      customer: { id: customerId },
      invoiceLineItems: [{ amount: 100, description: "Show" }],
      ...(creditAmount === undefined ? {} : { creditAmount }),
    });

  it("creates BILL's example credit memo (201) and reads, replaces, patches, archives and restores it", async () => {
    const res = await client.rawRequest({
      method: "POST",
      path: "/v3/credit-memos",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(example()),
    });
    expect(res.status).toBe(201);
    const memo = res.body as CreditMemo;
    expect(memo).toEqual({
      id: expect.stringMatching(/^ccr01[0-9A-Za-z]{15}$/),
      archived: false,
      customerId,
      referenceNumber: "202502-creditmemo",
      creditDate: "2025-12-28",
      description: "Paperless Credit Memo",
      amount: 71.98,
      appliedAmount: 0,
      status: "NOT_APPLIED",
      creditMemoLineItems: [
        {
          id: expect.stringMatching(/^cli01/),
          description: "Classic extreme drum sticks",
          price: 14.99,
          quantity: 2,
          amount: 29.98,
          taxable: false,
        },
        {
          id: expect.stringMatching(/^cli01/),
          description: "Metal guitar picks (5-pack)",
          price: 50,
          quantity: 1,
          amount: 50,
          taxable: false,
        },
        {
          id: expect.stringMatching(/^cli01/),
          description: "10% discount",
          amount: -8,
          ratePercent: -10,
          taxable: false,
        },
      ],
      usage: [],
      createdBy: admin.userId,
      createdTime: expect.stringMatching(ISO),
      updatedTime: expect.stringMatching(ISO),
    });
    expect(await client.creditMemos.get(memo.id)).toEqual(memo);
    const [first] = memo.creditMemoLineItems;
    const replaced = await client.creditMemos.replace(memo.id, {
      ...example(),
      creditMemoLineItems: [{ id: first?.id, description: "Sticks", price: 10, quantity: 3 }],
    });
    expect(replaced.amount).toBe(30);
    expect(replaced.creditMemoLineItems.map((l) => l.id)).toEqual([first?.id]);
    t.clock.advance(1000);
    const patched = await client.creditMemos.update(memo.id, {
      referenceNumber: "CM-2",
      creditMemoLineItems: [{ id: first?.id ?? "", quantity: 4 }],
    });
    expect([patched.referenceNumber, patched.amount]).toEqual(["CM-2", 40]);
    expect((await client.creditMemos.archive(memo.id)).archived).toBe(true);
    expect((await client.creditMemos.restore(memo.id)).archived).toBe(false);
    expect(
      (await client.creditMemos.list({ filters: 'referenceNumber:sw:"CM"' }).toArray()).map((m) => m.id),
    ).toEqual([memo.id]);
  });

  it("refuses what cannot be a credit memo, and bulk creates up to 50 as { creditMemos }, all or nothing", async () => {
    const missing = await rejection(client.creditMemos.create({} as CreateCreditMemoRequest));
    expect(missing.errors.map((e) => errorParams(e).paramName0)).toEqual([
      "customerId",
      "referenceNumber",
      "creditDate",
      "creditMemoLineItems",
    ]);
    for (const [over, path] of [
      [{ creditMemoLineItems: [{ price: 10, ratePercent: 5 }] }, "creditMemoLineItems[0].ratePercent"],
      [{ creditMemoLineItems: [{ description: "nothing" }] }, "creditMemoLineItems[0].price"],
      [{ creditMemoLineItems: [{ amount: -5 }] }, "amount"],
      [{ creditDate: "2025-02-30" }, "creditDate"],
      [
        { payToChartOfAccountId: `0ca01${"a".repeat(15)}`, payToBankAccountId: `bac01${"a".repeat(15)}` },
        "payToBankAccountId",
      ],
    ] as [Partial<CreateCreditMemoRequest>, string][]) {
      const refused = await rejection(client.creditMemos.create(example(over)));
      expect([refused.status, errorParams(refused.errors[0]).paramName0]).toEqual([400, path]);
    }
    const { creditMemos } = await client.creditMemos.createMany([
      example(),
      example({ referenceNumber: "B" }),
    ]);
    expect(creditMemos.map((m) => m.referenceNumber)).toEqual(["202502-creditmemo", "B"]);
    const bad = await rejection(client.creditMemos.createMany([example(), example({ creditDate: "nope" })]));
    expect(errorParams(bad.errors[0])).toMatchObject({ paramName0: "creditDate", index: "1" });
    expect(await client.creditMemos.list().toArray()).toHaveLength(2);

    const [a, b] = creditMemos;
    const updated = await client.creditMemos.updateMany([
      { id: a?.id ?? "", referenceNumber: "A2" },
      { id: b?.id ?? "", description: "B2" },
    ]);
    expect(updated.creditMemos.map((m) => [m.referenceNumber, m.description])).toEqual([
      ["A2", "Paperless Credit Memo"],
      ["B", "B2"],
    ]);
    const replaced = await client.creditMemos.replaceMany([
      { ...example({ referenceNumber: "A3", creditMemoLineItems: [{ amount: 5 }] }), id: a?.id ?? "" },
    ]);
    expect(replaced.creditMemos.map((m) => [m.referenceNumber, m.amount])).toEqual([["A3", 5]]);
    const archived = await client.creditMemos.archiveMany([a?.id ?? "", b?.id ?? ""]);
    expect(archived.creditMemos.map((m) => m.archived)).toEqual([true, true]);
    const restored = await client.creditMemos.restoreMany([a?.id ?? ""]);
    expect(restored.creditMemos.map((m) => m.archived)).toEqual([false]);
  });

  it("applies credit to invoices through creditAmount: due, status, usage and balance follow", async () => {
    const memo = await client.creditMemos.create(example()); // 71.98
    const a = await invoice(50);
    expect(a).toMatchObject({ creditAmount: 50, dueAmount: 50, status: "PARTIAL_PAYMENT" });
    expect(await client.creditMemos.get(memo.id)).toMatchObject({
      appliedAmount: 50,
      status: "PARTIALLY_APPLIED",
      usage: [{ invoiceId: a.id, amount: 50 }],
    });
    const over = await rejection(invoice(30));
    expect(errorParams(over.errors[0]).paramName0).toBe("creditAmount");
    const b = await invoice(21.98);
    expect((await client.creditMemos.get(memo.id)).status).toBe("FULLY_APPLIED");
    expect((await client.customers.get(customerId)).balance.amount).toBe(128.02);

    // Credit applied stays applied: the memo may not shrink below it, nor change customer.
    const shrink = await rejection(
      client.creditMemos.update(memo.id, {
        creditMemoLineItems: [{ id: memo.creditMemoLineItems[1]?.id ?? "", price: 1 }],
      }),
    );
    expect(errorParams(shrink.errors[0]).paramName0).toBe("amount");
    const other = (await client.customers.create({ name: "Other", email: "o@example.com" })).id;
    const move = await rejection(client.creditMemos.update(memo.id, { customerId: other }));
    expect(errorParams(move.errors[0]).paramName0).toBe("customerId");

    // Paying the rest with a payment makes the invoice PAID; releasing credit reopens it.
    await client.invoices.recordPayment({
      amount: 50,
      invoices: [{ id: a.id, amount: 50 }],
      paymentDate: "2025-12-30",
      paymentType: "CHECK",
    });
    expect((await client.invoices.get(a.id)).status).toBe("PAID");
    const released = await client.invoices.update(b.id, { creditAmount: 0 });
    expect([released.creditAmount, released.dueAmount, released.status]).toEqual([0, 100, "OPEN"]);
    expect((await client.creditMemos.get(memo.id)).appliedAmount).toBe(50);
  });

  it("keeps tenants apart, follows roles, replays creates, answers a dead session 401", async () => {
    const memo = await client.creditMemos.create(example());
    const intruder = await signedIn(t, await provisionAccount(t.deps));
    for (const attempt of [
      () => intruder.creditMemos.get(memo.id),
      () => intruder.creditMemos.update(memo.id, { description: "x" }),
      () => intruder.creditMemos.archive(memo.id),
    ]) {
      const error = await rejection(attempt());
      expect([error.status, error.code]).toEqual([404, "BDC_9005"]);
    }
    const theirs = await rejection(intruder.creditMemos.create(example()));
    expect([theirs.status, errorParams(theirs.errors[0]).paramName0]).toEqual([400, "customerId"]);
    // Another tenant's credit memo never pays this tenant's invoices, nor the other way round.
    const theirCustomer = (await intruder.customers.create({ name: "T", email: "t@example.com" })).id;
    const steal = await rejection(
      intruder.invoices.create({
        customer: { id: theirCustomer },
        invoiceLineItems: [{ amount: 10 }],
        creditAmount: 5,
      }),
    );
    expect(errorParams(steal.errors[0]).paramName0).toBe("creditAmount");

    const auditor = await signedInWithRole(t, admin, "AUDITOR");
    expect((await auditor.creditMemos.get(memo.id)).id).toBe(memo.id);
    const refused = await rejection(auditor.creditMemos.create(example()));
    expect([refused.status, refused.code]).toEqual([403, "BDC_9004"]);

    const once = await client.creditMemos.create(example(), { idempotencyKey: "cm-1" });
    expect(await client.creditMemos.create(example(), { idempotencyKey: "cm-1" })).toEqual(once);
    expect(await client.creditMemos.list().toArray()).toHaveLength(2);

    t.clock.advance(36 * 60_000);
    const dead = await rejection(client.creditMemos.get(memo.id));
    expect([dead.status, dead.code]).toEqual([401, "BDC_1109"]);
    await client.sessions.login(loginBody(admin));
    expect((await client.creditMemos.get(memo.id)).id).toBe(memo.id);
  });
});
