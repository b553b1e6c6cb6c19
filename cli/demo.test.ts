import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { shellQuote } from "./commands/demo.ts";
import { BIN, runCli, startServe, tempFolder, testEnv } from "./test-support.ts";

/** Runs a line in sh, as a person pasting it would; resolves with stdout. */
function shell(line: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((done, failed) =>
    execFile("sh", ["-c", line], { timeout: 20_000, env: testEnv(env) }, (error, stdout, stderr) =>
      error ? failed(new Error(`${line}\n${stderr}`)) : done(stdout),
    ),
  );
}

describe("billet demo env", { timeout: 60_000 }, () => {
  it("prints export lines that eval into a working login, for the store's saved demo account", async () => {
    const database = join(tempFolder(), "billet.db");
    const server = await startServe(["--database", database]);
    try {
      // What the README's quickstart pastes: eval, then curl with the variables it set.
      const out = await shell(
        `eval "$(${process.execPath} ${BIN} demo env --database ${database} --url ${server.url})" && ` +
          `curl -sS -X POST "$BILL_BASE_URL/v3/login" -H 'Content-Type: application/json' ` +
          `-d "{\\"username\\":\\"$BILL_USERNAME\\",\\"password\\":\\"$BILL_PASSWORD\\",\\"organizationId\\":\\"$BILL_ORGANIZATION_ID\\",\\"devKey\\":\\"$BILL_DEV_KEY\\"}" && ` +
          `echo && curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BILLET_OPERATOR_TOKEN" "$BILLET_URL/operator/v1/organizations"`,
        { BILLET_FROM_SOURCE: "" },
      );
      const [login, operatorStatus] = out.split("\n");
      expect(JSON.parse(login ?? "")).toEqual(expect.objectContaining({ sessionId: expect.any(String) }));
      expect(operatorStatus).toBe("200");

      const json = await runCli(["demo", "env", "--database", database, "--json"]);
      expect(json.code).toBe(0);
      const variables = JSON.parse(json.stdout);
      expect(Object.keys(variables)).toEqual([
        "BILLET_URL",
        "BILL_BASE_URL",
        "BILL_ORGANIZATION_ID",
        "BILL_USERNAME",
        "BILL_PASSWORD",
        "BILL_DEV_KEY",
        "BILLET_OPERATOR_TOKEN",
      ]);
      // Without --url: the URL saved on the first start.
      expect(variables.BILLET_URL).toBe(server.url);
      expect(variables.BILL_BASE_URL).toBe(`${server.url}/connect`);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  it("fails with one clear line when nothing was saved, or the store keeps nothing", async () => {
    const empty = await runCli(["demo", "env", "--database", join(tempFolder(), "billet.db")]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("no demo credentials at");
    expect(empty.stderr).not.toContain("    at ");
    expect(empty.stdout).toBe("");

    const memory = await runCli(["demo", "env", "--database", ":memory:"]);
    expect(memory.code).toBe(1);
    expect(memory.stderr).toContain("saved only beside an SQLite file");

    const folder = tempFolder();
    writeFileSync(join(folder, "demo-credentials.json"), "not json");
    const broken = await runCli(["demo", "env", "--database", join(folder, "billet.db")]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("is not the JSON billet serve writes");
  });

  it("quotes every value as one shell word, whatever it holds", async () => {
    const awkward = `it's "$HOME" \`id\` ; rm -rf / \\ end`;
    expect(await shell(`printf '%s' ${shellQuote(awkward)}`)).toBe(awkward);
  });
});
