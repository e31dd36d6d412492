import { deref, isObject, type JsonObject, optionalString } from "../model/deref.js";
import { buildParameters } from "../model/parameters.js";
import { buildRequestBody } from "../model/request-body.js";
import type { ParameterLocation, ParameterModel, RequestBodyModel } from "../model/types.js";
import {
  firstStopWord,
  isAgentName,
  isAgentResource,
  isBareIdName,
  isSessionName,
  isSessionResource,
  isSessionResourceIdName,
  isStateField,
  saysDeletes,
  stopValueStrength,
  tokens,
} from "./spec-words.js";

/** Methods a stop can use; GET, HEAD and OPTIONS only read and are never candidates. */
const METHODS = ["post", "patch", "put", "delete"] as const;
export type StopMethod = (typeof METHODS)[number];
export type Location = "path" | "query" | "header" | "body";

export interface Ref {
  in: Location;
  name: string;
}

/** The session id as found in an operation, and how. */
export interface SessionGuess extends Ref {
  how: string;
}

/** An enum value that asks for a stop: `{ status: REQUEST_RELEASE }`, `?action=stop`. */
export interface StopValue {
  in: "query" | "body";
  name: string;
  value: string;
  /** The other values the field allows, for the guess text. */
  allowed: string[];
}

/** One operation of the spec with what the ranking read from it. */
export interface Candidate {
  method: StopMethod;
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  parameters: Record<ParameterLocation, ParameterModel[]>;
  requestBody?: RequestBodyModel;
  /** The raw operation and path item, for values the model does not keep (a parameter's `default`). */
  raw: JsonObject;
  pathItem: JsonObject;
  /** Points; 0 when nothing says stop (a stop word, a stop action, a stop value, a DELETE of the session). */
  score: number;
  stopLike: boolean;
  /** A DELETE of the session resource: removes the session (and its data), not just stops it. */
  destructive: boolean;
  reasons: string[];
  session?: SessionGuess;
  agent?: Ref;
  stopValue?: StopValue;
  /** Required parameters and body fields, for the tie-breaker. */
  requiredCount: number;
  /** The stop verb the words use (`cancel`), for a proposed operationId. */
  verb?: string;
}

export const TIE_BREAKER =
  "a non-destructive stop first, then one whose session id was found, then fewer required parameters, then the shorter path, then path and method A–Z";

/** Every POST, PATCH, PUT and DELETE of the document, best first (score, then TIE_BREAKER). */
export function rankOperations(document: JsonObject): Candidate[] {
  const paths = isObject(document.paths) ? document.paths : {};
  const found: Candidate[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const pathItem = deref(document, rawItem);
    for (const method of METHODS) {
      const raw = pathItem[method];
      if (!isObject(raw)) continue;
      found.push(scoreOperation(document, path, method, pathItem, deref(document, raw)));
    }
  }
  return found.sort(compareCandidates);
}

export function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    b.score - a.score ||
    Number(a.destructive) - Number(b.destructive) ||
    Number(b.session !== undefined) - Number(a.session !== undefined) ||
    a.requiredCount - b.requiredCount ||
    a.path.length - b.path.length ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    (a.method < b.method ? -1 : a.method > b.method ? 1 : 0)
  );
}

/** How a later candidate lost to the first on the tie-breaker, when they scored the same. */
export function tieBreak(winner: Candidate, other: Candidate): string {
  if (winner.destructive !== other.destructive) return "it does not delete the session";
  if ((winner.session === undefined) !== (other.session === undefined)) return "its session id was found";
  if (winner.requiredCount !== other.requiredCount) return `it has fewer required parameters (${winner.requiredCount} against ${other.requiredCount})`;
  if (winner.path.length !== other.path.length) return "its path is shorter";
  return "its path and method come first A–Z";
}

function scoreOperation(document: JsonObject, path: string, method: StopMethod, pathItem: JsonObject, raw: JsonObject): Candidate {
  const parameters = buildParameters(document, pathItem, raw);
  const requestBody = buildRequestBody(document, raw.requestBody);
  const candidate: Candidate = {
    method,
    path,
    parameters,
    raw,
    pathItem,
    score: 0,
    stopLike: false,
    destructive: false,
    reasons: [],
    requiredCount:
      (["path", "query", "header", "cookie"] as const).reduce((sum, where) => sum + parameters[where].filter((p) => p.required).length, 0) +
      (requestBody?.required ? requestBody.fields.filter((field) => field.required).length : 0),
  };
  const operationId = optionalString(raw.operationId);
  const summary = optionalString(raw.summary);
  const description = optionalString(raw.description);
  if (operationId) candidate.operationId = operationId;
  if (summary) candidate.summary = summary;
  if (description) candidate.description = description;
  if (requestBody) candidate.requestBody = requestBody;

  const session = findSession(candidate);
  if (session) candidate.session = session;
  const agent = findAgent(candidate, session);
  if (agent) candidate.agent = agent;
  const stopValue = findStopValue(candidate);
  if (stopValue) candidate.stopValue = stopValue;

  let points = 0;
  const add = (n: number, reason: string) => {
    points += n;
    candidate.reasons.push(`${reason} (${n > 0 ? "+" : "−"}${Math.abs(n)})`);
  };
  const named = (operationId && firstStopWord(operationId)) || (summary && firstStopWord(summary));
  if (named) {
    candidate.verb = named.verb;
    add(5, `${operationId && firstStopWord(operationId) ? "operationId" : "summary"} says "${named.word}"`);
  }
  const action = stopAction(path);
  if (action) {
    candidate.verb ??= action.verb;
    add(5, `path ends in the action ${JSON.stringify(action.text)}`);
  }
  if (stopValue) {
    candidate.verb ??= firstStopWord(stopValue.value)?.verb ?? "stop";
    add(5, `${stopValue.in === "body" ? "body field" : "query parameter"} ${stopValue.name} accepts ${JSON.stringify(stopValue.value)}`);
  }
  const deletesSession = method === "delete" && !action && endsInSessionResource(path, session);
  if (deletesSession) add(3, "DELETE of the session resource");
  candidate.stopLike = Boolean(named || action || stopValue || deletesSession);
  if (deletesSession) {
    candidate.destructive = true;
    add(-4, `destructive: it deletes the session rather than stopping it${description && saysDeletes(description) ? " (its description says so)" : ""}`);
  }
  const describes = description ? firstStopWord(description) : undefined;
  if (describes) add(1, `description says "${describes.word}"`);
  if (mentionsSession(path, operationId, summary)) add(2, "about a session");
  if (action && actsOnSession(path, session)) add(2, "the action applies to the session itself");
  if (session) add(2, `session id: ${session.in} ${session.name}`);
  candidate.verb ??= describes?.verb;
  if (!candidate.stopLike) {
    candidate.reasons.unshift("nothing says stop: no stop word in its operationId or summary, no stop action in its path, no stop value in its body");
    candidate.score = 0;
  } else {
    candidate.score = Math.max(points, 1);
  }
  return candidate;
}

/** `…/stop`, `…/{id}:stop`, `…/cancel-run`: a stop verb as the last path segment or custom method. */
function stopAction(path: string): { text: string; verb: string } | undefined {
  const last = path.split("/").at(-1) ?? "";
  const custom = /:([A-Za-z][\w-]*)$/.exec(last);
  const text = custom ? `:${custom[1]}` : /^[^{}]+$/.test(last) ? `/${last}` : undefined;
  if (!text) return undefined;
  const first = tokens(text)[0];
  const verb = first ? firstStopWord(first)?.verb : undefined;
  return verb ? { text, verb } : undefined;
}

const segments = (path: string) => path.split("/").filter(Boolean);
const paramName = (segment: string) => /^\{([^}]+)\}(?::[\w-]+)?$/.exec(segment)?.[1];

/** The path ends in a parameter naming a session (`/sessions/{id}`, `/agents/{a}/sessions/{session_id}`). */
function endsInSessionResource(path: string, session: SessionGuess | undefined): boolean {
  const parts = segments(path);
  const last = paramName(parts.at(-1) ?? "");
  if (!last) return false;
  if (session?.in === "path" && session.name === last) return true;
  return isSessionResource(tokens(parts.at(-2) ?? "").at(-1));
}

/** The stop action's path segment follows the session id or a session resource (`/sessions/{id}/stop`, `/sessions/{id}:stop`). */
function actsOnSession(path: string, session: SessionGuess | undefined): boolean {
  const parts = segments(path);
  const last = parts.at(-1) ?? "";
  const target = last.includes(":") ? last : (parts.at(-2) ?? "");
  const name = paramName(target);
  if (name) return session?.in === "path" && session.name === name;
  return isSessionResource(tokens(target).at(-1));
}

function mentionsSession(path: string, operationId: string | undefined, summary: string | undefined): boolean {
  const literal = segments(path)
    .map((part) => part.replace(/\{[^}]*\}/g, " "))
    .join(" ");
  return tokens(`${literal} ${operationId ?? ""} ${summary ?? ""}`).some((word) => isSessionResource(word));
}

const LOOKUP_ORDER = ["path", "query", "header"] as const;

/**
 * The session id: a parameter or body field named like one (`session_id`, `sessionNumber`,
 * `X-Session-Id`), else the id of a session-like resource (`browser_id`), else a bare `{id}`
 * that follows a session-like path segment (`/sessions/{id}`, `/browsers/{id}`).
 */
export function findSession(candidate: Pick<Candidate, "path" | "parameters" | "requestBody">): SessionGuess | undefined {
  const tests: [(name: string) => boolean, string][] = [
    [isSessionName, "named like a session id"],
    [isSessionResourceIdName, "the id of a session-like resource"],
  ];
  for (const [test, how] of tests) {
    for (const where of LOOKUP_ORDER) {
      const parameter = candidate.parameters[where].find((p) => test(p.name));
      if (parameter) return { in: where, name: parameter.name, how: `a ${where} parameter ${how}` };
    }
    const field = candidate.requestBody?.jsonContentType ? candidate.requestBody.fields.find((f) => test(f.name)) : undefined;
    if (field) return { in: "body", name: field.name, how: `a JSON body field ${how}` };
  }
  const parts = segments(candidate.path);
  for (let i = parts.length - 1; i > 0; i--) {
    const name = paramName(parts[i] as string);
    const before = parts[i - 1] as string;
    if (name && isBareIdName(name) && !paramName(before) && isSessionResource(tokens(before).at(-1)))
      return { in: "path", name, how: `the path parameter after /${before}/` };
  }
  return undefined;
}

/** The agent that owns the session: `agent_id`, `agentName`, or a bare `{id}` after `/agents/`. */
function findAgent(candidate: Pick<Candidate, "path" | "parameters">, session: Ref | undefined): Ref | undefined {
  const taken = (where: string, name: string) => session?.in === where && session.name === name;
  for (const where of LOOKUP_ORDER) {
    const parameter = candidate.parameters[where].find((p) => (where === "path" || p.required) && isAgentName(p.name) && !taken(where, p.name));
    if (parameter) return { in: where, name: parameter.name };
  }
  const parts = segments(candidate.path);
  for (let i = 1; i < parts.length; i++) {
    const name = paramName(parts[i] as string);
    if (name && isBareIdName(name) && !taken("path", name) && isAgentResource(tokens(parts[i - 1] as string).at(-1))) return { in: "path", name };
  }
  return undefined;
}

/** A `status`/`action`/`state` body field or query parameter whose enum has a stop-like value. */
function findStopValue(candidate: Pick<Candidate, "parameters" | "requestBody">): StopValue | undefined {
  const fields: { in: "query" | "body"; name: string; values: string[] }[] = [
    ...(candidate.requestBody?.jsonContentType ? candidate.requestBody.fields : []).map((f) => ({
      in: "body" as const,
      name: f.name,
      values: f.constraints.type === "string" || f.constraints.type === undefined ? (f.constraints.enum ?? []) : [],
    })),
    ...candidate.parameters.query.map((p) => ({ in: "query" as const, name: p.name, values: p.constraints.enum ?? [] })),
  ];
  let best: StopValue | undefined;
  let bestStrength = 0;
  for (const field of fields) {
    if (!isStateField(field.name)) continue;
    for (const value of field.values) {
      const strength = stopValueStrength(value);
      if (strength > bestStrength) {
        bestStrength = strength;
        best = { in: field.in, name: field.name, value, allowed: field.values };
      }
    }
  }
  return best;
}

/** One line per candidate for the command's output and the manifest's header. */
export function describeCandidate(candidate: Candidate, rank: number): string {
  const id = candidate.operationId ?? "no operationId";
  return `${rank}. score ${candidate.score}: ${candidate.method.toUpperCase()} ${candidate.path} (${id}) — ${candidate.reasons.join("; ")}`;
}
