/** stopMany over many sessions against a loopback server in its own process: throughput, p50/p99 latency, peak RSS of the stopping process. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { startLoopbackServer } from "./loopback-server.js";
import { median } from "./timed.js";

export async function benchStopMany(root: string, count: number, concurrency: number, runs: number): Promise<void> {
  const { url, child: server } = await startLoopbackServer();
  try {
    const samples: { wall: number; throughput: number; p50: number; p99: number; maxRssMiB: number; summary: { succeeded: number } }[] = [];
    for (let run = 0; run < runs; run++) {
      const child = spawnSync(
        process.execPath,
        ["--import", "tsx", path.join(root, "scripts/bench/stop-many-child.ts"), url, String(count), String(concurrency), root],
        { cwd: root, encoding: "utf8", timeout: 300_000 },
      );
      if (child.status !== 0) throw new Error(`stopMany bench failed:\n${child.stderr}`);
      samples.push(JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}"));
    }
    const pick = (key: "wall" | "throughput" | "p50" | "p99" | "maxRssMiB") => samples.map((sample) => sample[key]);
    process.stdout.write(
      `\nstopMany: ${count.toLocaleString("en")} sessions at concurrency ${concurrency}, loopback server in its own process (${runs} runs, medians)\n`,
    );
    process.stdout.write(`  wall ${median(pick("wall")).toFixed(2)} s, throughput ${median(pick("throughput")).toFixed(0)} stops/s\n`);
    process.stdout.write(`  latency per stop p50 ${median(pick("p50")).toFixed(0)} ms, p99 ${median(pick("p99")).toFixed(0)} ms\n`);
    process.stdout.write(
      `  peak RSS of the stopping process ${median(pick("maxRssMiB")).toFixed(0)} MiB; all stopped: ${samples.every((sample) => sample.summary.succeeded === count)}\n`,
    );
  } finally {
    server.kill();
  }
}
