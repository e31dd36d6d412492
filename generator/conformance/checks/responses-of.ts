import type { OperationModel, ResponseModel } from "../../model/types.js";

/** Responses documented with exactly this status (a `4XX` range does not say which). */
export function responsesFor(operation: OperationModel, code: number): ResponseModel[] {
  return operation.responses.filter((response) => response.status === String(code));
}

/** The documented statuses among `codes`, for a table cell: `404, 409` or `none`. */
export function documented(operation: OperationModel, codes: readonly number[]): string[] {
  return codes.filter((code) => responsesFor(operation, code).length > 0).map(String);
}

export const list = (values: readonly string[]): string => (values.length === 0 ? "none" : values.join(", "));
