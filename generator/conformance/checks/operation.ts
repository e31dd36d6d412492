import { STOP_EFFECT_TEXT } from "../../model/stop-session.js";
import type { OperationModel, StopSessionModel } from "../../model/types.js";
import { type Check, fail, notApplicable, pass } from "../types.js";
import { places, viaOverlay } from "./places.js";

/**
 * How the stop is shaped, or undefined for a method that should not change state. "On the session"
 * means the path ends in the session's own path parameter (`/sessions/{id}`); a path that ends in a
 * verb or in another parameter (`/agents/{agent_id}/stop`) is an action.
 */
export function stopShape(stop: OperationModel, session: StopSessionModel["session"]): string | undefined {
  const last = stop.path.split("/").filter(Boolean).at(-1) ?? "";
  const onSession = session.in === "path" && last === `{${session.name}}`;
  if (/:[A-Za-z]+$/.test(stop.path) && ["post", "delete", "put", "patch"].includes(stop.method)) return "custom-method";
  switch (stop.method) {
    case "delete":
      return onSession ? "rest-delete" : "action-delete";
    case "put":
    case "patch":
      return onSession ? "state-update" : `action-${stop.method}`;
    case "post":
      return "action-post";
    default:
      return undefined;
  }
}

/** The values every stop sends, for a cell: `body status=REQUEST_RELEASE, query force=true`. */
export function constantsText(stopSession: StopSessionModel): string {
  return stopSession.constants
    .map((constant) => `${constant.in} ${constant.name}=${typeof constant.value === "string" ? constant.value : JSON.stringify(constant.value)}`)
    .join(", ");
}

export const operationChecks: Check[] = [
  {
    id: "operation-mapped",
    group: "operation",
    title: "Stop operation found and mapped",
    why: "A client can only stop sessions through an operation the spec actually has.",
    how: "The manifest's stopSession.operationId names an operation of the bundled spec. An operationId added by agentstop's overlay is marked `via overlay`.",
    decide: (context) => {
      const { model, stop } = context;
      if (!stop) return fail(model.stopSession.operationId, `${model.stopSession.operationId} is not an operation of the spec.`);
      return viaOverlay(context, pass(stop.operationId, `provider.yaml maps stopSession to ${stop.operationId}.`), [places.operationId(stop)]);
    },
  },
  {
    id: "method-path-shape",
    group: "operation",
    title: "Method and path shape",
    why: "Proxies, gateways and retries treat DELETE, POST actions, state updates and custom `:verb` methods differently.",
    how: "A path ending in a `:stop`-style custom method is `custom-method`; DELETE on the session resource (the path ends in the session parameter) is `rest-delete`, on any other path (`/agents/{id}/stop`) `action-delete`; PATCH or PUT on the session resource is `state-update` (else `action-patch`/`action-put`); POST is `action-post`. GET, HEAD, OPTIONS and TRACE fail. Constants the stop always sends (`body status=…`) are shown after a `+`.",
    decide: (context) => {
      const { model, stop } = context;
      if (!stop) return notApplicable("—", "No stop operation.");
      const shape = stopShape(stop, model.stopSession.session);
      const line = `${stop.method.toUpperCase()} ${stop.path}`;
      if (!shape) return fail(line, `${stop.method.toUpperCase()} is not a method that should change state.`);
      const constants = constantsText(model.stopSession);
      const result = constants
        ? pass(`${shape}: ${line} + ${constants}`, `Stop is ${line} (${shape}), always sending ${constants}.`)
        : pass(`${shape}: ${line}`, `Stop is ${line} (${shape}).`);
      return viaOverlay(context, result, [places.operation(stop)]);
    },
  },
  {
    id: "stop-effect",
    group: "operation",
    title: "What stopping does",
    why: "Terminating a session, cancelling its turn and stopping at a checkpoint leave very different state behind.",
    how: "From provider.yaml's stopSession.effect (read from the provider's docs): terminate, cancel-turn or stop-at-checkpoint.",
    decide: ({ model }) => pass(model.stopSession.effect, `Stopping ${STOP_EFFECT_TEXT[model.stopSession.effect]}.`),
  },
];
