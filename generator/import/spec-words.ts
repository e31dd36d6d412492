/**
 * The words import reads a spec by: stop verbs, session-like resources, id-like names. Names and
 * text are split into lower-case tokens (camelCase, snake_case, kebab-case, SCREAMING_CASE), so
 * `endpoint` is never `end` and `REQUEST_RELEASE` is `request release`.
 */
export function tokens(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const STOP_VERBS: Record<string, string[]> = {
  stop: ["stop", "stops", "stopping"],
  release: ["release", "releases", "releasing"],
  cancel: ["cancel", "cancels", "cancelling", "canceling", "cancellation"],
  terminate: ["terminate", "terminates", "terminating", "termination"],
  end: ["end", "ends", "ending"],
  close: ["close", "closes", "closing"],
  halt: ["halt", "halts", "halting"],
  kill: ["kill", "kills", "killing"],
  abort: ["abort", "aborts", "aborting"],
  shutdown: ["shutdown"],
  interrupt: ["interrupt", "interrupts", "interrupting"],
};
const STOPPED: Record<string, string> = {
  stopped: "stop",
  released: "release",
  cancelled: "cancel",
  canceled: "cancel",
  terminated: "terminate",
  ended: "end",
  closed: "close",
  halted: "halt",
  killed: "kill",
  aborted: "abort",
  interrupted: "interrupt",
};
const STOP_FORMS = new Map(Object.entries(STOP_VERBS).flatMap(([verb, forms]) => forms.map((form) => [form, verb] as const)));

/** The stop verb a token is a form of (`terminates` → `terminate`), not counting past tenses. */
export function stopVerb(token: string): string | undefined {
  return STOP_FORMS.get(token);
}

/** The first stop verb in a text, with the word as written. */
export function firstStopWord(text: string): { verb: string; word: string } | undefined {
  for (const token of tokens(text)) {
    const verb = stopVerb(token);
    if (verb) return { verb, word: token };
  }
  return undefined;
}

/**
 * How strongly an enum value asks for a stop: 3 for an imperative (`stop`, `terminate`), 4 when
 * it is a request for one (`REQUEST_RELEASE`), 1 for a state (`stopped`), 0 otherwise.
 */
export function stopValueStrength(value: string): number {
  const words = tokens(value);
  if (words.some((word) => STOP_FORMS.has(word))) return words.includes("request") ? 4 : 3;
  return words.some((word) => word in STOPPED) ? 1 : 0;
}

/** Resources an agent session lives as: `/sessions/{id}`, `/browsers/{id}`, `/runs/{id}`. */
const SESSION_RESOURCES = new Set(["session", "browser", "run", "sandbox", "conversation", "call"]);

export function isSessionResource(token: string | undefined): boolean {
  if (!token) return false;
  return SESSION_RESOURCES.has(token) || SESSION_RESOURCES.has(token.replace(/e?s$/, "")) || SESSION_RESOURCES.has(token.replace(/s$/, ""));
}

const AGENT_RESOURCES = new Set(["agent", "agents", "assistant", "assistants"]);
export function isAgentResource(token: string | undefined): boolean {
  return token !== undefined && AGENT_RESOURCES.has(token);
}

/** Last words that make a name an identifier: `session_id`, `sessionNumber`, `agent_name`. */
const ID_WORDS = new Set(["id", "number", "num", "no", "key", "uuid", "identifier", "ref", "name", "slug"]);

/** A parameter's name as tokens, without the `x-` of a header (`X-Session-Id` → session, id). */
export function nameTokens(name: string): string[] {
  const words = tokens(name);
  return words[0] === "x" && words.length > 1 ? words.slice(1) : words;
}

/** `session_id`, `sessionId`, `session_number`, `X-Session-Id`, `agent_session_id`, `session`. */
export function isSessionName(name: string): boolean {
  const words = nameTokens(name);
  const last = words.at(-1);
  return words.includes("session") && (last === "session" || (last !== undefined && ID_WORDS.has(last)));
}

/** `browser_id`, `runId`, `sandbox_id`: the id of a session-like resource. */
export function isSessionResourceIdName(name: string): boolean {
  const words = nameTokens(name);
  const last = words.at(-1);
  return words.length >= 2 && last !== undefined && ID_WORDS.has(last) && isSessionResource(words.at(-2));
}

/** A bare id: `id`, `uuid`, `number`, `key`. */
export function isBareIdName(name: string): boolean {
  const words = nameTokens(name);
  return words.length === 1 && ID_WORDS.has(words[0] as string);
}

/** `agent_id`, `agentName`, `assistant_id`, `agent`. */
export function isAgentName(name: string): boolean {
  const words = nameTokens(name);
  const last = words.at(-1);
  if (words.includes("session") || !words.some((word) => word === "agent" || word === "assistant")) return false;
  return last === "agent" || last === "assistant" || (last !== undefined && ID_WORDS.has(last));
}

/** What a request is scoped by besides the agent: owner/repo, project, workspace, organisation. */
const SCOPE_WORDS = new Set([
  "owner",
  "repo",
  "repository",
  "project",
  "workspace",
  "org",
  "organization",
  "organisation",
  "tenant",
  "account",
  "team",
  "namespace",
]);

export function isScopeName(name: string): boolean {
  return nameTokens(name).some((word) => SCOPE_WORDS.has(word));
}

/** `api-version`, `apiVersion`, `X-API-Version`, `version`. */
export function isApiVersionName(name: string): boolean {
  const words = nameTokens(name).join(" ");
  return words === "api version" || words === "version";
}

/** Fields whose enum says what to do with the resource: `status`, `action`, `state`. */
const STATE_WORDS = new Set(["status", "state", "action", "command", "operation", "op", "intent", "phase", "lifecycle"]);

export function isStateField(name: string): boolean {
  return nameTokens(name).some((word) => STATE_WORDS.has(word));
}

/** Words in a description saying that the operation deletes something. */
export function saysDeletes(text: string): boolean {
  return tokens(text).some((word) => /^(delete[sd]?|deleting|deletion|remove[sd]?|removing|destroy(s|ed)?|destroying|purge[sd]?|permanently)$/.test(word));
}
