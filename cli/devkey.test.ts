import { describe, expect, it } from "vitest";
import { cliFor, json, tempDatabase } from "./test-support.ts";

const DEVKEY_ID = /^0dk01[0-9A-Za-z]{15}$/;

interface Created {
  id: string;
  name: string;
  key: string;
  mfaBypass: boolean;
  active: boolean;
}

describe("billet devkey", { timeout: 60_000 }, () => {
  it("creates a key shown once: the key on stdout, then its id", async () => {
    const cli = cliFor(tempDatabase());
    const created = await cli("devkey", "create", "--name", "ci");
    expect(created.code).toBe(0);
    const [key, idLine] = created.stdout.trimEnd().split("\n");
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(idLine).toMatch(/^id: 0dk01[0-9A-Za-z]{15}$/);
    expect(created.stderr).toBe("Store the key now: it is not shown again.\n");

    const listed = await cli("devkey", "list");
    expect(listed.stdout).toMatch(/ID\s+NAME\s+ACTIVE\s+MFA BYPASS\s+CREATED\s+DEACTIVATED/);
    expect(listed.stdout).toContain(idLine?.slice(4));
    expect(listed.stdout).not.toContain(key);
  });

  it("prints JSON with --json; the list never carries a key", async () => {
    const cli = cliFor(tempDatabase());
    const created = await json<Created>(
      cli("devkey", "create", "--name", "bypass", "--mfa-bypass", "--json"),
    );
    expect(created).toEqual({
      id: expect.stringMatching(DEVKEY_ID),
      name: "bypass",
      key: expect.any(String),
      mfaBypass: true,
      active: true,
    });
    const list = await json<Record<string, unknown>[]>(cli("devkey", "list", "--json"));
    expect(list).toEqual([
      {
        id: created.id,
        name: "bypass",
        active: true,
        mfaBypass: true,
        createdTime: expect.any(String),
        deactivatedTime: null,
      },
    ]);
    expect(JSON.stringify(list)).not.toContain(created.key);
  });

  it("deactivates by id or by the key itself", async () => {
    const cli = cliFor(tempDatabase());
    const [a, b] = await Promise.all([
      json<Created>(cli("devkey", "create", "--name", "a", "--json")),
      json<Created>(cli("devkey", "create", "--name", "b", "--json")),
    ]);
    const byId = await cli("devkey", "deactivate", a.id);
    expect(byId).toMatchObject({
      code: 0,
      stdout: `Deactivated developer key ${a.id}; ended 0 session(s).\n`,
    });
    expect(await json(cli("devkey", "deactivate", b.key, "--json"))).toEqual({
      id: b.id,
      active: false,
      sessionsEnded: 0,
    });
    const list = await json<{ active: boolean; deactivatedTime: string | null }[]>(
      cli("devkey", "list", "--json"),
    );
    expect(list.map((k) => k.active)).toEqual([false, false]);
    expect(list.every((k) => typeof k.deactivatedTime === "string")).toBe(true);
  });

  it("fails clearly, never echoing what may be a key", async () => {
    const cli = cliFor(tempDatabase());
    const [unknown, noName, empty] = await Promise.all([
      cli("devkey", "deactivate", "a-secret-looking-value-123"),
      cli("devkey", "create"),
      cli("devkey", "list"),
    ]);
    expect(unknown).toEqual({ code: 1, stdout: "", stderr: "billet: unknown developer key\n" });
    expect(noName).toMatchObject({
      code: 2,
      stderr: "error: required option '--name <name>' not specified\n",
    });
    expect(empty.stdout).toBe("No developer keys.\n");
  });
});
