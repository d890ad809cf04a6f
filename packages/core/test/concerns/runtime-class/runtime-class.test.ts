import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/runtime-class/index.js";
import type { RuntimeClassStrategy } from "../../../src/model/k8s-types.js";
import { pod, psp } from "../../psp/fixtures.js";

const withStrategy = (runtimeClass: RuntimeClassStrategy) => psp("p", { runtimeClass });

describe("runtimeClass", () => {
  it("defaults an unset runtimeClassName and keeps a preset one", () => {
    const unset = pod();
    concern.defaultPod?.(unset, withStrategy({ allowedRuntimeClassNames: ["*"], defaultRuntimeClassName: "gvisor" }));
    expect(unset.spec.runtimeClassName).toBe("gvisor");
    const preset = pod({ runtimeClassName: "kata" });
    concern.defaultPod?.(preset, withStrategy({ allowedRuntimeClassNames: ["*"], defaultRuntimeClassName: "gvisor" }));
    expect(preset.spec.runtimeClassName).toBe("kata");
  });
  it("allows listed names and *, refuses others", () => {
    const strategy = withStrategy({ allowedRuntimeClassNames: ["kata"] });
    expect(concern.validatePod?.(pod({ runtimeClassName: "kata" }), strategy)).toEqual([]);
    expect(
      concern.validatePod?.(pod({ runtimeClassName: "x" }), withStrategy({ allowedRuntimeClassNames: ["*"] })),
    ).toEqual([]);
    expect(concern.validatePod?.(pod({ runtimeClassName: "runc" }), strategy)?.[0]).toMatchObject({
      path: "spec.runtimeClassName",
      value: "runc",
      detail: "",
    });
  });
  it("with an empty list allows only pods without a runtime class; without a strategy allows all", () => {
    const empty = withStrategy({ allowedRuntimeClassNames: [] });
    expect(concern.validatePod?.(pod(), empty)).toEqual([]);
    expect(concern.validatePod?.(pod({ runtimeClassName: "kata" }), empty)).toHaveLength(1);
    expect(concern.validatePod?.(pod({ runtimeClassName: "kata" }), psp("p"))).toEqual([]);
  });
});
