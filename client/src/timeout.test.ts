import { describe, expect, it } from "vitest";
import { APIConnectionTimeoutError, APIUserAbortError } from "./errors.ts";
import {
  CREDENTIALS,
  deferred,
  flush,
  hang,
  json,
  makeClient,
  ORG,
  SESSION_DETAILS,
} from "./testing/fake-fetch.ts";

describe("timeouts", () => {
  it("a call with no answer within timeoutMs throws APIConnectionTimeoutError", async () => {
    const { client, requests } = makeClient(hang, { timeoutMs: 20 });
    await expect(client.sessions.login(CREDENTIALS)).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(requests).toHaveLength(1); // POST: not retried
  });

  it("a per-call timeoutMs overrides the client's, and GET timeouts are retried", async () => {
    const { client, requests, sleeps } = makeClient(hang, { timeoutMs: 60_000 });
    client.useSession("s1", ORG);
    const error = await client.sessions.details({ timeoutMs: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toContain("10 ms");
    expect(requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it("the timeout also covers a body that never finishes", async () => {
    const { client } = makeClient(
      (request) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode("{"));
              request.signal?.addEventListener("abort", () => controller.error(new Error("aborted")));
            },
          }),
          { status: 200, headers: { "content-type": "application/json" } },
        ),
      { timeoutMs: 20, maxRetries: 0 },
    );
    client.useSession("s1", ORG);
    await expect(client.sessions.details()).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });
});

describe("the caller's AbortSignal", () => {
  it("aborting an in-flight call throws APIUserAbortError and is not retried", async () => {
    const { client, requests } = makeClient(hang);
    client.useSession("s1", ORG);
    const controller = new AbortController();
    const call = client.sessions.details({ signal: controller.signal });
    await flush();
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(APIUserAbortError);
    expect(requests).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    const { client, requests } = makeClient(() => json(200, SESSION_DETAILS));
    client.useSession("s1", ORG);
    await expect(client.sessions.details({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
    expect(requests).toHaveLength(0);
  });

  it("a call waiting for a concurrency slot can be aborted", async () => {
    const answer = deferred<Response>();
    const { client, requests } = makeClient(() => answer.promise, {
      maxConcurrentPerOrganization: 1,
    });
    client.useSession("s1", ORG);
    const first = client.sessions.details();
    const controller = new AbortController();
    const queued = client.sessions.details({ signal: controller.signal });
    await flush();
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(APIUserAbortError);
    answer.resolve(json(200, SESSION_DETAILS));
    await expect(first).resolves.toEqual(SESSION_DETAILS);
    expect(requests).toHaveLength(1);
  });
});
