/**
 * The organization's bank accounts through the client (docs/bill-v3-resources.md section 8):
 * create, verify with the sandbox deposit, update, list, archive; the wrong deposits that
 * block an account; roles, tenants, MFA, idempotency, a dead session, masked numbers; and the
 * verified account a seeded or demo organization starts with. SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { BankAccount, BillClient, CreateBankAccountRequest } from "../../../client/src/index.ts";
import { errorParams } from "../../../client/src/index.ts";
import { setOrganizationMfaRequired } from "../../../src/auth/accounts/provisioning.ts";
import { ensureDemoAccount } from "../../../src/operator/demo.ts";
import { applySeed } from "../../../src/operator/seed/seed.ts";
import { BANK_ACCOUNTS, isVerifiedBankAccount } from "../../../src/resources/funding/bank-state.ts";
import { describeEachBackend } from "../../helpers/backends.ts";
import {
  type Account,
  loginBody,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
  unwrap,
} from "../../helpers/helpers.ts";
import { signedIn, signedInWithRole } from "../../helpers/provisioning-helpers.ts";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

/** BILL's own example [PM: "Create a bank account"]. */
const AGATHA: CreateBankAccountRequest = {
  nameOnAccount: "Agatha Ffringe",
  routingNumber: "074000010",
  accountNumber: "111222333",
  type: "CHECKING",
  ownerType: "BUSINESS",
  bankName: "Chase",
};

describeEachBackend("bank accounts", (backend) => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
  });
  afterEach(() => t.close());

  const banks = () => client.fundingAccounts.banks;
  const ids = (accounts: BankAccount[]) => accounts.map((a) => a.id);

  it("creates BILL's example PENDING (201), verifies it with 0.50, then updates and archives it", async () => {
    const res = await client.rawRequest({
      method: "POST",
      path: "/v3/funding-accounts/banks",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(AGATHA),
    });
    expect(res.status).toBe(201);
    const bank = res.body as BankAccount;
    expect(bank).toEqual({
      ...AGATHA,
      id: expect.stringMatching(/^bac01[0-9A-Za-z]{15}$/),
      archived: false,
      status: "PENDING",
      createdBy: admin.userId,
      accountNumber: "xxxxx2333",
      accessToAdmins: false,
      default: { payables: false, receivables: false },
      createdTime: expect.stringMatching(ISO),
      updatedTime: expect.stringMatching(ISO),
    });
    expect(await banks().get(bank.id)).toEqual(bank);
    // The full number is stored (payments need it), never answered.
    const stored = await t.deps.stores.resources.find(admin.organizationId, BANK_ACCOUNTS, bank.id);
    expect(stored?.data.accountNumber).toBe("111222333");
    expect(stored && isVerifiedBankAccount(stored)).toBe(false);

    // BILL: only a VERIFIED account may be updated or archived.
    const early = await rejection(banks().update(bank.id, { bankName: "Early" }));
    expect([early.status, early.code, errorParams(early.errors[0]).paramName0]).toEqual([
      400,
      "BDC_9001",
      "status",
    ]);
    const earlyArchive = await rejection(banks().archive(bank.id));
    expect([earlyArchive.status, errorParams(earlyArchive.errors[0]).paramName0]).toEqual([400, "status"]);

    t.clock.advance(5000);
    expect(await banks().verify(bank.id, { depositAmount: 0.5 })).toEqual({ verified: true });
    const verified = await banks().get(bank.id);
    expect(verified.status).toBe("VERIFIED");
    expect(Date.parse(verified.updatedTime) - Date.parse(bank.updatedTime)).toBe(5000);
    const again = await t.deps.stores.resources.find(admin.organizationId, BANK_ACCOUNTS, bank.id);
    expect(again && isVerifiedBankAccount(again)).toBe(true);
    // Verifying again changes nothing and still says verified, whatever the amount.
    t.clock.advance(1000);
    expect(await banks().verify(bank.id, { depositAmount: 0.12 })).toEqual({ verified: true });
    expect((await banks().get(bank.id)).updatedTime).toBe(verified.updatedTime);

    const updated = await banks().update(bank.id, {
      ownerType: "PERSONAL",
      default: { payables: true },
      accessToAdmins: true,
    });
    expect(updated).toMatchObject({
      ownerType: "PERSONAL",
      default: { payables: true, receivables: false },
      accessToAdmins: true,
      accountNumber: "xxxxx2333",
    });
    // routingNumber, accountNumber and type never change [PM: "Update a bank account"].
    for (const field of ["routingNumber", "accountNumber", "type"] as const) {
      const refused = await rejection(banks().update(bank.id, { [field]: AGATHA[field] } as never));
      expect([refused.code, errorParams(refused.errors[0]).paramName0]).toEqual(["BDC_9001", field]);
    }
    const archived = await banks().archive(bank.id);
    expect(archived.archived).toBe(true);
    const gone = await t.deps.stores.resources.find(admin.organizationId, BANK_ACCOUNTS, bank.id);
    expect(gone && isVerifiedBankAccount(gone)).toBe(false);
    // BILL has no restore of a bank account: no route, and the client offers none.
    // @ts-expect-error restore is not a method of client.fundingAccounts.banks
    expect(banks().restore).toBeTypeOf("function");
    const restore = await client.rawRequest({
      method: "POST",
      path: `/v3/funding-accounts/banks/${bank.id}/restore`,
      auth: true,
    });
    expect([restore.status, (restore.body as { code: string }[])[0]?.code]).toEqual([404, "BDC_1121"]);
  });

  it("counts wrong deposits: verified false, and the third blocks the account for good", async () => {
    const bank = await banks().create(AGATHA);
    for (const amount of [0.49, 0.51]) {
      expect(await banks().verify(bank.id, { depositAmount: amount })).toEqual({ verified: false });
      expect((await banks().get(bank.id)).status).toBe("PENDING");
    }
    expect(await banks().verify(bank.id, { depositAmount: 0.99 })).toEqual({ verified: false });
    expect((await banks().get(bank.id)).status).toBe("BLOCKED");
    // Blocked: even the right amount no longer verifies it.
    expect(await banks().verify(bank.id, { depositAmount: 0.5 })).toEqual({ verified: false });
    expect((await banks().get(bank.id)).status).toBe("BLOCKED");

    // Malformed amounts are refused before they count.
    const other = await banks().create({ ...AGATHA, accountNumber: "999888777" });
    for (const depositAmount of [0, 1, 0.505, -0.5, "0.50"]) {
      const refused = await rejection(banks().verify(other.id, { depositAmount } as never));
      expect([refused.status, refused.code, errorParams(refused.errors[0]).paramName0]).toEqual([
        400,
        "BDC_9001",
        "depositAmount",
      ]);
    }
    const missing = await rejection(banks().verify(other.id, {} as never));
    expect([missing.code, errorParams(missing.errors[0]).paramName0]).toEqual(["BDC_1108", "depositAmount"]);
    expect(await banks().verify(other.id, { depositAmount: 0.5 })).toEqual({ verified: true });
    const unknown = await rejection(banks().verify("bac01AAAAAAAAAAAAAAA", { depositAmount: 0.5 }));
    expect([unknown.status, unknown.code]).toEqual([404, "BDC_9005"]);
  });

  it("validates a create: required fields, the routing checksum, enums", async () => {
    const missing = await rejection(banks().create({} as CreateBankAccountRequest));
    expect(missing.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
      ["BDC_1108", "nameOnAccount"],
      ["BDC_1108", "routingNumber"],
      ["BDC_1108", "accountNumber"],
      ["BDC_1108", "type"],
      ["BDC_1108", "ownerType"],
    ]);
    const badChecksum = await rejection(banks().create({ ...AGATHA, routingNumber: "074000011" }));
    expect([badChecksum.code, errorParams(badChecksum.errors[0]).paramName0]).toEqual([
      "BDC_9001",
      "routingNumber",
    ]);
    const badEnum = await rejection(banks().create({ ...AGATHA, ownerType: "PERSON" as never }));
    expect(errorParams(badEnum.errors[0]).paramName0).toBe("ownerType");
    const badNumber = await rejection(banks().create({ ...AGATHA, accountNumber: "12ab" }));
    expect(errorParams(badNumber.errors[0]).paramName0).toBe("accountNumber");
    expect(await banks().list().toArray()).toEqual([]);
  });

  it("filters and sorts on BILL's bank account fields, and refuses the others", async () => {
    const a = await banks().create({ ...AGATHA, nameOnAccount: "Zed", bankName: "B" });
    t.clock.advance(1000);
    const b = await banks().create({ ...AGATHA, nameOnAccount: "Amy", type: "SAVINGS", bankName: "A" });
    t.clock.advance(1000);
    const c = await banks().create({
      ...AGATHA,
      nameOnAccount: "Max",
      ownerType: "PERSONAL",
      accessToAdmins: true,
    });
    await banks().verify(b.id, { depositAmount: 0.5 });
    const list = (params: Parameters<BillClient["fundingAccounts"]["banks"]["list"]>[0]) =>
      banks().list(params).toArray();
    expect(ids(await list({}))).toEqual([a.id, b.id, c.id]);
    expect(ids(await list({ filters: "status:eq:VERIFIED" }))).toEqual([b.id]);
    expect(ids(await list({ filters: 'status:nin:"VERIFIED"' }))).toEqual([a.id, c.id]);
    expect(ids(await list({ filters: "type:eq:SAVINGS" }))).toEqual([b.id]);
    expect(ids(await list({ filters: "ownerType:ne:BUSINESS" }))).toEqual([c.id]);
    expect(ids(await list({ filters: "accessToAdmins:eq:true" }))).toEqual([c.id]);
    expect(ids(await list({ filters: `id:in:"${a.id},${c.id}",createdTime:gt:"${a.createdTime}"` }))).toEqual(
      [c.id],
    );
    expect(ids(await list({ sort: "nameOnAccount:asc" }))).toEqual([b.id, c.id, a.id]);
    expect(ids(await list({ sort: "bankName:desc" }))).toEqual([c.id, a.id, b.id]);
    for (const filters of ["accountNumber:eq:111222333", "status:eq:DONE", "bankName:eq:A"]) {
      const error = await rejection(banks().listPage({ filters }));
      expect([error.status, error.code]).toEqual([400, "BDC_9001"]);
    }
    const sort = await rejection(banks().listPage({ sort: "accountNumber:asc" }));
    expect(sort.status).toBe(400);
    // Never the full number, anywhere in a list.
    const page = await client.rawRequest({ method: "GET", path: "/v3/funding-accounts/banks", auth: true });
    expect(JSON.stringify(page.body)).not.toContain("111222333");
  });

  it("keeps tenants apart, lets only an ADMINISTRATOR write, replays idempotent creates, ends with the session", async () => {
    const mine = await banks().create(AGATHA);
    const intruder = await signedIn(t, await provisionAccount(t.deps));
    for (const attempt of [
      () => intruder.fundingAccounts.banks.get(mine.id),
      () => intruder.fundingAccounts.banks.verify(mine.id, { depositAmount: 0.5 }),
      () => intruder.fundingAccounts.banks.archive(mine.id),
    ]) {
      const stolen = await rejection(attempt());
      expect([stolen.status, stolen.code]).toEqual([404, "BDC_9005"]);
    }
    expect(await intruder.fundingAccounts.banks.list().toArray()).toEqual([]);
    expect((await banks().get(mine.id)).status).toBe("PENDING");

    for (const role of ["ACCOUNTANT", "PAYER", "AUDITOR"] as const) {
      const other = await signedInWithRole(t, admin, role);
      expect((await other.fundingAccounts.banks.get(mine.id)).id).toBe(mine.id);
      for (const attempt of [
        () => other.fundingAccounts.banks.create(AGATHA),
        () => other.fundingAccounts.banks.verify(mine.id, { depositAmount: 0.5 }),
        () => other.fundingAccounts.banks.update(mine.id, { bankName: "No" }),
        () => other.fundingAccounts.banks.archive(mine.id),
      ]) {
        const refused = await rejection(attempt());
        expect([role, refused.status, refused.code]).toEqual([role, 403, "BDC_9004"]);
      }
    }
    expect((await banks().get(mine.id)).status).toBe("PENDING");

    t.clock.advance(1000);
    const body = { ...AGATHA, accountNumber: "123456789" };
    const first = await banks().create(body, { idempotencyKey: "bank-1" });
    const again = await banks().create(body, { idempotencyKey: "bank-1" });
    expect(again).toEqual(first);
    const conflict = await rejection(banks().create(AGATHA, { idempotencyKey: "bank-1" }));
    expect(conflict.status).toBe(409);
    expect(ids(await banks().list().toArray())).toEqual([mine.id, first.id]);

    await client.sessions.logout();
    client.useSession(null);
    for (const [method, path] of [
      ["GET", "/v3/funding-accounts/banks"],
      ["POST", `/v3/funding-accounts/banks/${mine.id}/verify`],
    ]) {
      const dead = await client.rawRequest({
        method: method as string,
        path: path as string,
        headers: { devKey: admin.devKey, sessionId: "not-a-session", "Content-Type": "application/json" },
        ...(method === "POST" ? { body: JSON.stringify({ depositAmount: 0.5 }) } : {}),
      });
      expect(dead.status).toBe(401);
      expect((dead.body as { code: string }[])[0]?.code).toBe("BDC_1109");
    }
  });

  it("needs a trusted session to create where the organization requires MFA", async () => {
    unwrap(await setOrganizationMfaRequired(t.deps, admin.organizationId, true));
    const untrusted = t.client(admin.devKey);
    await untrusted.sessions.login(loginBody(admin));
    const refused = await rejection(untrusted.fundingAccounts.banks.create(AGATHA));
    expect([refused.status, refused.code]).toEqual([403, "BDC_1361"]);
    expect(await untrusted.fundingAccounts.banks.list().toArray()).toEqual([]);
  });

  it("gives every organization a seed creates, and the demo organization, one verified bank account", async () => {
    const report = unwrap(
      await applySeed(t.deps, {
        organizations: [{ name: "Seeded One" }, { name: "Seeded Two" }],
        users: [
          {
            email: "seed.admin@example.com",
            password: "a long seed password",
            memberships: [
              { organization: "Seeded One", role: "ADMINISTRATOR" },
              { organization: "Seeded Two", role: "ADMINISTRATOR" },
            ],
          },
        ],
      }),
    );
    const organizations = report.created.filter((c) => c.kind === "organization");
    expect(organizations).toHaveLength(2);
    const numbers = new Set<string>();
    for (const organization of organizations) {
      const records = await t.deps.stores.resources.listAll(organization.id, BANK_ACCOUNTS);
      expect(records).toHaveLength(1);
      expect(records.filter(isVerifiedBankAccount)).toHaveLength(1);
      numbers.add(String(records[0]?.data.accountNumber));
      const seeded = t.client(admin.devKey);
      await seeded.sessions.login({
        username: "seed.admin@example.com",
        password: "a long seed password",
        organizationId: organization.id,
      });
      const [bank, ...more] = await seeded.fundingAccounts.banks.list().toArray();
      expect(more).toEqual([]);
      expect(bank).toMatchObject({
        id: expect.stringMatching(/^bac01/),
        status: "VERIFIED",
        archived: false,
        routingNumber: "074000010",
        accountNumber: expect.stringMatching(/^x{8}\d{4}$/),
        default: { payables: true, receivables: true },
      });
    }
    // Different test numbers per organization, as BILL asks.
    expect(numbers.size).toBe(2);
    // Seeding again creates nothing more.
    unwrap(await applySeed(t.deps, { organizations: [{ name: "Seeded One" }, { name: "Seeded Two" }] }));
    for (const organization of organizations) {
      expect(await t.deps.stores.resources.listAll(organization.id, BANK_ACCOUNTS)).toHaveLength(1);
    }
  });

  it("gives the demo organization of a fresh store a verified bank account its administrator made", async () => {
    const fresh = await startTestServer({ backend });
    try {
      // The test server's store is empty of devKeys until something provisions one.
      const demo = unwrap(await ensureDemoAccount(fresh.deps));
      if (!demo) throw new Error("expected a demo account on an empty store");
      const records = await fresh.deps.stores.resources.listAll(demo.organizationId, BANK_ACCOUNTS);
      expect(records.filter(isVerifiedBankAccount)).toHaveLength(1);
      expect(records[0]?.data.createdBy).toBe(demo.userId);
    } finally {
      await fresh.close();
    }
  });
});
