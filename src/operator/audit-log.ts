import type { Logger } from "pino";
import type { AuditEvent, AuditSink } from "../auth/context.ts";
import { newId } from "../auth/crypto/ids.ts";
import type { Clock } from "../clock.ts";
import type { AuditStore } from "../stores/types/operator.ts";

export interface AuditLog {
  sink: AuditSink;
  /** Resolves once every event recorded so far is in the store. */
  flush(): Promise<void>;
}

/**
 * Every authentication decision goes to the log (one JSON line) and to the audit store, so
 * that the operator API can filter it. Writing to the store never delays or fails the request
 * that caused it; a failed write is logged.
 */
export function createAuditLog(logger: Logger, store: AuditStore, clock: Clock): AuditLog {
  const auditLogger = logger.child({ kind: "audit" });
  const pending = new Set<Promise<void>>();
  const sink: AuditSink = (event: AuditEvent) => {
    auditLogger.info(event, event.event);
    const write = store
      .append({
        id: newId("auditEvent"),
        at: clock.now(),
        event: event.event,
        code: event.code ?? null,
        username: event.username ?? null,
        usernameHash: event.usernameHash ?? null,
        userId: event.userId ?? null,
        organizationId: event.organizationId ?? null,
        devKeyId: event.devKeyId ?? null,
        sessionRef: event.sessionRef ?? null,
        ip: event.ip ?? null,
        reason: event.reason ?? null,
        mode: event.mode ?? null,
      })
      .catch((err: unknown) => logger.warn({ err, event: event.event }, "audit write failed"))
      .finally(() => pending.delete(write));
    pending.add(write);
  };
  return {
    sink,
    async flush() {
      await Promise.all([...pending]);
    },
  };
}
