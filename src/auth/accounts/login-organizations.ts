/**
 * `GET /v3/login/organizations` (docs/bill-sign-in-modes.md section 5): the organizations the
 * session's user can sign in to, each with the console it is reached through, if any. BILL:
 * "When a console organization is available in the response, this indicates that the console
 * organization is a parent of the listed organization."
 */
import type { Keyset, PageRequest } from "../../stores/types/paging.ts";
import type { AuthDeps } from "../context.ts";
import { type Page, pageInMemory, toPage } from "./paging.ts";

export interface LoginOrganization {
  organizationId: string;
  organizationName: string;
  console: { id: string; name: string } | null;
}

/** (ours) One entry per (organization, console), ordered by organization id then console id. */
export const loginOrganizationKey = (entry: LoginOrganization): Keyset => ({
  t: 0,
  id: `${entry.organizationId}${entry.console?.id ?? ""}`,
});

/**
 * What the user reaches (ours): every organization of an active membership (not archived, not
 * pending) that is not locked; one reached through consoles is listed once per console, and
 * not again on its own.
 */
export async function listLoginOrganizations(
  deps: AuthDeps,
  userId: string,
  request: PageRequest,
): Promise<Page<LoginOrganization>> {
  const { stores } = deps;
  const [memberships, reached] = await Promise.all([
    stores.memberships.listForUser(userId),
    stores.consoles.listReachable(userId),
  ]);
  const entries: LoginOrganization[] = [];
  for (const membership of memberships) {
    if (membership.archived || membership.pending) continue;
    const organization = await stores.organizations.findById(membership.organizationId);
    if (!organization || organization.locked) continue;
    const base = { organizationId: organization.id, organizationName: organization.name };
    const consoles = reached.filter((reach) => reach.organizationId === organization.id);
    if (consoles.length === 0) entries.push({ ...base, console: null });
    for (const reach of consoles) {
      entries.push({ ...base, console: { id: reach.consoleId, name: reach.consoleName } });
    }
  }
  return toPage(request, pageInMemory(entries, loginOrganizationKey, request));
}
