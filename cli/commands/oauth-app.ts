import type { Command } from "commander";
import { createOAuthApp, isOAuthScope, revokeOAuthApp } from "../../src/auth/oauth/apps.ts";
import { createdOAuthAppView, oauthAppView, revokedOAuthAppView } from "../../src/operator/oauth-apps.ts";
import { CliError, type CommonOptions, emit, humanTime, note, table, unwrap } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

/** `billet oauth-app …`: OAuth client-credentials apps (docs/bill-sign-in-modes.md section 4). */
export function registerOAuthAppCommands(program: Command): void {
  const oauthApp = program.command("oauth-app").description("manage OAuth client-credentials apps");

  withCommonOptions(
    oauthApp
      .command("create")
      .description(
        "create an OAuth app for an administrator; the client secret is shown once, only its hash is stored",
      )
      .requiredOption("--org <organizationId>", "organization id (008…)")
      .requiredOption("--user <userId>", "the administrator whose permissions its tokens have (006…)")
      .requiredOption("--name <name>", "a label for the app (1-100 characters)")
      .option(
        "--scope <scope>",
        "full or accounting (BILL's Full access, Accounting data access)",
        "accounting",
      ),
  ).action(async (options: CommonOptions & { org: string; user: string; name: string; scope: string }) => {
    const scope = options.scope;
    if (!isOAuthScope(scope)) throw new CliError("--scope must be full or accounting");
    const created = await withDeps(options, async (deps) => {
      if (!(await deps.stores.organizations.findById(options.org)))
        throw new CliError("unknown organization");
      const input = { organizationId: options.org, userId: options.user, name: options.name, scope };
      return createdOAuthAppView(
        unwrap(await createOAuthApp(deps, input), (item) =>
          item.key === "INSUFFICIENT_PERMISSIONS"
            ? "the user is not an active administrator of that organization"
            : undefined,
        ),
      );
    });
    emit(options, created, () => [
      `client id:     ${created.clientId}`,
      `client secret: ${created.clientSecret}`,
      `scope:         ${created.scope}`,
    ]);
    note(options, "Store the client secret now: it is not shown again.");
  });

  withCommonOptions(
    oauthApp
      .command("list")
      .description("list OAuth apps (revoked ones too); never a secret")
      .option("--org <organizationId>", "only this organization's"),
  ).action(async (options: CommonOptions & { org?: string }) => {
    const apps = await withDeps(options, async (deps) =>
      (
        await deps.stores.oauthApps.list({
          includeRevoked: true,
          ...(options.org === undefined ? {} : { organizationId: options.org }),
        })
      ).map(oauthAppView),
    );
    emit(options, apps, () =>
      table(
        ["CLIENT ID", "NAME", "SCOPE", "ORGANIZATION", "USER", "CREATED", "REVOKED"],
        apps.map((a) => [
          a.clientId,
          a.name,
          a.scope,
          a.organizationId,
          a.userId,
          humanTime(a.createdTime),
          humanTime(a.revokedTime),
        ]),
        "No OAuth apps.",
      ),
    );
  });

  withCommonOptions(
    oauthApp.command("revoke <clientId>").description("revoke an OAuth app; its access tokens end at once"),
  ).action(async (clientId: string, options: CommonOptions) => {
    const result = await withDeps(options, async (deps) =>
      revokedOAuthAppView(
        unwrap(await revokeOAuthApp(deps, clientId), (item) =>
          item.key === "NOT_FOUND" ? "unknown or already revoked OAuth app" : undefined,
        ),
      ),
    );
    emit(options, result, () => `Revoked OAuth app ${result.id}; ended ${result.tokensEnded} token(s).`);
  });
}
