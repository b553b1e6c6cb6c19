import { type Command, InvalidArgumentError, Option } from "commander";
import {
  confirmEmailChange,
  forceEmailChange,
  requestEmailChangeAsOperator,
} from "../../src/auth/accounts/email-changes.ts";
import { canonicalEmail } from "../../src/auth/accounts/emails.ts";
import { acceptInvitation } from "../../src/auth/accounts/invitations.ts";
import { createUser, setPassword, setUserArchived } from "../../src/auth/accounts/provisioning.ts";
import type { ErrorItem } from "../../src/errors.ts";
import {
  createdUserView,
  emailChangeView,
  listUsersOfOrganization,
  membershipChangeView,
  passwordSetView,
} from "../../src/operator/views.ts";
import { ROLE_TYPES, type RoleType } from "../../src/stores/types/organizations.ts";
import { CliError, type CommonOptions, emit, humanTime, note, table, unwrap } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

function parseRole(value: string): RoleType {
  const role = value.toUpperCase();
  if (!(ROLE_TYPES as readonly string[]).includes(role)) {
    throw new InvalidArgumentError(`Allowed roles: ${ROLE_TYPES.join(", ")}.`);
  }
  return role as RoleType;
}

interface CreateOptions extends CommonOptions {
  org: string;
  email: string;
  password: string;
  role: RoleType;
  firstName?: string;
  lastName?: string;
}

const explainCreate = (options: CreateOptions) => (item: ErrorItem) => {
  if (item.key === "NOT_FOUND") return `unknown organization: ${options.org}`;
  if (item.key === "ALREADY_EXISTS") return `${options.email} is already a member of ${options.org}`;
  if (item.key === "INVALID_VALUE" && item.params?.paramName0 === "email") {
    return `not a valid email address: ${options.email}`;
  }
  return undefined;
};

function registerCreate(user: Command): void {
  withCommonOptions(
    user
      .command("create")
      .summary("add a user to an organization; prints the user id")
      .description(
        "add a user to an organization; prints the user id. An email that already exists is the same person: it joins the organization at once (operators are trusted; audited) and keeps its password.",
      )
      .requiredOption("--org <organizationId>", "organization id (008…)")
      .requiredOption("--email <email>", "email, also the login username")
      .requiredOption(
        "--password <password>",
        "password (BILLET_PASSWORD_MIN_LENGTH, default 8, to 1024 characters; not the email)",
      )
      .addOption(
        new Option("--role <role>", `one of ${ROLE_TYPES.join(", ")}`)
          .argParser(parseRole)
          .default("ADMINISTRATOR"),
      )
      .option("--first-name <name>", "first name")
      .option("--last-name <name>", "last name"),
  ).action(async (options: CreateOptions) => {
    const result = await withDeps(options, async (deps) => {
      if (!(await deps.stores.organizations.findById(options.org))) {
        throw new CliError(`unknown organization: ${options.org}`);
      }
      const created = await createUser(deps, {
        organizationId: options.org,
        email: options.email,
        password: options.password,
        role: options.role,
        firstName: options.firstName,
        lastName: options.lastName,
      });
      return createdUserView(
        { organizationId: options.org, email: options.email, role: options.role },
        unwrap(created, explainCreate(options)),
      );
    });
    emit(options, result, () => result.id);
    if (!result.created) {
      note(
        options,
        `note: ${result.email} already existed; added to ${options.org} with its existing password ` +
          "(--password and names were not applied; use `billet user set-password` to change it).",
      );
    }
  });
}

function registerArchive(user: Command, archived: boolean): void {
  const verb = archived ? "archive" : "restore";
  withCommonOptions(
    user
      .command(`${verb} <userId>`)
      .description(
        archived
          ? "archive a user in one organization: their sessions there end at once"
          : "restore an archived user in one organization",
      )
      .requiredOption("--org <organizationId>", "organization id (008…)"),
  ).action(async (userId: string, options: CommonOptions & { org: string }) => {
    const change = { userId, organizationId: options.org, archived };
    const view = await withDeps(options, async (deps) =>
      membershipChangeView(
        change,
        unwrap(await setUserArchived(deps, change), (item) =>
          item.key === "NOT_FOUND"
            ? `user ${userId} is not a member of organization ${options.org}`
            : undefined,
        ),
      ),
    );
    emit(options, view, () =>
      archived
        ? `Archived user ${userId} in ${options.org}; ended ${view.sessionsEnded} session(s).`
        : `Restored user ${userId} in ${options.org}.`,
    );
  });
}

/** `billet user …`: create, archive, restore, set-password, accept-invitation, list. */
export function registerUserCommands(program: Command): void {
  const user = program.command("user").description("manage users and their organization memberships");
  registerCreate(user);
  registerArchive(user, true);
  registerArchive(user, false);

  withCommonOptions(
    user
      .command("set-password <userId>")
      .description(
        "set or replace a user's password (all organizations); this also completes the user's open invitations (their memberships become active)",
      )
      .requiredOption(
        "--password <password>",
        "new password (BILLET_PASSWORD_MIN_LENGTH, default 8, to 1024 characters; not the email)",
      ),
  ).action(async (userId: string, options: CommonOptions & { password: string }) => {
    await withDeps(options, async (deps) =>
      unwrap(await setPassword(deps, userId, options.password), (item) =>
        item.key === "NOT_FOUND" ? `unknown user: ${userId}` : undefined,
      ),
    );
    emit(options, passwordSetView(userId), () => `Password set for ${userId}.`);
  });

  withCommonOptions(
    user
      .command("accept-invitation")
      .description(
        "complete an invitation with the one-time token from the invitation e-mail (in the outbox): a new user chooses their password; a user who already has one gives it, and joins the organization",
      )
      .requiredOption("--token <token>", "the invitation token (valid 7 days, works once)")
      .requiredOption(
        "--password <password>",
        "the password to choose (a new user) or the user's current password (an existing one)",
      ),
  ).action(async (options: CommonOptions & { token: string; password: string }) => {
    const accepted = await withDeps(options, async (deps) =>
      unwrap(await acceptInvitation(deps, options.token, options.password), (item) =>
        // Never echo the token.
        item.params?.paramName0 === "token"
          ? "the invitation token is unknown, expired or already used"
          : undefined,
      ),
    );
    emit(options, { ...accepted, passwordSet: true }, () => `Password set for ${accepted.userId}.`);
  });

  registerEmailCommands(user);

  withCommonOptions(
    user
      .command("list")
      .description("list the members of an organization")
      .requiredOption("--org <organizationId>", "organization id (008…)"),
  ).action(async (options: CommonOptions & { org: string }) => {
    const members = await withDeps(options, async (deps) =>
      unwrap(await listUsersOfOrganization(deps, options.org), (item) =>
        item.key === "NOT_FOUND" ? `unknown organization: ${options.org}` : undefined,
      ),
    );
    emit(options, members, () =>
      table(
        ["ID", "EMAIL", "ROLE", "ARCHIVED", "PENDING", "JOINED"],
        members.map((m) => [
          m.id,
          m.email,
          m.role,
          m.archived ? "yes" : "no",
          m.pending ? "yes" : "no",
          humanTime(m.createdTime),
        ]),
        "No users in this organization.",
      ),
    );
  });
}

/** `billet user set-email` and `billet user confirm-email`: changes of a login e-mail (spec 5.1). */
function registerEmailCommands(user: Command): void {
  withCommonOptions(
    user
      .command("set-email <userId>")
      .description(
        "change a user's login e-mail: the new address gets a confirmation token (it takes effect when confirmed, see confirm-email); with --force at once (audited)",
      )
      .requiredOption("--email <email>", "the new email address")
      .option("--force", "change it now, without confirmation by the new address"),
  ).action(async (userId: string, options: CommonOptions & { email: string; force?: boolean }) => {
    const explain = (item: ErrorItem) => {
      if (item.key === "NOT_FOUND") return `unknown user: ${userId}`;
      if (item.key === "ALREADY_EXISTS")
        return `${canonicalEmail(options.email)} is already another user's login`;
      if (item.key === "INVALID_VALUE") return `not a valid email address: ${options.email}`;
      return undefined;
    };
    if (options.force) {
      const changed = await withDeps(options, async (deps) =>
        emailChangeView(unwrap(await forceEmailChange(deps, userId, options.email), explain)),
      );
      emit(options, changed, () => `Login of ${userId} is now ${changed.email}.`);
      return;
    }
    const requested = await withDeps(options, async (deps) =>
      emailChangeView(unwrap(await requestEmailChangeAsOperator(deps, userId, options.email), explain)),
    );
    emit(options, requested, () =>
      requested.confirmationSent
        ? `Asked ${canonicalEmail(options.email)} to confirm; the login of ${userId} changes when it does (billet outbox --to ${canonicalEmail(options.email)}).`
        : `${userId} already logs in with ${canonicalEmail(options.email)}.`,
    );
  });

  withCommonOptions(
    user
      .command("confirm-email")
      .description(
        "confirm a change of login e-mail with the one-time token sent to the new address (in the outbox) and the account's password",
      )
      .requiredOption("--token <token>", "the confirmation token (valid 24 hours, works once)")
      .requiredOption(
        "--password <password>",
        "the account's current password (or, for an account without one, the password to choose)",
      ),
  ).action(async (options: CommonOptions & { token: string; password: string }) => {
    const confirmed = await withDeps(options, async (deps) =>
      unwrap(await confirmEmailChange(deps, options.token, options.password), (item) =>
        // Never echo the token.
        item.params?.paramName0 === "token"
          ? "the confirmation token is unknown, expired or already used, or its address is taken"
          : undefined,
      ),
    );
    emit(options, confirmed, () => `Login of ${confirmed.userId} is now ${confirmed.email}.`);
  });
}
