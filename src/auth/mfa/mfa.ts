/**
 * MFA flows (spec section 7): set up a phone, challenge it, trust a session, step up with a
 * rememberMeId, and the session's MFA status (spec 4.1). Every function acts for the user of
 * an authenticated session.
 */
import type { MfaPhoneType } from "../../stores/types/mfa.ts";
import type { SessionRecord } from "../../stores/types/sessions.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { recordMfaFailure } from "./failure-limit.ts";
import { isE164, maskPhone } from "./phones.ts";
import { rememberDevice, verifyRememberedDevice } from "./remembered-devices.ts";
import { issueToken, redeemToken, WRONG_TOKEN } from "./tokens.ts";

export type MfaStatus = "DISABLED" | "SETUP" | "CHALLENGE" | "COMPLETE";

/** A session that may run MFA-protected operations: it passed MFA, or its devKey bypasses it. */
export const isTrusted = (session: SessionRecord): boolean => session.trusted || session.mfaBypass;

/**
 * A session made by a partner's login-as-user acts for the person but is not them: it may not
 * change their credentials or factors (spec 5.1) — set up or validate a phone, or remember a
 * device. Ok for any other session; 403 BDC_9004 (audited) for an impersonation.
 */
export function refuseImpersonation(deps: AuthDeps, session: SessionRecord, what: string): Result<void> {
  if (session.partnerId === null) return ok(undefined);
  deps.audit({
    event: "mfa.rejected",
    code: "BDC_9004",
    userId: session.userId,
    organizationId: session.organizationId,
    partnerId: session.partnerId,
    sessionRef: session.id,
    reason: `impersonation: ${what}`,
  });
  return fail("INSUFFICIENT_PERMISSIONS");
}

export async function hasVerifiedPhone(deps: AuthDeps, userId: string): Promise<boolean> {
  return (await deps.stores.mfa.findPhone(userId)) !== undefined;
}

/** Spec 4.1: DISABLED, SETUP (no verified phone), CHALLENGE (not trusted yet) or COMPLETE. */
export async function mfaStatusOf(deps: AuthDeps, session: SessionRecord): Promise<MfaStatus> {
  if (!session.organizationMfaRequired) return "DISABLED";
  if (isTrusted(session)) return "COMPLETE";
  return (await hasVerifiedPhone(deps, session.userId)) ? "CHALLENGE" : "SETUP";
}

/** Runs a validation; a wrong token counts against the user's daily limit once it is over. */
async function countingWrongTokens<T>(
  deps: AuthDeps,
  userId: string,
  validate: () => Promise<Result<T>>,
): Promise<Result<T>> {
  const result = await validate();
  if (!result.ok && result.reason === WRONG_TOKEN) await recordMfaFailure(deps, userId);
  return result;
}

/**
 * `GET /v3/login/session` (spec 4.1): the session's organization, user and MFA state. At once
 * when the status needs no read (an organization without MFA, a trusted session): the session
 * check's hot path; else once the user's phone is looked up.
 */
export function sessionDetails(
  deps: AuthDeps,
  session: SessionRecord,
): SessionDetails | Promise<SessionDetails> {
  const details = (mfaStatus: MfaStatus): SessionDetails => ({
    organizationId: session.organizationId,
    userId: session.userId,
    mfaStatus,
    mfaBypass: session.mfaBypass,
    trusted: isTrusted(session),
  });
  if (!session.organizationMfaRequired) return details("DISABLED");
  return mfaStatusOf(deps, session).then(details);
}

interface SessionDetails {
  organizationId: string;
  userId: string;
  mfaStatus: MfaStatus;
  mfaBypass: boolean;
  trusted: boolean;
}

/** `POST /v3/mfa/setup`: sends a setup token to the phone. */
export async function startSetup(
  deps: AuthDeps,
  session: SessionRecord,
  input: { phone: string; type: MfaPhoneType; primary?: boolean },
): Promise<Result<{ setupId: string }>> {
  if (!isE164(input.phone)) return fail("INVALID_VALUE", { paramName0: "phone" });
  // The phone set up here is always the primary one; there is no backup phone.
  if (input.primary === false) return fail("INVALID_VALUE", { paramName0: "primary" });
  const issued = await issueToken(deps, {
    kind: "setup",
    userId: session.userId,
    organizationId: session.organizationId,
    phone: input.phone,
    type: input.type,
  });
  return issued.ok ? ok({ setupId: issued.value.id }) : issued;
}

/** `POST /v3/mfa/setup/validate`: a right token makes the phone the user's verified phone. */
export async function completeSetup(
  deps: AuthDeps,
  session: SessionRecord,
  input: { setupId: string; type: MfaPhoneType; token: string },
): Promise<Result<{ status: "SUCCESS" }>> {
  return countingWrongTokens(deps, session.userId, () =>
    deps.stores.transaction(async (stores) => {
      const redeemed = await redeemToken(
        { ...deps, stores },
        { kind: "setup", id: input.setupId, userId: session.userId, token: input.token, type: input.type },
      );
      if (!redeemed.ok) return redeemed;
      const { phone, type } = redeemed.value;
      await stores.mfa.savePhone({ userId: session.userId, phone, type, verifiedAt: deps.clock.now() });
      deps.audit({
        event: "mfa.verified",
        userId: session.userId,
        organizationId: session.organizationId,
        sessionRef: session.id,
      });
      // BILL's answer (its v3 Postman collection).
      return ok({ status: "SUCCESS" as const });
    }),
  );
}

/**
 * The phone type `GET /v3/mfa/phones` gives, BILL's `MOBILE` or `WORK`, for how the setup
 * delivers tokens (ours: BILL documents no mapping): text messages go to a mobile phone, a
 * voice call may go to any phone, a work line among them.
 */
export const PHONE_LIST_TYPES = { TEXT: "MOBILE", VOICE: "WORK" } as const satisfies Record<
  MfaPhoneType,
  string
>;

export interface ListedPhone {
  type: (typeof PHONE_LIST_TYPES)[MfaPhoneType];
  last4digits: string;
  primary: boolean;
  /** Ours, beside BILL's fields: the number masked (`+1******1234`). */
  phone: string;
}

/** `GET /v3/mfa/phones`: the verified phone as BILL lists it (type, last four digits, primary). */
export async function listPhones(deps: AuthDeps, userId: string): Promise<{ results: ListedPhone[] }> {
  const phone = await deps.stores.mfa.findPhone(userId);
  if (!phone) return { results: [] };
  return {
    results: [
      {
        type: PHONE_LIST_TYPES[phone.type],
        last4digits: phone.phone.slice(-4),
        primary: true,
        phone: maskPhone(phone.phone),
      },
    ],
  };
}

/** `POST /v3/mfa/challenge`: sends a token to the verified phone. */
export async function startChallenge(
  deps: AuthDeps,
  session: SessionRecord,
  input: { useBackup?: boolean | "true" | "false" },
): Promise<Result<{ challengeId: string }>> {
  // There is no backup phone to use. BILL's own collection sends the flag as a string.
  if (input.useBackup === true || input.useBackup === "true") {
    return fail("INVALID_VALUE", { paramName0: "useBackup" });
  }
  const phone = await deps.stores.mfa.findPhone(session.userId);
  if (!phone) return fail("MFA_NOT_SET_UP");
  const issued = await issueToken(deps, {
    kind: "challenge",
    userId: session.userId,
    organizationId: session.organizationId,
    phone: phone.phone,
    type: phone.type,
  });
  return issued.ok ? ok({ challengeId: issued.value.id }) : issued;
}

export interface ChallengeAnswer {
  challengeId: string;
  token: string;
  rememberMe?: boolean;
  /** Required with rememberMe (the route answers BDC_1108 without it). */
  device?: string;
  machineName?: string;
}

/** `POST /v3/mfa/challenge/validate`: a right token trusts this session, and may remember the device. */
export async function completeChallenge(
  deps: AuthDeps,
  session: SessionRecord,
  input: ChallengeAnswer,
): Promise<Result<{ trusted: true; rememberMeId?: string }>> {
  // Checked before the token is spent: an impersonation may pass a challenge, never keep a device.
  if (input.rememberMe) {
    const refused = refuseImpersonation(deps, session, "remember a device");
    if (!refused.ok) return refused;
  }
  return countingWrongTokens(deps, session.userId, () =>
    deps.stores.transaction(async (stores) => {
      const scoped = { ...deps, stores };
      const redeemed = await redeemToken(scoped, {
        kind: "challenge",
        id: input.challengeId,
        userId: session.userId,
        token: input.token,
      });
      if (!redeemed.ok) return redeemed;
      await stores.sessions.markTrusted(session.id);
      deps.audit({
        event: "mfa.trusted",
        userId: session.userId,
        organizationId: session.organizationId,
        sessionRef: session.id,
        reason: "challenge",
      });
      if (!input.rememberMe || input.device === undefined) return ok({ trusted: true as const });
      const { rememberMeId } = await rememberDevice(scoped, {
        userId: session.userId,
        device: input.device,
        ...(input.machineName !== undefined ? { machineName: input.machineName } : {}),
      });
      return ok({ trusted: true as const, rememberMeId });
    }),
  );
}

/** `POST /v3/mfa/step-up`: a valid rememberMeId for this user and device trusts this session. */
export async function stepUp(
  deps: AuthDeps,
  session: SessionRecord,
  input: { rememberMeId: string; device: string },
): Promise<Result<{ trusted: true }>> {
  const verified = await verifyRememberedDevice(deps, { userId: session.userId, ...input });
  if (!verified.ok) {
    deps.audit({
      event: "mfa.rejected",
      code: "BDC_9003",
      userId: session.userId,
      sessionRef: session.id,
      reason: "step-up",
    });
    return verified;
  }
  await deps.stores.sessions.markTrusted(session.id);
  deps.audit({
    event: "mfa.trusted",
    userId: session.userId,
    organizationId: session.organizationId,
    sessionRef: session.id,
    reason: "step-up",
  });
  return ok({ trusted: true });
}

/**
 * Operator: forgets a user's verified phone (a lost phone), so that they can set up a new one
 * without a trusted session. Their rememberMeIds stay unless forgotten too.
 */
export async function resetPhone(deps: AuthDeps, userId: string): Promise<Result<{ reset: boolean }>> {
  if (!(await deps.stores.users.findById(userId))) return fail("NOT_FOUND", { paramName0: userId });
  const reset = await deps.stores.mfa.deletePhone(userId);
  if (reset) deps.audit({ event: "mfa.phone.reset", userId, reason: "operator" });
  return ok({ reset });
}
