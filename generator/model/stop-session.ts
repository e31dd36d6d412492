import { SpecError } from "../errors.js";
import type { ParameterRef, ProviderManifest } from "../load/manifest.js";
import type { ApiModel, OperationModel, ParameterLocation, ParameterModel, StopSessionModel } from "./types.js";

/** What each stop effect does, in words shared by the client's JSDoc and the package README. */
export const STOP_EFFECT_TEXT = {
  terminate: "ends the session",
  "cancel-turn": "cancels the session's running turn; the session stays usable",
  "stop-at-checkpoint": "halts the run at its next checkpoint; partial results are kept",
} as const;

/** The operation the manifest maps to stopSession; buildStopSession has checked it exists. */
export function findStopOperation(model: ApiModel): OperationModel {
  const operation = model.operations.find((candidate) => candidate.operationId === model.stopSession.operationId);
  if (!operation) throw new Error(`stop-session operation ${model.stopSession.operationId} missing from the model`);
  return operation;
}

/** The parameter a stop-session reference names (session or agent); undefined for a body field. */
export function mappedParameter(operation: OperationModel, ref: { in: ParameterLocation | "body"; name: string }): ParameterModel | undefined {
  if (ref.in === "body") return undefined;
  return operation.parameters[ref.in].find((parameter) => parameter.name === ref.name);
}

/** Checks the manifest's stop-session mapping against the operations it names. */
export function buildStopSession(manifest: ProviderManifest, operations: OperationModel[], manifestFile: string): StopSessionModel {
  const { stopSession } = manifest;
  const operation = operations.find((candidate) => candidate.operationId === stopSession.operationId);
  if (!operation) {
    const known = operations.map((candidate) => candidate.operationId).join(", ");
    throw new SpecError(
      { file: manifestFile, pointer: "#/stopSession/operationId" },
      `stop-session operation ${JSON.stringify(stopSession.operationId)} is not in the spec (operations: ${known})`,
    );
  }
  checkParameter(operation, stopSession.session, "session", manifestFile);
  if (stopSession.agent) checkParameter(operation, stopSession.agent, "agent", manifestFile);
  return { operationId: operation.operationId, effect: stopSession.effect, session: stopSession.session, agent: stopSession.agent };
}

function checkParameter(operation: OperationModel, ref: ParameterRef, role: "session" | "agent", file: string): void {
  if (ref.in === "body") {
    if (!operation.requestBody)
      throw new SpecError({ file, pointer: `#/stopSession/${role}` }, `${role} is mapped to the body, but ${operation.operationId} has no request body`);
    return;
  }
  if (!mappedParameter(operation, ref)) {
    throw new SpecError(
      { file, pointer: `#/stopSession/${role}` },
      `${role} parameter ${JSON.stringify(ref.name)} is not a ${ref.in} parameter of ${operation.operationId}`,
    );
  }
}
