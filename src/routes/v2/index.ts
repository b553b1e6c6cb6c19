/**
 * BILL's v2 API under `/api/v2` (docs/bill-sign-in-modes.md section 2), in a Fastify plugin of
 * its own so that what v2 needs stays here: bodies are form-encoded (`@fastify/formbody`), and
 * every answer, errors included, is v2's envelope with HTTP 200, as BILL's v2 answers. The
 * pipeline's steps (authentication by form fields, the sign-in-mode rules, budgets, the MFA
 * guard, the operator plane) are the same as v3's.
 */
import formbody from "@fastify/formbody";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { AuthDeps } from "../../auth/context.ts";
import { DeliveryError } from "../../auth/delivery.ts";
import { ApiError, ERROR_CODES, type ErrorKey } from "../../errors.ts";
import type { App } from "../../http/types.ts";
import { V2_ENTITIES } from "../../v2/entities/index.ts";
import type { V2Entity } from "../../v2/entity.ts";
import { type V2ErrorBody, V2Refusal, v2Error, v2ErrorOf } from "../../v2/envelope.ts";
import { registerV2EntityRoutes } from "./entities.ts";
import { registerV2PayBillsRoute } from "./pay-bills.ts";
import { registerV2SessionRoutes } from "./session.ts";

export const V2_PREFIX = "/api/v2";

/** Fastify's own errors that are the client's fault, as the error table's entries. */
function frameworkKey(error: FastifyError): ErrorKey | undefined {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_TYPE":
      return "V2_FORM_EXPECTED";
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "BODY_TOO_LARGE";
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return "INVALID_JSON";
    default:
      return undefined;
  }
}

function send(reply: FastifyReply, body: V2ErrorBody, status = 200, retryAfterSeconds?: number) {
  if (retryAfterSeconds !== undefined) reply.header("retry-after", String(retryAfterSeconds));
  return reply.code(status).type("application/json").serializer(JSON.stringify).send(body);
}

/** Whether a request's URL is a v2 call's (so that even a refusal before routing is v2's envelope). */
export const isV2Url = (url: string): boolean => url.startsWith(`${V2_PREFIX}/`);

/** A refusal before routing (a malformed URL) of a v2 call, in v2's envelope. */
export const sendV2Refusal = (reply: FastifyReply, error: ApiError) =>
  send(reply, v2ErrorOf(error.items), error.status >= 500 ? error.status : 200);

/**
 * Every v2 error in v2's envelope, HTTP 200 as BILL answers them; a failure of the server itself
 * (5xx: a bug, a timeout, shutting down) keeps its status (ours), so that load balancers and
 * retrying clients still see it. `Retry-After` stays on the limit codes.
 */
function v2ErrorHandler() {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof V2Refusal) return send(reply, v2Error(error.code, error.message));
    if (error instanceof ApiError) {
      return send(
        reply,
        v2ErrorOf(error.items),
        error.status >= 500 ? error.status : 200,
        error.retryAfterSeconds,
      );
    }
    const key = frameworkKey(error);
    if (key) return send(reply, v2ErrorOf([{ key }]));
    if (error instanceof DeliveryError) {
      request.log.warn({ reason: error.reason }, "message not delivered");
      return send(reply, v2ErrorOf([{ key: "DELIVERY_FAILED" }]), ERROR_CODES.DELIVERY_FAILED.status);
    }
    // The connection closed under a body still arriving: nobody is left to answer.
    if (error.code === "ECONNRESET" && request.raw.socket?.destroyed !== false) {
      return send(reply, v2ErrorOf([{ key: "INVALID_JSON" }]));
    }
    request.log.error({ err: error }, "unexpected failure");
    return send(reply, v2ErrorOf([{ key: "SYSTEM_ERROR" }]), 500);
  };
}

/**
 * A body in any type but a form is refused before it is read (so the type is checked before
 * the size); a request without a body reaches the route, which then finds its fields missing.
 */
function refuseOtherBodies(
  request: FastifyRequest,
  _payload: unknown,
  done: (error: Error | null, body?: unknown) => void,
) {
  const length = request.headers["content-length"];
  const empty =
    length === "0" || (length === undefined && request.headers["transfer-encoding"] === undefined);
  done(empty ? null : new ApiError("V2_FORM_EXPECTED"), undefined);
}

export interface V2Options {
  /** The entities `List` and `Crud` serve; BILL's twelve (src/v2/entities/) when absent. */
  entities?: readonly V2Entity[] | undefined;
}

/** Registers the v2 API, its form parser, its error answers and its unknown-path answer. */
export async function registerV2Api(app: App, deps: AuthDeps, options: V2Options = {}): Promise<void> {
  await app.register(
    async (v2: App) => {
      // Forms only here: v3's JSON parser stays v3's.
      v2.removeAllContentTypeParsers();
      await v2.register(formbody);
      v2.addContentTypeParser("*", refuseOtherBodies);
      v2.setErrorHandler(v2ErrorHandler());
      v2.setNotFoundHandler(async (_request, reply) =>
        send(reply, v2ErrorOf([{ key: "API_NOT_SUPPORTED" }])),
      );
      registerV2SessionRoutes(v2, deps);
      registerV2EntityRoutes(v2, deps, options.entities ?? V2_ENTITIES);
      registerV2PayBillsRoute(v2, deps);
    },
    { prefix: V2_PREFIX },
  );
}
