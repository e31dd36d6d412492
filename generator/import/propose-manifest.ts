import type { InputRef, ProviderManifest, StopEffect, UpstreamFormat } from "../load/manifest.js";
import { deref, isObject, type JsonObject } from "../model/deref.js";
import { camelCase, isSafeIdentifier, uniqueNames } from "../model/identifiers.js";
import type { ParameterModel } from "../model/types.js";
import { setOwn } from "../shared/own.js";
import { type Candidate, describeCandidate, rankOperations, type SessionGuess, TIE_BREAKER, tieBreak } from "./rank-operations.js";
import { isApiVersionName, isScopeName } from "./spec-words.js";
import { commentLines, toYaml } from "./yaml-text.js";

type Json = Record<string, unknown>;

/** What a field holds until someone fills it in (needsEdit names it). */
export const PLACEHOLDER = "FILL-IN";

/** How many ranked candidates are printed and written as comments. */
const SHOWN = 5;

export interface ManifestProposal {
  /** The proposed provider.yaml, as data: `text` parses back to exactly this. */
  manifest: ProviderManifest;
  /** provider.yaml text: the guesses and the ranked candidates as comments, then the manifest. */
  text: string;
  /** overlay.yaml text, when the spec needs a fix first (a stop operation without an operationId). */
  overlay?: string;
  /** What was guessed, one sentence each, for the command's output. */
  guesses: string[];
  /** The best candidates, one line each with score and reasons. */
  candidates: string[];
  /** The fields to fill in before generate accepts the manifest (also in `manifest.needsEdit`). */
  needsEdit: { field: string; why: string }[];
}

export interface UpstreamProposal {
  /** An http(s) URL `npm run sync` fetches; none for a local file. */
  url?: string;
  format: UpstreamFormat;
}

/**
 * A provider.yaml for a new provider, always: the operations are ranked (rank-operations.ts), the
 * best stop-like one is mapped (session, agent, scope, constants, defaults, inputs) so that every
 * required parameter and body field is covered; what could not be decided is written as a
 * placeholder and listed under `needsEdit`, which generate refuses until it is removed.
 */
export function proposeManifest(document: Json, id: string, upstream: UpstreamProposal): ManifestProposal {
  const ranked = rankOperations(document);
  const best = ranked[0];
  const stop = best?.stopLike ? best : undefined;
  const needsEdit: { field: string; why: string }[] = [];
  const guesses: string[] = [];
  const info = isObject(document.info) ? document.info : {};
  const displayName = displayNameOf(info.title, id);
  const knownIds = new Set(ranked.flatMap((candidate) => (candidate.operationId ? [candidate.operationId] : [])));

  // The operation.
  let operationId: string;
  let overlay: string | undefined;
  if (stop) {
    operationId = stop.operationId ?? uniqueNames([...knownIds, `${stop.verb ?? "stop"}Session`]).at(-1) ?? "stopSession";
    if (!stop.operationId) {
      overlay = operationIdOverlay(id, stop, operationId);
      guesses.push(`operationId: ${operationId}, added by overlay.yaml (the spec gives none; the client's method name comes from it)`);
    }
    guesses.push(`stop operation: ${operationId} (${stop.method.toUpperCase()} ${stop.path}), score ${stop.score}${whyChosen(stop, ranked)}`);
  } else {
    operationId = best?.operationId ?? PLACEHOLDER;
    const placeholder = best ? `${best.method.toUpperCase()} ${best.path}${best.operationId ? "" : ", which has no operationId"}` : undefined;
    const why = `no operation looks like stopping a session (no stop, cancel, terminate, release, end or close in an operationId, summary or path, no stop value in a status/action enum, no DELETE of a session)${placeholder ? `; the placeholder is the best-ranked operation, ${placeholder}` : "; the spec has no POST, PATCH, PUT or DELETE operation"}`;
    needsEdit.push({ field: "stopSession.operationId", why });
    guesses.push(`stop operation: NONE FOUND, ${why}`);
  }

  // The session, the agent and what the stop sends.
  const chosen = stop ?? best;
  const mapping = chosen ? mapOperation(document, chosen) : undefined;
  const session = chosen?.session ?? placeholderSession(chosen);
  if (chosen?.session) {
    guesses.push(`session id: ${session.in} ${session.name}${typeSuffix(chosen, session)}, ${chosen.session.how}`);
  } else {
    const why = chosen
      ? `no parameter or JSON body field of ${chosen.method.toUpperCase()} ${chosen.path} is named like a session id (session_id, sessionId, X-Session-Id, or {id} after /sessions/); the placeholder is ${session.name === PLACEHOLDER ? "not a parameter" : `${session.in} ${session.name}`}`
      : "there is no operation to take it from";
    needsEdit.push({ field: "stopSession.session", why });
    guesses.push(`session id: NOT FOUND, ${why}`);
  }
  const agent = chosen?.agent;
  guesses.push(agent ? `agent: ${agent.in} ${agent.name}` : "agent: none found (sessions are stopped without an agent)");
  if (mapping) {
    guesses.push(...mapping.guesses);
    needsEdit.push(...mapping.needsEdit);
  }
  const effect = effectOf(chosen, operationId);
  guesses.push(`effect: ${effect} (from the words of the operation; check the provider's docs)`);
  if (!stop) needsEdit.push({ field: "stopSession.effect", why: "a placeholder: with no stop operation there is nothing to read the effect from" });
  guesses.push(`display name: ${displayName} (from info.title)`);
  guesses.push(
    upstream.url
      ? `upstream: ${upstream.url} (npm run sync fetches it)`
      : "upstream: no url (imported from a local file, so npm run sync skips it; --upstream <url> records one)",
  );

  const stopSession: ProviderManifest["stopSession"] = { operationId, effect, session: { in: session.in, name: session.name } };
  if (agent) stopSession.agent = { in: agent.in, name: agent.name };
  if (mapping?.scope.length) stopSession.scope = mapping.scope;
  if (mapping?.inputs.length) stopSession.inputs = mapping.inputs;
  if (mapping && Object.keys(mapping.constants).length > 0) stopSession.constants = mapping.constants;
  const manifest: ProviderManifest = {
    id,
    displayName,
    package: `@agentstop/${id}`,
    upstream: upstream.url ? { url: upstream.url, format: upstream.format } : { format: upstream.format },
    stopSession,
  };
  if (mapping && Object.keys(mapping.defaults).length > 0) manifest.defaults = mapping.defaults;
  if (needsEdit.length > 0) manifest.needsEdit = mergeByField(needsEdit);

  const candidates = ranked.slice(0, SHOWN).map((candidate, i) => describeCandidate(candidate, i + 1));
  const text = manifestText(manifest, guesses, candidates, ranked.length);
  return { manifest, text, ...(overlay ? { overlay } : {}), guesses, candidates, needsEdit: manifest.needsEdit ?? [] };
}

/** One entry per field, its reasons joined. */
function mergeByField(items: { field: string; why: string }[]): { field: string; why: string }[] {
  const merged = new Map<string, string>();
  for (const item of items) merged.set(item.field, merged.has(item.field) ? `${merged.get(item.field)}; ${item.why}` : item.why);
  return [...merged].map(([field, why]) => ({ field, why }));
}

/** Why the stop won: its reasons, the runner-up (and how a tie was broken), a DELETE it was preferred to. */
function whyChosen(stop: Candidate, ranked: Candidate[]): string {
  const parts = [` — ${stop.reasons.join("; ")}`];
  const runnerUp = ranked[1];
  const deleting = stop.destructive ? undefined : ranked.find((candidate) => candidate !== stop && candidate.destructive);
  if (runnerUp && runnerUp.score === stop.score) {
    parts.push(`; tied on score with ${label(runnerUp)}, chosen by the tie-breaker (${TIE_BREAKER}) because ${tieBreak(stop, runnerUp)}`);
  } else if (runnerUp?.stopLike && runnerUp !== deleting) {
    parts.push(`; runner-up ${label(runnerUp)}, score ${runnerUp.score}`);
  }
  if (deleting) {
    parts.push(
      `; ${deleting === runnerUp ? "runner-up" : "preferred to"} ${label(deleting)}, score ${deleting.score}, deletes the session resource (and its data) instead of stopping it, so the stop that keeps the session is preferred`,
    );
  } else if (stop.destructive) {
    parts.push("; it is a DELETE of the session resource (no stop that keeps the session was found): stopping deletes the session");
  }
  return parts.join("");
}

const label = (candidate: Candidate) => `${candidate.method.toUpperCase()} ${candidate.path}${candidate.operationId ? ` (${candidate.operationId})` : ""}`;

function typeSuffix(candidate: Candidate, ref: { in: string; name: string }): string {
  const type =
    ref.in === "body"
      ? candidate.requestBody?.fields.find((field) => field.name === ref.name)?.constraints.type
      : candidate.parameters[ref.in as "path"].find((p) => p.name === ref.name)?.constraints.type;
  return type ? ` (${type})` : "";
}

/** The best stand-in when no session id was found: the last path parameter, else a marked placeholder. */
function placeholderSession(candidate: Candidate | undefined): SessionGuess {
  const last = candidate?.parameters.path.filter((p) => !(candidate.agent?.in === "path" && candidate.agent.name === p.name)).at(-1);
  return last ? { in: "path", name: last.name, how: "placeholder" } : { in: "path", name: PLACEHOLDER, how: "placeholder" };
}

interface Mapping {
  scope: InputRef[];
  inputs: InputRef[];
  constants: NonNullable<ProviderManifest["stopSession"]["constants"]>;
  defaults: { query?: Record<string, string>; header?: Record<string, string> };
  guesses: string[];
  needsEdit: { field: string; why: string }[];
}

/**
 * Everything besides the session and the agent: the stop value as a constant, the other path
 * parameters and scoping headers as scope, each other required query or header parameter as a
 * default (the spec's default, first enum value or example) or else an input, and each required
 * body field as an input. Covers what generate's coverage check asks for.
 */
function mapOperation(document: JsonObject, candidate: Candidate): Mapping {
  const mapping: Mapping = { scope: [], inputs: [], constants: {}, defaults: {}, guesses: [], needsEdit: [] };
  const covered = new Set<string>();
  const key = (where: string, name: string) => `${where}:${name.toLowerCase()}`;
  const cover = (where: string, name: string) => covered.add(key(where, name));
  const session = candidate.session ?? placeholderSession(candidate);
  if (session.name !== PLACEHOLDER) cover(session.in, session.name);
  if (candidate.agent) cover(candidate.agent.in, candidate.agent.name);
  const fields = new Set(["sessionId", ...(candidate.agent ? ["agentId"] : [])]);

  const value = candidate.stopValue;
  if (value) {
    cover(value.in, value.name);
    mapping.constants[value.in] = { [value.name]: value.value };
    mapping.guesses.push(
      `constants: ${value.in} ${value.name} = ${JSON.stringify(value.value)} (the stop-like value of its enum ${JSON.stringify(value.allowed)}; sent on every stop)`,
    );
  }

  const scopeNotes: string[] = [];
  for (const parameter of candidate.parameters.path) {
    if (covered.has(key("path", parameter.name))) continue;
    cover("path", parameter.name);
    mapping.scope.push(inputRef("path", parameter.name, fields));
    scopeNotes.push(`path ${parameter.name}`);
  }
  const defaultNotes: string[] = [];
  const inputNotes: string[] = [];
  for (const where of ["header", "query"] as const) {
    for (const parameter of candidate.parameters[where]) {
      if (!parameter.required || covered.has(key(where, parameter.name))) continue;
      cover(where, parameter.name);
      if (isScopeName(parameter.name)) {
        mapping.scope.push(inputRef(where, parameter.name, fields));
        scopeNotes.push(`${where} ${parameter.name}`);
        continue;
      }
      const found = specValue(document, candidate, parameter) ?? apiVersionValue(document, parameter);
      if (found) {
        setDefault(mapping, where, parameter.name, found.value);
        defaultNotes.push(`${where} ${parameter.name} = ${JSON.stringify(found.value)} (${found.source})`);
      } else if (isApiVersionName(parameter.name)) {
        // An API version is chosen once per client, not per call: a default the user fills in.
        setDefault(mapping, where, parameter.name, PLACEHOLDER);
        const why = `required by the stop, and the spec gives no value for it (no default, enum or example, and info.version is not a dated version): write the API version you target`;
        mapping.needsEdit.push({ field: `defaults.${where}.${parameter.name}`, why });
        defaultNotes.push(`${where} ${parameter.name} = NEEDS A VALUE (${why})`);
      } else {
        mapping.inputs.push(inputRef(where, parameter.name, fields));
        inputNotes.push(`${where} ${parameter.name} (required; the spec gives no default, enum or example, so the caller supplies it)`);
      }
    }
  }
  for (const parameter of candidate.parameters.cookie) {
    if (!parameter.required) continue;
    mapping.needsEdit.push({
      field: "stopSession.operationId",
      why: `${candidate.method.toUpperCase()} ${candidate.path} requires the cookie ${parameter.name}, which a stop mapping cannot send: pick another operation or fix the spec in overlay.yaml`,
    });
  }
  const body = candidate.requestBody;
  const sendsBody = body !== undefined && (body.required || [...covered].some((entry) => entry.startsWith("body:")));
  if (body && sendsBody) {
    for (const field of body.fields) {
      if (!field.required || covered.has(key("body", field.name))) continue;
      cover("body", field.name);
      mapping.inputs.push(inputRef("body", field.name, fields));
      inputNotes.push(`body ${field.name} (a required field of the JSON body)`);
    }
    if (!body.jsonContentType) {
      mapping.needsEdit.push({
        field: "stopSession.operationId",
        why: `${candidate.method.toUpperCase()} ${candidate.path} needs a request body but declares no JSON media type (${body.contentTypes.join(", ") || "none"}); agentstop sends JSON only`,
      });
    }
  }
  if (scopeNotes.length > 0) mapping.guesses.push(`scope: ${scopeNotes.join(", ")} (each a required input of stopSession)`);
  if (defaultNotes.length > 0) mapping.guesses.push(`defaults: ${defaultNotes.join(", ")}`);
  if (inputNotes.length > 0) mapping.guesses.push(`inputs: ${inputNotes.join(", ")}`);
  return mapping;
}

function setDefault(mapping: Mapping, where: "query" | "header", name: string, value: string): void {
  const values = mapping.defaults[where] ?? {};
  setOwn(values, name, value);
  mapping.defaults[where] = values;
}

const INPUT_PATTERN = /^[a-z][A-Za-z0-9]{0,39}$/;

/**
 * A scope or input reference; `input` is set only where the default (the name in camelCase)
 * would not do: a header's `x-` dropped (`X-Workspace-Id` → workspaceId), a clash, an odd name.
 */
function inputRef(where: InputRef["in"], name: string, taken: Set<string>): InputRef {
  const usable = (field: string) => INPUT_PATTERN.test(field) && isSafeIdentifier(field);
  const plain = camelCase(name);
  const preferred = camelCase(where === "header" ? name.replace(/^x-/i, "") : name);
  let field = usable(preferred) ? preferred : usable(plain) ? plain : `${where}Input`;
  for (let n = 2; taken.has(field); n++) field = `${usable(preferred) ? preferred : `${where}Input`}${n}`;
  taken.add(field);
  return field === plain ? { in: where, name } : { in: where, name, input: field };
}

/** A required parameter's value from the spec: its default, first enum value or example. */
function specValue(document: JsonObject, candidate: Candidate, parameter: ParameterModel): { value: string; source: string } | undefined {
  const raw = [
    ...(Array.isArray(candidate.pathItem.parameters) ? candidate.pathItem.parameters : []),
    ...(Array.isArray(candidate.raw.parameters) ? candidate.raw.parameters : []),
  ]
    .map((entry) => deref(document, entry))
    .filter((entry) => entry.in === parameter.in && String(entry.name).toLowerCase() === parameter.name.toLowerCase())
    .at(-1);
  const schema = unwrapNullable(document, deref(document, raw?.schema));
  const scalar = (value: unknown) => (typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined);
  const fromDefault = scalar(schema.default);
  if (fromDefault !== undefined) return { value: fromDefault, source: "the spec's default" };
  const enumValues = Array.isArray(schema.enum) ? schema.enum : schema.const !== undefined ? [schema.const] : [];
  const fromEnum = enumValues.map(scalar).find((value) => value !== undefined);
  if (fromEnum !== undefined) return { value: fromEnum, source: enumValues.length > 1 ? "the first of its enum values" : "its only allowed value" };
  const examples = isObject(raw?.examples) ? Object.values(raw.examples).map((example) => deref(document, example).value) : [];
  const fromExample = [raw?.example, schema.example, ...(Array.isArray(schema.examples) ? schema.examples : []), ...examples]
    .map(scalar)
    .find((v) => v !== undefined);
  return fromExample === undefined ? undefined : { value: fromExample, source: "the spec's example" };
}

function unwrapNullable(document: JsonObject, schema: JsonObject): JsonObject {
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  const nonNull = branches?.map((branch) => deref(document, branch)).filter((branch) => branch.type !== "null");
  return nonNull?.length === 1 ? { ...(nonNull[0] as JsonObject), ...pick(schema, ["default", "example", "examples"]) } : schema;
}

const pick = (object: JsonObject, keys: string[]) => Object.fromEntries(keys.filter((k) => object[k] !== undefined).map((k) => [k, object[k]]));

/**
 * An API version parameter with no value of its own: the document's info.version when it is a
 * dated version (`2025-05-01`, Azure style); a `1.0.0` is the document's version, not the API's.
 */
function apiVersionValue(document: JsonObject, parameter: ParameterModel): { value: string; source: string } | undefined {
  if (!isApiVersionName(parameter.name)) return undefined;
  const version = isObject(document.info) ? document.info.version : undefined;
  if (typeof version !== "string" || !/^\d{4}-\d{2}-\d{2}(-[A-Za-z0-9.]+)?$/.test(version)) return undefined;
  return { value: version, source: "info.version; the spec gives the parameter no value of its own" };
}

function effectOf(candidate: Candidate | undefined, operationId: string): StopEffect {
  const words = `${candidate?.summary ?? ""} ${candidate?.description ?? ""} ${operationId} ${candidate?.stopValue?.value ?? ""}`.toLowerCase();
  if (/checkpoint/.test(words)) return "stop-at-checkpoint";
  if (/cancel/.test(words) && /\b(turn|run|request|task)\b/.test(words)) return "cancel-turn";
  // Interrupting stops what the session is doing now, not the session.
  if (/\binterrupt/.test(words)) return "cancel-turn";
  return "terminate";
}

/** info.title on one line, at most 80 characters (the schema's limit); the id when there is none. */
function displayNameOf(title: unknown, id: string): string {
  const text = typeof title === "string" ? title.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]+/gu, " ").trim() : "";
  return text === "" ? id : Array.from(text).slice(0, 80).join("").trim();
}

function manifestText(manifest: ProviderManifest, guesses: string[], candidates: string[], total: number): string {
  const needsEdit = manifest.needsEdit ?? [];
  const header = [
    "yaml-language-server: $schema=../provider.schema.json",
    needsEdit.length > 0
      ? `Proposed by \`agentstop import\`. NEEDS EDIT: fill in ${needsEdit.map((item) => item.field).join(", ")} (see needsEdit), then delete needsEdit.`
      : "Proposed by `agentstop import`; check each guess, then delete these comment lines.",
    "Guesses:",
    ...guesses.map((guess) => `  ${guess}`),
    `Candidates (${candidates.length} of ${total}; by score, ties: ${TIE_BREAKER}):`,
    ...candidates.map((line) => `  ${line}`),
  ];
  return `${commentLines(header)}\n${toYaml(manifest)}`;
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
  return `${commentLines([`Our fixes to the ${id} spec (OpenAPI Overlay 1.0), each with a reason. Proposed by \`agentstop import\`.`])}\n${toYaml(overlay)}`;
}

/** overlay.yaml for a new provider that needs no fix yet. */
export function emptyOverlay(id: string): string {
  const overlay = { overlay: "1.0.0", info: { title: `agentstop fixes for ${id}`, version: "1.0.0" }, actions: [] };
  return `${commentLines([`Our fixes to the ${id} spec (OpenAPI Overlay 1.0), each with a comment saying why.`])}\n${toYaml(overlay)}`;
}
