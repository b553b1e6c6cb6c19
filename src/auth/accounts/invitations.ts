/**
 * Invitations (spec sections 5 and 5.1): a user added over the API gets a one-time token by
 * e-mail through the delivery port. A new person presents it with the password they choose;
 * a person who already has an identity presents it with their current password, and only
 * then joins the organization (consent). The token is stored only as its SHA-256, is valid
 * 7 days by the injected clock, and works once; an operator setting the password completes it.
 */
import type { Stores } from "../../stores/types/index.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { hashSecret, newId, newSecret } from "../crypto/ids.ts";
import { ownerPassword } from "./identity-proof.ts";

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Records a new invitation (inside the caller's transaction) and returns its token, once. */
export async function createInvitation(
  stores: Stores,
  now: number,
  input: { userId: string; organizationId: string },
): Promise<string> {
  const token = newSecret();
  await stores.invitations.create({
    id: newId("invitation"),
    tokenHash: hashSecret(token),
    ...input,
    createdAt: now,
    expiresAt: now + INVITATION_LIFETIME_MS,
    usedAt: null,
  });
  return token;
}

export interface InvitationMessage {
  email: string;
  userId: string;
  organizationId: string;
  token: string;
  /** The person already has a password: they accept with it instead of choosing one. */
  hasPassword: boolean;
}

/** Sends the invitation e-mail through the delivery port (the outbox by default). */
export async function sendInvitation(deps: AuthDeps, message: InvitationMessage): Promise<void> {
  const organization = await deps.stores.organizations.findById(message.organizationId);
  const organizationName = organization?.name ?? message.organizationId;
  const how = message.hasPassword
    ? "You already have a billet login: accept with POST /connect/v3/invitations/accept " +
      '{"token": "<token>", "password": "<your current password>"}. ' +
      "Until you accept, you cannot log in to this organization. If you do not know this organization, ignore this message."
    : "Choose your password with POST /connect/v3/invitations/accept " +
      '{"token": "<token>", "password": "<password>"}, ' +
      "or ask an operator to run: billet user accept-invitation --token <token> --password <password>";
  await deps.delivery.send({
    channel: "EMAIL",
    recipient: message.email,
    purpose: "invitation",
    text:
      `You have been invited to ${organizationName} on billet. ` +
      `Your one-time invitation token, valid for 7 days: ${message.token}\n${how}`,
    userId: message.userId,
    organizationId: message.organizationId,
  });
}

/**
 * Completes an invitation (spec 5.1). For a person without a password it sets the one they
 * choose (the password rules apply); a person who has one shows it is theirs (their current
 * password, with the lockout of a login) and only joins. Either way the membership of the
 * invitation becomes active. An unknown, expired or used token is one and the same BDC_9001
 * for `token`; a wrong current password is 401 BDC_1101 and leaves the token usable.
 */
export async function acceptInvitation(
  deps: AuthDeps,
  token: string,
  password: string,
  context: { ip?: string } = {},
): Promise<Result<{ userId: string; organizationId: string }>> {
  const unknownToken = fail<never>("INVALID_VALUE", { paramName0: "token" });
  const tokenHash = hashSecret(token);
  const invitation = await deps.stores.invitations.findOpen(tokenHash, deps.clock.now());
  const user = invitation && (await deps.stores.users.findById(invitation.userId));
  if (!invitation || !user) return unknownToken;
  const chosen = await ownerPassword(deps, user, password, {
    ...context,
    reason: "invitation",
    login: user.email,
  });
  if (!chosen.ok) return chosen;
  const { userId, organizationId } = invitation;
  const accepted = await deps.stores.transaction(async (stores) => {
    const now = deps.clock.now();
    // Used atomically: of two uses of one token only one gets past this.
    if (!(await stores.invitations.consume(tokenHash, now))) return false;
    if (chosen.value !== undefined) await stores.users.setPasswordHash(userId, chosen.value, now);
    await stores.memberships.activate(userId, organizationId, now);
    return true;
  });
  if (!accepted) return unknownToken;
  deps.audit({ event: "membership.accepted", userId, organizationId, ip: context.ip, reason: "invitation" });
  return ok({ userId, organizationId });
}

/**
 * An operator completes a user's open invitations (they set the password, or added the
 * person directly): each membership becomes active and each token stops working.
 */
export async function completeInvitations(stores: Stores, userId: string, now: number): Promise<string[]> {
  const open = await stores.invitations.listOpen(userId, now);
  for (const invitation of open) await stores.memberships.activate(userId, invitation.organizationId, now);
  await stores.invitations.closeForUser(userId, now);
  return open.map((invitation) => invitation.organizationId);
}
