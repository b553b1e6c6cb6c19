import type { FastifyRequest } from "fastify";

/** What a route learns about its caller, for the request log and integration warnings. */
export interface CallerFacts {
  kind: "login" | "call";
  /** The devKey as sent (a secret: hashed at once, never kept). */
  devKey: string;
  /** SHA-256 of the devKey when the route already has it (a session check): not hashed again. */
  devKeyHash?: string;
  devKeyId: string;
  organizationId: string;
  userId: string;
}

/** Installed on each `/connect` request by the operator plane when it is on. */
export interface RequestObserver {
  /**
   * The request now works for this (devKey, organization): it counts as in flight for it.
   * `devKeyHash` is the devKey's SHA-256 when the route already computed it.
   */
  enter(devKey: string, organizationId: string, devKeyHash?: string): void;
  caller(facts: CallerFacts): void;
  /** An authenticated call refused for this internal reason (e.g. `idle`). */
  rejected(reason: string | undefined): void;
}

declare module "fastify" {
  interface FastifyRequest {
    observer?: RequestObserver;
  }
}

/** Tells the operator plane which (devKey, organization) a request works for; a no-op when it is off. */
export const noteInFlight = (
  request: FastifyRequest,
  devKey: string,
  organizationId: string,
  devKeyHash?: string,
): void => request.observer?.enter(devKey, organizationId, devKeyHash);

/** Tells the operator plane who is calling; a no-op when it is off. */
export const noteCaller = (request: FastifyRequest, facts: CallerFacts): void =>
  request.observer?.caller(facts);

/** Tells the operator plane why a session was refused; a no-op when it is off. */
export const noteRejected = (request: FastifyRequest, reason: string | undefined): void =>
  request.observer?.rejected(reason);
