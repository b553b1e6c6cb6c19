/**
 * The authentication step of the pipeline: checks the credentials a route declares
 * (`config.auth`) and puts the session on the request's context. It only authenticates: the
 * budget, the operator plane's notes and the MFA guard are steps of their own (pipeline.ts).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import { authenticateBearer } from "../auth/oauth/tokens.ts";
import { authenticatePartner } from "../auth/sessions/partner-sessions.ts";
import { authenticate, authenticateKnown } from "../auth/sessions/sessions.ts";
import { ApiError } from "../errors.ts";
import type { RouteAuth } from "./context.ts";
import { requiredHeaders } from "./request.ts";
import { resultValue } from "./result.ts";
import { authenticateV2Session } from "./v2-auth.ts";

/**
 * The `Authorization` header's Bearer credential (RFC 6750 section 2.1), `""` when the scheme
 * is Bearer but the token is malformed, or undefined when the header does not name Bearer.
 */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== "string") return undefined;
  const match = /^bearer(?:[ ]+(.*))?$/i.exec(header.trim());
  if (!match) return undefined;
  const token = match[1] ?? "";
  return /^[A-Za-z0-9\-._~+/]{1,512}=*$/.test(token) ? token : "";
}

/**
 * An OAuth access token (docs/bill-sign-in-modes.md section 4): 401 BDC_1109 when it is not a
 * live token, with RFC 6750's `WWW-Authenticate: Bearer error="invalid_token"`.
 */
async function authenticateBearerToken(
  deps: AuthDeps,
  request: FastifyRequest,
  reply: FastifyReply | undefined,
  token: string,
): Promise<void> {
  const result = token === "" ? undefined : await authenticateBearer(deps, { token, ip: request.ip });
  if (!result?.ok) {
    request.ctx.observer?.rejected(result?.ok === false ? result.reason : undefined);
    reply?.header("www-authenticate", 'Bearer realm="billet", error="invalid_token"');
    throw new ApiError(result?.ok === false ? result.errors : "SESSION_INVALID");
  }
  request.ctx.session = result.value;
}

/**
 * `devKey` + `sessionId` (spec section 4): 400 BDC_1108 without them, 401 BDC_1109 when not
 * valid; or, instead of both, `Authorization: Bearer` with an OAuth access token.
 */
async function authenticateSession(
  deps: AuthDeps,
  request: FastifyRequest,
  reply?: FastifyReply,
): Promise<void> {
  const bearer = bearerTokenOf(request);
  if (bearer !== undefined) return authenticateBearerToken(deps, request, reply, bearer);
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

/**
 * The authentication step's synchronous first try, for the routes that take `devKey` +
 * `sessionId`: true when the session is on the context, answered from what this process
 * already knows (`authenticateKnown`). False sends the request the usual way, which decides
 * every other case (a Bearer token, a partner call, a header given twice, a miss, a refusal).
 */
export function knownSessionStep(
  deps: AuthDeps,
  auth: RouteAuth,
): ((request: FastifyRequest) => boolean) | undefined {
  if (auth !== "session" && auth !== "session-or-partner") return undefined;
  const { sessions } = deps.stores;
  if (sessions.findKnownByTokenHash === undefined || sessions.touchNow === undefined) return undefined;
  return (request) => {
    const { headers } = request;
    const devKey = headers.devkey;
    const sessionId = headers.sessionid;
    if (headers.authorization !== undefined || typeof devKey !== "string" || typeof sessionId !== "string")
      return false;
    if (devKey === "" || sessionId === "") return false;
    const session = authenticateKnown(deps, { sessionId, devKey });
    if (session === undefined) return false;
    request.ctx.session = session;
    return true;
  };
}

/** The step for one kind of route auth; undefined for `none`. */
export function authenticationStep(
  deps: AuthDeps,
  auth: RouteAuth,
): ((request: FastifyRequest, reply?: FastifyReply) => Promise<void>) | undefined {
  switch (auth) {
    case "session":
      return (request: FastifyRequest, reply?: FastifyReply) => authenticateSession(deps, request, reply);
    case "partner":
      return (request: FastifyRequest) => authenticatePartnerSession(deps, request);
    case "session-or-partner":
      return (request: FastifyRequest, reply?: FastifyReply) =>
        isPartnerCall(request)
          ? authenticatePartnerSession(deps, request)
          : authenticateSession(deps, request, reply);
    case "v2-session":
      return (request: FastifyRequest) => authenticateV2Session(deps, request);
    case "none":
      return undefined;
  }
}
