import type { FastifyRequest } from "fastify";
import { getPartnerOrganization } from "../auth/accounts/organizations.ts";
import type { AuthDeps } from "../auth/context.ts";
import { authenticatePartner } from "../auth/sessions/partner-sessions.ts";
import type { PartnerSessionRecord } from "../stores/provisioning-types.ts";
import { requiredHeaders } from "./request.ts";
import { resultValue } from "./result.ts";

/**
 * The partner session of a partner call (`appKey` + `sessionId`, spec section 8). Every
 * partner route authenticates here and only here, so that what applies to every partner
 * call (limits, audit) has one place to go.
 */
export async function requirePartnerSession(
  deps: AuthDeps,
  request: FastifyRequest,
): Promise<PartnerSessionRecord> {
  const headers = requiredHeaders(request, ["appKey", "sessionId"]);
  return resultValue(await authenticatePartner(deps, { ...headers, ip: request.ip }));
}

/** The `organizationId` header of a partner call: an organization this partner created. */
export async function requirePartnerOrganization(
  deps: AuthDeps,
  request: FastifyRequest,
  session: PartnerSessionRecord,
): Promise<string> {
  const { organizationId } = requiredHeaders(request, ["organizationId"]);
  return resultValue(await getPartnerOrganization(deps, session.partnerId, organizationId)).id;
}

/** True for a call that names a partner (`appKey`) and no developer key: `POST /v3/logout`. */
export function isPartnerCall(request: FastifyRequest): boolean {
  const has = (name: string) => {
    const value = request.headers[name.toLowerCase()];
    return value !== undefined && value !== "";
  };
  return has("appKey") && !has("devKey");
}
