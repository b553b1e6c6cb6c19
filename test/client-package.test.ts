import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginBody, provisionAccount, startTestServer, type TestServer } from "./helpers/helpers.ts";

const root = join(import.meta.dirname, "..");

describe("the client as a package of its own", () => {
  let outDir: string;
  let t: TestServer;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "billet-client-dist-"));
    // The package's own build: ESM JavaScript plus declarations.
    execFileSync(join(root, "node_modules/.bin/tsc"), [
      "-p",
      join(root, "client/tsconfig.build.json"),
      "--outDir",
      outDir,
    ]);
    t = await startTestServer();
  }, 60_000);
  afterAll(async () => {
    rmSync(outDir, { recursive: true, force: true });
    await t.close();
  });

  it("has no runtime dependencies and points its exports at the build", () => {
    const manifest = JSON.parse(readFileSync(join(root, "client/package.json"), "utf8"));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.type).toBe("module");
    expect(manifest.exports["."]).toEqual({
      import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
      require: { types: "./dist/cjs/index.d.ts", default: "./dist/cjs/index.js" },
    });
    expect(existsSync(join(outDir, "index.js"))).toBe(true);
    expect(existsSync(join(outDir, "index.d.ts"))).toBe(true);
  });

  it("runs from its built JavaScript, in plain Node, against a real server", async () => {
    const account = await provisionAccount(t.deps);
    const script = `
      const { BillClient, AuthenticationError } = await import(${JSON.stringify(pathToFileURL(join(outDir, "index.js")).href)});
      const client = new BillClient({ baseUrl: process.argv[1], devKey: process.argv[2] });
      const body = JSON.parse(process.argv[3]);
      const session = await client.sessions.login(body);
      const details = await client.sessions.details();
      await client.sessions.logout();
      let code;
      try { await client.sessions.login({ ...body, password: "wrong" }); } catch (e) { code = e instanceof AuthenticationError && e.code; }
      console.log(JSON.stringify({ userId: session.userId, details: details.userId, code }));
    `;
    const { devKey, ...credentials } = loginBody(account);
    // Asynchronously: the server under test runs in this very process.
    const { stdout: output } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", script, t.baseUrl, devKey, JSON.stringify(credentials)],
      { encoding: "utf8", timeout: 20_000 },
    );
    expect(JSON.parse(output)).toEqual({ userId: account.userId, details: account.userId, code: "BDC_1101" });
  });
});
