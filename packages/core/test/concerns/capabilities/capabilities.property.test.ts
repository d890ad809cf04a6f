/**
 * Properties of the capability defaulting that hold for any input (fast-check): what Generate must
 * guarantee for the later validation to make sense, and that a second pass changes nothing (a
 * defaulted pod must validate unchanged in the validating pass).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCapabilities } from "../../../src/concerns/capabilities/generate.js";

const capName = fc.constantFrom("ALL", "all", "CHOWN", "NET_RAW", "NET_ADMIN", "SYS_ADMIN", "KILL", "SETUID");
const capList = fc.array(capName, { maxLength: 5 });
const ownCaps = fc.option(
  fc.record({ add: fc.option(capList, { nil: undefined }), drop: fc.option(capList, { nil: undefined }) }),
  {
    nil: undefined,
  },
);

describe("generateCapabilities properties", () => {
  it("keeps every requested add and drop, adds every required drop, and is idempotent", () => {
    fc.assert(
      fc.property(ownCaps, capList, capList, (own, defaultAdd, requiredDrop) => {
        const first = generateCapabilities(own, { defaultAdd, requiredDrop });
        const result = first.changed ? first.capabilities : own;
        const add = new Set(result?.add ?? []);
        const drop = new Set(result?.drop ?? []);
        for (const c of own?.add ?? []) expect(add.has(c)).toBe(true);
        for (const c of own?.drop ?? []) expect(drop.has(c)).toBe(true);
        for (const c of requiredDrop) expect(drop.has(c)).toBe(true);
        // A default add survives unless the container dropped exactly that name.
        for (const c of defaultAdd)
          expect(add.has(c)).toBe(!(own?.drop ?? []).includes(c) || (own?.add ?? []).includes(c));
        expect(generateCapabilities(result, { defaultAdd, requiredDrop })).toEqual({ changed: false });
      }),
    );
  });

  it("writes sorted, duplicate-free, non-empty lists when it changes anything", () => {
    fc.assert(
      fc.property(ownCaps, capList, capList, (own, defaultAdd, requiredDrop) => {
        const out = generateCapabilities(own, { defaultAdd, requiredDrop });
        if (!out.changed) return;
        for (const list of [out.capabilities.add, out.capabilities.drop]) {
          if (list === undefined) continue;
          expect(list.length).toBeGreaterThan(0);
          expect([...new Set(list)].sort()).toEqual(list);
        }
      }),
    );
  });
});
