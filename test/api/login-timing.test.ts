/**
 * Spec 3.3, step 7: an unknown username and a known one with a wrong password cannot be told
 * apart, by time either. Time is the machine's to vary, so what is compared is the work: the
 * same store calls, in the same order, and one password verification each.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/auth/accounts/provisioning.ts";
import type { AuthDeps } from "../../src/auth/context.ts";
import { login } from "../../src/auth/sessions/login.ts";
import { partnerLogin } from "../../src/auth/sessions/partner-sessions.ts";
import type { Stores } from "../../src/stores/types/index.ts";
import {
  type Account,
  provisionAccount,
  startTestServer,
  type TestServer,
  unwrap,
} from "../helpers/helpers.ts";
import { type PartnerAccount, provisionPartner } from "../helpers/provisioning-helpers.ts";

/** The deps with every store call and password verification recorded as `store.method`. */
function recording(deps: AuthDeps): { deps: AuthDeps; calls: string[] } {
  const calls: string[] = [];
  const wrap = <T extends object>(name: string, store: T): T =>
    new Proxy(store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls.push(`${name}.${String(key)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const stores = Object.fromEntries(
    Object.entries(deps.stores).map(([name, store]) => [
      name,
      typeof store === "object" && store !== null ? wrap(name, store) : store,
    ]),
  ) as unknown as Stores;
  const hasher = wrap("hasher", deps.hasher);
  return { deps: { ...deps, stores, hasher }, calls };
}

describe("login does the same work for an unknown username and a wrong password", () => {
  let t: TestServer;
  let account: Account;
  let partner: PartnerAccount;

  beforeEach(async () => {
    t = await startTestServer({ config: { lockoutThreshold: 1000 } });
    account = await provisionAccount(t.deps);
    partner = await provisionPartner(t.deps);
    // The dummy hash of unknown usernames is made once, on first use: not part of the comparison.
    await t.deps.dummyHash();
  });
  afterEach(() => t.close());

  it("POST /v3/login", async () => {
    const attempt = async (username: string) => {
      const { deps, calls } = recording(t.deps);
      const result = await login(deps, {
        username,
        password: "not the password",
        organizationId: account.organizationId,
        devKey: account.devKey,
        ip: "203.0.113.7",
      });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.errors[0]?.key).toBe("INVALID_CREDENTIALS");
      return calls;
    };
    const known = await attempt(account.username);
    const unknown = await attempt("nobody-at-all@example.com");
    expect(unknown).toEqual(known);
    expect(known.filter((call) => call === "hasher.verify")).toHaveLength(1);
    expect(known).toContain("memberships.listForUser");
    // A user without a password yet is the same again.
    unwrap(
      await createUser(t.deps, { organizationId: account.organizationId, email: "invited@example.com" }),
    );
    expect(await attempt("invited@example.com")).toEqual(known);
  });

  it("POST /v3/partner/login, with an unknown username or appKey", async () => {
    const attempt = async (appKey: string, username: string) => {
      const { deps, calls } = recording(t.deps);
      const result = await partnerLogin(deps, { appKey, username, password: "not the password" });
      expect(!result.ok && result.errors[0]?.key).toBe("INVALID_CREDENTIALS");
      return calls;
    };
    const known = await attempt(partner.appKey, partner.username);
    expect(await attempt(partner.appKey, "nobody")).toEqual(known);
    expect(await attempt("an-unknown-app-key-0123456789", partner.username)).toEqual(known);
    expect(known.filter((call) => call === "hasher.verify")).toHaveLength(1);
  });
});
