import { describe, expect, it } from "vitest";
import { mapLimited } from "../../generator/shared/map-limited.js";

describe("mapLimited (how generate bounds the providers in flight)", () => {
  it("never has more than the limit in flight, keeps the items' order, and runs every item", async () => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 40 }, (_, i) => i);
    const results = await mapLimited(items, 3, async (item) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (item * 7) % 5));
      inFlight--;
      return item * 2;
    });
    expect(most).toBe(3);
    expect(results).toEqual(items.map((item) => item * 2));
  });
});
