import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { customer } from "./customer.ts";
import { CUSTOMER } from "./examples.ts";
import { bodyOf, createProblems, type Engine, openEngine, patchProblems, picked } from "./testing.ts";

/** What v3 keeps of BILL's example: all but shortName, address lines 3–4, altPhone, printAs. */
const KEPT = {
  entity: "Customer",
  isActive: "1",
  name: "Diamond",
  companyName: "Diamond Industrial Inc.",
  contactFirstName: "George",
  contactLastName: "Smith",
  accNumber: "212",
  billAddress1: "123 South North Street",
  billAddress2: "Suite 123",
  billAddressCity: "Santa Clara",
  billAddressState: "CA",
  billAddressZip: "95051",
  shipAddress1: "6868 First Second Avenue",
  shipAddress2: "Office 10",
  shipAddressCity: "Saint George",
  shipAddressState: "AL",
  shipAddressZip: "35000",
  email: "diamond@com.com",
  phone: "123-123-1234",
  fax: "123-123-1235",
  description: "Industrial diamond company",
  accountType: "1",
};

describe("v2 Customer over v3 customers", () => {
  it("turns BILL's v2 example into a v3 create body the customers declaration accepts", () => {
    const body = bodyOf(customer.toV3(CUSTOMER, "create"));
    expect(body).toEqual({
      name: "Diamond",
      email: "diamond@com.com",
      companyName: "Diamond Industrial Inc.",
      contact: { firstName: "George", lastName: "Smith" },
      accountNumber: "212",
      accountType: "BUSINESS",
      phone: "123-123-1234",
      fax: "123-123-1235",
      description: "Industrial diamond company",
      billingAddress: {
        line1: "123 South North Street",
        line2: "Suite 123",
        city: "Santa Clara",
        stateOrProvince: "CA",
        zipOrPostalCode: "95051",
        country: "US",
      },
      shippingAddress: {
        line1: "6868 First Second Avenue",
        line2: "Office 10",
        city: "Saint George",
        stateOrProvince: "AL",
        zipOrPostalCode: "35000",
        country: "US",
      },
    });
    expect(createProblems(customer, body)).toEqual([]);
  });

  it("needs the e-mail v3 needs, and refuses what it cannot read", () => {
    const { email: _, ...noEmail } = CUSTOMER;
    expect(customer.toV3(noEmail, "create")).toEqual({
      ok: false,
      code: "BDC_1108",
      message: "Missing parameter value for parameter: email.",
    });
    expect(customer.toV3({ ...CUSTOMER, shipAddressCountry: "Narnia" }, "create")).toEqual({
      ok: false,
      code: "BDC_1119",
      message: "Invalid field,value: shipAddressCountry, Narnia.",
    });
    expect(customer.toV3({ ...CUSTOMER, billAddressZip: { zip: 1 } }, "create")).toMatchObject({
      code: "BDC_1124",
      message: "Invalid field datatype: billAddressZip.",
    });
  });

  describe("through the engine", () => {
    let engine: Engine;
    beforeEach(async () => {
      engine = await openEngine();
    });
    afterEach(() => engine.close());

    it("creates BILL's example; it reads back in v2 with the same values", async () => {
      const v3 = await engine.create(customer, CUSTOMER);
      const v2 = customer.toV2(v3);
      expect(picked(v2, KEPT)).toEqual(KEPT);
      expect(v2).toMatchObject({
        id: v3.id,
        billAddressCountry: "United States",
        shipAddressCountry: "United States",
        shortName: null,
        altPhone: null,
        parentCustomerId: "00000000000000000000",
        invoiceCurrency: "USD",
        updatedTime: "2026-11-29T10:00:00.000+0000",
      });
    });

    it("an Update replaces: a shipping address not sent is cleared, a contact half sent is halved", async () => {
      const made = await engine.create(customer, CUSTOMER);
      const sent = Object.fromEntries(
        Object.entries(customer.toV2(made)).filter(
          ([k]) => !k.startsWith("shipAddress") && k !== "contactLastName",
        ),
      );
      expect(patchProblems(customer, bodyOf(customer.toV3(sent, "update")))).toEqual([]);
      const v3 = await engine.update(customer, String(made.id), sent);
      expect(v3).not.toHaveProperty("shippingAddress");
      expect(v3.contact).toEqual({ firstName: "George" });
      expect(v3.billingAddress).toMatchObject({ line1: "123 South North Street", country: "US" });
      expect(JSON.stringify(v3)).not.toContain("null");
    });

    it("reads a customer a v3 client made, and lists by v2 fields", async () => {
      const v3 = await engine.createV3(customer, {
        name: "Paperless Band",
        companyName: "Paperless Band LLC",
        contact: { firstName: "Check", lastName: "Mailworth" },
        email: "pay@band.test",
        accountType: "BUSINESS",
        billingAddress: {
          line1: "987 Side Street",
          city: "San Jose",
          stateOrProvince: "CA",
          zipOrPostalCode: "95002",
          country: "US",
        },
      });
      expect(customer.toV2(v3)).toMatchObject({
        name: "Paperless Band",
        contactFirstName: "Check",
        contactLastName: "Mailworth",
        accountType: "1",
        billAddress1: "987 Side Street",
        billAddressCountry: "United States",
        shipAddress1: null,
      });
      const other = await engine.create(customer, { name: "Solo", email: "solo@x.test", accountType: "2" });
      const ids = async (field: string, value: unknown) =>
        (await engine.list(customer, [{ field, value }])).map((r) => r.id);
      expect(await ids("name", "Solo")).toEqual([other.id]);
      expect(await ids("accountType", "1")).toEqual([v3.id]);
      expect(await ids("email", "pay@band.test")).toEqual([v3.id]);
      expect(await ids("isActive", "1")).toHaveLength(2);
    });
  });
});
