/** Domain values as the objects of spec section 5, with BILL's timestamps. */
import type { Static } from "typebox";
import { formatTimestamp } from "../../clock.ts";
import type { Member } from "../../stores/types/memberships.ts";
import type { Organization, Role } from "../../stores/types/organizations.ts";
import type { OrganizationSchema, RoleSchema, UserSchema } from "./provisioning.ts";

export const organizationKey = (organization: Organization) => ({
  t: organization.createdAt,
  id: organization.id,
});

export function userObject(member: Member): Static<typeof UserSchema> {
  return {
    id: member.userId,
    archived: member.archived,
    firstName: member.firstName,
    lastName: member.lastName,
    email: member.email,
    role: { id: member.roleId, type: member.roleType },
    createdTime: formatTimestamp(member.createdAt),
    updatedTime: formatTimestamp(member.updatedAt),
    ...(member.username === null ? {} : { username: member.username }),
    ...(member.externalReferenceId === null ? {} : { externalReferenceId: member.externalReferenceId }),
    // Not accepted yet: an identity that existed has not agreed to join, or a new person has
    // not chosen a password. Both read alike, so the list does not tell the two apart.
    ...(member.pending || !member.hasPassword ? { pending: true as const } : {}),
  };
}

export const roleObject = (role: Role): Static<typeof RoleSchema> => ({
  id: role.id,
  type: role.type,
  name: role.name,
  description: role.description,
});

/**
 * Serializes in the object's own key order. Fastify's schema serializer writes required keys
 * before optional ones, which would put `createdTime` before `phone`; routes answering with
 * organizations use this instead, so that the wire shows the spec's order.
 */
export const inObjectOrder = () => (data: unknown) => JSON.stringify(data);

export function organizationObject(organization: Organization): Static<typeof OrganizationSchema> {
  return {
    id: organization.id,
    name: organization.name,
    // billet has no archiving of organizations (an operator locks one instead).
    archived: false,
    ...organization.profile,
    createdTime: formatTimestamp(organization.createdAt),
    updatedTime: formatTimestamp(organization.updatedAt),
  };
}
