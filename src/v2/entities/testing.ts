/**
 * Test support for the v2 entity mappings (imported by the *.test.ts beside it only): a real
 * runtime over a temp SQLite file, one organization, and the calls the v2 routes make — a v2
 * object through `toV3`, the v3 declaration's own body validation, then the resource engine —
 * so a test sees exactly what the v3 GET of the record answers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOrganization, createUser } from "../../auth/accounts/provisioning.ts";
import type { AuthDeps } from "../../auth/context.ts";
import { createSettableClock, type SettableClock } from "../../clock.ts";
import { loadConfig } from "../../config.ts";
import type { ResourceDeclaration } from "../../resources/declaration.ts";
import {
  createResources,
  getResource,
  listResources,
  type ResourceScope,
  replaceResource,
  setResourceArchived,
  updateResource,
} from "../../resources/engine.ts";
import { RESOURCES } from "../../resources/index.ts";
import type { Operator } from "../../resources/query.ts";
import { checkBody, errorsOf } from "../../resources/validate.ts";
import { openRuntime, type Runtime } from "../../runtime.ts";
import type { V2Conversion, V2Entity } from "../entity.ts";
import { actgClass, chartOfAccount, department, employee, job, location } from "./classifications.ts";
import type { V2EntityMapping } from "./common.ts";
import { customer } from "./customer.ts";
import {
  ACTG_CLASS,
  CHART_OF_ACCOUNT,
  type Classified,
  CUSTOMER,
  DEPARTMENT,
  EMPLOYEE,
  JOB,
  LOCATION,
  serviceItem,
} from "./examples.ts";
import { item } from "./item.ts";

type Obj = Record<string, unknown>;

export const declarationOf = (entity: V2Entity): ResourceDeclaration => {
  const found = RESOURCES.find((declaration) => declaration.name === entity.resource);
  if (!found) throw new Error(`no v3 resource ${entity.resource}`);
  return found;
};

/** The converted body, or a test failure naming BILL's v2 error. */
export function bodyOf(conversion: V2Conversion): Obj {
  if (!conversion.ok) throw new Error(`${conversion.code} ${conversion.message}`);
  return conversion.value;
}

/** What the v3 routes' own validation says of a create body (`[]` when it accepts it). */
export const createProblems = (entity: V2Entity, body: Obj) =>
  errorsOf(checkBody(declarationOf(entity).createBody, body));

/** What the v3 PATCH validation says of a PATCH body (`clear`: nulls clear), and checkPatch's rules. */
export const patchProblems = (entity: V2Entity, body: Obj) => [
  ...errorsOf(checkBody(declarationOf(entity).updateBody, body, "clear")),
  ...(declarationOf(entity).checkPatch?.(body) ?? []),
];

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; errors: readonly unknown[] }): T => {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
};

export interface Engine {
  readonly deps: AuthDeps;
  readonly scope: ResourceScope;
  readonly clock: SettableClock;
  /** Crud/Create: the v2 object converted, validated as v3 validates, created; its v3 wire object. */
  create(entity: V2Entity, v2: Obj): Promise<Obj>;
  /** Crud/Update of the record `id` (a PATCH or a PUT, as the entity says). */
  update(entity: V2EntityMapping, id: string, v2: Obj): Promise<Obj>;
  /** A v3 create body through the v3 path (a record made by a v3 client). */
  createV3(entity: V2Entity, body: Obj): Promise<Obj>;
  /** The v3 GET. */
  get(entity: V2Entity, id: string): Promise<Obj>;
  /** Crud/Delete (archive). */
  archive(entity: V2Entity, id: string, archived?: boolean): Promise<Obj>;
  /** List/{Entity} with v2 filters, mapped by the entity's `listField`. */
  list(entity: V2Entity, filters: { field: string; op?: Operator; value: unknown }[]): Promise<Obj[]>;
  close(): Promise<void>;
}

export async function openEngine(): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), "billet-v2-entities-"));
  const config = loadConfig(
    {},
    {
      databaseUrl: join(dir, "billet.db"),
      logLevel: "silent",
      argon2: { memoryKib: 1024, iterations: 1, parallelism: 1 },
    },
  );
  const clock = createSettableClock(Date.UTC(2026, 10, 29, 10, 0, 0));
  const runtime: Runtime = await openRuntime(config, { clock });
  const deps = runtime.deps;
  const organization = unwrap(await createOrganization(deps, { name: "v2 entities" }));
  const user = unwrap(
    await createUser(deps, {
      organizationId: organization.id,
      email: "admin@v2.test",
      password: "correct horse battery staple",
      role: "ADMINISTRATOR",
    }),
  );
  const scope = { organizationId: organization.id, userId: user.userId };
  const validCreate = (entity: V2Entity, body: Obj) => {
    const problems = createProblems(entity, body);
    if (problems.length > 0) throw new Error(`v3 refuses the create body: ${JSON.stringify(problems)}`);
    return checkBody(declarationOf(entity).createBody, body).value;
  };
  return {
    deps,
    scope,
    clock,
    async create(entity, v2) {
      const body = validCreate(entity, bodyOf(entity.toV3(v2, "create")));
      const [view] = unwrap(await createResources(deps, scope, declarationOf(entity), [body]));
      return view as Obj;
    },
    async createV3(entity, body) {
      const [view] = unwrap(
        await createResources(deps, scope, declarationOf(entity), [validCreate(entity, body)]),
      );
      return view as Obj;
    },
    async update(entity, id, v2) {
      const body = bodyOf(entity.toV3(v2, "update"));
      const declaration = declarationOf(entity);
      if (entity.updateBy === "replace") {
        return unwrap(await replaceResource(deps, scope, declaration, id, validCreate(entity, body)));
      }
      const problems = patchProblems(entity, body);
      if (problems.length > 0) throw new Error(`v3 refuses the PATCH body: ${JSON.stringify(problems)}`);
      const patch = checkBody(declaration.updateBody, body, "clear").value;
      return unwrap(await updateResource(deps, scope, declaration, id, patch));
    },
    get: async (entity, id) =>
      unwrap(await getResource(deps, scope.organizationId, declarationOf(entity), id)),
    archive: async (entity, id, archived = true) =>
      unwrap(await setResourceArchived(deps, scope, declarationOf(entity), id, archived)),
    async list(entity, filters) {
      const mapped = filters.map(({ field, op = "eq", value }) => {
        const listField = entity.listField(field);
        if (!listField) throw new Error(`${entity.name} lists by no ${field}`);
        const v3 = listField.value ? listField.value(value) : value;
        if (v3 === undefined) throw new Error(`${entity.name}.${field} reads no value of ${String(value)}`);
        return { field: listField.field, op, values: [v3 as string | number | boolean] };
      });
      const page = await listResources(deps, scope.organizationId, declarationOf(entity), {
        filters: mapped,
        sort: [],
        limit: 100,
      });
      return page.items;
    },
    async close() {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The fields of `expected` as `actual` has them (a round trip keeps what v2 sent). */
export const picked = (actual: Obj, expected: Obj): Obj =>
  Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key]]));

/** Records of every classification a line names, made through their v2 mappings; their ids. */
export async function classified(engine: Engine): Promise<Classified> {
  const id = async (entity: V2Entity, v2: Obj) => String((await engine.create(entity, v2)).id);
  const chartOfAccountId = await id(chartOfAccount, CHART_OF_ACCOUNT);
  return {
    chartOfAccountId,
    departmentId: await id(department, DEPARTMENT),
    locationId: await id(location, LOCATION),
    jobId: await id(job, JOB),
    customerId: await id(customer, CUSTOMER),
    itemId: await id(item, serviceItem(chartOfAccountId)),
    employeeId: await id(employee, EMPLOYEE),
    actgClassId: await id(actgClass, ACTG_CLASS),
  };
}
