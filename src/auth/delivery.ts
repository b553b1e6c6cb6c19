import type { Clock } from "../clock.ts";
import type { OutboxMessage, OutboxStore } from "../stores/types/operator.ts";
import { newId } from "./crypto/ids.ts";

export type OutgoingMessage = Omit<OutboxMessage, "id" | "createdAt">;

/**
 * The one port through which everything BILL would send by SMS, voice or e-mail leaves the
 * domain (MFA tokens, invitations). Adapters decide where it goes.
 */
export interface Delivery {
  /** Hands the message over, or throws a DeliveryError when the channel did not take it. */
  send(message: OutgoingMessage): Promise<OutboxMessage>;
}

/**
 * The channel did not take the message (gateway down, refused, too slow). Expected: the
 * domain answers BDC_9009 instead of pretending a code is on its way. Carries no message
 * text, which may hold a token.
 */
export class DeliveryError extends Error {
  constructor(
    /** Why, for the operator's log: `webhook answered 502`, never the message or the URL. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`delivery failed: ${reason}`, options);
    this.name = "DeliveryError";
  }
}

/** The default adapter: keeps every message in the store's outbox, for the operator tools. */
export function outboxDelivery(outbox: OutboxStore, clock: Clock): Delivery {
  return {
    async send(message) {
      const stored: OutboxMessage = { ...message, id: newId("outboxMessage"), createdAt: clock.now() };
      await outbox.append(stored);
      return stored;
    },
  };
}
