import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Stores } from "../../src/stores/types/index.ts";
import type { Organization, Role } from "../../src/stores/types/organizations.ts";
import type { Session } from "../../src/stores/types/sessions.ts";
import { limitStoreContract } from "./limit-store-contract.ts";
import { consoleStoreContract } from "./store-contract-consoles.ts";
import { oauthAppStoreContract } from "./store-contract-oauth.ts";
import { provisioningStoreContract } from "./store-contract-provisioning.ts";
import { resourceStoreContract } from "./store-contract-resources.ts";
import { syncTokenStoreContract } from "./store-contract-sync-tokens.ts";

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);

const org = (id: string, name = `Org ${id}`): Organization => ({
  id,
  name,
  locked: false,
  mfaRequired: false,
  profile: {},
  partnerId: null,
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
  resourceStoreContract(name, makeStores);
  consoleStoreContract(name, makeStores);
  syncTokenStoreContract(name, makeStores);
  oauthAppStoreContract(name, makeStores);
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
        pending: false,
        firstName: "A",
        lastName: "",
        username: null,
        externalReferenceId: null,
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
      partnerId: null,
      createdAt: T0,
      lastActiveAt,
      mode: "password",
      credentialId: null,
      scope: null,
      expiresAt: null,
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
          await tx.organizations.update("00801AAAAAAAAAAAAAAA", { locked: true }, T0 + 1);
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
        organizationMfaRequired: false,
        membershipArchived: false,
      });
      await stores.organizations.update("00801AAAAAAAAAAAAAAA", { locked: true }, T0);
      await stores.memberships.update("00601AAAAAAAAAAAAAAA", "00801AAAAAAAAAAAAAAA", { archived: true }, T0);
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

    it("keeps a session's sign-in mode, credential, scope and fixed end; sweeps and revokes by them", async () => {
      await stores.sessions.create({
        ...session("0se01SYNCAAAAAAAAAAA", "s".repeat(64)),
        mode: "sync-token",
        credentialId: "0st01AAAAAAAAAAAAAAA",
      });
      await stores.sessions.create({
        ...session("0se01OAUTHAAAAAAAAAA", "o".repeat(64)),
        mode: "oauth",
        credentialId: "0oa01AAAAAAAAAAAAAAA",
        scope: "accounting",
        expiresAt: T0 + 3_600_000,
      });
      await stores.sessions.create(session("0se01PASSAAAAAAAAAAA", "p".repeat(64)));
      expect(await stores.sessions.findByTokenHash("o".repeat(64))).toEqual(
        expect.objectContaining({
          mode: "oauth",
          credentialId: "0oa01AAAAAAAAAAAAAAA",
          scope: "accounting",
          expiresAt: T0 + 3_600_000,
        }),
      );
      expect((await stores.sessions.list({})).map((s) => [s.id, s.mode])).toEqual(
        expect.arrayContaining([
          ["0se01SYNCAAAAAAAAAAA", "sync-token"],
          ["0se01PASSAAAAAAAAAAA", "password"],
        ]),
      );
      // Only the modes asked for are swept; an empty list sweeps nothing.
      expect(await stores.sessions.deleteIdleBefore(T0 + 1, [])).toBe(0);
      expect(await stores.sessions.deleteIdleBefore(T0 + 1, ["password", "console"])).toBe(1);
      expect(await stores.sessions.deleteWhere({ credentialId: "0st01AAAAAAAAAAAAAAA" })).toBe(1);
      expect((await stores.sessions.list({})).map((s) => s.id)).toEqual(["0se01OAUTHAAAAAAAAAA"]);
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

    it("counts under any key a client can cause: long, binary, non-ASCII", async () => {
      const odd = [
        "user:a\u0000b",
        `user:${"é\u{1F511}x".repeat(1500)}`,
        `ip:${"9".repeat(4000)}`,
        "user:ok",
      ];
      for (const key of odd) {
        await stores.limits.hit(key, T0 + 1000, T0);
        expect(await stores.limits.hit(key, T0 + 1000, T0), key.slice(0, 12)).toEqual({
          count: 2,
          expiresAt: T0 + 1000,
        });
        await stores.limits.reset(key);
        expect(await stores.limits.peek(key, T0)).toBeUndefined();
      }
      // Distinct long keys keep distinct counters.
      await stores.limits.hit(`k${"x".repeat(500)}1`, T0 + 1000, T0);
      expect(await stores.limits.peek(`k${"x".repeat(500)}2`, T0)).toBeUndefined();
      expect(await stores.users.findByEmail("a\u0000@example.com")).toBeUndefined();
    });
    limitStoreContract(() => stores.limits);

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

    it("marks a session trusted and sees an organization's MFA flag at once", async () => {
      await stores.sessions.create(session("0se01AAAAAAAAAAAAAAA", "t".repeat(64)));
      expect(await stores.sessions.markTrusted("0se01AAAAAAAAAAAAAAA")).toBe(true);
      expect(await stores.sessions.markTrusted("0se01ZZZZZZZZZZZZZZZ")).toBe(false);
      expect(await stores.organizations.update("00801AAAAAAAAAAAAAAA", { mfaRequired: true }, T0 + 1)).toBe(
        true,
      );
      expect(await stores.sessions.findByTokenHash("t".repeat(64))).toEqual(
        expect.objectContaining({ trusted: true, organizationMfaRequired: true }),
      );
      expect(await stores.organizations.findById("00801AAAAAAAAAAAAAAA")).toEqual(
        expect.objectContaining({ mfaRequired: true, updatedAt: T0 + 1 }),
      );
      expect(await stores.organizations.update("00801ZZZZZZZZZZZZZZZ", { mfaRequired: true }, T0)).toBe(
        false,
      );
    });

    it("keeps one verified phone per user, replacing it on save", async () => {
      const userId = "00601AAAAAAAAAAAAAAA";
      expect(await stores.mfa.findPhone(userId)).toBeUndefined();
      await stores.mfa.savePhone({ userId, phone: "+15550000001", type: "TEXT", verifiedAt: T0 });
      await stores.mfa.savePhone({ userId, phone: "+15550000002", type: "VOICE", verifiedAt: T0 + 1 });
      expect(await stores.mfa.findPhone(userId)).toEqual({
        userId,
        phone: "+15550000002",
        type: "VOICE",
        verifiedAt: T0 + 1,
      });
      expect(await stores.mfa.deletePhone(userId)).toBe(true);
      expect(await stores.mfa.deletePhone(userId)).toBe(false);
      expect(await stores.mfa.findPhone(userId)).toBeUndefined();
    });

    const mfaToken = (id: string, expiresAt = T0 + 600_000) => ({
      id,
      kind: "challenge" as const,
      userId: "00601AAAAAAAAAAAAAAA",
      phone: "+15550000001",
      type: "TEXT" as const,
      tokenHash: "h".repeat(64),
      attempts: 0,
      createdAt: T0,
      expiresAt,
      consumedAt: null,
    });

    it("claims at most the allowed attempts on a token, even twenty at once", async () => {
      await stores.mfa.createToken(mfaToken("0mc01AAAAAAAAAAAAAAA"));
      expect(await stores.mfa.findToken("0mc01AAAAAAAAAAAAAAA")).toEqual(mfaToken("0mc01AAAAAAAAAAAAAAA"));
      const claims = await Promise.all(
        Array.from({ length: 20 }, () => stores.mfa.claimAttempt("0mc01AAAAAAAAAAAAAAA", 5)),
      );
      expect(claims.filter((c) => c !== undefined).sort()).toEqual([1, 2, 3, 4, 5]);
      expect((await stores.mfa.findToken("0mc01AAAAAAAAAAAAAAA"))?.attempts).toBe(5);
      expect(await stores.mfa.findToken("0mc01ZZZZZZZZZZZZZZZ")).toBeUndefined();
    });

    it("consumes a token once, and no attempt is left on a consumed one", async () => {
      await stores.mfa.createToken(mfaToken("0mc01AAAAAAAAAAAAAAA"));
      const consumed = await Promise.all([
        stores.mfa.consumeToken("0mc01AAAAAAAAAAAAAAA", T0 + 5),
        stores.mfa.consumeToken("0mc01AAAAAAAAAAAAAAA", T0 + 6),
      ]);
      expect(consumed.sort()).toEqual([false, true]);
      expect((await stores.mfa.findToken("0mc01AAAAAAAAAAAAAAA"))?.consumedAt).toBe(T0 + 5);
      expect(await stores.mfa.claimAttempt("0mc01AAAAAAAAAAAAAAA", 5)).toBeUndefined();
    });

    it("prunes a user's tokens that expired before a cutoff", async () => {
      await stores.mfa.createToken(mfaToken("0mc01AAAAAAAAAAAAAAA", T0 + 1000));
      await stores.mfa.createToken(mfaToken("0mc01BBBBBBBBBBBBBBB", T0 + 5000));
      expect(await stores.mfa.deleteTokensExpiredBefore("00601ZZZZZZZZZZZZZZZ", T0 + 9000)).toBe(0);
      expect(await stores.mfa.deleteTokensExpiredBefore("00601AAAAAAAAAAAAAAA", T0 + 2000)).toBe(1);
      expect(await stores.mfa.findToken("0mc01AAAAAAAAAAAAAAA")).toBeUndefined();
      expect(await stores.mfa.findToken("0mc01BBBBBBBBBBBBBBB")).toBeDefined();
    });

    it("keeps remembered devices by hash, lists them per user and deletes by filter", async () => {
      const device = (id: string, tokenHash: string, name: string, expiresAt = T0 + 1000) => ({
        id,
        userId: "00601AAAAAAAAAAAAAAA",
        tokenHash,
        device: name,
        machineName: name === "laptop" ? "ann-mbp" : null,
        createdAt: T0,
        expiresAt,
      });
      await stores.rememberedDevices.create(device("0rd01AAAAAAAAAAAAAAA", "a".repeat(64), "laptop"));
      await stores.rememberedDevices.create(
        device("0rd01BBBBBBBBBBBBBBB", "b".repeat(64), "phone", T0 + 9000),
      );
      await stores.rememberedDevices.create(
        device("0rd01CCCCCCCCCCCCCCC", "c".repeat(64), "laptop", T0 + 9000),
      );
      await expect(
        stores.rememberedDevices.create(device("0rd01DDDDDDDDDDDDDDD", "a".repeat(64), "x")),
      ).rejects.toThrow();
      expect(await stores.rememberedDevices.findByTokenHash("a".repeat(64))).toEqual(
        device("0rd01AAAAAAAAAAAAAAA", "a".repeat(64), "laptop"),
      );
      expect((await stores.rememberedDevices.listForUser("00601AAAAAAAAAAAAAAA")).map((d) => d.id)).toEqual([
        "0rd01AAAAAAAAAAAAAAA",
        "0rd01BBBBBBBBBBBBBBB",
        "0rd01CCCCCCCCCCCCCCC",
      ]);
      expect(await stores.rememberedDevices.deleteExpiredBefore("00601AAAAAAAAAAAAAAA", T0 + 1001)).toBe(1);
      expect(
        await stores.rememberedDevices.deleteWhere({ userId: "00601ZZZZZZZZZZZZZZZ", device: "phone" }),
      ).toBe(0);
      expect(
        await stores.rememberedDevices.deleteWhere({ userId: "00601AAAAAAAAAAAAAAA", device: "laptop" }),
      ).toBe(1);
      expect(
        await stores.rememberedDevices.deleteWhere({
          userId: "00601AAAAAAAAAAAAAAA",
          id: "0rd01BBBBBBBBBBBBBBB",
        }),
      ).toBe(1);
      expect(await stores.rememberedDevices.listForUser("00601AAAAAAAAAAAAAAA")).toEqual([]);
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

    it("lists outbox messages of one millisecond in the order they were appended", async () => {
      const ids = ["0ob01ZZZZZZZZZZZZZZZ", "0ob01AAAAAAAAAAAAAAA", "0ob01MMMMMMMMMMMMMMM"];
      for (const id of ids) {
        await stores.outbox.append({
          id,
          channel: "TEXT",
          recipient: "+15550001",
          purpose: "mfa-setup",
          text: id,
          userId: null,
          organizationId: null,
          createdAt: T0,
        });
      }
      expect((await stores.outbox.list({})).map((m) => m.id)).toEqual([...ids].reverse());
    });
  });
}
