import type { Command } from "commander";
import { revokeSession } from "../../src/auth/accounts/provisioning.ts";
import { sessionDeadline } from "../../src/auth/sessions/expiry.ts";
import { formatTimestamp } from "../../src/clock.ts";
import { type CommonOptions, emit, humanTime, table, unwrap } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

/** `billet sessions …`: list and revoke sessions. The secret session ids are never stored. */
export function registerSessionCommands(program: Command): void {
  const sessions = program.command("sessions").description("inspect and revoke sessions");

  withCommonOptions(
    sessions
      .command("list")
      .summary("list sessions by their public reference (0se…)")
      .description(
        "list sessions by their public reference (0se…); last activity may lag a running server on SQLite by up to BILLET_SESSION_FLUSH_MS (never on PostgreSQL)",
      )
      .option("--org <organizationId>", "only the sessions of this organization"),
  ).action(async (options: CommonOptions & { org?: string }) => {
    const rows = await withDeps(options, async (deps) => {
      const list = await deps.stores.sessions.list(options.org ? { organizationId: options.org } : {});
      const now = deps.clock.now();
      return list.map((s) => {
        const deadline = sessionDeadline(s, deps.config);
        return {
          ref: s.id,
          organizationId: s.organizationId,
          userId: s.userId,
          userEmail: s.userEmail,
          devKeyId: s.devKeyId,
          devKeyName: s.devKeyName,
          trusted: s.trusted,
          createdTime: formatTimestamp(s.createdAt),
          lastActiveTime: formatTimestamp(s.lastActiveAt),
          idleDeadline: formatTimestamp(deadline),
          expired: now >= deadline,
          // Kept for the human table; not part of the JSON shape.
          times: { createdAt: s.createdAt, lastActiveAt: s.lastActiveAt, deadline },
        };
      });
    });
    emit(
      options,
      rows.map(({ times: _times, ...row }) => row),
      () =>
        table(
          ["REF", "ORG", "USER", "DEVKEY", "CREATED", "LAST ACTIVE", "IDLE DEADLINE"],
          rows.map((r) => [
            r.ref,
            r.organizationId,
            r.userEmail,
            r.devKeyName,
            humanTime(r.times.createdAt),
            humanTime(r.times.lastActiveAt),
            `${humanTime(r.times.deadline)}${r.expired ? " (expired)" : ""}`,
          ]),
          "No sessions.",
        ),
    );
  });

  withCommonOptions(
    sessions
      .command("revoke <sessionRef>")
      .description("end one session at once, named by its reference (0se…)"),
  ).action(async (sessionRef: string, options: CommonOptions) => {
    await withDeps(options, async (deps) =>
      unwrap(await revokeSession(deps, sessionRef), (item) =>
        item.key === "NOT_FOUND" ? `unknown session: ${sessionRef}` : undefined,
      ),
    );
    emit(options, { ref: sessionRef, revoked: true }, () => `Revoked session ${sessionRef}.`);
  });
}
