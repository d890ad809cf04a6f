import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/proc-mount/index.js";
import type { PspSpec } from "../../../src/model/k8s-types.js";
import { containersOf } from "../../../src/psp/security-context.js";
import { container, pod, psp } from "../../psp/fixtures.js";

function errors(procMount: string | undefined, spec: Partial<PspSpec> = {}) {
  const p = pod({ containers: [container(procMount === undefined ? {} : { securityContext: { procMount } })] });
  const ref = containersOf(p)[0];
  if (!ref) throw new Error("no container");
  return concern.validateContainer?.(p, ref, psp("p", spec)) ?? [];
}

describe("procMount", () => {
  it("allows Default (and unset) when the PSP lists nothing", () => {
    expect(errors("Default")).toEqual([]);
    expect(errors(undefined)).toEqual([]);
  });
  it("refuses Unmasked unless listed", () => {
    expect(errors("Unmasked")[0]?.detail).toBe("ProcMountType is not allowed");
    expect(errors("Unmasked", { allowedProcMountTypes: ["Default", "Unmasked"] })).toEqual([]);
  });
  it("refuses Default when the list has only Unmasked", () => {
    expect(errors(undefined, { allowedProcMountTypes: ["Unmasked"] })).toHaveLength(1);
  });
});
