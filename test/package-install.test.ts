/**
 * The two packages as a user gets them: `npm pack` of a copy of this repository (its `prepare`
 * build and `prepack` shrinkwrap included), then `npm install` of both tarballs into an empty
 * project, and everything a user does from there: the bin, `billet serve`, a client login from
 * ES modules and from CommonJS, type-checking against the shipped declarations, and the README's
 * two `billet/testing` examples (examples/), run as they are.
 *
 * One deviation from a user's install, for time: better-sqlite3's native module is copied from
 * this checkout (the same version, built for this very Node) instead of compiled again, about
 * two minutes; everything else comes from the tarballs and the npm cache that `npm ci` filled.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };

/**
 * The environment of a user's shell: this test run's own settings (CI's DATABASE_URL and
 * REDIS_URL, any BILLET_* or PORT) are not the user's, and would configure the server.
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!/^(BILLET_|DATABASE_URL$|REDIS_URL$|PORT$|HOST$|LOG_LEVEL$|CI$)/.test(name)) env[name] = value;
  return { ...env, NO_COLOR: "1", FORCE_COLOR: "0", npm_config_update_notifier: "false", ...extra };
}

/** Runs a command; resolves with its output, rejects with it (and the command) on failure. */
async function sh(command: string, args: readonly string[], cwd: string, timeout = 180_000) {
  try {
    return await run(command, [...args], {
      cwd,
      timeout,
      encoding: "utf8",
      maxBuffer: 32 * 1024 * 1024,
      env: userEnv(),
    });
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message?: string };
    throw new Error(
      `${command} ${args.join(" ")} failed in ${cwd}: ${message}\n${stdout ?? ""}\n${stderr ?? ""}`,
    );
  }
}

/** The files of this checkout that git knows or would add (not node_modules, dist, …). */
async function checkoutFiles(): Promise<string[]> {
  const { stdout } = await sh("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], ROOT);
  return stdout.split("\0").filter((file) => file !== "" && existsSync(join(ROOT, file)));
}

/** The last stage of the Dockerfile: its instructions, continuation lines joined. */
function finalDockerStage(): { instruction: string; args: string }[] {
  const text = readFileSync(join(ROOT, "Dockerfile"), "utf8").replace(/\\\n\s*/g, " ");
  const lines = text.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#"));
  const stages: { instruction: string; args: string }[][] = [];
  for (const line of lines) {
    const match = /^(\w+)\s+(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, instruction = "", args = ""] = match;
    if (instruction === "FROM") stages.push([]);
    stages.at(-1)?.push({ instruction, args });
  }
  expect(stages.length, "a multi-stage build").toBeGreaterThanOrEqual(2);
  return stages.at(-1) ?? [];
}

/** A port nothing listens on, for the Dockerfile's PORT. */
function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe("the packed packages, installed into an empty project", () => {
  let work: string;
  let project: string;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "billet-package-"));
    // A copy, so that packing (which rebuilds dist/) never touches the dist/ other tests run.
    const copy = join(work, "checkout");
    for (const file of await checkoutFiles()) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(ROOT, file), join(copy, file));
    }
    symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
    const packs = join(work, "packs");
    mkdirSync(packs);
    await sh("npm", ["pack", "--pack-destination", packs], copy);
    await sh("npm", ["pack", "--pack-destination", packs], join(copy, "client"));

    project = join(work, "project");
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "uses-billet", private: true, type: "module" }),
    );
    await sh(
      "npm",
      [
        "install",
        "--omit=dev",
        "--prefer-offline",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        join(packs, `billet-${manifest.version}.tgz`),
        join(packs, `billet-client-${manifest.version}.tgz`),
      ],
      project,
    );
    const native = "node_modules/better-sqlite3/build";
    cpSync(join(ROOT, native), join(project, native), { recursive: true });
  }, 300_000);

  afterAll(() => {
    if (server?.pid && server.exitCode === null) {
      try {
        process.kill(-server.pid, "SIGKILL");
      } catch {
        server.kill("SIGKILL");
      }
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("ships the build, the shrinkwrap and the licence; no TypeScript runner, no test tools", async () => {
    const installed = join(project, "node_modules/billet");
    for (const file of ["bin/billet.mjs", "dist/cli.js", "dist/testing.js", "npm-shrinkwrap.json", "LICENSE"])
      expect(existsSync(join(installed, file)), file).toBe(true);
    expect(existsSync(join(installed, "dist/types/src/testing/index.d.ts"))).toBe(true);
    expect(existsSync(join(installed, "src"))).toBe(false);
    for (const devOnly of ["tsx", "esbuild", "typescript", "vitest", "vite", "@biomejs/biome"])
      expect(existsSync(join(project, "node_modules", devOnly)), devOnly).toBe(false);
    const { stdout } = await sh(join(project, "node_modules/.bin/billet"), ["--version"], project);
    expect(stdout.trim()).toBe(manifest.version);
  });

  it("serves with `npx billet serve`; the client logs in from ES modules and from CommonJS", async () => {
    // npx does not pass SIGTERM on to the command it runs: the server is stopped as a shell's
    // Ctrl-C would, by signalling the whole process group.
    const child = spawn("npx", ["billet", "serve", "--port", "0", "--database", "./billet.db", "--json"], {
      cwd: project,
      stdio: ["ignore", "pipe", "pipe"],
      env: userEnv({ LOG_LEVEL: "warn" }),
      detached: true,
    });
    server = child;
    const report = await new Promise<{ url: string; demo: { credentials: Record<string, string> } }>(
      (ready, failed) => {
        let out = "";
        let err = "";
        const timer = setTimeout(() => failed(new Error(`no start-up report:\n${out}\n${err}`)), 30_000);
        child.stderr?.on("data", (chunk) => {
          err += chunk;
        });
        child.stdout?.on("data", (chunk) => {
          out += chunk;
          const line = out.split("\n").find((candidate) => candidate.startsWith('{"url"'));
          if (line) {
            clearTimeout(timer);
            ready(JSON.parse(line));
          }
        });
        child.on("exit", () => failed(new Error(`billet serve exited:\n${out}\n${err}`)));
      },
    );
    const { devKey, organizationId, username, password } = report.demo.credentials;
    const body = JSON.stringify({ username, password, organizationId });
    const script = (load: string) => `
      ${load}
      const client = new BillClient({ baseUrl: process.argv[1], devKey: process.argv[2] });
      client.sessions.login(JSON.parse(process.argv[3]))
        .then(() => client.sessions.details())
        .then((details) => console.log(JSON.stringify({ organizationId: details.organizationId })));
    `;
    const base = `${report.url}/connect`;
    const esm = await sh(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        script('import { BillClient } from "@billet/client";'),
        base,
        devKey ?? "",
        body,
      ],
      project,
    );
    const cjs = await sh(
      process.execPath,
      [
        "--input-type=commonjs",
        "-e",
        script('const { BillClient } = require("@billet/client");'),
        base,
        devKey ?? "",
        body,
      ],
      project,
    );
    expect(JSON.parse(esm.stdout)).toEqual({ organizationId });
    expect(JSON.parse(cjs.stdout)).toEqual({ organizationId });

    const exited = new Promise((done) => child.on("exit", done));
    process.kill(-(child.pid ?? 0), "SIGTERM");
    await exited;
    server = undefined;
    // The server itself stopped (gracefully: SIGTERM), not only npx.
    await expect
      .poll(() =>
        fetch(`${report.url}/health/live`).then(
          () => "up",
          () => "down",
        ),
      )
      .toBe("down");
  });

  it("runs as the Dockerfile's last stage says: its ENV, ENTRYPOINT, CMD and HEALTHCHECK", async () => {
    const stage = finalDockerStage();
    const one = (name: string) => stage.filter((step) => step.instruction === name).map((step) => step.args);
    expect(one("USER")).toEqual(["node"]);
    expect(one("VOLUME")).toEqual(['["/data"]']);
    // Where the image installs the tarball, this test's project stands in; /data is a folder here.
    const data = join(work, "data");
    mkdirSync(data);
    const here = (value: string) => value.replaceAll("/opt/billet", project).replace(/^\/data\b/, data);
    const env: Record<string, string> = {};
    for (const line of one("ENV"))
      for (const [, name = "", value = ""] of line.matchAll(/(\w+)=(\S+)/g)) env[name] = here(value);
    expect(Object.keys(env)).toEqual(expect.arrayContaining(["HOST", "PORT", "DATABASE_URL"]));
    env.PORT = String(await freePort());
    const [entrypoint = []] = one("ENTRYPOINT").map((args) => JSON.parse(args) as string[]);
    const [command = []] = one("CMD").map((args) => JSON.parse(args) as string[]);
    const [health = ""] = one("HEALTHCHECK");
    const probe = (JSON.parse(health.slice(health.indexOf("CMD ") + 4)) as string[]).map(here);
    const [healthBin = "", ...healthArgs] = probe;
    const healthy = () =>
      new Promise<number>((done) =>
        execFile(healthBin, healthArgs, { env: userEnv(env), timeout: 5_000 }, (error) =>
          done(error ? (typeof error.code === "number" ? error.code : 1) : 0),
        ),
      );
    expect(health).toContain("/health/ready");

    const [bin = "", ...args] = [...entrypoint, ...command].map(here);
    const child = spawn(bin, args, {
      cwd: data,
      stdio: "ignore",
      env: userEnv({ ...env, LOG_LEVEL: "warn" }),
    });
    server = child;
    const exited = new Promise((done) => child.on("exit", (code, signal) => done({ code, signal })));
    try {
      await expect.poll(healthy, { timeout: 20_000, interval: 200 }).toBe(0);
      // The image keeps its data in the volume: the store and the saved demo credentials.
      expect(existsSync(join(data, "billet.db"))).toBe(true);
      expect(existsSync(join(data, "demo-credentials.json"))).toBe(true);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toEqual({ code: 0, signal: null });
    server = undefined;
    // Down, the health check fails: what makes a container runtime restart it.
    expect(await healthy()).not.toBe(0);
  });

  it("types resolve from the shipped declarations, for ES modules and CommonJS", async () => {
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          types: ["node"],
          noEmit: true,
        },
        files: ["typed.ts", "typed-cjs.cts"],
      }),
    );
    // The @ts-expect-error lines fail the check if the types were `any`: they prove real types.
    writeFileSync(
      join(project, "typed.ts"),
      `import { BillClient, AuthenticationError } from "@billet/client";
import { startBillet, type Billet } from "billet/testing";
const client = new BillClient({ baseUrl: "http://127.0.0.1:1/connect", devKey: "k" });
const login: Promise<{ sessionId: string }> = client.sessions.login({ username: "a", password: "b", organizationId: "c" });
const started: Promise<Billet> = startBillet({ mode: "child" });
// @ts-expect-error: a BillClient is not a number
const wrong: number = client;
// @ts-expect-error: mode is "in-process" or "child"
void startBillet({ mode: "elsewhere" });
export { login, started, wrong, AuthenticationError };
`,
    );
    writeFileSync(
      join(project, "typed-cjs.cts"),
      `import { BillClient } from "@billet/client";
const client = new BillClient({ baseUrl: "http://127.0.0.1:1/connect", devKey: "k" });
// @ts-expect-error: a BillClient is not a string
const wrong: string = client;
export = { client, wrong };
`,
    );
    // @types/node from this checkout: the project has no dev dependencies of its own.
    symlinkSync(join(ROOT, "node_modules/@types"), join(project, "node_modules/@types"), "dir");
    await sh(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", project], project);
  });

  it("runs the README's node:test example against the installed billet/testing", async () => {
    cpSync(join(ROOT, "examples/node-test/billet.test.mjs"), join(project, "node-test.test.mjs"));
    const { stdout } = await sh(
      process.execPath,
      ["--test", "--test-reporter=tap", "node-test.test.mjs"],
      project,
    );
    expect(stdout).toMatch(/^# pass [1-9]\d*$/m);
    expect(stdout).toMatch(/^# fail 0$/m);
  });

  it("runs the README's Vitest example against the installed billet/testing", async () => {
    cpSync(join(ROOT, "examples/vitest/billet.test.ts"), join(project, "vitest-example.test.ts"));
    // This checkout's vitest, rooted in the project: the imports resolve from its node_modules.
    const { stdout } = await sh(
      process.execPath,
      [
        join(ROOT, "node_modules/vitest/vitest.mjs"),
        "run",
        "--root",
        project,
        "--reporter=verbose",
        "vitest-example",
      ],
      project,
    );
    expect(stdout).toMatch(/Tests\s+\d+ passed/);
    expect(stdout).not.toMatch(/failed/);
  });
});
