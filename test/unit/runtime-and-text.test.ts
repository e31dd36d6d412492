// The runtime each package ships (path safety, server URLs) and the escaping that puts spec text
// into generated files.
import { describe, expect, it } from "vitest";
import { docText, literal, propertyName } from "../../generator/emit/shared/text.js";
import { createSafePathSerializer, encodePathSegment, PathParameterError, resolveServerUrl } from "../../templates/runtime/src/index.js";

describe("encodePathSegment", () => {
  it.each([
    { given: "abc-123_~.x", want: "abc-123_~.x" },
    { given: "a/b", want: "a%2Fb" },
    { given: "a?b#c", want: "a%3Fb%23c" },
    { given: "100%", want: "100%25" },
    { given: "ns:stop", want: "ns%3Astop" },
    { given: "it's (1)*!", want: "it%27s%20%281%29%2A%21" },
    { given: "é", want: "%C3%A9" },
  ])("$given → $want", ({ given, want }) => {
    expect(encodePathSegment(given)).toBe(want);
  });
});

describe("createSafePathSerializer", () => {
  const TEMPLATE = "/agents/{agentId}/sessions/{sessionId}";
  const serialize = createSafePathSerializer({ [TEMPLATE]: { sessionId: { format: "uuid" }, agentId: { pattern: "^[a-z-]+$", maxLength: 8 } } }, true);
  const lenient = createSafePathSerializer({ [TEMPLATE]: { sessionId: { format: "uuid" } } }, false);
  const UUID = "639f91d8-d511-4677-a83b-bd7564d5d92f";
  const url = `https://api.example${TEMPLATE}`;

  it.each([
    { given: { agentId: "a", sessionId: UUID }, want: `https://api.example/agents/a/sessions/${UUID}` },
    { given: { agentId: "a-b", sessionId: UUID.toUpperCase() }, want: `https://api.example/agents/a-b/sessions/${UUID.toUpperCase()}` },
  ])("sends $given", ({ given, want }) => {
    expect(serialize(url, given)).toBe(want);
  });

  it.each([
    { given: { agentId: "a" }, want: 'path parameter "sessionId" of /agents/{agentId}/sessions/{sessionId} is missing; no request was sent' },
    { given: { agentId: "a", sessionId: null }, want: '"sessionId" of /agents/{agentId}/sessions/{sessionId} is missing' },
    { given: { agentId: "", sessionId: UUID }, want: '"agentId" of /agents/{agentId}/sessions/{sessionId} is empty' },
    { given: { agentId: "..", sessionId: UUID }, want: 'is the dot segment ".."' },
    { given: { agentId: ".", sessionId: UUID }, want: 'is the dot segment "."' },
    { given: { agentId: "a", sessionId: { id: 1 } }, want: "must be a string or a number, got object" },
    { given: { agentId: "a", sessionId: "not-a-uuid" }, want: '"sessionId" of /agents/{agentId}/sessions/{sessionId} must be a UUID' },
    { given: { agentId: "A", sessionId: UUID }, want: "must match the pattern ^[a-z-]+$" },
    { given: { agentId: "abcdefghi", sessionId: UUID }, want: "must be at most 8 characters" },
  ])("refuses $given", ({ given, want }) => {
    expect(() => serialize(url, given)).toThrow(PathParameterError);
    expect(() => serialize(url, given)).toThrow(want);
  });

  it.each([
    { given: { agentId: "x", sessionId: "not-a-uuid" }, want: "https://api.example/agents/x/sessions/not-a-uuid" },
    { given: { agentId: "x", sessionId: "../admin" }, want: "https://api.example/agents/x/sessions/..%2Fadmin" },
  ])("with validation off, still encodes $given", ({ given, want }) => {
    expect(lenient(url, given)).toBe(want);
  });

  it("with validation off, still refuses dot segments", () => {
    expect(() => lenient(url, { agentId: "x", sessionId: ".." })).toThrow(PathParameterError);
  });
});

describe("resolveServerUrl", () => {
  const server = {
    url: "{scheme}://{host}/{tenant}/",
    variables: { scheme: { default: "https", enum: ["http", "https"] }, host: { default: "api.x" }, tenant: { default: "t" } },
  };
  it.each([
    { given: {}, want: "https://api.x/t" },
    { given: { scheme: "http", host: "127.0.0.1:8080", tenant: "acme" }, want: "http://127.0.0.1:8080/acme" },
  ])("fills $given", ({ given, want }) => {
    expect(resolveServerUrl(server, given)).toBe(want);
  });

  it.each([
    { given: { scheme: "ftp" }, want: 'server variable "scheme" must be one of http, https; got "ftp"' },
    { given: { host: "evil.example/x?" }, want: 'server variable "host" has an unsafe value "evil.example/x?"' },
    { given: { tenant: "a@b" }, want: "unsafe value" },
    { given: { tenant: "" }, want: "unsafe value" },
  ])("refuses $given", ({ given, want }) => {
    expect(() => resolveServerUrl(server, given)).toThrow(want);
  });

  it("refuses a template variable the server does not define", () => {
    expect(() => resolveServerUrl({ url: "https://{x}", variables: {} })).toThrow("uses {x}, which it does not define");
  });
});

describe("spec text in generated code", () => {
  it.each([
    { given: undefined, want: "" },
    { given: "ends */ here", want: "ends *\\/ here" },
    { given: "a\r\nb\u2028c\u2029d", want: "a\nb\nc\nd" },
    { given: "@deprecated fake\n  @param x", want: "\\@deprecated fake\n  \\@param x" },
    { given: "  padded  ", want: "padded" },
  ])("docText($given)", ({ given, want }) => {
    expect(docText(given)).toBe(want);
  });

  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile spec text, on purpose
    { given: "x`${y}`", want: '"x`${y}`"' },
    { given: 'quote " and \\', want: '"quote \\" and \\\\"' },
    { given: "line\u2028sep", want: '"line\\u2028sep"' },
    { given: { a: [1] }, want: '{\n  "a": [\n    1\n  ]\n}' },
  ])("literal($given)", ({ given, want }) => {
    expect(literal(given)).toBe(want);
    // The literal evaluates back to the value: nothing in it runs as code.
    expect(new Function(`return ${literal(given)};`)()).toEqual(given);
  });

  it("quotes every property name", () => {
    expect(propertyName("x-api-key")).toBe('"x-api-key"');
    expect(propertyName("constructor")).toBe('"constructor"');
  });
});
