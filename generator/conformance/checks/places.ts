import { toPointer } from "../../errors.js";
import type { OperationModel, StopLocation } from "../../model/types.js";
import type { CheckContext, CheckResult } from "../types.js";

/**
 * A place in the spec a check's verdict rests on: a JSON pointer into the spec after the overlay,
 * what it is (for the reason), and whether an overlay change inside it counts too (a server's URL
 * for the server) or only the node itself being added or replaced (the operation for its method).
 */
export interface Place {
  pointer: string;
  what: string;
  inside?: boolean;
}

const operationPath = (stop: OperationModel) => ["paths", stop.path, stop.method];

export const places = {
  operationId: (stop: OperationModel): Place => ({ pointer: toPointer([...operationPath(stop), "operationId"]), what: "the operationId", inside: true }),
  /** The operation itself: its method and path, added or replaced as a whole. */
  operation: (stop: OperationModel): Place => ({ pointer: toPointer(operationPath(stop)), what: "the operation" }),
  /** Where a stop value is declared: the parameter lists (operation and path level), or the request body. */
  input: (stop: OperationModel, location: StopLocation): Place[] =>
    location === "body"
      ? [{ pointer: toPointer([...operationPath(stop), "requestBody"]), what: "the request body", inside: true }]
      : [
          { pointer: toPointer([...operationPath(stop), "parameters"]), what: "the operation's parameters", inside: true },
          { pointer: toPointer(["paths", stop.path, "parameters"]), what: "the path's parameters", inside: true },
        ],
  responses: (stop: OperationModel, statuses: readonly string[]): Place[] =>
    statuses.map((status) => ({ pointer: toPointer([...operationPath(stop), "responses", status]), what: `the ${status} response`, inside: true })),
  /** The security requirement (operation or root level; the IR does not say which applies) and the schemes it names. */
  security: (stop: OperationModel, schemes: readonly string[]): Place[] => [
    { pointer: toPointer([...operationPath(stop), "security"]), what: "the security requirement", inside: true },
    { pointer: toPointer(["security"]), what: "the security requirement", inside: true },
    ...schemes.map((name) => ({ pointer: toPointer(["components", "securitySchemes", name]), what: `the security scheme ${name}`, inside: true })),
  ],
  server: (index: number): Place => ({ pointer: toPointer(["servers", index]), what: "the server", inside: true }),
};

/** `ancestor` is the pointer itself or one of its parents (`#/` is the root, parent of everything). */
function covers(ancestor: string, pointer: string): boolean {
  return pointer === ancestor || pointer.startsWith(ancestor.endsWith("/") ? ancestor : `${ancestor}/`);
}

/** The places agentstop's overlay added, replaced or changed something in. */
export function overlaidPlaces(context: CheckContext, candidates: readonly Place[]): Place[] {
  return candidates.filter((place) =>
    context.overlaid.some((pointer) => covers(pointer, place.pointer) || (place.inside === true && covers(place.pointer, pointer))),
  );
}

/**
 * A cell that rests on agentstop's overlay says so, so a reader can tell the provider's spec from
 * our fixes: a passing value gets ` via overlay`, and every reason names the overlay file.
 */
export function viaOverlay(context: CheckContext, result: CheckResult, candidates: readonly Place[]): CheckResult {
  const touched = [...new Set(overlaidPlaces(context, candidates).map((place) => place.what))];
  if (touched.length === 0) return result;
  const what = touched.join(" and ");
  const sentence = `${what.charAt(0).toUpperCase()}${what.slice(1)} ${touched.length > 1 ? "come" : "comes"} from agentstop's overlay (specs/${context.model.provider.id}/overlay.yaml), not the provider's spec.`;
  return { status: result.status, value: result.status === "pass" ? `${result.value} via overlay` : result.value, reason: `${result.reason} ${sentence}` };
}
