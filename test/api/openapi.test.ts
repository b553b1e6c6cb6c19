import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/helpers.ts";

describe("the OpenAPI document", () => {
  let t: TestServer;
  let document: {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        { responses: Record<string, unknown>; requestBody?: { content: Record<string, unknown> } }
      >
    >;
  };

  beforeAll(async () => {
    t = await startTestServer();
    const res = await t.client("x").rawRequest({ method: "GET", path: "/openapi.json" });
    expect(res.status).toBe(200);
    document = res.body as typeof document;
  });
  afterAll(() => t.close());

  it("is a valid OpenAPI 3.1 document", async () => {
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, JSON.stringify(result)).toBe(true);
  });

  it("covers every /connect/v3 and /api/v2 route the server answers, and nothing else", () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => method !== "servers")
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    // Fastify writes path parameters `:name`, OpenAPI `{name}`; /connect is the server's URL.
    const served = t.server.app.registeredRoutes
      .filter(
        (route) =>
          route.includes(" /connect/v3/") || route.includes(" /api/v2/") || route === "POST /authx/token",
      )
      .map((route) => route.replace(/:(\w+)/g, "{$1}").replace(" /connect/v3/", " /v3/"));
    expect(served.length).toBeGreaterThanOrEqual(3);
    expect([...documented].sort()).toEqual([...served].sort());
  });

  it("documents each route's error answers with their BDC codes", () => {
    const login = document.paths["/v3/login"]?.post;
    expect(Object.keys(login?.responses ?? {}).sort()).toEqual([
      "200",
      "400",
      "401",
      "403",
      "405",
      "413",
      "415",
      "422",
      "4XX",
      "500",
    ]);
    expect(JSON.stringify(login?.responses["401"])).toContain("BDC_1101");
  });

  it("documents BILL's shapes for errors and the MFA answers (docs/bill-v3-auth-corrections.md)", () => {
    const schemaOf = (path: string, method: string, status: string) =>
      JSON.stringify(
        (document.paths[path]?.[method]?.responses[status] as { content?: Record<string, unknown> })?.content,
      );
    const error = JSON.parse(schemaOf("/v3/mfa/challenge", "post", "4XX")) as {
      "application/json": {
        schema: { items: { required: string[]; properties: { params: { type: string; items: unknown } } } };
      };
    };
    const entry = error["application/json"].schema.items;
    expect(entry.required).not.toContain("params");
    expect(entry.properties.params).toEqual(
      expect.objectContaining({
        type: "array",
        items: expect.objectContaining({ required: ["name", "value"] }),
      }),
    );
    expect(schemaOf("/v3/mfa/setup/validate", "post", "200")).toContain('"SUCCESS"');
    const phones = schemaOf("/v3/mfa/phones", "get", "200");
    for (const word of ["last4digits", '"MOBILE"', '"WORK"', "primary"]) expect(phones).toContain(word);
  });

  it("documents the login's two bodies (password or consoleApiToken) and the login organizations", () => {
    const body = JSON.stringify(document.paths["/v3/login"]?.post?.requestBody);
    expect(body).toContain('"anyOf"');
    expect(body).toContain('"password"');
    expect(body).toContain('"consoleApiToken"');
    const organizations = document.paths["/v3/login/organizations"]?.get;
    expect(Object.keys(organizations?.responses ?? {})).toEqual(
      expect.arrayContaining(["200", "400", "401"]),
    );
    expect(JSON.stringify(organizations?.responses["200"])).toContain("consoleOrganization");
  });

  it("documents BILL's v2 calls with form-encoded request bodies", () => {
    const v2 = Object.entries(document.paths).filter(([path]) => path.startsWith("/api/v2/")) as [
      string,
      { post?: { requestBody?: { content: Record<string, unknown> } } },
    ][];
    expect(v2.map(([path]) => path).sort()).toEqual([
      "/api/v2/Crud/{operation}/{entity}.json",
      "/api/v2/GetSessionInfo.json",
      "/api/v2/List/{entity}.json",
      "/api/v2/Login.json",
      "/api/v2/Logout.json",
      "/api/v2/PayBills.json",
    ]);
    for (const [path, operations] of v2) {
      expect(Object.keys(operations.post?.requestBody?.content ?? {}), path).toEqual([
        "application/x-www-form-urlencoded",
      ]);
    }
  });

  it("documents BILL's token endpoint (form-encoded) and the Bearer security scheme", () => {
    const token = document.paths["/authx/token"]?.post;
    expect(Object.keys(token?.requestBody?.content ?? {})).toEqual(["application/x-www-form-urlencoded"]);
    expect(Object.keys(token?.responses ?? {}).sort()).toEqual(["200", "400", "401", "429"]);
    const schemes = (document as unknown as { components: { securitySchemes: Record<string, unknown> } })
      .components.securitySchemes;
    expect(schemes.bearer).toEqual(expect.objectContaining({ type: "http", scheme: "bearer" }));
    expect(schemes.oauth2).toEqual(
      expect.objectContaining({
        flows: { clientCredentials: expect.objectContaining({ tokenUrl: "/authx/token" }) },
      }),
    );
  });

  it("serves a readable page at /docs", async () => {
    const res = await fetch(`${t.server.url}/docs/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("swagger-ui");
  });
});
