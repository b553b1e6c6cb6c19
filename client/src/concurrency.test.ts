import { describe, expect, it } from "vitest";
import {
  CREDENTIALS,
  type Deferred,
  deferred,
  flush,
  json,
  loginOk,
  makeClient,
  ORG,
  type RecordedRequest,
  SESSION_DETAILS,
} from "./testing/fake-fetch.ts";

/** Every request waits for its own deferred answer. */
function gated() {
  const pending: Array<{ request: RecordedRequest; answer: Deferred<Response> }> = [];
  const handler = (request: RecordedRequest) => {
    const answer = deferred<Response>();
    pending.push({ request, answer });
    return answer.promise;
  };
  return { handler, pending };
}

describe("per-organization concurrency cap", () => {
  it("keeps at most 3 requests in flight; a 4th starts when one finishes", async () => {
    const server = gated();
    const { client } = makeClient(server.handler);
    client.useSession("s1", ORG);
    const calls = Array.from({ length: 5 }, () => client.sessions.details());
    await flush();
    expect(server.pending).toHaveLength(3);

    server.pending[1]?.answer.resolve(json(200, SESSION_DETAILS));
    await flush();
    expect(server.pending).toHaveLength(4);

    server.pending[0]?.answer.resolve(json(200, SESSION_DETAILS));
    await flush();
    expect(server.pending).toHaveLength(5);
    for (const { answer } of server.pending) answer.resolve(json(200, SESSION_DETAILS));
    await expect(Promise.all(calls)).resolves.toHaveLength(5);
  });

  it("counts a login for its target organization, and other organizations run freely", async () => {
    const server = gated();
    const { client } = makeClient(server.handler);
    const otherOrg = "00801ZZZZZZZZZZZZZZZ";
    const logins = Array.from({ length: 4 }, () => client.sessions.login(CREDENTIALS));
    const other = client.sessions.login({ ...CREDENTIALS, organizationId: otherOrg });
    await flush();
    const bodies = server.pending.map(({ request }) => JSON.parse(request.body ?? "{}"));
    expect(bodies.map((body) => body.organizationId)).toEqual([ORG, ORG, ORG, otherOrg]);
    for (const { answer } of server.pending) answer.resolve(loginOk("s"));
    await flush();
    expect(server.pending).toHaveLength(5);
    server.pending[4]?.answer.resolve(loginOk("s"));
    await Promise.all([...logins, other]);
  });

  it("honours maxConcurrentPerOrganization", async () => {
    const server = gated();
    const { client } = makeClient(server.handler, { maxConcurrentPerOrganization: 1 });
    client.useSession("s1", ORG);
    const calls = [client.sessions.details(), client.sessions.details()];
    await flush();
    expect(server.pending).toHaveLength(1);
    server.pending[0]?.answer.resolve(json(200, SESSION_DETAILS));
    await flush();
    expect(server.pending).toHaveLength(2);
    server.pending[1]?.answer.resolve(json(200, SESSION_DETAILS));
    await Promise.all(calls);
  });

  it("a failed request frees its slot", async () => {
    const server = gated();
    const { client } = makeClient(server.handler, {
      maxConcurrentPerOrganization: 1,
      maxRetries: 0,
    });
    client.useSession("s1", ORG);
    const first = client.sessions.details();
    const second = client.sessions.details();
    await flush();
    server.pending[0]?.answer.reject(new TypeError("fetch failed"));
    await expect(first).rejects.toThrow("fetch failed");
    await flush();
    expect(server.pending).toHaveLength(2);
    server.pending[1]?.answer.resolve(json(200, SESSION_DETAILS));
    await expect(second).resolves.toEqual(SESSION_DETAILS);
  });
});

describe("slots during retries", () => {
  it("a call sleeping before a retry does not hold its slot", async () => {
    const sleepGate = deferred<void>();
    let firstCall = true;
    const server = gated();
    const { client } = makeClient(
      (request) => {
        if (firstCall) {
          firstCall = false;
          throw new TypeError("fetch failed");
        }
        return server.handler(request);
      },
      { maxConcurrentPerOrganization: 1, sleep: () => sleepGate.promise },
    );
    client.useSession("s1", ORG);
    const retrying = client.sessions.details(); // fails, then sleeps
    await flush();
    const other = client.sessions.details();
    await flush();
    expect(server.pending).toHaveLength(1); // the other call got the slot meanwhile
    server.pending[0]?.answer.resolve(json(200, SESSION_DETAILS));
    await expect(other).resolves.toEqual(SESSION_DETAILS);
    sleepGate.resolve();
    await flush();
    server.pending[1]?.answer.resolve(json(200, SESSION_DETAILS));
    await expect(retrying).resolves.toEqual(SESSION_DETAILS);
  });
});
