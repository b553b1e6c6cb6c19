import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Stores } from "../../src/stores/types/index.ts";
import type { SyncToken } from "../../src/stores/types/sync-tokens.ts";

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const ORG = "00801AAAAAAAAAAAAAAA";
const OTHER_ORG = "00801BBBBBBBBBBBBBBB";
const USER = "00601AAAAAAAAAAAAAAA";

const token = (n: number, over: Partial<SyncToken> = {}): SyncToken => ({
  id: `0sy01${String(n).padStart(15, "0")}`,
  organizationId: ORG,
  userId: USER,
  name: `token ${n}`,
  valueHash: String(n % 10).repeat(64),
  createdAt: T0 + n,
  revokedAt: null,
  ...over,
});

/** The sync-token store (docs/bill-sign-in-modes.md section 3), on every backend. */
export function syncTokenStoreContract(name: string, makeStores: () => Promise<Stores>) {
  describe(`store contract: ${name}: sync tokens`, () => {
    let stores: Stores;
    beforeEach(async () => {
      stores = await makeStores();
    });
    afterEach(() => stores.close());

    it("stores a token and finds it by id and by its organization's live name", async () => {
      expect(await stores.syncTokens.create(token(1))).toBe(true);
      expect(await stores.syncTokens.findById(token(1).id)).toEqual(token(1));
      expect(await stores.syncTokens.findLiveByName(ORG, "token 1")).toEqual(token(1));
      expect(await stores.syncTokens.findLiveByName(OTHER_ORG, "token 1")).toBeUndefined();
      expect(await stores.syncTokens.findLiveByName(ORG, "TOKEN 1")).toBeUndefined();
      expect(await stores.syncTokens.findById("0sy01nothere00000000")).toBeUndefined();
    });

    it("keeps a name unique among an organization's live tokens only", async () => {
      expect(await stores.syncTokens.create(token(1))).toBe(true);
      expect(await stores.syncTokens.create(token(2, { name: "token 1" }))).toBe(false);
      expect(await stores.syncTokens.findById(token(2).id)).toBeUndefined();
      // Another organization may use it.
      expect(await stores.syncTokens.create(token(3, { name: "token 1", organizationId: OTHER_ORG }))).toBe(
        true,
      );
      // Once revoked, the name is free again; the revoked one stays.
      expect(await stores.syncTokens.revoke(token(1).id, T0 + 100)).toBe(true);
      expect(await stores.syncTokens.revoke(token(1).id, T0 + 200)).toBe(false);
      expect(await stores.syncTokens.findLiveByName(ORG, "token 1")).toBeUndefined();
      expect(await stores.syncTokens.create(token(4, { name: "token 1" }))).toBe(true);
      expect(await stores.syncTokens.findLiveByName(ORG, "token 1")).toEqual(token(4, { name: "token 1" }));
      expect((await stores.syncTokens.findById(token(1).id))?.revokedAt).toBe(T0 + 100);
      expect(await stores.syncTokens.revoke("0sy01nothere00000000", T0)).toBe(false);
    });

    it("pages an organization's tokens by (createdAt, id) and lists them for the operator", async () => {
      for (const n of [3, 1, 2, 4]) await stores.syncTokens.create(token(n));
      await stores.syncTokens.create(token(5, { organizationId: OTHER_ORG }));
      const first = await stores.syncTokens.listByOrganization(ORG, { limit: 2 });
      expect(first.rows.map((t) => t.name)).toEqual(["token 1", "token 2"]);
      expect(first.more).toBe(true);
      const next = await stores.syncTokens.listByOrganization(ORG, {
        limit: 2,
        after: { t: T0 + 2, id: token(2).id },
      });
      expect(next.rows.map((t) => t.name)).toEqual(["token 3", "token 4"]);
      expect(next.more).toBe(false);
      const before = await stores.syncTokens.listByOrganization(ORG, {
        limit: 1,
        before: { t: T0 + 3, id: token(3).id },
      });
      expect(before.rows.map((t) => t.name)).toEqual(["token 2"]);
      expect(before.more).toBe(true);
      expect((await stores.syncTokens.list({})).map((t) => t.name)).toEqual([
        "token 1",
        "token 2",
        "token 3",
        "token 4",
        "token 5",
      ]);
      expect((await stores.syncTokens.list({ organizationId: OTHER_ORG })).map((t) => t.name)).toEqual([
        "token 5",
      ]);
    });

    it("writes inside a transaction, or not at all", async () => {
      await expect(
        stores.transaction(async (trx) => {
          await trx.syncTokens.create(token(1));
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      expect(await stores.syncTokens.findById(token(1).id)).toBeUndefined();
    });
  });
}
