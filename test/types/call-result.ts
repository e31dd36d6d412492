// Type-level checks of the runtime's result type, run by the golden test's `tsc --noEmit`: each
// `@ts-expect-error` fails the build if the line it marks starts to compile.
import { type CallResult, UnexpectedResponse } from "@agentstop/runtime";

type Documented = { error: { code: string; message: string } };

export function readsOnlyWhatIsKnown(result: CallResult<{ status: "stopped" }, Documented>): string {
  // @ts-expect-error data may be absent until `ok` says otherwise
  result.data.status;
  if (result.ok) return result.data.status;
  // @ts-expect-error the error may be an UnexpectedResponse, which has no `error` field
  result.error.error.code;
  if (result.error instanceof UnexpectedResponse) return `${result.status} ${result.error.reason} ${result.error.excerpt}`;
  return result.error.error.code;
}
