import type { ApiModel, OperationModel, StopInputModel } from "../../model/types.js";
import { requireCjs } from "../../startup/require-cjs.js";
import type { BodyValidator, BodyVerdict } from "./body-validator.js";
import type { LoadedClient } from "./load-client.js";

/** One stop request sent by the generated client to the mock server, and what came back. */
export interface Exchange {
  /** The documented response asked for (`204`, `4XX`), or undefined for the plain request. */
  asked?: string;
  /** The code put in `Prefer: code=…`: the status itself, or `400` for `4XX`. */
  askedCode?: number;
  status?: number;
  hasData: boolean;
  hasError: boolean;
  /** What the mock server's own request validation said (Prism's `sl-violations`). */
  requestViolations: string[];
  /** What it said about its own answer: a sample that breaks the schema is the mock's doing. */
  responseViolations: string[];
  body: BodyVerdict;
  /** Set when the client threw instead of resolving. */
  thrown?: string;
}

/** A UUID for a `format: uuid` session id; fixed, so the live results never change between runs. */
const SAMPLE_UUID = "5f0c2b1e-8c1d-4f3a-9b2e-7d6a1c0e4b3f";

/** Sends the plain stop request, then one per documented response, strictly one after another. */
export async function exchangeAll(model: ApiModel, stop: OperationModel, client: LoadedClient, validateBody: BodyValidator): Promise<Exchange[]> {
  const input = Object.fromEntries(model.stopSession.inputs.filter((field) => field.required).map((field) => [field.field, sampleValue(field)]));
  const exchanges = [await exchange(client, input, stop, undefined, validateBody)];
  for (const response of stop.responses) {
    if (response.status === "default") continue;
    exchanges.push(await exchange(client, input, stop, response.status, validateBody));
  }
  return exchanges;
}

async function exchange(
  client: LoadedClient,
  input: Record<string, unknown>,
  stop: OperationModel,
  asked: string | undefined,
  validateBody: BodyValidator,
): Promise<Exchange> {
  const askedCode = asked === undefined ? undefined : Number(asked.replace(/X/gi, "0"));
  const result: Exchange = { hasData: false, hasError: false, requestViolations: [], responseViolations: [], body: { kind: "no-schema" } };
  if (asked !== undefined) Object.assign(result, { asked, askedCode });
  try {
    const { data, error, response } = await client.stopSession(input, askedCode === undefined ? undefined : { headers: { Prefer: `code=${askedCode}` } });
    result.status = response.status;
    result.hasData = data !== undefined;
    result.hasError = error !== undefined;
    for (const violation of parseViolations(response.headers.get("sl-violations"))) {
      (violation.side === "request" ? result.requestViolations : result.responseViolations).push(violation.text);
    }
    const declared = asked ?? stop.responses.find((candidate) => candidate.status === String(response.status))?.status;
    if (declared) result.body = validateBody(stop.method, stop.path, declared, data ?? error);
  } catch (error) {
    result.thrown = error instanceof Error ? error.message : String(error);
  }
  return result;
}

/** Plain tokens tried, in order, against a pattern the spec gives without an example. */
const SAMPLE_TOKENS = ["sess_agentstop_1", "agentstop-1", "agentstop1", "agentstop", "a1", "1", "a"];

/**
 * A value the mock server accepts for an input: the spec's example, the first enum value, a number
 * for a numeric id, a UUID where one is required, else the first plain token its pattern allows.
 * Fixed, so the live results never change between runs.
 */
export function sampleValue(input: StopInputModel): string | number | boolean {
  const { constraints } = input;
  const numeric = input.valueType === "integer" || input.valueType === "number";
  if (input.example !== undefined) return numeric && Number.isFinite(Number(input.example)) ? Number(input.example) : input.example;
  if (constraints.enum?.[0] !== undefined) return numeric ? Number(constraints.enum[0]) : constraints.enum[0];
  if (numeric) return 1;
  if (input.valueType === "boolean") return true;
  if (constraints.format === "uuid") return SAMPLE_UUID;
  const pattern = safePattern(constraints.pattern);
  const fits = (token: string) =>
    (!pattern || pattern.test(token)) && [...token].length >= (constraints.minLength ?? 0) && [...token].length <= (constraints.maxLength ?? Infinity);
  const tokens = input.role === "agent" ? ["agent-agentstop-1", ...SAMPLE_TOKENS] : SAMPLE_TOKENS;
  const plain = tokens.find(fits);
  if (plain !== undefined) return plain;
  // None of the readable tokens fits the pattern: the shortest string it allows, built from the pattern itself.
  const built = pattern ? shortestMatch(pattern) : undefined;
  return built !== undefined && fits(built) ? built : (tokens[0] as string);
}

/** randexp, steered to the smallest choice at every step: deterministic, so live results never change between runs. */
function shortestMatch(pattern: RegExp): string | undefined {
  try {
    const RandExp = requireCjs("randexp") as new (pattern: RegExp) => { randInt: (low: number, high: number) => number; gen(): string };
    const generator = new RandExp(pattern);
    generator.randInt = (low) => low;
    return generator.gen();
  } catch {
    return undefined;
  }
}

function safePattern(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
}

interface Violation {
  side: "request" | "response";
  text: string;
}

function parseViolations(header: string | null): Violation[] {
  if (!header) return [];
  try {
    const parsed = JSON.parse(header) as { location?: string[]; message?: string }[];
    return parsed.map((entry) => ({ side: entry.location?.[0] === "response" ? "response" : "request", text: entry.message ?? "violation" }));
  } catch {
    return [{ side: "request", text: header }];
  }
}
