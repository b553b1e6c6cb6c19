import { describe, expect, it } from "vitest";
import { cliFor, json, tempDatabase } from "./test-support.ts";

const USER_ID = /^00601[0-9A-Za-z]{15}$/;

async function withOrg() {
  const cli = cliFor(tempDatabase());
  const org = (await cli("org", "create", "--name", "Acme")).stdout.trim();
  return { cli, org };
}

describe("billet user", { timeout: 60_000 }, () => {
  it("creates a user and prints only the id; --json gives the shape", async () => {
    const { cli, org } = await withOrg();
    const [human, machine] = await Promise.all([
      cli(
        "user",
        "create",
        "--org",
        org,
        "--email",
        "Ann@Example.com",
        "--password",
        "pw-1-long",
        "--role",
        "clerk",
      ),
      cli(
        "user",
        "create",
        "--org",
        org,
        "--email",
        "bob@example.com",
        "--password",
        "pw-2-long",
        "--first-name",
        "Bob",
        "--last-name",
        "B",
        "--json",
      ),
    ]);
    expect(human).toMatchObject({ code: 0, stderr: "" });
    expect(human.stdout.trim()).toMatch(USER_ID);
    expect(JSON.parse(machine.stdout)).toEqual({
      id: expect.stringMatching(USER_ID),
      email: "bob@example.com",
      organizationId: org,
      role: "ADMINISTRATOR",
      created: true,
    });
    const members = await json<{ email: string; role: string; archived: boolean }[]>(
      cli("user", "list", "--org", org, "--json"),
    );
    expect(members.map((m) => [m.email, m.role, m.archived]).sort()).toEqual([
      ["ann@example.com", "CLERK", false],
      ["bob@example.com", "ADMINISTRATOR", false],
    ]);
  });

  it("adds an existing email to another organization and says its password is kept", async () => {
    const { cli, org } = await withOrg();
    const other = (await cli("org", "create", "--name", "Other")).stdout.trim();
    const first = await cli("user", "create", "--org", org, "--email", "a@b.co", "--password", "one-long");
    const again = await cli("user", "create", "--org", other, "--email", "A@B.CO", "--password", "two-long");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toMatch(/already existed; added to .* with its existing password/);
    const dup = await cli(
      "user",
      "create",
      "--org",
      other,
      "--email",
      "a@b.co",
      "--password",
      "x-long-pw",
      "--json",
    );
    expect(dup).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `billet: a@b.co is already a member of ${other}\n`,
    });
  });

  it("archives, restores and sets a password", async () => {
    const { cli, org } = await withOrg();
    const id = (
      await cli("user", "create", "--org", org, "--email", "carol@d.co", "--password", "p-long-pw")
    ).stdout.trim();
    expect(await json(cli("user", "archive", id, "--org", org, "--json"))).toEqual({
      userId: id,
      organizationId: org,
      archived: true,
      sessionsEnded: 0,
    });
    const restored = await cli("user", "restore", id, "--org", org);
    expect(restored).toMatchObject({ code: 0, stdout: `Restored user ${id} in ${org}.\n` });
    expect(await json(cli("user", "set-password", id, "--password", "new-long-pw", "--json"))).toEqual({
      userId: id,
      passwordSet: true,
    });
    // Every way of setting a password keeps the rules, and says which one it broke.
    const [short, sameAsEmail] = await Promise.all([
      cli("user", "set-password", id, "--password", "short"),
      cli("user", "set-password", id, "--password", "CAROL@D.CO"),
    ]);
    expect(short).toMatchObject({
      code: 1,
      stderr: "billet: Invalid value for parameter: password. A password has 8 to 1024 characters.\n",
    });
    expect(sameAsEmail).toMatchObject({
      code: 1,
      stderr:
        "billet: Invalid value for parameter: password. A password must not be the email address or username.\n",
    });
  });

  it("changes a login e-mail: confirmed by the new address, or forced", async () => {
    const { cli, org } = await withOrg();
    const id = (
      await cli("user", "create", "--org", org, "--email", "e@f.co", "--password", "e-long-pw")
    ).stdout.trim();
    const asked = await json<{ confirmationSent: boolean; changed: boolean }>(
      cli("user", "set-email", id, "--email", "New@F.co", "--json"),
    );
    expect(asked).toEqual({ userId: id, changed: false, confirmationSent: true });
    const outbox = await json<{ recipient: string; purpose: string; text: string }[]>(
      cli("outbox", "--to", "new@f.co", "--json"),
    );
    const token = /valid for 24 hours: (\S+)/.exec(
      outbox.find((m) => m.purpose === "email-change")?.text ?? "",
    )?.[1];
    expect(token).toEqual(expect.any(String));
    const wrong = await cli(
      "user",
      "confirm-email",
      "--token",
      token ?? "",
      "--password",
      "not-the-password",
    );
    expect(wrong).toMatchObject({
      code: 1,
      stderr: "billet: User name and/or password do not match our records.\n",
    });
    const confirmed = await cli("user", "confirm-email", "--token", token ?? "", "--password", "e-long-pw");
    expect(confirmed).toMatchObject({ code: 0, stdout: `Login of ${id} is now new@f.co.\n` });
    const again = await cli("user", "confirm-email", "--token", token ?? "", "--password", "e-long-pw");
    expect(again.stderr).toBe(
      "billet: the confirmation token is unknown, expired or already used, or its address is taken\n",
    );
    expect(again.stderr).not.toContain(token);
    const forced = await cli("user", "set-email", id, "--email", "forced@f.co", "--force");
    expect(forced).toMatchObject({ code: 0, stdout: `Login of ${id} is now forced@f.co.\n` });
    const members = await json<{ email: string }[]>(cli("user", "list", "--org", org, "--json"));
    expect(members.map((m) => m.email)).toEqual(["forced@f.co"]);
  });

  it("fails clearly: unknown org, bad role, bad email, missing flags, unknown user", async () => {
    const { cli, org } = await withOrg();
    const [unknownOrg, badRole, badEmail, noPassword, noOrg, notMember, noUser] = await Promise.all([
      cli("user", "create", "--org", "00801AAAAAAAAAAAAAAA", "--email", "a@b.co", "--password", "p"),
      cli("user", "create", "--org", org, "--email", "a@b.co", "--password", "p", "--role", "BOSS"),
      cli("user", "create", "--org", org, "--email", "not-an-email", "--password", "p"),
      cli("user", "create", "--org", org, "--email", "a@b.co"),
      cli("user", "archive", "00601AAAAAAAAAAAAAAA"),
      cli("user", "archive", "00601AAAAAAAAAAAAAAA", "--org", org),
      cli("user", "set-password", "00601AAAAAAAAAAAAAAA", "--password", "x"),
    ]);
    expect(unknownOrg).toMatchObject({
      code: 1,
      stderr: "billet: unknown organization: 00801AAAAAAAAAAAAAAA\n",
    });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toBe(
      "error: option '--role <role>' argument 'BOSS' is invalid. " +
        "Allowed roles: ADMINISTRATOR, ACCOUNTANT, APPROVER, PAYER, CLERK, AUDITOR.\n",
    );
    expect(badEmail).toMatchObject({ code: 1, stderr: "billet: not a valid email address: not-an-email\n" });
    expect(noPassword).toMatchObject({
      code: 2,
      stderr: "error: required option '--password <password>' not specified\n",
    });
    expect(noOrg).toMatchObject({
      code: 2,
      stderr: "error: required option '--org <organizationId>' not specified\n",
    });
    expect(notMember).toMatchObject({
      code: 1,
      stderr: `billet: user 00601AAAAAAAAAAAAAAA is not a member of organization ${org}\n`,
    });
    expect(noUser).toMatchObject({ code: 1, stderr: "billet: unknown user: 00601AAAAAAAAAAAAAAA\n" });
    for (const result of [unknownOrg, badRole, badEmail, noPassword, noOrg, notMember, noUser]) {
      expect(result.stdout).toBe("");
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    // Nothing was created by the failed commands.
    expect(await json(cli("user", "list", "--org", org, "--json"))).toEqual([]);
  });
});
