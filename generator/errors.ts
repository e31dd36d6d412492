/**
 * One error type for everything a user can get wrong in specs/: it names the file, the place in it
 * (a JSON pointer into the document, and the line when we know it), and what is wrong.
 */
export interface SpecLocation {
  /** Path relative to the repository root, e.g. `specs/pipecat/openapi.yaml`. */
  file: string;
  /** JSON pointer into the document, e.g. `#/paths/~1agents/delete`. */
  pointer?: string;
  /** 1-based line, when the source text is known. */
  line?: number;
  /** 1-based column on that line (for JSON specs, often all on line 1), shown as `file:line:column`. */
  column?: number;
}

export class SpecError extends Error {
  readonly location: SpecLocation;

  constructor(location: SpecLocation, message: string) {
    super(`${formatLocation(location)}: ${message}`);
    this.name = "SpecError";
    this.location = location;
  }
}

export function formatLocation({ file, pointer, line, column }: SpecLocation): string {
  const at = line === undefined ? file : column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
  return pointer && pointer !== "#" && pointer !== "#/" ? `${at} (at ${pointer})` : at;
}

/** RFC 6901 pointer from path segments. */
export function toPointer(segments: readonly (string | number)[]): string {
  return `#/${segments.map((s) => String(s).replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;
}

export function fromPointer(pointer: string): string[] {
  const body = pointer.replace(/^#\/?/, "");
  if (body === "") return [];
  return body.split("/").map((s) => decodeURIComponent(s).replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** A package that does not type-check: generate refuses it and quotes the compiler. */
export class CompileFailure extends Error {
  readonly diagnostics: readonly CompileDiagnosticText[];

  constructor(id: string, diagnostics: readonly CompileDiagnosticText[]) {
    const shown = diagnostics.slice(0, 10).map((d) => `  ${d.file}:${d.line}:${d.column} TS${d.code} ${d.message.split("\n")[0]}`);
    if (diagnostics.length > 10) shown.push(`  … and ${diagnostics.length - 10} more`);
    super(
      `the package generated for ${id} does not compile (${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"}); nothing was written for it:\n${shown.join("\n")}`,
    );
    this.name = "CompileFailure";
    this.diagnostics = diagnostics;
  }
}

/** What the compile gate reports per error (see compile/compile-gate.ts). */
export interface CompileDiagnosticText {
  file: string;
  line: number;
  column: number;
  code: number;
  message: string;
}
