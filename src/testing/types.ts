/** The public types of `billet/testing` (index.ts), shared by its two ways of starting a server. */
import type {
  BillClient,
  BillClientOptions,
  ClockAdvance,
  ClockMoveOptions,
  OperatorClient,
  OperatorClock,
  OperatorClockAdvanced,
  OperatorRestored,
  OperatorSeedChange,
  OperatorSeedReport,
} from "../../client/src/index.ts";
import type { Config } from "../config.ts";
import type { RoleType } from "../stores/types/organizations.ts";

/** A role of an organization (the six BILL roles). */
export type BilletRole = RoleType;

/**
 * A seed file's content, as `billet seed` and `billet serve --seed` read it (README, "Seed
 * files"). Every list is optional; the server checks the whole of it and names each problem by
 * its JSON path.
 */
export interface BilletSeed {
  organizations?: {
    /** A fixed id (`00801` + 15 letters or digits): stable across resets. */
    id?: string;
    name: string;
    locked?: boolean;
    mfaRequired?: boolean;
    /** AP & AR records by kind (`vendors`, `bills`, `customers`, …): a create body plus its `ref`. */
    resources?: Record<string, ({ ref: string } & Record<string, unknown>)[]>;
  }[];
  users?: {
    email: string;
    password?: string;
    firstName?: string;
    lastName?: string;
    /** `organization`: an organization of the seed, by id or name, or the id of one already stored. */
    memberships: { organization: string; role?: BilletRole; archived?: boolean }[];
  }[];
  /** Without a literal `key`, one is generated at each reset: read it from `billet.credentials`. */
  devKeys?: { name: string; key?: string; active?: boolean; mfaBypass?: boolean }[];
  partners?: {
    name: string;
    appKey: string;
    devKey: string;
    users: { username: string; password: string }[];
  }[];
  syncTokens?: { organization: string; name: string; token?: string; user?: string }[];
  consoles?: {
    name: string;
    organizations?: string[];
    users?: string[];
    tokens?: { user: string; name?: string; token: string }[];
  }[];
  oauthApps?: {
    organization: string;
    user: string;
    name: string;
    scope?: "full" | "accounting";
    clientId?: string;
    clientSecret?: string;
  }[];
}

/** Overrides of the server's configuration (`src/config/table.ts`; the README's table). */
export type BilletConfig = {
  [K in keyof Config]?: K extends "argon2" ? Partial<Config[K]> : Config[K];
};

export type BilletLogLevel = Config["logLevel"];

export interface StartBilletOptions {
  /** A seed file (a path, relative to the working directory) or its content; none: an empty store with the demo account. */
  seed?: string | BilletSeed;
  /** `in-process` (default): the server runs in this process. `child`: `billet serve` in a child process. */
  mode?: "in-process" | "child";
  /**
   * Configuration overrides (the environment is not read, so that a DATABASE_URL or PORT of the
   * tests' own never reaches billet). Defaults: sandbox mode, 127.0.0.1 on a free port, an
   * in-memory SQLite store, a generated operator token, and cheap password hashing
   * (`argon2: { memoryKib: 1024, iterations: 1, parallelism: 1 }`, `hashPriority: "normal"`).
   */
  config?: BilletConfig;
  /** The server's log level (default `silent`); lines go to `logStream`. */
  logLevel?: BilletLogLevel;
  /** Where log lines go when `logLevel` is not `silent` (default standard error, never standard output). */
  logStream?: { write(line: string): unknown };
  /** Child mode: variables added to the child's environment (billet's own are set from `config`). */
  env?: Record<string, string>;
}

/** What a test logs in with: `client.sessions.login(billet.credentials)` works as it is. */
export interface BilletCredentials {
  organizationId: string;
  userId: string;
  username: string;
  password: string;
  devKey: string;
}

/** The sandbox's test clock (the operator API's), with `advance` also taking milliseconds. */
export interface BilletClock {
  get(): Promise<OperatorClock>;
  advance(by: number | ClockAdvance): Promise<OperatorClockAdvanced>;
  set(time: string | Date, options?: ClockMoveOptions): Promise<OperatorClock>;
  freeze(time?: string | Date, options?: ClockMoveOptions): Promise<OperatorClock>;
  unfreeze(): Promise<OperatorClock>;
  /** Back to real time, running. */
  reset(): Promise<OperatorClock>;
}

export interface Billet {
  readonly mode: "in-process" | "child";
  /** The server's root, e.g. `http://127.0.0.1:43127`. */
  readonly url: string;
  /** The client's base URL (`url` + `/connect`): what BILL's `https://gateway.stage.bill.com/connect` is. */
  readonly baseUrl: string;
  /** Where the operator API answers: `url`, unless `config.operatorPort`/`operatorHost` gave it a listener. */
  readonly operatorUrl: string;
  readonly operatorToken: string;
  /** An operator client holding the token. */
  readonly operator: OperatorClient;
  readonly clock: BilletClock;
  /**
   * Credentials that log in: the seed's first user with a password and an active membership,
   * in that organization, with its first active devKey; else the demo account (which a reset
   * removes). Read it after each `reset()`: ids and generated keys change. Throws when there are none.
   */
  readonly credentials: BilletCredentials;
  /** The demo account, when the store got one at start (no seed, or a seed without devKeys); gone after a reset. */
  readonly demo: BilletCredentials | undefined;
  /** What applying the seed did at start, or at the last `reset()`. Undefined without a seed. */
  readonly seed: { report: OperatorSeedReport } | undefined;
  /** The id of what the seed made (`idOf("organization", "Acme")`, `idOf("user", "ann@acme.test")`); throws when unknown. */
  idOf(kind: OperatorSeedChange["kind"], label: string): string;
  /** A new client of the server, with `credentials.devKey` unless `options.devKey` is given. */
  client(options?: Partial<BillClientOptions>): BillClient;
  /** `POST /operator/v1/reset`: back to the seed (or to the empty store without one, or with `to: "empty"`). */
  reset(options?: { to?: "seed" | "empty" }): Promise<OperatorRestored>;
  /** Closes the server and deletes its store and temporary files; idempotent. */
  stop(): Promise<void>;
}

/** What starting a server (in-process.ts, child.ts) hands back to index.ts. */
export interface StartedServer {
  url: string;
  operatorUrl: string;
  demo: BilletCredentials | undefined;
  seedReport: OperatorSeedReport | undefined;
  stop(): Promise<void>;
}

/** How index.ts asks for a server: the configuration decided, the seed (if any) a file. */
export interface ServerRequest {
  /** Every override, defaults included (`BilletConfig`), with `seedFile` and `operatorToken`. */
  config: BilletConfig & { operatorToken: string };
  /** Child mode: more environment variables. */
  env: Record<string, string>;
  log: (line: string) => void;
  /** Rewrites a message that names the temporary seed file so that it names "the seed object". */
  describe: (message: string) => string;
}
