import { stringify } from "yaml";

/**
 * YAML text from values that carry spec text (titles, names, enum values), for the files import
 * writes. Everything goes through the `yaml` stringifier; this module only adds two guards.
 */

/** Characters that can end a line for some YAML reader (NEL, LS, PS), hide text (bidi controls) or drive a terminal. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const HAS_UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
/** Plain scalars a YAML 1.1 reader would not read as strings (dates, yes/no/on/off, 1:30, 1_000): quoted too. */
const YAML11_NON_STRING = /^(\d{4}-\d\d?-\d\d?([Tt ].*)?|y|yes|n|no|on|off|[-+]?\d[\d_]*(:[0-5]?\d)+(\.\d*)?|[-+]?(0b)?[\d_]*_[\d_]*)$/i;

function escapeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\U${code.toString(16).padStart(8, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * A string with an unsafe character becomes a double-quoted scalar with every such character
 * escaped (`\u2028`, `\n`): the `yaml` library writes LS, PS, NEL and bidi controls raw, which a
 * YAML 1.1 reader takes as line breaks. JSON string escapes are YAML double-quoted escapes. A string
 * a YAML 1.1 reader would take for a date or a boolean (`2025-05-01`, `no`) is double-quoted as well.
 */
const safeString = {
  identify: (value: unknown) => typeof value === "string" && (HAS_UNSAFE.test(value) || YAML11_NON_STRING.test(value)),
  default: true,
  tag: "tag:yaml.org,2002:str",
  resolve: (text: string) => text,
  stringify: (item: { value?: unknown }) => JSON.stringify(String(item.value)).replace(UNSAFE, escapeChar),
};

/** `value` as YAML text; parsing it back gives `value` exactly. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, customTags: (tags) => [safeString, ...tags] });
}

/** One comment line's text: control, format and line-separator characters escaped, so it cannot end the comment. */
export function commentText(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** `# …` lines for the given texts, each escaped. */
export function commentLines(texts: readonly string[]): string {
  return texts.map((text) => `# ${commentText(text)}`.trimEnd()).join("\n");
}
