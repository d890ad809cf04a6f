import { describe, expect, it } from "vitest";
import { invalidPodMessage, validateCorePod } from "../../src/psp/core-validation.js";
import { container, pod } from "./fixtures.js";

describe("core pod validation after PSP", () => {
  it("refuses allowPrivilegeEscalation:false with privileged:true", () => {
    const p = pod({
      containers: [container({ securityContext: { allowPrivilegeEscalation: false, privileged: true } })],
    });
    const errors = validateCorePod(p);
    expect(errors.map((e) => e.path)).toEqual(["spec.containers[0].securityContext"]);
    expect(invalidPodMessage(p, errors)).toMatch(
      /^Pod "p" is invalid: spec.containers\[0\].securityContext: Invalid value/,
    );
  });
  it("refuses allowPrivilegeEscalation:false with CAP_SYS_ADMIN added, but not SYS_ADMIN", () => {
    const withCap = (cap: string) =>
      pod({
        initContainers: [
          container({ securityContext: { allowPrivilegeEscalation: false, capabilities: { add: [cap] } } }),
        ],
      });
    expect(validateCorePod(withCap("CAP_SYS_ADMIN"))[0]?.detail).toContain("CAP_SYS_ADMIN");
    expect(validateCorePod(withCap("SYS_ADMIN"))).toEqual([]);
  });
  it("accepts privileged containers that allow escalation (or leave it unset)", () => {
    expect(validateCorePod(pod({ containers: [container({ securityContext: { privileged: true } })] }))).toEqual([]);
  });
});

describe("core validation: serviceAccountToken projections", () => {
  const tokenVolume = { name: "t", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } };
  it("refuses a token projection on a pod without a service account", () => {
    const errors = validateCorePod(pod({ serviceAccountName: "", volumes: [tokenVolume] }));
    expect(errors.map((e) => e.path)).toEqual(["spec.volumes[0].projected.sources[0].serviceAccountToken"]);
  });
  it("accepts it when the pod has a service account (also via the deprecated alias)", () => {
    expect(validateCorePod(pod({ volumes: [tokenVolume] }))).toEqual([]);
    expect(validateCorePod(pod({ serviceAccountName: "", serviceAccount: "sa", volumes: [tokenVolume] }))).toEqual([]);
  });
});
