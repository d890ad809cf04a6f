import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/privileged/index.js";
import { containersOf } from "../../../src/psp/security-context.js";
import { container, pod, psp } from "../../psp/fixtures.js";

const privilegedPod = pod({ containers: [container({ securityContext: { privileged: true } })] });
const ref = containersOf(privilegedPod)[0];

describe("privileged", () => {
  it("refuses a privileged container under a non-privileged PSP", () => {
    if (!ref) throw new Error("no container");
    expect(concern.validateContainer?.(privilegedPod, ref, psp("p"))?.[0]?.detail).toBe(
      "Privileged containers are not allowed",
    );
  });
  it("allows it under a privileged PSP, and privileged:false anywhere", () => {
    if (!ref) throw new Error("no container");
    expect(concern.validateContainer?.(privilegedPod, ref, psp("p", { privileged: true }))).toEqual([]);
    const plain = pod({ containers: [container({ securityContext: { privileged: false } })] });
    const plainRef = containersOf(plain)[0];
    if (!plainRef) throw new Error("no container");
    expect(concern.validateContainer?.(plain, plainRef, psp("p"))).toEqual([]);
  });
});
