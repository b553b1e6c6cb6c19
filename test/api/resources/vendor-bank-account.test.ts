/**
 * A vendor's bank account and configuration through the client (docs/bill-v3-resources.md
 * 2.7, 2.8, 8.4, 8.5): add (200), read, delete (204), add again; masked numbers; roles,
 * tenants, idempotency, a dead session; the configuration of a vendor and of a country.
 * SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { BillClient, VendorBankAccountInput } from "../../../client/src/index.ts";
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

/** BILL's example [PM: "Create a vendor bank account"]. */
const BANK: VendorBankAccountInput = {
  nameOnAccount: "Bill Vendorson",
  accountNumber: "111222333",
  routingNumber: "074000010",
  type: "CHECKING",
  ownerType: "BUSINESS",
  paymentCurrency: "USD",
};

describeEachBackend("vendor bank account", (backend) => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
  });
  afterEach(() => t.close());

  const post = (vendorId: string, body: unknown, headers: Record<string, string> = {}) =>
    client.rawRequest({
      method: "POST",
      path: `/v3/vendors/${vendorId}/bank-account`,
      auth: true,
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("adds (200), reads, deletes (204) and adds again a vendor's one bank account, always masked", async () => {
    const vendor = await client.vendors.create({ name: "Happy Music Supplies", accountType: "BUSINESS" });
    expect(vendor.bankAccountStatus).toBe("NO_ACCOUNT");
    const none = await rejection(client.vendors.getBankAccount(vendor.id));
    expect([none.status, none.code, errorParams(none.errors[0]).paramName0]).toEqual([
      404,
      "BDC_9005",
      "bankAccount",
    ]);

    t.clock.advance(5000);
    const created = await post(vendor.id, BANK);
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ ...BANK, accountNumber: "xxxxx2333" });
    expect(await client.vendors.getBankAccount(vendor.id)).toEqual({ ...BANK, accountNumber: "xxxxx2333" });
    const withBank = await client.vendors.get(vendor.id);
    expect(withBank.paymentInformation).toMatchObject({ payByType: "ACH", bankAccount: created.body });
    expect(withBank.bankAccountStatus).toBe("NO_NET_LINKED_ACCOUNT");
    expect(Date.parse(withBank.updatedTime) - Date.parse(vendor.updatedTime)).toBe(5000);
    // The full number never leaves the server: not in the vendor, not in a list.
    const list = await client.rawRequest({ method: "GET", path: "/v3/vendors", auth: true });
    expect(JSON.stringify(list.body)).not.toContain("111222333");

    // One per vendor: delete first, then create (BILL's way to change it).
    const twice = await rejection(client.vendors.createBankAccount(vendor.id, BANK));
    expect([twice.status, twice.code, errorParams(twice.errors[0]).paramName0]).toEqual([
      409,
      "BDC_9008",
      "bankAccount",
    ]);
    const deleted = await client.rawRequest({
      method: "DELETE",
      path: `/v3/vendors/${vendor.id}/bank-account`,
      auth: true,
    });
    expect([deleted.status, deleted.body]).toEqual([204, ""]);
    expect((await client.vendors.get(vendor.id)).bankAccountStatus).toBe("NO_ACCOUNT");
    const again = await rejection(client.vendors.deleteBankAccount(vendor.id));
    expect([again.status, again.code]).toEqual([404, "BDC_9005"]);

    // Defaults from the vendor (docs 2.7): a PERSON's account is PERSONAL, in its currency.
    const person = await client.vendors.create({ name: "Solo", accountType: "PERSON", billCurrency: "CAD" });
    expect(
      await client.vendors.createBankAccount(person.id, {
        nameOnAccount: "Solo",
        accountNumber: "987654321",
        routingNumber: "074000010",
      }),
    ).toEqual({
      nameOnAccount: "Solo",
      accountNumber: "xxxxx4321",
      routingNumber: "074000010",
      type: "CHECKING",
      ownerType: "PERSONAL",
      paymentCurrency: "CAD",
    });
  });

  it("validates the bank account and writes nothing on a refusal", async () => {
    const vendor = await client.vendors.create({ name: "V" });
    const missing = await rejection(
      client.vendors.createBankAccount(vendor.id, {} as VendorBankAccountInput),
    );
    expect(missing.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
      ["BDC_1108", "nameOnAccount"],
      ["BDC_1108", "accountNumber"],
      ["BDC_1108", "routingNumber"],
    ]);
    for (const [field, value] of [
      ["routingNumber", "074000011"],
      ["routingNumber", "12345"],
      ["accountNumber", "12"],
      ["type", "BROKERAGE"],
      ["ownerType", "PERSON"],
    ] as const) {
      const refused = await rejection(
        client.vendors.createBankAccount(vendor.id, { ...BANK, [field]: value }),
      );
      expect([refused.status, refused.code, errorParams(refused.errors[0]).paramName0]).toEqual([
        400,
        "BDC_9001",
        field,
      ]);
    }
    expect((await client.vendors.get(vendor.id)).updatedTime).toBe(vendor.updatedTime);
    // The vendor's own create checks the routing number the same way.
    const onCreate = await rejection(
      client.vendors.create({
        name: "W",
        paymentInformation: { bankAccount: { ...BANK, routingNumber: "074000011" } },
      }),
    );
    expect(errorParams(onCreate.errors[0]).paramName0).toBe("paymentInformation.bankAccount.routingNumber");
    const unknown = await rejection(client.vendors.createBankAccount("00901AAAAAAAAAAAAAAA", BANK));
    expect([unknown.status, unknown.code]).toEqual([404, "BDC_9005"]);
  });

  it("keeps tenants apart, lets ADMINISTRATOR and ACCOUNTANT write, replays idempotent creates, ends with the session", async () => {
    const vendor = await client.vendors.create({ name: "Mine" });
    const intruder = await signedIn(t, await provisionAccount(t.deps));
    for (const attempt of [
      () => intruder.vendors.createBankAccount(vendor.id, BANK),
      () => intruder.vendors.getBankAccount(vendor.id),
      () => intruder.vendors.deleteBankAccount(vendor.id),
      () => intruder.vendors.configuration(vendor.id),
    ]) {
      const stolen = await rejection(attempt());
      expect([stolen.status, stolen.code]).toEqual([404, "BDC_9005"]);
    }
    expect((await client.vendors.get(vendor.id)).bankAccountStatus).toBe("NO_ACCOUNT");

    for (const role of ["CLERK", "PAYER", "APPROVER", "AUDITOR"] as const) {
      const other = await signedInWithRole(t, admin, role);
      const refused = await rejection(other.vendors.createBankAccount(vendor.id, BANK));
      expect([role, refused.status, refused.code]).toEqual([role, 403, "BDC_9004"]);
    }
    const accountant = await signedInWithRole(t, admin, "ACCOUNTANT");
    const headers = { "X-Idempotent-Key": "vba-1" };
    const first = await post(vendor.id, BANK, headers);
    const replay = await post(vendor.id, BANK, headers);
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get("x-idempotent-replayed")).toBe("true");
    const conflict = await post(vendor.id, { ...BANK, nameOnAccount: "Other" }, headers);
    expect(conflict.status).toBe(409);

    const auditor = await signedInWithRole(t, admin, "AUDITOR");
    expect((await auditor.vendors.getBankAccount(vendor.id)).accountNumber).toBe("xxxxx2333");
    const cannotDelete = await rejection(auditor.vendors.deleteBankAccount(vendor.id));
    expect([cannotDelete.status, cannotDelete.code]).toEqual([403, "BDC_9004"]);
    await accountant.vendors.deleteBankAccount(vendor.id);
    expect(await accountant.vendors.createBankAccount(vendor.id, BANK)).toMatchObject({
      accountNumber: "xxxxx2333",
    });

    await client.sessions.logout();
    client.useSession(null);
    for (const path of [`/v3/vendors/${vendor.id}/bank-account`, `/v3/vendors/${vendor.id}/configuration`]) {
      const dead = await client.rawRequest({
        method: "GET",
        path,
        headers: { devKey: admin.devKey, sessionId: "not-a-session" },
      });
      expect(dead.status).toBe(401);
      expect((dead.body as { code: string }[])[0]?.code).toBe("BDC_1109");
    }
  });

  it("answers the configuration of a vendor and of a country, currency and account type", async () => {
    const domestic = await client.vendors.create({ name: "Local", address: { country: "US" } });
    expect(await client.vendors.configuration(domestic.id)).toEqual({
      internationalPayments: { paymentPurpose: { required: false, codes: [] }, validations: { fields: [] } },
    });
    const danish = await client.vendors.create({
      name: "Dansk",
      address: { country: "DK" },
      billCurrency: "EUR",
    });
    const config = await client.vendors.configuration(danish.id);
    expect(config.internationalPayments.validations.fields.map((f) => [f.name, f.required])).toEqual([
      ["bankCountry", true],
      ["paymentCurrency", true],
      ["type", true],
      ["accountNumber", true],
    ]);
    expect(config.internationalPayments.validations.fields[1]?.regularExpression).toBe("^EUR$");
    expect(
      await client.vendors.internationalPaymentsConfiguration({
        country: "DK",
        billCurrency: "EUR",
        accountType: "BUSINESS",
      }),
    ).toEqual(config.internationalPayments);
    expect(
      await client.vendors.internationalPaymentsConfiguration({
        country: "US",
        billCurrency: "USD",
        accountType: "NONE",
      }),
    ).toEqual({ paymentPurpose: { required: false, codes: [] }, validations: { fields: [] } });

    const missing = await rejection(
      client.vendors.internationalPaymentsConfiguration({ country: "DK" } as never),
    );
    expect(missing.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
      ["BDC_1108", "billCurrency"],
      ["BDC_1108", "accountType"],
    ]);
    for (const query of [
      { country: "XX", billCurrency: "EUR", accountType: "BUSINESS" },
      { country: "DK", billCurrency: "eur", accountType: "BUSINESS" },
      { country: "DK", billCurrency: "EUR", accountType: "COMPANY" },
    ]) {
      const refused = await rejection(client.vendors.internationalPaymentsConfiguration(query as never));
      expect([refused.status, refused.code]).toEqual([400, "BDC_9001"]);
    }
    // "configuration" is a fixed path, never a vendor id.
    const notAVendor = await rejection(client.vendors.get("configuration"));
    expect([notAVendor.status, notAVendor.code]).toEqual([404, "BDC_9005"]);
  });
});
