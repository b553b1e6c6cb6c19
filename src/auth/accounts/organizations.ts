/**
 * Organizations over HTTP (spec sections 5 and 8): read and update one's own, and a partner's
 * create and list of the organizations it made. Another organization's id is the same "not
 * found" as one that does not exist.
 */
import type { Organization, OrganizationProfile } from "../../stores/types/organizations.ts";
import type { PageRequest } from "../../stores/types/paging.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { type Page, toPage } from "./paging.ts";
import { createOrganization } from "./provisioning.ts";

export type OrganizationChanges = { name?: string } & OrganizationProfile;

/** The organization `requestedId`, visible only when it is `visibleId` itself. */
export async function getOwnOrganization(
  deps: AuthDeps,
  visibleId: string,
  requestedId: string,
): Promise<Result<Organization>> {
  const organization =
    requestedId === visibleId ? await deps.stores.organizations.findById(requestedId) : undefined;
  return organization ? ok(organization) : fail("NOT_FOUND", { paramName0: requestedId });
}

export async function updateOwnOrganization(
  deps: AuthDeps,
  visibleId: string,
  requestedId: string,
  changes: OrganizationChanges,
): Promise<Result<Organization>> {
  const found = await getOwnOrganization(deps, visibleId, requestedId);
  if (!found.ok) return found;
  await deps.stores.organizations.update(requestedId, changes, deps.clock.now());
  return getOwnOrganization(deps, visibleId, requestedId);
}

/** An organization the partner created; any other is "not found" (spec section 8). */
export async function getPartnerOrganization(
  deps: AuthDeps,
  partnerId: string,
  organizationId: string,
): Promise<Result<Organization>> {
  const organization = await deps.stores.organizations.findById(organizationId);
  if (!organization || organization.partnerId !== partnerId) {
    return fail("NOT_FOUND", { paramName0: organizationId });
  }
  return ok(organization);
}

/** Creates an organization (with the six default roles) owned by the partner, atomically. */
export async function createPartnerOrganization(
  deps: AuthDeps,
  partnerId: string,
  input: { name: string } & OrganizationProfile,
): Promise<Result<Organization>> {
  const { name, ...profile } = input;
  return createOrganization(deps, { name, profile, partnerId });
}

export async function listPartnerOrganizations(
  deps: AuthDeps,
  partnerId: string,
  request: PageRequest,
): Promise<Page<Organization>> {
  return toPage(request, await deps.stores.organizations.listForPartner(partnerId, request));
}
