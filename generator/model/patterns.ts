import type * as RedosDetector from "redos-detector";
import { SpecError, toPointer } from "../errors.js";
import { requireCjs } from "../startup/require-cjs.js";
import type { ApiModel, ParameterConstraints } from "./types.js";

/**
 * Every pattern the client checks at run time (path parameters of every operation, and the stop's
 * inputs wherever they go) is compiled here with the runtime's flags (`u`), so a pattern the
 * runtime could not compile is refused at generate time, not thrown on every call. Each is then
 * analysed by redos-detector: one it cannot prove linear is left out of the client (the server
 * still checks it) and reported as a warning, so no spec can make a stop hang in a regex.
 */
export interface PatternWarning {
  pointer: string;
  message: string;
}

/** Bounds on the analysis itself: a pattern it cannot settle within them counts as unsafe. */
const ANALYSIS = { unicode: true, maxSteps: 20_000, timeout: 1_000 } as const;

const verdicts = new Map<string, boolean>();

export function checkPatterns(model: ApiModel, specFile: string): PatternWarning[] {
  const warnings: PatternWarning[] = [];
  const visit = (constraints: ParameterConstraints, pointer: string, what: string) => {
    const { pattern } = constraints;
    if (pattern === undefined) return;
    try {
      new RegExp(pattern, "u");
    } catch (error) {
      throw new SpecError(
        { file: specFile, pointer },
        `the pattern ${JSON.stringify(pattern)} of ${what} is not a valid regular expression with the u flag (${(error as Error).message}); the client compiles spec patterns with it (unicode: a \`\\_\` escape, say, is not allowed there)`,
      );
    }
    if (isLinear(pattern)) return;
    constraints.patternUnchecked = true;
    warnings.push({
      pointer,
      message: `the pattern ${JSON.stringify(pattern)} of ${what} may take exponential time (redos-detector cannot prove it linear); the client does not check it, the server still does`,
    });
  };
  for (const operation of model.operations) {
    for (const parameter of operation.parameters.path) {
      visit(
        parameter.constraints,
        toPointer(["paths", operation.path, operation.method, "parameters"]),
        `path parameter "${parameter.name}" of ${operation.operationId}`,
      );
    }
  }
  const stop = model.operations.find((operation) => operation.operationId === model.stopSession.operationId);
  for (const input of model.stopSession.inputs) {
    if (input.in === "path" || !stop) continue;
    const where = input.in === "body" ? ["requestBody"] : ["parameters"];
    visit(
      input.constraints,
      toPointer(["paths", stop.path, stop.method, ...where]),
      `${input.in} ${input.in === "body" ? "field" : "parameter"} "${input.name}" of ${stop.operationId}`,
    );
  }
  return warnings;
}

function isLinear(pattern: string): boolean {
  let verdict = verdicts.get(pattern);
  if (verdict === undefined) {
    const { isSafePattern } = requireCjs("redos-detector") as typeof RedosDetector;
    verdict = isSafePattern(pattern, ANALYSIS).safe;
    verdicts.set(pattern, verdict);
  }
  return verdict;
}
