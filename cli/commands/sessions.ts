import type { Command } from "commander";
import { revokeSession } from "../../src/auth/accounts/provisioning.ts";
import { listSessions, sessionRevokedView } from "../../src/operator/views.ts";
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
    const rows = await withDeps(options, (deps) =>
      listSessions(deps, options.org ? { organizationId: options.org } : {}),
    );
    emit(options, rows, () =>
      table(
        ["REF", "ORG", "USER", "DEVKEY", "CREATED", "LAST ACTIVE", "IDLE DEADLINE"],
        rows.map((r) => [
          r.ref,
          r.organizationId,
          r.userEmail,
          r.devKeyName,
          humanTime(r.createdTime),
          humanTime(r.lastActiveTime),
          `${humanTime(r.idleDeadline)}${r.expired ? " (expired)" : ""}`,
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
    const revoked = await withDeps(options, async (deps) =>
      sessionRevokedView(
        unwrap(await revokeSession(deps, sessionRef), (item) =>
          item.key === "NOT_FOUND" ? `unknown session: ${sessionRef}` : undefined,
        ).id,
      ),
    );
    emit(options, revoked, () => `Revoked session ${sessionRef}.`);
  });
}
