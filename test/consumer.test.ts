// Consumer check: the generated packages as a user gets them. Each package is built and packed with
// npm, publint reads the tarball, the tarballs are installed into a fresh project outside the repo,
// and a file that imports every package (plus every README example) is compiled with strict tsc and
// run against a node:http server on 127.0.0.1.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pascalCase } from "../generator/model/identifiers.js";
import { accepts, credentials, expectedStopRequest, type StopInput, stopInput, validValue } from "./helpers/clients.js";
import { writeConsumerTsconfig } from "./helpers/consumer-project.js";
import { allProviders, type Provider } from "./helpers/providers.js";
import { startRecordingServer } from "./helpers/recording-server.js";
import { repoRoot } from "./helpers/repo.js";

const run = promisify(execFile);
const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
const SESSION = "639f91d8-d511-4677-a83b-bd7564d5d92f";

const providers = allProviders();
const ids = providers.map((provider) => provider.id);
const byId = new Map(providers.map((provider) => [provider.id, provider]));
const providerOf = (id: string) => byId.get(id) as Provider;

/** The ids each consumer call stops: SESSION and "my-agent", unless the spec's limits refuse them. */
function inputOf(provider: Provider): StopInput {
  const session = accepts(provider.sessionPathParameter, SESSION) || !provider.sessionPathParameter ? SESSION : validValue(provider.sessionPathParameter);
  const agent = accepts(provider.agentPathParameter, "my-agent") || !provider.agentPathParameter ? "my-agent" : validValue(provider.agentPathParameter);
  return stopInput(provider, session, agent);
}

/** `create<typeName>Client`; typeName is optional in provider.yaml and defaults to the id in PascalCase. */
const factoryName = (provider: Provider) => `create${provider.manifest.typeName ?? pascalCase(provider.id)}Client`;

/** Want: the stop request each packed client puts on the wire, from its manifest and bundled spec. */
const wire = (provider: Provider) => {
  const { method, url } = expectedStopRequest(provider, inputOf(provider));
  return `${method} ${url}`;
};

// The consumer project sits outside the repository, so nothing resolves from it by accident.
const consumer = mkdtempSync(path.join(tmpdir(), "agentstop-consumer-"));
const tarballs = new Map<string, string>();
/** Every package under generated/: the providers, the shared runtime they depend on, and the umbrella over them. */
const packages = [...ids, "runtime", "agentstop"];

beforeAll(async () => {
  const packs = path.join(consumer, "packs");
  mkdirSync(packs);
  // Packed exactly as `npm publish` would pack them: from generated/, with no build step first.
  for (const id of packages) {
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", packs], { cwd: path.join(repoRoot, "generated", id) });
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    if (!packed) throw new Error(`npm pack wrote no tarball for ${id}`);
    tarballs.set(id, path.join(packs, packed.filename));
  }
  writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "agentstop-consumer", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...tarballs.values()], { cwd: consumer });
}, 300_000);

afterAll(() => {
  rmSync(consumer, { recursive: true, force: true });
});

describe("packed packages", () => {
  it.each(packages)("%s passes publint on its tarball", async (id) => {
    const tarball = readFileSync(tarballs.get(id) ?? "");
    const { messages, pkg } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      level: "suggestion",
      strict: true,
    });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });

  it.each(packages)("%s ships dist (ES modules, CommonJS, declarations) and no sources, tests or repo files", (id) => {
    const name = id === "runtime" ? "@agentstop/runtime" : id === "agentstop" ? "agentstop" : providerOf(id).manifest.package;
    const installed = path.join(consumer, "node_modules", name);
    const files = readdirSync(installed, { recursive: true }).map(String).sort();
    const want = ["dist/index.js", "dist/index.d.ts", "dist/cjs/index.js", "dist/cjs/index.d.ts", "dist/cjs/package.json", "README.md", "package.json"];
    const extra = id === "runtime" ? [] : id === "agentstop" ? ["dist/cli.js", "dist/providers.d.ts"] : ["dist/client.d.ts", "dist/schema.d.ts"];
    expect(files).toEqual(expect.arrayContaining([...want, ...extra]));
    expect(files.filter((file) => !/^dist([\\/]|$)|^(README\.md|CHANGELOG\.md|package\.json)$/.test(file))).toEqual([]);
  });

  it("the installed agentstop bin lists every provider and exits 0, and refuses an unknown one with 2", async () => {
    const bin = path.join(consumer, "node_modules/.bin/agentstop");
    const { stdout } = await run(bin, ["providers", "--json"], { cwd: consumer, timeout: 30_000 });
    expect((JSON.parse(stdout) as { id: string }[]).map((entry) => entry.id).sort()).toEqual([...ids].sort());
    const refused = await run(bin, ["stop", "no-such-provider", "s"], { cwd: consumer, timeout: 30_000 }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? "" }),
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^agentstop: unknown provider/);
  });

  it("CommonJS require works at run time on this Node, and instanceof holds across providers and module formats", async () => {
    const script = [
      "const runtime = require('@agentstop/runtime');",
      ...providers.map((provider) => `const ${provider.id.replace(/\W/g, "_")} = require(${JSON.stringify(provider.manifest.package)});`),
      "const results = [];",
      "(async () => {",
      ...providers.map(
        (provider) =>
          `  await ${provider.id.replace(/\W/g, "_")}.${factoryName(provider)}({ baseUrl: 'http://127.0.0.1:9' }).raw.DELETE('/x/{id}', { params: { path: { id: '..' } } }).then(() => results.push('sent'), (error) => results.push(error instanceof runtime.PathParameterError));`,
      ),
      "  const esm = await import('@agentstop/runtime');",
      "  results.push(new runtime.PathParameterError('/p', 'id', 'x') instanceof esm.PathParameterError);",
      "  process.stdout.write(JSON.stringify(results));",
      "})();",
    ].join("\n");
    writeFileSync(path.join(consumer, "require-check.cjs"), script);
    const { stdout } = await run(process.execPath, [path.join(consumer, "require-check.cjs")], { cwd: consumer, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual([...providers.map(() => true), true]);
  });
});

describe("every package's types, as arethetypeswrong reads its tarball", () => {
  it("has no problem in any resolution mode (node10, node16 from CJS and from ESM, bundler)", async () => {
    const attw = path.join(repoRoot, "node_modules/@arethetypeswrong/cli/dist/index.js");
    const reports = await Promise.all(
      packages.map(async (id) => {
        const { stdout } = await run(process.execPath, [attw, tarballs.get(id) ?? "", "--format", "json"]).catch((error: { stdout?: string }) => ({
          stdout: error.stdout ?? "{}",
        }));
        const report = JSON.parse(stdout) as { analysis?: { problems?: unknown[] }; problems?: unknown[] };
        return { id, problems: report.analysis?.problems ?? report.problems ?? ["no analysis"] };
      }),
    );
    expect(reports.filter((report) => report.problems.length > 0)).toEqual([]);
  }, 120_000);
});

describe("module systems a consumer may use", () => {
  // Each mode compiles an ES module importing every package; node16 and nodenext also a CommonJS
  // file requiring them. The node16 outputs then run against 127.0.0.1, both formats.
  const modes = [
    { name: "node16", module: "Node16", moduleResolution: "Node16", cjs: true },
    { name: "nodenext", module: "NodeNext", moduleResolution: "NodeNext", cjs: true },
    { name: "bundler", module: "ESNext", moduleResolution: "Bundler", cjs: false },
  ];
  it.each(modes)(
    "$name: compiles (strict, exactOptionalPropertyTypes)$cjs",
    async ({ name, module, moduleResolution, cjs }) => {
      const dir = path.join(consumer, `mode-${name}`);
      mkdirSync(path.join(dir, "src"), { recursive: true });
      const calls = (importer: "esm" | "cjs") => [
        ...providers.map((provider) =>
          importer === "esm"
            ? `import { ${factoryName(provider)} } from ${JSON.stringify(provider.manifest.package)};`
            : `import ${provider.id.replace(/\W/g, "_")} = require(${JSON.stringify(provider.manifest.package)});`,
        ),
        "export async function stopAll(baseUrl: string): Promise<number[]> {",
        "  const statuses: number[] = [];",
        ...providers.map((provider) => {
          const factory = importer === "esm" ? factoryName(provider) : `${provider.id.replace(/\W/g, "_")}.${factoryName(provider)}`;
          return `  statuses.push((await ${factory}({ baseUrl, auth: ${JSON.stringify(credentials(provider).auth)} }).stopSession(${JSON.stringify(inputOf(provider))})).response.status);`;
        }),
        "  return statuses;",
        "}",
      ];
      writeFileSync(path.join(dir, "src", name === "bundler" ? "main.ts" : "main.mts"), calls("esm").join("\n"));
      if (cjs) writeFileSync(path.join(dir, "src", "main.cts"), calls("cjs").join("\n"));
      writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module,
            moduleResolution,
            strict: true,
            exactOptionalPropertyTypes: true,
            lib: ["ES2022", "DOM"],
            types: [],
            outDir: "out",
            rootDir: "src",
          },
          include: ["src"],
        }),
      );
      // The project resolves the packages installed in the consumer folder above it.
      await run(process.execPath, [tsc, "-p", dir]).catch((error: { stdout?: string }) => {
        throw new Error(`${name} does not compile:\n${error.stdout ?? String(error)}`);
      });
      if (name !== "node16") return;
      const server = await startRecordingServer();
      try {
        server.reply({ status: 200, body: {} });
        for (const file of ["main.mjs", "main.cjs"]) {
          const script = `${file.endsWith(".mjs") ? "import" : "require"}(${JSON.stringify(path.join(dir, "out", file))})`;
          const runner = file.endsWith(".mjs")
            ? `import(${JSON.stringify(path.join(dir, "out", file))}).then((m) => m.stopAll(process.argv[1])).then((s) => process.stdout.write(JSON.stringify(s)))`
            : `${script}.stopAll(process.argv[1]).then((s) => process.stdout.write(JSON.stringify(s)))`;
          const { stdout } = await run(process.execPath, ["-e", runner, server.url], { cwd: consumer, timeout: 30_000 });
          expect(JSON.parse(stdout), file).toEqual(providers.map(() => 200));
        }
      } finally {
        await server.close();
      }
    },
    120_000,
  );
});

describe("a fresh project using the tarballs", () => {
  it("compiles every README example and a stopSession call per package, then runs them against 127.0.0.1", async () => {
    const src = path.join(consumer, "src");
    mkdirSync(src);
    for (const id of [...ids, "agentstop"]) {
      const readme = readFileSync(path.join(repoRoot, "generated", id, "README.md"), "utf8");
      const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
      expect(examples.length, `${id} README has a ts example`).toBeGreaterThan(0);
      for (const [index, example] of examples.entries()) writeFileSync(path.join(src, `readme-${id}-${index}.ts`), `${example}\nexport {};\n`);
    }
    writeFileSync(path.join(src, "main.ts"), consumerMain());
    writeConsumerTsconfig(consumer);
    await run(process.execPath, [tsc, "-p", path.join(consumer, "tsconfig.json")]).catch((error: { stdout?: string }) => {
      throw new Error(`consumer project does not compile:\n${error.stdout ?? String(error)}`);
    });

    const server = await startRecordingServer();
    try {
      server.reply({ status: 200, body: { session_id: SESSION, status: "stopped" } });
      const { stdout } = await run(process.execPath, [path.join(consumer, "out/main.js"), server.url], { cwd: consumer, timeout: 30_000 });
      const results = JSON.parse(stdout) as { id: string; status: number; data: unknown }[];
      expect(results.map((result) => result.id)).toEqual(ids);
      for (const result of results) expect(result, result.id).toMatchObject({ status: 200, data: { session_id: SESSION } });
      const sent = server.requests.map((request) => `${request.method} ${request.url}`);
      expect(sent).toHaveLength(ids.length);
      ids.forEach((id, index) => {
        expect(sent[index], id).toBe(wire(providerOf(id)));
      });
    } finally {
      await server.close();
    }
  });
});

/** A consumer file: import each package by its npm name and stop one session with each, in order. */
function consumerMain(): string {
  const imports = providers.map((provider) => `import { ${factoryName(provider)} } from ${JSON.stringify(provider.manifest.package)};`);
  const calls = providers.map((provider) => {
    const input = JSON.stringify(inputOf(provider));
    const auth = JSON.stringify(credentials(provider).auth);
    return `  { const { data, response } = await ${factoryName(provider)}({ baseUrl, auth: ${auth} }).stopSession(${input}); results.push({ id: ${JSON.stringify(provider.id)}, status: response.status, data }); }`;
  });
  return [
    ...imports,
    "",
    "const baseUrl = process.argv[2] ?? '';",
    "const results: { id: string; status: number; data: unknown }[] = [];",
    ...calls,
    "process.stdout.write(JSON.stringify(results));",
    "",
  ].join("\n");
}
