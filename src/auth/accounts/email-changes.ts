/**
 * Changes of a login e-mail (spec 5.1): whoever asks (an organization administrator, a
 * partner, an operator), the change takes effect only when the new address confirms it with
 * a one-time token delivered there, together with the identity's current password (or, for
 * an identity without one, the password its owner now chooses). Until then the old address
 * stays the login. The caller learns nothing about the new address: a taken one simply never
 * confirms, and its owner is told. Only an operator's forced change skips the confirmation.
 */
import type { User } from "../../stores/types/users.ts";
import { isUniqueViolation } from "../../stores/unique-violation.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { hashSecret, newId, newSecret } from "../crypto/ids.ts";
import { parseEmail } from "./emails.ts";
import { ownerPassword } from "./identity-proof.ts";

/** (ours) How long a confirmation token works. */
export const EMAIL_CHANGE_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface EmailChangeRequest {
  userId: string;
  /** Canonical (parseEmail). */
  email: string;
  /** The organization the request came through, for the messages; absent for an operator. */
  organizationId?: string;
  requestedBy: "organization administrator" | "partner" | "operator";
}

const CONFIRM_HOW =
  'Confirm with POST /connect/v3/email-changes/confirm {"token": "<token>", "password": "<the account\'s password>"}, ' +
  "or ask an operator to run: billet user confirm-email --token <token> --password <password>";

/**
 * Starts a change: the new address gets a token, the current one a notice. When the new
 * address is already someone's login, no token exists; its owner is told instead. Both paths
 * write the same notice to the current address, so not even its holder learns which it was.
 */
export async function requestEmailChange(deps: AuthDeps, request: EmailChangeRequest): Promise<void> {
  const { stores } = deps;
  const user = await stores.users.findById(request.userId);
  if (!user || user.email === request.email) return;
  const now = deps.clock.now();
  const holder = await stores.users.findByEmail(request.email);
  const organizationId = request.organizationId ?? null;
  const where = organizationId === null ? "" : ` (through organization ${organizationId})`;
  if (holder) {
    await deps.delivery.send({
      channel: "EMAIL",
      recipient: request.email,
      purpose: "email-change-refused",
      text:
        `A ${request.requestedBy}${where} asked to make this address the login of another billet account. ` +
        "It is already the login of yours, so nothing was changed and nothing needs doing.",
      userId: holder.id,
      organizationId,
    });
  } else {
    const token = newSecret();
    // Only the newest request can be confirmed.
    await stores.emailChanges.closeForUser(user.id, now);
    await stores.emailChanges.create({
      id: newId("emailChange"),
      tokenHash: hashSecret(token),
      userId: user.id,
      email: request.email,
      createdAt: now,
      expiresAt: now + EMAIL_CHANGE_LIFETIME_MS,
      usedAt: null,
    });
    await deps.delivery.send({
      channel: "EMAIL",
      recipient: request.email,
      purpose: "email-change",
      text:
        `A ${request.requestedBy}${where} asked to make this address the login of an existing billet account. ` +
        `Your one-time confirmation token, valid for 24 hours: ${token}\n${CONFIRM_HOW}\n` +
        "If you did not ask for this, ignore this message: nothing changes until you confirm.",
      userId: user.id,
      organizationId,
    });
  }
  await deps.delivery.send({
    channel: "EMAIL",
    recipient: user.email,
    purpose: "email-change-requested",
    text:
      `A ${request.requestedBy}${where} asked to change the login of your billet account to another address. ` +
      "Your login stays this address unless the new one confirms the change.",
    userId: user.id,
    organizationId,
  });
  deps.audit({
    event: "email.change.requested",
    userId: user.id,
    ...(organizationId === null ? {} : { organizationId }),
    reason: request.requestedBy,
  });
}

/**
 * Confirms a change with its token and the account's password (spec 5.1). An unknown,
 * expired or used token — or one whose address became someone else's login meanwhile — is
 * one and the same 400 BDC_9001 for `token`; a wrong password is 401 BDC_1101 (with the
 * lockout of a login) and leaves the token usable.
 */
export async function confirmEmailChange(
  deps: AuthDeps,
  token: string,
  password: string,
  context: { ip?: string } = {},
): Promise<Result<{ userId: string; email: string }>> {
  const { stores } = deps;
  const unknownToken = fail<never>("INVALID_VALUE", { paramName0: "token" });
  const tokenHash = hashSecret(token);
  const change = await stores.emailChanges.findOpen(tokenHash, deps.clock.now());
  const user = change && (await stores.users.findById(change.userId));
  if (!change || !user) return unknownToken;
  const chosen = await ownerPassword(deps, user, password, {
    ...context,
    reason: "email-change",
    login: change.email,
  });
  if (!chosen.ok) return chosen;
  const previous = user.email;
  let changed: boolean;
  try {
    changed = await stores.transaction(async (trx) => {
      const now = deps.clock.now();
      if (!(await trx.emailChanges.consume(tokenHash, now))) return false;
      // A taken address never confirms (the unique index settles a race with a new user).
      const holder = await trx.users.findByEmail(change.email);
      if (holder && holder.id !== user.id) return false;
      await trx.users.setEmail(user.id, change.email, now);
      if (chosen.value !== undefined) await trx.users.setPasswordHash(user.id, chosen.value, now);
      await trx.emailChanges.closeForUser(user.id, now);
      return true;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    changed = false;
  }
  if (!changed) return unknownToken;
  await notifyChanged(deps, { ...user, email: change.email }, previous);
  deps.audit({ event: "email.change.confirmed", userId: user.id, ip: context.ip });
  return ok({ userId: user.id, email: change.email });
}

/** The old address learns that it is no longer the login. */
async function notifyChanged(deps: AuthDeps, user: User, previous: string): Promise<void> {
  await deps.delivery.send({
    channel: "EMAIL",
    recipient: previous,
    purpose: "email-changed",
    text: `The login of your billet account is now ${user.email}; this address no longer logs in.`,
    userId: user.id,
    organizationId: null,
  });
}

/** Operator: changes the login at once, without confirmation (audited). 409 when taken. */
export async function forceEmailChange(
  deps: AuthDeps,
  userId: string,
  rawEmail: string,
): Promise<Result<{ userId: string; email: string }>> {
  const email = parseEmail(rawEmail);
  if (email === undefined) return fail("INVALID_VALUE", { paramName0: "email" });
  const user = await deps.stores.users.findById(userId);
  if (!user) return fail("NOT_FOUND", { paramName0: userId });
  if (user.email === email) return ok({ userId, email });
  const holder = await deps.stores.users.findByEmail(email);
  if (holder) return fail("ALREADY_EXISTS", { paramName0: email });
  try {
    await deps.stores.transaction(async (stores) => {
      const now = deps.clock.now();
      await stores.users.setEmail(userId, email, now);
      await stores.emailChanges.closeForUser(userId, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail("ALREADY_EXISTS", { paramName0: email });
    throw error;
  }
  await notifyChanged(deps, { ...user, email }, user.email);
  deps.audit({ event: "email.change.forced", userId, reason: "operator" });
  return ok({ userId, email });
}

/** Operator: asks for a change as an administrator would (the new address confirms). */
export async function requestEmailChangeAsOperator(
  deps: AuthDeps,
  userId: string,
  rawEmail: string,
): Promise<Result<{ userId: string; requested: boolean }>> {
  const email = parseEmail(rawEmail);
  if (email === undefined) return fail("INVALID_VALUE", { paramName0: "email" });
  const user = await deps.stores.users.findById(userId);
  if (!user) return fail("NOT_FOUND", { paramName0: userId });
  await requestEmailChange(deps, { userId, email, requestedBy: "operator" });
  return ok({ userId, requested: user.email !== email });
}
