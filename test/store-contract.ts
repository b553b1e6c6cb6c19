import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Organization, Role, Session, Stores } from "../src/stores/types.ts";
import { provisioningStoreContract } from "./store-contract-provisioning.ts";

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);

const org = (id: string, name = `Org ${id}`): Organization => ({
  id,
  name,
  locked: false,
  createdAt: T0,
  updatedAt: T0,
});
const role = (id: string, organizationId: string, type: Role["type"] = "ADMINISTRATOR"): Role => ({
  id,
  organizationId,
  type,
  name: type,
  description: "",
});

/**
 * One behavioural suite for every store backend: what the domain relies on, asserted
 * through the Stores interface only. Each backend's test file calls this with a factory.
 */
export function storeContract(name: string, makeStores: () => Promise<Stores>) {
  provisioningStoreContract(name, makeStores);
  describe(`store contract: ${name}`, () => {
    let stores: Stores;

    beforeEach(async () => {
      stores = await makeStores();
      await stores.organizations.create(org("00801AAAAAAAAAAAAAAA"), [
        role("0po01AAAAAAAAAAAAAAA", "00801AAAAAAAAAAAAAAA"),
      ]);
      await stores.users.create({
        id: "00601AAAAAAAAAAAAAAA",
        email: "a@example.com",
        passwordHash: "hash",
        firstName: "A",
        lastName: "",
        createdAt: T0,
        updatedAt: T0,
      });
      await stores.memberships.create({
        userId: "00601AAAAAAAAAAAAAAA",
        organizationId: "00801AAAAAAAAAAAAAAA",
        roleId: "0po01AAAAAAAAAAAAAAA",
        archived: false,
        createdAt: T0,
        updatedAt: T0,
      });
      await stores.devKeys.create({
        id: "0dk01AAAAAAAAAAAAAAA",
        name: "ci",
        keyHash: "k".repeat(64),
        active: true,
        mfaBypass: false,
        createdAt: T0,
        deactivatedAt: null,
      });
    });
    afterEach(() => stores.close());

    const session = (id: string, tokenHash: string, lastActiveAt = T0): Session => ({
      id,
      tokenHash,
      userId: "00601AAAAAAAAAAAAAAA",
      organizationId: "00801AAAAAAAAAAAAAAA",
      devKeyId: "0dk01AAAAAAAAAAAAAAA",
      trusted: false,
      createdAt: T0,
      lastActiveAt,
    });

    it("creates an organization and its roles atomically", async () => {
      const roles = [
        role("0po01BBBBBBBBBBBBBBB", "00801BBBBBBBBBBBBBBB"),
        role("0po01AAAAAAAAAAAAAAA", "00801BBBBBBBBBBBBBBB", "CLERK"),
      ];
      // The second role's id is taken: the whole creation must fail and leave nothing.
      await expect(stores.organizations.create(org("00801BBBBBBBBBBBBBBB"), roles)).rejects.toThrow();
      expect(await stores.organizations.findById("00801BBBBBBBBBBBBBBB")).toBeUndefined();
      expect(await stores.roles.findById("0po01BBBBBBBBBBBBBBB")).toBeUndefined();
    });

    it("rolls a transaction back whole when it throws", async () => {
      await expect(
        stores.transaction(async (tx) => {
          await tx.organizations.setLocked("00801AAAAAAAAAAAAAAA", true, T0 + 1);
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect((await stores.organizations.findById("00801AAAAAAAAAAAAAAA"))?.locked).toBe(false);
    });

    it("finds a session with everything its check needs, and sees revocations at once", async () => {
      await stores.sessions.create(session("0se01AAAAAAAAAAAAAAA", "t".repeat(64)));
      expect(await stores.sessions.findByTokenHash("t".repeat(64))).toEqual({
        ...session("0se01AAAAAAAAAAAAAAA", "t".repeat(64)),
        devKeyHash: "k".repeat(64),
        devKeyActive: true,
        mfaBypass: false,
        organizationLocked: false,
        membershipArchived: false,
      });
      await stores.organizations.setLocked("00801AAAAAAAAAAAAAAA", true, T0);
      await stores.memberships.setArchived("00601AAAAAAAAAAAAAAA", "00801AAAAAAAAAAAAAAA", true, T0);
      await stores.devKeys.deactivate("0dk01AAAAAAAAAAAAAAA", T0);
      expect(await stores.sessions.findByTokenHash("t".repeat(64))).toEqual(
        expect.objectContaining({ devKeyActive: false, organizationLocked: true, membershipArchived: true }),
      );
      expect(await stores.sessions.findByTokenHash("u".repeat(64))).toBeUndefined();
    });

    it("slides activity forward only, and deletes by id, filter and idleness", async () => {
      await stores.sessions.create(session("0se01AAAAAAAAAAAAAAA", "a".repeat(64)));
      await stores.sessions.create(session("0se01BBBBBBBBBBBBBBB", "b".repeat(64)));
      await stores.sessions.create(session("0se01CCCCCCCCCCCCCCC", "c".repeat(64)));
      await stores.sessions.touch("0se01AAAAAAAAAAAAAAA", T0 + 5000);
      await stores.sessions.touch("0se01AAAAAAAAAAAAAAA", T0 + 1000);
      expect((await stores.sessions.findByTokenHash("a".repeat(64)))?.lastActiveAt).toBe(T0 + 5000);
      expect(await stores.sessions.deleteIdleBefore(T0 + 1)).toBe(2);
      expect((await stores.sessions.list({})).map((s) => s.id)).toEqual(["0se01AAAAAAAAAAAAAAA"]);
      expect(await stores.sessions.deleteById("0se01AAAAAAAAAAAAAAA")).toBe(true);
      expect(await stores.sessions.deleteById("0se01AAAAAAAAAAAAAAA")).toBe(false);
      await stores.sessions.create(session("0se01DDDDDDDDDDDDDDD", "d".repeat(64)));
      expect(
        await stores.sessions.deleteWhere({
          userId: "00601AAAAAAAAAAAAAAA",
          organizationId: "00801OTHER0000000000",
        }),
      ).toBe(0);
      expect(await stores.sessions.deleteWhere({ devKeyId: "0dk01AAAAAAAAAAAAAAA" })).toBe(1);
      await expect(stores.sessions.deleteWhere({})).rejects.toThrow();
    });

    it("lists sessions with their user's email and devKey's name", async () => {
      await stores.sessions.create(session("0se01AAAAAAAAAAAAAAA", "a".repeat(64)));
      expect(await stores.sessions.list({ organizationId: "00801AAAAAAAAAAAAAAA" })).toEqual([
        expect.objectContaining({ id: "0se01AAAAAAAAAAAAAAA", userEmail: "a@example.com", devKeyName: "ci" }),
      ]);
      expect(await stores.sessions.list({ organizationId: "00801ZZZZZZZZZZZZZZZ" })).toEqual([]);
    });

    it("counts hits atomically, even fifty at once", async () => {
      const counts = await Promise.all(
        Array.from({ length: 50 }, () => stores.limits.hit("k", T0 + 60_000, T0)),
      );
      expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      expect(await stores.limits.peek("k", T0)).toEqual({ count: 50, expiresAt: T0 + 60_000 });
    });

    it("starts a counter again once its window has passed, and resets on demand", async () => {
      await stores.limits.hit("k", T0 + 1000, T0);
      await stores.limits.hit("k", T0 + 9999, T0 + 1);
      expect(await stores.limits.peek("k", T0 + 999)).toEqual({ count: 2, expiresAt: T0 + 1000 });
      expect(await stores.limits.peek("k", T0 + 1000)).toBeUndefined();
      expect(await stores.limits.hit("k", T0 + 5000, T0 + 1000)).toEqual({ count: 1, expiresAt: T0 + 5000 });
      await stores.limits.reset("k");
      expect(await stores.limits.peek("k", T0 + 1000)).toBeUndefined();
    });

    it("keeps users unique by email and finds them by it", async () => {
      expect((await stores.users.findByEmail("a@example.com"))?.id).toBe("00601AAAAAAAAAAAAAAA");
      await expect(
        stores.users.create({
          id: "00601BBBBBBBBBBBBBBB",
          email: "a@example.com",
          passwordHash: null,
          firstName: "",
          lastName: "",
          createdAt: T0,
          updatedAt: T0,
        }),
      ).rejects.toThrow();
      expect(await stores.devKeys.count()).toBe(1);
      expect((await stores.devKeys.findByKeyHash("k".repeat(64)))?.id).toBe("0dk01AAAAAAAAAAAAAAA");
    });

    it("keeps outbox messages and lists them newest first, by recipient or user", async () => {
      const message = (id: string, recipient: string, createdAt: number) => ({
        id,
        channel: "TEXT" as const,
        recipient,
        purpose: "mfa-challenge",
        text: `code for ${recipient}`,
        userId: "00601AAAAAAAAAAAAAAA",
        organizationId: null,
        createdAt,
      });
      await stores.outbox.append(message("0ob01AAAAAAAAAAAAAAA", "+15550001", T0));
      await stores.outbox.append(message("0ob01BBBBBBBBBBBBBBB", "+15550002", T0 + 1));
      await stores.outbox.append(message("0ob01CCCCCCCCCCCCCCC", "+15550001", T0 + 2));
      expect((await stores.outbox.list({})).map((m) => m.id)).toEqual([
        "0ob01CCCCCCCCCCCCCCC",
        "0ob01BBBBBBBBBBBBBBB",
        "0ob01AAAAAAAAAAAAAAA",
      ]);
      expect(await stores.outbox.list({ recipient: "+15550001", limit: 1 })).toEqual([
        message("0ob01CCCCCCCCCCCCCCC", "+15550001", T0 + 2),
      ]);
      expect(await stores.outbox.list({ userId: "00601ZZZZZZZZZZZZZZZ" })).toEqual([]);
    });
  });
}
