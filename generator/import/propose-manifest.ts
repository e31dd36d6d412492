import { stringify } from "yaml";
import { isObject } from "../model/deref.js";

type Json = Record<string, unknown>;

const METHODS = ["get", "put", "post", "delete", "patch"] as const;
const STOP_WORDS =
  /\b(stop|cancel|terminate|release|close|end|halt|kill)\b|^(stop|cancel|terminate|release|close|end|halt|kill)[A-Z_]|(stop|cancel|terminate|release|close|halt|kill)$/i;

export interface ManifestProposal {
  /** provider.yaml text, with the guesses written as comments at the top. */
  text: string;
  /** overlay.yaml text, when the spec needs a fix first (a stop operation without an operationId). */
  overlay?: string;
  /** What was guessed, one sentence each, for the command's output. */
  guesses: string[];
}

interface Candidate {
  method: string;
  path: string;
  operation: Json;
  score: number;
  reasons: string[];
}

/**
 * A provider.yaml for a new provider: the stop-session operation is proposed from method, path,
 * operationId and summary (stop, cancel, terminate, release, close… together with "session"),
 * the session and agent parameters from their names, the effect from the words used.
 */
export function proposeManifest(document: Json, id: string, upstream: { url: string; format: string }): ManifestProposal {
  const candidates = stopCandidates(document);
  const best = candidates[0];
  if (!best || best.score === 0)
    throw new Error("no operation looks like stopping a session (stop, cancel, terminate, release or close a session); write provider.yaml by hand");
  const givenId = typeof best.operation.operationId === "string" ? best.operation.operationId : undefined;
  // No operationId (TrueFoundry): propose one, `<stop word>Session`, and the overlay that adds it.
  const operationId = givenId ?? `${stopWordOf(best)}Session`;
  const parameters = (Array.isArray(best.operation.parameters) ? best.operation.parameters : []).filter(isObject);
  const session = findReference(parameters, best.operation, /session/i);
  if (!session) throw new Error(`${best.method.toUpperCase()} ${best.path}: no parameter or body field named like a session id`);
  const agent = findReference(parameters, best.operation, /agent/i);
  const words = `${best.operation.summary ?? ""} ${best.operation.description ?? ""} ${operationId}`.toLowerCase();
  const effect = /checkpoint/.test(words)
    ? "stop-at-checkpoint"
    : /cancel/.test(words) && /\b(turn|run|request|task)\b/.test(words)
      ? "cancel-turn"
      : "terminate";
  const info = isObject(document.info) ? document.info : {};
  const displayName = typeof info.title === "string" && info.title.trim() ? info.title.trim() : id;

  const guesses = [
    ...(givenId ? [] : [`operationId: ${operationId}, added by overlay.yaml (the spec gives none; the client's method name comes from it)`]),
    `stop operation: ${operationId} (${best.method.toUpperCase()} ${best.path}) — ${best.reasons.join(", ")}${candidates[1] && candidates[1].score > 0 ? `; runner-up ${candidates[1].method.toUpperCase()} ${candidates[1].path}` : ""}`,
    `session id: ${session.in} ${session.name}`,
    agent ? `agent: ${agent.in} ${agent.name}` : "agent: none found (sessions are stopped by id alone)",
    `effect: ${effect} (from the words of the operation; check the provider's docs)`,
    `display name: ${displayName} (from info.title)`,
  ];
  const manifest = {
    id,
    displayName,
    package: `@agentstop/${id}`,
    upstream,
    stopSession: { operationId, effect, session, ...(agent ? { agent } : {}) },
  };
  const header = [
    "# yaml-language-server: $schema=../provider.schema.json",
    "# Proposed by `agentstop import`; check each guess, then delete these lines:",
    ...guesses.map((guess) => `#   ${guess}`),
  ];
  const text = `${header.join("\n")}\n${stringify(manifest, { lineWidth: 0 })}`;
  return givenId ? { text, guesses } : { text, guesses, overlay: operationIdOverlay(id, best, operationId) };
}

function stopWordOf(candidate: Candidate): string {
  const words = `${candidate.operation.summary ?? ""} ${candidate.path}`.toLowerCase().match(/stop|cancel|terminate|release|close|end|halt|kill/);
  return words?.[0] ?? "stop";
}

function operationIdOverlay(id: string, candidate: Candidate, operationId: string): string {
  const overlay = {
    overlay: "1.0.0",
    info: { title: `agentstop fixes for ${id}`, version: "1.0.0" },
    actions: [
      {
        target: `$.paths[${JSON.stringify(candidate.path)}].${candidate.method}`,
        description: "The operation has no operationId; the client's method name comes from it.",
        update: { operationId },
      },
    ],
  };
  return `# Our fixes to the ${id} spec (OpenAPI Overlay 1.0), each with a reason. Proposed by \`agentstop import\`.\n${stringify(overlay, { lineWidth: 0 })}`;
}

function stopCandidates(document: Json): Candidate[] {
  const paths = isObject(document.paths) ? document.paths : {};
  const found: Candidate[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const reasons: string[] = [];
      const text = `${operation.operationId ?? ""} ${operation.summary ?? ""}`;
      const stopWord =
        STOP_WORDS.test(String(operation.operationId ?? "")) ||
        STOP_WORDS.test(String(operation.summary ?? "")) ||
        /[:/](stop|cancel|terminate|release|close)$/i.test(path);
      if (stopWord) reasons.push("a stop word in its operationId, summary or path");
      const session = /session/i.test(`${text} ${path}`);
      if (session) reasons.push("mentions a session");
      const deletesSession = method === "delete" && /\{[^}]*session[^}]*\}$/i.test(path);
      if (deletesSession) reasons.push("DELETE on a session resource");
      const score = (stopWord ? 3 : 0) + (session ? 2 : 0) + (deletesSession ? 3 : 0);
      found.push({ method, path, operation, score: stopWord || deletesSession ? score : 0, reasons });
    }
  }
  return found.sort((a, b) => b.score - a.score);
}

function findReference(parameters: Json[], operation: Json, pattern: RegExp): { in: string; name: string } | undefined {
  for (const location of ["path", "query", "header"]) {
    const parameter = parameters.find((candidate) => candidate.in === location && typeof candidate.name === "string" && pattern.test(candidate.name));
    if (parameter) return { in: location, name: String(parameter.name) };
  }
  const body = isObject(operation.requestBody) && isObject(operation.requestBody.content) ? operation.requestBody.content["application/json"] : undefined;
  const properties = isObject(body) && isObject(body.schema) && isObject(body.schema.properties) ? body.schema.properties : {};
  const field = Object.keys(properties).find((name) => pattern.test(name));
  return field ? { in: "body", name: field } : undefined;
}
