import { describe, expect, it } from "vitest";
import { LazySerializers, serializersOf } from "../../src/http/lazy-serializers.ts";
import { captureLogs, loginBody, provisionAccount, startTestServer } from "../helpers/helpers.ts";

const route = (schema: unknown) => ({ method: "GET", url: "/x", httpStatus: "200", schema });

describe("response serialisers compiled lazily", () => {
  it("compiles one at its first use, with Fastify's compiler: same output, extra fields dropped", () => {
    const serializers = new LazySerializers();
    const compiler = (
      serializers.factory as (
        external: unknown,
        options: unknown,
      ) => (route: unknown) => (data: unknown) => string
    )({}, {});
    const serialize = compiler(route({ type: "object", properties: { id: { type: "string" } } }));
    expect(serializers.size).toBe(1);
    expect(serialize({ id: "a", secret: "never" })).toBe('{"id":"a"}');
    expect(serializers.size).toBe(0);
    expect(serialize({ id: "b" })).toBe('{"id":"b"}');
  });

  it("compilePending compiles every one left, and fails on a schema that does not compile", async () => {
    const serializers = new LazySerializers();
    const compiler = (
      serializers.factory as (
        external: unknown,
        options: unknown,
      ) => (route: unknown) => (data: unknown) => string
    )({}, {});
    for (let i = 0; i < 20; i++)
      compiler(route({ type: "object", properties: { [`f${i}`]: { type: "number" } } }));
    expect(await serializers.compilePending(3)).toBe(20);
    expect(serializers.size).toBe(0);
    compiler(route({ type: "object", properties: { broken: { $ref: "#/definitions/missing" } } }));
    await expect(serializers.compilePending()).rejects.toThrow();
  });

  it("every route's serialisers compile once the server listens, and answers are unchanged", async () => {
    const logs = captureLogs();
    const t = await startTestServer({ logs });
    try {
      const serializers = serializersOf(t.server.app);
      expect(serializers).toBeDefined();
      const account = await provisionAccount(t.deps);
      const { devKey, ...credentials } = loginBody(account);
      const session = await t.client(devKey).sessions.login(credentials);
      expect(session.userId).toBe(account.userId);
      await expect.poll(() => serializers?.size, { timeout: 20_000 }).toBe(0);
      expect(logs.records().filter((line) => line.msg === "a response schema does not compile")).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
