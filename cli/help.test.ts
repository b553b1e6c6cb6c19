import { describe, expect, it } from "vitest";
import { runCli, tempDatabase } from "./test-support.ts";

const COMMANDS = [
  [],
  ["serve"],
  ["org"],
  ["org", "create"],
  ["org", "lock"],
  ["org", "unlock"],
  ["org", "list"],
  ["user"],
  ["user", "create"],
  ["user", "archive"],
  ["user", "restore"],
  ["user", "set-password"],
  ["user", "list"],
  ["user", "accept-invitation"],
  ["devkey"],
  ["devkey", "create"],
  ["devkey", "deactivate"],
  ["devkey", "list"],
  ["sync-token"],
  ["sync-token", "create"],
  ["sync-token", "list"],
  ["sync-token", "revoke"],
  ["sessions"],
  ["sessions", "list"],
  ["sessions", "revoke"],
  ["limits"],
  ["seed"],
  ["org", "set-mfa"],
  ["mfa"],
  ["mfa", "devices"],
  ["mfa", "forget"],
  ["mfa", "reset-phone"],
  ["outbox"],
  ["partner"],
  ["partner", "create"],
  ["partner", "list"],
  ["console"],
  ["console", "create"],
  ["console", "list"],
  ["console", "show"],
  ["console", "add-org"],
  ["console", "remove-org"],
  ["console", "add-user"],
  ["console", "remove-user"],
  ["console", "create-token"],
  ["console", "tokens"],
  ["console", "revoke-token"],
  ["clock"],
  ["clock", "show"],
  ["clock", "advance"],
  ["clock", "set"],
  ["oauth-app"],
  ["oauth-app", "create"],
  ["oauth-app", "list"],
  ["oauth-app", "revoke"],
];

/** Leaf commands: every one of them takes --database and --json. */
const LEAVES = COMMANDS.filter(
  (path) =>
    path.length === 2 || (path.length === 1 && ["serve", "seed", "outbox", "limits"].includes(path[0] ?? "")),
);

/** Runs the commands a few at a time: dozens of Node processes at once overwhelm a small CI box. */
async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return results;
}

describe("billet --help", { timeout: 120_000 }, () => {
  it("works for every command, on stdout, with exit code 0", async () => {
    const results = await inBatches(COMMANDS, 4, (path) => runCli([...path, "--help"]));
    results.forEach((result, i) => {
      const path = COMMANDS[i] ?? [];
      expect(result.code, path.join(" ")).toBe(0);
      expect(result.stderr, path.join(" ")).toBe("");
      expect(result.stdout, path.join(" ")).toContain(
        `Usage: billet${path.length ? ` ${path.join(" ")}` : ""}`,
      );
      if (LEAVES.includes(path)) {
        expect(result.stdout, path.join(" ")).toContain("--database <");
        expect(result.stdout, path.join(" ")).toContain("--json");
      }
    });
  });

  it("rejects an unknown command or option with exit code 2 and one message", async () => {
    const [command, option, version] = await Promise.all([
      runCli(["orgs"]),
      runCli(["org", "list", "--database", tempDatabase(), "--colour"]),
      runCli(["--version"]),
    ]);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^error: unknown command 'orgs'/);
    expect(option).toMatchObject({ code: 2, stderr: "error: unknown option '--colour'\n" });
    expect(version).toMatchObject({ code: 0, stdout: "0.1.0\n" });
  });
});
