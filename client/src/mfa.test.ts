import { describe, expect, it } from "vitest";
import { BadRequestError, PermissionDeniedError } from "./errors.ts";
import {
  BASE_URL,
  billError,
  CREDENTIALS,
  DEV_KEY,
  json,
  loginOk,
  makeClient,
} from "./testing/fake-fetch.ts";

/** A client logged in as "sess-1" whose later requests `handler` answers. */
async function signedIn(handler: Parameters<typeof makeClient>[0]) {
  const made = makeClient((request) =>
    request.url.endsWith("/v3/login") ? loginOk("sess-1") : handler(request),
  );
  await made.client.sessions.login(CREDENTIALS);
  made.requests.length = 0;
  return made;
}

const bodyOf = (request: { body: string | undefined } | undefined) => JSON.parse(request?.body ?? "null");

describe("mfa", () => {
  it("sends each call to its path, with the session headers and a JSON body", async () => {
    const answers: Record<string, unknown> = {
      "/v3/mfa/setup": { setupId: "0ms01AAAAAAAAAAAAAAA" },
      "/v3/mfa/setup/validate": { status: "SUCCESS" },
      "/v3/mfa/phones": {
        results: [{ type: "MOBILE", last4digits: "4567", primary: true, phone: "+1******4567" }],
      },
      "/v3/mfa/challenge": { challengeId: "0mc01AAAAAAAAAAAAAAA" },
      "/v3/mfa/challenge/validate": { trusted: true, rememberMeId: "rm-secret" },
      "/v3/mfa/step-up": { trusted: true },
    };
    const { client, requests } = await signedIn((request) =>
      json(200, answers[request.url.slice(BASE_URL.length)]),
    );

    expect(await client.mfa.setup({ phone: "+15551234567", type: "TEXT", primary: true })).toEqual(
      answers["/v3/mfa/setup"],
    );
    expect(
      await client.mfa.validateSetup({ setupId: "0ms01AAAAAAAAAAAAAAA", type: "TEXT", token: "012345" }),
    ).toEqual({ status: "SUCCESS" });
    expect(await client.mfa.phones()).toEqual(answers["/v3/mfa/phones"]);
    expect(await client.mfa.challenge()).toEqual(answers["/v3/mfa/challenge"]);
    expect(
      await client.mfa.validateChallenge({
        challengeId: "0mc01AAAAAAAAAAAAAAA",
        token: "654321",
        rememberMe: true,
        device: "ci",
        machineName: "runner-7",
      }),
    ).toEqual(answers["/v3/mfa/challenge/validate"]);
    expect(await client.mfa.stepUp({ rememberMeId: "rm-secret", device: "ci" })).toEqual({ trusted: true });

    expect(requests.map((r) => `${r.method} ${r.url.slice(BASE_URL.length)}`)).toEqual([
      "POST /v3/mfa/setup",
      "POST /v3/mfa/setup/validate",
      "GET /v3/mfa/phones",
      "POST /v3/mfa/challenge",
      "POST /v3/mfa/challenge/validate",
      "POST /v3/mfa/step-up",
    ]);
    for (const request of requests) {
      expect(request.headers.get("devKey")).toBe(DEV_KEY);
      expect(request.headers.get("sessionId")).toBe("sess-1");
      // Tokens and rememberMeIds travel in bodies, never in the URL.
      expect(new URL(request.url).search).toBe("");
    }
    expect(bodyOf(requests[0])).toEqual({ phone: "+15551234567", type: "TEXT", primary: true });
    expect(bodyOf(requests[1])).toEqual({ setupId: "0ms01AAAAAAAAAAAAAAA", type: "TEXT", token: "012345" });
    expect(requests[2]?.body).toBeUndefined();
    expect(bodyOf(requests[3])).toEqual({});
    expect(bodyOf(requests[4])).toEqual({
      challengeId: "0mc01AAAAAAAAAAAAAAA",
      token: "654321",
      rememberMe: true,
      device: "ci",
      machineName: "runner-7",
    });
    expect(bodyOf(requests[5])).toEqual({ rememberMeId: "rm-secret", device: "ci" });
  });

  it("throws the API's error class, e.g. 403 BDC_5324 for a change of phone on an untrusted session", async () => {
    const { client } = await signedIn(() => billError(403, "BDC_5324"));
    const error = await client.mfa.setup({ phone: "+15551234567", type: "TEXT" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as PermissionDeniedError).code).toBe("BDC_5324");
  });

  it("sends useBackup as given, the text form BILL's collection uses included", async () => {
    const { client, requests } = await signedIn(() => json(200, { challengeId: "0mc01AAAAAAAAAAAAAAA" }));
    await client.mfa.challenge({ useBackup: "false" });
    await client.mfa.challenge({ useBackup: false });
    expect(requests.slice(-2).map(bodyOf)).toEqual([{ useBackup: "false" }, { useBackup: false }]);
  });

  describe("runChallenge", () => {
    it("challenges, asks for the token with the challenge id, validates and returns the result", async () => {
      const { client, requests } = await signedIn((request) =>
        request.url.endsWith("/challenge")
          ? json(200, { challengeId: "0mc01X" })
          : json(200, { trusted: true, rememberMeId: "rm" }),
      );
      const asked: [string, number][] = [];
      const result = await client.mfa.runChallenge(
        async (challengeId, attempt) => {
          asked.push([challengeId, attempt]);
          return "111111";
        },
        { rememberMe: true, device: "laptop" },
      );
      expect(result).toEqual({ trusted: true, rememberMeId: "rm" });
      expect(asked).toEqual([["0mc01X", 1]]);
      expect(bodyOf(requests[1])).toEqual({
        challengeId: "0mc01X",
        token: "111111",
        rememberMe: true,
        device: "laptop",
      });
    });

    it("asks again after a wrong token, up to `attempts` tokens, then throws BDC_9002", async () => {
      const tokens: string[] = [];
      const { client } = await signedIn((request) => {
        if (request.url.endsWith("/challenge")) return json(200, { challengeId: "0mc01X" });
        tokens.push(bodyOf(request).token);
        return tokens.length === 3 ? json(200, { trusted: true }) : billError(400, "BDC_9002");
      });
      expect(await client.mfa.runChallenge((_id, attempt) => `00000${attempt}`, { attempts: 3 })).toEqual({
        trusted: true,
      });
      expect(tokens).toEqual(["000001", "000002", "000003"]);

      tokens.length = 0;
      const error = await client.mfa.runChallenge(() => "999999", { attempts: 2 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).code).toBe("BDC_9002");
      expect(tokens).toHaveLength(2);
    });

    it("never asks again after any other error", async () => {
      let validations = 0;
      const { client } = await signedIn((request) => {
        if (request.url.endsWith("/challenge")) return json(200, { challengeId: "0mc01X" });
        validations += 1;
        return billError(400, "BDC_1356");
      });
      const error = await client.mfa.runChallenge(() => "123456", { attempts: 5 }).catch((e: unknown) => e);
      expect((error as BadRequestError).code).toBe("BDC_1356");
      expect(validations).toBe(1);
    });

    it("stops before asking for a token when the challenge is refused (no phone: BDC_1354)", async () => {
      const { client } = await signedIn(() => billError(400, "BDC_1354"));
      let asked = false;
      const error = await client.mfa
        .runChallenge(() => {
          asked = true;
          return "123456";
        })
        .catch((e: unknown) => e);
      expect((error as BadRequestError).code).toBe("BDC_1354");
      expect(asked).toBe(false);
    });

    it("refuses rememberMe without a device, and fewer than one attempt, before sending anything", async () => {
      const { client, requests } = await signedIn(() => json(200, {}));
      await expect(client.mfa.runChallenge(() => "1", { rememberMe: true })).rejects.toThrow(TypeError);
      await expect(client.mfa.runChallenge(() => "1", { attempts: 0 })).rejects.toThrow(TypeError);
      expect(requests).toHaveLength(0);
    });
  });
});
