import type { AuditStore, OutboxStore, SettingStore } from "../types.ts";
import { byKeys, type MemoryState, requireAbsent } from "./state.ts";

/** The audit log of the operator API, as sql/operator.ts keeps it. */
export function memoryAuditStore(state: () => MemoryState): AuditStore {
  return {
    async append(record) {
      requireAbsent(state().audit, record.id, "audit record");
      state().audit.set(record.id, { ...record });
    },
    async list(filter) {
      return [...state().audit.values()]
        .filter((r) => filter.organizationId === undefined || r.organizationId === filter.organizationId)
        .filter((r) => filter.userId === undefined || r.userId === filter.userId)
        .filter((r) => filter.event === undefined || r.event === filter.event)
        .filter((r) => filter.from === undefined || r.at >= filter.from)
        .filter((r) => filter.to === undefined || r.at < filter.to)
        .sort(
          byKeys(
            (r) => r.at,
            (r) => r.id,
          ),
        )
        .reverse()
        .slice(0, Math.max(1, Math.min(filter.limit ?? 100, 1000)))
        .map((r) => ({ ...r }));
    },
  };
}

/** Server-wide settings: one value per key, replaced on set. */
export function memorySettingStore(state: () => MemoryState): SettingStore {
  return {
    get: async (key) => state().settings.get(key)?.value,
    async set(key, value, now) {
      state().settings.set(key, { value, updatedAt: now });
    },
  };
}

/** Messages BILL would send, newest first, as sql/outbox.ts lists them. */
export function memoryOutboxStore(state: () => MemoryState): OutboxStore {
  return {
    async append(message) {
      requireAbsent(state().outbox, message.id, "outbox message");
      state().outbox.set(message.id, { ...message });
    },
    async list(filter) {
      // Insertion order stands for the `seq` column: newest by time, then by the order appended.
      return [...state().outbox.values()]
        .map((message, seq) => ({ message, seq }))
        .filter(({ message: m }) => filter.recipient === undefined || m.recipient === filter.recipient)
        .filter(({ message: m }) => filter.userId === undefined || m.userId === filter.userId)
        .sort((a, b) => b.message.createdAt - a.message.createdAt || b.seq - a.seq)
        .slice(0, Math.max(1, Math.min(filter.limit ?? 100, 1000)))
        .map(({ message }) => ({ ...message }));
    },
  };
}
