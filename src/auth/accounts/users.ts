/**
 * The one way a user joins an organization: the identity is found by its (canonical) email or
 * made, then gets a membership and this organization's view of the person. The API
 * (members.ts: pending when the identity existed, an invitation) and the trusted operator tools
 * (provisioning.ts: active at once) decide the policy around it. Runs inside the caller's
 * transaction; a racing writer surfaces as a unique violation, for the caller to retry.
 */

import type { Stores } from "../../stores/types/index.ts";
import type { User } from "../../stores/types/users.ts";
import { newId } from "../crypto/ids.ts";

export interface Joining {
  /** The identity the email already has, or undefined for a new person. */
  existing: User | undefined;
  email: string;
  organizationId: string;
  roleId: string;
  /** The membership waits for the person's consent (spec 5.1). */
  pending: boolean;
  /** A new person's password hash, or null for none yet. */
  passwordHash: string | null;
  /** This organization's view of the person (and a new identity's own names). */
  view: { firstName: string; lastName: string; username?: string; externalReferenceId?: string };
  now: number;
}

/** Makes the identity when new, the membership and the member view; returns the user id. */
export async function joinOrganization(stores: Stores, joining: Joining): Promise<string> {
  const { existing, organizationId, now, view } = joining;
  const userId = existing?.id ?? newId("user");
  if (!existing) {
    await stores.users.create({
      id: userId,
      email: joining.email,
      passwordHash: joining.passwordHash,
      firstName: view.firstName,
      lastName: view.lastName,
      createdAt: now,
      updatedAt: now,
    });
  }
  await stores.memberships.create({
    userId,
    organizationId,
    roleId: joining.roleId,
    archived: false,
    pending: joining.pending,
    firstName: view.firstName,
    lastName: view.lastName,
    username: view.username ?? null,
    externalReferenceId: view.externalReferenceId ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return userId;
}
