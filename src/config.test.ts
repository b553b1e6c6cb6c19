import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CONFIG, loadConfig, operatorListener } from "./config.ts";

describe("loadConfig", () => {
  it("uses BILL's defaults with an empty environment", () => {
    const config = loadConfig({});
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config.sessionIdleSeconds).toBe(2100);
    expect(config.lockoutThreshold).toBe(10);
    // BILL's limits (spec section 6).
    expect(config.hourlyRequestLimit).toBe(20_000);
    expect(config.hourlyLoginLimit).toBe(200);
    expect(config.concurrentRequestLimit).toBe(3);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.argon2)).toBe(true);
  });

  it("reads every variable, and flags override the environment", () => {
    const config = loadConfig(
      {
        PORT: "8080",
        HOST: "0.0.0.0",
        DATABASE_URL: "/tmp/x.db",
        LOG_LEVEL: "warn",
        BILLET_LOG_FORMAT: "pretty",
        BILLET_SESSION_IDLE_SECONDS: "60",
        BILLET_SESSION_MAX_SECONDS: "3600",
        BILLET_SESSION_FLUSH_MS: "0",
        BILLET_DATABASE_POOL_SIZE: "25",
        BILLET_READY_TIMEOUT_MS: "250",
        BILLET_LOCKOUT_THRESHOLD: "0",
        BILLET_LOCKOUT_SECONDS: "30",
        BILLET_IP_FAILURE_LIMIT: "7",
        BILLET_IP_FAILURE_WINDOW_SECONDS: "120",
        BILLET_TRUST_PROXY: "2",
        BILLET_HEADERS_TIMEOUT_MS: "5000",
        BILLET_RECEIVE_TIMEOUT_MS: "20000",
        BILLET_KEEP_ALIVE_TIMEOUT_MS: "65000",
        BILLET_MAX_CONNECTIONS: "500",
        BILLET_HOURLY_REQUEST_LIMIT: "500",
        BILLET_HOURLY_LOGIN_LIMIT: "0",
        BILLET_CONCURRENT_REQUEST_LIMIT: "5",
        BILLET_LIMIT_FLUSH_MS: "0",
        BILLET_REQUEST_TIMEOUT_MS: "1500",
        BILLET_DEMO: "off",
        BILLET_ARGON2_MEMORY_KIB: "4096",
        BILLET_ARGON2_ITERATIONS: "3",
        BILLET_ARGON2_PARALLELISM: "2",
        BILLET_MFA_SENDS_PER_MINUTE: "0",
        BILLET_MFA_FAILURE_LIMIT: "3",
        BILLET_PASSWORD_MIN_LENGTH: "12",
        BILLET_HASH_PRIORITY: "normal",
        BILLET_MFA_PROTECTED: "post /v3/users, PATCH /connect/v3/organizations/*/",
        BILLET_DELIVERY_WEBHOOK_URL: "https://sms.example.com/hook?token=abc",
        BILLET_DELIVERY_WEBHOOK_SECRET: "shh",
        BILLET_DELIVERY_WEBHOOK_TIMEOUT_MS: "2500",
        BILLET_MODE: "service",
        BILLET_OPERATOR_TOKEN: "operator-token-0123456789-abcdefghijkl",
        BILLET_REQUEST_LOG_SIZE: "50",
        BILLET_LOCKOUTS_IN_DATABASE: "true",
        BILLET_OPERATOR_HOST: "127.0.0.2",
        BILLET_OPERATOR_PORT: "9091",
        BILLET_OPERATOR_FAILURE_LIMIT: "0",
        BILLET_OPERATOR_FAILURE_WINDOW_SECONDS: "60",
      },
      { port: 9090, host: undefined },
    );
    expect(config).toEqual({
      mode: "service",
      operatorToken: "operator-token-0123456789-abcdefghijkl",
      operatorFailureLimit: 0,
      operatorFailureWindowSeconds: 60,
      requestLogSize: 50,
      port: 9090,
      host: "0.0.0.0",
      operatorHost: "127.0.0.2",
      operatorPort: 9091,
      databaseUrl: "/tmp/x.db",
      logLevel: "warn",
      logFormat: "pretty",
      sessionIdleSeconds: 60,
      sessionMaxSeconds: 3600,
      syncTokenIdleSeconds: 172800,
      oauthTokenSeconds: 3600,
      sessionFlushMs: 0,
      sessionCacheSize: 100_000,
      // REDIS_URL and BILLET_REDIS_PREFIX need PostgreSQL: see test/stores-redis.test.ts.
      redisUrl: null,
      redisKeyPrefix: "billet:public:",
      // Accepted without Redis: the lockouts are in the database already.
      lockoutsInDatabase: true,
      databasePoolSize: 25,
      readyTimeoutMs: 250,
      lockoutThreshold: 0,
      lockoutSeconds: 30,
      ipFailureLimit: 7,
      ipFailureWindowSeconds: 120,
      trustProxy: { hops: 2 },
      headersTimeoutMs: 5000,
      receiveTimeoutMs: 20000,
      keepAliveTimeoutMs: 65000,
      maxConnections: 500,
      hourlyRequestLimit: 500,
      hourlyLoginLimit: 0,
      concurrentRequestLimit: 5,
      limitFlushMs: 0,
      requestTimeoutMs: 1500,
      demo: false,
      argon2: { memoryKib: 4096, iterations: 3, parallelism: 2 },
      hashPriority: "normal",
      mfaSendsPerMinute: 0,
      mfaFailureLimit: 3,
      passwordMinLength: 12,
      mfaProtected: [
        { method: "POST", path: "/v3/users" },
        { method: "PATCH", path: "/v3/organizations/*" },
      ],
      deliveryWebhookUrl: "https://sms.example.com/hook?token=abc",
      deliveryWebhookSecret: "shh",
      deliveryWebhookTimeoutMs: 2500,
    });
  });

  it("fails fast listing every problem at once", () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: "http",
        BILLET_SESSION_IDLE_SECONDS: "-1",
        BILLET_DEMO: "maybe",
        LOG_LEVEL: "loud",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join("\n")).toMatch(
      /PORT.*\n.*BILLET_SESSION_IDLE_SECONDS.*\n.*BILLET_DEMO.*\n.*LOG_LEVEL/,
    );
  });

  it("checks the mode and the operator token without ever echoing the token", () => {
    let error: unknown;
    try {
      loadConfig({ BILLET_MODE: "production", BILLET_OPERATOR_TOKEN: "short-secret" });
    } catch (caught) {
      error = caught;
    }
    const message = (error as ConfigError).message;
    expect(message).toMatch(/BILLET_MODE must be sandbox or service/);
    expect(message).toMatch(/BILLET_OPERATOR_TOKEN must be 32 to 256 printable ASCII characters/);
    expect(message).not.toContain("short-secret");
    // 32 characters at the least: one fewer is refused, whatever it is made of.
    expect(() => loadConfig({ BILLET_OPERATOR_TOKEN: "x".repeat(31) })).toThrow(/must be 32 to 256/);
    expect(loadConfig({ BILLET_OPERATOR_TOKEN: "x".repeat(32) }).operatorToken).toBe("x".repeat(32));
    expect(() => loadConfig({}, { operatorToken: "y".repeat(31) })).toThrow(/must be 32 to 256/);
    expect(loadConfig({ BILLET_MODE: "service" }).demo).toBe(false);
    expect(loadConfig({ BILLET_MODE: "service", BILLET_DEMO: "true" }).demo).toBe(true);
  });

  it("starts a separate operator listener when its host or port is set, never on the public address", () => {
    expect(operatorListener(loadConfig({}))).toBeUndefined();
    const both = loadConfig({
      HOST: "0.0.0.0",
      BILLET_OPERATOR_HOST: "127.0.0.1",
      BILLET_OPERATOR_PORT: "3001",
    });
    expect([both.operatorHost, both.operatorPort]).toEqual(["127.0.0.1", 3001]);
    expect(operatorListener(both)).toEqual({ host: "127.0.0.1", port: 3001 });
    // Whichever is unset is the public listener's.
    expect(operatorListener(loadConfig({ HOST: "10.0.0.5", BILLET_OPERATOR_PORT: "3001" }))).toEqual({
      host: "10.0.0.5",
      port: 3001,
    });
    expect(operatorListener(loadConfig({ PORT: "3000", BILLET_OPERATOR_HOST: "10.1.0.5" }))).toEqual({
      host: "10.1.0.5",
      port: 3000,
    });
    expect(operatorListener(loadConfig({}, { operatorPort: 0 }))).toEqual({ host: "127.0.0.1", port: 0 });
    expect(() => loadConfig({ BILLET_OPERATOR_PORT: "3000" })).toThrow(/public listener's own address/);
    expect(() => loadConfig({ BILLET_OPERATOR_PORT: "65536" })).toThrow(
      /BILLET_OPERATOR_PORT must be a whole number from 0 to 65535/,
    );
    expect(() => loadConfig({}, { operatorPort: -1 })).toThrow(/operatorPort must be a whole number/);
  });

  it("checks limits given as flags against the same ranges as the environment", () => {
    expect(() => loadConfig({}, { concurrentRequestLimit: -1, lockoutSeconds: 0 })).toThrow(
      /concurrentRequestLimit must be a whole number from 0 to 10000.*\n.*lockoutSeconds must be a whole number from 1/,
    );
    expect(loadConfig({}, { hourlyRequestLimit: 0, concurrentRequestLimit: 0 })).toEqual(
      expect.objectContaining({ hourlyRequestLimit: 0, concurrentRequestLimit: 0 }),
    );
  });
});

describe("loadConfig: MFA and delivery", () => {
  const problemsOf = (env: NodeJS.ProcessEnv): readonly string[] => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it("lists every malformed protected operation, and never echoes a webhook URL", () => {
    const problems = problemsOf({
      BILLET_MFA_PROTECTED: "POST /v3/users,FETCH /v3/x,GET users,DELETE /v3/a b",
      BILLET_DELIVERY_WEBHOOK_URL: "ftp://files.example.com/secret-token",
    });
    expect(problems).toHaveLength(4);
    expect(problems.slice(0, 3).join("\n")).toMatch(
      /"FETCH \/v3\/x".*\n.*"GET users".*\n.*"DELETE \/v3\/a b"/,
    );
    expect(problems[3]).toBe("BILLET_DELIVERY_WEBHOOK_URL must be an http:// or https:// URL");
    expect(problems.join("\n")).not.toContain("secret-token");
  });

  it("keeps the protected list frozen and free of duplicates", () => {
    const config = loadConfig({ BILLET_MFA_PROTECTED: "POST /v3/users,post /v3/users/,," });
    expect(config.mfaProtected).toEqual([{ method: "POST", path: "/v3/users" }]);
    expect(Object.isFrozen(config.mfaProtected)).toBe(true);
    expect(Object.isFrozen(config.mfaProtected[0])).toBe(true);
  });
});

describe("loadConfig: proxies, timeouts and connections", () => {
  const problemsOf = (env: NodeJS.ProcessEnv, overrides: Parameters<typeof loadConfig>[1] = {}) => {
    try {
      loadConfig(env, overrides);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it("leaves BILLET_TRUST_PROXY off by default and for the usual words for off", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    for (const off of ["", "false", "FALSE", "off", "no", "0", " 0 "]) {
      expect(loadConfig({ BILLET_TRUST_PROXY: off }).trustProxy, off).toBe(false);
    }
  });

  it("takes a number of proxy hops", () => {
    expect(loadConfig({ BILLET_TRUST_PROXY: "1" }).trustProxy).toEqual({ hops: 1 });
    expect(loadConfig({ BILLET_TRUST_PROXY: "100" }).trustProxy).toEqual({ hops: 100 });
    expect(problemsOf({ BILLET_TRUST_PROXY: "101" })).toEqual([
      'BILLET_TRUST_PROXY must be a number of proxies from 1 to 100 (got "101")',
    ]);
  });

  it("takes a list of proxy addresses, CIDR ranges and proxy-addr's named ranges", () => {
    const config = loadConfig({
      BILLET_TRUST_PROXY: " 10.0.0.0/8, 192.168.1.5 ,::1, fd00::/8,loopback,10.0.0.0/8",
    });
    expect(config.trustProxy).toEqual({
      proxies: ["10.0.0.0/8", "192.168.1.5", "::1", "fd00::/8", "loopback"],
    });
    expect(Object.isFrozen(config.trustProxy)).toBe(true);
  });

  it("refuses true, yes and on, saying why and what to give instead", () => {
    for (const all of ["true", "TRUE", "yes", "on"]) {
      const problems = problemsOf({ BILLET_TRUST_PROXY: all });
      expect(problems, all).toHaveLength(1);
      expect(problems[0]).toMatch(/^BILLET_TRUST_PROXY must name what is trusted, not ".*": trusting every/);
      expect(problems[0]).toMatch(/X-Forwarded-For/);
      expect(problems[0]).toMatch(/number of proxies in front of billet \(e\.g\. 1\) or their addresses/);
    }
  });

  it("refuses addresses it cannot read, naming the entry and the rule", () => {
    const cases: [string, string][] = [
      ["10.0.0.300", '"10.0.0.300" is not an IP address or CIDR range'],
      ["proxy.internal", '"proxy.internal" is not an IP address or CIDR range'],
      ["10.1", '"10.1" is not an IP address or CIDR range'],
      ["10.0.0.0/33", '"10.0.0.0/33" has an invalid prefix length (1 to 32 for IPv4, 1 to 128 for IPv6)'],
      ["0.0.0.0/0", '"0.0.0.0/0" would trust every address, and so any X-Forwarded-For a client writes'],
      ["::/0", '"::/0" would trust every address, and so any X-Forwarded-For a client writes'],
      ["fd00::/129", '"fd00::/129" has an invalid prefix length (1 to 32 for IPv4, 1 to 128 for IPv6)'],
      ["10.0.0.1,,10.0.0.2", "an empty entry"],
      ["1,10.0.0.1", '"1" is not an IP address or CIDR range'],
      ["-1", '"-1" is not an IP address or CIDR range'],
    ];
    for (const [raw, reason] of cases) {
      expect(problemsOf({ BILLET_TRUST_PROXY: raw }), raw).toEqual([
        `BILLET_TRUST_PROXY must be a number of proxies (e.g. 1) or a comma-separated list of proxy IP addresses or CIDR ranges: ${reason}`,
      ]);
    }
  });

  it("checks a trustProxy given as a value (a flag, a test) by the same rules", () => {
    expect(loadConfig({}, { trustProxy: { hops: 3 } }).trustProxy).toEqual({ hops: 3 });
    expect(loadConfig({ BILLET_TRUST_PROXY: "1" }, { trustProxy: false }).trustProxy).toBe(false);
    expect(problemsOf({}, { trustProxy: { hops: 0 } })).toEqual([
      'trustProxy hops must be a whole number from 1 to 100 (got "0")',
    ]);
    expect(problemsOf({}, { trustProxy: { proxies: ["nope"] } })).toEqual([
      'trustProxy must be a number of proxies (e.g. 1) or a comma-separated list of proxy IP addresses or CIDR ranges: "nope" is not an IP address or CIDR range',
    ]);
  });

  it("has timeouts and a connection cap by default, each within its range", () => {
    expect(DEFAULT_CONFIG).toEqual(
      expect.objectContaining({
        headersTimeoutMs: 10_000,
        receiveTimeoutMs: 30_000,
        requestTimeoutMs: 60_000,
        keepAliveTimeoutMs: 72_000,
        maxConnections: 1000,
      }),
    );
    expect(loadConfig({ BILLET_MAX_CONNECTIONS: "0" }).maxConnections).toBe(0);
    expect(
      problemsOf({
        BILLET_HEADERS_TIMEOUT_MS: "99",
        BILLET_RECEIVE_TIMEOUT_MS: "3600001",
        BILLET_KEEP_ALIVE_TIMEOUT_MS: "0",
        BILLET_MAX_CONNECTIONS: "-1",
      }),
    ).toEqual([
      'BILLET_HEADERS_TIMEOUT_MS must be a whole number from 100 to 600000 (got "99")',
      'BILLET_RECEIVE_TIMEOUT_MS must be a whole number from 100 to 3600000 (got "3600001")',
      'BILLET_KEEP_ALIVE_TIMEOUT_MS must be a whole number from 100 to 3600000 (got "0")',
      'BILLET_MAX_CONNECTIONS must be a whole number from 0 to 1000000 (got "-1")',
    ]);
    expect(problemsOf({}, { maxConnections: 1.5, headersTimeoutMs: 0 })).toEqual([
      'headersTimeoutMs must be a whole number from 100 to 600000 (got "0")',
      'maxConnections must be a whole number from 0 to 1000000 (got "1.5")',
    ]);
  });

  it("refuses a headers timeout longer than the receive timeout, which includes the headers", () => {
    expect(problemsOf({ BILLET_HEADERS_TIMEOUT_MS: "40000" })).toEqual([
      "BILLET_HEADERS_TIMEOUT_MS must not be longer than BILLET_RECEIVE_TIMEOUT_MS, which includes the headers (got 40000 and 30000)",
    ]);
    expect(loadConfig({ BILLET_HEADERS_TIMEOUT_MS: "30000" }).headersTimeoutMs).toBe(30_000);
  });
});
