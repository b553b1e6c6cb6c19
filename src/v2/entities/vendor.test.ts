import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NO_ID } from "./common.ts";
import { VENDOR } from "./examples.ts";
import { bodyOf, createProblems, type Engine, openEngine, patchProblems, picked } from "./testing.ts";
import { vendor } from "./vendor.ts";

const HAPPY = VENDOR;

/** What v3 keeps of it: every field but those v3 has no place for. */
const KEPT = {
  entity: "Vendor",
  isActive: "1",
  name: "Happy Music Supplies",
  shortName: "Happy",
  nameOnCheck: "Happy Music",
  companyName: "Happy Music Supplies",
  accNumber: "1566",
  taxId: "123412341234",
  track1099: false,
  address1: "1234 Happy Lane",
  address2: "Building 14",
  addressCity: "Santa Clara",
  addressState: "CA",
  addressZip: "95050",
  email: "happy@happymusic.org",
  phone: "123-123-1234",
  paymentEmail: "happy@happymusic.org",
  accountType: "0",
};

describe("v2 Vendor over v3 vendors", () => {
  it("turns BILL's v2 example into a v3 create body the vendors declaration accepts", () => {
    const body = bodyOf(vendor.toV3(HAPPY, "create"));
    expect(body).toEqual({
      name: "Happy Music Supplies",
      shortName: "Happy",
      accountNumber: "1566",
      accountType: "NONE",
      email: "happy@happymusic.org",
      phone: "123-123-1234",
      address: {
        line1: "1234 Happy Lane",
        line2: "Building 14",
        city: "Santa Clara",
        stateOrProvince: "CA",
        zipOrPostalCode: "95050",
        country: "US",
      },
      additionalInfo: { taxId: "123412341234", track1099: false, companyName: "Happy Music Supplies" },
      paymentInformation: { payeeName: "Happy Music", email: "happy@happymusic.org" },
    });
    expect(createProblems(vendor, body)).toEqual([]);
  });

  it("reads countries as v2 clients write them: USA, a name, a 2-letter code", () => {
    for (const country of ["USA", "United States", "united states of america", "US", "us"]) {
      const body = bodyOf(vendor.toV3({ name: "V", addressCountry: country }, "create"));
      expect(body.address).toEqual({ country: "US" });
    }
    expect(bodyOf(vendor.toV3({ name: "V", addressCountry: "Canada" }, "create")).address).toEqual({
      country: "CA",
    });
    expect(vendor.toV3({ name: "V", addressCountry: "Atlantis" }, "create")).toEqual({
      ok: false,
      code: "BDC_1119",
      message: "Invalid field,value: addressCountry, Atlantis.",
    });
  });

  it("maps accountType codes both ways: 0 none, 1 business, 2 person", () => {
    for (const [code, type] of [
      ["0", "NONE"],
      ["1", "BUSINESS"],
      ["2", "PERSON"],
      [2, "PERSON"],
    ] as const) {
      expect(bodyOf(vendor.toV3({ name: "V", accountType: code }, "create")).accountType).toBe(type);
      expect(vendor.toV2({ id: "x", name: "V", accountType: type }).accountType).toBe(String(code));
    }
    expect(vendor.toV2({ name: "V", accountType: "UNDEFINED" }).accountType).toBe("0");
    expect(vendor.toV3({ name: "V", accountType: "3" }, "create")).toMatchObject({
      ok: false,
      code: "BDC_1119",
    });
  });

  it("refuses with BILL's v2 codes, never throwing", () => {
    expect(vendor.toV3({ isActive: "1" }, "create")).toEqual({
      ok: false,
      code: "BDC_1108",
      message: "Missing parameter value for parameter: name.",
    });
    // A number is taken as its text (v2 clients send account numbers so).
    expect(bodyOf(vendor.toV3({ name: 12 }, "create")).name).toBe("12");
    expect(vendor.toV3({ name: { first: "x" } }, "create")).toEqual({
      ok: false,
      code: "BDC_1124",
      message: "Invalid field datatype: name.",
    });
    expect(vendor.toV3({ name: "V", track1099: "yes" }, "create")).toMatchObject({ code: "BDC_1124" });
    expect(vendor.toV3({ name: "V", isActive: "3" }, "create")).toMatchObject({ code: "BDC_1119" });
    expect(vendor.toV3({ name: "V", entity: "Bill" }, "create")).toEqual({
      ok: false,
      code: "BDC_1118",
      message: "Entity from CRUD operation: Vendor does not match the entity specified in the data: Bill.",
    });
    expect(vendor.toV3({ name: "V", paymentTermId: "not-an-id" }, "create")).toMatchObject({
      code: "BDC_1119",
    });
    expect(vendor.toV3({ name: "x".repeat(101) }, "create")).toMatchObject({ code: "BDC_1119" });
    // A value that is not plain is never echoed.
    const odd = vendor.toV3({ name: "V", addressCountry: "<script>alert(1)</script>" }, "create");
    expect(odd).toMatchObject({ ok: false, message: "Invalid field,value: addressCountry, (not shown)." });
  });

  describe("through the engine", () => {
    let engine: Engine;
    beforeEach(async () => {
      engine = await openEngine();
    });
    afterEach(() => engine.close());

    it("creates BILL's example; the v3 record reads back in v2 with the same values", async () => {
      const v3 = await engine.create(vendor, HAPPY);
      const v2 = vendor.toV2(v3);
      expect(picked(v2, KEPT)).toEqual(KEPT);
      expect(v2).toMatchObject({
        id: v3.id,
        addressCountry: "United States",
        address3: null,
        address4: null,
        fax: null,
        description: null,
        contactFirstName: null,
        paymentTermId: NO_ID,
        balance: 0,
      });
      expect(v2.createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
      expect(v2.createdTime).toBe("2026-11-29T10:00:00.000+0000");
      // And v2's answer of its own record converts back to the same v3 body (and v3's defaults).
      expect(bodyOf(vendor.toV3(v2, "create"))).toEqual({
        ...bodyOf(vendor.toV3(HAPPY, "create")),
        billCurrency: "USD",
        additionalInfo: {
          taxId: "123412341234",
          track1099: false,
          companyName: "Happy Music Supplies",
          combinePayments: false,
        },
      });
    });

    it("reads a record a v3 client made, bank account and all", async () => {
      const v3 = await engine.createV3(vendor, {
        name: "Happy Music Supplies",
        accountType: "BUSINESS",
        email: "info@happymusicsupplies.org",
        address: {
          line1: "123 Main Street",
          city: "San Jose",
          stateOrProvince: "CA",
          zipOrPostalCode: "95002",
          country: "US",
        },
        paymentInformation: {
          payeeName: "Happy Music Supplies",
          bankAccount: {
            nameOnAccount: "Bill Vendorson",
            accountNumber: "111222333",
            routingNumber: "074000010",
          },
        },
      });
      expect(vendor.toV2(v3)).toMatchObject({
        entity: "Vendor",
        id: v3.id,
        isActive: "1",
        name: "Happy Music Supplies",
        accountType: "1",
        nameOnCheck: "Happy Music Supplies",
        address1: "123 Main Street",
        addressCity: "San Jose",
        addressState: "CA",
        addressZip: "95002",
        addressCountry: "United States",
      });
    });

    it("an Update replaces the v2 fields (those not sent are cleared) and keeps v3's bank account", async () => {
      const made = await engine.createV3(vendor, {
        name: "Happy Music Supplies",
        shortName: "Happy",
        phone: "123",
        address: { line1: "1 A St", line2: "Unit 2", city: "San Jose", country: "US" },
        additionalInfo: { taxId: "12-3456789", taxIdType: "EIN", track1099: true },
        paymentInformation: {
          bankAccount: {
            nameOnAccount: "Bill Vendorson",
            accountNumber: "111222333",
            routingNumber: "074000010",
          },
        },
      });
      const sent = {
        ...vendor.toV2(made),
        shortName: "",
        address2: null,
        phone: null,
        addressCity: "Santa Clara",
      };
      const patch = bodyOf(vendor.toV3(sent, "update"));
      expect(patchProblems(vendor, patch)).toEqual([]);
      const v3 = await engine.update(vendor, String(made.id), sent);
      expect(v3).not.toHaveProperty("shortName");
      expect(v3).not.toHaveProperty("phone");
      expect(v3.address).toEqual({
        line1: "1 A St",
        city: "Santa Clara",
        country: "US",
        countryName: "United States",
      });
      expect(v3.additionalInfo).toMatchObject({ taxId: "12-3456789", taxIdType: "EIN", track1099: true });
      expect(v3.paymentInformation).toMatchObject({ bankAccount: { accountNumber: "xxxxx2333" } });
      // Fields v3 has and v2 does not send are never null on the wire.
      expect(JSON.stringify(v3)).not.toContain("null");
      const again = vendor.toV2(await engine.get(vendor, String(made.id)));
      expect(again).toMatchObject({
        shortName: null,
        address2: null,
        phone: null,
        addressCity: "Santa Clara",
      });
    });

    it("an Update of a vendor without nested objects leaves no nulls behind", async () => {
      const made = await engine.create(vendor, { name: "Plain" });
      const v3 = await engine.update(vendor, String(made.id), {
        id: made.id,
        name: "Plain",
        companyName: "Plain Co",
      });
      expect(v3.additionalInfo).toEqual({
        track1099: false,
        combinePayments: false,
        companyName: "Plain Co",
      });
      expect(JSON.stringify(v3)).not.toContain("null");
    });

    it("lists by v2 fields: isActive, name, accountType, country, times", async () => {
      const a = await engine.create(vendor, HAPPY);
      const b = await engine.create(vendor, { name: "Other", accountType: "1", addressCountry: "Canada" });
      await engine.archive(vendor, String(b.id));
      const ids = async (filters: Parameters<Engine["list"]>[1]) =>
        (await engine.list(vendor, filters)).map((v) => v.id);
      expect(await ids([{ field: "isActive", value: "1" }])).toEqual([a.id]);
      expect(await ids([{ field: "isActive", value: "2" }])).toEqual([b.id]);
      expect(await ids([{ field: "name", value: "Happy Music Supplies" }])).toEqual([a.id]);
      expect(await ids([{ field: "accountType", value: "1" }])).toEqual([b.id]);
      expect(await ids([{ field: "addressCountry", value: "Canada" }])).toEqual([b.id]);
      expect(
        await ids([{ field: "createdTime", op: "gte", value: "2026-11-29T10:00:00.000+0000" }]),
      ).toHaveLength(2);
      expect(await ids([{ field: "createdTime", op: "gt", value: "2026-11-29T10:00:00.000+0000" }])).toEqual(
        [],
      );
      expect(vendor.listField("isActive")?.value?.("3")).toBeUndefined();
      expect(vendor.listField("fax")).toBeUndefined();
      expect(vendor.listField("__proto__")).toBeUndefined();
    });
  });
});
