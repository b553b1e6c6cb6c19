import type { Command } from "commander";
import { createPartner } from "../../src/auth/accounts/partners.ts";
import { createdPartnerView, listPartners } from "../../src/operator/views.ts";
import { type CommonOptions, emit, humanTime, note, table, unwrap } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

interface CreateOptions extends CommonOptions {
  name: string;
  username?: string;
}

/** `billet partner …`: create and list partners (spec section 8). */
export function registerPartnerCommands(program: Command): void {
  const partner = program.command("partner").description("manage partners (BILL's partner API)");

  withCommonOptions(
    partner
      .command("create")
      .summary("create a partner; prints its appKey, devKey and a partner user's credentials once")
      .description(
        "create a partner: an appKey for POST /v3/partner/login, a developer key for the organization-level sessions of login-as-user, and a partner user with a random password. The keys and the password are printed once; only their hashes are stored.",
      )
      .requiredOption("--name <name>", "the partner's name (1-100 characters)")
      .option("--username <username>", "the partner user's login name (default: <name>-admin)"),
  ).action(async (options: CreateOptions) => {
    const data = await withDeps(options, async (deps) =>
      createdPartnerView(
        unwrap(
          await createPartner(deps, {
            name: options.name,
            ...(options.username === undefined ? {} : { username: options.username }),
          }),
          (item) =>
            item.key === "INVALID_VALUE" && item.params?.paramName0 === "username"
              ? "a username is 1-100 printable characters without spaces"
              : undefined,
        ),
      ),
    );
    emit(options, data, () => [
      `partner:  ${data.id} (${data.name})`,
      `appKey:   ${data.appKey}`,
      `devKey:   ${data.devKey} (${data.devKeyId})`,
      `username: ${data.username}`,
      `password: ${data.password}`,
    ]);
    note(options, "Store the appKey, devKey and password now: they are not shown again.");
  });

  withCommonOptions(
    partner.command("list").description("list partners (ids, names, developer keys and users; never a key)"),
  ).action(async (options: CommonOptions) => {
    const partners = await withDeps(options, listPartners);
    emit(options, partners, () =>
      table(
        ["ID", "NAME", "DEVKEY", "USERS", "CREATED"],
        partners.map((p) => [p.id, p.name, p.devKeyId, p.usernames.join(","), humanTime(p.createdTime)]),
        "No partners.",
      ),
    );
  });
}
