import type { FastifyReply, FastifyRequest } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import { formatTimestamp } from "../clock.ts";
import { ApiError, errorBody } from "../errors.ts";
import { requestFingerprint, runIdempotent } from "./idempotency.ts";
import { resultValue } from "./result.ts";

export const IDEMPOTENCY_HEADER = "X-Idempotent-Key";
// Visible ASCII: the key is echoed nowhere, but it is hashed and compared byte for byte.
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentCreate {
  /** The caller: `org:<devKeyId>:<organizationId>` or `partner:<partnerId>`. */
  caller: string;
  /** e.g. `POST /v3/users`. */
  route: string;
  /** Headers that choose what the request acts on (a partner's `organizationId`). */
  context?: string;
  body: Record<string, unknown>;
  /** The status of a success (BILL's resource creates answer 201); 200 when not given. */
  status?: number;
}

/**
 * Runs a create under `X-Idempotent-Key` when the request has one (spec section 5): the
 * response, success or 4xx, is sent as exact bytes and remembered for 24 hours, and a repeat
 * gets those bytes back (with `X-Idempotent-Replayed: true`, ours). Without the header the
 * create simply runs and its value is returned for Fastify to send.
 */
export async function idempotentCreate<T>(
  deps: AuthDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  create: IdempotentCreate,
  work: () => Promise<T>,
): Promise<T | FastifyReply> {
  const raw = request.headers[IDEMPOTENCY_HEADER.toLowerCase()];
  const status = create.status ?? 200;
  if (raw === undefined) {
    const value = await work();
    if (status !== 200) reply.code(status);
    return value;
  }
  if (typeof raw !== "string" || !KEY_PATTERN.test(raw)) {
    throw new ApiError({ key: "INVALID_VALUE", params: { paramName0: IDEMPOTENCY_HEADER } });
  }
  const result = await runIdempotent(
    deps,
    {
      scope: `${create.caller}:${create.route}`,
      key: raw,
      fingerprint: requestFingerprint({ route: create.route, context: create.context, body: create.body }),
    },
    async () => {
      try {
        const value = await work();
        reply.code(status);
        // The route's own serializer: the bytes are what the route would have sent anyway.
        return { status, body: String(reply.serialize(value)) };
      } catch (error) {
        // An expected "no" is an answer like any other and is replayed too; anything else is
        // not remembered and goes to the error handler.
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        const body = JSON.stringify(errorBody(error.items, formatTimestamp(deps.clock.now())));
        return { status: error.status, body };
      }
    },
  );
  const answer = resultValue(result);
  if (answer.replayed) reply.header("x-idempotent-replayed", "true");
  return reply.code(answer.status).type("application/json").send(answer.body);
}
