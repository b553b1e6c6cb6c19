import type { Command } from "commander";
import { createDevKey, deactivateDevKey } from "../../src/auth/accounts/provisioning.ts";
import { createdDevKeyView, deactivatedDevKeyView, listDevKeys } from "../../src/operator/views.ts";
import { type CommonOptions, emit, humanTime, note, table, unwrap } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

/** `billet devkey …`: create, deactivate and list developer keys. */
export function registerDevKeyCommands(program: Command): void {
  const devkey = program.command("devkey").description("manage developer keys");

  withCommonOptions(
    devkey
      .command("create")
      .description("create a developer key; the key is shown once and only its hash is stored")
      .requiredOption("--name <name>", "a label for the key (1-100 characters)")
      .option("--mfa-bypass", "sessions of this key skip MFA (treated as trusted)", false),
  ).action(async (options: CommonOptions & { name: string; mfaBypass: boolean }) => {
    const input = { name: options.name, mfaBypass: options.mfaBypass };
    const created = await withDeps(options, async (deps) =>
      createdDevKeyView(input, unwrap(await createDevKey(deps, input))),
    );
    emit(options, created, () => [created.key, `id: ${created.id}`]);
    note(options, "Store the key now: it is not shown again.");
  });

  withCommonOptions(
    devkey
      .command("deactivate <keyOrId>")
      .description("deactivate a developer key (by its id 0dk… or the key itself); its sessions end"),
  ).action(async (keyOrId: string, options: CommonOptions) => {
    const result = await withDeps(options, async (deps) =>
      deactivatedDevKeyView(
        unwrap(await deactivateDevKey(deps, keyOrId), (item) =>
          // Never echo the argument: it may be the key itself.
          item.key === "NOT_FOUND" ? "unknown developer key" : undefined,
        ),
      ),
    );
    emit(
      options,
      result,
      () => `Deactivated developer key ${result.id}; ended ${result.sessionsEnded} session(s).`,
    );
  });

  withCommonOptions(
    devkey.command("list").description("list developer keys (ids and names; the keys are not stored)"),
  ).action(async (options: CommonOptions) => {
    const devKeys = await withDeps(options, listDevKeys);
    emit(options, devKeys, () =>
      table(
        ["ID", "NAME", "ACTIVE", "MFA BYPASS", "CREATED", "DEACTIVATED"],
        devKeys.map((k) => [
          k.id,
          k.name,
          k.active ? "yes" : "no",
          k.mfaBypass ? "yes" : "no",
          humanTime(k.createdTime),
          humanTime(k.deactivatedTime),
        ]),
        "No developer keys.",
      ),
    );
  });
}
