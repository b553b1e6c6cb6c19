import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConsoleToken } from "../../src/stores/types/consoles.ts";
import type { Stores } from "../../src/stores/types/index.ts";

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const ORG_A = "00801AAAAAAAAAAAAAAA";
const ORG_B = "00801BBBBBBBBBBBBBBB";
const ORG_C = "00801CCCCCCCCCCCCCCC";
const FIRM = "0cn01AAAAAAAAAAAAAAA";
const OTHER_FIRM = "0cn01BBBBBBBBBBBBBBB";
const ANN = "00601AAAAAAAAAAAAAAA";
const BOB = "00601BBBBBBBBBBBBBBB";

const token = (over: Partial<ConsoleToken> = {}): ConsoleToken => ({
  id: "0ct01AAAAAAAAAAAAAAA",
  consoleId: FIRM,
  userId: ANN,
  name: "CI",
  tokenHash: "a".repeat(64),
  createdAt: T0,
  revokedAt: null,
  ...over,
});

/** The console store's part of the contract (see store-contract.ts). */
export function consoleStoreContract(name: string, makeStores: () => Promise<Stores>) {
  describe(`store contract (consoles): ${name}`, () => {
    let stores: Stores;

    beforeEach(async () => {
      stores = await makeStores();
      for (const [id, orgName] of [
        [ORG_A, "Client A"],
        [ORG_B, "Client B"],
        [ORG_C, "Client C"],
      ] as const) {
        await stores.organizations.create(
          {
            id,
            name: orgName,
            locked: false,
            mfaRequired: false,
            profile: {},
            partnerId: null,
            createdAt: T0,
            updatedAt: T0,
          },
          [],
        );
      }
      for (const [id, email] of [
        [ANN, "ann@example.com"],
        [BOB, "bob@example.com"],
      ] as const) {
        await stores.users.create({
          id,
          email,
          passwordHash: null,
          firstName: "",
          lastName: "",
          createdAt: T0,
          updatedAt: T0,
        });
      }
      await stores.consoles.create({ id: OTHER_FIRM, name: "Beta", createdAt: T0 + 1 });
      await stores.consoles.create({ id: FIRM, name: "Acme", createdAt: T0 + 1 });
    });
    afterEach(() => stores.close());

    it("creates, finds and lists consoles by (created, id)", async () => {
      expect(await stores.consoles.findById(FIRM)).toEqual({ id: FIRM, name: "Acme", createdAt: T0 + 1 });
      expect(await stores.consoles.findById("0cn01ZZZZZZZZZZZZZZZ")).toBeUndefined();
      expect((await stores.consoles.list()).map((c) => c.id)).toEqual([FIRM, OTHER_FIRM]);
    });

    it("links organizations once, lists them by (linked, id), and unlinks", async () => {
      expect(
        await stores.consoles.addOrganization({ consoleId: FIRM, organizationId: ORG_B, createdAt: T0 + 2 }),
      ).toBe(true);
      expect(
        await stores.consoles.addOrganization({ consoleId: FIRM, organizationId: ORG_A, createdAt: T0 + 2 }),
      ).toBe(true);
      expect(
        await stores.consoles.addOrganization({ consoleId: FIRM, organizationId: ORG_A, createdAt: T0 + 9 }),
      ).toBe(false);
      expect(await stores.consoles.listOrganizations(FIRM)).toEqual([
        { consoleId: FIRM, organizationId: ORG_A, createdAt: T0 + 2 },
        { consoleId: FIRM, organizationId: ORG_B, createdAt: T0 + 2 },
      ]);
      expect(await stores.consoles.listOrganizations(OTHER_FIRM)).toEqual([]);
      expect(await stores.consoles.removeOrganization(FIRM, ORG_A)).toBe(true);
      expect(await stores.consoles.removeOrganization(FIRM, ORG_A)).toBe(false);
      expect((await stores.consoles.listOrganizations(FIRM)).map((l) => l.organizationId)).toEqual([ORG_B]);
    });

    it("adds members once, lists them with their email, and removes them", async () => {
      expect(await stores.consoles.addMember({ consoleId: FIRM, userId: BOB, createdAt: T0 + 3 })).toBe(true);
      expect(await stores.consoles.addMember({ consoleId: FIRM, userId: ANN, createdAt: T0 + 4 })).toBe(true);
      expect(await stores.consoles.addMember({ consoleId: FIRM, userId: ANN, createdAt: T0 + 5 })).toBe(
        false,
      );
      expect(await stores.consoles.listMembers(FIRM)).toEqual([
        { consoleId: FIRM, userId: BOB, email: "bob@example.com", createdAt: T0 + 3 },
        { consoleId: FIRM, userId: ANN, email: "ann@example.com", createdAt: T0 + 4 },
      ]);
      expect(await stores.consoles.removeMember(FIRM, BOB)).toBe(true);
      expect(await stores.consoles.removeMember(FIRM, BOB)).toBe(false);
      expect((await stores.consoles.listMembers(FIRM)).map((m) => m.userId)).toEqual([ANN]);
    });

    it("stores tokens by hash, finds them by id or hash, revokes each once", async () => {
      await stores.consoles.createToken(
        token({ id: "0ct01BBBBBBBBBBBBBBB", createdAt: T0 + 1, tokenHash: "b".repeat(64) }),
      );
      await stores.consoles.createToken(token());
      await stores.consoles.createToken(
        token({ id: "0ct01CCCCCCCCCCCCCCC", consoleId: OTHER_FIRM, tokenHash: "c".repeat(64) }),
      );
      expect(await stores.consoles.findTokenByHash("a".repeat(64))).toEqual(token());
      expect(await stores.consoles.findTokenByHash("d".repeat(64))).toBeUndefined();
      expect(await stores.consoles.findTokenById("0ct01BBBBBBBBBBBBBBB")).toMatchObject({
        tokenHash: "b".repeat(64),
      });
      expect((await stores.consoles.listTokens(FIRM)).map((t) => t.id)).toEqual([
        "0ct01AAAAAAAAAAAAAAA",
        "0ct01BBBBBBBBBBBBBBB",
      ]);
      expect(await stores.consoles.revokeToken("0ct01AAAAAAAAAAAAAAA", T0 + 10)).toBe(true);
      expect(await stores.consoles.revokeToken("0ct01AAAAAAAAAAAAAAA", T0 + 11)).toBe(false);
      expect(await stores.consoles.revokeToken("0ct01ZZZZZZZZZZZZZZZ", T0 + 11)).toBe(false);
      expect((await stores.consoles.findTokenById("0ct01AAAAAAAAAAAAAAA"))?.revokedAt).toBe(T0 + 10);
      // A token's hash is unique: the same hash twice is refused.
      await expect(stores.consoles.createToken(token({ id: "0ct01DDDDDDDDDDDDDDD" }))).rejects.toThrow();
    });

    it("revokes the live tokens of one user in one console only", async () => {
      await stores.consoles.createToken(token());
      await stores.consoles.createToken(
        token({ id: "0ct01BBBBBBBBBBBBBBB", tokenHash: "b".repeat(64), revokedAt: T0 }),
      );
      await stores.consoles.createToken(
        token({ id: "0ct01CCCCCCCCCCCCCCC", tokenHash: "c".repeat(64), userId: BOB }),
      );
      await stores.consoles.createToken(
        token({ id: "0ct01DDDDDDDDDDDDDDD", tokenHash: "d".repeat(64), consoleId: OTHER_FIRM }),
      );
      expect(await stores.consoles.revokeTokensOf(FIRM, ANN, T0 + 5)).toEqual(["0ct01AAAAAAAAAAAAAAA"]);
      expect(await stores.consoles.revokeTokensOf(FIRM, ANN, T0 + 6)).toEqual([]);
      const revoked = (await stores.consoles.listTokens(FIRM)).map((t) => [t.id, t.revokedAt]);
      expect(revoked).toEqual([
        ["0ct01AAAAAAAAAAAAAAA", T0 + 5],
        ["0ct01BBBBBBBBBBBBBBB", T0],
        ["0ct01CCCCCCCCCCCCCCC", null],
      ]);
      expect((await stores.consoles.findTokenById("0ct01DDDDDDDDDDDDDDD"))?.revokedAt).toBeNull();
    });

    it("reaches an organization only through a console that serves it and has the user", async () => {
      await stores.consoles.addOrganization({ consoleId: FIRM, organizationId: ORG_A, createdAt: T0 });
      await stores.consoles.addOrganization({ consoleId: OTHER_FIRM, organizationId: ORG_B, createdAt: T0 });
      await stores.consoles.addOrganization({ consoleId: OTHER_FIRM, organizationId: ORG_A, createdAt: T0 });
      await stores.consoles.addMember({ consoleId: FIRM, userId: ANN, createdAt: T0 });
      await stores.consoles.addMember({ consoleId: OTHER_FIRM, userId: BOB, createdAt: T0 });
      expect(await stores.consoles.reaches(FIRM, ANN, ORG_A)).toBe(true);
      expect(await stores.consoles.reaches(FIRM, ANN, ORG_B)).toBe(false);
      expect(await stores.consoles.reaches(OTHER_FIRM, ANN, ORG_A)).toBe(false);
      expect(await stores.consoles.reaches(FIRM, BOB, ORG_A)).toBe(false);
      expect(await stores.consoles.reaches(FIRM, ANN, ORG_C)).toBe(false);
      await stores.consoles.addMember({ consoleId: OTHER_FIRM, userId: ANN, createdAt: T0 });
      // Ordered by (organization, console id): FIRM's id sorts before OTHER_FIRM's.
      expect(await stores.consoles.listReachable(ANN)).toEqual([
        { consoleId: FIRM, consoleName: "Acme", organizationId: ORG_A },
        { consoleId: OTHER_FIRM, consoleName: "Beta", organizationId: ORG_A },
        { consoleId: OTHER_FIRM, consoleName: "Beta", organizationId: ORG_B },
      ]);
      await stores.consoles.removeMember(FIRM, ANN);
      expect(await stores.consoles.reaches(FIRM, ANN, ORG_A)).toBe(false);
      expect(await stores.consoles.listReachable(BOB)).toEqual([
        { consoleId: OTHER_FIRM, consoleName: "Beta", organizationId: ORG_A },
        { consoleId: OTHER_FIRM, consoleName: "Beta", organizationId: ORG_B },
      ]);
    });
  });
}
