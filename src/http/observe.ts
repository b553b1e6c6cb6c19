import type { FastifyReply, FastifyRequest } from "fastify";
import type { SessionMode } from "../stores/types/sessions.ts";
import { requiredHeaders } from "./request.ts";
import { requiredFormFields } from "./v2-auth.ts";

/** What a route learns about its caller, for the request log and integration warnings. */
export interface CallerFacts {
  /** `token`: an OAuth access token issued (`POST /authx/token`). */
  kind: "login" | "call" | "token";
  /** The devKey as sent (a secret: hashed at once, never kept). */
  devKey: string;
  /** SHA-256 of the devKey when the route already has it (a session check): not hashed again. */
  devKeyHash?: string;
  devKeyId: string;
  organizationId: string;
  userId: string;
  /** A login through BILL's v2 API (`/api/v2/Login.json`). */
  via?: "v2";
  /** How the session was made, and its credential (an OAuth app's id). */
  mode?: SessionMode;
  credentialId?: string | null;
}

/** Put on each `/connect` request (`request.ctx.observer`) by the operator plane when it is on. */
export interface RequestObserver {
  /**
   * The request now works for this (devKey, organization): it counts as in flight for it.
   * `devKeyHash` is the devKey's SHA-256 when the route already computed it.
   */
  enter(devKey: string, organizationId: string, devKeyHash?: string): void;
  caller(facts: CallerFacts): void;
  /** What the observer still looks up before the answer is written; undefined when nothing. */
  settled?(): Promise<void> | undefined;
  /** An authenticated call refused for this internal reason (e.g. `idle`). */
  rejected(reason: string | undefined): void;
  /** The answer is about to be written: its headers may still change, its payload is final. */
  answered(reply: FastifyReply, payload: unknown): void;
  /** The request is over (once; `reply` is absent when the client went away first). */
  finish(reply: FastifyReply | undefined): void;
}

/** Tells the operator plane which (devKey, organization) a request works for; a no-op when it is off. */
export const noteInFlight = (
  request: FastifyRequest,
  devKey: string,
  organizationId: string,
  devKeyHash?: string,
): void => request.ctx.observer?.enter(devKey, organizationId, devKeyHash);

/** Tells the operator plane who is calling; a no-op when it is off. */
export const noteCaller = (request: FastifyRequest, facts: CallerFacts): void =>
  request.ctx.observer?.caller(facts);

/**
 * The observation step of a session-authenticated call: the operator plane learns which
 * (devKey, organization) the request now works for, and who calls. A no-op when it is off.
 */
export function noteSessionCaller(request: FastifyRequest): void {
  const observer = request.ctx.observer;
  const session = request.ctx.session;
  if (!observer || !session) return;
  // Where the authentication step found it: a header, or a v2 call's form field; an OAuth
  // token names none (its app's hidden devKey is known by its hash only).
  const { devKey } =
    session.mode === "oauth"
      ? { devKey: "" }
      : request.routeOptions.config?.auth === "v2-session"
        ? requiredFormFields(request, ["devKey"])
        : requiredHeaders(request, ["devKey"]);
  // The session check has just compared the devKey's hash with this one: no need to hash it again.
  observer.enter(devKey, session.organizationId, session.devKeyHash);
  observer.caller({
    kind: "call",
    devKey,
    devKeyHash: session.devKeyHash,
    devKeyId: session.devKeyId,
    organizationId: session.organizationId,
    userId: session.userId,
    mode: session.mode,
    credentialId: session.credentialId,
  });
}
