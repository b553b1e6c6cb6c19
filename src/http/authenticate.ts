/**
 * The authentication step of the pipeline: checks the credentials a route declares
 * (`config.auth`) and puts the session on the request's context. It only authenticates: the
 * budget, the operator plane's notes and the MFA guard are steps of their own (pipeline.ts).
 */
import type { FastifyRequest } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import { authenticatePartner } from "../auth/sessions/partner-sessions.ts";
import { authenticate } from "../auth/sessions/sessions.ts";
import { ApiError } from "../errors.ts";
import type { RouteAuth } from "./context.ts";
import { requiredHeaders } from "./request.ts";
import { resultValue } from "./result.ts";
import { authenticateV2Session } from "./v2-auth.ts";

/** `devKey` + `sessionId` (spec section 4): 400 BDC_1108 without them, 401 BDC_1109 when not valid. */
async function authenticateSession(deps: AuthDeps, request: FastifyRequest): Promise<void> {
  const headers = requiredHeaders(request, ["devKey", "sessionId"]);
  const result = await authenticate(deps, { ...headers, ip: request.ip });
  if (!result.ok) {
    request.ctx.observer?.rejected(result.reason);
    throw new ApiError(result.errors);
  }
  request.ctx.session = result.value;
}

/** `appKey` + `sessionId` (spec section 8), with the same answers. */
async function authenticatePartnerSession(deps: AuthDeps, request: FastifyRequest): Promise<void> {
  const headers = requiredHeaders(request, ["appKey", "sessionId"]);
  request.ctx.partnerSession = resultValue(await authenticatePartner(deps, { ...headers, ip: request.ip }));
}

/** True for a call that names a partner (`appKey`) and no developer key: `POST /v3/logout`. */
export function isPartnerCall(request: FastifyRequest): boolean {
  const has = (name: string) => {
    const value = request.headers[name.toLowerCase()];
    return value !== undefined && value !== "";
  };
  return has("appKey") && !has("devKey");
}

/** The step for one kind of route auth; undefined for `none`. */
export function authenticationStep(deps: AuthDeps, auth: RouteAuth) {
  switch (auth) {
    case "session":
      return (request: FastifyRequest) => authenticateSession(deps, request);
    case "partner":
      return (request: FastifyRequest) => authenticatePartnerSession(deps, request);
    case "session-or-partner":
      return (request: FastifyRequest) =>
        isPartnerCall(request)
          ? authenticatePartnerSession(deps, request)
          : authenticateSession(deps, request);
    case "v2-session":
      return (request: FastifyRequest) => authenticateV2Session(deps, request);
    case "none":
      return undefined;
  }
}
