import { STOP_EFFECT_TEXT } from "../../model/stop-session.js";
import { type Check, fail, notApplicable, pass } from "../types.js";

export const operationChecks: Check[] = [
  {
    id: "operation-mapped",
    group: "operation",
    title: "Stop operation found and mapped",
    why: "A client can only stop sessions through an operation the spec actually has.",
    how: "The manifest's stopSession.operationId names an operation of the bundled spec.",
    decide: ({ model, stop }) =>
      stop
        ? pass(stop.operationId, `provider.yaml maps stopSession to ${stop.operationId}.`)
        : fail(model.stopSession.operationId, `${model.stopSession.operationId} is not an operation of the spec.`),
  },
  {
    id: "method-path-shape",
    group: "operation",
    title: "Method and path shape",
    why: "Proxies, gateways and retries treat DELETE, POST actions and custom `:verb` methods differently.",
    how: "DELETE on the session resource is `rest-delete`; POST to a path ending in `:stop`-style custom method is `custom-method`; another POST is `action-post`.",
    decide: ({ stop }) => {
      if (!stop) return notApplicable("—", "No stop operation.");
      const shape =
        stop.method === "delete"
          ? "rest-delete"
          : stop.method === "post" && /:[A-Za-z]+$/.test(stop.path)
            ? "custom-method"
            : stop.method === "post"
              ? "action-post"
              : "other";
      const line = `${stop.method.toUpperCase()} ${stop.path}`;
      return shape === "other"
        ? fail(line, `${stop.method.toUpperCase()} is not a method that should change state.`)
        : pass(`${shape}: ${line}`, `Stop is ${line} (${shape}).`);
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
