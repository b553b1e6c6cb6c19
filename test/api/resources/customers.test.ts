/**
 * Customers through the client (docs/bill-v3-resources.md section 4): the lifecycle, their
 * filters and sorts, roles, tenants, idempotency and a dead session; SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { BillClient, CreateCustomerRequest, Customer } from "../../../client/src/index.ts";
import { errorParams } from "../../../client/src/index.ts";
import { describeEachBackend } from "../../helpers/backends.ts";
import {
  type Account,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../../helpers/helpers.ts";
import { signedIn, signedInWithRole } from "../../helpers/provisioning-helpers.ts";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

const PAPERLESS: CreateCustomerRequest = {
  name: "Paperless Band",
  companyName: "Paperless Band LLC",
  contact: { firstName: "Check", lastName: "Mailworth" },
  email: "contact@paperlessband.org",
  accountType: "BUSINESS",
  phone: "9998887654",
  billingAddress: {
    line1: "987 Side Street",
    city: "San Jose",
    stateOrProvince: "CA",
    zipOrPostalCode: "95002",
    country: "US",
  },
};

describeEachBackend("customers", (backend) => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
  });
  afterEach(() => t.close());

  const ids = (customers: Customer[]) => customers.map((c) => c.id);
  const listAll = (params: Parameters<BillClient["customers"]["list"]>[0]) =>
    client.customers.list(params).toArray();

  it("creates BILL's example customer (201) and reads, patches, archives and restores it", async () => {
    const res = await client.rawRequest({
      method: "POST",
      path: "/v3/customers",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(PAPERLESS),
    });
    expect(res.status).toBe(201);
    const customer = res.body as Customer;
    expect(customer).toEqual({
      ...PAPERLESS,
      id: expect.stringMatching(/^0cu01[0-9A-Za-z]{15}$/),
      archived: false,
      invoiceCurrency: "USD",
      billingAddress: { ...PAPERLESS.billingAddress, countryName: "United States" },
      balance: { amount: 0 },
      createdTime: expect.stringMatching(ISO),
      updatedTime: expect.stringMatching(ISO),
    });
    expect(await client.customers.get(customer.id)).toEqual(customer);

    t.clock.advance(5000);
    const updated = await client.customers.update(customer.id, {
      name: "Paperless Band (Updated)",
      accountType: "PERSON",
      contact: { lastName: "Postman" },
    });
    expect(updated).toMatchObject({
      name: "Paperless Band (Updated)",
      accountType: "PERSON",
      contact: { firstName: "Check", lastName: "Postman" },
      createdTime: customer.createdTime,
    });
    expect(Date.parse(updated.updatedTime) - Date.parse(customer.updatedTime)).toBe(5000);
    expect((await client.customers.archive(customer.id)).archived).toBe(true);
    expect((await client.customers.restore(customer.id)).archived).toBe(false);
  });

  it("needs a name and an email; reports nested problems by path; has no bulk create", async () => {
    const missing = await rejection(client.customers.create({} as CreateCustomerRequest));
    expect(missing.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
      ["BDC_1108", "name"],
      ["BDC_1108", "email"],
    ]);
    const invalid = await rejection(
      client.customers.create({
        name: "X",
        email: "x@example.com",
        invoiceCurrency: "dollars",
        shippingAddress: { country: "US", stateOrProvince: "California" },
      }),
    );
    expect(invalid.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
      ["BDC_9001", "invoiceCurrency"],
    ]);
    const crossField = await rejection(
      client.customers.create({
        name: "X",
        email: "x@example.com",
        shippingAddress: { country: "US", stateOrProvince: "California" },
      }),
    );
    expect(crossField.errors.map((e) => errorParams(e).paramName0)).toEqual([
      "shippingAddress.stateOrProvince",
    ]);
    const bulk = await client.rawRequest({
      method: "POST",
      path: "/v3/customers/bulk",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify([PAPERLESS]),
    });
    // The path exists as /customers/{id}, only not for POST: BILL's "API not supported".
    expect(bulk.status).toBe(405);
    expect((bulk.body as { code: string }[])[0]?.code).toBe("BDC_1121");
    expect(await listAll({})).toEqual([]);
    // BILL has no PUT of a customer: the path answers 405, and the client offers no replace.
    const put = await client.rawRequest({
      method: "PUT",
      path: "/v3/customers/0cu01AAAAAAAAAAAAAAA",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(PAPERLESS),
    });
    expect(put.status).toBe(405);
    // @ts-expect-error replace is not a method of client.customers
    expect(client.customers.replace).toBeTypeOf("function");
    // @ts-expect-error nor of a classification
    expect(client.classifications.departments.replaceMany).toBeTypeOf("function");
  });

  it("filters and sorts on the fields BILL lists for customers, and refuses the others", async () => {
    const a = await client.customers.create({
      name: "Ann",
      email: "ann@example.com",
      invoiceCurrency: "USD",
    });
    t.clock.advance(1000);
    const b = await client.customers.create({
      name: "Bob",
      email: "bob@example.com",
      invoiceCurrency: "CAD",
      accountType: "PERSON",
      companyName: "Zeta",
    });
    t.clock.advance(1000);
    const c = await client.customers.create({
      name: "Anna",
      email: "anna@example.com",
      companyName: "Alpha",
    });
    expect(ids(await listAll({ filters: 'name:sw:"Ann"' }))).toEqual([a.id, c.id]);
    expect(ids(await listAll({ filters: "invoiceCurrency:ne:USD" }))).toEqual([b.id]);
    expect(ids(await listAll({ filters: 'accountType:nin:"PERSON"' }))).toEqual([a.id, c.id]);
    expect(
      ids(await listAll({ filters: `id:in:"${b.id},${c.id}",createdTime:gt:"${a.createdTime}"` })),
    ).toEqual([b.id, c.id]);
    expect(ids(await listAll({ sort: "companyName:desc" }))).toEqual([b.id, c.id, a.id]);
    expect(ids(await listAll({ sort: "name:desc" }))).toEqual([b.id, c.id, a.id]);
    for (const filters of ["address.country:eq:US", "paymentStatus:eq:PAID", "email:eq:ann@example.com"]) {
      const error = await rejection(client.customers.listPage({ filters }));
      expect(error.status).toBe(400);
      expect(error.errors[0]?.message).toMatch(/cannot be filtered on\.$/);
    }
  });

  it("keeps tenants apart, lets AUDITOR read only, replays idempotent creates, ends with the session", async () => {
    const mine = await client.customers.create({ name: "Mine", email: "m@example.com" });
    const intruder = await signedIn(t, await provisionAccount(t.deps));
    const stolen = await rejection(intruder.customers.update(mine.id, { name: "Stolen" }));
    expect([stolen.status, stolen.code]).toEqual([404, "BDC_9005"]);
    expect(await intruder.customers.list().toArray()).toEqual([]);

    const auditor = await signedInWithRole(t, admin, "AUDITOR");
    expect((await auditor.customers.get(mine.id)).name).toBe("Mine");
    const refused = await rejection(auditor.customers.create({ name: "No", email: "no@example.com" }));
    expect([refused.status, refused.code]).toEqual([403, "BDC_9004"]);

    // A second later: two customers of one instant list in id order, which is random.
    t.clock.advance(1000);
    const first = await client.customers.create(
      { name: "Once", email: "o@example.com" },
      { idempotencyKey: "c-1" },
    );
    const again = await client.customers.create(
      { name: "Once", email: "o@example.com" },
      { idempotencyKey: "c-1" },
    );
    expect(again).toEqual(first);
    const conflict = await rejection(
      client.customers.create({ name: "Other", email: "o@example.com" }, { idempotencyKey: "c-1" }),
    );
    expect(conflict.status).toBe(409);
    expect((await listAll({})).map((c) => c.name)).toEqual(["Mine", "Once"]);

    await client.sessions.logout();
    client.useSession(null);
    const dead = await client.rawRequest({
      method: "GET",
      path: "/v3/customers",
      headers: { devKey: admin.devKey, sessionId: "not-a-session" },
    });
    expect(dead.status).toBe(401);
    expect((dead.body as { code: string }[])[0]?.code).toBe("BDC_1109");
  });
});
