/**
 * Invoices and receivable payments through the client (docs/bill-v3-resources.md section 11):
 * the lifecycle, record-payment (full, partial, over-applied, another customer's or tenant's
 * invoice), the customer's balance, the invoice e-mail in the outbox, the payment link, roles,
 * tenants, idempotency and a dead session; SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type {
  BillClient,
  CreateInvoiceRequest,
  Invoice,
  RecordInvoicePaymentRequest,
} from "../../../client/src/index.ts";
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
const LINE_ID = /^ili01[0-9A-Za-z]{15}$/;

describeEachBackend("invoices", (backend) => {
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

  /** BILL's example create [PM: "Create an invoice"]: 2 × 14.99 + 50 = 79.98. */
  const example = (over: Partial<CreateInvoiceRequest> = {}): CreateInvoiceRequest => ({
    customer: { id: customerId },
    invoiceLineItems: [
      { quantity: 2, description: "Classic extreme drum sticks", price: 14.99 },
      { quantity: 1, description: "Metal guitar picks (5-pack)", price: 50 },
    ],
    invoiceNumber: "202502",
    dueDate: "2025-12-31",
    processingOptions: { sendEmail: false },
    ...over,
  });
  const balance = async (id = customerId) => (await client.customers.get(id)).balance.amount;
  const outboxTo = (recipient: string) => t.deps.stores.outbox.list({ recipient });

  it("creates BILL's example invoice (201) and reads, replaces, patches, archives and restores it", async () => {
    const res = await client.rawRequest({
      method: "POST",
      path: "/v3/invoices",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(example()),
    });
    expect(res.status).toBe(201);
    const invoice = res.body as Invoice;
    const today = new Date(t.clock.now()).toISOString().slice(0, 10);
    expect(invoice).toEqual({
      id: expect.stringMatching(/^00e01[0-9A-Za-z]{15}$/),
      archived: false,
      invoiceNumber: "202502",
      invoiceDate: today,
      dueDate: "2025-12-31",
      customerId,
      totalAmount: 79.98,
      paidAmount: 0,
      dueAmount: 79.98,
      scheduledAmount: 0,
      creditAmount: 0,
      status: "OPEN",
      exchangeRate: 1,
      enableCardPayment: false,
      invoiceLineItems: [
        {
          id: expect.stringMatching(LINE_ID),
          amount: 29.98,
          quantity: 2,
          price: 14.99,
          description: "Classic extreme drum sticks",
        },
        {
          id: expect.stringMatching(LINE_ID),
          amount: 50,
          quantity: 1,
          price: 50,
          description: "Metal guitar picks (5-pack)",
        },
      ],
      payments: [],
      createdBy: admin.userId,
      createdTime: expect.stringMatching(ISO),
      updatedTime: expect.stringMatching(ISO),
    });
    expect(await client.invoices.get(invoice.id)).toEqual(invoice);
    expect(await balance()).toBe(79.98);

    // PUT [PM: "Replace an invoice"]: a new line, the two kept by id.
    const [first, second] = invoice.invoiceLineItems;
    const replaced = await client.invoices.replace(invoice.id, {
      customer: { id: customerId },
      invoiceLineItems: [
        { description: "Premium drummer gloves", amount: 29.99, quantity: 1 },
        { id: first?.id, description: "Classic extreme drum sticks", price: 14.99, quantity: 2 },
        { id: second?.id, description: "Metal guitar picks (5-pack)", price: 50, quantity: 1 },
      ],
    });
    expect(replaced.totalAmount).toBe(109.97);
    expect(replaced.invoiceLineItems.map((l) => l.id).slice(1)).toEqual([first?.id, second?.id]);
    // PUT replaces: the invoice number sent on create is gone, the id stands in (ours).
    expect(replaced.invoiceNumber).toBe(invoice.id);

    t.clock.advance(5000);
    const patched = await client.invoices.update(invoice.id, {
      invoiceLineItems: [
        { id: first?.id, quantity: 2, description: "Sticks (amount updated)", price: 19.99 },
      ],
    });
    expect(patched.totalAmount).toBe(119.97);
    expect(Date.parse(patched.updatedTime) - Date.parse(invoice.updatedTime)).toBe(5000);
    const newLine = await rejection(
      client.invoices.update(invoice.id, { invoiceLineItems: [{ amount: 1, description: "no id" }] }),
    );
    expect(errorParams(newLine.errors[0]).paramName0).toBe("invoiceLineItems[0].id");

    expect((await client.invoices.archive(invoice.id)).archived).toBe(true);
    expect(await balance()).toBe(0);
    expect((await client.invoices.restore(invoice.id)).archived).toBe(false);
    expect(await balance()).toBe(119.97);
  });

  it("needs a customer and lines; refuses another tenant's customer, an archived one, bad dates", async () => {
    const missing = await rejection(client.invoices.create({} as CreateInvoiceRequest));
    expect(missing.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
      ["BDC_1108", "customer"],
      ["BDC_1108", "invoiceLineItems"],
    ]);
    const foreign = await signedIn(t, await provisionAccount(t.deps));
    const theirs = (await foreign.customers.create({ name: "Theirs", email: "t@example.com" })).id;
    const cross = await rejection(client.invoices.create(example({ customer: { id: theirs } })));
    expect([cross.status, cross.code, errorParams(cross.errors[0]).paramName0]).toEqual([
      400,
      "BDC_9001",
      "customer.id",
    ]);
    const gone = (await client.customers.create({ name: "Gone", email: "g@example.com" })).id;
    await client.customers.archive(gone);
    const archived = await rejection(client.invoices.create(example({ customer: { id: gone } })));
    expect(errorParams(archived.errors[0]).paramName0).toBe("customer.id");
    const date = await rejection(client.invoices.create(example({ dueDate: "2026-02-30" })));
    expect(errorParams(date.errors[0]).paramName0).toBe("dueDate");
    const zero = await rejection(client.invoices.create(example({ invoiceLineItems: [{ amount: 0 }] })));
    expect(errorParams(zero.errors[0]).paramName0).toBe("totalAmount");
    // Classifications must be the organization's own, on the invoice and on each line.
    const department = (await client.classifications.departments.create({ name: "Live shows" })).id;
    const classified = await client.invoices.create(
      example({ classifications: { departmentId: department } }),
    );
    expect(classified.classifications).toEqual({ departmentId: department });
    const theirDepartment = (await foreign.classifications.departments.create({ name: "Theirs" })).id;
    for (const over of [
      { classifications: { departmentId: theirDepartment } },
      { invoiceLineItems: [{ amount: 5, classifications: { departmentId: theirDepartment } }] },
    ]) {
      const refused = await rejection(client.invoices.create(example(over)));
      expect(errorParams(refused.errors[0]).paramName0).toMatch(/classifications\.departmentId$/);
    }
    await client.invoices.archive(classified.id);
    // (ours) No e-mail on create: POST /v3/invoices/{id}/email sends it.
    const sendEmail = await rejection(
      client.invoices.create(
        example({ processingOptions: { sendEmail: true } as unknown as { sendEmail: false } }),
      ),
    );
    expect(errorParams(sendEmail.errors[0]).paramName0).toBe("processingOptions.sendEmail");
    expect((await client.invoices.list().toArray()).map((i) => i.id)).toEqual([classified.id]);
  });

  it("records a payment: the invoice is paid, the customer's balance 0, the payment listed", async () => {
    const invoice = await client.invoices.create(example());
    const recorded = await client.invoices.recordPayment({
      amount: "100",
      customerId,
      invoices: [{ amount: "79.98", id: invoice.id }],
      paymentDate: "2025-12-20",
      paymentType: "CREDIT_CARD",
      description: "Accepted credit card payment in store",
    });
    expect(recorded).toEqual({
      id: expect.stringMatching(/^0rp01[0-9A-Za-z]{15}$/),
      customerId,
      paymentType: "CREDIT_CARD",
      paymentDate: "2025-12-20",
      amount: 100,
      unappliedAmount: 20.02,
      status: "PAID",
      description: "Accepted credit card payment in store",
      invoices: [
        {
          id: invoice.id,
          payments: [{ id: recorded.id, amount: 79.98, status: "PAID", date: "2025-12-20" }],
        },
      ],
    });
    const paid = await client.invoices.get(invoice.id);
    expect(paid).toMatchObject({ status: "PAID", paidAmount: 79.98, dueAmount: 0 });
    expect(await balance()).toBe(0);
    expect(await client.receivablePayments.get(recorded.id)).toMatchObject({
      amount: 100,
      unappliedAmount: 20.02,
      invoicePayments: [{ invoiceId: invoice.id, amount: 79.98, paymentDate: "2025-12-20" }],
    });
    const listed = await client.receivablePayments.list({ filters: `customerId:eq:${customerId}` }).toArray();
    expect(listed.map((p) => p.id)).toEqual([recorded.id]);
    expect((await client.invoices.list({ filters: "status:eq:PAID" }).toArray()).map((i) => i.id)).toEqual([
      invoice.id,
    ]);
    // Receivable payments are made by record-payment only.
    const post = await client.rawRequest({
      method: "POST",
      path: "/v3/receivable-payments",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(post.status).toBeGreaterThanOrEqual(400);
    expect(await client.receivablePayments.list().toArray()).toHaveLength(1);
  });

  it("records a partial payment, then refuses over-applying with nothing written", async () => {
    const a = await client.invoices.create(example());
    const b = await client.invoices.create(example({ invoiceNumber: "202503" }));
    await client.invoices.recordPayment({
      amount: 30,
      invoices: [{ id: a.id, amount: 30 }],
      paymentDate: "2025-12-20",
      paymentType: "CHECK",
    });
    const partial = await client.invoices.get(a.id);
    expect(partial).toMatchObject({ status: "PARTIAL_PAYMENT", paidAmount: 30, dueAmount: 49.98 });
    expect(await balance()).toBe(49.98 + 79.98);

    for (const [body, path] of [
      [{ amount: 100, invoices: [{ id: a.id, amount: 50 }] }, "invoices[0].amount"],
      [
        {
          amount: 10,
          invoices: [
            { id: b.id, amount: 5 },
            { id: a.id, amount: 10 },
          ],
        },
        "amount",
      ],
      [
        {
          amount: 10,
          invoices: [
            { id: b.id, amount: 5 },
            { id: b.id, amount: 5 },
          ],
        },
        "invoices[1].id",
      ],
      [{ amount: "1.001", invoices: [{ id: b.id, amount: 1 }] }, "amount"],
      [{ amount: 0, invoices: [{ id: b.id, amount: 1 }] }, "amount"],
    ] as [Pick<RecordInvoicePaymentRequest, "amount" | "invoices">, string][]) {
      const refused = await rejection(
        client.invoices.recordPayment({ ...body, paymentDate: "2025-12-21", paymentType: "CASH" }),
      );
      expect([refused.status, refused.code, errorParams(refused.errors[0]).paramName0]).toEqual([
        400,
        "BDC_9001",
        path,
      ]);
    }
    expect(await client.receivablePayments.list().toArray()).toHaveLength(1);
    expect((await client.invoices.get(b.id)).paidAmount).toBe(0);
    // An invoice's amount may not fall below what was paid on it.
    const below = await rejection(
      client.invoices.update(a.id, {
        invoiceLineItems: a.invoiceLineItems.map((line) => ({ id: line.id, amount: 1, price: undefined })),
      }),
    );
    expect(below.errors.length).toBe(1);
    expect(errorParams(below.errors[0]).paramName0).toBe("totalAmount");
  });

  it("applies two racing payments for the whole due once: one lands, the other is refused", async () => {
    const invoice = await client.invoices.create(example());
    const pay = () =>
      client.invoices.recordPayment({
        amount: 79.98,
        invoices: [{ id: invoice.id, amount: 79.98 }],
        paymentDate: "2025-12-20",
        paymentType: "ACH",
      });
    const results = await Promise.allSettled([pay(), pay(), pay()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await client.receivablePayments.list().toArray()).toHaveLength(1);
    expect(await client.invoices.get(invoice.id)).toMatchObject({ paidAmount: 79.98, dueAmount: 0 });
  });

  it("refuses another customer's invoice and another tenant's, and forbids readers", async () => {
    const mine = await client.invoices.create(example());
    const other = (await client.customers.create({ name: "Other", email: "o@example.com" })).id;
    const notTheirs = await rejection(
      client.invoices.recordPayment({
        amount: 10,
        customerId: other,
        invoices: [{ id: mine.id, amount: 10 }],
        paymentDate: "2025-12-20",
        paymentType: "ACH",
      }),
    );
    expect(errorParams(notTheirs.errors[0]).paramName0).toBe("invoices[0].id");

    const intruder = await signedIn(t, await provisionAccount(t.deps));
    const theirCustomer = (await intruder.customers.create({ name: "X", email: "x@example.com" })).id;
    const crossInvoice = await rejection(
      intruder.invoices.recordPayment({
        amount: 10,
        customerId: theirCustomer,
        invoices: [{ id: mine.id, amount: 10 }],
        paymentDate: "2025-12-20",
        paymentType: "ACH",
      }),
    );
    expect([crossInvoice.status, errorParams(crossInvoice.errors[0]).paramName0]).toEqual([
      400,
      "invoices[0].id",
    ]);
    const noCustomer = await rejection(
      intruder.invoices.recordPayment({
        amount: 10,
        invoices: [{ id: mine.id, amount: 10 }],
        paymentDate: "2025-12-20",
        paymentType: "ACH",
      }),
    );
    expect(errorParams(noCustomer.errors[0]).paramName0).toBe("invoices[0].id");
    for (const attempt of [
      () => intruder.invoices.get(mine.id),
      () => intruder.invoices.update(mine.id, { invoiceNumber: "x" }),
      () => intruder.invoices.archive(mine.id),
      () => intruder.invoices.email(mine.id),
      () => intruder.invoices.paymentLink(mine.id, { customerId, email: "x@example.com" }),
    ]) {
      const error = await rejection(attempt());
      expect([error.status, error.code]).toEqual([404, "BDC_9005"]);
    }
    expect((await client.invoices.get(mine.id)).paidAmount).toBe(0);

    const auditor = await signedInWithRole(t, admin, "AUDITOR");
    expect((await auditor.invoices.get(mine.id)).id).toBe(mine.id);
    for (const attempt of [
      () => auditor.invoices.create(example()),
      () =>
        auditor.invoices.recordPayment({
          amount: 10,
          invoices: [{ id: mine.id, amount: 10 }],
          paymentDate: "2025-12-20",
          paymentType: "ACH",
        }),
      () => auditor.invoices.email(mine.id),
    ]) {
      const error = await rejection(attempt());
      expect([error.status, error.code]).toEqual([403, "BDC_9004"]);
    }
  });

  it("e-mails the invoice through the delivery outbox, and gives an inert payment link", async () => {
    const invoice = await client.invoices.create(example());
    expect(await client.invoices.email(invoice.id)).toEqual({});
    const [message] = await outboxTo("ap@paperless.example");
    expect(message).toMatchObject({
      channel: "EMAIL",
      purpose: "invoice",
      organizationId: admin.organizationId,
    });
    expect(message?.text).toContain("Invoice 202502");
    expect(message?.text).toContain("79.98 due by 2025-12-31");

    await client.invoices.email(invoice.id, {
      recipient: { to: ["a@example.com", "b@example.com"] },
      replyTo: { userId: admin.userId },
    });
    expect(await outboxTo("a@example.com")).toHaveLength(1);
    expect(await outboxTo("b@example.com")).toHaveLength(1);
    const badReply = await rejection(
      client.invoices.email(invoice.id, { replyTo: { userId: `00601${"x".repeat(15)}` } }),
    );
    expect(errorParams(badReply.errors[0]).paramName0).toBe("replyTo.userId");

    const { paymentLink } = await client.invoices.paymentLink(invoice.id, {
      customerId,
      email: "ap@paperless.example",
    });
    expect(paymentLink).toMatch(new RegExp(`^http://[^/]+/pay/${invoice.id}$`));
    const wrongCustomer = await rejection(
      client.invoices.paymentLink(invoice.id, {
        customerId: `0cu01${"y".repeat(15)}`,
        email: "ap@paperless.example",
      }),
    );
    expect(errorParams(wrongCustomer.errors[0]).paramName0).toBe("customerId");
  });

  it("filters and sorts invoices, replays idempotent creates and payments, answers a dead session 401", async () => {
    const a = await client.invoices.create(example({ dueDate: "2026-01-31" }));
    t.clock.advance(1000);
    const b = await client.invoices.create(example({ invoiceNumber: "B-1", dueDate: "2026-03-31" }));
    expect(
      (await client.invoices.list({ filters: "dueDate:gte:2026-02-01" }).toArray()).map((i) => i.id),
    ).toEqual([b.id]);
    expect((await client.invoices.list({ sort: "dueDate:desc" }).toArray()).map((i) => i.id)).toEqual([
      b.id,
      a.id,
    ]);
    expect(
      (await client.invoices.list({ filters: 'invoiceNumber:sw:"B-"' }).toArray()).map((i) => i.id),
    ).toEqual([b.id]);
    const badFilter = await rejection(client.invoices.list({ filters: "vendorId:eq:x" }).toArray());
    expect(errorParams(badFilter.errors[0]).paramName0).toBe("filters");

    const once = await client.invoices.create(example(), { idempotencyKey: "inv-1" });
    expect(await client.invoices.create(example(), { idempotencyKey: "inv-1" })).toEqual(once);
    const pay = {
      amount: 10,
      invoices: [{ id: a.id, amount: 10 }],
      paymentDate: "2025-12-20",
      paymentType: "CASH" as const,
    };
    const first = await client.invoices.recordPayment(pay, { idempotencyKey: "pay-1" });
    expect(await client.invoices.recordPayment(pay, { idempotencyKey: "pay-1" })).toEqual(first);
    expect((await client.invoices.get(a.id)).paidAmount).toBe(10);

    t.clock.advance(36 * 60_000);
    const dead = await rejection(client.invoices.recordPayment(pay));
    expect([dead.status, dead.code]).toEqual([401, "BDC_1109"]);
    await client.sessions.login(loginBody(admin));
    expect((await client.invoices.get(a.id)).paidAmount).toBe(10);
  });
});
