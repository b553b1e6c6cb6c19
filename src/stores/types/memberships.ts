/**
 * Memberships: a user in an organization, with a role and that organization's own view of the
 * person (spec section 5: names are each organization's own). A Member is the same membership
 * read with its user's login and its role's type, as the organization shows it.
 */
import type { RoleType } from "./organizations.ts";

export interface Membership {
  userId: string;
  organizationId: string;
  roleId: string;
  archived: boolean;
  /**
   * The person has not accepted this organization yet (spec 5.1): an identity that already
   * existed was added over the API. No login, no login-as-user into it until it accepts.
   */
  pending: boolean;
  firstName: string;
  lastName: string;
  /** A partner's login name for the person in this organization (spec 8), unique in it. */
  username: string | null;
  /** A partner's own reference for the person. */
  externalReferenceId: string | null;
  /** When the user joined this organization. */
  createdAt: number;
  updatedAt: number;
}

/** What an update may change; `pending` only becomes false, through `activate`. */
export interface MembershipChanges {
  roleId?: string;
  archived?: boolean;
  firstName?: string;
  lastName?: string;
  username?: string;
  externalReferenceId?: string;
}

/** A membership with its user's login email and its role's type. */
export interface Member extends Membership {
  email: string;
  roleType: RoleType;
  hasPassword: boolean;
}

export interface MembershipStore {
  create(membership: Membership): Promise<void>;
  find(userId: string, organizationId: string): Promise<Membership | undefined>;
  listForUser(userId: string): Promise<Membership[]>;
  /** Changes what `changes` gives; false when there is no such membership. */
  update(userId: string, organizationId: string, changes: MembershipChanges, now: number): Promise<boolean>;
  /** A pending membership becomes active (its invitation was accepted); false when none was pending. */
  activate(userId: string, organizationId: string, now: number): Promise<boolean>;
  findMember(organizationId: string, userId: string): Promise<Member | undefined>;
  findMemberByUsername(organizationId: string, username: string): Promise<Member | undefined>;
  /** Every member of the organization in one read, ordered by (createdAt, userId) of the membership. */
  listAllMembers(organizationId: string): Promise<Member[]>;
}
