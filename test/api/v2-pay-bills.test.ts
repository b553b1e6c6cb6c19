/**
 * `POST /api/v2/PayBills.json` over HTTP (docs/bill-sign-in-modes.md 2.6, 2.9.3): v2's request
 * makes the v3 payments that `GET /v3/payments` then lists, all or none, from the given bank
 * account or the organization's verified one; the payer role and MFA rules are v3's.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BillClient } from "../../client/src/index.ts";
import { setOrganizationMfaRequired } from "../../src/auth/accounts/provisioning.ts";
import {
  type Account,
  provisionAccount,
  startTestServer,
  type TestServer,
  unwrap,
} from "../helpers/helpers.ts";
import { signedIn } from "../helpers/provisioning-helpers.ts";
import { bankAccountOf } from "../helpers/resource-helpers.ts";
import { postForm, type V2Answer, v2Code, v2Login } from "../helpers/v2-helpers.ts";

const DAY = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let t: TestServer;
let account: Account;
let owner: BillClient;
let sessionId: string;

beforeEach(async () => {
  t = await startTestServer();
  account = await provisionAccount(t.deps);
  owner = await signedIn(t, account);
  sessionId = await v2Login(t, account);
});
afterEach(() => t.close());

const payBills = (data: unknown, as = { devKey: account.devKey, sessionId }): Promise<V2Answer> =>
  postForm(t, "PayBills.json", { ...as, data });

async function billsToPay() {
  const { id: vendorId } = await owner.vendors.create({
    name: "Happy Music Supplies",
    email: "ap@happy.example",
  });
  const today = dateOf(t.clock.now());
  const bill = (invoiceNumber: string, amount: number) =>
    owner.bills.create({
      vendorId,
      dueDate: dateOf(t.clock.now() + 30 * DAY),
      invoice: { invoiceNumber, invoiceDate: today },
      billLineItems: [{ amount, description: "Strings" }],
    });
  return { vendorId, a: await bill("HMS-1", 100), b: await bill("HMS-2", 250), today };
}

describe("PayBills.json", () => {
  it("pays bills as v3 payments that v3 lists, from the organization's verified account", async () => {
    const bankAccountId = await bankAccountOf(owner);
    const { vendorId, a, b } = await billsToPay();
    const answer = await payBills({
      vendorId,
      billPays: [
        { billId: a.id, amount: 100 },
        { billId: b.id, amount: 50 },
      ],
    });
    expect(answer.body.response_status, JSON.stringify(answer.body)).toBe(0);
    const sent = (answer.body.response_data as { sentPays: Record<string, unknown>[] }).sentPays;
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({ entity: "SentPay", vendorId, bankAccountId, amount: 100 });
    const payments = await owner.payments.list().toArray();
    expect(payments.map((p) => [p.billId, p.amount]).sort()).toEqual(
      [
        [a.id, 100],
        [b.id, 50],
      ].sort(),
    );
    expect(await owner.bills.get(b.id)).toMatchObject({ scheduledAmount: 50 });
  });

  it("pays nothing when one bill cannot be paid, and names v2's field", async () => {
    await bankAccountOf(owner);
    const { vendorId, a, b } = await billsToPay();
    const answer = await payBills({
      vendorId,
      billPays: [
        { billId: a.id, amount: 100 },
        { billId: b.id, amount: 999 },
      ],
    });
    expect(answer.body.response_status).toBe(1);
    expect(JSON.stringify(answer.body.response_data)).toContain("billPays[1].amount");
    expect(await owner.payments.list().toArray()).toEqual([]);
  });

  it("needs a verified bank account when none is named (BDC_1108 bankAccountId)", async () => {
    await bankAccountOf(owner, { verified: false });
    const { vendorId, a } = await billsToPay();
    const answer = await payBills({ vendorId, billPays: [{ billId: a.id, amount: 100 }] });
    expect(answer.body.response_data).toMatchObject({ error_code: "BDC_1108" });
    expect(JSON.stringify(answer.body.response_data)).toContain("bankAccountId");
    expect(await owner.payments.list().toArray()).toEqual([]);
  });

  it("keeps v3's payer role, MFA rule and session check", async () => {
    const clerk = await provisionAccount(t.deps, { role: "CLERK" });
    expect(v2Code(await payBills({}, { devKey: clerk.devKey, sessionId: await v2Login(t, clerk) }))).toBe(
      "BDC_9004",
    );
    unwrap(await setOrganizationMfaRequired(t.deps, account.organizationId, true));
    expect((await payBills({})).body.response_data).toEqual({
      error_code: "BDC_1361",
      error_message: "Untrusted session.",
    });
    expect(v2Code(await payBills({}, { devKey: account.devKey, sessionId: "nope" }))).toBe("BDC_1109");
  });

  it("cannot pay another organization's bills", async () => {
    await bankAccountOf(owner);
    const { vendorId, a } = await billsToPay();
    const other = await provisionAccount(t.deps);
    await bankAccountOf(await signedIn(t, other));
    const answer = await payBills(
      { vendorId, billPays: [{ billId: a.id, amount: 100 }] },
      { devKey: other.devKey, sessionId: await v2Login(t, other) },
    );
    expect(answer.body.response_status).toBe(1);
    expect(await owner.payments.list().toArray()).toEqual([]);
  });
});
