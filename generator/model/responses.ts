import { bodyFieldsOf } from "./body-fields.js";
import { deref, isObject, type JsonObject } from "./deref.js";
import { responseShapeOf } from "./response-shape.js";
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
        bodyFields: bodyFieldsOf(document, jsonSchemaOf(response)),
        shape: hasJsonBody(response) ? responseShapeOf(document, jsonSchemaOf(response)) : null,
      };
    });
}

export function kindOf(status: string): ResponseKind {
  if (status === "default") return "default";
  const kinds: Record<string, ResponseKind> = { "1": "informational", "2": "success", "3": "redirect", "4": "client-error", "5": "server-error" };
  return kinds[status.charAt(0)] ?? "default";
}

function hasJsonBody(response: JsonObject): boolean {
  return isObject(response.content) && Object.keys(response.content).some((type) => JSON_MEDIA.test(type));
}

const JSON_MEDIA = /^application\/(?:[\w.+-]*\+)?json\b/;

/** The schema of the first JSON media type (`application/json`, `application/problem+json`, …). */
function jsonSchemaOf(response: JsonObject): unknown {
  const content = isObject(response.content) ? response.content : {};
  const json = Object.keys(content)
    .sort()
    .find((type) => JSON_MEDIA.test(type));
  const media = json === undefined ? undefined : content[json];
  return isObject(media) ? media.schema : undefined;
}
