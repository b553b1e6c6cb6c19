import { describe, expect, it } from "vitest";
import { cliFor, json, runCli, tempDatabase } from "./test-support.ts";

const ORG_ID = /^00801[0-9A-Za-z]{15}$/;

describe("billet org", { timeout: 60_000 }, () => {
  it("creates an organization and prints only its id", async () => {
    const cli = cliFor(tempDatabase());
    const created = await cli("org", "create", "--name", "Acme");
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout.trim()).toMatch(ORG_ID);

    const listed = await cli("org", "list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(created.stdout.trim());
    expect(listed.stdout).toMatch(/ID\s+NAME\s+LOCKED\s+MFA\s+CREATED/);
    expect(listed.stdout).toMatch(/Acme\s+no\s+optional\s/);
  });

  it("prints JSON with --json, and the list shape", async () => {
    const cli = cliFor(tempDatabase());
    const org = await json<Record<string, unknown>>(cli("org", "create", "--name", "Beta", "--json"));
    expect(org).toEqual({
      id: expect.stringMatching(ORG_ID),
      name: "Beta",
      locked: false,
      mfaRequired: false,
      createdTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/),
      updatedTime: expect.any(String),
    });
    const list = await json<unknown[]>(cli("org", "list", "--json"));
    expect(list).toEqual([org]);
  });

  it("locks and unlocks, reporting the sessions ended", async () => {
    const cli = cliFor(tempDatabase());
    const id = (await cli("org", "create", "--name", "Gamma")).stdout.trim();
    expect(await json(cli("org", "lock", id, "--json"))).toEqual({ id, locked: true, sessionsEnded: 0 });
    expect((await json<{ locked: boolean }[]>(cli("org", "list", "--json")))[0]?.locked).toBe(true);
    const unlocked = await cli("org", "unlock", id);
    expect(unlocked).toMatchObject({ code: 0, stdout: `Unlocked organization ${id}.\n` });
    expect(await json(cli("org", "unlock", id, "--json"))).toEqual({ id, locked: false, sessionsEnded: 0 });
  });

  it("says so when the store is empty", async () => {
    const cli = cliFor(tempDatabase());
    const [human, machine] = await Promise.all([cli("org", "list"), cli("org", "list", "--json")]);
    expect(human.stdout).toBe("No organizations.\n");
    expect(JSON.parse(machine.stdout)).toEqual([]);
  });

  it("fails with one clear line for an unknown organization", async () => {
    const cli = cliFor(tempDatabase());
    const results = await Promise.all([
      cli("org", "lock", "00801AAAAAAAAAAAAAAA"),
      cli("org", "unlock", "nope", "--json"),
    ]);
    expect(results[0]).toEqual({
      code: 1,
      stdout: "",
      stderr: "billet: unknown organization: 00801AAAAAAAAAAAAAAA\n",
    });
    expect(results[1]).toMatchObject({ code: 1, stdout: "", stderr: "billet: unknown organization: nope\n" });
  });

  it("rejects a missing or bad --name without a stack trace", async () => {
    const database = tempDatabase();
    const [missing, empty] = await Promise.all([
      runCli(["org", "create", "--database", database]),
      runCli(["org", "create", "--name", " ", "--database", database]),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("error: required option '--name <name>' not specified\n");
    expect(empty).toMatchObject({ code: 1, stderr: "billet: Invalid value for parameter: name.\n" });
  });

  it("uses DATABASE_URL when --database is absent", async () => {
    const database = tempDatabase();
    const id = (
      await runCli(["org", "create", "--name", "FromEnv"], { DATABASE_URL: database })
    ).stdout.trim();
    const list = await json<{ id: string }[]>(cliFor(database)("org", "list", "--json"));
    expect(list.map((o) => o.id)).toEqual([id]);
  });
});

describe("billet org: MFA", { timeout: 60_000 }, () => {
  it("creates an organization that requires MFA, and switches the setting", async () => {
    const cli = cliFor(tempDatabase());
    const org = await json<{ id: string; mfaRequired: boolean }>(
      cli("org", "create", "--name", "Strict", "--mfa-required", "--json"),
    );
    expect(org.mfaRequired).toBe(true);
    const [optional, bad, unknown] = await Promise.all([
      cli("org", "set-mfa", org.id, "optional"),
      cli("org", "set-mfa", org.id, "sometimes"),
      cli("org", "set-mfa", "00801AAAAAAAAAAAAAAA", "required"),
    ]);
    expect(optional).toMatchObject({ code: 0, stdout: `Organization ${org.id} no longer requires MFA.\n` });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Allowed choices are required, optional.");
    expect(unknown).toMatchObject({
      code: 1,
      stderr: "billet: unknown organization: 00801AAAAAAAAAAAAAAA\n",
    });
    expect((await json<{ mfaRequired: boolean }[]>(cli("org", "list", "--json")))[0]?.mfaRequired).toBe(
      false,
    );
    expect(await json(cli("org", "set-mfa", org.id, "required", "--json"))).toEqual({
      id: org.id,
      mfaRequired: true,
    });
    expect((await cli("org", "list")).stdout).toMatch(/Strict\s+no\s+required\s/);
  });
});
