import { readFileSync, statSync } from "node:fs";
import type * as Yaml from "yaml";
import { fromPointer, SpecError } from "../errors.js";
import { requireCjs } from "../startup/require-cjs.js";
import { findDuplicateKey, JsonLocator, syntaxErrorOffset } from "./json-text.js";

const { isNode, LineCounter, parseDocument } = requireCjs("yaml") as typeof Yaml;

/**
 * Specs arrive in pull requests, so parsing is bounded: a size cap, and an alias cap that stops
 * "billion laughs" documents (Redocly's own parser has none, which is why we parse first).
 * `maxBytes` is the default cap; a provider may set its own (`limits.maxSpecBytes` in provider.yaml).
 */
export const YAML_LIMITS = { maxBytes: 16 * 1024 * 1024, maxAliasCount: 100 } as const;

export interface ParseLimits {
  /** Byte cap for this file; `YAML_LIMITS.maxBytes` when absent. */
  maxBytes?: number;
}

/** 1-based line, and for JSON text the 1-based column (UTF-16 code units, a byte order mark not counted). */
export interface SpecPosition {
  line: number;
  column?: number;
}

export interface ParsedYaml {
  value: unknown;
  /** 1-based line of the node at a JSON pointer, or undefined when the pointer is not in this text. */
  lineOf(pointer: string): number | undefined;
  /**
   * Line and, for JSON text, column of the node at a JSON pointer (a whole spec on one line makes
   * the line alone useless). Optional so that hand-made values need not have it.
   */
  positionOf?(pointer: string): SpecPosition | undefined;
}

/** Where a pointer is, as location fields: `positionOf` when the parse has it, else `lineOf`. */
export function positionIn(parsed: ParsedYaml, pointer: string): SpecPosition | { line?: number } {
  return parsed.positionOf ? (parsed.positionOf(pointer) ?? {}) : { line: parsed.lineOf(pointer) };
}

/**
 * Parses a spec file's text. JSON text (an object, after an optional byte order mark) is parsed
 * with `JSON.parse`, and its positions are found only when asked for; everything else, and text
 * in a YAML file that only looks like JSON (a flow mapping), goes through the YAML parser.
 */
export function parseYamlSafe(text: string, file: string, limits: ParseLimits = {}): ParsedYaml {
  checkSize(Buffer.byteLength(text, "utf8"), file, limits.maxBytes);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/^[ \t\r\n]*\{/.test(body)) {
    const parsed = parseJson(body, file);
    if (parsed) return parsed;
  }
  return parseYaml(text, file);
}

/** Reads a spec file, refusing it by its size on disk before reading it. */
export function readSpecFile(absolutePath: string, file: string, limits: ParseLimits = {}): string {
  checkSize(statSync(absolutePath).size, file, limits.maxBytes);
  return readFileSync(absolutePath, "utf8");
}

function checkSize(bytes: number, file: string, maxBytes = YAML_LIMITS.maxBytes): void {
  if (bytes > maxBytes) {
    throw new SpecError(
      { file },
      `file is ${bytes} bytes, larger than the limit of ${maxBytes} bytes (a provider can raise it with limits.maxSpecBytes in its provider.yaml)`,
    );
  }
}

/** The parsed JSON, or undefined when the text is not JSON and the file is not a .json file. */
function parseJson(body: string, file: string): ParsedYaml | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    if (!file.toLowerCase().endsWith(".json")) return undefined;
    const message = cause instanceof Error ? cause.message : String(cause);
    const at = new JsonLocator(body).positionAt(errorOffset(message, body));
    // V8's messages end with the position, or quote the text around the error (the location says where).
    const trimmed = message.replace(/(?: in JSON)? at position \d+[\s\S]*$|, (?:\.\.\.)?"[\s\S]*$/, "");
    const reason = Array.from(trimmed, (c) => (c < " " ? JSON.stringify(c).slice(1, -1) : c)).join("");
    throw new SpecError({ file, line: at.line, column: at.column }, `invalid JSON: ${reason}`);
  }
  // Repeated member names are an error, as in YAML files, though JSON.parse keeps the last one.
  const duplicate = findDuplicateKey(body, value);
  if (duplicate) {
    const at = new JsonLocator(body).positionAt(duplicate.offset);
    const name = JSON.stringify(duplicate.name);
    throw new SpecError({ file, line: at.line, column: at.column }, `invalid JSON: member names must be unique in an object, and ${name} repeats`);
  }
  let locator: JsonLocator | undefined;
  const positionOf = (pointer: string): SpecPosition => {
    locator ??= new JsonLocator(body);
    return locator.positionOf(pointer);
  };
  return { value, lineOf: (pointer) => positionOf(pointer).line, positionOf };
}

function errorOffset(message: string, body: string): number {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return Number(position);
  if (message.includes("end of JSON input")) return body.length;
  return syntaxErrorOffset(body);
}

function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0].line;
    throw new SpecError({ file, line }, `invalid YAML: ${first.message.split("\n")[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SpecError({ file }, `refused YAML: ${reason} (aliases are limited to guard against alias bombs)`);
  }
  const lineOf = (pointer: string): number | undefined => {
    // A finding may point at a key that is absent (a missing operationId): use the nearest parent.
    for (let segments = fromPointer(pointer); ; segments = segments.slice(0, -1)) {
      const node = doc.getIn(segments, true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      if (segments.length === 0) return undefined;
    }
  };
  return {
    value,
    lineOf,
    positionOf(pointer) {
      const line = lineOf(pointer);
      return line === undefined ? undefined : { line };
    },
  };
}
