/** `GET/PATCH /v3/organizations/{organizationId}` (spec section 5): the session's own only. */

import type { FastifyRequest } from "fastify";
import { getOwnOrganization, updateOwnOrganization } from "../auth/accounts/organizations.ts";
import type { AuthDeps } from "../auth/context.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import { OrganizationSchema, UpdateOrganizationBody } from "../http/schemas/provisioning.ts";
import { inObjectOrder, organizationObject } from "../http/schemas/wire-objects.ts";
import { organizationScope } from "../http/scopes.ts";
import type { App } from "../http/types.ts";
import { validateBody } from "../http/validate-body.ts";

const one = {
  schema: { response: { 200: OrganizationSchema, "4xx": ErrorResponse } },
  serializerCompiler: inObjectOrder,
  config: { auth: "session" },
} as const;
const requestedId = (request: FastifyRequest) =>
  (request.params as { organizationId: string }).organizationId;

export function registerOrganizationRoutes(app: App, deps: AuthDeps): void {
  const { resolve } = organizationScope(deps);

  app.get("/connect/v3/organizations/:organizationId", one, async (request) => {
    const { scope } = await resolve(request, "read");
    return organizationObject(
      resultValue(await getOwnOrganization(deps, scope.organizationId, requestedId(request))),
    );
  });

  app.patch("/connect/v3/organizations/:organizationId", one, async (request) => {
    const { scope } = await resolve(request, "write");
    const changes = validateBody(UpdateOrganizationBody, jsonObjectBody(request), [
      "address",
      "mailingAddress",
    ]);
    const result = await updateOwnOrganization(deps, scope.organizationId, requestedId(request), changes);
    return organizationObject(resultValue(result));
  });
}
