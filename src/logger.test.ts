import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, isPretty, requestLoggerFactory } from "./logger.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger("info", stream) };
}

describe("a request's logger", () => {
  it("logs as pino's child would: the request id bound, secrets redacted, levels kept", async () => {
    const { lines, logger } = capture();
    const log = requestLoggerFactory(logger, { reqId: "r-1" }, {});
    expect(log.level).toBe("info");
    expect(log.isLevelEnabled("info")).toBe(true);
    expect(log.isLevelEnabled("debug")).toBe(false);
    expect(log.bindings()).toEqual({ reqId: "r-1" });
    log.debug("not written");
    log.warn({ devKey: "a-secret-dev-key", code: "BDC_1109" }, "refused");
    log.info("plain");
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map(({ level, reqId, msg, devKey }) => ({ level, reqId, msg, devKey }))).toEqual([
      { level: 40, reqId: "r-1", msg: "refused", devKey: "[redacted]" },
      { level: 30, reqId: "r-1", msg: "plain", devKey: undefined },
    ]);
    expect(log.child({ step: "x" }).bindings()).toEqual({ reqId: "r-1", step: "x" });
  });

  it("keeps a route's own level (the health probes log at warn) without making a child", async () => {
    const { lines, logger } = capture();
    const log = requestLoggerFactory(logger, { reqId: "r-2" }, { level: "warn" });
    expect(log.level).toBe("warn");
    expect(log.isLevelEnabled("info")).toBe(false);
    expect(log.isLevelEnabled("warn")).toBe(true);
    log.info("quiet");
    log.error("loud");
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => line.msg)).toEqual(["loud"]);
    const silent = requestLoggerFactory(logger, { reqId: "r-3" }, { level: "silent" });
    expect(silent.isLevelEnabled("fatal")).toBe(false);
  });
});

describe("the log format", () => {
  it("auto is pretty only on a terminal's standard output; pretty and json are what they say", () => {
    expect(isPretty("auto", true, true)).toBe(true);
    expect(isPretty("auto", true, false)).toBe(false);
    expect(isPretty("auto", false, true)).toBe(false);
    expect(isPretty("pretty", false, false)).toBe(true);
    expect(isPretty("json", true, true)).toBe(false);
  });

  it("pretty writes readable lines, uncoloured off a terminal, with the same redaction", async () => {
    let text = "";
    const stream = new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    });
    const logger = createLogger("info", stream, "pretty");
    logger.warn({ devKey: "a-secret-dev-key", code: "BDC_1109" }, "refused");
    await new Promise((resolve) => setImmediate(resolve));
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: refused\n/);
    expect(text).toContain('code: "BDC_1109"');
    expect(text).toContain('devKey: "[redacted]"');
    expect(text).not.toContain("a-secret-dev-key");
    expect(text).not.toContain("\u001b[");
    expect(() => JSON.parse(text.split("\n")[0] ?? "")).toThrow();
  });
});
