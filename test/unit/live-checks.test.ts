import { describe, expect, it } from "vitest";
import type { Exchange } from "../../generator/conformance/live/exchange.js";
import { LIVE_CHECKS } from "../../generator/conformance/live/live-checks.js";

/** Given/want tables for the live columns: each decides from recorded exchanges alone. */

const valid = { kind: "valid" } as const;
const plain = (over: Partial<Exchange> = {}): Exchange => ({
  status: 200,
  hasData: true,
  hasError: false,
  requestViolations: [],
  responseViolations: [],
  body: valid,
  ...over,
});
const asked = (status: string, over: Partial<Exchange> = {}): Exchange => {
  const code = Number(status.replace(/X/g, "0"));
  return plain({ asked: status, askedCode: code, status: code, hasData: code < 400, hasError: code >= 400, ...over });
};
const decide = (id: string, exchanges: Exchange[]) => {
  const check = LIVE_CHECKS.find((candidate) => candidate.id === id);
  if (!check) throw new Error(`no live check ${id}`);
  return check.decide(exchanges);
};

describe("live-request-accepted", () => {
  it.each([
    { name: "accepted with 200", given: [plain()], want: { status: "pass", value: "200" } },
    { name: "accepted with 204", given: [plain({ status: 204, hasData: false })], want: { status: "pass", value: "204" } },
    {
      name: "Prism's request validation objects",
      given: [plain({ status: 422, hasData: false, hasError: true, requestViolations: ["Request query parameter limit is required"] })],
      want: { status: "fail", value: "422" },
    },
    { name: "a 401 from the mock's auth check", given: [plain({ status: 401, hasData: false, hasError: true })], want: { status: "fail", value: "401" } },
    { name: "the client threw", given: [plain({ status: undefined, thrown: "path parameter is empty" })], want: { status: "fail", value: "threw" } },
    { name: "no stop operation", given: [], want: { status: "n/a", value: "—" } },
  ])("$name → $want.status", ({ given, want }) => {
    expect(decide("live-request-accepted", given)).toMatchObject(want);
  });

  it("names the violation in the reason", () => {
    const result = decide("live-request-accepted", [plain({ status: 422, requestViolations: ["Request query parameter limit is required"] })]);
    expect(result.reason).toContain("limit is required");
  });
});

describe("live-success-typed and live-errors-typed", () => {
  const invalid = (fromSpecExample: boolean): Exchange["body"] => ({ kind: "invalid", problems: ["/session_id must be string"], fromSpecExample });
  it.each([
    { name: "200 as data, valid", check: "live-success-typed", given: [asked("200")], want: { status: "pass", value: "200" } },
    {
      name: "204 with no data",
      check: "live-success-typed",
      given: [asked("204", { hasData: false, body: { kind: "no-schema" } })],
      want: { status: "pass", value: "204" },
    },
    { name: "204 that carries data", check: "live-success-typed", given: [asked("204", { hasData: true })], want: { status: "fail", value: "204" } },
    { name: "200 that lands in error", check: "live-success-typed", given: [asked("200", { hasError: true })], want: { status: "fail", value: "200" } },
    { name: "asked 200, got 500", check: "live-success-typed", given: [asked("200", { status: 500 })], want: { status: "fail", value: "200" } },
    {
      name: "spec example breaks its schema",
      check: "live-success-typed",
      given: [asked("200", { body: invalid(true), responseViolations: ["x"] })],
      want: { status: "fail" },
    },
    { name: "body breaks schema, mock silent", check: "live-success-typed", given: [asked("200", { body: invalid(false) })], want: { status: "fail" } },
    {
      name: "mock's own sample, flagged by it",
      check: "live-errors-typed",
      given: [asked("4XX", { body: invalid(false), responseViolations: ["x"] })],
      want: { status: "pass", value: "4XX" },
    },
    { name: "errors as error, valid", check: "live-errors-typed", given: [asked("400"), asked("404")], want: { status: "pass", value: "400 404" } },
    { name: "an error that lands in data", check: "live-errors-typed", given: [asked("404", { hasData: true })], want: { status: "fail", value: "404" } },
    {
      name: "an error the mock refuses to give",
      check: "live-errors-typed",
      given: [asked("429", { status: 422, requestViolations: ["bad header"] })],
      want: { status: "fail" },
    },
    { name: "no error documented", check: "live-errors-typed", given: [plain(), asked("200")], want: { status: "n/a", value: "none" } },
  ])("$check: $name → $want.status", ({ check, given, want }) => {
    expect(decide(check, given)).toMatchObject(want);
  });

  it("a mock-sampled body is reported in the reason, not hidden", () => {
    const result = decide("live-errors-typed", [asked("5XX", { body: invalid(false), responseViolations: ["x"] })]);
    expect(result.reason).toContain("Not held against the spec");
    expect(result.reason).toContain("/session_id must be string");
  });
});
