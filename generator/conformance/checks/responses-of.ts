import type { OperationModel, ResponseModel } from "../../model/types.js";

/** Responses whose status covers `code`: exact (`404`), a range (`4XX`), or `default` when asked. */
export function responsesFor(operation: OperationModel, code: number, options: { rangeCounts?: boolean } = {}): ResponseModel[] {
  const exact = String(code);
  const range = `${exact.charAt(0)}XX`;
  return operation.responses.filter((response) => response.status === exact || (options.rangeCounts === true && response.status.toUpperCase() === range));
}

/** The documented statuses among `codes`, for a table cell: `404, 409` or `none`. */
export function documented(operation: OperationModel, codes: readonly number[]): string[] {
  return codes.filter((code) => responsesFor(operation, code).length > 0).map(String);
}

export const list = (values: readonly string[]): string => (values.length === 0 ? "none" : values.join(", "));
