import { CompileFailure, SpecError } from "../errors.js";
import type { GenerateResult, ProviderResult } from "../pipeline.js";

export const REPORTERS = ["human", "json", "github"] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** Where a failure is, for an annotation: the spec or manifest place, or the first compiler error. */
interface Place {
  file: string;
  line?: number;
  column?: number;
}

/**
 * Machine-readable results of a generate run, on stdout (logs stay on stderr): `json`, one
 * document; `github`, workflow commands that annotate the pull request's files with file and line.
 */
export function renderReport(reporter: Exclude<ReporterName, "human">, result: GenerateResult, exitCode: number): string {
  return reporter === "json" ? `${JSON.stringify(jsonReport(result, exitCode), null, 2)}\n` : githubAnnotations(result);
}

function jsonReport(result: GenerateResult, exitCode: number) {
  return {
    exitCode,
    /** Milliseconds the compile gate took (0 when every verdict came from its cache). */
    gateMs: Math.round(result.gateMs),
    runtime: { ok: result.runtime.ok, version: result.runtime.version, ...(result.runtime.error ? { error: result.runtime.error.message } : {}) },
    providers: result.providers.map((provider) => ({
      id: provider.id,
      ok: provider.ok,
      operations: provider.operations,
      version: provider.release?.version,
      previousVersion: provider.release?.previousVersion,
      level: provider.release?.level ?? null,
      ms: Math.round(provider.ms),
      ...(provider.error ? { error: { kind: provider.error.name, message: provider.error.message, ...placeOf(provider.error) } } : {}),
      findings: provider.findings,
    })),
  };
}

function githubAnnotations(result: GenerateResult): string {
  const lines: string[] = [];
  for (const provider of result.providers) {
    for (const finding of provider.findings) {
      // A lint failure's first error is the provider's error, reported below: not twice. (The class is
      // not imported: that would load Redocly on the CLI's fast path.)
      if (provider.error?.name === "LintFailure" && finding.severity === "error") continue;
      lines.push(
        command(
          finding.severity === "error" ? "error" : "warning",
          { file: finding.file, line: finding.line, column: finding.column },
          `[${finding.ruleId}] ${finding.message}`,
        ),
      );
    }
    if (provider.error)
      lines.push(command("error", placeOf(provider.error) ?? { file: `specs/${provider.id}/provider.yaml` }, `${provider.id}: ${provider.error.message}`));
  }
  if (result.runtime.error) lines.push(command("error", { file: "templates/runtime/src/index.ts" }, `runtime: ${result.runtime.error.message}`));
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

function placeOf(error: Error): Place | undefined {
  if (error instanceof CompileFailure) {
    const first = error.diagnostics[0];
    return first ? { file: first.file, line: first.line, column: first.column } : undefined;
  }
  if (error instanceof SpecError) return { file: error.location.file, line: error.location.line, column: error.location.column };
  return undefined;
}

/** `::error file=…,line=…,col=…::message`, escaped as GitHub's workflow commands require. */
function command(kind: "error" | "warning", place: Place, message: string): string {
  const property = (value: string) => escapeData(value).replaceAll(":", "%3A").replaceAll(",", "%2C");
  const properties = [`file=${property(place.file)}`, place.line ? `line=${place.line}` : "", place.column ? `col=${place.column}` : ""].filter(Boolean);
  return `::${kind} ${properties.join(",")}::${escapeData(message)}`;
}

function escapeData(value: string): string {
  return value.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** `[3/12] ✓ acme`: one line per provider as it finishes, on runs long enough to want them. */
export function progressLine(done: number, total: number, provider: ProviderResult): string {
  return `[${String(done).padStart(String(total).length)}/${total}] ${provider.ok ? "✓" : "✗"} ${provider.id} (${Math.round(provider.ms)} ms)`;
}
