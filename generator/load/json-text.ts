import { fromPointer } from "../errors.js";

/**
 * Helpers for specs written as JSON, which `parseYamlSafe` parses with `JSON.parse` (a 13 MB spec
 * in 0.1 s, where the YAML parser takes seconds and keeps hundreds of MiB of nodes). `JSON.parse`
 * gives no positions, so these find them in the text: only when a position is asked for, and only
 * as much of the document as the question needs. Except for `syntaxErrorOffset`, they assume the
 * text is valid JSON (`JSON.parse` accepted it).
 */

/** 1-based line and column; the column counts UTF-16 code units from the start of the line. */
export interface TextPosition {
  line: number;
  column: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function isScalarEnd(code: number): boolean {
  return code === COMMA || code === CLOSE_OBJECT || code === CLOSE_ARRAY || isSpace(code);
}

function skipSpace(text: string, i: number): number {
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index just after the string that opens at `start` (a `"`), or -1 when it is not closed. */
function stringEnd(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
  }
  return -1;
}

function stringValue(text: string, start: number, end: number): string {
  const raw = text.slice(start, end);
  return raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/** Index just after the value that starts at `start`. */
function valueEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return stringEnd(text, start);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    let i = start;
    while (i < text.length && !isScalarEnd(text.charCodeAt(i))) i++;
    return i;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i) - 1;
      if (i < 0) return -1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --depth === 0) return i + 1;
  }
  return -1;
}

/** Member name (or array index) → offset of its value, for the object or array at `start`. */
function children(text: string, start: number): Map<string, number> {
  const found = new Map<string, number>();
  const isObject = text.charCodeAt(start) === OPEN_OBJECT;
  let i = skipSpace(text, start + 1);
  for (let index = 0; i > 0 && i < text.length; index++) {
    const c = text.charCodeAt(i);
    if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) break;
    let key = String(index);
    if (isObject) {
      const end = stringEnd(text, i);
      if (end < 0) break;
      key = stringValue(text, i, end);
      i = skipSpace(text, skipSpace(text, end) + 1); // past the colon
    }
    found.set(key, i); // a repeated name overwrites: JSON.parse keeps the last one too
    i = valueEnd(text, i);
    if (i < 0) break;
    i = skipSpace(text, i);
    if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
  }
  return found;
}

/**
 * Finds values by JSON pointer. Each object or array on the way is scanned once, for its direct
 * members only, and remembered; the line index is built on the first question. A pointer that is
 * not in the text gets the position of its nearest parent that is.
 */
export class JsonLocator {
  private readonly members = new Map<number, Map<string, number>>();
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  offsetOf(pointer: string): number {
    let offset = skipSpace(this.text, 0);
    for (const segment of fromPointer(pointer)) {
      const c = this.text.charCodeAt(offset);
      if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) break;
      let members = this.members.get(offset);
      if (!members) {
        members = children(this.text, offset);
        this.members.set(offset, members);
      }
      const next = members.get(segment);
      if (next === undefined) break;
      offset = next;
    }
    return offset;
  }

  positionOf(pointer: string): TextPosition {
    return this.positionAt(this.offsetOf(pointer));
  }

  positionAt(offset: number): TextPosition {
    this.lineStarts ??= lineStarts(this.text);
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The first member name that repeats within one object, and its offset. `JSON.parse` silently
 * keeps the last of repeated names; YAML specs refuse them (a reviewer reads the first, the tools
 * use the last), and writing the spec as JSON should not be the way around that. Counting is cheap
 * (tens of ms on 13 MB): the names in the text against the names `JSON.parse` kept; only when they
 * differ is the text scanned again, object by object, to find the repeat.
 */
export function findDuplicateKey(text: string, value: unknown): { name: string; offset: number } | undefined {
  if (countNamesInText(text) === countNamesInValue(value)) return undefined;
  const open: Set<string>[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_OBJECT) open.push(new Set());
    else if (c === CLOSE_OBJECT) open.pop();
    else if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) break;
      if (text.charCodeAt(skipSpace(text, end)) === COLON) {
        const names = open[open.length - 1];
        const name = stringValue(text, i, end);
        if (names?.has(name)) return { name, offset: i };
        names?.add(name);
      }
      i = end - 1;
    }
  }
  return undefined;
}

function countNamesInText(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i)) {
    i = stringEnd(text, i);
    if (i < 0) break;
    if (text.charCodeAt(skipSpace(text, i)) === COLON) count++;
  }
  return count;
}

function countNamesInValue(root: unknown): number {
  let count = 0;
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else {
      for (const key of Object.keys(value)) {
        count++;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return count;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * Offset of the first syntax error in text that `JSON.parse` refused, for messages whose error
 * names no position (Node 20: "Unexpected token 'x', ... is not valid JSON"). The offset is
 * `text.length` when the text ends too soon.
 */
export function syntaxErrorOffset(text: string): number {
  const open: number[] = [];
  let i = skipSpace(text, 0);
  for (;;) {
    // A value starts at i.
    const c = text.charCodeAt(i);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const close = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
      const inside = skipSpace(text, i + 1);
      if (text.charCodeAt(inside) === close) {
        i = inside + 1;
      } else {
        open.push(c);
        i = c === OPEN_OBJECT ? memberValue(text, inside) : inside;
        if (i < 0) return ~i;
        continue;
      }
    } else {
      const end = scalarEnd(text, i);
      if (end < 0) return ~end;
      i = end;
    }
    // A value ended at i: a comma, a closing bracket, or the end of the text follows.
    for (;;) {
      i = skipSpace(text, i);
      const top = open[open.length - 1];
      if (top === undefined) return i; // text after the value (or none: then JSON.parse would not have failed)
      const next = text.charCodeAt(i);
      if (next === COMMA) {
        i = skipSpace(text, i + 1);
        if (top === OPEN_OBJECT) {
          i = memberValue(text, i);
          if (i < 0) return ~i;
        }
        break;
      }
      if (next !== (top === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) return Math.min(i, text.length);
      open.pop();
      i++;
    }
  }
}

/** From a member's name to the start of its value; `~offset` of the error when it is not well-formed. */
function memberValue(text: string, i: number): number {
  if (text.charCodeAt(i) !== QUOTE) return ~Math.min(i, text.length);
  const end = scalarEnd(text, i);
  if (end < 0) return end;
  const colon = skipSpace(text, end);
  if (text.charCodeAt(colon) !== COLON) return ~Math.min(colon, text.length);
  return skipSpace(text, colon + 1);
}

/** End of the string, number or literal at i; `~offset` of the error when it is not well-formed. */
function scalarEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) {
    for (let j = i + 1; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === QUOTE) return j + 1;
      if (d < 0x20) return ~j;
      if (d === BACKSLASH) {
        ESCAPE.lastIndex = j;
        if (!ESCAPE.test(text)) return ~j;
        j = ESCAPE.lastIndex - 1;
      }
    }
    return ~text.length;
  }
  const literal = c === 0x74 ? "true" : c === 0x66 ? "false" : c === 0x6e ? "null" : undefined;
  if (literal !== undefined) {
    for (let k = 1; k < literal.length; k++) {
      if (text.charCodeAt(i + k) !== literal.charCodeAt(k)) return ~Math.min(i + k, text.length);
    }
    return i + literal.length;
  }
  NUMBER.lastIndex = i;
  return NUMBER.test(text) ? NUMBER.lastIndex : ~Math.min(i, text.length);
}
