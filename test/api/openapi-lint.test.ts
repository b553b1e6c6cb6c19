/**
 * Both OpenAPI documents (docs/openapi.md), fetched from a server started in-process: Redocly's
 * recommended rules find no error in either; every operation has a unique camelCase
 * operationId, a summary, a declared tag and its security; the servers make every path reach
 * the server (here, and at BILL's base URL: `/connect/v3/…`, never `/connect/connect/…`); no
 * `${placeholder}` is left; and /docs offers both documents.
 */
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/helpers.ts";

const TOKEN = "openapi-operator-token-0123456789";
const METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];

interface Server {
  url: string;
}
interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses: Record<string, { description?: string }>;
}
type PathItem = Record<string, unknown> & { servers?: Server[] };
interface Document {
  openapi: string;
  servers: Server[];
  security?: Record<string, string[]>[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, PathItem>;
  components: { securitySchemes: Record<string, Record<string, unknown>> };
}

const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map((method) => ({
      path,
      method,
      item,
      operation: item[method] as Operation,
    })),
  );

/** A server URL and a path joined as a generated client joins them. */
const join = (server: string, path: string) => `${server.replace(/\/$/, "")}${path}`;

describe("the OpenAPI documents", () => {
  let t: TestServer;
  let bill: Document;
  let operator: Document;
  let billText: string;
  let operatorText: string;

  beforeAll(async () => {
    t = await startTestServer({ config: { operatorToken: TOKEN } });
    const fetchText = async (path: string) => {
      const res = await fetch(`${t.server.url}${path}`);
      expect(res.status, path).toBe(200);
      return res.text();
    };
    billText = await fetchText("/connect/openapi.json");
    operatorText = await fetchText("/docs/operator.json");
    bill = JSON.parse(billText) as Document;
    operator = JSON.parse(operatorText) as Document;
  });
  afterAll(() => t.close());

  it("pass Redocly's recommended rules with no error (the warnings left: v2's errors are HTTP 200)", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    for (const [name, source] of [
      ["bill.json", billText],
      ["operator.json", operatorText],
    ] as const) {
      const problems = await lintFromString({ source, absoluteRef: `/${name}`, config });
      const shown = problems.map(
        (p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ""}: ${p.message}`,
      );
      expect(
        shown.filter((line) => line.startsWith("error")),
        name,
      ).toEqual([]);
      // The one kind of warning left, and only where it is true: v2 answers its errors with 200.
      expect(
        shown.filter((line) => !/^warn operation-4xx-response #\/paths\/~1api~1v2~1/.test(line)),
        name,
      ).toEqual([]);
    }
  });

  it("name every operation: a unique camelCase operationId, a summary, tags the document declares", () => {
    for (const document of [bill, operator]) {
      const declared = new Set((document.tags ?? []).map((tag) => tag.name));
      for (const tag of document.tags ?? []) expect(tag.description, tag.name).toBeTruthy();
      const ids = operationsOf(document).map(({ path, method, operation }) => {
        const where = `${method} ${path}`;
        expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(operation.summary, where).toBeTruthy();
        expect(operation.tags?.length, where).toBe(1);
        for (const tag of operation.tags ?? []) expect(declared.has(tag), `${where}: ${tag}`).toBe(true);
        return operation.operationId;
      });
      expect(new Set(ids).size).toBe(ids.length);
    }
    const idOf = (path: string, method: string) =>
      (bill.paths[path]?.[method] as Operation | undefined)?.operationId;
    expect(idOf("/v3/login", "post")).toBe("login");
    expect(idOf("/v3/login/session", "get")).toBe("getSessionDetails");
    expect(idOf("/v3/vendors/{id}/archive", "post")).toBe("archiveVendor");
    expect(idOf("/v3/classifications/items", "get")).toBe("listItems");
    const tagOf = (path: string, method: string) =>
      (bill.paths[path]?.[method] as Operation | undefined)?.tags?.[0];
    expect(tagOf("/v3/logout", "post")).toBe("Sessions");
    expect(tagOf("/v3/mfa/challenge", "post")).toBe("MFA");
    expect(tagOf("/v3/bills", "get")).toBe("Bills");
    expect(tagOf("/api/v2/Login.json", "post")).toBe("v2");
    expect(tagOf("/authx/token", "post")).toBe("OAuth");
  });

  it("say which credentials each operation needs, as the routes declare them to the pipeline", () => {
    const schemes = bill.components.securitySchemes;
    expect(schemes.devKey).toEqual(expect.objectContaining({ type: "apiKey", in: "header", name: "devKey" }));
    expect(schemes.sessionId).toEqual(
      expect.objectContaining({ type: "apiKey", in: "header", name: "sessionId" }),
    );
    expect(schemes.appKey).toEqual(expect.objectContaining({ type: "apiKey", in: "header", name: "appKey" }));
    expect(schemes.bearer).toEqual(expect.objectContaining({ type: "http", scheme: "bearer" }));
    for (const { path, method, operation } of operationsOf(bill)) {
      expect(Array.isArray(operation.security), `${method} ${path}`).toBe(true);
    }
    const security = (path: string, method: string) =>
      (bill.paths[path]?.[method] as Operation | undefined)?.security;
    // The login's devKey is in its body; a v2 call's credentials are form fields.
    expect(security("/v3/login", "post")).toEqual([]);
    expect(security("/api/v2/GetSessionInfo.json", "post")).toEqual([]);
    expect(security("/v3/login/session", "get")).toEqual(
      expect.arrayContaining([{ devKey: [], sessionId: [] }, { bearer: [] }]),
    );
    expect(security("/v3/logout", "post")).toEqual(
      expect.arrayContaining([
        { devKey: [], sessionId: [] },
        { appKey: [], sessionId: [] },
      ]),
    );
    expect(security("/v3/partner/organizations", "get")).toEqual([{ appKey: [], sessionId: [] }]);
    // No OAuth token manages OAuth apps or changes MFA (http/oauth-scope.ts).
    expect(security("/v3/oauth/apps", "get")).toEqual([{ devKey: [], sessionId: [] }]);
    expect(security("/v3/mfa/setup", "post")).toEqual([{ devKey: [], sessionId: [] }]);
    // The headers are the security schemes', not parameters as well.
    const details = bill.paths["/v3/login/session"]?.get as { parameters?: unknown[] } | undefined;
    const parameters = details?.parameters ?? [];
    expect(parameters).toEqual([]);

    expect(operator.security).toEqual([{ operatorToken: [] }]);
    expect(operator.components.securitySchemes.operatorToken).toEqual(
      expect.objectContaining({ type: "http", scheme: "bearer" }),
    );
  });

  it("serve BILL's paths relative to servers ending in /connect; the others have servers of their own", () => {
    expect(bill.servers.map((server) => server.url)).toEqual([
      "/connect",
      "https://gateway.stage.bill.com/connect",
    ]);
    for (const [path, item] of Object.entries(bill.paths)) {
      expect(path).not.toMatch(/^\/connect\//);
      if (path.startsWith("/v3/")) {
        expect(item.servers, path).toBeUndefined();
        // A client pointed at BILL's base URL.
        for (const server of bill.servers) {
          const url = new URL(join(server.url, path), "https://gateway.stage.bill.com");
          expect(url.pathname, path).toMatch(/^\/connect\/v3\//);
        }
      } else {
        expect(path, path).toMatch(/^\/api\/v2\/|^\/authx\/token$/);
        expect(item.servers?.[0]?.url, path).toBe("/");
        for (const server of item.servers ?? []) {
          const url = new URL(join(server.url, path), "https://example.test");
          expect(url.pathname, path).toBe(path.replace(/\{[^}]+\}/g, (name) => encodeURIComponent(name)));
        }
      }
    }
    expect(operator.servers.map((server) => server.url)).toEqual(["/operator/v1"]);
    for (const path of Object.keys(operator.paths)) {
      expect(path).not.toMatch(/^\/operator\//);
    }
    expect(operator.paths["/metrics"]?.servers?.[0]?.url).toBe("/");
  });

  it("document every operator route, relative to /operator/v1", () => {
    const documented = operationsOf(operator)
      .filter(({ path }) => path !== "/metrics")
      .map(({ path, method }) => `${method.toUpperCase()} ${path}`)
      .sort();
    const served = t.server.app.registeredRoutes
      .filter((route) => route.includes(" /operator/v1/"))
      .map((route) =>
        route
          .replace(" /operator/v1/", " /")
          .replace(/\/\*$/, "/{resource}")
          .replace(/:(\w+)/g, "{$1}"),
      )
      .sort();
    expect(served.length).toBeGreaterThan(40);
    expect(documented).toEqual(served);
  });

  it("reach the server the way Try it out does: the servers resolved against the document's URL", async () => {
    const documentUrl = `${t.server.url}/connect/openapi.json`;
    const health = new URL(join(bill.servers[0]?.url ?? "", "/v3/health"), documentUrl);
    expect((await fetch(health)).status).toBe(200);
    const v2Server = bill.paths["/api/v2/Login.json"]?.servers?.[0]?.url ?? "";
    const v2 = await fetch(new URL(join(v2Server, "/api/v2/Login.json"), documentUrl), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(v2.status).toBe(200);
    expect(await v2.json()).toEqual(expect.objectContaining({ response_status: 1 }));
    const operatorUrl = `${t.server.url}/docs/operator.json`;
    const clock = new URL(join(operator.servers[0]?.url ?? "", "/clock"), operatorUrl);
    const res = await fetch(clock, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
  });

  it("leave no `${placeholder}` anywhere: BILL's messages name what they stand for", () => {
    expect(billText).not.toContain("${");
    expect(operatorText).not.toContain("${");
    const login = bill.paths["/v3/login"]?.post as Operation;
    expect(login.responses["400"]?.description).toContain(
      "`BDC_1108` Missing parameter value for parameter: `<parameter>`.",
    );
    expect(login.responses["401"]?.description).toContain("No active user for: `<username>`");
  });

  it("are both offered by /docs, the BILL API first", async () => {
    const res = await fetch(`${t.server.url}/docs/static/swagger-initializer.js`);
    const script = await res.text();
    const bills = script.indexOf('"/connect/openapi.json"');
    const operators = script.indexOf('"/docs/operator.json"');
    expect(bills).toBeGreaterThan(-1);
    expect(operators).toBeGreaterThan(bills);
    // /docs/json (swagger-ui's own) is the same document.
    expect(await (await fetch(`${t.server.url}/docs/json`)).json()).toEqual(bill);
  });
});

describe("the operator document on a listener without the operator API", () => {
  it("is empty, and says why (the operator API has a listener of its own)", async () => {
    const t = await startTestServer({ config: { operatorToken: TOKEN, operatorPort: 0 } });
    try {
      const res = await fetch(`${t.server.url}/docs/operator.json`);
      expect(res.status).toBe(200);
      const source = await res.text();
      const document = JSON.parse(source) as Document & { info: { description: string } };
      expect(document.paths).toEqual({});
      expect(document.info.description).toContain("does not serve the operator API");
      const config = await createConfig({ extends: ["recommended"] });
      const problems = await lintFromString({ source, absoluteRef: "/operator.json", config });
      expect(problems.filter((problem) => problem.severity === "error")).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
