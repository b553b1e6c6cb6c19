/**
 * Every resource declaration (src/resources/) becomes BILL's routes under `/connect/v3/<name>`:
 * create, list, get, PATCH, PUT (where declared), archive, restore, and the bulk routes the
 * declaration's `bulk` names (create; PATCH, PUT, archive and restore), each handler one
 * engine call. Organization-level sessions only
 * (`devKey` + `sessionId`); every role reads, the declaration's writers write (403 BDC_9004).
 */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { AuthDeps } from "../auth/context.ts";
import { ApiError } from "../errors.ts";
import { sessionOf } from "../http/context.ts";
import { idempotentCreate } from "../http/idempotent.ts";
import { listAnswer, readListQuery } from "../http/list-query.ts";
import { jsonArrayBody, jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import { ListOf } from "../http/schemas/provisioning.ts";
import type { App } from "../http/types.ts";
import type { ResourceDeclaration, ResourceRoute } from "../resources/declaration.ts";
import {
  createResources,
  getResource,
  listResources,
  mayWrite,
  type ResourceScope,
  replaceResource,
  replaceResources,
  setResourceArchived,
  setResourcesArchived,
  updateResource,
  updateResources,
  withIndex,
} from "../resources/engine.ts";
import { checkBody, errorsOf } from "../resources/validate.ts";

/** `?ids=a,b` (documented for OpenAPI; the route checks it the BILL way). */
const IdsQuery = Type.Object({ ids: Type.String({ description: "Comma-separated ids" }) });

const invalid = (name: string) => new ApiError({ key: "INVALID_VALUE", params: { paramName0: name } });

export function registerResourceRoutes(app: App, deps: AuthDeps, declaration: ResourceDeclaration): void {
  const base = `/connect/v3/${declaration.name}`;
  const config = { auth: "session" as const };
  const one = { schema: { response: { 200: declaration.wire, "4xx": ErrorResponse } }, config };
  const created = {
    schema: { response: { 201: declaration.wire, "4xx": ErrorResponse } },
    config: declaration.createMfaProtected ? { ...config, mfaProtected: true } : config,
  };
  const bulkAnswer = declaration.bulk?.wrap
    ? Type.Object({ [declaration.bulk.wrap]: Type.Array(declaration.wire) })
    : Type.Array(declaration.wire);
  const many = { schema: { response: { 201: bulkAnswer, "4xx": ErrorResponse } }, config };
  const changedMany = { schema: { response: { 200: bulkAnswer, "4xx": ErrorResponse } }, config };
  const list = { schema: { response: { 200: ListOf(declaration.wire), "4xx": ErrorResponse } }, config };
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const serves = (route: ResourceRoute) => !declaration.routes || declaration.routes.includes(route);

  const scopeOf = async (request: FastifyRequest, access: "read" | "write"): Promise<ResourceScope> => {
    const session = sessionOf(request);
    const scope = { organizationId: session.organizationId, userId: session.userId };
    if (access === "write" && !(await mayWrite(deps, scope, declaration))) {
      throw new ApiError("INSUFFICIENT_PERMISSIONS");
    }
    return scope;
  };
  const callerOf = (request: FastifyRequest) => {
    const session = sessionOf(request);
    return `org:${session.devKeyId}:${session.organizationId}`;
  };
  const validCreate = (body: Record<string, unknown>) => {
    const checked = checkBody(declaration.createBody, body);
    const errors = errorsOf(checked);
    if (errors.length > 0) throw new ApiError(errors);
    return checked.value;
  };
  const validBulk = (bodies: Record<string, unknown>[]) => {
    // Every item is checked and every problem reported, each naming its item's position.
    const checked = bodies.map((body) => checkBody(declaration.createBody, body));
    const missing = checked.flatMap((c, i) => withIndex(c.missing, i));
    const errors = missing.length > 0 ? missing : checked.flatMap((c, i) => withIndex(c.invalid, i));
    if (errors.length > 0) throw new ApiError(errors);
    return checked.map((c) => c.value);
  };
  /** The items of a bulk PATCH or PUT: each has an `id`, the rest checked against `schema`. */
  const validBulkChange = (items: Record<string, unknown>[], schema: "update" | "create") => {
    const checked = items.map(({ id, ...rest }) => {
      const body = checkBody(
        schema === "update" ? declaration.updateBody : declaration.createBody,
        rest,
        schema === "update" ? "clear" : "absent",
      );
      const missing = [
        ...(id === undefined || id === null || id === ""
          ? [{ key: "MISSING_PARAMETER" as const, params: { paramName0: "id" } }]
          : []),
        ...body.missing,
      ];
      const invalid = [
        ...(typeof id === "string" || id === undefined || id === null
          ? []
          : [{ key: "INVALID_VALUE" as const, params: { paramName0: "id" } }]),
        ...body.invalid,
        ...(schema === "update" ? (declaration.checkPatch?.(rest) ?? []) : []),
      ];
      return { id: String(id), value: body.value, missing, invalid };
    });
    const missing = checked.flatMap((c, i) => withIndex(c.missing, i));
    const errors = missing.length > 0 ? missing : checked.flatMap((c, i) => withIndex(c.invalid, i));
    if (errors.length > 0) throw new ApiError(errors);
    return checked.map((c) => ({ id: c.id, value: c.value }));
  };
  /** `?ids=a,b` of a bulk archive or restore: at least one id, at most the bulk's max. */
  const idsOf = (request: FastifyRequest, max: number) => {
    const raw = (request.query as Record<string, unknown>).ids;
    if (raw === undefined || raw === "") {
      throw new ApiError({ key: "MISSING_PARAMETER", params: { paramName0: "ids" } });
    }
    const ids = typeof raw === "string" ? raw.split(",").map((id) => id.trim()) : [];
    if (ids.length === 0 || ids.length > max || ids.some((id) => id === "")) throw invalid("ids");
    return ids;
  };
  const validPatch = (body: Record<string, unknown>) => {
    const checked = checkBody(declaration.updateBody, body, "clear");
    const errors = [...errorsOf(checked), ...(declaration.checkPatch?.(body) ?? [])];
    if (errors.length > 0) throw new ApiError(errors);
    return checked.value;
  };

  if (serves("list")) {
    app.get(base, list, async (request) => {
      const scope = await scopeOf(request, "read");
      const { list: name, query } = readListQuery(request, declaration);
      return listAnswer(name, await listResources(deps, scope.organizationId, declaration, query));
    });
  }

  if (serves("get")) {
    app.get(`${base}/:id`, one, async (request) => {
      const scope = await scopeOf(request, "read");
      return resultValue(await getResource(deps, scope.organizationId, declaration, idOf(request)));
    });
  }

  if (serves("create")) {
    app.post(base, created, async (request, reply) => {
      const scope = await scopeOf(request, "write");
      const body = jsonObjectBody(request);
      const route = `POST /v3/${declaration.name}`;
      const create = { caller: callerOf(request), route, body, status: 201 };
      return idempotentCreate(deps, request, reply, create, async () => {
        const [view] = resultValue(await createResources(deps, scope, declaration, [validCreate(body)]));
        return view as Record<string, unknown>;
      });
    });
  }

  const bulk = declaration.bulk;
  if (bulk && serves("create")) {
    app.post(`${base}/bulk`, many, async (request, reply) => {
      const scope = await scopeOf(request, "write");
      const items = jsonArrayBody(request);
      if (items.length === 0 || items.length > bulk.max) throw invalid("body");
      const route = `POST /v3/${declaration.name}/bulk`;
      const create = { caller: callerOf(request), route, body: { items }, status: 201 };
      return idempotentCreate(deps, request, reply, create, async () => {
        const views = resultValue(await createResources(deps, scope, declaration, validBulk(items)));
        return bulk.wrap ? { [bulk.wrap]: views } : views;
      });
    });
  }

  if (bulk?.update) {
    app.patch(`${base}/bulk`, changedMany, async (request) => {
      const scope = await scopeOf(request, "write");
      const items = jsonArrayBody(request);
      if (items.length === 0 || items.length > bulk.max) throw invalid("body");
      const patches = validBulkChange(items, "update").map(({ id, value }) => ({ id, patch: value }));
      const views = resultValue(await updateResources(deps, scope, declaration, patches));
      return bulk.wrap ? { [bulk.wrap]: views } : views;
    });
  }

  if (bulk?.replace) {
    app.put(`${base}/bulk`, changedMany, async (request) => {
      const scope = await scopeOf(request, "write");
      const items = jsonArrayBody(request);
      if (items.length === 0 || items.length > bulk.max) throw invalid("body");
      const bodies = validBulkChange(items, "create").map(({ id, value }) => ({ id, body: value }));
      const views = resultValue(await replaceResources(deps, scope, declaration, bodies));
      return bulk.wrap ? { [bulk.wrap]: views } : views;
    });
  }

  if (bulk?.archive) {
    for (const [action, archived] of [
      ["archive", true],
      ["restore", false],
    ] as const) {
      if (!archived && declaration.restore === false) continue;
      const byIds = { ...changedMany, schema: { ...changedMany.schema, querystring: IdsQuery } };
      app.post(`${base}/bulk/${action}`, byIds, async (request) => {
        const scope = await scopeOf(request, "write");
        const ids = idsOf(request, bulk.max);
        const views = resultValue(await setResourcesArchived(deps, scope, declaration, ids, archived));
        return bulk.wrap ? { [bulk.wrap]: views } : views;
      });
    }
  }

  if (serves("update")) {
    app.patch(`${base}/:id`, one, async (request) => {
      const scope = await scopeOf(request, "write");
      const patch = validPatch(jsonObjectBody(request));
      return resultValue(await updateResource(deps, scope, declaration, idOf(request), patch));
    });
  }

  if (declaration.replace && serves("replace")) {
    app.put(`${base}/:id`, one, async (request) => {
      const scope = await scopeOf(request, "write");
      const body = validCreate(jsonObjectBody(request));
      return resultValue(await replaceResource(deps, scope, declaration, idOf(request), body));
    });
  }

  for (const [action, archived] of serves("archive")
    ? ([
        ["archive", true],
        ["restore", false],
      ] as const)
    : []) {
    if (!archived && declaration.restore === false) continue;
    app.post(`${base}/:id/${action}`, one, async (request) => {
      const scope = await scopeOf(request, "write");
      return resultValue(await setResourceArchived(deps, scope, declaration, idOf(request), archived));
    });
  }
}
