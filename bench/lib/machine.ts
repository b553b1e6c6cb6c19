import { availableParallelism, cpus, loadavg, release, totalmem, type } from "node:os";

/** The machine the figures came from. */
export function describeMachine(): string[] {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  return [
    `CPU: ${cpu}, ${availableParallelism()} cores available`,
    `RAM: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `Node.js ${process.version}, ${type()} ${release()}`,
  ];
}

export const loadAverage = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");
