import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IdempotencyRecord } from "../../src/stores/types/idempotency.ts";
import type { Stores } from "../../src/stores/types/index.ts";

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const ORG = "00801AAAAAAAAAAAAAAA";
const ROLE = "0po01AAAAAAAAAAAAAAA";
const CLERK = "0po01CCCCCCCCCCCCCCC";
const OTHER_ORG = "00801BBBBBBBBBBBBBBB";
const OTHER_ROLE = "0po01BBBBBBBBBBBBBBB";

const userId = (n: number) => `00601${String(n).padStart(15, "0")}`;

async function addMember(stores: Stores, n: number, createdAt: number) {
  await stores.users.create({
    id: userId(n),
    email: `u${n}@example.com`,
    passwordHash: n % 2 === 0 ? null : "hash",
    firstName: "Global",
    lastName: "",
    createdAt,
    updatedAt: createdAt,
  });
  await stores.memberships.create({
    userId: userId(n),
    organizationId: ORG,
    roleId: ROLE,
    archived: false,
    pending: false,
    firstName: "",
    lastName: "",
    username: null,
    externalReferenceId: null,
    createdAt,
    updatedAt: createdAt,
  });
}

const claim = (over: Partial<IdempotencyRecord> = {}): IdempotencyRecord => ({
  keyHash: "k".repeat(64),
  requestHash: "r".repeat(64),
  status: null,
  body: null,
  owner: "owner-1",
  lockedUntil: T0 + 30_000,
  createdAt: T0,
  expiresAt: T0 + 86_400_000,
  ...over,
});

/** The provisioning stores' part of the contract (see store-contract.ts). */
export function provisioningStoreContract(name: string, makeStores: () => Promise<Stores>) {
  describe(`store contract (provisioning): ${name}`, () => {
    let stores: Stores;

    beforeEach(async () => {
      stores = await makeStores();
      await stores.organizations.create(
        {
          id: ORG,
          name: "Org",
          locked: false,
          mfaRequired: false,
          profile: {},
          partnerId: null,
          createdAt: T0,
          updatedAt: T0,
        },
        [
          { id: ROLE, organizationId: ORG, type: "ADMINISTRATOR", name: "Administrator", description: "" },
          { id: CLERK, organizationId: ORG, type: "CLERK", name: "Clerk", description: "" },
        ],
      );
    });
    afterEach(() => stores.close());

    it("reads every member of an organization at once, by (joined, id)", async () => {
      expect(await stores.memberships.listAllMembers(ORG)).toEqual([]);
      // Joined out of id order, two at the same instant: ordered by (joined, id).
      await addMember(stores, 3, T0 + 1);
      await addMember(stores, 1, T0 + 2);
      await addMember(stores, 2, T0 + 1);
      await stores.memberships.update(userId(1), ORG, { firstName: "Ann", roleId: CLERK }, T0 + 3);
      await stores.organizations.create(
        {
          id: OTHER_ORG,
          name: "Other",
          locked: false,
          mfaRequired: false,
          profile: {},
          partnerId: null,
          createdAt: T0,
          updatedAt: T0,
        },
        [{ id: OTHER_ROLE, organizationId: OTHER_ORG, type: "ADMINISTRATOR", name: "A", description: "" }],
      );
      await stores.memberships.create({
        userId: userId(1),
        organizationId: OTHER_ORG,
        roleId: OTHER_ROLE,
        archived: false,
        pending: true,
        firstName: "",
        lastName: "",
        username: null,
        externalReferenceId: null,
        createdAt: T0,
        updatedAt: T0,
      });
      const all = await stores.memberships.listAllMembers(ORG);
      expect(all.map((m) => m.userId)).toEqual([2, 3, 1].map(userId));
      expect(all[0]).toEqual({
        userId: userId(2),
        organizationId: ORG,
        email: "u2@example.com",
        firstName: "",
        lastName: "",
        archived: false,
        pending: false,
        roleId: ROLE,
        roleType: "ADMINISTRATOR",
        username: null,
        externalReferenceId: null,
        hasPassword: false,
        createdAt: T0 + 1,
        updatedAt: T0 + 1,
      });
      expect(all[2]).toEqual(
        expect.objectContaining({ firstName: "Ann", roleId: CLERK, roleType: "CLERK", hasPassword: true }),
      );
      expect((await stores.memberships.listAllMembers(OTHER_ORG)).map((m) => [m.userId, m.pending])).toEqual([
        [userId(1), true],
      ]);
    });

    it("keeps each organization's view of a member, and unique usernames per organization", async () => {
      await addMember(stores, 1, T0);
      await addMember(stores, 2, T0);
      expect(
        await stores.memberships.update(
          userId(1),
          ORG,
          { firstName: "Ann", lastName: "Lee", roleId: CLERK, username: "ann1" },
          T0 + 5,
        ),
      ).toBe(true);
      expect(await stores.memberships.findMember(ORG, userId(1))).toEqual(
        expect.objectContaining({ firstName: "Ann", roleType: "CLERK", username: "ann1", updatedAt: T0 + 5 }),
      );
      expect((await stores.users.findById(userId(1)))?.firstName).toBe("Global");
      expect((await stores.memberships.findMemberByUsername(ORG, "ann1"))?.userId).toBe(userId(1));
      await expect(stores.memberships.update(userId(2), ORG, { username: "ann1" }, T0)).rejects.toThrow();
      expect(await stores.memberships.update(userId(9), ORG, { firstName: "X" }, T0)).toBe(false);
      expect(await stores.users.setEmail(userId(1), "new@example.com", T0 + 6)).toBe(true);
      expect((await stores.users.findByEmail("new@example.com"))?.id).toBe(userId(1));
      await expect(stores.users.setEmail(userId(2), "new@example.com", T0 + 6)).rejects.toThrow();
      expect(await stores.users.setEmail("00601ZZZZZZZZZZZZZZZ", "x@example.com", T0)).toBe(false);
      expect(await stores.memberships.findMember("00801ZZZZZZZZZZZZZZZ", userId(1))).toBeUndefined();
    });

    it("stores organization profiles and lists a partner's organizations", async () => {
      const address = { line1: "1 Main St", city: "Springfield", zipOrPostalCode: "12345", country: "US" };
      expect(
        await stores.organizations.update(ORG, { name: "Renamed", address, industry: "Tea" }, T0 + 1),
      ).toBe(true);
      expect(await stores.organizations.findById(ORG)).toEqual({
        id: ORG,
        name: "Renamed",
        locked: false,
        mfaRequired: false,
        createdAt: T0,
        updatedAt: T0 + 1,
        profile: { address, industry: "Tea" },
        partnerId: null,
      });
      expect(await stores.organizations.update("00801ZZZZZZZZZZZZZZZ", { name: "x" }, T0)).toBe(false);
      await stores.devKeys.create({
        id: "0dk01AAAAAAAAAAAAAAA",
        name: "p",
        keyHash: "d".repeat(64),
        active: true,
        mfaBypass: false,
        createdAt: T0,
        deactivatedAt: null,
      });
      await stores.partners.create({
        id: "0pa01AAAAAAAAAAAAAAA",
        name: "P",
        appKeyHash: "a".repeat(64),
        devKeyId: "0dk01AAAAAAAAAAAAAAA",
        createdAt: T0,
      });
      const PARTNERS_ORG = "00801PPPPPPPPPPPPPPP";
      await stores.organizations.create(
        {
          ...(await stores.organizations.findById(ORG))!,
          id: PARTNERS_ORG,
          partnerId: "0pa01AAAAAAAAAAAAAAA",
        },
        [],
      );
      const page = await stores.organizations.listForPartner("0pa01AAAAAAAAAAAAAAA", { limit: 5 });
      expect(page.rows.map((o) => o.id)).toEqual([PARTNERS_ORG]);
      expect((await stores.organizations.findById(PARTNERS_ORG))?.profile).toEqual({
        address,
        industry: "Tea",
      });
      expect((await stores.organizations.listForPartner("0pa01ZZZZZZZZZZZZZZZ", { limit: 5 })).rows).toEqual(
        [],
      );
      expect((await stores.partners.findByAppKeyHash("a".repeat(64)))?.id).toBe("0pa01AAAAAAAAAAAAAAA");
    });

    it("uses an invitation once, only before it expires, and closes a user's open ones", async () => {
      await addMember(stores, 1, T0);
      const invitation = (id: string, tokenHash: string) => ({
        id,
        tokenHash,
        userId: userId(1),
        organizationId: ORG,
        createdAt: T0,
        expiresAt: T0 + 1000,
        usedAt: null,
      });
      await stores.invitations.create(invitation("0iv01AAAAAAAAAAAAAAA", "a".repeat(64)));
      await stores.invitations.create(invitation("0iv01BBBBBBBBBBBBBBB", "b".repeat(64)));
      await stores.invitations.create(invitation("0iv01CCCCCCCCCCCCCCC", "c".repeat(64)));
      const racing = await Promise.all([
        stores.invitations.consume("a".repeat(64), T0 + 1),
        stores.invitations.consume("a".repeat(64), T0 + 1),
      ]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(racing.find(Boolean)).toEqual({
        ...invitation("0iv01AAAAAAAAAAAAAAA", "a".repeat(64)),
        usedAt: T0 + 1,
      });
      expect(await stores.invitations.consume("b".repeat(64), T0 + 1000)).toBeUndefined();
      expect(await stores.invitations.closeForUser(userId(1), T0 + 2)).toBe(2);
      expect(await stores.invitations.consume("c".repeat(64), T0 + 3)).toBeUndefined();
    });

    it("gives an idempotency key to exactly one of many racing claims", async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => stores.idempotency.claim(claim({ owner: `o${i}` }), T0)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const holder = `o${results.indexOf(true)}`;
      expect(await stores.idempotency.complete("k".repeat(64), "someone-else", 200, "{}")).toBe(false);
      expect(await stores.idempotency.complete("k".repeat(64), holder, 201, '{"a":1}')).toBe(true);
      expect(await stores.idempotency.find("k".repeat(64))).toEqual(
        claim({ owner: holder, status: 201, body: '{"a":1}' }),
      );
      // A completed key is not replaced, even for the same request past the lock...
      expect(await stores.idempotency.claim(claim({ owner: "late" }), T0 + 60_000)).toBe(false);
      // ...until it expires.
      expect(await stores.idempotency.claim(claim({ owner: "next" }), T0 + 86_400_000)).toBe(true);
      expect(await stores.idempotency.deleteExpired(T0 + 2 * 86_400_000)).toBe(1);
      expect(await stores.idempotency.find("k".repeat(64))).toBeUndefined();
    });

    it("lets a dead holder's claim be taken over for the same request only, and released by its holder", async () => {
      expect(await stores.idempotency.claim(claim({ owner: "dead" }), T0)).toBe(true);
      expect(await stores.idempotency.claim(claim({ owner: "early" }), T0 + 29_999)).toBe(false);
      expect(
        await stores.idempotency.claim(claim({ owner: "other", requestHash: "x".repeat(64) }), T0 + 30_000),
      ).toBe(false);
      expect(await stores.idempotency.claim(claim({ owner: "heir" }), T0 + 30_000)).toBe(true);
      await stores.idempotency.release("k".repeat(64), "dead");
      expect((await stores.idempotency.find("k".repeat(64)))?.owner).toBe("heir");
      await stores.idempotency.release("k".repeat(64), "heir");
      expect(await stores.idempotency.find("k".repeat(64))).toBeUndefined();
    });
  });
}
