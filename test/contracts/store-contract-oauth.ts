import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Stores } from "../../src/stores/types/index.ts";
import type { OAuthApp } from "../../src/stores/types/oauth-apps.ts";

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const ORG_A = "00801AAAAAAAAAAAAAAA";
const ORG_B = "00801BBBBBBBBBBBBBBB";
const USER = "00601AAAAAAAAAAAAAAA";

/** OAuth apps (docs/bill-sign-in-modes.md section 4), through the Stores interface only. */
export function oauthAppStoreContract(name: string, makeStores: () => Promise<Stores>) {
  describe(`store contract, OAuth apps: ${name}`, () => {
    let stores: Stores;

    const devKey = (id: string) =>
      stores.devKeys.create({
        id,
        name: id,
        keyHash: id.padEnd(64, "k").slice(0, 64),
        active: true,
        mfaBypass: false,
        createdAt: T0,
        deactivatedAt: null,
      });
    const app = (id: string, organizationId: string, devKeyId: string, createdAt = T0): OAuthApp => ({
      id,
      organizationId,
      userId: USER,
      name: `app ${id}`,
      scope: "accounting",
      secretHash: "s".repeat(64),
      devKeyId,
      createdAt,
      revokedAt: null,
    });

    beforeEach(async () => {
      stores = await makeStores();
      for (const org of [ORG_A, ORG_B]) {
        await stores.organizations.create(
          {
            id: org,
            name: org,
            locked: false,
            mfaRequired: false,
            profile: {},
            partnerId: null,
            createdAt: T0,
            updatedAt: T0,
          },
          [
            {
              id: `0po01${org.slice(5)}`,
              organizationId: org,
              type: "ADMINISTRATOR",
              name: "",
              description: "",
            },
          ],
        );
      }
      await stores.users.create({
        id: USER,
        email: "a@example.com",
        passwordHash: null,
        firstName: "A",
        lastName: "",
        createdAt: T0,
        updatedAt: T0,
      });
      await devKey("0dk01PUBLICAAAAAAAAA");
      await devKey("0dk01HIDDENAAAAAAAAA");
      await devKey("0dk01HIDDENBBBBBBBBB");
    });
    afterEach(() => stores.close());

    it("keeps an app, finds it by id, lists an organization's oldest first", async () => {
      await stores.oauthApps.create(app("0oa01BBBBBBBBBBBBBBB", ORG_A, "0dk01HIDDENAAAAAAAAA", T0 + 1));
      await stores.oauthApps.create(app("0oa01AAAAAAAAAAAAAAA", ORG_B, "0dk01HIDDENBBBBBBBBB"));
      expect(await stores.oauthApps.findById("0oa01BBBBBBBBBBBBBBB")).toEqual(
        app("0oa01BBBBBBBBBBBBBBB", ORG_A, "0dk01HIDDENAAAAAAAAA", T0 + 1),
      );
      expect(await stores.oauthApps.findById("0oa01CCCCCCCCCCCCCCC")).toBeUndefined();
      expect((await stores.oauthApps.list({ organizationId: ORG_A })).map((a) => a.id)).toEqual([
        "0oa01BBBBBBBBBBBBBBB",
      ]);
      expect((await stores.oauthApps.list({})).map((a) => a.id)).toEqual([
        "0oa01AAAAAAAAAAAAAAA",
        "0oa01BBBBBBBBBBBBBBB",
      ]);
    });

    it("hides an app's developer key from the developer keys' list and count", async () => {
      await stores.oauthApps.create(app("0oa01AAAAAAAAAAAAAAA", ORG_A, "0dk01HIDDENAAAAAAAAA"));
      expect((await stores.devKeys.list()).map((k) => k.id)).toEqual([
        "0dk01HIDDENBBBBBBBBB",
        "0dk01PUBLICAAAAAAAAA",
      ]);
      expect(await stores.devKeys.count()).toBe(2);
      // Still found by id, for the session check and revocation.
      expect((await stores.devKeys.findById("0dk01HIDDENAAAAAAAAA"))?.id).toBe("0dk01HIDDENAAAAAAAAA");
    });

    it("revokes once; revoked apps are listed only when asked for; hasActive follows", async () => {
      await stores.oauthApps.create(app("0oa01AAAAAAAAAAAAAAA", ORG_A, "0dk01HIDDENAAAAAAAAA"));
      expect(await stores.oauthApps.hasActive(ORG_A)).toBe(true);
      expect(await stores.oauthApps.hasActive(ORG_B)).toBe(false);
      expect(await stores.oauthApps.revoke("0oa01AAAAAAAAAAAAAAA", T0 + 5)).toBe(true);
      expect(await stores.oauthApps.revoke("0oa01AAAAAAAAAAAAAAA", T0 + 6)).toBe(false);
      expect(await stores.oauthApps.revoke("0oa01CCCCCCCCCCCCCCC", T0 + 6)).toBe(false);
      expect(await stores.oauthApps.hasActive(ORG_A)).toBe(false);
      expect(await stores.oauthApps.list({ organizationId: ORG_A })).toEqual([]);
      expect(await stores.oauthApps.list({ organizationId: ORG_A, includeRevoked: true })).toEqual([
        { ...app("0oa01AAAAAAAAAAAAAAA", ORG_A, "0dk01HIDDENAAAAAAAAA"), revokedAt: T0 + 5 },
      ]);
    });

    it("refuses a second app on the same hidden developer key", async () => {
      await stores.oauthApps.create(app("0oa01AAAAAAAAAAAAAAA", ORG_A, "0dk01HIDDENAAAAAAAAA"));
      await expect(
        stores.oauthApps.create(app("0oa01BBBBBBBBBBBBBBB", ORG_A, "0dk01HIDDENAAAAAAAAA")),
      ).rejects.toThrow();
    });

    it("keeps a token as a session of mode oauth, ended with its app (credentialId)", async () => {
      await stores.oauthApps.create(app("0oa01AAAAAAAAAAAAAAA", ORG_A, "0dk01HIDDENAAAAAAAAA"));
      await stores.memberships.create({
        userId: USER,
        organizationId: ORG_A,
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
      await stores.sessions.create({
        id: "0se01AAAAAAAAAAAAAAA",
        tokenHash: "t".repeat(64),
        userId: USER,
        organizationId: ORG_A,
        devKeyId: "0dk01HIDDENAAAAAAAAA",
        trusted: false,
        partnerId: null,
        createdAt: T0,
        lastActiveAt: T0,
        mode: "oauth",
        credentialId: "0oa01AAAAAAAAAAAAAAA",
        scope: "accounting",
        expiresAt: T0 + 3_600_000,
      });
      expect(await stores.sessions.findByTokenHash("t".repeat(64))).toEqual(
        expect.objectContaining({ mode: "oauth", scope: "accounting", expiresAt: T0 + 3_600_000 }),
      );
      expect(await stores.sessions.deleteWhere({ credentialId: "0oa01AAAAAAAAAAAAAAA" })).toBe(1);
      expect(await stores.sessions.findByTokenHash("t".repeat(64))).toBeUndefined();
    });
  });
}
