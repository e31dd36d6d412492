import type * as Yaml from "yaml";
import { fromPointer, SpecError } from "../errors.js";
import { requireCjs } from "../startup/require-cjs.js";

const { isNode, LineCounter, parseDocument } = requireCjs("yaml") as typeof Yaml;

/**
 * Specs arrive in pull requests, so parsing is bounded: a size cap, and an alias cap that stops
 * "billion laughs" documents (Redocly's own parser has none, which is why we parse first).
 */
export const YAML_LIMITS = { maxBytes: 5 * 1024 * 1024, maxAliasCount: 100 } as const;

export interface ParsedYaml {
  value: unknown;
  /** 1-based line of the node at a JSON pointer, or undefined when the pointer is not in this text. */
  lineOf(pointer: string): number | undefined;
}

export function parseYamlSafe(text: string, file: string): ParsedYaml {
  if (Buffer.byteLength(text, "utf8") > YAML_LIMITS.maxBytes) {
    throw new SpecError({ file }, `file is larger than ${YAML_LIMITS.maxBytes} bytes`);
  }
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
  return {
    value,
    lineOf(pointer) {
      // A finding may point at a key that is absent (a missing operationId): use the nearest parent.
      for (let segments = fromPointer(pointer); ; segments = segments.slice(0, -1)) {
        const node = doc.getIn(segments, true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
        if (segments.length === 0) return undefined;
      }
    },
  };
}
