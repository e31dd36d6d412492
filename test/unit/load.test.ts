// Load stage, piece by piece: safe YAML, the JSONPath subset, the overlay step, JSON pointers.
import { describe, expect, it } from "vitest";
import { formatLocation, fromPointer, SpecError, toPointer } from "../../generator/errors.js";
import { parseJsonPath, queryJsonPath } from "../../generator/load/json-path.js";
import { applyOverlay } from "../../generator/load/overlay.js";
import { parseYamlSafe, YAML_LIMITS } from "../../generator/load/safe-yaml.js";

const FILE = "specs/x/openapi.yaml";

describe("parseYamlSafe", () => {
  it.each([
    { given: "a: 1\nb: [x, y]\n", want: { a: 1, b: ["x", "y"] } },
    { given: "base: &b {k: v}\nuse: *b\n", want: { base: { k: "v" }, use: { k: "v" } } },
    { given: '{"json": true}', want: { json: true } },
  ])("parses $given", ({ given, want }) => {
    expect(parseYamlSafe(given, FILE).value).toEqual(want);
  });

  const bomb = [
    "a: &a [x, x, x, x, x, x, x, x, x, x]",
    ..."bcdefghi".split("").map((c, i) => `${c}: &${c} [${Array(10).fill(`*${"abcdefghi"[i]}`).join(", ")}]`),
  ].join("\n");
  it.each([
    { case: "bad indentation", given: "a:\n  b: 1\n c: 2\n", want: /^specs\/x\/openapi\.yaml:3: invalid YAML/ },
    { case: "a duplicate key", given: "a: 1\na: 2\n", want: /^specs\/x\/openapi\.yaml:2: invalid YAML: Map keys must be unique/ },
    { case: "an alias bomb", given: bomb, want: /refused YAML: .*alias/i },
    {
      case: "a file over the default cap of 16 MiB",
      given: `x: "${"y".repeat(16 * 1024 * 1024)}"`,
      want: /^specs\/x\/openapi\.yaml: file is 16777221 bytes, larger than the limit of 16777216 bytes .*limits\.maxSpecBytes/,
    },
  ])("refuses $case with the file and the place", ({ given, want }) => {
    expect(() => parseYamlSafe(given, FILE)).toThrow(SpecError);
    expect(() => parseYamlSafe(given, FILE)).toThrow(want);
  });

  it.each([
    { given: `x: "${"y".repeat(2048 - 5)}"`, maxBytes: 2048, want: "parses" }, // exactly the cap
    { given: `x: "${"y".repeat(2048 - 4)}"`, maxBytes: 2048, want: "file is 2049 bytes, larger than the limit of 2048 bytes" },
    { given: `{"x": "${"é".repeat(1100)}"}`, maxBytes: 2048, want: "file is 2209 bytes, larger than the limit of 2048 bytes" }, // bytes, not characters
    { given: `x: "${"y".repeat(6 * 1024 * 1024)}"`, maxBytes: undefined, want: "parses" }, // over the old 5 MiB cap
  ])("with maxBytes $maxBytes, $want", ({ given, maxBytes, want }) => {
    const parse = () => parseYamlSafe(given, FILE, { maxBytes });
    if (want === "parses") expect(parse).not.toThrow();
    else expect(parse).toThrow(want);
  });

  it("the default cap is 16 MiB", () => {
    expect(YAML_LIMITS.maxBytes).toBe(16 * 1024 * 1024);
  });

  it.each([
    { pointer: "#/paths/~1a/get", want: 4 },
    { pointer: "#/paths/~1a/get/operationId", want: 4 }, // absent key: its parent's line
    { pointer: "#/info", want: 1 },
    { pointer: "#/nowhere", want: 1 }, // falls back to the document
  ])("lineOf($pointer) is $want", ({ pointer, want }) => {
    const parsed = parseYamlSafe("info: {}\npaths:\n  /a:\n    get: {}\n", FILE);
    expect(parsed.lineOf(pointer)).toBe(want);
  });
});

describe("parseJsonPath", () => {
  it.each([
    { given: "$", want: [] },
    { given: "$.servers", want: [{ kind: "member", name: "servers" }] },
    {
      given: "$.paths['/a/{id}'].post",
      want: [
        { kind: "member", name: "paths" },
        { kind: "member", name: "/a/{id}" },
        { kind: "member", name: "post" },
      ],
    },
    {
      given: '$["x-y"][0]',
      want: [
        { kind: "member", name: "x-y" },
        { kind: "index", index: 0 },
      ],
    },
    { given: "$.paths.*[*]", want: [{ kind: "member", name: "paths" }, { kind: "wildcard" }, { kind: "wildcard" }] },
    { given: "$['it\\'s']", want: [{ kind: "member", name: "it's" }] },
  ])("parses $given", ({ given, want }) => {
    expect(parseJsonPath(given)).toEqual(want);
  });

  it.each([
    { given: "servers", want: /must start with \$/ },
    { given: "$..servers", want: /unsupported JSONPath/ },
    { given: "$.paths[?(@.x)]", want: /unsupported JSONPath/ },
    { given: "$.a[-1]", want: /unsupported JSONPath/ },
  ])("refuses $given", ({ given, want }) => {
    expect(() => parseJsonPath(given)).toThrow(want);
  });

  const doc = { paths: { "/a": { get: 1, post: 2 }, "/b": { get: 3 } }, servers: [{ url: "u" }], proto: {} };
  it.each([
    { given: "$.paths.*.get", want: [1, 3] },
    { given: "$.servers[0].url", want: ["u"] },
    { given: "$.servers[1]", want: [] },
    { given: "$.paths['/a'][0]", want: [] }, // an index on an object selects nothing
    { given: "$.proto.toString", want: [] }, // inherited members are not selectable
  ])("queries $given", ({ given, want }) => {
    expect(queryJsonPath(doc, parseJsonPath(given)).map((match) => match.value)).toEqual(want);
  });
});

describe("applyOverlay", () => {
  const base = () => ({ info: { title: "t" }, servers: [] as unknown[], paths: { "/a": { post: { summary: "s" } } } });
  const overlay = (actions: unknown[]) => ({ overlay: "1.0.0", info: { title: "fix", version: "1" }, actions });

  it.each([
    {
      case: "update merges into an object",
      actions: [{ target: "$.paths['/a'].post", update: { operationId: "stop" } }],
      want: { ...base(), paths: { "/a": { post: { summary: "s", operationId: "stop" } } } },
    },
    {
      case: "update appends to a list",
      actions: [{ target: "$.servers", update: { url: "https://x" } }],
      want: { ...base(), servers: [{ url: "https://x" }] },
    },
    { case: "remove deletes a member", actions: [{ target: "$.info.title", remove: true }], want: { ...base(), info: {} } },
    {
      case: "__proto__ in an update is ignored",
      actions: [{ target: "$.info", update: JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') }],
      want: { ...base(), info: { title: "t", x: 1 } },
    },
  ])("$case", ({ actions, want }) => {
    const document = base();
    applyOverlay(document, overlay(actions), "specs/x/overlay.yaml", () => 7);
    expect(document).toEqual(want);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    { case: "not an overlay", given: { actions: [] }, want: "specs/x/overlay.yaml:7 (at #/overlay): not an OpenAPI Overlay 1.x document" },
    { case: "a target that selects nothing", given: overlay([{ target: "$.nope", update: {} }]), want: "(at #/actions/0): target $.nope selects nothing" },
    { case: "a filter target", given: overlay([{ target: "$.paths[?(@)]", update: {} }]), want: "(at #/actions/0): unsupported JSONPath" },
    { case: "an action without target", given: overlay([{ update: {} }]), want: "(at #/actions/0): each action needs a `target`" },
    { case: "a scalar merged into an object", given: overlay([{ target: "$.info", update: 3 }]), want: "`update` must be an object" },
  ])("refuses $case", ({ given, want }) => {
    expect(() => applyOverlay(base(), given, "specs/x/overlay.yaml", () => 7)).toThrow(want);
  });
});

describe("JSON pointers and locations", () => {
  it.each([
    { segments: ["paths", "/a/{id}", "get"], pointer: "#/paths/~1a~1{id}/get" },
    { segments: ["x~y", 0], pointer: "#/x~0y/0" },
    { segments: [], pointer: "#/" },
  ])("$pointer round-trips", ({ segments, pointer }) => {
    expect(toPointer(segments)).toBe(pointer);
    expect(fromPointer(pointer)).toEqual(segments.map(String));
  });

  it.each([
    { given: { file: "f.yaml" }, want: "f.yaml" },
    { given: { file: "f.yaml", line: 3 }, want: "f.yaml:3" },
    { given: { file: "f.yaml", line: 3, pointer: "#/paths" }, want: "f.yaml:3 (at #/paths)" },
    { given: { file: "f.yaml", pointer: "#/" }, want: "f.yaml" },
    { given: { file: "f.json", line: 1, column: 4096, pointer: "#/paths" }, want: "f.json:1:4096 (at #/paths)" },
    { given: { file: "f.json", column: 4096 }, want: "f.json" }, // a column without a line is not shown
  ])("formats $want", ({ given, want }) => {
    expect(formatLocation(given)).toBe(want);
  });
});
