import { deref, isObject, type JsonObject } from "./deref.js";
import type { ResponseKind, ResponseModel } from "./types.js";

export function buildResponses(document: JsonObject, operation: JsonObject): ResponseModel[] {
  const responses = isObject(operation.responses) ? operation.responses : {};
  return Object.keys(responses)
    .sort()
    .map((status) => {
      const response = deref(document, responses[status]);
      return {
        status,
        kind: kindOf(status),
        description: typeof response.description === "string" ? response.description : "",
        contentTypes: isObject(response.content) ? Object.keys(response.content).sort() : [],
        headers: isObject(response.headers) ? Object.keys(response.headers).sort() : [],
      };
    });
}

export function kindOf(status: string): ResponseKind {
  if (status === "default") return "default";
  const kinds: Record<string, ResponseKind> = { "1": "informational", "2": "success", "3": "redirect", "4": "client-error", "5": "server-error" };
  return kinds[status.charAt(0)] ?? "default";
}
