/**
 * What BILL's seven general-ledger classifications (docs/bill-v3-resources.md section 7) share:
 * the id schema, the parent/child link (`parentId`, a record of the same kind, never itself or
 * one of its descendants), who may write them, their bulk routes (create, PATCH, archive and
 * restore; at most 50 items [DP]) and the list fields every one of them has. Each declaration
 * file gives its own fields; the four named ones (accounting classes, departments, jobs,
 * locations) are the same shape and come from `namedClassification`.
 */
import { type Static, type TObject, Type } from "typebox";
import { formatTimestamp } from "../../clock.ts";
import type { ErrorItem } from "../../errors.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import { type CheckContext, defineResource, type ResourceDeclaration } from "../declaration.ts";
import type { FieldType, Operator } from "../query.ts";
import { partial, present, text } from "../schema-kit.ts";

/** A BILL id of the given 3-character prefix. */
export const idOf = (prefix: string) => Type.String({ pattern: `^${prefix}[0-9A-Za-z]{17}$` });

/** The prefixes [DP: "BILL-generated IDs"]. */
export const CLASSIFICATION_PREFIXES = {
  chartOfAccounts: "0ca",
  accountingClasses: "cls",
  departments: "0de",
  employees: "emp",
  items: "0ii",
  jobs: "job",
  locations: "loc",
} as const;

export const IDS = ["eq", "ne", "in"] as const;
export const RANGES = ["gt", "gte", "lt", "lte"] as const;
export const TEXT = ["eq", "sw"] as const;

/** The list fields every classification has (ours: BILL documents none but `id`). */
export const BASE_FIELDS: Readonly<Record<string, FieldType>> = {
  id: "string",
  archived: "boolean",
  parentId: "string",
  createdTime: "datetime",
  updatedTime: "datetime",
};
export const BASE_FILTERS: Readonly<Record<string, { ops: readonly Operator[] }>> = {
  id: { ops: IDS },
  archived: { ops: ["eq", "ne"] },
  parentId: { ops: IDS },
  createdTime: { ops: RANGES },
  updatedTime: { ops: RANGES },
};
export const BASE_SORTS = ["archived", "createdTime", "updatedTime"] as const;

const invalid = (field: string): ErrorItem => ({ key: "INVALID_VALUE", params: { paramName0: field } });

/** (ours) A parent is never the record itself nor one of its descendants. */
function parentProblems(kind: string, data: Record<string, unknown>, context: CheckContext): ErrorItem[] {
  const parentId = data.parentId;
  if (typeof parentId !== "string" || context.id === undefined) return [];
  const parents = new Map(
    context.all(kind).map((record) => [record.id, record.data.parentId as string | undefined]),
  );
  // Up from the new parent: reaching this record means the change would make a cycle.
  const seen = new Set<string>();
  for (let at: string | undefined = parentId; at !== undefined && !seen.has(at); at = parents.get(at)) {
    if (at === context.id) return [invalid("parentId")];
    seen.add(at);
  }
  return [];
}

export interface ClassificationSpec {
  /** The path under `/connect/v3/`: `classifications/departments`. */
  readonly name: string;
  readonly label: string;
  readonly idPrefix: string;
  /** The key of BILL's bulk answers: `{ departments: […] }`. */
  readonly wrap: string;
  readonly createBody: TObject;
  readonly updateBody: TObject;
  readonly wire: TObject;
  /** List fields besides BASE_FIELDS, their filters and sorts. */
  readonly fields: Readonly<Record<string, FieldType>>;
  readonly filters: ResourceDeclaration["filters"];
  readonly sorts: readonly string[];
  /** Other fields naming records (an item's chart of accounts). */
  readonly references?: Readonly<Record<string, string>>;
  /** Rules across this kind's own fields. */
  readonly check?: (data: Record<string, unknown>) => ErrorItem[];
  /** The kind's own wire fields of stored fields (id, archived and times are added). */
  readonly view: (data: Record<string, unknown>) => Record<string, unknown>;
}

/** (ours) Classifications are the organization's accounting setup: administrators and accountants write them. */
export const CLASSIFICATION_WRITERS = ["ADMINISTRATOR", "ACCOUNTANT"] as const;

export function defineClassification(spec: ClassificationSpec): ResourceDeclaration {
  const { check } = spec;
  return defineResource({
    name: spec.name,
    label: spec.label,
    idPrefix: spec.idPrefix,
    createBody: spec.createBody,
    updateBody: spec.updateBody,
    wire: spec.wire,
    fields: { ...BASE_FIELDS, ...spec.fields },
    filters: { ...BASE_FILTERS, ...spec.filters },
    sorts: [...BASE_SORTS, ...spec.sorts],
    defaultSort: [{ field: "createdTime", desc: false }],
    bulk: { max: 50, wrap: spec.wrap, update: true, archive: true },
    writers: CLASSIFICATION_WRITERS,
    references: { parentId: spec.name, ...spec.references },
    reads: [spec.name],
    build: (body) => ({ ...body }),
    check: (data, context) => [...(check?.(data) ?? []), ...parentProblems(spec.name, data, context)],
    view: (record: ResourceRecord) => ({
      id: record.id,
      archived: record.archived,
      ...spec.view(record.data),
      createdTime: formatTimestamp(record.createdAt),
      updatedTime: formatTimestamp(record.updatedAt),
    }),
  });
}

// The four named classifications: name, shortName, description, parentId [PM].

const namedFields = (prefix: string) => ({
  shortName: text(0, 40),
  description: text(0, 4000),
  parentId: idOf(prefix),
});

export const namedCreateBody = (prefix: string) =>
  Type.Object({ name: text(1, 100), ...partial(namedFields(prefix)).properties });

export const namedUpdateBody = (prefix: string) => partial({ name: text(1, 100), ...namedFields(prefix) });

const Str = Type.String();
const opt = Type.Optional;

export const NamedClassificationSchema = Type.Object({
  id: Str,
  archived: Type.Boolean(),
  name: Str,
  shortName: opt(Str),
  description: opt(Str),
  parentId: opt(Str),
  createdTime: Str,
  updatedTime: Str,
});

export type NamedClassification = Static<typeof NamedClassificationSchema>;

interface NamedData {
  name: string;
  shortName?: string;
  description?: string;
  parentId?: string;
}

export const namedView = (stored: Record<string, unknown>) => {
  const data = stored as unknown as NamedData;
  return {
    name: data.name,
    ...present("shortName", data.shortName),
    ...present("description", data.description),
    ...present("parentId", data.parentId),
  };
};

/** The list fields of the named ones (ours). */
export const NAMED_LIST = {
  fields: { name: "string", shortName: "string", description: "string" },
  filters: { name: { ops: TEXT }, shortName: { ops: TEXT } },
  sorts: ["name", "shortName", "description"],
} as const;

/** An accounting class, department, job or location. */
export function namedClassification(spec: {
  name: string;
  label: string;
  idPrefix: string;
  wrap: string;
}): ResourceDeclaration {
  return defineClassification({
    ...spec,
    createBody: namedCreateBody(spec.idPrefix),
    updateBody: namedUpdateBody(spec.idPrefix),
    wire: NamedClassificationSchema,
    ...NAMED_LIST,
    view: namedView,
  });
}
