/**
 * Bill approvals through the client (docs/bill-v3-resources.md section 10): policies and their
 * lifecycle, a bill's approvers and status computed from policies and actions, approvers in
 * order, deny, the pending list, roles, tenants, idempotency and a dead session; SQLite and
 * PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type {
  BillApprovalPolicyRequest,
  BillClient,
  BillErrorEntry,
  CreateBillRequest,
} from "../../../client/src/index.ts";
import { errorParams } from "../../../client/src/index.ts";
import { createUser } from "../../../src/auth/accounts/provisioning.ts";
import type { RoleType } from "../../../src/stores/types/organizations.ts";
import { describeEachBackend, tableRows } from "../../helpers/backends.ts";
import {
  type Account,
  loginBody,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
  unwrap,
} from "../../helpers/helpers.ts";
import { signedIn } from "../../helpers/provisioning-helpers.ts";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

describeEachBackend("bill approvals", (backend) => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;
  let vendorId: string;
  let people = 0;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
    vendorId = (await client.vendors.create({ name: "Happy Music Supplies" })).id;
  });
  afterEach(() => t.close());

  /** A user of the organization with a role, signed in; its id and client. */
  async function member(role: RoleType, account = admin) {
    people += 1;
    const email = `${role.toLowerCase()}${people}.${Date.now()}@example.com`;
    const password = "a long enough password";
    const { userId } = unwrap(
      await createUser(t.deps, {
        organizationId: account.organizationId,
        email,
        password,
        role,
        firstName: "Ada",
        lastName: `Approver${people}`,
      }),
    );
    const signed = t.client(account.devKey);
    await signed.sessions.login({ username: email, password, organizationId: account.organizationId });
    return { userId, client: signed };
  }

  const policy = (approvers: string[], over: Partial<BillApprovalPolicyRequest> = {}) => ({
    policyName: "Approval policy for bills >= $1000",
    rules: [{ key: "BILL_AMOUNT", op: "gte", values: ["1000"] }],
    approvers,
    ...over,
  });

  const bill = (amount: number, over: Partial<CreateBillRequest> = {}): CreateBillRequest => ({
    vendorId,
    dueDate: "2025-12-31",
    billLineItems: [{ amount }],
    invoice: { invoiceNumber: "202501", invoiceDate: "2025-12-31" },
    ...over,
  });

  it("creates BILL's example policy: 201, BILL's shape, approvers with their names", async () => {
    const approver = await member("APPROVER");
    const res = await client.rawRequest({
      method: "POST",
      path: "/v3/bill-approvals/policies",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(policy([approver.userId])),
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^apl01[0-9A-Za-z]{15}$/),
      policyName: "Approval policy for bills >= $1000",
      status: "ACTIVE",
      rules: [{ key: "BILL_AMOUNT", op: "gte", values: [{ value: "1000", displayName: "1000" }] }],
      approvers: {
        users: [{ userId: approver.userId, fullName: expect.stringMatching(/^Ada Approver/) }],
        groups: [],
      },
    });
    expect(await client.billApprovals.policies.list()).toEqual([res.body]);
  });

  it("a bill over the threshold waits, the approver sees it pending, approves: APPROVED", async () => {
    const approver = await member("APPROVER");
    await client.billApprovals.policies.create(policy([approver.userId]));
    t.clock.advance(1000);
    const small = await client.bills.create(bill(999.99));
    expect([small.approvalStatus, small.approvers]).toEqual(["UNASSIGNED", []]);
    const big = await client.bills.create(bill(1500));
    expect(big.approvalStatus).toBe("ASSIGNED");
    expect(big.approvers).toEqual([
      { userId: approver.userId, status: "WAITING", approverOrder: 0, statusChangedTime: big.createdTime },
    ]);

    expect(await approver.client.billApprovals.pendingUserApprovals()).toEqual({
      bills: [{ billId: big.id, vendorId, amount: 1500, dueDate: "2025-12-31" }],
    });
    expect(await client.billApprovals.pendingUserApprovals()).toEqual({ bills: [] });

    t.clock.advance(5000);
    const act = (who: BillClient) =>
      who.rawRequest({
        method: "POST",
        path: "/v3/bill-approvals/actions",
        auth: true,
        headers: { "Content-Type": "application/json", "X-Idempotent-Key": "act-1" },
        body: JSON.stringify([{ billId: big.id, action: "APPROVE", comment: "Approved for payment" }]),
      });
    const res = await act(approver.client);
    expect([res.status, res.body]).toEqual([200, { status: "SUCCESS" }]);
    // The same key replays the answer; another user's same key is their own call (refused).
    const replay = await act(approver.client);
    expect([replay.status, replay.headers.get("x-idempotent-replayed")]).toEqual([200, "true"]);
    expect((await act(client)).status).toBe(403);
    const approved = await client.bills.get(big.id);
    expect(approved.approvalStatus).toBe("APPROVED");
    expect(approved.approvers[0]).toEqual({
      userId: approver.userId,
      status: "APPROVED",
      approverOrder: 0,
      statusChangedTime: expect.stringMatching(ISO),
    });
    expect(approved.approvers[0]?.statusChangedTime).not.toBe(big.createdTime);
    // Approving does not change the bill itself.
    expect(approved.updatedTime).toBe(big.updatedTime);
    expect(await approver.client.billApprovals.pendingUserApprovals()).toEqual({ bills: [] });
    // Twice is refused: the bill waits for nobody now.
    const again = await rejection(approver.client.billApprovals.approve(big.id));
    expect([again.status, again.code]).toEqual([403, "BDC_9004"]);
    const actions = (await tableRows(t.databasePath, "resources")).filter(
      (r) => r.kind === "bill-approvals/actions",
    );
    expect(actions).toHaveLength(1);
  });

  it("two approvers in order; a deny makes the bill DENIED; a change starts again", async () => {
    const first = await member("APPROVER");
    const second = await member("ACCOUNTANT");
    await client.billApprovals.policies.create(policy([first.userId, second.userId]));
    const created = await client.bills.create(bill(2000));
    expect(created.approvers.map((a) => [a.userId, a.approverOrder, a.status])).toEqual([
      [first.userId, 0, "WAITING"],
      [second.userId, 1, "WAITING"],
    ]);
    // Not the second's turn yet.
    expect((await second.client.billApprovals.pendingUserApprovals()).bills).toEqual([]);
    const early = await rejection(second.client.billApprovals.approve(created.id));
    expect([early.status, early.code]).toEqual([403, "BDC_9004"]);

    t.clock.advance(1000);
    await first.client.billApprovals.approve(created.id);
    expect((await client.bills.get(created.id)).approvalStatus).toBe("APPROVING");
    expect((await first.client.billApprovals.pendingUserApprovals()).bills).toEqual([]);
    expect((await second.client.billApprovals.pendingUserApprovals()).bills.map((b) => b.billId)).toEqual([
      created.id,
    ]);
    t.clock.advance(1000);
    await second.client.billApprovals.deny(created.id, "Wrong amount");
    const denied = await client.bills.get(created.id);
    expect(denied.approvalStatus).toBe("DENIED");
    expect(denied.approvers.map((a) => a.status)).toEqual(["APPROVED", "DENIED"]);
    const late = await rejection(first.client.billApprovals.approve(created.id));
    expect(late.status).toBe(403);
    // A deny by the first approver ends the round: the second is never asked.
    const stopped = await client.bills.create(bill(3000));
    await first.client.billApprovals.deny(stopped.id);
    const afterDeny = await client.bills.get(stopped.id);
    expect([afterDeny.approvalStatus, afterDeny.approvers.map((a) => a.status)]).toEqual([
      "DENIED",
      ["DENIED", "WAITING"],
    ]);
    expect((await second.client.billApprovals.pendingUserApprovals()).bills).toEqual([]);
    const afterFirst = await rejection(second.client.billApprovals.approve(stopped.id));
    expect(afterFirst.status).toBe(403);

    // (ours) Changing the bill starts its approval again, under the policies of that moment.
    t.clock.advance(1000);
    const changed = await client.bills.update(created.id, {
      billLineItems: [{ id: created.billLineItems[0]!.id, amount: 2500 }],
    });
    expect(changed.approvalStatus).toBe("ASSIGNED");
    expect(changed.approvers.map((a) => a.status)).toEqual(["WAITING", "WAITING"]);
    // Lowered under the threshold, the bill needs no approval.
    t.clock.advance(1000);
    const lowered = await client.bills.update(created.id, {
      billLineItems: [{ id: created.billLineItems[0]!.id, amount: 10 }],
    });
    expect([lowered.approvalStatus, lowered.approvers]).toEqual(["UNASSIGNED", []]);
  });

  it("raising an approved bill's amount needs approval again; a later policy leaves old bills alone", async () => {
    const approver = await member("APPROVER");
    await client.billApprovals.policies.create(policy([approver.userId]));
    const created = await client.bills.create(bill(1200));
    t.clock.advance(1000);
    await approver.client.billApprovals.approve(created.id);
    expect((await client.bills.get(created.id)).approvalStatus).toBe("APPROVED");
    // A policy created after the bill does not un-approve it.
    t.clock.advance(1000);
    const other = await member("ADMINISTRATOR");
    await client.billApprovals.policies.create(
      policy([other.userId], {
        policyName: "All bills",
        rules: [{ key: "BILL_AMOUNT", op: "gt", values: ["0"] }],
      }),
    );
    expect((await client.bills.get(created.id)).approvalStatus).toBe("APPROVED");
    // Changing the bill puts it under both policies, in the order they were made.
    t.clock.advance(1000);
    const raised = await client.bills.update(created.id, {
      billLineItems: [{ id: created.billLineItems[0]!.id, amount: 5000 }],
    });
    expect(raised.approvalStatus).toBe("ASSIGNED");
    expect(raised.approvers.map((a) => a.userId)).toEqual([approver.userId, other.userId]);
  });

  it("matches vendors, combines rules with AND, and shows the vendor's name", async () => {
    const approver = await member("APPROVER");
    const other = (await client.vendors.create({ name: "Other" })).id;
    const made = await client.billApprovals.policies.create(
      policy([approver.userId], {
        rules: [
          { key: "VENDOR_ID", op: "in", values: [vendorId] },
          { key: "BILL_AMOUNT", op: "gt", values: ["100.50"] },
        ],
      }),
    );
    expect(made.rules[0]?.values).toEqual([{ value: vendorId, displayName: "Happy Music Supplies" }]);
    expect((await client.bills.create(bill(100.51))).approvalStatus).toBe("ASSIGNED");
    expect((await client.bills.create(bill(100.5))).approvalStatus).toBe("UNASSIGNED");
    expect((await client.bills.create(bill(5000, { vendorId: other }))).approvalStatus).toBe("UNASSIGNED");
  });

  it("matches classification ids on the bill or any of its lines; nin when none is there", async () => {
    const approver = await member("APPROVER");
    const coa = (
      await client.classifications.chartOfAccounts.create({ name: "Supplies", account: { type: "EXPENSE" } })
    ).id;
    const loc = (await client.classifications.locations.create({ name: "HQ" })).id;
    await client.billApprovals.policies.create(
      policy([approver.userId], { rules: [{ key: "CHART_OF_ACCOUNT_ID", op: "in", values: [coa] }] }),
    );
    const onLine = bill(5, {
      billLineItems: [{ amount: 1 }, { amount: 4, classifications: { chartOfAccountId: coa } }],
    });
    expect((await client.bills.create(onLine)).approvalStatus).toBe("ASSIGNED");
    const onBill = bill(5, { classifications: { chartOfAccountId: coa } });
    expect((await client.bills.create(onBill)).approvalStatus).toBe("ASSIGNED");
    expect((await client.bills.create(bill(5))).approvalStatus).toBe("UNASSIGNED");

    const other = await member("ACCOUNTANT");
    await client.billApprovals.policies.create(
      policy([other.userId], { rules: [{ key: "LOCATION_ID", op: "nin", values: [loc] }] }),
    );
    expect((await client.bills.create(bill(5))).approvers.map((a) => a.userId)).toEqual([other.userId]);
    const located = bill(5, { classifications: { locationId: loc } });
    expect((await client.bills.create(located)).approvalStatus).toBe("UNASSIGNED");
  });

  it("refuses bad policies: fields, ops, values, approvers of another tenant or role", async () => {
    const approver = await member("APPROVER");
    const clerk = await member("CLERK");
    const foreignAccount = await provisionAccount(t.deps);
    const foreign = await signedIn(t, foreignAccount);
    const theirVendor = (await foreign.vendors.create({ name: "Theirs" })).id;
    const refused = async (body: unknown) => {
      const error = await rejection(client.billApprovals.policies.create(body as BillApprovalPolicyRequest));
      expect(error.status).toBe(400);
      return error.errors.map((e) => [e.code, errorParams(e).paramName0]);
    };
    expect(await refused({})).toEqual([
      ["BDC_1108", "policyName"],
      ["BDC_1108", "rules"],
      ["BDC_1108", "approvers"],
    ]);
    expect(await refused(policy([foreignAccount.userId]))).toEqual([["BDC_9001", "approvers[0]"]]);
    expect(await refused(policy([clerk.userId, approver.userId, approver.userId]))).toEqual([
      ["BDC_9001", "approvers[0]"],
      ["BDC_9001", "approvers[2]"],
    ]);
    expect(await refused(policy(["00601AAAAAAAAAAAAAAA", "agp01AAAAAAAAAAAAAAA"]))).toEqual([
      ["BDC_9001", "approvers[0]"],
      ["BDC_9001", "approvers[1]"],
    ]);
    expect(
      await refused(
        policy([approver.userId], {
          rules: [
            { key: "BILL_AMOUNT", op: "in", values: ["1"] },
            { key: "BILL_AMOUNT", op: "gte", values: ["1.005"] },
            { key: "VENDOR_ID", op: "eq", values: [theirVendor] },
            { key: "BILL_AMOUNT", op: "gte", values: ["1", "2"] },
            { key: "COLOR", op: "eq", values: ["red"] },
          ],
        }),
      ),
    ).toEqual([["BDC_9001", "rules[4].key"]]);
    expect(
      await refused(
        policy([approver.userId], {
          rules: [
            { key: "BILL_AMOUNT", op: "in", values: ["1"] },
            { key: "BILL_AMOUNT", op: "gte", values: ["1.005"] },
            { key: "VENDOR_ID", op: "eq", values: [theirVendor] },
            { key: "BILL_AMOUNT", op: "gte", values: ["1", "2"] },
          ],
        }),
      ),
    ).toEqual([
      ["BDC_9001", "rules[0].op"],
      ["BDC_9001", "rules[1].values[0]"],
      ["BDC_9001", "rules[2].values[0]"],
      ["BDC_9001", "rules[3].values"],
    ]);
    expect(await client.billApprovals.policies.list()).toEqual([]);
  });

  it("policies lifecycle: PUT, DELETE (200 SUCCESS), gone from the list, bills keep their approvers", async () => {
    const first = await member("APPROVER");
    const second = await member("APPROVER");
    const made = await client.billApprovals.policies.create(policy([first.userId]));
    const before = await client.bills.create(bill(1500));
    t.clock.advance(1000);
    const replaced = await client.billApprovals.policies.replace(
      made.id,
      policy([second.userId], { policyName: "Renamed" }),
    );
    expect([replaced.id, replaced.policyName, replaced.approvers.users.map((u) => u.userId)]).toEqual([
      made.id,
      "Renamed",
      [second.userId],
    ]);
    expect(await client.billApprovals.policies.list()).toEqual([replaced]);
    // The bill entered before the PUT keeps the approvers it was entered under; a new one gets the new.
    expect((await client.bills.get(before.id)).approvers.map((a) => a.userId)).toEqual([first.userId]);
    const after = await client.bills.create(bill(1500));
    expect(after.approvers.map((a) => a.userId)).toEqual([second.userId]);

    t.clock.advance(1000);
    const res = await client.rawRequest({
      method: "DELETE",
      path: `/v3/bill-approvals/policies/${made.id}`,
      auth: true,
    });
    expect([res.status, res.body]).toEqual([200, { status: "SUCCESS" }]);
    expect(await client.billApprovals.policies.list()).toEqual([]);
    for (const attempt of [
      () => client.billApprovals.policies.delete(made.id),
      () => client.billApprovals.policies.replace(made.id, policy([first.userId])),
    ]) {
      const error = await rejection(attempt());
      expect([error.status, error.code]).toEqual([404, "BDC_9005"]);
    }
    // Deleted: bills entered before still wait; new ones need nothing.
    expect((await client.bills.get(after.id)).approvalStatus).toBe("ASSIGNED");
    expect((await client.bills.create(bill(1500))).approvalStatus).toBe("UNASSIGNED");
  });

  it("all or nothing over the array; a non-approver is refused; another tenant's bill is 404", async () => {
    const approver = await member("APPROVER");
    await client.billApprovals.policies.create(policy([approver.userId]));
    const one = await client.bills.create(bill(1500));
    const two = await client.bills.create(bill(1600));
    const free = await client.bills.create(bill(10));

    // The free bill waits for nobody: the whole call is refused, the other bill stays waiting.
    const mixed = await rejection(
      approver.client.billApprovals.act([
        { billId: one.id, action: "APPROVE" },
        { billId: free.id, action: "APPROVE" },
      ]),
    );
    expect([mixed.status, mixed.code, errorParams(mixed.errors[0]).index]).toEqual([403, "BDC_9004", "1"]);
    expect((await client.bills.get(one.id)).approvalStatus).toBe("ASSIGNED");

    // A user who is not the approver, even an administrator, may not act.
    const notMine = await rejection(client.billApprovals.approve(one.id));
    expect([notMine.status, notMine.code]).toEqual([403, "BDC_9004"]);

    const intruderAccount = await provisionAccount(t.deps);
    const intruder = await signedIn(t, intruderAccount);
    const foreign = await rejection(intruder.billApprovals.approve(one.id));
    expect([foreign.status, foreign.code]).toEqual([404, "BDC_9005"]);
    expect(await intruder.billApprovals.pendingUserApprovals()).toEqual({ bills: [] });
    expect(await intruder.billApprovals.policies.list()).toEqual([]);

    const bad = async (body: unknown) => {
      const res = await approver.client.rawRequest({
        method: "POST",
        path: "/v3/bill-approvals/actions",
        auth: true,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      return [
        res.status,
        (res.body as BillErrorEntry[]).map((e) => [e.code, errorParams(e).paramName0, errorParams(e).index]),
      ];
    };
    expect(await bad([])).toEqual([400, [["BDC_9001", "body", undefined]]]);
    expect(await bad({ billId: one.id, action: "APPROVE" })).toEqual([
      400,
      [["BDC_1122", undefined, undefined]],
    ]);
    expect(await bad([{ billId: one.id }])).toEqual([400, [["BDC_1108", "action", "0"]]]);
    expect(await bad([{ billId: one.id, action: "MAYBE" }])).toEqual([400, [["BDC_9001", "action", "0"]]]);
    expect(
      await bad([
        { billId: one.id, action: "APPROVE" },
        { billId: one.id, action: "DENY" },
      ]),
    ).toEqual([400, [["BDC_9001", "billId", "1"]]]);
    expect(await bad([{ billId: "00n01AAAAAAAAAAAAAAA", action: "APPROVE" }])).toEqual([
      404,
      [["BDC_9005", "billId", "0"]],
    ]);
    expect(
      (await tableRows(t.databasePath, "resources")).filter((r) => r.kind === "bill-approvals/actions"),
    ).toHaveLength(0);

    await approver.client.billApprovals.act([
      { billId: one.id, action: "APPROVE" },
      { billId: two.id, action: "DENY", comment: "no" },
    ]);
    expect((await client.bills.get(one.id)).approvalStatus).toBe("APPROVED");
    expect((await client.bills.get(two.id)).approvalStatus).toBe("DENIED");
  });

  it("follows roles, keeps tenants apart, replays creates, answers a dead session 401", async () => {
    const approver = await member("APPROVER");
    const made = await client.billApprovals.policies.create(policy([approver.userId]));
    for (const role of ["ACCOUNTANT", "APPROVER", "CLERK", "PAYER", "AUDITOR"] as const) {
      const other = role === "APPROVER" ? approver : await member(role);
      expect(await other.client.billApprovals.policies.list(), role).toHaveLength(1);
      for (const attempt of [
        () => other.client.billApprovals.policies.create(policy([approver.userId])),
        () => other.client.billApprovals.policies.replace(made.id, policy([approver.userId])),
        () => other.client.billApprovals.policies.delete(made.id),
      ]) {
        const error = await rejection(attempt());
        expect([error.status, error.code], role).toEqual([403, "BDC_9004"]);
      }
    }
    // An approver whose role no longer approves may not act on the bills waiting for them.
    const auditor = await member("ADMINISTRATOR");
    await client.billApprovals.policies.replace(made.id, policy([auditor.userId]));
    const waiting = await client.bills.create(bill(1500));
    const membership = await t.deps.stores.memberships.findMember(admin.organizationId, auditor.userId);
    const auditorRole = await t.deps.stores.roles.findByType(admin.organizationId, "AUDITOR");
    await t.deps.stores.memberships.update(
      auditor.userId,
      admin.organizationId,
      { roleId: auditorRole!.id },
      t.clock.now(),
    );
    expect(membership?.roleType).toBe("ADMINISTRATOR");
    const demoted = await rejection(auditor.client.billApprovals.approve(waiting.id));
    expect([demoted.status, demoted.code]).toEqual([403, "BDC_9004"]);
    expect(await auditor.client.billApprovals.pendingUserApprovals()).toEqual({ bills: [] });
    // The way out: a PUT without them, then the bill written again.
    t.clock.advance(1000);
    await client.billApprovals.policies.replace(made.id, policy([approver.userId]));
    expect((await client.bills.get(waiting.id)).approvers.map((a) => a.userId)).toEqual([auditor.userId]);
    t.clock.advance(1000);
    await client.bills.archive(waiting.id);
    const restored = await client.bills.restore(waiting.id);
    expect(restored.approvers.map((a) => a.userId)).toEqual([approver.userId]);

    const intruder = await signedIn(t, await provisionAccount(t.deps));
    for (const attempt of [
      () => intruder.billApprovals.policies.replace(made.id, policy([approver.userId])),
      () => intruder.billApprovals.policies.delete(made.id),
    ]) {
      const error = await rejection(attempt());
      expect([error.status, error.code]).toEqual([404, "BDC_9005"]);
    }

    const once = await client.billApprovals.policies.create(policy([approver.userId]), {
      idempotencyKey: "p-1",
    });
    expect(
      await client.billApprovals.policies.create(policy([approver.userId]), { idempotencyKey: "p-1" }),
    ).toEqual(once);
    expect(await client.billApprovals.policies.list()).toHaveLength(2);

    t.clock.advance(36 * 60_000);
    const dead = await rejection(client.billApprovals.policies.list());
    expect([dead.status, dead.code]).toEqual([401, "BDC_1109"]);
    const deadAct = await rejection(approver.client.billApprovals.approve(waiting.id));
    expect([deadAct.status, deadAct.code]).toEqual([401, "BDC_1109"]);
    await client.sessions.login(loginBody(admin));
    expect(await client.billApprovals.policies.list()).toHaveLength(2);
  });
});
