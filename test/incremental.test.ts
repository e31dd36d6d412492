import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { currentStamp, type Stamp, staleProviders } from "../generator/incremental/stamp.js";
import { affectedProviders } from "../generator/watch/watch.js";
import { providerIds } from "./helpers/providers.js";
import { copyRepo, repoRoot } from "./helpers/repo.js";
import { bin, runBin } from "./helpers/run-bin.js";

const run = runBin;
const ids = providerIds();
/** The provider whose spec the tests below edit: any will do. */
const edited = ids[0] ?? "";
/** Another provider whose output is edited by hand (the same one when there is only one). */
const other = ids[1] ?? edited;

/** The spec with `info.description` set to `text`: a change that reaches the bundled spec and nothing else. */
function withDescription(spec: string, text: string): string {
  const document = parseDocument(spec);
  document.setIn(["info", "description"], text);
  return document.toString();
}

describe("staleProviders", () => {
  const stamp = (over: Partial<Stamp> = {}, providers: Stamp["providers"] = { a: { inputs: "1", outputs: "1" }, b: { inputs: "1", outputs: "1" } }): Stamp => ({
    generator: "g",
    shared: "s",
    matrix: "m",
    providers,
    ...over,
  });
  it.each([
    { name: "first run (no stamp)", previous: undefined, now: stamp(), want: ["a", "b"] },
    { name: "nothing changed", previous: stamp(), now: stamp(), want: [] },
    { name: "the generator changed", previous: stamp(), now: stamp({ generator: "g2" }), want: ["a", "b"] },
    { name: "a template or redocly.yaml changed", previous: stamp(), now: stamp({ shared: "s2" }), want: ["a", "b"] },
    { name: "the matrix was edited", previous: stamp(), now: stamp({ matrix: "m2" }), want: ["a", "b"] },
    { name: "a's spec changed", previous: stamp(), now: stamp({}, { a: { inputs: "2", outputs: "1" }, b: { inputs: "1", outputs: "1" } }), want: ["a"] },
    {
      name: "b's output was edited by hand",
      previous: stamp(),
      now: stamp({}, { a: { inputs: "1", outputs: "1" }, b: { inputs: "1", outputs: "x" } }),
      want: ["b"],
    },
    {
      name: "a new provider",
      previous: stamp(),
      now: stamp({}, { a: { inputs: "1", outputs: "1" }, b: { inputs: "1", outputs: "1" }, c: { inputs: "1", outputs: "0" } }),
      want: ["c"],
    },
    { name: "a provider removed", previous: stamp(), now: stamp({}, { a: { inputs: "1", outputs: "1" } }), want: ["a"] },
  ])("$name → $want", ({ previous, now, want }) => {
    expect(staleProviders(previous, now)).toEqual(want);
  });
});

describe("currentStamp: file stats vouch for unchanged files, as git's index does", () => {
  const scratch = copyRepo();
  afterAll(() => scratch.cleanup());
  const spec = (id: string) =>
    ["openapi.yaml", "openapi.json"].map((name) => path.join(scratch.root, "specs", id, name)).find((file) => existsSync(file)) ?? "";
  const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
  /** Every file of the provider, spec and package, as if last written a minute ago. */
  const age = (id: string) => {
    for (const dir of [path.join(scratch.root, "specs", id), path.join(scratch.root, "generated", id)]) {
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) utimesSync(path.join(entry.parentPath, entry.name), ago(60), ago(60));
      }
    }
  };

  it("keeps a provider's hashes without reading its files when names, sizes and mtimes match an older stamp", () => {
    const file = spec(edited);
    age(edited);
    const first = currentStamp(scratch.root, "g");
    // A same-size edit that keeps the mtime is what stats cannot see: the stamp keeps the old hash,
    // which shows the files were not read (the content hash would differ).
    const text = readFileSync(file, "utf8");
    const { mtime } = statSync(file);
    writeFileSync(
      file,
      text.replace(/[a-z]/, (letter) => (letter === "a" ? "b" : "a")),
    );
    utimesSync(file, mtime, mtime);
    const previous = { ...first, takenAt: Date.now() };
    expect(currentStamp(scratch.root, "g", previous).providers[edited]).toBe(previous.providers[edited]);
    writeFileSync(file, text);
    utimesSync(file, mtime, mtime);
  });

  it("hashes again when a file's size or mtime changed, or it changed within two seconds of the stamp", () => {
    const file = spec(edited);
    age(edited);
    const first = { ...currentStamp(scratch.root, "g"), takenAt: Date.now() };
    const text = readFileSync(file, "utf8");
    writeFileSync(file, withDescription(text, "changed"));
    const changed = currentStamp(scratch.root, "g", first).providers[edited];
    expect(changed?.inputs).not.toBe(first.providers[edited]?.inputs);
    // Restored content, but touched just now: a stamp taken in the same second cannot vouch for it.
    writeFileSync(file, text);
    const racy = currentStamp(scratch.root, "g", { ...first, takenAt: Date.now() });
    expect(racy.providers[edited]).not.toBe(first.providers[edited]);
    expect(racy.providers[edited]?.inputs).toBe(first.providers[edited]?.inputs);
  });
});

describe("affectedProviders (watch)", () => {
  it.each([
    { file: `specs/${edited}/openapi.yaml`, want: [edited] },
    { file: `specs/${edited}/overlay.yaml`, want: [edited] },
    { file: `specs/${edited}/.openapi.yaml.swp`, want: undefined },
    { file: `specs/${edited}/openapi.yaml~`, want: undefined },
    { file: "specs/nope/openapi.yaml", want: undefined },
    { file: "templates/package/README.md.hbs", want: ids },
    { file: "redocly.yaml", want: ids },
  ])("$file → $want", ({ file, want }) => {
    expect(affectedProviders(repoRoot, file)).toEqual(want);
  });
});

describe("npm run generate, incrementally and with --watch", () => {
  const scratch = copyRepo();
  afterAll(() => scratch.cleanup());
  const spec = path.join(scratch.root, `specs/${edited}/openapi.yaml`);
  const output = path.join(scratch.root, `generated/${edited}/openapi.json`);

  it("skips what did not change, regenerates what did, and repairs hand edits", async () => {
    expect((await run(["--root", scratch.root])).code).toBe(0);
    const noop = await run(["--root", scratch.root]);
    expect(noop.stderr).toMatch(new RegExp(`^generated/ is up to date: ${ids.length} providers unchanged since the last run`));
    expect(noop.stderr).not.toContain("provider        ops");

    writeFileSync(spec, withDescription(readFileSync(spec, "utf8"), "Stops sessions (edited)."));
    const one = await run(["--root", scratch.root, "--no-live"]);
    expect(one.stderr).toContain(`${ids.length - 1} unchanged provider(s) skipped; regenerating ${edited}`);
    expect(readFileSync(output, "utf8")).toContain("Stops sessions (edited).");

    const readme = path.join(scratch.root, `generated/${other}/README.md`);
    const good = readFileSync(readme, "utf8");
    writeFileSync(readme, "hand edit");
    expect((await run(["--root", scratch.root])).stderr).toContain(`regenerating ${other}`);
    expect(readFileSync(readme, "utf8")).toBe(good);
  }, 60_000);

  it("--watch regenerates the saved provider, and keeps the last good output after a broken save", async () => {
    const child = spawn(process.execPath, [bin, "--watch", "--no-live", "--root", scratch.root], { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
    const until = async (done: () => boolean, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      await until(() => log.includes("watching specs/"), "the watcher");
      writeFileSync(spec, withDescription(readFileSync(spec, "utf8"), "Stops sessions (watched)."));
      await until(() => new RegExp(`regenerated ${edited}: wrote \\d+ file\\(s\\) in \\d+ ms`).test(log), "the regeneration");
      expect(readFileSync(output, "utf8")).toContain("Stops sessions (watched).");

      const before = readFileSync(output, "utf8");
      writeFileSync(spec, `${readFileSync(spec, "utf8")}\nbroken: [\n`);
      await until(() => log.includes("kept the last good output"), "the error");
      expect(log).toMatch(new RegExp(`✗ ${edited}: specs/${edited}/openapi\\.yaml:\\d+: invalid YAML`));
      expect(readFileSync(output, "utf8")).toBe(before);
      writeFileSync(spec, readFileSync(spec, "utf8").replace("\nbroken: [\n", ""));
      await until(() => (log.match(new RegExp(`regenerated ${edited}:`, "g")) ?? []).length >= 2, "the repaired save");

      // A template save reaches every package: the run reads templates afresh, no cache outlives it.
      const template = path.join(scratch.root, "templates/package/README.md.hbs");
      writeFileSync(template, `${readFileSync(template, "utf8")}\nStopping is safe to retry (watched).\n`);
      const readme = path.join(scratch.root, `generated/${edited}/README.md`);
      await until(() => readFileSync(readme, "utf8").includes("Stopping is safe to retry (watched)."), "the template save");
      expect(log).toMatch(/regenerated [^\n]*: wrote [1-9]\d* file\(s\)/);

      // So does a redocly.yaml save: a rule turned off changes the lint findings in the matrix.
      const config = path.join(scratch.root, "redocly.yaml");
      const matrixFile = path.join(scratch.root, "generated/conformance.json");
      const findings = () => (readFileSync(matrixFile, "utf8").match(/\d+ warnings?/g) ?? []).join(",");
      const findingsBefore = findings();
      writeFileSync(
        config,
        readFileSync(config, "utf8")
          .replace("operation-description: warn", "operation-description: off")
          .replace("parameter-description: warn", "parameter-description: off"),
      );
      await until(() => findings() !== findingsBefore, "the redocly.yaml save");
    } finally {
      child.kill("SIGINT");
      await new Promise((resolve) => child.once("close", resolve));
    }
    expect(child.exitCode).toBe(0);
  }, 90_000);
});
