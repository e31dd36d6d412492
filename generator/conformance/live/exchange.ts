import { mappedParameter } from "../../model/stop-session.js";
import type { ApiModel, OperationModel, ParameterModel } from "../../model/types.js";
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
  const input = {
    sessionId: sampleValue(mappedParameter(stop, model.stopSession.session), "sess_agentstop_1"),
    ...(model.stopSession.agent ? { agentId: sampleValue(mappedParameter(stop, model.stopSession.agent), "agent-agentstop-1") } : {}),
  };
  const exchanges = [await exchange(client, input, stop, undefined, validateBody)];
  for (const response of stop.responses) {
    if (response.status === "default") continue;
    exchanges.push(await exchange(client, input, stop, response.status, validateBody));
  }
  return exchanges;
}

async function exchange(
  client: LoadedClient,
  input: { sessionId: string; agentId?: string },
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

/** The spec's own example when it gives one, a UUID where one is required, else a plain token. */
function sampleValue(parameter: ParameterModel | undefined, fallback: string): string {
  if (parameter?.example) return parameter.example;
  if (parameter?.constraints.format === "uuid") return SAMPLE_UUID;
  return fallback;
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
