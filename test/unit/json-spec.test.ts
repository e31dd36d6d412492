// Specs written as JSON: parsed with JSON.parse, positions found in the text only when asked for.
import { describe, expect, it } from "vitest";
import { SpecError } from "../../generator/errors.js";
import { parseYamlSafe } from "../../generator/load/safe-yaml.js";

const FILE = "specs/x/openapi.json";

describe("JSON specs parse to the same values as through the YAML parser", () => {
  it.each([
    { case: "nesting and empty containers", given: '{"a": {"b": [1, {"c": []}], "d": {}}, "e": null}' },
    { case: "numbers", given: '{"n": [0, -0.5, 1e3, 2E-2, 12345678901234567890]}' },
    { case: "escapes", given: '{"s": "tab\\t quote\\" slash\\/ \\u00e9 \\ud83d\\ude00", "k\\"ey": true}' },
    { case: "a __proto__ member stays data", given: '{"__proto__": {"polluted": true}, "x": false}' },
    {
      case: "a pretty-printed spec",
      given: JSON.stringify(
        { openapi: "3.1.0", info: { title: "T", version: "1" }, paths: { "/a/{id}": { get: { responses: { 200: { description: "ok" } } } } } },
        null,
        2,
      ),
    },
  ])("$case", ({ given }) => {
    const viaJson = parseYamlSafe(given, FILE);
    const viaYaml = parseYamlSafe(`# a YAML comment first, so the YAML parser reads it\n${given}`, "specs/x/openapi.yaml");
    expect(viaJson.positionOf?.("#/")?.column).toBe(1); // only the JSON path has columns
    expect(viaYaml.positionOf?.("#/")?.column).toBeUndefined();
    expect(viaJson.value).toEqual(viaYaml.value);
    expect(Object.keys(viaJson.value as object)).toEqual(Object.keys(viaYaml.value as object));
  });

  it.each([
    { case: "a byte order mark", given: '\uFEFF{"a": 1}', want: { a: 1 } },
    { case: "leading whitespace", given: '\n\n  {"a": 1}', want: { a: 1 } },
    { case: "a YAML flow mapping in a .yaml file", given: "{openapi: 3.1.0, paths: {}}", want: { openapi: "3.1.0", paths: {} } },
  ])("$case", ({ given, want }) => {
    expect(parseYamlSafe(given, "specs/x/openapi.yaml").value).toEqual(want);
  });
});

describe("JSON errors name the file, line and column", () => {
  it.each([
    {
      case: "a bad literal (V8 gives no position)",
      given: '{\n  "a": 1,\n  "b": tru\n}',
      want: /^specs\/x\/openapi\.json:3:11: invalid JSON: Unexpected token '\\n'$/,
    },
    {
      case: "a missing comma",
      given: '{\n  "a": 1\n  "b": 2\n}',
      want: /^specs\/x\/openapi\.json:3:3: invalid JSON: Expected ',' or '}' after property value$/,
    },
    { case: "a trailing comma", given: '{"a": [1, 2,]}', want: /^specs\/x\/openapi\.json:1:13: invalid JSON: Unexpected token '\]'$/ },
    { case: "text that ends too soon", given: '{\n  "a": {\n', want: /^specs\/x\/openapi\.json:3:1: invalid JSON/ },
    {
      case: "text after the object",
      given: '{"a": 1}\n}',
      want: /^specs\/x\/openapi\.json:2:1: invalid JSON: Unexpected non-whitespace character after JSON$/,
    },
    {
      case: "a repeated member name",
      given: '{\n  "paths": {\n    "/a": {},\n    "/b": {},\n    "/a": {}\n  }\n}',
      want: /^specs\/x\/openapi\.json:5:5: invalid JSON: member names must be unique in an object, and "\/a" repeats$/,
    },
    { case: "a repeated escaped name", given: '{"a\\"b": 1, "x": {"a\\"b": 1}, "a\\"b": 2}', want: /^specs\/x\/openapi\.json:1:31: .*"a\\"b" repeats$/ },
  ])("$case", ({ given, want }) => {
    expect(() => parseYamlSafe(given, FILE)).toThrow(SpecError);
    expect(() => parseYamlSafe(given, FILE)).toThrow(want);
  });

  it("broken JSON in a .yaml file is reported by the YAML parser, with its line", () => {
    expect(() => parseYamlSafe('{\n  "a": 1,\n  "b": [1, 2\n}', "specs/x/openapi.yaml")).toThrow(/^specs\/x\/openapi\.yaml:\d+: invalid YAML/);
  });
});

describe("positions in JSON text", () => {
  const document = {
    info: { title: "T" },
    paths: { "/a/{id}": { get: { responses: { 200: { description: 'say "}"' } } } } },
    tags: [{ name: "x" }, { name: "y" }],
  };
  const pretty = JSON.stringify(document, null, 2);
  // 1 {
  // 2   "info": {
  // 3     "title": "T"
  // 4   },
  // 5   "paths": {
  // 6     "/a/{id}": {
  // 7       "get": {
  // 8         "responses": {
  // 9           "200": {
  // 10            "description": "say \"}\""
  // ...
  // 16   "tags": [
  // 17     {
  // 18       "name": "x"
  // 19     },
  // 20     {
  // 21       "name": "y"

  it.each([
    { pointer: "#/", want: { line: 1, column: 1 } },
    { pointer: "#/info", want: { line: 2, column: 11 } },
    { pointer: "#/info/title", want: { line: 3, column: 14 } },
    { pointer: "#/paths/~1a~1{id}/get", want: { line: 7, column: 14 } },
    { pointer: "#/paths/~1a~1%7Bid%7D/get/responses/200/description", want: { line: 10, column: 28 } },
    { pointer: "#/paths/~1a~1{id}/get/operationId", want: { line: 7, column: 14 } }, // absent: its parent
    { pointer: "#/tags/1", want: { line: 20, column: 5 } },
    { pointer: "#/tags/1/name", want: { line: 21, column: 15 } },
    { pointer: "#/tags/7", want: { line: 16, column: 11 } },
    { pointer: "#/nowhere", want: { line: 1, column: 1 } },
  ])("pretty-printed: $pointer is at $want.line:$want.column", ({ pointer, want }) => {
    const parsed = parseYamlSafe(pretty, FILE);
    expect(parsed.positionOf?.(pointer)).toEqual(want);
    expect(parsed.lineOf(pointer)).toBe(want.line);
  });

  const minified = JSON.stringify(document);
  // {"info":{"title":"T"},"paths":{"/a/{id}":{"get":{"responses":{"200":{"description":"say \"}\""}}}}},"tags":[{"name":"x"},{"name":"y"}]}
  it.each([
    { pointer: "#/info", want: 9 },
    { pointer: "#/info/title", want: 18 },
    { pointer: "#/paths/~1a~1{id}/get", want: 49 },
    { pointer: "#/paths/~1a~1{id}/get/responses/200/description", want: 84 },
    { pointer: "#/tags", want: 108 },
    { pointer: "#/tags/1/name", want: 130 },
  ])("minified: $pointer is at 1:$want", ({ pointer, want }) => {
    const parsed = parseYamlSafe(minified, FILE);
    expect(parsed.positionOf?.(pointer)).toEqual({ line: 1, column: want });
    expect(parsed.lineOf(pointer)).toBe(1);
  });

  it("columns after a byte order mark do not count it", () => {
    expect(parseYamlSafe('\uFEFF{"a":1}', FILE).positionOf?.("#/a")).toEqual({ line: 1, column: 6 });
  });
});
