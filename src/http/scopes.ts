/**
 * Who a users or roles call acts as, and in which organization: the organization-level
 * session (`devKey` + `sessionId`, writes for ADMINISTRATORs only), or a partner session with
 * the `organizationId` header naming an organization the partner created. The same handlers
 * then serve `/v3/users` and `/v3/partner/users`.
 */
import type { FastifyRequest } from "fastify";
import type { MemberScope } from "../auth/accounts/members.ts";
import { getPartnerOrganization } from "../auth/accounts/organizations.ts";
import { isAdministrator } from "../auth/accounts/roles.ts";
import type { AuthDeps } from "../auth/context.ts";
import { ApiError } from "../errors.ts";
import type { PartnerSessionRecord } from "../stores/types/partners.ts";
import { partnerSessionOf, type RouteAuth, sessionOf } from "./context.ts";
import { requiredHeaders } from "./request.ts";
import { resultValue } from "./result.ts";

export interface RouteScope {
  scope: MemberScope;
  /** Whose idempotency keys these are. */
  caller: string;
  /** What else makes two creates different requests (the partner's `organizationId`). */
  context?: string;
}

/** Who calls (the route's `config.auth`, checked by the pipeline), and what that lets them do where. */
export interface ScopeResolver {
  auth: RouteAuth;
  resolve(request: FastifyRequest, access: "read" | "write"): Promise<RouteScope>;
}

export const organizationScope = (deps: AuthDeps): ScopeResolver => ({
  auth: "session",
  async resolve(request, access) {
    const session = sessionOf(request);
    // Reads are for every role; writes need ADMINISTRATOR in the session's organization.
    if (access === "write" && !(await isAdministrator(deps, session.userId, session.organizationId))) {
      throw new ApiError("INSUFFICIENT_PERMISSIONS");
    }
    return {
      scope: {
        organizationId: session.organizationId,
        actorUserId: session.userId,
        ...(session.partnerId === null ? {} : { impersonatedBy: session.partnerId }),
      },
      caller: `org:${session.devKeyId}:${session.organizationId}`,
    };
  },
});

export const partnerScope = (deps: AuthDeps): ScopeResolver => ({
  auth: "partner",
  async resolve(request) {
    const session = partnerSessionOf(request);
    const organizationId = await requirePartnerOrganization(deps, request, session);
    return {
      scope: { organizationId, partnerId: session.partnerId },
      caller: `partner:${session.partnerId}`,
      context: organizationId,
    };
  },
});

/** The `organizationId` header of a partner call: an organization this partner created. */
export async function requirePartnerOrganization(
  deps: AuthDeps,
  request: FastifyRequest,
  session: PartnerSessionRecord,
): Promise<string> {
  const { organizationId } = requiredHeaders(request, ["organizationId"]);
  return resultValue(await getPartnerOrganization(deps, session.partnerId, organizationId)).id;
}
