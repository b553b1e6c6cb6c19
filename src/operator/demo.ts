import { randomBytes } from "node:crypto";
import { createDevKey, createOrganization, createUser } from "../auth/accounts/provisioning.ts";
import { type AuthDeps, ok, type Result } from "../auth/context.ts";
import { addSeededBankAccount } from "../resources/funding/seeded-bank.ts";

export interface DemoCredentials {
  organizationId: string;
  userId: string;
  username: string;
  password: string;
  devKey: string;
}

/**
 * On a store with no developer key at all, creates a demo organization, administrator and
 * developer key with random credentials (never a default password) and returns them once.
 * Returns undefined when the store already has a developer key.
 */
export async function ensureDemoAccount(deps: AuthDeps): Promise<Result<DemoCredentials | undefined>> {
  if ((await deps.stores.devKeys.count()) > 0) return ok(undefined);
  const organization = await createOrganization(deps, { name: "Demo Organization" });
  if (!organization.ok) return organization;
  const username = `admin+${randomBytes(3).toString("hex")}@demo.billet.test`;
  const password = randomBytes(18).toString("base64url");
  const user = await createUser(deps, {
    organizationId: organization.value.id,
    email: username,
    password,
    role: "ADMINISTRATOR",
    firstName: "Demo",
    lastName: "Administrator",
  });
  if (!user.ok) return user;
  await addSeededBankAccount(deps, organization.value, user.value.userId);
  const devKey = await createDevKey(deps, { name: "demo" });
  if (!devKey.ok) return devKey;
  return ok({
    organizationId: organization.value.id,
    userId: user.value.userId,
    username,
    password,
    devKey: devKey.value.key,
  });
}
