import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { startTestServer } from "../helpers/helpers.ts";

const TOKEN = "home-page-operator-token-0123456789-abc";

describe("GET /", () => {
  it("answers a small page in sandbox mode: the docs, the console, where the demo credentials are", async () => {
    const t = await startTestServer({ config: { operatorToken: TOKEN } });
    try {
      const before = await fetch(`${t.server.url}/`);
      expect(before.status).toBe(200);
      expect(before.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(before.headers.get("content-security-policy")).toContain("default-src 'self'");
      const page = await before.text();
      expect(page).toContain('<a href="/docs/">API reference</a>');
      expect(page).toContain('<a href="/console">Operator console</a>');
      expect(page).toContain("No demo credentials file here");
      expect(page).not.toContain(TOKEN);

      const demo = join(dirname(t.databasePath), "demo-credentials.json");
      writeFileSync(demo, JSON.stringify({ password: "never-on-the-page" }));
      const after = await (await fetch(`${t.server.url}/`)).text();
      expect(after).toContain(`<code>${demo}</code>`);
      expect(after).not.toContain("never-on-the-page");
      // The links it gives lead somewhere.
      for (const path of ["/docs/", "/console", "/health/ready"])
        expect((await fetch(`${t.server.url}${path}`)).status, path).toBe(200);
    } finally {
      await t.close();
    }
  });

  it("is BILL's 404 in service mode, as on BILL's gateway", async () => {
    const t = await startTestServer({ config: { mode: "service" } });
    try {
      const answer = await fetch(`${t.server.url}/`);
      expect(answer.status).toBe(404);
      expect(await answer.json()).toEqual([
        expect.objectContaining({ code: expect.stringMatching(/^BDC_/) }),
      ]);
    } finally {
      await t.close();
    }
  });
});
