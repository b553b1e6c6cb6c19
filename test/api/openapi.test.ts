import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/helpers.ts";

describe("the OpenAPI document", () => {
  let t: TestServer;
  let document: {
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
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

  it("covers every /connect/v3 route the server answers, and nothing else", () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // Fastify writes path parameters `:name`, OpenAPI `{name}`.
    const served = t.server.app.registeredRoutes
      .filter((route) => route.includes(" /connect/v3/"))
      .map((route) => route.replace(/:(\w+)/g, "{$1}"));
    expect(served.length).toBeGreaterThanOrEqual(3);
    expect([...documented].sort()).toEqual([...served].sort());
  });

  it("documents each route's error answers with their BDC codes", () => {
    const login = document.paths["/connect/v3/login"]?.post;
    expect(Object.keys(login?.responses ?? {}).sort()).toEqual([
      "200",
      "400",
      "401",
      "403",
      "405",
      "413",
      "415",
      "422",
      "500",
    ]);
    expect(JSON.stringify(login?.responses["401"])).toContain("BDC_1101");
  });

  it("serves a readable page at /docs", async () => {
    const res = await fetch(`${t.server.url}/docs/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("swagger-ui");
  });
});
