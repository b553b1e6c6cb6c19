/**
 * An organization's AP & AR records as the operator sees them (docs/bill-v3-resources.md
 * section 12), generic over RESOURCES: the kinds with their counts, a page of one kind (BILL's
 * list: `max`, `page`, `filters`, `sort`, the kind's own fields) and one record, each the wire
 * object BILL's API answers. A kind may hold a slash (`funding-accounts/banks`), so the kind and
 * the id are the rest of the path: `…/resources/funding-accounts/banks/{id}`, or with the
 * slash encoded (`funding-accounts%2Fbanks`).
 */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { AuthDeps } from "../../auth/context.ts";
import { ApiError } from "../../errors.ts";
import { listAnswer, readListQuery } from "../../http/list-query.ts";
import { resultValue } from "../../http/result.ts";
import type { App } from "../../http/types.ts";
import type { ResourceDeclaration } from "../../resources/declaration.ts";
import { getResource, listResources } from "../../resources/engine.ts";
import { RESOURCES } from "../../resources/index.ts";
import * as S from "../schemas.ts";
import { answer, ResultsOf } from "../schemas.ts";
import { OPERATOR_PREFIX as P } from "./common.ts";

const notFound = (name: string) =>
  new ApiError({ key: "NOT_FOUND", params: { paramName0: name.slice(0, 100) } });

/** What the rest of the path names: a kind (its list), or a kind and an id (one record). */
export function resourceTarget(
  kinds: ReadonlyMap<string, ResourceDeclaration>,
  rest: string,
): { declaration: ResourceDeclaration; id?: string } | undefined {
  let path = rest;
  // An encoded slash (`funding-accounts%2Fbanks`) means the same kind.
  if (/%2f/i.test(path)) {
    try {
      path = decodeURIComponent(path);
    } catch {
      return undefined;
    }
  }
  const whole = kinds.get(path);
  if (whole) return { declaration: whole };
  const cut = path.lastIndexOf("/");
  const declaration = cut > 0 ? kinds.get(path.slice(0, cut)) : undefined;
  return declaration ? { declaration, id: path.slice(cut + 1) } : undefined;
}

export function registerOperatorResourceRoutes(app: App, deps: AuthDeps): void {
  // Read when the app is built, as the public routes are (src/routes/resources.ts).
  const declarations = [...RESOURCES];
  const kinds = new Map(declarations.map((declaration) => [declaration.name, declaration]));
  const organizationOf = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!(await deps.stores.organizations.findById(id))) throw notFound(id);
    return id;
  };

  app.get(`${P}/organizations/:id/resources`, answer(ResultsOf(S.OperatorResourceKind)), async (request) => {
    const organizationId = await organizationOf(request);
    const results = [];
    for (const declaration of declarations) {
      const records = await deps.stores.resources.listAll(organizationId, declaration.name);
      results.push({
        kind: declaration.name,
        label: declaration.label,
        idPrefix: declaration.idPrefix,
        path: `/v3/${declaration.name}`,
        count: records.length,
        archivedCount: records.filter((r) => r.archived).length,
      });
    }
    return { results };
  });

  // One route for a kind's list and for one record, since a kind may hold a slash.
  app.get(
    `${P}/organizations/:id/resources/*`,
    answer(Type.Union([S.OperatorResourcePage, S.OperatorResourceRecord])),
    async (request) => {
      const organizationId = await organizationOf(request);
      const rest = (request.params as { "*": string })["*"];
      const target = resourceTarget(kinds, rest);
      if (!target) throw notFound(rest === "" ? "kind" : rest);
      const { declaration, id } = target;
      if (id !== undefined) return resultValue(await getResource(deps, organizationId, declaration, id));
      // The cursor names its organization too: a page of one organization is no page of another.
      const spec = { ...declaration, name: `operator:${organizationId}:${declaration.name}` };
      const { list, query } = readListQuery(request, spec);
      return listAnswer(list, await listResources(deps, organizationId, declaration, query));
    },
  );
}
