import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CONFIG, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("uses BILL's defaults with an empty environment", () => {
    const config = loadConfig({});
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config.sessionIdleSeconds).toBe(2100);
    expect(config.lockoutThreshold).toBe(10);
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
        BILLET_SESSION_IDLE_SECONDS: "60",
        BILLET_SESSION_MAX_SECONDS: "3600",
        BILLET_SESSION_FLUSH_MS: "0",
        BILLET_LOCKOUT_THRESHOLD: "0",
        BILLET_LOCKOUT_SECONDS: "30",
        BILLET_IP_FAILURE_LIMIT: "7",
        BILLET_IP_FAILURE_WINDOW_SECONDS: "120",
        BILLET_TRUST_PROXY: "true",
        BILLET_DEMO: "off",
        BILLET_ARGON2_MEMORY_KIB: "4096",
        BILLET_ARGON2_ITERATIONS: "3",
        BILLET_ARGON2_PARALLELISM: "2",
        BILLET_MODE: "service",
        BILLET_OPERATOR_TOKEN: "operator-token-0123456789",
        BILLET_REQUEST_LOG_SIZE: "50",
      },
      { port: 9090, host: undefined },
    );
    expect(config).toEqual({
      mode: "service",
      operatorToken: "operator-token-0123456789",
      requestLogSize: 50,
      port: 9090,
      host: "0.0.0.0",
      databaseUrl: "/tmp/x.db",
      logLevel: "warn",
      sessionIdleSeconds: 60,
      sessionMaxSeconds: 3600,
      sessionFlushMs: 0,
      lockoutThreshold: 0,
      lockoutSeconds: 30,
      ipFailureLimit: 7,
      ipFailureWindowSeconds: 120,
      trustProxy: true,
      demo: false,
      argon2: { memoryKib: 4096, iterations: 3, parallelism: 2 },
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
    expect(message).toMatch(/BILLET_OPERATOR_TOKEN must be 16 to 256 printable ASCII characters/);
    expect(message).not.toContain("short-secret");
    expect(loadConfig({ BILLET_MODE: "service" }).demo).toBe(false);
    expect(loadConfig({ BILLET_MODE: "service", BILLET_DEMO: "true" }).demo).toBe(true);
  });
});
