import type { Command } from "commander";
import { createSyncTokenAsOperator, revokeSyncToken } from "../../src/auth/accounts/sync-tokens.ts";
import { createdSyncTokenView, listSyncTokensView, revokedSyncTokenView } from "../../src/operator/views.ts";
import { type CommonOptions, emit, humanTime, note, table, unwrap } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

/** `billet sync-token …`: create, list and revoke AP & AR sync tokens. */
export function registerSyncTokenCommands(program: Command): void {
  const syncToken = program.command("sync-token").description("manage AP & AR sync tokens");

  withCommonOptions(
    syncToken
      .command("create")
      .description("create a sync token; its value is shown once and only its hash is stored")
      .requiredOption("--org <organizationId>", "the organization (008…)")
      .requiredOption("--name <name>", "the token's name, the username of its logins (no @)")
      .option("--user <userId>", "the Administrator it acts as (default: the organization's first)")
      .option("--token <value>", "use this value (16-128 printable characters) instead of a new one"),
  ).action(async (options: CommonOptions & { org: string; name: string; user?: string; token?: string }) => {
    const input = {
      organizationId: options.org,
      name: options.name,
      userId: options.user,
      ...(options.token === undefined ? {} : { value: options.token }),
    };
    const created = await withDeps(options, async (deps) =>
      createdSyncTokenView(unwrap(await createSyncTokenAsOperator(deps, input))),
    );
    emit(options, created, () => [created.token, `id: ${created.id}`, `name: ${created.name}`]);
    note(options, "Store the token now: it is not shown again.");
  });

  withCommonOptions(
    syncToken
      .command("list")
      .description("list sync tokens (ids and names; the values are not stored)")
      .option("--org <organizationId>", "only this organization's"),
  ).action(async (options: CommonOptions & { org?: string }) => {
    const filter = options.org === undefined ? {} : { organizationId: options.org };
    const tokens = await withDeps(options, (deps) => listSyncTokensView(deps, filter));
    emit(options, tokens, () =>
      table(
        ["ID", "ORGANIZATION", "NAME", "USER", "CREATED", "REVOKED"],
        tokens.map((t) => [
          t.id,
          t.organizationId,
          t.name,
          t.userId,
          humanTime(t.createdTime),
          humanTime(t.revokedTime),
        ]),
        "No sync tokens.",
      ),
    );
  });

  withCommonOptions(
    syncToken.command("revoke <id>").description("revoke a sync token (by its id 0sy…); its sessions end"),
  ).action(async (id: string, options: CommonOptions) => {
    const result = await withDeps(options, async (deps) =>
      revokedSyncTokenView(unwrap(await revokeSyncToken(deps, id))),
    );
    emit(options, result, () => `Revoked sync token ${result.id}; ended ${result.sessionsEnded} session(s).`);
  });
}
