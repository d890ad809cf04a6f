import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/privilege-escalation/index.js";
import type { Container, PspSpec } from "../../../src/model/k8s-types.js";
import { containersOf } from "../../../src/psp/security-context.js";
import { container, pod, psp } from "../../psp/fixtures.js";

function defaulted(c: Container, spec: Partial<PspSpec>): boolean | undefined {
  const p = pod({ containers: [c] });
  const target = p.spec.containers[0] as Container;
  concern.defaultContainer?.(p, target, psp("p", spec));
  return target.securityContext?.allowPrivilegeEscalation;
}
function errors(value: boolean | undefined, spec: Partial<PspSpec>) {
  const p = pod({
    containers: [container(value === undefined ? {} : { securityContext: { allowPrivilegeEscalation: value } })],
  });
  const ref = containersOf(p)[0];
  if (!ref) throw new Error("no container");
  return concern.validateContainer?.(p, ref, psp("p", spec)) ?? [];
}

describe("privilege escalation defaulting", () => {
  it("fills an unset value from defaultAllowPrivilegeEscalation, never overriding an explicit one", () => {
    expect(defaulted(container(), { defaultAllowPrivilegeEscalation: false })).toBe(false);
    expect(
      defaulted(container({ securityContext: { allowPrivilegeEscalation: true } }), {
        defaultAllowPrivilegeEscalation: false,
      }),
    ).toBe(true);
  });
  it("defaults to false when the PSP forbids escalation, and writes nothing when it allows it", () => {
    expect(defaulted(container(), { allowPrivilegeEscalation: false })).toBe(false);
    expect(defaulted(container(), {})).toBeUndefined();
  });
});

describe("privilege escalation validation", () => {
  it("refuses unset or true under allowPrivilegeEscalation:false", () => {
    expect(errors(true, { allowPrivilegeEscalation: false })[0]?.value).toBe(true);
    expect(errors(undefined, { allowPrivilegeEscalation: false })[0]?.value).toBeNull();
  });
  it("accepts false under a forbidding PSP and anything under an allowing one", () => {
    expect(errors(false, { allowPrivilegeEscalation: false })).toEqual([]);
    expect(errors(true, { allowPrivilegeEscalation: true })).toEqual([]);
  });
  it("knows when it may mutate", () => {
    expect(concern.mayMutate?.(psp("p", { defaultAllowPrivilegeEscalation: true }))).toBe(true);
    expect(concern.mayMutate?.(psp("p"))).toBe(false);
  });
});
