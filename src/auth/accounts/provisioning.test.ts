import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { openRuntime, type Runtime } from "../../runtime.ts";
import { createOrganization, createUser } from "./provisioning.ts";

let runtime: Runtime | undefined;
afterEach(() => runtime?.close());

describe("createUser", () => {
  it("refuses an email with a control character, which no backend could match at login", async () => {
    const config = loadConfig(
      {},
      {
        databaseUrl: ":memory:",
        logLevel: "silent",
        argon2: { memoryKib: 1024, iterations: 1, parallelism: 1 },
      },
    );
    runtime = await openRuntime(config);
    const deps = runtime.deps;
    const org = await createOrganization(deps, { name: "Acme" });
    if (!org.ok) throw new Error("no organization");
    for (const email of ["a\u0000b@example.com", "a@exa\u0007mple.com", "a@example.com\u007f"]) {
      expect(await createUser(deps, { organizationId: org.value.id, email }), JSON.stringify(email)).toEqual({
        ok: false,
        errors: [{ key: "INVALID_VALUE", params: { paramName0: "email" } }],
      });
    }
    expect((await createUser(deps, { organizationId: org.value.id, email: "ann@example.com" })).ok).toBe(
      true,
    );
  });
});
