/**
 * `/v3/sync-tokens` (ours; docs/bill-sign-in-modes.md section 3.2): what BILL's web app does
 * under Settings > Sync & Integrations > Tokens, as an API. Only an Administrator's session of
 * the organization may call it, never a sync-token session (its sign-in mode refuses it).
 * A token's value is in the create answer only.
 */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import {
  createSyncToken,
  listSyncTokens,
  revokeSyncToken,
  syncTokenKey,
} from "../auth/accounts/sync-tokens.ts";
import type { AuthDeps } from "../auth/context.ts";
import { formatTimestamp } from "../clock.ts";
import { listBody, readPageRequest } from "../http/paging.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import { ListOf } from "../http/schemas/provisioning.ts";
import { inObjectOrder } from "../http/schemas/wire-objects.ts";
import { organizationScope } from "../http/scopes.ts";
import type { App } from "../http/types.ts";
import { validateFields } from "../http/validate.ts";
import type { SyncToken } from "../stores/types/sync-tokens.ts";

const SyncTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  userId: Type.String(),
  createdTime: Type.String(),
  revoked: Type.Boolean(),
  revokedTime: Type.Union([Type.String(), Type.Null()]),
});

const CreatedSyncTokenSchema = Type.Object({
  ...SyncTokenSchema.properties,
  /** The value, the `password` of a login: shown here once, never again. */
  token: Type.String(),
});

const CreateSyncTokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });

export const syncTokenObject = (token: SyncToken) => ({
  id: token.id,
  name: token.name,
  userId: token.userId,
  createdTime: formatTimestamp(token.createdAt),
  revoked: token.revokedAt !== null,
  revokedTime: token.revokedAt === null ? null : formatTimestamp(token.revokedAt),
});

const options = <T extends Parameters<typeof ListOf>[0]>(schema: T, body?: typeof CreateSyncTokenBody) =>
  ({
    schema: { response: { 200: schema, "4xx": ErrorResponse }, ...(body ? { body } : {}) },
    serializerCompiler: inObjectOrder,
    // (ours) a partner's login-as-user cannot leave credentials of its own behind, as for OAuth apps.
    config: { auth: "session", refuseImpersonation: true },
  }) as const;

export function registerSyncTokenRoutes(app: App, deps: AuthDeps): void {
  const scopes = organizationScope(deps);
  // Every call here is an administration of the organization: "write" (Administrators only).
  const admin = async (request: FastifyRequest) => (await scopes.resolve(request, "write")).scope;

  app.get("/connect/v3/sync-tokens", options(ListOf(SyncTokenSchema)), async (request) => {
    const scope = await admin(request);
    const page = await listSyncTokens(deps, scope.organizationId, readPageRequest(request, "sync-tokens"));
    return listBody("sync-tokens", page, syncTokenKey, syncTokenObject);
  });

  app.post(
    "/connect/v3/sync-tokens",
    options(CreatedSyncTokenSchema, CreateSyncTokenBody),
    async (request) => {
      const scope = await admin(request);
      const { name } = validateFields(CreateSyncTokenBody, jsonObjectBody(request));
      const input = { organizationId: scope.organizationId, userId: scope.actorUserId ?? "", name };
      const { token, value } = resultValue(await createSyncToken(deps, input));
      return { ...syncTokenObject(token), token: value };
    },
  );

  app.delete("/connect/v3/sync-tokens/:id", options(SyncTokenSchema), async (request) => {
    const scope = await admin(request);
    const id = (request.params as { id: string }).id;
    return syncTokenObject(resultValue(await revokeSyncToken(deps, id, scope.organizationId)).token);
  });
}
