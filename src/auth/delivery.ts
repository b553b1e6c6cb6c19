import type { Clock } from "../clock.ts";
import type { OutboxMessage, OutboxStore } from "../stores/types.ts";
import { newId } from "./ids.ts";

export type OutgoingMessage = Omit<OutboxMessage, "id" | "createdAt">;

/**
 * The one port through which everything BILL would send by SMS, voice or e-mail leaves the
 * domain (MFA tokens, invitations). Adapters decide where it goes.
 */
export interface Delivery {
  send(message: OutgoingMessage): Promise<OutboxMessage>;
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
