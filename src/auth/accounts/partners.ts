/**
 * Partners (spec section 8): an appKey (stored as its hash, shown once), partner users with
 * argon2id passwords, and the developer key that the organization-level sessions a partner
 * makes with login-as-user are bound to. Partner usernames are login names matched
 * case-insensitively; an e-mail address is fine, but not required.
 */
import { randomBytes } from "node:crypto";
import type { Stores } from "../../stores/types/index.ts";
import type { Partner, PartnerUser } from "../../stores/types/partners.ts";
import { retryOnUniqueViolation } from "../../stores/unique-violation.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { hashSecret, newId, newSecret } from "../crypto/ids.ts";
import { checkNewPassword } from "./password-policy.ts";
import { createDevKey } from "./provisioning.ts";

/** 1–100 visible characters, no spaces: the username partner login takes. */
export const PARTNER_USERNAME_PATTERN = /^[\x21-\x7e]{1,100}$/;
const KEY_PATTERN = /^[\x21-\x7e]{16,128}$/;

export interface NewPartner {
  name: string;
  /** Literal keys for stable fixtures (seed files); generated when absent. */
  appKey?: string;
  devKey?: string;
  /** The first partner user; `<name>-admin` and a random password when absent. */
  username?: string;
  password?: string;
}

export interface CreatedPartner {
  partner: Partner;
  /** The secrets below exist only in this value: they are shown once. */
  appKey: string;
  devKey: string;
  user: PartnerUser;
  password: string;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60) || "partner";

/** Adds a user to a partner (inside the caller's transaction when `stores` is one). */
async function insertPartnerUser(
  stores: Stores,
  now: number,
  partnerId: string,
  username: string,
  passwordHash: string,
): Promise<PartnerUser> {
  const user: PartnerUser = {
    id: newId("partnerUser"),
    partnerId,
    username,
    passwordHash,
    createdAt: now,
    updatedAt: now,
  };
  await stores.partners.createUser(user);
  return user;
}

/** Creates a partner with its appKey, its developer key and a first partner user. */
export async function createPartner(deps: AuthDeps, input: NewPartner): Promise<Result<CreatedPartner>> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) return fail("INVALID_VALUE", { paramName0: "name" });
  if (input.appKey !== undefined && !KEY_PATTERN.test(input.appKey)) {
    return fail("INVALID_VALUE", { paramName0: "appKey" });
  }
  const username = (input.username ?? `${slug(name)}-admin`).toLowerCase();
  if (!PARTNER_USERNAME_PATTERN.test(username)) return fail("INVALID_VALUE", { paramName0: "username" });
  const password = input.password ?? randomBytes(18).toString("base64url");
  const policy = checkNewPassword(deps.config, password, username);
  if (!policy.ok) return policy;
  const appKey = input.appKey ?? newSecret();
  const appKeyHash = hashSecret(appKey);
  const passwordHash = await deps.hasher.hash(password);
  // Racing creates of one given appKey or devKey: the loser runs again and finds the winner's.
  return retryOnUniqueViolation(async () => {
    if (await deps.stores.partners.findByAppKeyHash(appKeyHash)) {
      return fail("ALREADY_EXISTS", { paramName0: "appKey" });
    }
    return deps.stores.transaction(async (stores) => {
      const devKey = await createDevKey(
        { ...deps, stores },
        {
          name: `partner ${name}`.slice(0, 100),
          ...(input.devKey === undefined ? {} : { key: input.devKey }),
        },
      );
      if (!devKey.ok) return devKey;
      const now = deps.clock.now();
      const partner: Partner = {
        id: newId("partner"),
        name,
        appKeyHash,
        devKeyId: devKey.value.id,
        createdAt: now,
      };
      await stores.partners.create(partner);
      const user = await insertPartnerUser(stores, now, partner.id, username, passwordHash);
      return ok({ partner, appKey, devKey: devKey.value.key, user, password });
    });
  });
}

/** Adds a partner user, or sets the password of an existing one (seed files). */
export async function setPartnerUser(
  deps: AuthDeps,
  partnerId: string,
  input: { username: string; password: string },
): Promise<Result<{ user: PartnerUser; created: boolean }>> {
  const username = input.username.toLowerCase();
  if (!PARTNER_USERNAME_PATTERN.test(username)) return fail("INVALID_VALUE", { paramName0: "username" });
  const policy = checkNewPassword(deps.config, input.password, username);
  if (!policy.ok) return policy;
  const passwordHash = await deps.hasher.hash(input.password);
  const now = deps.clock.now();
  const existing = await deps.stores.partners.findUser(partnerId, username);
  if (existing) {
    await deps.stores.partners.setUserPassword(existing.id, passwordHash, now);
    return ok({ user: { ...existing, passwordHash, updatedAt: now }, created: false });
  }
  const user = await insertPartnerUser(deps.stores, now, partnerId, username, passwordHash);
  return ok({ user, created: true });
}
