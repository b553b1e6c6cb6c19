import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./core/backoff.ts";
import { APIConnectionError, RateLimitError } from "./errors.ts";
import {
  billError,
  CREDENTIALS,
  json,
  loginOk,
  makeClient,
  ORG,
  type RecordedRequest,
  SESSION_DETAILS,
} from "./testing/fake-fetch.ts";

/** Answers from a script, one response per non-login request. */
function scripted(...answers: Array<() => Response>) {
  let index = 0;
  return (request: RecordedRequest) => {
    if (request.url.endsWith("/v3/login")) return loginOk("s1");
    const answer = answers[index++];
    if (!answer) throw new Error("script exhausted");
    return answer();
  };
}

const busy = (retryAfter?: string) => () =>
  billError(422, "BDC_1322", retryAfter === undefined ? {} : { "retry-after": retryAfter });
const ok = () => json(200, SESSION_DETAILS);

describe("BDC_1322 retries", () => {
  it("retries with the delays Retry-After asks for", async () => {
    const { client, requests, sleeps } = makeClient(scripted(busy("1"), busy("2"), ok));
    client.useSession("s1", ORG);
    expect(await client.sessions.details()).toEqual(SESSION_DETAILS);
    expect(sleeps).toEqual([1000, 2000]);
    expect(requests).toHaveLength(3);
  });

  it("uses exponential backoff with jitter without Retry-After", async () => {
    const { client, sleeps } = makeClient(scripted(busy(), busy(), ok));
    client.useSession("s1", ORG);
    await client.sessions.details();
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(375);
    expect(sleeps[0]).toBeLessThanOrEqual(500);
    expect(sleeps[1]).toBeGreaterThanOrEqual(750);
    expect(sleeps[1]).toBeLessThanOrEqual(1000);
  });

  it("throws RateLimitError once maxRetries are spent", async () => {
    const { client, requests, sleeps } = makeClient(scripted(busy("1"), busy("1"), busy("1")));
    client.useSession("s1", ORG);
    const error = await client.sessions.details().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe("BDC_1322");
    expect((error as RateLimitError).retryAfterSeconds).toBe(1);
    expect(requests).toHaveLength(3);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it("retries a login too (1322 is answered before any work is done)", async () => {
    let first = true;
    const { client, sleeps } = makeClient(() => {
      if (!first) return loginOk("s1");
      first = false;
      return billError(422, "BDC_1322", { "retry-after": "1" });
    });
    await expect(client.sessions.login(CREDENTIALS)).resolves.toMatchObject({ sessionId: "s1" });
    expect(sleeps).toEqual([1000]);
  });

  it("honours maxRetries: 0", async () => {
    const { client, requests } = makeClient(scripted(busy("1")), { maxRetries: 0 });
    client.useSession("s1", ORG);
    await expect(client.sessions.details()).rejects.toBeInstanceOf(RateLimitError);
    expect(requests).toHaveLength(1);
  });
});

describe("BDC_1144", () => {
  it("is thrown at once as RateLimitError with retryAfterSeconds", async () => {
    const { client, requests, sleeps } = makeClient(
      scripted(() => billError(422, "BDC_1144", { "retry-after": "1800" })),
    );
    client.useSession("s1", ORG);
    const error = await client.sessions.details().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe("BDC_1144");
    expect((error as RateLimitError).retryAfterSeconds).toBe(1800);
    expect((error as RateLimitError).requestId).toBe("req-1");
    expect(requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe("connection errors", () => {
  const refused = () => {
    throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
  };

  it("retries a GET up to maxRetries, then throws APIConnectionError", async () => {
    const { client, requests, sleeps } = makeClient(scripted(refused, refused, refused));
    client.useSession("s1", ORG);
    const error = await client.sessions.details().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect(requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it("a GET recovers after one failure", async () => {
    const { client } = makeClient(scripted(refused, ok));
    client.useSession("s1", ORG);
    await expect(client.sessions.details()).resolves.toEqual(SESSION_DETAILS);
  });

  it("never retries a POST", async () => {
    const { client, requests } = makeClient(() => refused());
    await expect(client.sessions.login(CREDENTIALS)).rejects.toBeInstanceOf(APIConnectionError);
    expect(requests).toHaveLength(1);
  });
});

describe("retryDelayMs", () => {
  it("prefers a sane Retry-After, else backs off up to 8 s", () => {
    expect(retryDelayMs(0, 0)).toBe(0);
    expect(retryDelayMs(5, 3)).toBe(3000);
    expect(retryDelayMs(0, 3600, () => 0)).toBe(500); // too long to block a call on
    expect(retryDelayMs(2, undefined, () => 0)).toBe(2000);
    expect(retryDelayMs(10, undefined, () => 0)).toBe(8000);
    expect(retryDelayMs(10, undefined, () => 1)).toBe(6000);
  });
});
