import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/selinux/index.js";
import { equalLevels } from "../../../src/concerns/selinux/levels.js";
import { defaultThenValidate, makePod, makePsp, validateOnly } from "../shared/one-psp.js";

const only = [concern];
const options = { user: "system_u", role: "system_r", type: "container_t", level: "s0:c1,c2" };
const mustRunAs = makePsp({ seLinux: { rule: "MustRunAs", seLinuxOptions: options } });

describe("equalLevels", () => {
  it("treats category order as irrelevant but sensitivity, repeats and format as significant", () => {
    expect(equalLevels("s0:c1,c0", "s0:c0,c1")).toBe(true);
    expect(equalLevels("s0", "s0")).toBe(true);
    expect(equalLevels("", "")).toBe(true);
    expect(equalLevels("s0:c0,c1", "s1:c0,c1")).toBe(false);
    expect(equalLevels("s0:c0", "s0:c0,c0")).toBe(false);
    expect(equalLevels("s0:c0,c1", "s0:c0")).toBe(false);
    expect(equalLevels("s0", "s0:c0")).toBe(false);
    expect(equalLevels("s0-s0:c0", "s0:c0")).toBe(false);
  });
});

describe("seLinux MustRunAs", () => {
  it("defaults the PSP's whole options object at pod level; containers inherit and get nothing", () => {
    const out = defaultThenValidate(makePod({ initContainers: [{ name: "i" }] }), mustRunAs, only);
    expect(out.pod.spec.securityContext?.seLinuxOptions).toEqual(options);
    expect(out.pod.spec.containers[0]?.securityContext).toBeUndefined();
    expect(out.pod.spec.initContainers?.[0]?.securityContext).toBeUndefined();
    expect(out.errors).toEqual([]);
  });

  it("copies empty strings too, and does not share the PSP's object", () => {
    const psp = makePsp({ seLinux: { rule: "MustRunAs", seLinuxOptions: { level: "s0:c9", user: "" } } });
    const out = defaultThenValidate(makePod(), psp, only);
    expect(out.pod.spec.securityContext?.seLinuxOptions).toEqual({ level: "s0:c9", user: "" });
    expect(out.pod.spec.securityContext?.seLinuxOptions).not.toBe(psp.spec.seLinux.seLinuxOptions);
  });

  it("accepts pod options equal up to category order", () => {
    const pod = makePod({ securityContext: { seLinuxOptions: { ...options, level: "s0:c2,c1" } } });
    const out = defaultThenValidate(pod, mustRunAs, only);
    expect(out.mutated).toBe(false);
    expect(out.errors).toEqual([]);
  });

  it("compares the container's whole object, not field by field with the pod's", () => {
    const pod = makePod({
      securityContext: { seLinuxOptions: options },
      containers: [{ name: "c", securityContext: { seLinuxOptions: { user: "system_u" } } }],
    });
    expect(validateOnly(pod, mustRunAs, only)).toEqual([
      'spec.containers[0].securityContext.seLinuxOptions.level: Invalid value: "": must be s0:c1,c2',
      'spec.containers[0].securityContext.seLinuxOptions.role: Invalid value: "": must be system_r',
      'spec.containers[0].securityContext.seLinuxOptions.type: Invalid value: "": must be container_t',
    ]);
  });

  it("requires empty pod values where the PSP's are empty (exact match)", () => {
    const psp = makePsp({ seLinux: { rule: "MustRunAs", seLinuxOptions: { level: "s0:c1" } } });
    const pod = makePod({ securityContext: { seLinuxOptions: { level: "s0:c1", type: "spc_t" } } });
    const messages = validateOnly(pod, psp, only);
    expect(messages).toEqual([
      'spec.securityContext.seLinuxOptions.type: Invalid value: "spc_t": must be ',
      'spec.containers[0].securityContext.seLinuxOptions.type: Invalid value: "spc_t": must be ',
    ]);
  });

  it("requires pod-level options when validating without defaulting (containers may still set theirs)", () => {
    const pod = makePod({ containers: [{ name: "c", securityContext: { seLinuxOptions: options } }] });
    expect(validateOnly(pod, mustRunAs, only)).toEqual(["spec.securityContext.seLinuxOptions: Required value"]);
  });

  it("is inert without options or with an unknown rule", () => {
    expect(concern.inertReason?.(makePsp({ seLinux: { rule: "MustRunAs" } }))).toBe(
      "seLinux: MustRunAs requires SELinuxOptions",
    );
    expect(concern.inertReason?.(makePsp({ seLinux: { rule: "MayRunAs" as "RunAsAny" } }))).toBe(
      "seLinux: Unrecognized SELinuxContext strategy type MayRunAs",
    );
    expect(concern.inertReason?.(mustRunAs)).toBeUndefined();
    expect(concern.mayMutate?.(mustRunAs)).toBe(true);
    expect(concern.mayMutate?.(makePsp())).toBe(false);
  });
});

describe("seLinux RunAsAny", () => {
  it("writes nothing and accepts any options", () => {
    const pod = makePod({
      securityContext: { seLinuxOptions: { user: "x" } },
      containers: [{ name: "c", securityContext: { seLinuxOptions: { type: "spc_t" } } }],
    });
    const out = defaultThenValidate(pod, makePsp(), only);
    expect(out.mutated).toBe(false);
    expect(out.errors).toEqual([]);
  });
});
