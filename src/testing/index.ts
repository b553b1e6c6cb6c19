/**
 * `billet/testing`: billet inside a test suite. `startBillet()` starts a sandbox server on a free
 * port of 127.0.0.1 over an in-memory store (in this process, or `billet serve` in a child),
 * optionally seeded, and hands back its URLs, an operator client, credentials that log in, a
 * reset back to the seed and a stop.
 *
 * @example
 * const billet = await startBillet({ seed: "./seed.json" });
 * const client = billet.client();
 * await client.sessions.login(billet.credentials);
 * await billet.reset();
 * await billet.stop();
 */
import { randomBytes } from "node:crypto";
import type {
  BillClient,
  BillClientOptions,
  OperatorClient,
  OperatorRestored,
  OperatorSeedReport,
} from "../../client/src/index.ts";
import { startChild } from "./child.ts";
import { loadClientModule } from "./client-module.ts";
import { startInProcess } from "./in-process.ts";
import { findId, type PreparedSeed, prepareSeed, seedCredentials } from "./seed.ts";
import type {
  Billet,
  BilletClock,
  BilletCredentials,
  ServerRequest,
  StartBilletOptions,
  StartedServer,
} from "./types.ts";

export type {
  Billet,
  BilletClock,
  BilletConfig,
  BilletCredentials,
  BilletLogLevel,
  BilletRole,
  BilletSeed,
  StartBilletOptions,
} from "./types.ts";

/** The test helpers' cheap argon2id (test/helpers/helpers.ts): about a millisecond a hash. */
const FAST_ARGON2 = { memoryKib: 1024, iterations: 1, parallelism: 1 } as const;

const problem = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Starts a sandbox billet for a test suite; rejects, with nothing left running, when it cannot. */
export async function startBillet(options: StartBilletOptions = {}): Promise<Billet> {
  const mode = options.mode ?? "in-process";
  if (mode !== "in-process" && mode !== "child") {
    throw new Error(`startBillet: mode must be "in-process" or "child" (got ${JSON.stringify(mode)})`);
  }
  const { BillClient, OperatorClient } = await loadClientModule();
  const given = options.config ?? {};
  const seedSource = options.seed ?? given.seedFile;
  let seed: PreparedSeed | undefined;
  try {
    seed = seedSource === undefined ? undefined : await prepareSeed(seedSource);
  } catch (error) {
    throw new Error(`startBillet: ${problem(error)}`, { cause: error });
  }
  const operatorToken = given.operatorToken ?? randomBytes(32).toString("base64url");
  const logLevel = options.logLevel ?? given.logLevel ?? "silent";
  const logStream = options.logStream ?? process.stderr;
  const config: ServerRequest["config"] = {
    mode: "sandbox",
    host: "127.0.0.1",
    port: 0,
    databaseUrl: ":memory:",
    hashPriority: "normal",
    ...given,
    argon2: { ...FAST_ARGON2, ...given.argon2 },
    logLevel,
    operatorToken,
    seedFile: seed?.file,
  };
  const request: ServerRequest = {
    config,
    env: options.env ?? {},
    log: (line) => logStream.write(line),
    describe: seed?.describe ?? ((message) => message),
  };
  let server: StartedServer;
  try {
    server = mode === "child" ? await startChild(request) : await startInProcess(request);
  } catch (error) {
    await seed?.remove();
    throw new Error(`startBillet: ${request.describe(problem(error))}`, { cause: error });
  }

  const operator: OperatorClient = new OperatorClient({ baseUrl: server.operatorUrl, token: operatorToken });
  const baseUrl = `${server.url}/connect`;
  let demo = server.demo;
  let report: OperatorSeedReport | undefined = server.seedReport;
  let stopping: Promise<void> | undefined;

  const credentials = (): BilletCredentials => {
    const fromSeed = seed && report ? seedCredentials(seed.input, report) : undefined;
    const found = fromSeed ?? demo;
    if (found) return found;
    throw new Error(
      seed
        ? "billet.credentials: the seed has no user with a password and an active membership, with an active devKey"
        : "billet.credentials: the demo account is gone (a reset empties a store started without a seed): start with a seed",
    );
  };
  const clock: BilletClock = {
    get: () => operator.clock.get(),
    advance: (by) => operator.clock.advance(typeof by === "number" ? { milliseconds: by } : by),
    set: (time, moveOptions) => operator.clock.set(time, moveOptions),
    freeze: (time, moveOptions) => operator.clock.freeze(time, moveOptions),
    unfreeze: () => operator.clock.unfreeze(),
    reset: () => operator.clock.reset(),
  };

  return {
    mode,
    url: server.url,
    baseUrl,
    operatorUrl: server.operatorUrl,
    operatorToken,
    operator,
    clock,
    get credentials() {
      return credentials();
    },
    get demo() {
      return demo;
    },
    get seed() {
      return report ? { report } : undefined;
    },
    idOf(kind, label) {
      const id = findId(report, kind, label);
      if (id === undefined) throw new Error(`billet.idOf: the seed made no ${kind} "${label}"`);
      return id;
    },
    client(clientOptions: Partial<BillClientOptions> = {}): BillClient {
      const devKey = clientOptions.devKey ?? (clientOptions.clientId ? undefined : credentials().devKey);
      return new BillClient({ baseUrl, ...clientOptions, ...(devKey === undefined ? {} : { devKey }) });
    },
    async reset(resetOptions = {}): Promise<OperatorRestored> {
      const restored = await operator.reset(resetOptions);
      // Every record was replaced: the demo account is gone, seeded ids and generated keys are new.
      demo = undefined;
      report = restored.seed;
      return restored;
    },
    stop() {
      stopping ??= (async () => {
        try {
          await server.stop();
        } finally {
          await seed?.remove();
        }
      })();
      return stopping;
    },
  };
}
