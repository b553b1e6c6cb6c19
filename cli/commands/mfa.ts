import type { Command } from "commander";
import type { AuthDeps } from "../../src/auth/context.ts";
import { resetPhone } from "../../src/auth/mfa/mfa.ts";
import { maskPhone } from "../../src/auth/mfa/phones.ts";
import {
  type ForgetTarget,
  forgetRememberedDevices,
  listRememberedDevices,
} from "../../src/auth/mfa/remembered-devices.ts";
import { formatTimestamp } from "../../src/clock.ts";
import { CliError, type CommonOptions, emit, humanTime, table, unwrap } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";
import { call, operatorFor, type ServerOptions, withServerOptions } from "./operator-api.ts";

interface UserOption extends CommonOptions {
  user: string;
}

async function requireUser(deps: AuthDeps, userId: string): Promise<void> {
  if (!(await deps.stores.users.findById(userId))) throw new CliError(`unknown user: ${userId}`);
}

/** `billet mfa …`: a user's remembered devices (rememberMeIds) and verified phone. */
export function registerMfaCommands(program: Command): void {
  const mfa = program.command("mfa").description("inspect and revoke a user's MFA state");

  withCommonOptions(
    mfa
      .command("devices")
      .description(
        "list a user's remembered devices (valid rememberMeIds) by reference 0rd…; the ids themselves are never stored",
      )
      .requiredOption("--user <userId>", "user id (006…)"),
  ).action(async (options: UserOption) => {
    const { devices, phone } = await withDeps(options, async (deps) => {
      await requireUser(deps, options.user);
      return {
        devices: await listRememberedDevices(deps, options.user),
        phone: await deps.stores.mfa.findPhone(options.user),
      };
    });
    emit(
      options,
      {
        userId: options.user,
        phone: phone
          ? {
              phone: maskPhone(phone.phone),
              type: phone.type,
              verifiedTime: formatTimestamp(phone.verifiedAt),
            }
          : null,
        devices: devices.map((d) => ({
          ref: d.id,
          device: d.device,
          machineName: d.machineName,
          createdTime: formatTimestamp(d.createdAt),
          expiresTime: formatTimestamp(d.expiresAt),
        })),
      },
      () => [
        phone ? `Verified phone: ${maskPhone(phone.phone)} (${phone.type})` : "No verified phone.",
        ...table(
          ["REF", "DEVICE", "MACHINE", "CREATED", "EXPIRES"],
          devices.map((d) => [
            d.id,
            d.device,
            d.machineName ?? "-",
            humanTime(d.createdAt),
            humanTime(d.expiresAt),
          ]),
          "No remembered devices.",
        ),
      ],
    );
  });

  withCommonOptions(
    mfa
      .command("forget")
      .description(
        "revoke remembered devices of a user: logins and step-ups with their rememberMeIds answer BDC_9003 from now on",
      )
      .requiredOption("--user <userId>", "user id (006…)")
      .option("--device <name>", "every remembered device with this name")
      .option("--ref <ref>", "one remembered device, by its reference (0rd…)")
      .option("--all", "every remembered device of the user"),
  ).action(async (options: UserOption & { device?: string; ref?: string; all?: boolean }) => {
    const targets: ForgetTarget[] = [
      ...(options.device !== undefined ? [{ device: options.device }] : []),
      ...(options.ref !== undefined ? [{ ref: options.ref }] : []),
      ...(options.all ? [{ all: true as const }] : []),
    ];
    const [target] = targets;
    if (targets.length !== 1 || !target) throw new CliError("give exactly one of --device, --ref or --all");
    const { forgotten } = await withDeps(options, async (deps) => {
      await requireUser(deps, options.user);
      return unwrap(await forgetRememberedDevices(deps, options.user, target), (item) => {
        if (item.key === "NOT_FOUND")
          return `no remembered device ${item.params?.paramName0} for user ${options.user}`;
        if (item.key === "INVALID_VALUE") return `not a remembered device reference (0rd…): ${options.ref}`;
        return undefined;
      });
    });
    emit(
      options,
      { userId: options.user, forgotten },
      () => `Forgot ${forgotten} remembered device(s) of ${options.user}.`,
    );
  });

  withCommonOptions(
    mfa
      .command("reset-phone")
      .description(
        "forget a user's verified phone (a lost phone): they can then set up a new one without a trusted session",
      )
      .requiredOption("--user <userId>", "user id (006…)"),
  ).action(async (options: UserOption) => {
    const { reset } = await withDeps(options, async (deps) =>
      unwrap(await resetPhone(deps, options.user), (item) =>
        item.key === "NOT_FOUND" ? `unknown user: ${options.user}` : undefined,
      ),
    );
    emit(options, { userId: options.user, reset }, () =>
      reset ? `Forgot the verified phone of ${options.user}.` : `${options.user} has no verified phone.`,
    );
  });

  withServerOptions(
    mfa
      .command("clear-failures")
      .description(
        "forget a user's wrong MFA tokens of the last 24 hours, so that new setups and challenges are sent again at once (through the running server's operator API)",
      )
      .requiredOption("--user <userId>", "user id (006…)"),
  ).action(async (options: ServerOptions & { user: string }) => {
    const operator = operatorFor(options);
    const before = await call(() => operator.users.mfaFailures(options.user));
    const cleared = await call(() => operator.users.clearMfaFailures(options.user));
    emit(options, { ...cleared, count: before.count }, () =>
      cleared.cleared
        ? `Cleared ${before.count} wrong MFA token(s) of ${options.user}.`
        : `${options.user} has no wrong MFA tokens to clear.`,
    );
  });
}
