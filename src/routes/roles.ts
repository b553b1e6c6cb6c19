/** `/v3/roles` (spec section 5) and `/v3/partner/roles` (spec section 8): read-only, any role. */

import { getRole, listRoles, roleKey } from "../auth/accounts/roles.ts";
import type { AuthDeps } from "../auth/context.ts";
import { listBody, readPageRequest } from "../http/paging.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import { ListOf, RoleSchema } from "../http/schemas/provisioning.ts";
import { roleObject } from "../http/schemas/wire-objects.ts";
import { organizationScope, partnerScope, type ScopeResolver } from "../http/scopes.ts";
import type { App } from "../http/types.ts";

function registerRoles(app: App, deps: AuthDeps, base: string, scopes: ScopeResolver): void {
  const config = { auth: scopes.auth };
  app.get(
    base,
    { schema: { response: { 200: ListOf(RoleSchema), "4xx": ErrorResponse } }, config },
    async (request) => {
      const { scope } = await scopes.resolve(request, "read");
      const page = await listRoles(deps, scope.organizationId, readPageRequest(request, "roles"));
      return listBody("roles", page, roleKey, roleObject);
    },
  );

  app.get(
    `${base}/:roleId`,
    { schema: { response: { 200: RoleSchema, "4xx": ErrorResponse } }, config },
    async (request) => {
      const { scope } = await scopes.resolve(request, "read");
      const result = await getRole(deps, scope.organizationId, (request.params as { roleId: string }).roleId);
      return roleObject(resultValue(result));
    },
  );
}

export function registerRoleRoutes(app: App, deps: AuthDeps): void {
  registerRoles(app, deps, "/connect/v3/roles", organizationScope(deps));
  registerRoles(app, deps, "/connect/v3/partner/roles", partnerScope(deps));
}
