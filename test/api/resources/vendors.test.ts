/**
 * Vendors through the client (docs/bill-v3-resources.md section 2): the lifecycle, lists with
 * every filter operator and sort, paging under inserts, roles, tenants, idempotency and a
 * dead session; on SQLite and, with DATABASE_URL, on PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { BillClient, CreateVendorRequest, Vendor } from "../../../client/src/index.ts";
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
const VENDOR_ID = /^00901[0-9A-Za-z]{15}$/;

const HAPPY: CreateVendorRequest = {
  name: "Happy Music Supplies",
  accountType: "BUSINESS",
  email: "info@happymusicsupplies.org",
  phone: "9876543210",
  address: {
    line1: "123 Main Street",
    city: "San Jose",
    stateOrProvince: "CA",
    zipOrPostalCode: "95002",
    country: "US",
  },
  paymentInformation: {
    payeeName: "Happy Music Supplies",
    bankAccount: { nameOnAccount: "Bill Vendorson", accountNumber: "111222333", routingNumber: "074000010" },
  },
  billCurrency: "USD",
};

describeEachBackend("vendors", (backend) => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
  });
  afterEach(() => t.close());

  const names = (vendors: Vendor[]) => vendors.map((v) => v.name);
  const listAll = (params: Parameters<BillClient["vendors"]["list"]>[0]) =>
    client.vendors.list(params).toArray();

  it("creates BILL's example vendor: 201, computed fields, the bank account masked", async () => {
    const res = await client.rawRequest({
      method: "POST",
      path: "/v3/vendors",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(HAPPY),
    });
    expect(res.status).toBe(201);
    const vendor = res.body as Vendor;
    expect(vendor).toEqual({
      id: expect.stringMatching(VENDOR_ID),
      archived: false,
      name: "Happy Music Supplies",
      accountType: "BUSINESS",
      email: "info@happymusicsupplies.org",
      phone: "9876543210",
      address: { ...HAPPY.address, countryName: "United States" },
      paymentInformation: {
        payeeName: "Happy Music Supplies",
        payByType: "ACH",
        bankAccount: {
          nameOnAccount: "Bill Vendorson",
          accountNumber: "xxxxx2333",
          routingNumber: "074000010",
          type: "CHECKING",
          ownerType: "BUSINESS",
          paymentCurrency: "USD",
        },
      },
      additionalInfo: { track1099: false, combinePayments: false },
      bankAccountStatus: "NO_NET_LINKED_ACCOUNT",
      recurringPayments: false,
      billCurrency: "USD",
      balance: { amount: 0 },
      networkStatus: "NOT_CONNECTED",
      createdTime: expect.stringMatching(ISO),
      updatedTime: expect.stringMatching(ISO),
    });
    expect(await client.vendors.get(vendor.id)).toEqual(vendor);
    // The full account number is kept (payments need it) but never answered.
    expect(JSON.stringify(await client.vendors.list().toArray())).not.toContain("111222333");
  });

  it("defaults a minimal vendor: NONE, USD, no bank account, paid by check only with an address", async () => {
    const bare = await client.vendors.create({ name: "Bare" });
    expect(bare).toMatchObject({
      accountType: "NONE",
      billCurrency: "USD",
      bankAccountStatus: "NO_ACCOUNT",
      paymentInformation: { payeeName: "Bare", payByType: "UNDEFINED" },
    });
    expect(bare.address).toBeUndefined();
    const mailed = await client.vendors.create({
      name: "Mailed",
      address: { line1: "1 Main St", city: "Springfield", zipOrPostalCode: "12345", country: "US" },
    });
    expect(mailed.paymentInformation.payByType).toBe("CHECK");
  });

  it("reports every missing or invalid field by its dotted path, and writes nothing", async () => {
    const missing = await rejection(client.vendors.create({ email: "a@example.com" } as CreateVendorRequest));
    expect(missing.status).toBe(400);
    expect(missing.errors).toEqual([
      expect.objectContaining({ code: "BDC_1108", params: [{ name: "paramName0", value: "name" }] }),
    ]);

    const invalid = await rejection(
      client.vendors.create({
        name: "Bad",
        accountType: "COMPANY" as "BUSINESS",
        address: { country: "usa" },
        additionalInfo: { leadTimeInDays: -1 },
      }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.errors.map((e) => errorParams(e).paramName0)).toEqual([
      "accountType",
      "address.country",
      "additionalInfo.leadTimeInDays",
    ]);
    expect(invalid.errors.map((e) => e.code)).toEqual(["BDC_9001", "BDC_9001", "BDC_9001"]);

    const crossField = await rejection(
      client.vendors.create({
        name: "Rules",
        additionalInfo: { taxIdType: "EIN" },
        address: { country: "US", zipOrPostalCode: "ABC" },
      }),
    );
    expect(crossField.errors).toEqual([
      expect.objectContaining({
        code: "BDC_9001",
        params: [{ name: "paramName0", value: "additionalInfo.taxIdType" }],
      }),
      expect.objectContaining({
        code: "BDC_9001",
        params: [{ name: "paramName0", value: "address.zipOrPostalCode" }],
      }),
    ]);
    expect(await tableRows(t.databasePath, "resources")).toEqual([]);
  });

  it("bulk creates up to 20 in order, all or nothing, naming the position of each problem", async () => {
    const created = await client.vendors.createMany([{ name: "One" }, { name: "Two" }, { name: "Three" }]);
    expect(names(created.vendors)).toEqual(["One", "Two", "Three"]);
    expect(created.vendors.every((v) => VENDOR_ID.test(v.id))).toBe(true);

    const bad = await rejection(
      client.vendors.createMany([{ name: "Fine" }, {} as CreateVendorRequest, { name: "x", email: "nope" }]),
    );
    expect(bad.status).toBe(400);
    // Missing fields first (BILL's order): the invalid email waits until none is missing.
    expect(bad.errors).toEqual([
      expect.objectContaining({
        code: "BDC_1108",
        params: [
          { name: "paramName0", value: "name" },
          { name: "index", value: "1" },
        ],
      }),
    ]);
    const tooMany = await rejection(
      client.vendors.createMany(Array.from({ length: 21 }, (_, i) => ({ name: `V${i}` }))),
    );
    expect(tooMany.errors).toEqual([
      expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: "body" }] }),
    ]);
    // One instant for the whole bulk: the list orders them by id, the tie-break.
    expect(names(await listAll({})).sort()).toEqual(["One", "Three", "Two"]);
  });

  it("PATCH merges nested objects, clears with null, keeps updatedTime when nothing changes", async () => {
    const vendor = await client.vendors.create({ ...HAPPY, shortName: "Happy" });
    t.clock.advance(60_000);
    const updated = await client.vendors.update(vendor.id, {
      address: { city: "Oakland" },
      shortName: null as unknown as string,
    });
    expect(updated.address).toMatchObject({ line1: "123 Main Street", city: "Oakland", country: "US" });
    expect(updated.shortName).toBeUndefined();
    expect(updated.paymentInformation.bankAccount?.accountNumber).toBe("xxxxx2333");
    expect(Date.parse(updated.updatedTime) - Date.parse(vendor.updatedTime)).toBe(60_000);
    expect(updated.createdTime).toBe(vendor.createdTime);

    t.clock.advance(60_000);
    const same = await client.vendors.update(vendor.id, { name: "Happy Music Supplies" });
    expect(same.updatedTime).toBe(updated.updatedTime);

    const unnamed = await rejection(client.vendors.update(vendor.id, { name: null as unknown as string }));
    expect(unnamed.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([["BDC_1108", "name"]]);

    const bank = await rejection(
      client.vendors.update(vendor.id, {
        paymentInformation: { bankAccount: { accountNumber: "1234" } } as never,
      }),
    );
    expect(bank.errors).toEqual([
      expect.objectContaining({
        code: "BDC_9001",
        params: [{ name: "paramName0", value: "paymentInformation.bankAccount" }],
      }),
    ]);
  });

  it("archives and restores; twice changes nothing; archived vendors stay listed", async () => {
    const vendor = await client.vendors.create({ name: "Gone" });
    t.clock.advance(1000);
    const archived = await client.vendors.archive(vendor.id);
    expect(archived.archived).toBe(true);
    t.clock.advance(1000);
    expect((await client.vendors.archive(vendor.id)).updatedTime).toBe(archived.updatedTime);
    expect((await listAll({ filters: "archived:eq:true" })).map((v) => v.id)).toEqual([vendor.id]);
    expect(await listAll({ filters: "archived:eq:false" })).toEqual([]);
    const restored = await client.vendors.restore(vendor.id);
    expect(restored.archived).toBe(false);
    expect(Date.parse(restored.updatedTime)).toBeGreaterThan(Date.parse(archived.updatedTime));
  });

  it("filters with every operator BILL gives each field", async () => {
    const a = await client.vendors.create({ name: "Alpha", accountType: "BUSINESS", billCurrency: "USD" });
    t.clock.advance(1000);
    const b = await client.vendors.create({
      name: "Alps, Ltd",
      accountType: "PERSON",
      billCurrency: "CAD",
      address: { country: "CA" },
    });
    t.clock.advance(1000);
    const c = await client.vendors.create({ name: "Beta", billCurrency: "EUR" });
    const ids = (vendors: Vendor[]) => vendors.map((v) => v.id);

    expect(ids(await listAll({ filters: `id:eq:${b.id}` }))).toEqual([b.id]);
    expect(ids(await listAll({ filters: `id:ne:${b.id}` }))).toEqual([a.id, c.id]);
    expect(ids(await listAll({ filters: `id:in:"${a.id},${c.id}"` }))).toEqual([a.id, c.id]);
    expect(ids(await listAll({ filters: 'name:eq:"Alps, Ltd"' }))).toEqual([b.id]);
    expect(ids(await listAll({ filters: 'name:sw:"Al"' }))).toEqual([a.id, b.id]);
    expect(ids(await listAll({ filters: "name:sw:al" }))).toEqual([]);
    expect(ids(await listAll({ filters: "accountType:eq:BUSINESS" }))).toEqual([a.id]);
    expect(ids(await listAll({ filters: "accountType:ne:BUSINESS" }))).toEqual([b.id, c.id]);
    expect(ids(await listAll({ filters: 'accountType:in:"PERSON,NONE"' }))).toEqual([b.id, c.id]);
    expect(ids(await listAll({ filters: 'accountType:nin:"PERSON","NONE"' }))).toEqual([a.id]);
    expect(ids(await listAll({ filters: "billCurrency:in:USD" }))).toEqual([a.id]);
    expect(ids(await listAll({ filters: 'billCurrency:nin:"USD,CAD"' }))).toEqual([c.id]);
    expect(ids(await listAll({ filters: "address.country:eq:CA" }))).toEqual([b.id]);
    expect(ids(await listAll({ filters: "address.country:ne:CA" }))).toEqual([a.id, c.id]);
    // Times: BILL's forms, with and without an offset or a time; ranges combine with AND.
    const second = b.createdTime;
    expect(ids(await listAll({ filters: `createdTime:gt:"${second}"` }))).toEqual([c.id]);
    expect(ids(await listAll({ filters: `createdTime:gte:"${second}"` }))).toEqual([b.id, c.id]);
    expect(ids(await listAll({ filters: `createdTime:lt:"${second}"` }))).toEqual([a.id]);
    expect(ids(await listAll({ filters: `createdTime:lte:"${second.replace("+00:00", "Z")}"` }))).toEqual([
      a.id,
      b.id,
    ]);
    expect(
      ids(await listAll({ filters: "createdTime:gte:2026-11-29,updatedTime:lt:2026-11-30T00:00" })),
    ).toEqual([a.id, b.id, c.id]);
    expect(ids(await listAll({ filters: "createdTime:gt:2026-11-30" }))).toEqual([]);
  });

  it("refuses an unknown field, operator or value in filters and sort, naming it", async () => {
    const refused = async (params: { filters?: string; sort?: string }) => {
      const error = await rejection(client.vendors.listPage(params));
      expect(error.status).toBe(400);
      const [entry] = error.errors;
      expect(entry?.code).toBe("BDC_9001");
      return entry?.message;
    };
    expect(await refused({ filters: "nickname:eq:x" })).toBe(
      "Invalid value for parameter: filters. 'nickname' cannot be filtered on.",
    );
    expect(await refused({ filters: "paymentStatus:eq:PAID" })).toContain(
      "'paymentStatus' cannot be filtered on.",
    );
    expect(await refused({ filters: "name:like:x" })).toBe(
      "Invalid value for parameter: filters. Unknown operator 'like'.",
    );
    expect(await refused({ filters: "name:gt:x" })).toBe(
      "Invalid value for parameter: filters. 'name' does not take 'gt'.",
    );
    expect(await refused({ filters: "createdTime:eq:2026-11-29" })).toContain(
      "'createdTime' does not take 'eq'.",
    );
    expect(await refused({ filters: "createdTime:gt:yesterday" })).toContain(
      "'createdTime' takes a datetime value.",
    );
    expect(await refused({ filters: "createdTime:gt:2026-02-31" })).toContain("datetime");
    expect(await refused({ filters: "archived:eq:yes" })).toContain("'archived' takes a boolean value.");
    expect(await refused({ filters: "accountType:eq:COMPANY" })).toContain("'accountType' is one of");
    expect(await refused({ filters: 'name:eq:"open' })).toContain("not closed");
    expect(await refused({ filters: "name" })).toContain("field:operator:value");
    expect(await refused({ sort: "balance:asc" })).toBe(
      "Invalid value for parameter: sort. 'balance' cannot be sorted on.",
    );
    expect(await refused({ sort: "name:up" })).toContain("asc or desc");
    expect(await refused({ sort: "name,name:desc" })).toContain("given twice");
    // Text that does not look like a field name is never echoed.
    expect(await refused({ filters: "<script>:eq:1" })).toBe(
      "Invalid value for parameter: filters. Each filter is field:operator:value.",
    );
  });

  it("sorts by several fields, ties broken by id, and pages stably while vendors are added", async () => {
    for (const [name, currency] of [
      ["Cedar", "USD"],
      ["alder", "CAD"],
      ["Birch", "USD"],
      ["Aspen", "CAD"],
    ] as const) {
      await client.vendors.create({ name, billCurrency: currency });
      t.clock.advance(1000);
    }
    expect(names(await listAll({ sort: "name:asc" }))).toEqual(["Aspen", "Birch", "Cedar", "alder"]);
    expect(names(await listAll({ sort: "name:desc" }))).toEqual(["alder", "Cedar", "Birch", "Aspen"]);
    expect(names(await listAll({ sort: "billCurrency:desc,name" }))).toEqual([
      "Birch",
      "Cedar",
      "Aspen",
      "alder",
    ]);
    expect(names(await listAll({}))).toEqual(["Cedar", "alder", "Birch", "Aspen"]);

    const first = await client.vendors.listPage({ max: 2, sort: "name:asc" });
    expect(names(first.results)).toEqual(["Aspen", "Birch"]);
    expect(first.prevPage).toBeUndefined();
    // Added between the pages: one sorts before the cursor (not seen), one after (seen once).
    await client.vendors.create({ name: "Abies" });
    await client.vendors.create({ name: "Bonsai" });
    const second = await client.vendors.listPage({ max: 2, sort: "name:asc", page: first.nextPage ?? "" });
    expect(names(second.results)).toEqual(["Bonsai", "Cedar"]);
    const third = await client.vendors.listPage({ max: 2, sort: "name:asc", page: second.nextPage ?? "" });
    expect(names(third.results)).toEqual(["alder"]);
    expect(third.nextPage).toBeUndefined();
    const back = await client.vendors.listPage({ max: 2, sort: "name:asc", page: third.prevPage ?? "" });
    expect(names(back.results)).toEqual(["Bonsai", "Cedar"]);

    // A cursor belongs to its list: other sort or filters, or a forged one, is refused.
    for (const params of [
      { sort: "name:desc", page: first.nextPage ?? "" },
      { filters: "archived:eq:false", sort: "name:asc", page: first.nextPage ?? "" },
      { sort: "name:asc", page: "bm90LWEtY3Vyc29y" },
    ]) {
      const error = await rejection(client.vendors.listPage(params));
      expect(error.errors).toEqual([
        expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: "page" }] }),
      ]);
    }
    const badMax = await rejection(client.vendors.listPage({ max: 101 }));
    expect(badMax.errors).toEqual([
      expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: "max" }] }),
    ]);
  });

  it("keeps organizations apart: another tenant's vendor is not found and never listed", async () => {
    const mine = await client.vendors.create({ name: "Mine" });
    const other = await provisionAccount(t.deps);
    const intruder = await signedIn(t, other);
    for (const attempt of [
      () => intruder.vendors.get(mine.id),
      () => intruder.vendors.update(mine.id, { name: "Stolen" }),
      () => intruder.vendors.archive(mine.id),
      () => intruder.vendors.restore(mine.id),
    ]) {
      const error = await rejection(attempt());
      expect(error.status).toBe(404);
      expect(error.errors).toEqual([
        expect.objectContaining({ code: "BDC_9005", message: `No data found for id: ${mine.id}.` }),
      ]);
    }
    expect(await intruder.vendors.list().toArray()).toEqual([]);
    expect(await intruder.vendors.list({ filters: `id:eq:${mine.id}` }).toArray()).toEqual([]);
    expect((await client.vendors.get(mine.id)).name).toBe("Mine");
  });

  it("follows BILL's roles: every role reads, ADMINISTRATOR, ACCOUNTANT and CLERK write", async () => {
    const vendor = await client.vendors.create({ name: "Shared" });
    for (const role of ["ACCOUNTANT", "CLERK"] as const) {
      const writer = await signedInWithRole(t, admin, role);
      expect((await writer.vendors.create({ name: role })).name).toBe(role);
    }
    for (const role of ["AUDITOR", "APPROVER", "PAYER"] as const) {
      const reader = await signedInWithRole(t, admin, role);
      expect((await reader.vendors.get(vendor.id)).name).toBe("Shared");
      for (const attempt of [
        () => reader.vendors.create({ name: "No" }),
        () => reader.vendors.createMany([{ name: "No" }]),
        () => reader.vendors.update(vendor.id, { name: "No" }),
        () => reader.vendors.archive(vendor.id),
      ]) {
        const error = await rejection(attempt());
        expect(error.status).toBe(403);
        expect(error.errors.map((e) => e.code)).toEqual(["BDC_9004"]);
      }
    }
    expect((await client.vendors.get(vendor.id)).name).toBe("Shared");
  });

  it("replays a create with the same X-Idempotent-Key: one vendor, the same answer", async () => {
    const key = "vendor-create-1";
    const first = await client.vendors.create({ name: "Once" }, { idempotencyKey: key });
    const again = await client.rawRequest({
      method: "POST",
      path: "/v3/vendors",
      auth: true,
      headers: { "Content-Type": "application/json", "X-Idempotent-Key": key },
      body: JSON.stringify({ name: "Once" }),
    });
    expect(again.status).toBe(201);
    expect(again.headers.get("x-idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first);
    t.clock.advance(1000);
    const bulk = await client.vendors.createMany([{ name: "B1" }], { idempotencyKey: "bulk-1" });
    expect(await client.vendors.createMany([{ name: "B1" }], { idempotencyKey: "bulk-1" })).toEqual(bulk);
    expect(names(await listAll({}))).toEqual(["Once", "B1"]);
  });

  it("answers a dead session with 401 BDC_1109 on every vendor route", async () => {
    const vendor = await client.vendors.create({ name: "Mine" });
    t.clock.advance(36 * 60_000);
    for (const attempt of [
      () => client.vendors.listPage(),
      () => client.vendors.get(vendor.id),
      () => client.vendors.create({ name: "x" }),
      () => client.vendors.createMany([{ name: "x" }]),
      () => client.vendors.update(vendor.id, { name: "x" }),
      () => client.vendors.archive(vendor.id),
      () => client.vendors.restore(vendor.id),
    ]) {
      const error = await rejection(attempt());
      expect(error.status).toBe(401);
      expect(error.errors.map((e) => e.code)).toEqual(["BDC_1109"]);
    }
    await client.sessions.login(loginBody(admin));
    expect((await client.vendors.get(vendor.id)).name).toBe("Mine");
  });
});
