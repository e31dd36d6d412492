/**
 * A table-style API reference page (Microsoft Learn's REST reference, as on the Foundry page)
 * turned into an OpenAPI 3.1 document:
 *
 *   # <summary>                        `METHOD /path`            <description paragraph>
 *   ### Path|Query|Header|Cookie parameters   | Name | Type | Required | Description |
 *   ## Request body                    Content-Type, then a property table
 *   ## Responses / ### <status> — <description>
 *       _No response body._  or  Content-Type: `…`, a description, a property table,
 *       and `#### \`prop\` — \`TypeName\`` tables that define named types (components).
 *
 * Types in cells: `string`, `integer`, `number`, `boolean`, `object`, `X[]`, `A \| null`, `enum`
 * (values from `_Constant:_` or `_Values:_` in the description), or a named type.
 */
import { setOwn } from "../shared/own.js";

type Json = Record<string, unknown>;

export class PageFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "PageFormatError";
  }
}

interface Line {
  text: string;
  number: number;
}

const METHOD_AND_PATH = /`(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) (\/[^`\s]*)`/;
const PRIMITIVES = new Set(["string", "integer", "number", "boolean", "null"]);
const ARTICLES = new Set(["a", "an", "the"]);

export function referencePageToOpenApi(page: string, title: string): Json {
  const lines = page.split(/\r?\n/).map((text, index) => ({ text, number: index + 1 }));
  const heading = lines.find((line) => /^# /.test(line.text));
  if (!heading) throw new PageFormatError(1, "no `# Title` heading");
  const summary = heading.text.slice(2).trim();
  const endpointLine = lines.find((line) => METHOD_AND_PATH.test(line.text));
  const endpoint = endpointLine && METHOD_AND_PATH.exec(endpointLine.text);
  if (!endpointLine || !endpoint?.[1] || !endpoint[2]) throw new PageFormatError(heading.number, "no `METHOD /path` line after the title");
  const method = endpoint[1].toLowerCase();
  const path = endpoint[2];
  const components: Record<string, Json> = {};

  const operation: Json = { summary, operationId: operationIdFrom(summary) };
  const description = paragraphAfter(lines, endpointLine.number);
  if (description) operation.description = description;

  const parameters: Json[] = [];
  for (const location of ["path", "query", "header", "cookie"]) {
    const section = sectionLines(lines, new RegExp(`^### ${location} parameters\\s*$`, "i"));
    if (!section) continue;
    for (const row of tableRows(section)) parameters.push(parameterFrom(row, location, components));
  }
  if (parameters.length > 0) operation.parameters = parameters;

  const body = sectionLines(lines, /^## Request body\s*$/i);
  if (body) operation.requestBody = requestBodyFrom(body, components);

  const responses: Json = {};
  const responsesSection = sectionLines(lines, /^## Responses\s*$/i);
  if (!responsesSection) throw new PageFormatError(endpointLine.number, "no `## Responses` section");
  for (const [status, descriptionText, block] of subsections(responsesSection)) responses[status] = responseFrom(descriptionText, block, components);
  if (Object.keys(responses).length === 0)
    throw new PageFormatError(responsesSection[0]?.number ?? 1, "`## Responses` lists no `### <status> — <description>`");
  operation.responses = responses;

  const document: Json = { openapi: "3.1.0", info: { title, version: "unversioned" }, paths: { [path]: { [method]: operation } } };
  if (Object.keys(components).length > 0) document.components = { schemas: sortKeys(components) };
  return document;
}

/** `Stop a session` → `stopSession`: words camel-cased, articles dropped. */
export function operationIdFrom(summary: string): string {
  const words = summary
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word && !ARTICLES.has(word));
  return words.map((word, index) => (index === 0 ? word : word[0]?.toUpperCase() + word.slice(1))).join("");
}

/** The first paragraph after a line, stopping at a blank line that follows text, or a heading. */
function paragraphAfter(lines: Line[], afterLine: number): string | undefined {
  const text: string[] = [];
  for (const line of lines.slice(afterLine)) {
    if (/^#/.test(line.text) || /^\|/.test(line.text)) break;
    if (line.text.trim() === "") {
      if (text.length > 0) break;
      continue;
    }
    text.push(line.text.trim());
  }
  return text.length > 0 ? text.join(" ") : undefined;
}

/** The lines under the first heading matching `pattern`, up to the next heading of its level or higher. */
function sectionLines(lines: Line[], pattern: RegExp): Line[] | undefined {
  const start = lines.findIndex((line) => pattern.test(line.text));
  if (start < 0) return undefined;
  const level = /^#+/.exec(lines[start]?.text ?? "")?.[0].length ?? 2;
  const end = lines.findIndex((line, index) => index > start && new RegExp(`^#{1,${level}} `).test(line.text));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** `### 204 — No content` blocks inside the responses section: status, description, lines. */
function subsections(section: Line[]): [string, string, Line[]][] {
  const found: [string, string, Line[]][] = [];
  section.forEach((line, index) => {
    const match = /^### (\d{3}|\dXX|default)\s*(?:—|-|–)\s*(.*)$/i.exec(line.text);
    if (!match?.[1]) return;
    const end = section.findIndex((other, otherIndex) => otherIndex > index && /^### /.test(other.text));
    found.push([
      match[1].toUpperCase() === "DEFAULT" ? "default" : match[1].toUpperCase(),
      (match[2] ?? "").trim(),
      section.slice(index + 1, end < 0 ? undefined : end),
    ]);
  });
  return found;
}

interface Row {
  cells: Record<string, string>;
  line: number;
}

/** Rows of the first Markdown table in `lines`, keyed by lower-cased header. `\|` stays inside a cell. */
function tableRows(lines: Line[]): Row[] {
  const start = lines.findIndex((line) => line.text.trim().startsWith("|"));
  if (start < 0) return [];
  const split = (text: string) =>
    text
      .trim()
      .replace(/^\||\|$/g, "")
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replace(/\\\|/g, "|"));
  const headers = split(lines[start]?.text ?? "").map((header) => header.toLowerCase());
  const rows: Row[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.text.trim().startsWith("|")) break;
    const cells = split(line.text);
    rows.push({ cells: Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ""])), line: line.number });
  }
  return rows;
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, "");

function parameterFrom(row: Row, location: string, components: Record<string, Json>): Json {
  const name = unquote(row.cells.name ?? "");
  if (!name) throw new PageFormatError(row.line, "a parameter row has no name");
  const { text, values } = splitValues(row.cells.description ?? "");
  const parameter: Json = { name, in: location, required: location === "path" || /^yes$/i.test(row.cells.required ?? "") };
  if (text) parameter.description = text;
  parameter.schema = schemaFor(unquote(row.cells.type ?? "string"), values, components, row.line);
  return parameter;
}

/** `_Constant:_ \`v\`` and `_Values:_ \`a\`, \`b\`` at the end of a description: the enum, and the text without it. */
function splitValues(description: string): { text: string; values: string[] | undefined } {
  const match = /\s*_(Constant|Values|Possible values):_\s*(.*)$/i.exec(description);
  if (!match) return { text: description.trim(), values: undefined };
  const values = [...(match[2] ?? "").matchAll(/`([^`]*)`/g)].map((value) => value[1] ?? "");
  return { text: description.slice(0, match.index).trim(), values };
}

function schemaFor(type: string, values: string[] | undefined, components: Record<string, Json>, line: number): Json {
  const union = type.split("|").map((part) => part.trim());
  if (union.length > 1) {
    if (union.every((part) => PRIMITIVES.has(part))) return { type: union };
    return { anyOf: union.map((part) => schemaFor(part, undefined, components, line)) };
  }
  if (type.endsWith("[]")) return { type: "array", items: schemaFor(type.slice(0, -2), undefined, components, line) };
  if (type === "enum") {
    if (!values || values.length === 0) throw new PageFormatError(line, "an `enum` type without `_Constant:_` or `_Values:_` in its description");
    return { type: "string", enum: values };
  }
  if (type === "object") return { type: "object", additionalProperties: true };
  if (PRIMITIVES.has(type)) return values ? { type, enum: values } : { type };
  if (!/^[A-Za-z_][\w.]*$/.test(type)) throw new PageFormatError(line, `unknown type ${JSON.stringify(type)}`);
  components[type] ??= {};
  return { $ref: `#/components/schemas/${type}` };
}

/** A property table (and the named types under it) as an object schema. */
function objectSchema(block: Line[], description: string | undefined, components: Record<string, Json>): Json {
  const required: string[] = [];
  const properties: Json = {};
  for (const row of tableRows(block)) {
    const name = unquote(row.cells.property ?? row.cells.name ?? "");
    const { text, values } = splitValues(row.cells.description ?? "");
    const schema = schemaFor(unquote(row.cells.type ?? "string"), values, components, row.line);
    setOwn(properties, name, text ? { ...schema, description: text } : schema);
    if (/^yes$/i.test(row.cells.required ?? "")) required.push(name);
  }
  for (const [typeName, typeLines] of namedTypes(block)) {
    components[typeName] = objectSchema(typeLines, undefined, components);
  }
  const schema: Json = { type: "object" };
  if (description) schema.description = description;
  if (required.length > 0) schema.required = required;
  schema.properties = properties;
  return schema;
}

/** `#### \`prop\` — \`TypeName\`` sections: the property table that defines each named type. */
function namedTypes(block: Line[]): [string, Line[]][] {
  const found: [string, Line[]][] = [];
  block.forEach((line, index) => {
    const match = /^#### `[^`]+` (?:—|-|–) `([^`]+)`\s*$/.exec(line.text);
    if (!match?.[1]) return;
    const end = block.findIndex((other, otherIndex) => otherIndex > index && /^#{1,4} /.test(other.text));
    found.push([match[1], block.slice(index + 1, end < 0 ? undefined : end)]);
  });
  return found;
}

/** Content-Type line, a description paragraph, then the property table (before any `####`). */
function bodyContent(block: Line[], components: Record<string, Json>): Json | undefined {
  const contentType = block.map((line) => /^Content-Type:\s*`([^`]+)`/i.exec(line.text)?.[1]).find(Boolean);
  if (!contentType) return undefined;
  const firstNamed = block.findIndex((line) => /^#### /.test(line.text));
  const own = firstNamed < 0 ? block : block.slice(0, firstNamed);
  const contentLine = own.find((line) => /^Content-Type:/i.test(line.text))?.number ?? 0;
  const description = paragraphAfter(own, own.findIndex((line) => line.number === contentLine) + 1);
  const schema = objectSchema(own, description, components);
  for (const [typeName, typeLines] of namedTypes(block)) components[typeName] = objectSchema(typeLines, undefined, components);
  return { [contentType]: { schema } };
}

function requestBodyFrom(block: Line[], components: Record<string, Json>): Json {
  const content = bodyContent(block, components);
  if (!content) throw new PageFormatError(block[0]?.number ?? 1, "`## Request body` has no `Content-Type:` line");
  return { required: !/optional/i.test(block.map((line) => line.text).join(" ")), content };
}

function responseFrom(description: string, block: Line[], components: Record<string, Json>): Json {
  const response: Json = { description: description || "Response" };
  const content = bodyContent(block, components);
  if (content) response.content = content;
  return response;
}

function sortKeys(record: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
