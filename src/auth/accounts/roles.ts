import { ROLE_TYPES, type Role } from "../../stores/types/organizations.ts";
import type { PageRequest } from "../../stores/types/paging.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { type Page, pageInMemory, toPage } from "./paging.ts";

/** Roles are listed in BILL's order (ADMINISTRATOR first), their rank being the keyset time. */
export const roleKey = (role: Role) => ({ t: ROLE_TYPES.indexOf(role.type), id: role.id });

/** The roles of one organization, a page at a time. */
export async function listRoles(
  deps: AuthDeps,
  organizationId: string,
  request: PageRequest,
): Promise<Page<Role>> {
  const roles = await deps.stores.roles.listByOrganization(organizationId);
  return toPage(request, pageInMemory(roles, roleKey, request));
}

/** A role of this organization; any other id, existing elsewhere or not, is the same "not found". */
export async function getRole(deps: AuthDeps, organizationId: string, roleId: string): Promise<Result<Role>> {
  const role = await deps.stores.roles.findById(roleId);
  if (!role || role.organizationId !== organizationId) return fail("NOT_FOUND", { paramName0: roleId });
  return ok(role);
}

/** True when the user holds the ADMINISTRATOR role in that organization (spec section 5). */
export async function isAdministrator(
  deps: AuthDeps,
  userId: string,
  organizationId: string,
): Promise<boolean> {
  const member = await deps.stores.memberships.findMember(organizationId, userId);
  return member !== undefined && !member.archived && member.roleType === "ADMINISTRATOR";
}
