/**
 * `AGENTSTOP_TRACE=1`: one line on stderr per stage boundary, with the time since the process
 * started and its resident memory (every thread's), to see where a large spec's time and memory
 * go. Off by default, and then free.
 */
const enabled = process.env.AGENTSTOP_TRACE === "1";

export function trace(label: string): void {
  if (!enabled) return;
  const { rss, heapUsed } = process.memoryUsage();
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)}`.padStart(5);
  process.stderr.write(`[trace] ${performance.now().toFixed(0).padStart(7)} ms  rss ${mib(rss)} MiB  heap ${mib(heapUsed)} MiB  ${label}\n`);
}
