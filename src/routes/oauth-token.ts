/**
 * BILL's token endpoint, `POST /authx/token` (BILL: "Use your client ID and client secret with
 * the token endpoint (POST /authx/token) to generate a short-lived access token", on its auth
 * host `https://auth.stage.bill.com`; docs/bill-sign-in-modes.md section 4). RFC 6749's client
 * credentials grant (section 4.4): a form-encoded body, the client authenticated by
 * `client_id` + `client_secret` form fields or HTTP Basic (section 2.3.1); section 5.1's JSON
 * answer, section 5.2's errors, `Cache-Control: no-store` and `Pragma: no-cache` on both. In a
 * Fastify plugin of its own: forms are read here only, and errors are RFC 6749's, not BILL's array.
 */
import formbody from "@fastify/formbody";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import { parseBasicAuthorization } from "../auth/oauth/basic-auth.ts";
import { issueAccessToken, type OAuthRefusal, refusal } from "../auth/oauth/tokens.ts";
import { ApiError } from "../errors.ts";
import { spendBudget } from "../http/budget.ts";
import { noteCaller } from "../http/observe.ts";
import { TokenErrorResponse, TokenRequestBody, TokenResponse } from "../http/schemas/oauth.ts";
import type { App } from "../http/types.ts";

export const TOKEN_PATH = "/authx/token";

/** A form body as repeated-aware fields: each name with every value it was given. */
function parseForm(body: string): Record<string, string[]> {
  const fields: Record<string, string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    const values = fields[name] ?? [];
    values.push(value);
    fields[name] = values;
  }
  return fields;
}

function sendRefusal(reply: FastifyReply, refused: OAuthRefusal, basicUsed = false) {
  noStore(reply);
  // RFC 6749 section 5.2: a client that authenticated with the Authorization header gets 401
  // and the scheme it used.
  if (refused.error === "invalid_client") reply.header("www-authenticate", 'Basic realm="billet"');
  else if (basicUsed && refused.status === 401) reply.header("www-authenticate", 'Basic realm="billet"');
  if (refused.retryAfterSeconds !== undefined) reply.header("retry-after", String(refused.retryAfterSeconds));
  return reply
    .code(refused.status)
    .type("application/json")
    .serializer(JSON.stringify)
    .send({ error: refused.error, error_description: refused.description });
}

function noStore(reply: FastifyReply) {
  reply.header("cache-control", "no-store");
  reply.header("pragma", "no-cache");
}

/** RFC 6749 section 5.2's form of everything that goes wrong before or around the handler. */
function tokenErrorHandler() {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiError && error.status >= 500) {
      noStore(reply);
      return reply
        .code(error.status)
        .type("application/json")
        .serializer(JSON.stringify)
        .send({ error: "server_error", error_description: "The server could not answer now." });
    }
    if (error instanceof ApiError || (typeof error.statusCode === "number" && error.statusCode < 500)) {
      const tooLarge = error.code === "FST_ERR_CTP_BODY_TOO_LARGE";
      return sendRefusal(
        reply,
        refusal(
          "invalid_request",
          tooLarge ? "The request body is too large." : "The request is malformed.",
          tooLarge ? 413 : 400,
        ),
      );
    }
    request.log.error({ err: error }, "unexpected failure");
    noStore(reply);
    return reply
      .code(500)
      .type("application/json")
      .serializer(JSON.stringify)
      .send({ error: "server_error", error_description: "System error occurred." });
  };
}

/** One value of a form field; `"repeated"` when it was sent more than once (RFC 6749 section 3.2). */
function single(form: Record<string, string[]>, name: string): string | undefined | "repeated" {
  const values = form[name];
  if (values === undefined) return undefined;
  if (values.length > 1) return "repeated";
  // "Parameters sent without a value MUST be treated as if they were omitted."
  return values[0] === "" ? undefined : values[0];
}

/** Registers the token endpoint (and only it) in a plugin of its own. */
export async function registerOAuthTokenRoute(app: App, deps: AuthDeps): Promise<void> {
  await app.register(async (scope: App) => {
    scope.removeAllContentTypeParsers();
    await scope.register(formbody, { parser: parseForm });
    // (ours) Any other body is a malformed request (RFC 6749 section 4.4.2: form-encoded).
    scope.addContentTypeParser("*", (_request, _payload, done) =>
      done(new ApiError("UNSUPPORTED_CONTENT_TYPE")),
    );
    scope.setErrorHandler(tokenErrorHandler());
    scope.post(
      TOKEN_PATH,
      {
        schema: {
          summary: "Create an access token: OAuth 2.0 client credentials (RFC 6749 section 4.4)",
          description:
            "BILL's token endpoint. The client authenticates with `client_id` and `client_secret` form fields " +
            "or HTTP Basic (RFC 6749 section 2.3.1). The access token is then sent as " +
            "`Authorization: Bearer {access_token}` on /connect/v3 calls instead of devKey and sessionId.",
          consumes: ["application/x-www-form-urlencoded"],
          body: TokenRequestBody,
          security: [{}, { clientBasic: [] }],
          response: {
            200: TokenResponse,
            400: {
              ...TokenErrorResponse,
              description: "invalid_request, unsupported_grant_type, invalid_scope, unauthorized_client",
            },
            401: { ...TokenErrorResponse, description: "invalid_client (with WWW-Authenticate: Basic)" },
            429: {
              ...TokenErrorResponse,
              description: "invalid_request: the app's hourly budget is spent (ours)",
            },
          },
        },
      },
      async (request, reply) => {
        const form = (request.body ?? {}) as unknown as Record<string, string[]>;
        const header = request.headers.authorization;
        const basic =
          typeof header === "string" && header !== "" ? parseBasicAuthorization(header) : undefined;
        const basicUsed = basic !== undefined;
        const refuse = (refused: OAuthRefusal) => sendRefusal(reply, refused, basicUsed);
        const names = ["grant_type", "client_id", "client_secret", "scope"] as const;
        const fields: Partial<Record<(typeof names)[number], string>> = {};
        for (const name of names) {
          const value = single(form, name);
          if (value === "repeated")
            return refuse(refusal("invalid_request", `${name} is sent more than once.`));
          if (value !== undefined) fields[name] = value;
        }
        if (fields.grant_type === undefined)
          return refuse(refusal("invalid_request", "grant_type is missing."));
        if (fields.grant_type !== "client_credentials") {
          return refuse(refusal("unsupported_grant_type", "Only client_credentials is supported."));
        }
        // An Authorization header of another scheme is no client authentication this server takes.
        if (typeof header === "string" && header !== "" && basic === undefined) {
          return refuse(refusal("invalid_client", "Unsupported client authentication method."));
        }
        if (basic === "malformed") return refuse(refusal("invalid_client", "Malformed Basic credentials."));
        let credentials: { clientId: string; clientSecret: string };
        if (basic) {
          // RFC 6749 section 2.3: one mechanism only.
          if (
            fields.client_secret !== undefined ||
            (fields.client_id !== undefined && fields.client_id !== basic.clientId)
          ) {
            return refuse(refusal("invalid_request", "The client authenticates in more than one way."));
          }
          credentials = basic;
        } else {
          if (fields.client_id === undefined || fields.client_secret === undefined) {
            return refuse(refusal("invalid_client", "Client authentication is missing."));
          }
          credentials = { clientId: fields.client_id, clientSecret: fields.client_secret };
        }
        const issued = await issueAccessToken(
          deps,
          { ...credentials, ...(fields.scope === undefined ? {} : { scope: fields.scope }), ip: request.ip },
          (budget) => spendBudget(deps, request, reply, { ...budget, login: true }),
        );
        if (!issued.ok) return refuse(issued);
        const { app: client } = issued.value;
        noteCaller(request, {
          kind: "token",
          devKey: "",
          devKeyHash: "",
          devKeyId: client.devKeyId,
          organizationId: client.organizationId,
          userId: client.userId,
          mode: "oauth",
          credentialId: client.id,
        });
        noStore(reply);
        return {
          access_token: issued.value.accessToken,
          token_type: "Bearer" as const,
          expires_in: issued.value.expiresIn,
          scope: issued.value.scope,
        };
      },
    );
  });
}
