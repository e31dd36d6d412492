import { SpecError, toPointer } from "../errors.js";
import { deref, isObject, type JsonObject, optionalString } from "./deref.js";
import { camelCase, uniqueNames } from "./identifiers.js";
import { buildParameters } from "./parameters.js";
import { buildRequestBody } from "./request-body.js";
import { buildResponses } from "./responses.js";
import { buildSecurityRequirements } from "./security.js";
import type { HttpMethod, OperationModel, RetryModel } from "./types.js";

const METHODS: readonly HttpMethod[] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Operations sorted by path then method, so output order never depends on spec key order. */
export function buildOperations(document: JsonObject, file: string): OperationModel[] {
  const paths = isObject(document.paths) ? document.paths : {};
  const rootSecurity = buildSecurityRequirements(document.security);
  const operations: Omit<OperationModel, "methodName">[] = [];
  for (const path of Object.keys(paths).sort()) {
    const pathItem = deref(document, paths[path]);
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const operationId = optionalString(operation.operationId);
      if (!operationId) throw new SpecError({ file, pointer: toPointer(["paths", path, method]) }, "operation has no operationId");
      operations.push({
        operationId,
        typeKey: operationId.replaceAll("#", "/"),
        method,
        path,
        summary: optionalString(operation.summary),
        description: optionalString(operation.description),
        deprecated: operation.deprecated === true,
        tags: Array.isArray(operation.tags) ? operation.tags.map(String) : [],
        parameters: buildParameters(document, pathItem, operation),
        requestBody: buildRequestBody(document, operation.requestBody),
        responses: buildResponses(document, operation),
        security: operation.security === undefined ? rootSecurity : buildSecurityRequirements(operation.security),
        retry: retryByMethod(method),
      });
    }
  }
  const methodNames = uniqueNames(operations.map((operation) => camelCase(operation.operationId)));
  return operations.map((operation, i) => ({ ...operation, methodName: methodNames[i] as string }));
}

/** RFC 9110 §9.2.2: repeating an idempotent method has the effect of sending it once. */
const IDEMPOTENT: readonly HttpMethod[] = ["get", "head", "options", "put", "delete", "trace"];

/** The default retry rule, by method; the manifest may decide otherwise for the stop (stopSession.retry). */
export function retryByMethod(method: HttpMethod): RetryModel {
  const verb = method.toUpperCase();
  return IDEMPOTENT.includes(method)
    ? { safe: true, why: `${verb} is idempotent (RFC 9110), so sending it again changes nothing` }
    : { safe: false, why: `${verb} is not idempotent, and nothing marks it safe to send twice` };
}
