/**
 * The webhook adapter of the delivery port: every message is posted as JSON to a URL the
 * operator configures (`BILLET_DELIVERY_WEBHOOK_URL`), where a team's own code hands it to a
 * real SMS, voice or e-mail gateway. Nothing is kept in the outbox: with a real channel wired,
 * tokens are not stored in clear anywhere.
 *
 * A 2xx answer within the timeout means delivered. Anything else (an error status, a redirect,
 * no answer, a refused connection) throws DeliveryError: the MFA endpoints then void the token
 * and answer 503 BDC_9009, so a caller never waits for a code that will not come.
 */
import { createHmac } from "node:crypto";
import { newId } from "../auth/crypto/ids.ts";
import { type Delivery, DeliveryError } from "../auth/delivery.ts";
import { type Clock, formatTimestamp } from "../clock.ts";
import type { OutboxMessage } from "../stores/types/operator.ts";

export interface WebhookOptions {
  url: string;
  /** Signs each body: `X-Billet-Signature: sha256=HEX(HMAC-SHA256(secret, body))`. */
  secret: string | null;
  timeoutMs: number;
  clock: Clock;
  /** Tests may inject one; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/** The JSON body posted for one message. */
export function webhookPayload(message: OutboxMessage) {
  return {
    id: message.id,
    channel: message.channel,
    recipient: message.recipient,
    purpose: message.purpose,
    text: message.text,
    userId: message.userId,
    organizationId: message.organizationId,
    createdTime: formatTimestamp(message.createdAt),
  };
}

/** `sha256=…` for a body, as the receiver should recompute it. */
export const webhookSignature = (secret: string, body: string): string =>
  `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;

export function webhookDelivery(options: WebhookOptions): Delivery {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  return {
    async send(outgoing) {
      const message: OutboxMessage = {
        ...outgoing,
        id: newId("outboxMessage"),
        createdAt: options.clock.now(),
      };
      const body = JSON.stringify(webhookPayload(message));
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "user-agent": "billet-delivery",
        // The receiver can drop a message it already handled (a retry after a lost answer).
        "x-billet-message-id": message.id,
      };
      if (options.secret) headers["x-billet-signature"] = webhookSignature(options.secret, body);
      let response: Response;
      try {
        response = await fetchImpl(options.url, {
          method: "POST",
          headers,
          body,
          // A redirect is a failure: the message goes to the configured URL or nowhere.
          redirect: "manual",
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && error.name === "TimeoutError";
        throw new DeliveryError(
          timedOut ? `no answer within ${options.timeoutMs} ms` : "webhook unreachable",
          {
            cause: error,
          },
        );
      }
      // Read and drop the answer so that the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status < 200 || response.status > 299) {
        throw new DeliveryError(`webhook answered ${response.status}`);
      }
      return message;
    },
  };
}
