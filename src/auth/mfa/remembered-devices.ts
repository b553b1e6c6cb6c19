/**
 * rememberMeIds (spec section 7): a 256-bit secret handed out once by a passed challenge with
 * `rememberMe: true`, valid 30 days for one user and one device name, stored only as SHA-256.
 * Presented at login (or step-up, or a partner's login-as-user) it makes the session trusted.
 */
import type { RememberedDevice } from "../../stores/types/mfa.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { hashSecret, isId, newId, newSecret } from "../crypto/ids.ts";

export const REMEMBER_ME_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** Makes a rememberMeId for the user's device. The id exists nowhere else from now on. */
export async function rememberDevice(
  deps: AuthDeps,
  input: { userId: string; device: string; machineName?: string },
): Promise<{ rememberMeId: string; record: RememberedDevice }> {
  const now = deps.clock.now();
  // Expired ids are useless; dropping them here keeps a user's list from growing without end.
  await deps.stores.rememberedDevices.deleteExpiredBefore(input.userId, now);
  const rememberMeId = newSecret();
  const record: RememberedDevice = {
    id: newId("rememberedDevice"),
    userId: input.userId,
    tokenHash: hashSecret(rememberMeId),
    device: input.device,
    machineName: input.machineName ?? null,
    createdAt: now,
    expiresAt: now + REMEMBER_ME_LIFETIME_MS,
  };
  await deps.stores.rememberedDevices.create(record);
  return { rememberMeId, record };
}

/**
 * Is this rememberMeId valid for this user and device name now? Unknown, revoked, expired,
 * another user's, or given with another device name: all the same BDC_9003. Used by login,
 * step-up and the partner's login-as-user.
 */
export async function verifyRememberedDevice(
  deps: AuthDeps,
  input: { userId: string; rememberMeId: string; device: string },
): Promise<Result<RememberedDevice>> {
  const { rememberedDevices } = deps.stores;
  // Looked up by the hash of the secret, like sessions: the stored value is never the id.
  const record = await rememberedDevices.findByTokenHash(hashSecret(input.rememberMeId));
  if (!record || record.userId !== input.userId || record.device !== input.device) {
    return fail("REMEMBER_ME_INVALID");
  }
  if (deps.clock.now() >= record.expiresAt) {
    await rememberedDevices.deleteWhere({ userId: record.userId, id: record.id });
    return fail("REMEMBER_ME_INVALID");
  }
  return ok(record);
}

/** The user's remembered devices that are still valid, oldest first (never the ids). */
export async function listRememberedDevices(deps: AuthDeps, userId: string): Promise<RememberedDevice[]> {
  const now = deps.clock.now();
  return (await deps.stores.rememberedDevices.listForUser(userId)).filter((d) => d.expiresAt > now);
}

/** Which of a user's devices to forget: one by reference, all of one name, or all. */
export type ForgetTarget = { ref: string } | { device: string } | { all: true };

/** Revokes rememberMeIds: logins and step-ups with them answer BDC_9003 from now on. */
export async function forgetRememberedDevices(
  deps: AuthDeps,
  userId: string,
  target: ForgetTarget,
): Promise<Result<{ forgotten: number }>> {
  if ("ref" in target && !isId("rememberedDevice", target.ref)) {
    return fail("INVALID_VALUE", { paramName0: "ref" });
  }
  const forgotten = await deps.stores.rememberedDevices.deleteWhere({
    userId,
    ...("ref" in target ? { id: target.ref } : {}),
    ...("device" in target ? { device: target.device } : {}),
  });
  if (forgotten === 0 && !("all" in target)) {
    const what = "ref" in target ? target.ref : target.device;
    return fail("NOT_FOUND", { paramName0: what });
  }
  deps.audit({ event: "mfa.devices.forgotten", userId, count: forgotten, reason: "operator" });
  return ok({ forgotten });
}
