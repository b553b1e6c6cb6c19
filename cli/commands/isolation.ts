import { type Command, Option } from "commander";
import { describeSeedReport } from "../../src/operator/seed/report.ts";
import { emit } from "../output.ts";
import { call, operatorFor, type ServerOptions, withServerOptions } from "./operator-api.ts";

/** `billet reset`, `billet snapshot …`: isolation between tests, on a running sandbox server. */
export function registerIsolationCommands(program: Command): void {
  withServerOptions(
    program
      .command("reset")
      .addOption(
        new Option(
          "--to <target>",
          "empty: stop at the empty store; seed: the server's --seed file again",
        ).choices(["empty", "seed"]),
      )
      .description(
        "reset a running sandbox server's store: every record, faults and the request log gone, the clock back to real time, then the seed it started with (--seed) again (the operator token stays)",
      ),
  ).action(async (options: ServerOptions & { to?: "empty" | "seed" }) => {
    const done = await call(() => operatorFor(options).reset(options.to ? { to: options.to } : {}));
    emit(options, done, () =>
      [
        ...(done.seed ? describeSeedReport(done.seed) : []),
        `store reset in ${done.ms} ms; clock ${done.clock.time}`,
      ].join("\n"),
    );
  });

  const snapshot = program
    .command("snapshot")
    .description(
      "take and restore snapshots of a running sandbox server's records and clock (held in its memory)",
    );

  withServerOptions(snapshot.command("create").description("take a snapshot; prints its id")).action(
    async (options: ServerOptions) => {
      const taken = await call(() => operatorFor(options).snapshots.create());
      emit(options, taken, () => `${taken.id}\n${taken.records} records in ${taken.ms} ms`);
    },
  );

  withServerOptions(
    snapshot.command("list").description("the snapshots the server holds, newest first"),
  ).action(async (options: ServerOptions) => {
    const held = await call(() => operatorFor(options).snapshots.list());
    emit(options, held, () =>
      held.length === 0
        ? "no snapshots"
        : held.map((s) => `${s.id}  ${s.createdTime}  ${s.records} records`).join("\n"),
    );
  });

  withServerOptions(
    snapshot
      .command("restore")
      .argument("<id>", "a snapshot id (0sn…)")
      .description("put every record and the clock back as they were; faults and the request log cleared"),
  ).action(async (id: string, options: ServerOptions) => {
    const done = await call(() => operatorFor(options).snapshots.restore(id));
    emit(options, done, () => `restored ${done.snapshotId}: ${done.records} records in ${done.ms} ms`);
  });

  withServerOptions(
    snapshot.command("delete").argument("<id>", "a snapshot id (0sn…)").description("forget a snapshot"),
  ).action(async (id: string, options: ServerOptions) => {
    const cleared = await call(() => operatorFor(options).snapshots.delete(id));
    emit(options, { cleared }, () => `deleted ${id}`);
  });
}
