/**
 * Partner sessions (spec section 8): partner login, the check of every partner call
 * (`appKey` + `sessionId`), logout, and login-as-user, which gives an organization-level
 * session bound to the partner's developer key. Partner sessions follow the rules of
 * organization sessions: 256-bit ids stored as SHA-256, idle expiry, optional lifetime.
 */

import { ERROR_CODES, type ErrorKey } from "../../errors.ts";
import type { PartnerSessionRecord } from "../../stores/types/partners.ts";
import { getPartnerOrganization } from "../accounts/organizations.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { digestsEqual, hashSecret, newId, newSecret } from "../crypto/ids.ts";
import { expiryOf } from "./expiry.ts";
import { clearLoginFailures, isLoginLocked, recordLoginFailure } from "./lockout.ts";
import { checkRememberMe } from "./remember-me.ts";
import { createSession } from "./sessions.ts";

/** A well-formed partner id that no partner has. */
const NO_PARTNER_ID = "0pa01000000000000000";

export interface PartnerLoginInput {
  appKey: string;
  username: string;
  password: string;
  ip?: string;
}

/**
 * `POST /v3/partner/login`. An unknown appKey, an unknown username and a wrong password are
 * the same BDC_1101, each after exactly one password verification; failures count towards
 * the lockout of spec section 6 like organization logins do.
 */
export async function partnerLogin(
  deps: AuthDeps,
  input: PartnerLoginInput,
): Promise<Result<{ sessionId: string; userId: string }>> {
  const username = input.username.toLowerCase();
  const partner = await deps.stores.partners.findByAppKeyHash(hashSecret(input.appKey));
  // Partner usernames are unique per partner only: the lockout counts per (partner, username).
  const lockName = `partner:${partner?.id ?? "unknown"}:${username}`;
  const denied = (key: ErrorKey) => {
    deps.audit({
      event: "partner.login.failure",
      code: ERROR_CODES[key].code,
      partnerId: partner?.id,
      ip: input.ip,
    });
    return fail<never>(key);
  };
  if (await isLoginLocked(deps, lockName, input.ip)) return denied("LOGIN_LOCKED");
  // An unknown appKey still looks a user up (of no partner): the same store work as a known one.
  const user = await deps.stores.partners.findUser(partner?.id ?? NO_PARTNER_ID, username);
  const passwordOk = await deps.hasher.verify(user?.passwordHash ?? (await deps.dummyHash()), input.password);
  if (!partner || !user || !passwordOk) {
    const result = denied("INVALID_CREDENTIALS");
    await recordLoginFailure(deps, lockName, input.ip);
    return result;
  }
  await clearLoginFailures(deps, lockName);
  const sessionId = newSecret();
  const now = deps.clock.now();
  const ref = newId("partnerSession");
  await deps.stores.partnerSessions.create({
    id: ref,
    tokenHash: hashSecret(sessionId),
    partnerId: partner.id,
    partnerUserId: user.id,
    createdAt: now,
    lastActiveAt: now,
  });
  deps.audit({
    event: "partner.login.success",
    partnerId: partner.id,
    userId: user.id,
    sessionRef: ref,
    ip: input.ip,
  });
  return ok({ sessionId, userId: user.id });
}

/** Checks `appKey` + `sessionId` and slides the idle deadline; every failure is BDC_1109. */
export async function authenticatePartner(
  deps: AuthDeps,
  credentials: { appKey: string; sessionId: string; ip?: string },
): Promise<Result<PartnerSessionRecord>> {
  const record = await deps.stores.partnerSessions.findByTokenHash(hashSecret(credentials.sessionId));
  const rejected = (reason: string) => {
    deps.audit({
      event: "session.rejected",
      code: "BDC_1109",
      reason,
      sessionRef: record?.id,
      ip: credentials.ip,
    });
    return fail<never>("SESSION_INVALID");
  };
  if (!record) return rejected("unknown");
  // Constant time: the appKey is a secret compared with the stored hash.
  if (!digestsEqual(record.appKeyHash, hashSecret(credentials.appKey))) return rejected("other-appkey");
  const now = deps.clock.now();
  const expired = expiryOf(record, deps.config, now);
  if (expired) {
    await deps.stores.partnerSessions.deleteById(record.id);
    deps.audit({
      event: "session.expired",
      code: "BDC_1109",
      reason: expired,
      sessionRef: record.id,
      partnerId: record.partnerId,
      ip: credentials.ip,
    });
    return fail("SESSION_INVALID");
  }
  await deps.stores.partnerSessions.touch(record.id, now);
  return ok({ ...record, lastActiveAt: now });
}

/** Ends a partner session at once. */
export async function partnerLogout(
  deps: AuthDeps,
  session: PartnerSessionRecord,
  ip?: string,
): Promise<void> {
  await deps.stores.partnerSessions.deleteById(session.id);
  deps.audit({ event: "partner.logout", sessionRef: session.id, partnerId: session.partnerId, ip });
}

export interface LoginAsUserInput {
  userId: string;
  organizationId: string;
  rememberMeId?: string;
  device?: string;
  ip?: string;
}

/**
 * `POST /v3/partner/login-as-user`: like `/v3/login` for a user of an organization the partner
 * created, without their password. The session is bound to the partner's developer key.
 */
export async function loginAsUser(
  deps: AuthDeps,
  session: PartnerSessionRecord,
  input: LoginAsUserInput,
): Promise<Result<{ sessionId: string; organizationId: string; userId: string; trusted: boolean }>> {
  const organization = await getPartnerOrganization(deps, session.partnerId, input.organizationId);
  if (!organization.ok) return organization;
  if (organization.value.locked) return fail("ORGANIZATION_LOCKED");
  const devKey = await deps.stores.devKeys.findById(session.devKeyId);
  if (!devKey?.active) return fail("DEVKEY_INACTIVE");
  const member = await deps.stores.memberships.findMember(input.organizationId, input.userId);
  // A pending member has not agreed to be in this organization (spec 5.1): no impersonation.
  if (!member || member.archived || member.pending) {
    return fail("NO_ACTIVE_USER", { paramName0: input.userId, paramName1: input.organizationId });
  }
  const remembered = await checkRememberMe(deps, input);
  if (!remembered.ok) return remembered;
  const { trusted } = remembered.value;
  const { sessionId, ref } = await createSession(deps, {
    userId: input.userId,
    organizationId: input.organizationId,
    devKeyId: devKey.id,
    trusted,
    // Marks the session as an impersonation: it can change none of the person's factors.
    partnerId: session.partnerId,
  });
  deps.audit({
    event: "partner.login-as-user",
    partnerId: session.partnerId,
    userId: input.userId,
    organizationId: input.organizationId,
    devKeyId: devKey.id,
    sessionRef: ref,
    ip: input.ip,
  });
  return ok({ sessionId, organizationId: input.organizationId, userId: input.userId, trusted });
}
