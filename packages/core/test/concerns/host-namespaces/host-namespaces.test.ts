import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/host-namespaces/index.js";
import { pod, psp } from "../../psp/fixtures.js";

describe("host-namespaces", () => {
  for (const field of ["hostPID", "hostIPC"] as const) {
    it(`refuses ${field} under a PSP without it`, () => {
      const errors = concern.validatePod?.(pod({ [field]: true }), psp("p")) ?? [];
      expect(errors.map((e) => e.path)).toEqual([`spec.securityContext.${field}`]);
      expect(errors[0]?.detail).toBe(`Host ${field === "hostPID" ? "PID" : "IPC"} is not allowed to be used`);
    });
    it(`allows ${field} when the PSP allows it, and a pod without it under any PSP`, () => {
      expect(concern.validatePod?.(pod({ [field]: true }), psp("p", { [field]: true }))).toEqual([]);
      expect(concern.validatePod?.(pod({ [field]: false }), psp("p"))).toEqual([]);
    });
  }
  it("never mutates", () => {
    expect(concern.mayMutate?.(psp("p", { hostPID: true }))).toBe(false);
  });
});
