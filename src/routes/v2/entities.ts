/**
 * v2's generic entity calls (docs/bill-sign-in-modes.md sections 2.5–2.7), one dispatcher over
 * the entity mappings (src/v2/entity.ts): `List/{Entity}.json` and
 * `Crud/{Create|Read|Update|Delete|Undelete}/{Entity}.json`. Each reads and writes the v3
 * resource behind the entity through the same engine calls, role checks and organization scope
 * as the v3 routes (src/routes/resources.ts): another organization's id is not found.
 */
import type { FastifyRequest } from "fastify";
import type { AuthDeps } from "../../auth/context.ts";
import { ApiError } from "../../errors.ts";
import { sessionOf } from "../../http/context.ts";
import { mfaGuard, whenOrganizationRequiresMfa } from "../../http/mfa-guard.ts";
import { resultValue } from "../../http/result.ts";
import { CrudParams, EntityParams, formBody, V2DataForm, V2Envelope } from "../../http/schemas/v2.ts";
import type { App } from "../../http/types.ts";
import { v2Form } from "../../http/v2-auth.ts";
import type { ResourceDeclaration } from "../../resources/declaration.ts";
import {
  createResources,
  getResource,
  listResources,
  mayWrite,
  type ResourceScope,
  replaceResource,
  setResourceArchived,
  updateResource,
} from "../../resources/engine.ts";
import { RESOURCES } from "../../resources/index.ts";
import { checkBody, errorsOf } from "../../resources/validate.ts";
import { type CrudOperation, isCrudOperation, readId, readObj, readV2Data } from "../../v2/data.ts";
import type { V2Entity } from "../../v2/entity.ts";
import { V2Refusal, v2Success, v2Value } from "../../v2/envelope.ts";
import { readV2List, shownName, v2Failure } from "../../v2/list-request.ts";

interface Served {
  entity: V2Entity;
  declaration: ResourceDeclaration;
}

/** Each entity by its v2 name, over its v3 declaration; a mapping naming no resource is a bug. */
function servedEntities(entities: readonly V2Entity[]): Map<string, Served> {
  const served = new Map<string, Served>();
  for (const entity of entities) {
    const declaration = RESOURCES.find((d) => d.name === entity.resource);
    if (!declaration) throw new Error(`v2 entity ${entity.name}: no v3 resource "${entity.resource}"`);
    if (served.has(entity.name)) throw new Error(`v2 entity ${entity.name} is declared twice`);
    served.set(entity.name, { entity, declaration });
  }
  return served;
}

export function registerV2EntityRoutes(v2: App, deps: AuthDeps, entities: readonly V2Entity[]): void {
  const served = servedEntities(entities);
  const config = { auth: "v2-session" as const };
  const guardCreate = mfaGuard(deps, {
    conditions: [whenOrganizationRequiresMfa],
    refuseImpersonation: false,
  });

  const scopeOf = async (
    request: FastifyRequest,
    declaration: ResourceDeclaration,
    access: "read" | "write",
  ): Promise<ResourceScope> => {
    const session = sessionOf(request);
    const scope = { organizationId: session.organizationId, userId: session.userId };
    if (access === "write" && !(await mayWrite(deps, scope, declaration))) {
      throw new ApiError("INSUFFICIENT_PERMISSIONS");
    }
    return scope;
  };
  const dataOf = (request: FastifyRequest) => v2Value(readV2Data(v2Form(request).data));

  v2.post(
    "/List/:entity.json",
    {
      schema: {
        summary: "v2 list: one page of an entity, filtered and sorted (start, max ≤ 999)",
        params: EntityParams,
        ...formBody(V2DataForm),
        response: { 200: V2Envelope() },
      },
      config,
    },
    async (request) => {
      const name = (request.params as { entity: string }).entity;
      const found = served.get(name);
      if (!found) throw new V2Refusal(v2Failure("V2_INVALID_LIST_ENTITY", shownName(name)));
      const { entity, declaration } = found;
      const { query, start } = v2Value(readV2List(dataOf(request), entity, declaration));
      const scope = await scopeOf(request, declaration, "read");
      const page = await listResources(deps, scope.organizationId, declaration, query);
      return v2Success(page.items.slice(start).map((item) => entity.toV2(item)));
    },
  );

  v2.post(
    "/Crud/:operation/:entity.json",
    {
      schema: {
        summary: "v2 Crud: read, create, update, delete (archive) or undelete (restore) one object",
        params: CrudParams,
        ...formBody(V2DataForm),
        response: { 200: V2Envelope() },
      },
      config,
    },
    async (request) => {
      const { operation, entity: name } = request.params as { operation: string; entity: string };
      if (!isCrudOperation(operation)) {
        throw new V2Refusal(v2Failure("V2_INVALID_CRUD_OPERATION", shownName(operation)));
      }
      const found = served.get(name);
      if (!found) throw new V2Refusal(v2Failure("V2_INVALID_CRUD_ENTITY", shownName(name)));
      const data = dataOf(request);
      const view = await crud(operation, found, data, request);
      return v2Success(found.entity.toV2(view));
    },
  );

  async function crud(
    operation: CrudOperation,
    { entity, declaration }: Served,
    data: Record<string, unknown>,
    request: FastifyRequest,
  ): Promise<Record<string, unknown>> {
    switch (operation) {
      case "Read": {
        const id = v2Value(readId(data));
        const scope = await scopeOf(request, declaration, "read");
        return resultValue(await getResource(deps, scope.organizationId, declaration, id));
      }
      case "Create": {
        const scope = await scopeOf(request, declaration, "write");
        if (declaration.createMfaProtected) await guardCreate(request);
        const obj = v2Value(readObj(data, entity));
        const body = v2Value(entity.toV3(obj, "create"));
        const checked = checkBody(declaration.createBody, body);
        const errors = errorsOf(checked);
        if (errors.length > 0) throw new ApiError(errors);
        const [view] = resultValue(await createResources(deps, scope, declaration, [checked.value]));
        return view as Record<string, unknown>;
      }
      case "Update": {
        const scope = await scopeOf(request, declaration, "write");
        const obj = v2Value(readObj(data, entity));
        const id = v2Value(readId(obj));
        const { id: _id, ...patch } = v2Value(entity.toV3(obj, "update"));
        // v2's Update of a bill, invoice or credit "overwrites all line item details": the
        // whole record, as v3's PUT replaces it.
        if (entity.updateBy === "replace" && declaration.replace) {
          const whole = checkBody(declaration.createBody, patch);
          const problems = errorsOf(whole);
          if (problems.length > 0) throw new ApiError(problems);
          return resultValue(await replaceResource(deps, scope, declaration, id, whole.value));
        }
        const checked = checkBody(declaration.updateBody, patch, "clear");
        const errors = [...errorsOf(checked), ...(declaration.checkPatch?.(patch) ?? [])];
        if (errors.length > 0) throw new ApiError(errors);
        return resultValue(await updateResource(deps, scope, declaration, id, checked.value));
      }
      case "Delete":
      case "Undelete": {
        const archived = operation === "Delete";
        // An entity v2 cannot delete, or a resource archived for good, has no such operation.
        if (entity.deletes === "refuse" || (!archived && declaration.restore === false)) {
          throw new V2Refusal(v2Failure("V2_INVALID_CRUD_OPERATION", operation));
        }
        const id = v2Value(readId(data));
        const scope = await scopeOf(request, declaration, "write");
        return resultValue(await setResourceArchived(deps, scope, declaration, id, archived));
      }
    }
  }
}
