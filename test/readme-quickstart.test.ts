/**
 * The README's quickstart, run as a reader pastes it: the `sh` blocks between its
 * `<!-- quickstart:start -->` and `<!-- quickstart:end -->` markers, in order, in one bash, in
 * the folder of a server started as `npm start` starts it (`billet serve` on a fresh store in
 * ./.billet). `npx billet` is this checkout's bin. The `# {...}` comments under the commands are
 * what the reader should see; the test checks the answers they describe.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, startServe, tempFolder, testEnv } from "../cli/test-support.ts";

const README = readFileSync(join(import.meta.dirname, "../README.md"), "utf8");

/** The quickstart's shell blocks, in order. */
function quickstartBlocks(): string[] {
  const start = README.indexOf("<!-- quickstart:start -->");
  const end = README.indexOf("<!-- quickstart:end -->");
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return [...README.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
}

describe("the README's quickstart", { timeout: 120_000 }, () => {
  it("runs as written: a session, its logout, then MFA without a phone and a remembered device", async () => {
    const blocks = quickstartBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const folder = tempFolder();
    mkdirSync(join(folder, ".billet"));
    // `npm start` in that folder: the default store, ./.billet/billet.db.
    const server = await startServe(["--database", join(folder, ".billet/billet.db")]);
    try {
      const script = [
        "set -euo pipefail",
        // `npx billet` as the checkout's own bin.
        `npx() { if [ "$1" = billet ]; then shift; node ${JSON.stringify(BIN)} "$@"; else command npx "$@"; fi; }`,
        ...blocks,
      ].join("\n");
      const output = await new Promise<string>((done, failed) =>
        execFile(
          "bash",
          ["-c", script],
          { cwd: folder, timeout: 100_000, env: testEnv({ BILLET_FROM_SOURCE: "" }) },
          (error, stdout, stderr) => (error ? failed(new Error(`${stdout}\n${stderr}`)) : done(stdout)),
        ),
      );
      const answers = output
        .split("\n")
        .filter((line) => line.startsWith("{") || line.startsWith("["))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      // A session with curl: details, logout, then the logged-out session refused.
      expect(answers[0]).toEqual(expect.objectContaining({ mfaStatus: "DISABLED", trusted: false }));
      expect(answers[1]).toEqual({});
      expect(answers[2]).toEqual([expect.objectContaining({ code: "BDC_1109" })]);
      // MFA: setup needed, enrolled, challenged and trusted, then a remembered device trusted at login.
      expect(answers[3]).toEqual(expect.objectContaining({ mfaStatus: "SETUP", trusted: false }));
      expect(answers[4]).toEqual({ status: "SUCCESS" });
      expect(answers[5]).toEqual(expect.objectContaining({ mfaStatus: "COMPLETE", trusted: true }));
      expect(answers[6]).toEqual(expect.objectContaining({ sessionId: expect.any(String), trusted: true }));
      expect(answers).toHaveLength(7);
      // The outbox line the reader is shown.
      expect(output).toMatch(/Your 2-Step Verification setup code is \d{6}\./);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });
});
