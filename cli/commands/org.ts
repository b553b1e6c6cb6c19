import { Argument, type Command } from "commander";
import {
  createOrganization,
  setOrganizationLocked,
  setOrganizationMfaRequired,
} from "../../src/auth/accounts/provisioning.ts";
import { listOrganizations, organizationLockView, organizationView } from "../../src/operator/views.ts";
import { type CommonOptions, emit, humanTime, table, unwrap } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

function registerLock(org: Command, locked: boolean): void {
  const verb = locked ? "lock" : "unlock";
  withCommonOptions(
    org
      .command(`${verb} <organizationId>`)
      .description(
        locked
          ? "lock an organization: logins answer BDC_1107 and its sessions end at once"
          : "unlock an organization so that its users can log in again",
      ),
  ).action(async (organizationId: string, options: CommonOptions) => {
    const view = await withDeps(options, async (deps) =>
      organizationLockView(
        organizationId,
        locked,
        unwrap(await setOrganizationLocked(deps, organizationId, locked), (item) =>
          item.key === "NOT_FOUND" ? `unknown organization: ${organizationId}` : undefined,
        ),
      ),
    );
    emit(options, view, () =>
      locked
        ? `Locked organization ${organizationId}; ended ${view.sessionsEnded} session(s).`
        : `Unlocked organization ${organizationId}.`,
    );
  });
}

/** `billet org …`: create, lock, unlock and list organizations. */
export function registerOrgCommands(program: Command): void {
  const org = program.command("org").description("manage organizations");

  withCommonOptions(
    org
      .command("create")
      .description("create an organization with the six default roles; prints its id")
      .requiredOption("--name <name>", "organization name (1-100 characters)")
      .option("--mfa-required", "its users must pass MFA for protected operations", false),
  ).action(async (options: CommonOptions & { name: string; mfaRequired: boolean }) => {
    const organization = await withDeps(options, async (deps) =>
      unwrap(await createOrganization(deps, { name: options.name, mfaRequired: options.mfaRequired })),
    );
    emit(options, organizationView(organization), () => organization.id);
  });

  registerLock(org, true);
  registerLock(org, false);

  withCommonOptions(
    org
      .command("set-mfa")
      .description(
        "require MFA in an organization (protected operations then need a trusted session) or stop requiring it; sessions stay as they are",
      )
      .addArgument(new Argument("<organizationId>", "organization id (008…)"))
      .addArgument(new Argument("<setting>", "required or optional").choices(["required", "optional"])),
  ).action(async (organizationId: string, setting: "required" | "optional", options: CommonOptions) => {
    const mfaRequired = setting === "required";
    await withDeps(options, async (deps) =>
      unwrap(await setOrganizationMfaRequired(deps, organizationId, mfaRequired), (item) =>
        item.key === "NOT_FOUND" ? `unknown organization: ${organizationId}` : undefined,
      ),
    );
    emit(options, { id: organizationId, mfaRequired }, () =>
      mfaRequired
        ? `Organization ${organizationId} now requires MFA.`
        : `Organization ${organizationId} no longer requires MFA.`,
    );
  });

  withCommonOptions(org.command("list").description("list organizations")).action(
    async (options: CommonOptions) => {
      const organizations = await withDeps(options, listOrganizations);
      emit(options, organizations, () =>
        table(
          ["ID", "NAME", "LOCKED", "MFA", "CREATED"],
          organizations.map((o) => [
            o.id,
            o.name,
            o.locked ? "yes" : "no",
            o.mfaRequired ? "required" : "optional",
            humanTime(o.createdTime),
          ]),
          "No organizations.",
        ),
      );
    },
  );
}
