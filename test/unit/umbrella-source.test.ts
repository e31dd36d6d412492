import { describe, expect, it } from "vitest";
import type { ProviderDescriptor } from "../../generator/emit/umbrella/descriptor.js";
import { providersSource } from "../../generator/emit/umbrella/providers-source.js";

const descriptor = (id: string, typeName: string): ProviderDescriptor => ({
  "//": "generated",
  id,
  displayName: id,
  packageName: `@agentstop/${id}`,
  version: "1.0.0",
  factory: `create${typeName}Client`,
  inputType: `${typeName}StopSessionInput`,
  effect: "terminate",
  inputs: [],
  credentials: [],
  requiresCredentials: false,
  serverVariables: [],
  baseUrlEnv: `AGENTSTOP_${id.toUpperCase().replaceAll("-", "_")}_BASE_URL`,
  outcomes: [],
  retry: { safe: true, why: "x" },
});

describe("the umbrella's providers.ts", () => {
  it("imports two providers that share a type name under names suffixed by their ids, and the others as they are", () => {
    const source = providersSource([descriptor("heygen-eu", "HeyGen"), descriptor("notte", "Notte"), descriptor("heygen", "HeyGen")]);
    expect(source).toContain(
      'import { createHeyGenClient as createHeyGenClient_heygen, type HeyGenStopSessionInput as HeyGenStopSessionInput_heygen } from "@agentstop/heygen";',
    );
    expect(source).toContain(
      'import { createHeyGenClient as createHeyGenClient_heygen_eu, type HeyGenStopSessionInput as HeyGenStopSessionInput_heygen_eu } from "@agentstop/heygen-eu";',
    );
    expect(source).toContain('import { createNotteClient, type NotteStopSessionInput } from "@agentstop/notte";');
    expect(source).toContain('"create": createHeyGenClient_heygen_eu');
    expect(source).toContain('| ({ provider: "heygen-eu" } & HeyGenStopSessionInput_heygen_eu)');
  });
});
