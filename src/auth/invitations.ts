/**
 * Invitations (spec section 5): a user made over the API has no password. A one-time token
 * goes to their e-mail through the delivery port; presenting it with a new password sets
 * that password. The token is stored only as its SHA-256, is valid 7 days by the injected
 * clock, and works once; setting a password any other way closes it too.
 */
import type { Stores } from "../stores/types.ts";
import { type AuthDeps, fail, ok, type Result } from "./deps.ts";
import { hashSecret, newId, newSecret } from "./ids.ts";

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
  organizationName: string;
  /** Absent when the person already has a password: then they are only told. */
  token?: string;
}

/** Sends the invitation e-mail through the delivery port (the outbox by default). */
export async function sendInvitation(deps: AuthDeps, message: InvitationMessage): Promise<void> {
  const text =
    message.token === undefined
      ? `You have been added to ${message.organizationName} on billet. Log in with your existing password.`
      : `You have been invited to ${message.organizationName} on billet. ` +
        `Your one-time invitation token, valid for 7 days: ${message.token}\n` +
        "Choose your password with POST /connect/v3/invitations/accept " +
        '{"token": "<token>", "password": "<password>"}, ' +
        "or ask an operator to run: billet user accept-invitation --token <token> --password <password>";
  await deps.delivery.send({
    channel: "EMAIL",
    recipient: message.email,
    purpose: "invitation",
    text,
    userId: message.userId,
    organizationId: message.organizationId,
  });
}

const validPassword = (password: string) => password.length > 0 && [...password].length <= 1024;

/**
 * Completes an invitation: sets the password of its user. An unknown, expired or used token
 * is one and the same BDC_9001 for `token`.
 */
export async function acceptInvitation(
  deps: AuthDeps,
  token: string,
  password: string,
): Promise<Result<{ userId: string; organizationId: string }>> {
  if (!validPassword(password)) return fail("INVALID_VALUE", { paramName0: "password" });
  const now = deps.clock.now();
  // Consumed first, atomically: of two uses of one token only one gets this far.
  const invitation = await deps.stores.invitations.consume(hashSecret(token), now);
  if (!invitation) return fail("INVALID_VALUE", { paramName0: "token" });
  const passwordHash = await deps.hasher.hash(password);
  await deps.stores.transaction(async (stores) => {
    await stores.users.setPasswordHash(invitation.userId, passwordHash, deps.clock.now());
    // Any other open invitation of this person would now be a way to reset their password.
    await stores.invitations.closeForUser(invitation.userId, deps.clock.now());
  });
  return ok({ userId: invitation.userId, organizationId: invitation.organizationId });
}
