import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/read-only-root-filesystem/index.js";
import type { Container } from "../../../src/model/k8s-types.js";
import { containersOf } from "../../../src/psp/security-context.js";
import { container, pod, psp } from "../../psp/fixtures.js";

const rorfs = psp("p", { readOnlyRootFilesystem: true });
function errors(value: boolean | undefined) {
  const p = pod({
    containers: [container(value === undefined ? {} : { securityContext: { readOnlyRootFilesystem: value } })],
  });
  const ref = containersOf(p)[0];
  if (!ref) throw new Error("no container");
  return concern.validateContainer?.(p, ref, rorfs) ?? [];
}

describe("readOnlyRootFilesystem", () => {
  it("defaults an unset value to true only under a PSP requiring it", () => {
    const p = pod();
    concern.defaultContainer?.(p, p.spec.containers[0] as Container, rorfs);
    expect(p.spec.containers[0]?.securityContext?.readOnlyRootFilesystem).toBe(true);
    const q = pod();
    concern.defaultContainer?.(q, q.spec.containers[0] as Container, psp("p"));
    expect(q.spec.containers[0]?.securityContext).toBeUndefined();
  });
  it("refuses false and unset, accepts true", () => {
    expect(errors(false)[0]?.detail).toBe("ReadOnlyRootFilesystem must be set to true");
    expect(errors(undefined)[0]?.detail).toBe("ReadOnlyRootFilesystem may not be nil and must be set to true");
    expect(errors(true)).toEqual([]);
  });
});
