import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Stores } from "../../src/stores/types/index.ts";
import type { ResourceRecord } from "../../src/stores/types/resources.ts";

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const ORG = "00801AAAAAAAAAAAAAAA";
const OTHER = "00801BBBBBBBBBBBBBBB";

const organization = (id: string) => ({
  id,
  name: id,
  locked: false,
  mfaRequired: false,
  profile: {},
  partnerId: null,
  createdAt: T0,
  updatedAt: T0,
});

const vendor = (n: number, over: Partial<ResourceRecord> = {}): ResourceRecord => ({
  organizationId: ORG,
  kind: "vendors",
  id: `00901${String(n).padStart(15, "0")}`,
  archived: false,
  data: { name: `V${n}`, address: { city: "San José", line1: "1 \u00e9 \u{1f600}" }, tags: [1, "a", null] },
  createdAt: T0 + n,
  updatedAt: T0 + n,
  ...over,
});

/** The resource store's part of the contract (see store-contract.ts). */
export function resourceStoreContract(name: string, makeStores: () => Promise<Stores>) {
  describe(`store contract (resources): ${name}`, () => {
    let stores: Stores;

    beforeEach(async () => {
      stores = await makeStores();
      await stores.organizations.create(organization(ORG), []);
      await stores.organizations.create(organization(OTHER), []);
    });
    afterEach(() => stores.close());

    it("keeps a record's JSON document as it was given, read by organization, kind and id", async () => {
      await stores.resources.create([vendor(1)]);
      expect(await stores.resources.find(ORG, "vendors", vendor(1).id)).toEqual(vendor(1));
      expect(await stores.resources.find(OTHER, "vendors", vendor(1).id)).toBeUndefined();
      expect(await stores.resources.find(ORG, "bills", vendor(1).id)).toBeUndefined();
    });

    it("creates all of a bulk or none: one duplicate id leaves nothing behind", async () => {
      await stores.resources.create([vendor(1)]);
      await expect(stores.resources.create([vendor(2), vendor(1)])).rejects.toThrow();
      expect((await stores.resources.listAll(ORG, "vendors")).map((r) => r.id)).toEqual([vendor(1).id]);
      await stores.resources.create([]);
    });

    it("updates fields, archived and updatedAt only of the record of that organization", async () => {
      await stores.resources.create([vendor(1)]);
      const changed = { ...vendor(1), archived: true, data: { name: "New" }, updatedAt: T0 + 99 };
      expect(await stores.resources.update({ ...changed, organizationId: OTHER })).toBe(false);
      expect(await stores.resources.find(ORG, "vendors", vendor(1).id)).toEqual(vendor(1));
      expect(await stores.resources.update(changed)).toBe(true);
      expect(await stores.resources.find(ORG, "vendors", vendor(1).id)).toEqual(changed);
      expect(await stores.resources.update(vendor(5))).toBe(false);
    });

    it("locks records inside a transaction without changing them (the race is in payments.test.ts)", async () => {
      await stores.resources.create([vendor(1), vendor(2), vendor(3, { organizationId: OTHER })]);
      const name = await stores.transaction(async (tx) => {
        await tx.resources.lock(ORG, "vendors", [vendor(2).id, vendor(1).id, vendor(1).id, vendor(3).id]);
        await tx.resources.lock(ORG, "bills", []);
        await tx.resources.update({ ...vendor(1), data: { name: "Locked" }, updatedAt: T0 + 50 });
        return (await tx.resources.find(ORG, "vendors", vendor(1).id))?.data.name;
      });
      expect(name).toBe("Locked");
      expect(await stores.resources.find(ORG, "vendors", vendor(2).id)).toEqual(vendor(2));
      expect(await stores.resources.find(OTHER, "vendors", vendor(3).id)).toEqual(
        vendor(3, { organizationId: OTHER }),
      );
    });

    it("lists a kind of one organization oldest first, then by id", async () => {
      await stores.resources.create([vendor(3, { createdAt: T0 }), vendor(2, { createdAt: T0 }), vendor(1)]);
      await stores.resources.create([vendor(4, { organizationId: OTHER }), vendor(5, { kind: "bills" })]);
      expect((await stores.resources.listAll(ORG, "vendors")).map((r) => r.id)).toEqual(
        [2, 3, 1].map((n) => vendor(n).id),
      );
      expect(await stores.resources.listAll(OTHER, "bills")).toEqual([]);
    });
  });
}
