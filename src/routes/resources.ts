/**
 * Every resource declaration (src/resources/) becomes BILL's routes under `/connect/v3/<name>`:
 * create, bulk create, list, get, PATCH, archive, restore. Organization-level sessions only
 * (`devKey` + `sessionId`); every role reads, the declaration's writers write (403 BDC_9004).
 */
import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { AuthDeps } from "../auth/context.ts";
import { ApiError } from "../errors.ts";
import { sessionOf } from "../http/context.ts";
import { idempotentCreate } from "../http/idempotent.ts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../http/paging.ts";
import { jsonArrayBody, jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import { ListOf } from "../http/schemas/provisioning.ts";
import type { App } from "../http/types.ts";
import type { ResourceDeclaration } from "../resources/declaration.ts";
import {
  createResources,
  getResource,
  type ListQuery,
  listResources,
  mayWrite,
  type Position,
  type ResourceScope,
  setResourceArchived,
  updateResource,
  withIndex,
} from "../resources/engine.ts";
import { parseFilters, parseSort } from "../resources/query.ts";
import { checkBody, errorsOf } from "../resources/validate.ts";

const invalid = (name: string) => new ApiError({ key: "INVALID_VALUE", params: { paramName0: name } });

/** A page cursor: the list it belongs to (name, filters and sort), a direction, a position. */
function encodeCursor(list: string, direction: "n" | "p", position: Position): string {
  return Buffer.from(JSON.stringify([list, direction, position.values, position.id]), "utf8").toString(
    "base64url",
  );
}

function decodeCursor(list: string, cursor: unknown): Pick<ListQuery, "after" | "before"> {
  if (typeof cursor !== "string" || !/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw invalid("page");
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid("page");
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalid("page");
  const [owner, direction, values, id] = parsed as unknown[];
  // A cursor of another list, or of this list with other filters or sort, is refused.
  if (owner !== list || (direction !== "n" && direction !== "p")) throw invalid("page");
  if (typeof id !== "string" || !/^[0-9A-Za-z]{20}$/.test(id) || !Array.isArray(values))
    throw invalid("page");
  const ok = values.every((v) => v === null || ["string", "number", "boolean"].includes(typeof v));
  if (!ok) throw invalid("page");
  const position = { values: values as Position["values"], id };
  return direction === "n" ? { after: position } : { before: position };
}

function readListQuery(request: FastifyRequest, declaration: ResourceDeclaration) {
  const query = (request.query ?? {}) as Record<string, unknown>;
  let limit = DEFAULT_PAGE_SIZE;
  if (query.max !== undefined) {
    if (typeof query.max !== "string" || !/^\d{1,3}$/.test(query.max)) throw invalid("max");
    limit = Number(query.max);
    if (limit < 1 || limit > MAX_PAGE_SIZE) throw invalid("max");
  }
  const allowed = Object.fromEntries(
    Object.entries(declaration.filters).map(([field, spec]) => [
      field,
      { type: declaration.fields[field] ?? "string", ...spec },
    ]),
  );
  const filters = parseFilters(query.filters, allowed);
  const sort = parseSort(query.sort, declaration.sorts);
  // The cursor names its list: the resource, the filters and the sort it was read with.
  const list = createHash("sha256")
    .update(JSON.stringify([declaration.name, filters, sort]))
    .digest("base64url")
    .slice(0, 16);
  const position = query.page === undefined ? {} : decodeCursor(list, query.page);
  return { list, query: { filters, sort, limit, ...position } satisfies ListQuery };
}

export function registerResourceRoutes(app: App, deps: AuthDeps, declaration: ResourceDeclaration): void {
  const base = `/connect/v3/${declaration.name}`;
  const config = { auth: "session" as const };
  const one = { schema: { response: { 200: declaration.wire, "4xx": ErrorResponse } }, config };
  const created = { schema: { response: { 201: declaration.wire, "4xx": ErrorResponse } }, config };
  const bulkAnswer = declaration.bulk?.wrap
    ? Type.Object({ [declaration.bulk.wrap]: Type.Array(declaration.wire) })
    : Type.Array(declaration.wire);
  const many = { schema: { response: { 201: bulkAnswer, "4xx": ErrorResponse } }, config };
  const list = { schema: { response: { 200: ListOf(declaration.wire), "4xx": ErrorResponse } }, config };
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

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
  const validPatch = (body: Record<string, unknown>) => {
    const checked = checkBody(declaration.updateBody, body, "clear");
    const errors = [...errorsOf(checked), ...(declaration.checkPatch?.(body) ?? [])];
    if (errors.length > 0) throw new ApiError(errors);
    return checked.value;
  };

  app.get(base, list, async (request) => {
    const scope = await scopeOf(request, "read");
    const { list: name, query } = readListQuery(request, declaration);
    const page = await listResources(deps, scope.organizationId, declaration, query);
    const first = page.positions[0];
    const last = page.positions[page.positions.length - 1];
    return {
      results: page.items,
      ...(page.hasAfter && last ? { nextPage: encodeCursor(name, "n", last) } : {}),
      ...(page.hasBefore && first ? { prevPage: encodeCursor(name, "p", first) } : {}),
    };
  });

  app.post(base, created, async (request, reply) => {
    const scope = await scopeOf(request, "write");
    const body = jsonObjectBody(request);
    const route = `POST /v3/${declaration.name}`;
    const create = { caller: callerOf(request), route, body, status: 201 };
    return idempotentCreate(deps, request, reply, create, async () => {
      const [record] = resultValue(await createResources(deps, scope, declaration, [validCreate(body)]));
      return declaration.view(record as NonNullable<typeof record>);
    });
  });

  const bulk = declaration.bulk;
  if (bulk) {
    app.post(`${base}/bulk`, many, async (request, reply) => {
      const scope = await scopeOf(request, "write");
      const items = jsonArrayBody(request);
      if (items.length === 0 || items.length > bulk.max) throw invalid("body");
      const route = `POST /v3/${declaration.name}/bulk`;
      const create = { caller: callerOf(request), route, body: { items }, status: 201 };
      return idempotentCreate(deps, request, reply, create, async () => {
        const records = resultValue(await createResources(deps, scope, declaration, validBulk(items)));
        const views = records.map((record) => declaration.view(record));
        return bulk.wrap ? { [bulk.wrap]: views } : views;
      });
    });
  }

  app.get(`${base}/:id`, one, async (request) => {
    const scope = await scopeOf(request, "read");
    return declaration.view(
      resultValue(await getResource(deps, scope.organizationId, declaration, idOf(request))),
    );
  });

  app.patch(`${base}/:id`, one, async (request) => {
    const scope = await scopeOf(request, "write");
    const patch = validPatch(jsonObjectBody(request));
    return declaration.view(
      resultValue(await updateResource(deps, scope, declaration, idOf(request), patch)),
    );
  });

  for (const [action, archived] of [
    ["archive", true],
    ["restore", false],
  ] as const) {
    app.post(`${base}/:id/${action}`, one, async (request) => {
      const scope = await scopeOf(request, "write");
      const record = resultValue(
        await setResourceArchived(deps, scope, declaration, idOf(request), archived),
      );
      return declaration.view(record);
    });
  }
}
