import { mappedParameter } from "../../model/stop-session.js";
import { type Check, fail, notApplicable, pass } from "../types.js";

export const sessionChecks: Check[] = [
  {
    id: "session-location",
    group: "session",
    title: "Where the session id goes",
    why: "A session id in the path is routed and logged differently from one in the query or the body.",
    how: "The location of the parameter provider.yaml maps to `session`.",
    decide: ({ model, stop }) =>
      stop
        ? pass(
            model.stopSession.session.in,
            `The session id is the ${model.stopSession.session.in} ${model.stopSession.session.in === "body" ? "field" : "parameter"} \`${model.stopSession.session.name}\`.`,
          )
        : notApplicable("—", "No stop operation."),
  },
  {
    id: "session-constrained",
    group: "session",
    title: "Session id constrained",
    why: "A declared format or pattern lets a client refuse a malformed id before it reaches the provider.",
    how: "The session parameter's schema declares a format, a pattern, or a length bound.",
    decide: ({ model, stop }) => {
      if (!stop) return notApplicable("—", "No stop operation.");
      const { session } = model.stopSession;
      if (session.in === "body") return notApplicable("body", "Body fields are not checked here.");
      const parameter = mappedParameter(stop, session);
      const c = parameter?.constraints ?? {};
      const found = [
        c.format && `format ${c.format}`,
        c.pattern && `pattern ${c.pattern}`,
        c.minLength !== undefined && `minLength ${c.minLength}`,
        c.maxLength !== undefined && `maxLength ${c.maxLength}`,
      ].filter((text): text is string => typeof text === "string");
      return found.length > 0
        ? pass(found.join(", "), `The session id is checked: ${found.join(", ")}.`)
        : fail("unconstrained", "Any string is accepted as a session id.");
    },
  },
  {
    id: "agent-scoped",
    group: "session",
    title: "Agent scoping required",
    why: "When the agent is part of the address, a session id leaked from one agent cannot stop another's session.",
    how: "provider.yaml maps an `agent` parameter and the operation requires it.",
    decide: ({ model, stop }) => {
      if (!stop) return notApplicable("—", "No stop operation.");
      const agent = model.stopSession.agent;
      if (!agent) return fail("no", "Sessions are stopped by session id alone.");
      const required = agent.in === "body" || stop.parameters[agent.in].some((parameter) => parameter.name === agent.name && parameter.required);
      return required
        ? pass(`${agent.in} ${agent.name}`, `The agent (${agent.in} \`${agent.name}\`) is required.`)
        : fail(`${agent.in} ${agent.name}`, "The agent parameter is optional.");
    },
  },
];
