import type { Command } from "commander";
import {
  addConsoleOrganization,
  addConsoleUser,
  createConsole,
  createConsoleToken,
  getConsole,
  listConsoles,
  listConsoleTokens,
  removeConsoleOrganization,
  removeConsoleUser,
  revokeConsoleToken,
} from "../../src/auth/accounts/consoles.ts";
import { consoleDetailsView, consoleTokenView, consoleView } from "../../src/operator/console-views.ts";
import { type CommonOptions, emit, humanTime, note, table, unwrap } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

interface UserOptions extends CommonOptions {
  email: string;
  firstName?: string;
  lastName?: string;
}

/**
 * `billet console …`: BILL's Accountant Consoles (docs/bill-sign-in-modes.md section 5), the
 * client organizations each serves, its users and their Console API tokens.
 */
export function registerConsoleCommands(program: Command): void {
  const consoles = program
    .command("console")
    .description("manage Accountant Consoles: client organizations, users, Console API tokens");

  withCommonOptions(
    consoles
      .command("create")
      .description("create an Accountant Console")
      .requiredOption("--name <name>", "the console's name (1-100 characters)"),
  ).action(async (options: CommonOptions & { name: string }) => {
    const created = await withDeps(options, async (deps) =>
      consoleView(unwrap(await createConsole(deps, { name: options.name }))),
    );
    emit(options, created, () => `Created console ${created.id} (${created.name}).`);
  });

  withCommonOptions(consoles.command("list").description("list consoles")).action(
    async (options: CommonOptions) => {
      const list = await withDeps(options, async (deps) => (await listConsoles(deps)).map(consoleView));
      emit(options, list, () =>
        table(
          ["ID", "NAME", "CREATED"],
          list.map((c) => [c.id, c.name, humanTime(c.createdTime)]),
          "No consoles.",
        ),
      );
    },
  );

  withCommonOptions(
    consoles
      .command("show <consoleId>")
      .description("show a console: the organizations it serves and its users"),
  ).action(async (consoleId: string, options: CommonOptions) => {
    const details = await withDeps(options, async (deps) =>
      consoleDetailsView(unwrap(await getConsole(deps, consoleId))),
    );
    emit(options, details, () => [
      `console: ${details.id} (${details.name})`,
      `organizations: ${details.organizations.map((o) => o.organizationId).join(", ") || "none"}`,
      `users: ${details.users.map((u) => `${u.email} (${u.userId})`).join(", ") || "none"}`,
    ]);
  });

  withCommonOptions(
    consoles
      .command("add-org <consoleId> <organizationId>")
      .description("the console serves the organization; its users become ADMINISTRATOR members of it"),
  ).action(async (consoleId: string, organizationId: string, options: CommonOptions) => {
    const added = await withDeps(options, async (deps) =>
      unwrap(await addConsoleOrganization(deps, consoleId, organizationId)),
    );
    emit(
      options,
      added,
      () => `Console ${consoleId} serves ${organizationId}; ${added.membershipsAdded} membership(s) added.`,
    );
  });

  withCommonOptions(
    consoles
      .command("remove-org <consoleId> <organizationId>")
      .description("the console no longer serves the organization; its tokens' sessions there end"),
  ).action(async (consoleId: string, organizationId: string, options: CommonOptions) => {
    const removed = await withDeps(options, async (deps) =>
      unwrap(await removeConsoleOrganization(deps, consoleId, organizationId)),
    );
    emit(options, removed, () => `Removed ${organizationId}; ended ${removed.sessionsEnded} session(s).`);
  });

  withCommonOptions(
    consoles
      .command("add-user <consoleId>")
      .description("add a user to the console (a new email gets an identity without a password)")
      .requiredOption("--email <email>", "the user's login email")
      .option("--first-name <name>", "first name of a new identity")
      .option("--last-name <name>", "last name of a new identity"),
  ).action(async (consoleId: string, options: UserOptions) => {
    const added = await withDeps(options, async (deps) =>
      unwrap(
        await addConsoleUser(deps, consoleId, {
          email: options.email,
          ...(options.firstName === undefined ? {} : { firstName: options.firstName }),
          ...(options.lastName === undefined ? {} : { lastName: options.lastName }),
        }),
      ),
    );
    emit(options, added, () => `Added ${added.email} (${added.userId}) to console ${consoleId}.`);
  });

  withCommonOptions(
    consoles
      .command("remove-user <consoleId> <userId>")
      .description("remove a user from the console; their tokens of it are revoked and their sessions end"),
  ).action(async (consoleId: string, userId: string, options: CommonOptions) => {
    const removed = await withDeps(options, async (deps) =>
      unwrap(await removeConsoleUser(deps, consoleId, userId)),
    );
    emit(
      options,
      removed,
      () =>
        `Removed ${userId}; revoked ${removed.tokensRevoked} token(s), ended ${removed.sessionsEnded} session(s).`,
    );
  });

  withCommonOptions(
    consoles
      .command("create-token <consoleId>")
      .description(
        "create a Console API token for a user of the console; shown once, stored only as its hash",
      )
      .requiredOption("--user <userId>", "the console user it signs in as")
      .option("--name <name>", "a label for the token (1-100 characters)"),
  ).action(async (consoleId: string, options: CommonOptions & { user: string; name?: string }) => {
    const created = await withDeps(options, async (deps) => {
      const { token, ...view } = unwrap(
        await createConsoleToken(deps, consoleId, {
          userId: options.user,
          ...(options.name === undefined ? {} : { name: options.name }),
        }),
      );
      return { ...consoleTokenView(view), token };
    });
    emit(options, created, () => [created.token, `id: ${created.id}`]);
    note(options, "Store the token now: it is not shown again.");
  });

  withCommonOptions(
    consoles.command("tokens <consoleId>").description("list a console's tokens (never their values)"),
  ).action(async (consoleId: string, options: CommonOptions) => {
    const tokens = await withDeps(options, async (deps) =>
      unwrap(await listConsoleTokens(deps, consoleId)).map(consoleTokenView),
    );
    emit(options, tokens, () =>
      table(
        ["ID", "USER", "NAME", "CREATED", "REVOKED"],
        tokens.map((t) => [t.id, t.userId, t.name, humanTime(t.createdTime), humanTime(t.revokedTime)]),
        "No tokens.",
      ),
    );
  });

  withCommonOptions(
    consoles
      .command("revoke-token <consoleId> <tokenId>")
      .description("revoke a Console API token; every session it made ends"),
  ).action(async (consoleId: string, tokenId: string, options: CommonOptions) => {
    const revoked = await withDeps(options, async (deps) =>
      unwrap(await revokeConsoleToken(deps, consoleId, tokenId)),
    );
    emit(options, revoked, () =>
      revoked.revoked
        ? `Revoked ${revoked.id}; ended ${revoked.sessionsEnded} session(s).`
        : `${revoked.id} was revoked already.`,
    );
  });
}
