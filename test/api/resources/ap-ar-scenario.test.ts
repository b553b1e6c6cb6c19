/**
 * An AP/AR integration from start to end, as a team would write it against BILL's sandbox:
 * fixtures from one seed file (the organization, its users, its devKey, a vendor, a customer
 * and an accounting class; the organization's verified bank account comes with it), then
 * through the client only: a bill with line items on the class waits under an approval
 * policy, is approved, paid from the bank account on its process date (the operator's clock
 * moves it), and listed; an invoice to the customer is paid by a recorded receivable payment.
 */
import { afterAll, afterEach, beforeEach, expect, it } from "vitest";
import { BillClient, errorParams, OperatorClient } from "../../../client/src/index.ts";
import { describeEachBackend } from "../../helpers/backends.ts";
import { rejection, startTestServer, type TestServer } from "../../helpers/helpers.ts";
import { describeRedis, dropRedisKeys, REDIS_URL, testRedisPrefix } from "../../helpers/redis.ts";

const TOKEN = "scenario-operator-token-0123456789";
const DEV_KEY = "scenario-dev-key-0123456789abcdef";
const PASSWORD = "a long enough password";

const SEED = {
  organizations: [
    {
      name: "Happy Music",
      resources: {
        vendors: [{ ref: "supplies", name: "Happy Music Supplies", email: "ap@supplies.example" }],
        customers: [{ ref: "band", name: "Paperless Band", email: "pay@band.example" }],
        "classifications/accounting-classes": [{ ref: "marketing", name: "Marketing" }],
      },
    },
  ],
  users: [
    {
      email: "owner@happymusic.example",
      password: PASSWORD,
      firstName: "Olive",
      lastName: "Owner",
      memberships: [{ organization: "Happy Music", role: "ADMINISTRATOR" }],
    },
    {
      email: "approver@happymusic.example",
      password: PASSWORD,
      firstName: "Avery",
      lastName: "Approver",
      memberships: [{ organization: "Happy Music", role: "APPROVER" }],
    },
  ],
  devKeys: [{ name: "integration tests", key: DEV_KEY }],
};

const DAY = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The scenario on one backend: SQLite, PostgreSQL, or PostgreSQL with Redis (a fleet's). */
function scenario(start: () => Promise<TestServer>) {
  let t: TestServer;
  let operator: OperatorClient;

  beforeEach(async () => {
    t = await start();
    operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
  });
  afterEach(() => t.close());

  it("approves and pays a bill on its process date, and sees an invoice paid", async () => {
    const report = await operator.seed.apply(SEED);
    const idOf = (label: string) => String(report.created.find((c) => c.label === label)?.id);
    const organizationId = idOf("Happy Music");
    const vendorId = idOf("vendors @supplies");
    const customerId = idOf("customers @band");
    const accountingClassId = idOf("classifications/accounting-classes @marketing");

    const signIn = async (username: string) => {
      const client = new BillClient({ baseUrl: t.baseUrl, devKey: DEV_KEY, maxRetries: 0 });
      await client.sessions.login({ username, password: PASSWORD, organizationId });
      return client;
    };
    const owner = await signIn("owner@happymusic.example");
    const approver = await signIn("approver@happymusic.example");

    // The seeded organization has one verified bank account to pay from.
    const banks = await owner.fundingAccounts.banks.list().toArray();
    expect(banks.map((b) => b.status)).toEqual(["VERIFIED"]);
    const bankAccountId = String(banks[0]?.id);

    // Bills of $1,000 or more wait for the approver.
    const approverId = (await approver.sessions.details()).userId;
    const policy = await owner.billApprovals.policies.create({
      policyName: "Bills of $1,000 or more",
      rules: [{ key: "BILL_AMOUNT", op: "gte", values: ["1000"] }],
      approvers: [approverId],
    });
    expect(policy.approvers.users).toEqual([{ userId: approverId, fullName: "Avery Approver" }]);
    // The operator reads the policy as the organization does.
    expect((await operator.resources.list(organizationId, "bill-approvals/policies")).results).toEqual(
      await owner.billApprovals.policies.list(),
    );

    const today = dateOf(t.clock.now());
    const bill = await owner.bills.create({
      vendorId,
      dueDate: dateOf(t.clock.now() + 30 * DAY),
      invoice: { invoiceNumber: "HMS-2041", invoiceDate: today },
      billLineItems: [
        { amount: 1000, description: "Drum sticks", classifications: { accountingClassId } },
        { quantity: 2, price: 125.25, description: "Guitar picks", classifications: { accountingClassId } },
      ],
    });
    expect(bill).toMatchObject({
      vendorName: "Happy Music Supplies",
      amount: 1250.5,
      dueAmount: 1250.5,
      paymentStatus: "UNPAID",
      approvalStatus: "ASSIGNED",
      approvers: [expect.objectContaining({ userId: approverId })],
    });
    expect(bill.billLineItems.map((line) => line.amount)).toEqual([1000, 250.5]);

    const processDate = dateOf(t.clock.now() + 2 * DAY);
    const payment = {
      vendorId,
      billId: bill.id,
      processDate,
      fundingAccount: { type: "BANK_ACCOUNT" as const, id: bankAccountId },
      amount: 1250.5,
    };
    // Not approved yet: no payment.
    const refused = await rejection(owner.payments.create(payment));
    expect([refused.status, refused.errors.map((e) => [e.code, errorParams(e).paramName0])]).toEqual([
      400,
      [["BDC_9001", "billId"]],
    ]);
    expect(await owner.payments.list().toArray()).toEqual([]);

    const { bills: waiting } = await approver.billApprovals.pendingUserApprovals();
    expect(waiting.map((w) => w.billId)).toEqual([bill.id]);
    await approver.billApprovals.approve(bill.id, "Approved for payment");
    expect((await owner.bills.get(bill.id)).approvalStatus).toBe("APPROVED");

    const scheduled = await owner.payments.create(payment);
    expect(scheduled).toMatchObject({ billId: bill.id, amount: 1250.5, processDate, status: "SCHEDULED" });
    expect(await owner.bills.get(bill.id)).toMatchObject({
      paymentStatus: "SCHEDULED",
      scheduledAmount: 1250.5,
      paidAmount: 0,
    });

    // Past the process date (the operator's clock, as `billet clock advance`). The idle
    // session has died meanwhile: the client's next call gets 401 and signs in again itself.
    const before = owner.sessionId;
    await operator.clock.advance({ hours: 49 });
    expect(await owner.bills.get(bill.id)).toMatchObject({
      paymentStatus: "PAID",
      paidAmount: 1250.5,
      dueAmount: 0,
      scheduledAmount: 0,
    });
    expect(owner.sessionId).not.toBe(before);
    const paid = await owner.payments.list({ filters: `billId:eq:"${bill.id}"` }).toArray();
    expect(paid.map((p) => [p.id, p.status])).toEqual([[scheduled.id, "PAID"]]);
    // The operator sees what the integration sees.
    const operatorView = await operator.resources.list(organizationId, "payments");
    expect(operatorView.results).toEqual(paid);
    expect((await owner.bills.list({ filters: "paymentStatus:eq:PAID" }).toArray()).map((b) => b.id)).toEqual(
      [bill.id],
    );

    // AR: invoice the customer, record what it paid.
    const invoice = await owner.invoices.create({
      customer: { id: customerId },
      invoiceNumber: "HM-1001",
      invoiceDate: dateOf(t.clock.now()),
      dueDate: dateOf(t.clock.now() + 14 * DAY),
      invoiceLineItems: [
        { quantity: 3, price: 100, description: "Rehearsal room", classifications: { accountingClassId } },
      ],
    });
    expect(invoice).toMatchObject({ customerId, totalAmount: 300, dueAmount: 300, status: "OPEN" });
    expect((await owner.customers.get(customerId)).balance.amount).toBe(300);

    const received = await owner.invoices.recordPayment({
      amount: 300,
      customerId,
      invoices: [{ id: invoice.id, amount: 300 }],
      paymentDate: dateOf(t.clock.now()),
      paymentType: "CHECK",
      description: "Check #1042",
    });
    expect(await owner.invoices.get(invoice.id)).toMatchObject({
      paidAmount: 300,
      dueAmount: 0,
      status: "PAID",
    });
    expect((await owner.receivablePayments.list().toArray()).map((p) => p.id)).toEqual([received.id]);
    expect((await owner.customers.get(customerId)).balance.amount).toBe(0);
  });
}

describeEachBackend("an AP/AR integration against billet", (backend) =>
  scenario(() => startTestServer({ backend, config: { operatorToken: TOKEN } })),
);

const prefixes: string[] = [];
describeRedis("an AP/AR integration against billet", () => {
  afterAll(() => dropRedisKeys(prefixes));
  scenario(() => {
    const prefix = testRedisPrefix();
    prefixes.push(prefix);
    return startTestServer({
      backend: "postgres",
      config: { operatorToken: TOKEN, redisUrl: REDIS_URL ?? null, redisKeyPrefix: prefix },
    });
  });
});
