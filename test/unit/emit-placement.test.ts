import { describe, expect, it } from "vitest";
import { emitOnWorker, LARGE_SPEC_BYTES } from "../../generator/emit/thread/placement.js";

describe("where emit runs", () => {
  it.each([
    { sizes: [10_000, 200_000], setting: undefined, want: true },
    { sizes: [10_000, LARGE_SPEC_BYTES - 1], setting: undefined, want: true },
    // One spec as large as GitHub's: every provider of the run emits on the main thread.
    { sizes: [10_000, LARGE_SPEC_BYTES], setting: undefined, want: false },
    { sizes: [], setting: undefined, want: true },
    { sizes: [LARGE_SPEC_BYTES * 2], setting: "1", want: true },
    { sizes: [10_000], setting: "0", want: false },
  ])("specs of $sizes bytes, AGENTSTOP_EMIT_THREAD=$setting → on the worker: $want", ({ sizes, setting, want }) => {
    expect(emitOnWorker(sizes, setting)).toBe(want);
  });
});
