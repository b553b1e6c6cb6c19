/**
 * The two OpenAPI documents' builders, for @fastify/swagger's `transform` (one route's schema,
 * for the document only: the server's own schemas are left as they are) and `transformObject`
 * (the whole document, once built). The public one holds BILL's API (`/connect/v3`, served
 * relative to `servers: /connect`), its v2 calls and the token endpoint (each with servers of
 * its own); the operator one the operator API under `/operator/v1`, and `/metrics`.
 */
import type { RouteOptions } from "fastify";
import type { ErrorKey } from "../../errors.ts";
import { oauthScopeRule } from "../oauth-scope.ts";
import { ErrorResponse } from "../schemas/auth.ts";
import { syncTokenRule } from "../sync-token-permissions.ts";
import { type ExampleObject, errorDescription, errorExamples, namePlaceholders } from "./error-docs.ts";
import { REQUEST_EXAMPLES, RESPONSE_EXAMPLES } from "./examples.ts";
import {
  OPERATOR_TAGS,
  type OperationNames,
  operatorOperationNames,
  PUBLIC_TAGS,
  publicOperationNames,
  type TagDefinition,
} from "./naming.ts";
import { publicSecurity, type SecurityRequirement } from "./security.ts";

/** The BDC codes of a documented error status, as errorResponses() (openapi.ts) declares them. */
export const ERROR_KEYS: unique symbol = Symbol("billet.openapi.errorKeys");

type Schema = Record<string | symbol, unknown>;
type ByStatus = Record<string, ErrorKey[]>;

interface TransformInput {
  schema: unknown;
  url: string;
  route: RouteOptions;
}

/** What the document gets beyond the route's schema, once the document is built. */
interface Extras {
  responses: Record<string, Record<string, ExampleObject>>;
  body?: Record<string, ExampleObject>;
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

function addKeys(target: ByStatus, status: number | string, ...keys: ErrorKey[]): void {
  const list = target[status] ?? [];
  for (const key of keys) if (!list.includes(key)) list.push(key);
  target[status] = list;
}

/**
 * The errors the pipeline answers before a BILL route's handler (http/pipeline.ts): its
 * credentials, what the session's sign-in mode may call, the MFA guard, the budget, the body.
 */
function publicPipelineErrors(method: string, url: string, config: RouteOptions["config"]): ByStatus {
  const errors: ByStatus = {};
  const auth = config?.auth;
  const session = auth === "session" || auth === "session-or-partner";
  if (session || auth === "partner") {
    addKeys(errors, 400, "MISSING_PARAMETER");
    addKeys(errors, 401, "SESSION_INVALID");
  }
  if (session) {
    const route = { method, url };
    // A sync-token session, or an OAuth token with the accounting scope, may be refused here.
    const limited = syncTokenRule(route) !== undefined || oauthScopeRule(route, "accounting") !== undefined;
    if (limited || config?.refuseImpersonation) addKeys(errors, 403, "INSUFFICIENT_PERMISSIONS");
    if (config?.mfaProtected) addKeys(errors, 403, config.mfaRefusal ?? "UNTRUSTED_SESSION");
    addKeys(errors, 422, "REQUEST_BUDGET_EXCEEDED", "CONCURRENCY_LIMIT");
  }
  if (BODY_METHODS.has(method)) {
    addKeys(errors, 413, "BODY_TOO_LARGE");
    addKeys(errors, 415, "UNSUPPORTED_CONTENT_TYPE");
  }
  addKeys(errors, 500, "SYSTEM_ERROR");
  return errors;
}

/** The operator API's: the token and its throttle, the body, a path's id, sandbox mode. */
function operatorPipelineErrors(method: string, url: string): ByStatus {
  const errors: ByStatus = {};
  addKeys(errors, 401, "OPERATOR_UNAUTHORIZED", "LOGIN_LOCKED");
  if (/\/:\w+/.test(url)) addKeys(errors, 404, "NOT_FOUND");
  if (/^\/operator\/v1\/(clock|faults)\b/.test(url)) addKeys(errors, 403, "SANDBOX_ONLY");
  if (BODY_METHODS.has(method)) {
    addKeys(errors, 413, "BODY_TOO_LARGE");
    addKeys(errors, 415, "UNSUPPORTED_CONTENT_TYPE");
  }
  addKeys(errors, 500, "SYSTEM_ERROR");
  return errors;
}

const OTHER_ERRORS = "Any other refusal: BILL's error array, each entry's `code` and `message` say why.";

/**
 * A route's documented responses: its own, each error status with the codes the route declares
 * and the pipeline's, every code with its message and an example of the server's answer.
 */
function documentResponses(
  response: Record<string, unknown> | undefined,
  pipeline: ByStatus | undefined,
  extras: Extras,
  successExamples: Record<number, Record<string, ExampleObject>> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keyed: ByStatus = {};
  for (const [status, entry] of Object.entries(response ?? {})) {
    const keys = (entry as Schema | undefined)?.[ERROR_KEYS] as ErrorKey[] | undefined;
    if (keys || (entry === ErrorResponse && /^\d+$/.test(status))) {
      keyed[status] = [...(keys ?? [])];
    } else if (entry === ErrorResponse) {
      out[status] = { ...ErrorResponse, "x-response-description": OTHER_ERRORS };
    } else {
      out[status] = entry;
      const examples = successExamples?.[Number(status)];
      if (examples) extras.responses[status] = examples;
    }
  }
  for (const [status, keys] of Object.entries(pipeline ?? {})) addKeys(keyed, status, ...keys);
  for (const [status, keys] of Object.entries(keyed)) {
    if (keys.length === 0) {
      out[status] = { ...ErrorResponse, "x-response-description": OTHER_ERRORS };
      continue;
    }
    out[status] = { ...ErrorResponse, "x-response-description": errorDescription(keys) };
    extras.responses[status] = errorExamples(keys);
  }
  // A catch-all, so that a code not listed is still documented as BILL's array (not for v2,
  // whose errors are HTTP 200, nor for the token endpoint, whose errors are RFC 6749's).
  if (pipeline && !Object.keys(out).some((status) => /^4/.test(status) && !/^\d+$/.test(status))) {
    out["4xx"] = { ...ErrorResponse, "x-response-description": OTHER_ERRORS };
  }
  return out;
}

/** The operation's method: a documented route has one (the 405 stand-ins are hidden). */
const methodOf = (route: RouteOptions) => String([route.method].flat()[0]).toUpperCase();

interface BuilderOptions {
  /** Whether a route (by its Fastify URL) belongs in this document. */
  includes(url: string): boolean;
  names(method: string, url: string): OperationNames;
  security(route: RouteOptions, method: string): SecurityRequirement[] | undefined;
  errors(method: string, url: string, route: RouteOptions): ByStatus | undefined;
  tags: readonly TagDefinition[];
  /** Path-level servers of the paths not under the document's base URL. */
  pathServers(path: string): { url: string; description: string }[] | undefined;
  /** A route's schema and URL as this document shows them (before its names are given). */
  adjust?(url: string, schema: Schema): { url: string; schema: Schema };
  /** The document's own last changes. */
  finish?(document: OpenApiDocument): void;
}

export interface OpenApiDocument {
  info: Record<string, unknown>;
  tags?: TagDefinition[];
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

interface OperationObject {
  operationId?: string;
  tags?: string[];
  requestBody?: { content?: Record<string, { examples?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { examples?: unknown }> }>;
}

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Every string of a value, placeholders named (error-docs.ts). */
function nameAllPlaceholders(value: unknown): unknown {
  if (typeof value === "string") return namePlaceholders(value);
  if (Array.isArray(value)) return value.map(nameAllPlaceholders);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[namePlaceholders(key)] = nameAllPlaceholders(inner);
    return out;
  }
  return value;
}

/** A document builder: the `transform` and `transformObject` of one @fastify/swagger registration. */
function documentBuilder(options: BuilderOptions) {
  // What each operation gets once the document is built, by operationId; refilled per build.
  const extras = new Map<string, Extras>();
  const seen = new Map<string, string>();

  const transform = ({ schema, url, route }: TransformInput) => {
    const given = (schema ?? {}) as Schema;
    if (!options.includes(url)) return { schema: { ...given, hide: true }, url };
    const adjusted = options.adjust?.(url, given) ?? { url, schema: given };
    const own = adjusted.schema;
    if (own.hide) return { schema: { ...own, hide: true }, url };
    const method = methodOf(route);
    const names = options.names(method, url);
    let operationId = (own.operationId as string | undefined) ?? names.operationId;
    // Never two operations with one id: the second gets its method and path spelt out.
    const where = `${method} ${url}`;
    if (seen.has(operationId) && seen.get(operationId) !== where) {
      operationId = `${method.toLowerCase()}${url
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((word) => word[0]!.toUpperCase() + word.slice(1))
        .join("")}`;
    }
    seen.set(operationId, where);
    const operationExtras: Extras = { responses: {} };
    const response = documentResponses(
      own.response as Record<string, unknown> | undefined,
      options.errors(method, url, route),
      operationExtras,
      RESPONSE_EXAMPLES[where],
    );
    const body = REQUEST_EXAMPLES[where];
    if (body) operationExtras.body = body;
    extras.set(operationId, operationExtras);
    const security = (own.security as SecurityRequirement[] | undefined) ?? options.security(route, method);
    const transformed: Schema = {
      ...own,
      operationId,
      summary: (own.summary as string | undefined) ?? names.summary,
      tags: (own.tags as string[] | undefined) ?? [names.tag],
      response,
    };
    if (security) transformed.security = security;
    return { schema: transformed, url: adjusted.url };
  };

  const transformObject = ({ openapiObject }: { openapiObject: unknown }) => {
    const document = nameAllPlaceholders(openapiObject) as OpenApiDocument;
    const used = new Set<string>();
    for (const [path, item] of Object.entries(document.paths)) {
      const servers = options.pathServers(path);
      if (servers) item.servers = servers;
      for (const [method, value] of Object.entries(item)) {
        if (!METHODS.has(method)) continue;
        const operation = value as OperationObject;
        for (const tag of operation.tags ?? []) used.add(tag);
        const found = operation.operationId === undefined ? undefined : extras.get(operation.operationId);
        for (const [status, answer] of Object.entries(operation.responses ?? {})) {
          if (answer.description === "Default Response") {
            answer.description = /^2/.test(status) ? "Success" : "Error";
          }
          const examples = found?.responses[status];
          const media = answer.content?.["application/json"];
          if (examples && media) media.examples = examples;
        }
        const media = operation.requestBody?.content?.["application/json"];
        if (found?.body && media) media.examples = found.body;
      }
    }
    document.tags = options.tags.filter((tag) => used.has(tag.name));
    options.finish?.(document);
    extras.clear();
    seen.clear();
    return document;
  };

  return { transform, transformObject };
}

/** BILL's v2 base and its auth host (docs/bill-sign-in-modes.md), as path-level servers. */
const V2_SERVERS = [
  { url: "/", description: "This billet (BILL's v2 API is served at /api/v2)" },
  { url: "https://api-stage.bill.com", description: "BILL's sandbox v2 API" },
];
const TOKEN_SERVERS = [
  { url: "/", description: "This billet" },
  { url: "https://auth.stage.bill.com", description: "BILL's sandbox auth host" },
];

/** The public document: BILL's API. */
export function publicDocumentBuilder() {
  return documentBuilder({
    includes: (url) => url.startsWith("/connect/v3/") || url.startsWith("/api/v2/") || url === "/authx/token",
    names: publicOperationNames,
    security: (route, method) => publicSecurity(method, route.url, route.config?.auth),
    errors: (method, url, route) =>
      url.startsWith("/connect/v3/") ? publicPipelineErrors(method, url, route.config) : undefined,
    tags: PUBLIC_TAGS,
    pathServers: (path) =>
      path.startsWith("/api/v2/") ? V2_SERVERS : path === "/authx/token" ? TOKEN_SERVERS : undefined,
  });
}

/** The operator document: the operator API and /metrics. */
export function operatorDocumentBuilder(documentUrl: string) {
  return documentBuilder({
    includes: (url) => (url.startsWith("/operator/v1/") || url === "/metrics") && url !== documentUrl,
    names: operatorOperationNames,
    // The document's one scheme, at its root.
    security: () => undefined,
    errors: (method, url) =>
      url === "/metrics"
        ? { 401: ["OPERATOR_UNAUTHORIZED", "LOGIN_LOCKED"] }
        : operatorPipelineErrors(method, url),
    tags: OPERATOR_TAGS,
    adjust: (url, schema) => {
      // Prometheus's text, behind the same token: hidden from the public document only.
      if (url === "/metrics") return { url, schema: { ...schema, hide: false, response: METRICS_RESPONSE } };
      // A kind may hold a slash, and a record id may follow it: one wildcard, named here.
      if (url.endsWith("/*"))
        return { url: `${url.slice(0, -2)}/:resource`, schema: { ...schema, params: RESOURCE_PARAMS } };
      return { url, schema };
    },
    pathServers: (path) => (path === "/metrics" ? [{ url: "/", description: "This billet" }] : undefined),
    finish: (document) => {
      if (Object.keys(document.paths).length === 0) {
        document.info.description = `${document.info.description ?? ""} This listener does not serve the operator API: it is off (no operator token), or on the operator listener (BILLET_OPERATOR_PORT).`;
      }
    },
  });
}

const METRICS_RESPONSE = {
  200: {
    description: "Prometheus's text exposition format.",
    content: { "text/plain": { schema: { type: "string" } } },
  },
};

const RESOURCE_PARAMS = {
  type: "object",
  required: ["id", "resource"],
  properties: {
    id: { type: "string", description: "The organization (008…)." },
    resource: {
      type: "string",
      description:
        "A resource kind as under /connect/v3 (`vendors`, `classifications/items`), for a page of it, " +
        "or a kind and a record id (`vendors/00901…`), for one record. Its slashes are sent as they are.",
    },
  },
};
