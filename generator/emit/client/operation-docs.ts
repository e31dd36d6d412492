import type { OperationModel, SecuritySchemeModel } from "../../model/types.js";
import { docText } from "../shared/text.js";

/** JSDoc for an operation method: summary, description, the HTTP call, deprecation. */
export function operationDoc(operation: OperationModel): string {
  const lines = [docText(operation.summary), docText(operation.description), `\`${operation.method.toUpperCase()} ${docText(operation.path)}\``];
  const text = lines.filter(Boolean).join("\n\n");
  return operation.deprecated ? `${text}\n\n@deprecated` : text;
}

export function schemeDoc(scheme: SecuritySchemeModel): string {
  const how: Record<SecuritySchemeModel["kind"], string> = {
    "http-bearer": "Bearer token, sent as `Authorization: Bearer <token>`.",
    "http-basic": "`user:password`, sent as HTTP Basic auth.",
    "api-key": "API key.",
    oauth2: "OAuth2 access token, sent as `Authorization: Bearer <token>`.",
    "openid-connect": "OpenID Connect access token, sent as `Authorization: Bearer <token>`.",
  };
  const where = scheme.kind === "api-key" ? ` Sent in the ${scheme.in} \`${docText(scheme.parameterName)}\`.` : "";
  return [`${how[scheme.kind]}${where} Scheme \`${docText(scheme.name)}\`.`, docText(scheme.description)].filter(Boolean).join("\n\n");
}
