/** A command's wall time and peak RSS, under GNU time: the figure a user's `/usr/bin/time -v` would show. */
import { spawnSync } from "node:child_process";

export interface Sample {
  /** Seconds. */
  wall: number;
  /** The largest resident set of the process or any one of its children, in MiB. */
  rssMiB: number;
  stdout: string;
  status: number | null;
}

export function timed(argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean; timeoutMs?: number }): Sample {
  const started = performance.now();
  const result = spawnSync("/usr/bin/time", ["-f", "%M", ...argv], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: "utf8",
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 256 * 2 ** 20,
  });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0 && !options.allowFailure) throw new Error(`${argv.join(" ")} failed (${result.status}):\n${result.stderr.slice(-4000)}`);
  const rssKiB = Number(result.stderr.trim().split("\n").at(-1));
  return { wall, rssMiB: rssKiB / 1024, stdout: result.stdout, status: result.status };
}

export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
