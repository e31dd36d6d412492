import { existsSync, type FSWatcher, watch } from "node:fs";
import path from "node:path";
import { EmitThread } from "../emit/thread/emit-thread.js";
import { discoverProviders } from "../load/discover.js";
import { generate, type ProviderResult } from "../pipeline.js";
import { commitFiles } from "../write/commit-files.js";

const log = (line = "") => process.stderr.write(`${line}\n`);
/** Editors save in bursts (write, rename, chmod); wait this long after the last event. */
const DEBOUNCE_MS = 60;

/**
 * `npm run generate -- --watch`: one process with warm modules and a warm emit worker, so a save
 * regenerates one provider in well under a second. Each save regenerates the provider whose folder
 * changed (templates/, redocly.yaml or the manifest schema: all of them) and writes at once with
 * live conformance checks skipped; the live checks for the changed providers then run behind it
 * and rewrite the matrix. A broken save prints the error and leaves the last good output in place.
 */
export async function watchAndGenerate(repoRoot: string, options: { live: boolean }): Promise<number> {
  const emitters = new EmitThread();
  const queue = new RegenerationQueue(repoRoot, emitters, options.live);
  const watchers: FSWatcher[] = [];
  const onChange = (relative: string) => {
    const affected = affectedProviders(repoRoot, relative);
    if (affected) queue.add(affected);
  };
  for (const dir of ["specs", "templates"]) {
    watchers.push(
      watch(path.join(repoRoot, dir), { recursive: true }, (_event, file) => file && onChange(path.posix.join(dir, String(file).split(path.sep).join("/")))),
    );
  }
  watchers.push(watch(repoRoot, (_event, file) => file === "redocly.yaml" && onChange("redocly.yaml")));

  await queue.run(discoverProviders(path.join(repoRoot, "specs")), "start");
  log("watching specs/, templates/ and redocly.yaml (Ctrl-C stops)");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  for (const watcher of watchers) watcher.close();
  await queue.idle();
  await emitters.close();
  return 0;
}

/** Which providers a changed file affects; undefined when it affects none (an editor's temp file). */
export function affectedProviders(repoRoot: string, relative: string): string[] | undefined {
  if (relative === "redocly.yaml" || relative.startsWith("templates/") || relative === "specs/provider.schema.json") {
    return discoverProviders(path.join(repoRoot, "specs"));
  }
  const match = /^specs\/([^/]+)\/(.+)$/.exec(relative);
  if (!match?.[1] || !match[2] || /(^|\/)\.|~$|\.swp$/.test(match[2])) return undefined;
  return existsSync(path.join(repoRoot, "specs", match[1], "provider.yaml")) ? [match[1]] : undefined;
}

/** Runs one regeneration at a time; saves that arrive meanwhile are merged into the next run. */
class RegenerationQueue {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private firstEventAt: number | undefined;

  constructor(
    private readonly repoRoot: string,
    private readonly emitters: EmitThread,
    private readonly live: boolean,
  ) {}

  add(ids: readonly string[]): void {
    for (const id of ids) this.pending.add(id);
    this.firstEventAt ??= performance.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const batch = [...this.pending];
      const since = this.firstEventAt ?? performance.now();
      this.pending.clear();
      this.firstEventAt = undefined;
      this.running = this.running.then(() => this.run(batch, "save", since));
    }, DEBOUNCE_MS);
  }

  idle(): Promise<void> {
    clearTimeout(this.timer);
    return this.running;
  }

  async run(ids: readonly string[], why: "start" | "save", since = performance.now()): Promise<void> {
    const written = await this.generateAndWrite(ids, false);
    if (written === undefined) return;
    log(`${why === "start" ? "generated" : "regenerated"} ${ids.join(", ")}: wrote ${written} file(s) in ${Math.round(performance.now() - since)} ms`);
    if (!this.live) return;
    const liveStarted = performance.now();
    const liveWritten = await this.generateAndWrite(ids, true);
    if (liveWritten) log(`live conformance checks for ${ids.join(", ")}: wrote ${liveWritten} file(s) in ${Math.round(performance.now() - liveStarted)} ms`);
  }

  /** Files written, or undefined when generation failed (nothing is written then). */
  private async generateAndWrite(ids: readonly string[], live: boolean): Promise<number | undefined> {
    try {
      const result = await generate(this.repoRoot, { only: ids, emitters: this.emitters, live });
      const failed = result.providers.filter((provider) => !provider.ok);
      if (failed.length > 0) {
        for (const provider of failed) log(`✗ ${provider.id}: ${describe(provider)}`);
        log("kept the last good output");
        return undefined;
      }
      return commitFiles(this.repoRoot, result.files, result.scope).written.length;
    } catch (error) {
      log(`✗ ${error instanceof Error ? error.message : String(error)}\nkept the last good output`);
      return undefined;
    }
  }
}

function describe(provider: ProviderResult): string {
  return provider.error?.message ?? "failed";
}
