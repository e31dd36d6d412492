import type { OperationModel, StopInputModel } from "../../model/types.js";
import { type Check, type CheckContext, fail, notApplicable, pass } from "../types.js";
import { places, viaOverlay } from "./places.js";

const LOCATION_NOUN = { path: "path parameter", query: "query parameter", header: "header", cookie: "cookie", body: "body field" } as const;

/** The input the caller gives as the session id (the stop mapping always has one). */
function sessionInput(context: CheckContext): StopInputModel | undefined {
  return context.model.stopSession.inputs.find((input) => input.role === "session");
}

/** Whether the spec itself requires the value (the stop mapping requires scope inputs whatever the spec says). */
function requiredBySpec(stop: OperationModel, input: StopInputModel): boolean {
  if (input.in === "body") return stop.requestBody?.fields.some((field) => field.name === input.name && field.required) === true;
  return stop.parameters[input.in].some((parameter) => parameter.name === input.name && parameter.required);
}

const describeInput = (input: StopInputModel) => `${input.in} \`${input.name}\``;

export const sessionChecks: Check[] = [
  {
    id: "session-location",
    group: "session",
    title: "Where the session id goes",
    why: "A session id in the path is routed and logged differently from one in the query or the body; an integer id is a number in the client's input.",
    how: "The location and the spec's type of the value provider.yaml maps to `session`: `path string`, `query string`, `body integer`.",
    decide: (context) => {
      const { stop } = context;
      const input = sessionInput(context);
      if (!stop || !input) return notApplicable("—", "No stop operation.");
      return viaOverlay(
        context,
        pass(`${input.in} ${input.valueType}`, `The session id is the ${LOCATION_NOUN[input.in]} \`${input.name}\`, of type ${input.valueType}.`),
        places.input(stop, input.in),
      );
    },
  },
  {
    id: "session-constrained",
    group: "session",
    title: "Session id constrained",
    why: "A declared format, pattern or set of values lets a client refuse a malformed id before it reaches the provider.",
    how: "The session value's schema declares a format, a pattern or an enum. An integer id counts by its type (only a whole number is accepted; `format: int32`/`int64` bounds it further). A length bound alone does not: `minLength: 1` refuses only the empty string.",
    decide: (context) => {
      const { stop } = context;
      const input = sessionInput(context);
      if (!stop || !input) return notApplicable("—", "No stop operation.");
      const c = input.constraints;
      const numeric = input.valueType === "integer" || input.valueType === "number";
      const found = [
        numeric && input.valueType,
        c.format && `format ${c.format}`,
        c.pattern && `pattern ${c.pattern}`,
        c.enum && `enum of ${c.enum.length}`,
      ].filter((text): text is string => typeof text === "string");
      const lengths = [c.minLength !== undefined && `minLength ${c.minLength}`, c.maxLength !== undefined && `maxLength ${c.maxLength}`].filter(
        (text): text is string => typeof text === "string",
      );
      const result =
        found.length > 0
          ? pass([...found, ...lengths].join(", "), `The session id is checked: ${[...found, ...lengths].join(", ")}.`)
          : lengths.length > 0
            ? fail(`${lengths.join(", ")} only`, `Only a length bound (${lengths.join(", ")}): any string within it is accepted as a session id.`)
            : fail("unconstrained", "Any string is accepted as a session id.");
      return viaOverlay(context, result, places.input(stop, input.in));
    },
  },
  {
    id: "agent-scoped",
    group: "session",
    title: "Agent scoping required",
    why: "When the agent (or another owner, such as a repository) is part of the address, a session id leaked from one cannot stop another's session.",
    how: "provider.yaml maps an `agent` value or `scope` values (owner/repo style scoping counts as scoping) and the operation requires each of them.",
    decide: (context) => {
      const { model, stop } = context;
      if (!stop) return notApplicable("—", "No stop operation.");
      const scoping = model.stopSession.inputs.filter((input) => input.role === "agent" || input.role === "scope");
      if (scoping.length === 0) return fail("no", "Sessions are stopped by session id alone.");
      const agent = scoping.find((input) => input.role === "agent");
      const scope = scoping.filter((input) => input.role === "scope");
      const value = [agent && `${agent.in} ${agent.name}`, scope.length > 0 && `scope ${scope.map((input) => `${input.in} ${input.name}`).join(", ")}`]
        .filter((text): text is string => typeof text === "string")
        .join("; ");
      const by = [agent && `the agent (${describeInput(agent)})`, scope.length > 0 && `its scope (${scope.map(describeInput).join(", ")})`]
        .filter((text): text is string => typeof text === "string")
        .join(" and ");
      const optional = scoping.filter((input) => !requiredBySpec(stop, input));
      const result =
        optional.length > 0
          ? fail(value, `The spec makes ${optional.map(describeInput).join(", ")} optional, so a session id alone may stop a session.`)
          : pass(value, `A session is addressed within ${by}, which the operation requires.`);
      return viaOverlay(
        context,
        result,
        [...new Set(scoping.map((input) => input.in))].flatMap((location) => places.input(stop, location)),
      );
    },
  },
];
