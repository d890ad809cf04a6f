import { describe, expect, it } from "vitest";
import { generateCapabilities } from "../../../src/concerns/capabilities/generate.js";
import { concern } from "../../../src/concerns/capabilities/index.js";
import { defaultThenValidate, makePod, makePsp, validateOnly, validateOnlyErrors } from "../shared/one-psp.js";

const only = [concern];

describe("capabilities defaulting (Generate)", () => {
  it("adds defaults minus explicit drops, unions required drops, sorts both lists", () => {
    const result = generateCapabilities(
      { add: ["SYS_TIME", "CHOWN"], drop: ["NET_RAW", "KILL"] },
      { defaultAdd: ["NET_RAW", "AUDIT_WRITE"], requiredDrop: ["SETUID"] },
    );
    expect(result).toEqual({
      changed: true,
      capabilities: { add: ["AUDIT_WRITE", "CHOWN", "SYS_TIME"], drop: ["KILL", "NET_RAW", "SETUID"] },
    });
  });

  it("keeps the original object untouched (unsorted, duplicates) when nothing new is added", () => {
    const own = { add: ["B", "A", "A"], drop: ["Y", "X"] };
    expect(generateCapabilities(own, { defaultAdd: ["A"], requiredDrop: ["X"] })).toEqual({ changed: false });
    expect(generateCapabilities(undefined, { defaultAdd: [], requiredDrop: [] })).toEqual({ changed: false });
  });

  it("treats names exactly: dropping ALL does not remove a default add, case matters", () => {
    expect(generateCapabilities({ drop: ["ALL"] }, { defaultAdd: ["NET_RAW"], requiredDrop: [] })).toEqual({
      changed: true,
      capabilities: { add: ["NET_RAW"], drop: ["ALL"] },
    });
    expect(generateCapabilities({ drop: ["all"] }, { defaultAdd: [], requiredDrop: ["ALL"] })).toEqual({
      changed: true,
      capabilities: { drop: ["ALL", "all"] },
    });
  });

  it("writes the new object on the container, omitting an empty list, and creates securityContext", () => {
    const psp = makePsp({ requiredDropCapabilities: ["NET_RAW"] });
    const out = defaultThenValidate(makePod({ initContainers: [{ name: "i" }] }), psp, only);
    expect(out.pod.spec.initContainers?.[0]?.securityContext).toEqual({ capabilities: { drop: ["NET_RAW"] } });
    expect(out.pod.spec.containers[0]?.securityContext).toEqual({ capabilities: { drop: ["NET_RAW"] } });
    expect(out.errors).toEqual([]);
  });

  it("leaves a container with no capabilities alone when the PSP has no defaults", () => {
    const out = defaultThenValidate(makePod(), makePsp({ allowedCapabilities: ["NET_ADMIN"] }), only);
    expect(out.mutated).toBe(false);
    expect(concern.mayMutate?.(makePsp({ allowedCapabilities: ["NET_ADMIN"] }))).toBe(false);
    expect(concern.mayMutate?.(makePsp({ defaultAddCapabilities: ["X"] }))).toBe(true);
  });
});

describe("capabilities validation", () => {
  it("without a capabilities object: fine unless the PSP has defaults or required drops", () => {
    expect(validateOnly(makePod(), makePsp(), only)).toEqual([]);
    // Kubernetes passes the nil capabilities as the value (rendering is field-error.ts's business).
    expect(validateOnlyErrors(makePod(), makePsp({ requiredDropCapabilities: ["ALL"] }), only)).toEqual([
      {
        type: "Invalid",
        path: "spec.containers[0].securityContext.capabilities",
        value: null,
        detail: "required capabilities are not set on the securityContext",
      },
    ]);
    expect(validateOnly(makePod(), makePsp({ defaultAddCapabilities: ["CHOWN"] }), only)).toHaveLength(1);
  });

  it("adds must be in defaultAdd or allowed, exactly", () => {
    const pod = makePod({
      containers: [{ name: "c", securityContext: { capabilities: { add: ["CHOWN", "NET_ADMIN", "net_admin"] } } }],
    });
    const psp = makePsp({ defaultAddCapabilities: ["CHOWN"], allowedCapabilities: ["NET_ADMIN"] });
    expect(validateOnly(pod, psp, only)).toEqual([
      'spec.containers[0].securityContext.capabilities.add: Invalid value: "net_admin": capability may not be added',
    ]);
  });

  it("every required drop must be listed in drop (ALL is not special)", () => {
    const pod = makePod({ containers: [{ name: "c", securityContext: { capabilities: { drop: ["ALL"] } } }] });
    expect(validateOnlyErrors(pod, makePsp({ requiredDropCapabilities: ["NET_RAW", "ALL"] }), only)).toEqual([
      {
        type: "Invalid",
        path: "spec.containers[0].securityContext.capabilities.drop",
        value: ["ALL"],
        detail: "NET_RAW is required to be dropped but was not found",
      },
    ]);
  });

  it("`*` in allowedCapabilities skips every check, required drops included", () => {
    const pod = makePod({ containers: [{ name: "c", securityContext: { capabilities: { add: ["SYS_ADMIN"] } } }] });
    expect(
      validateOnly(pod, makePsp({ allowedCapabilities: ["*"], requiredDropCapabilities: ["KILL"] }), only),
    ).toEqual([]);
  });

  it("after defaulting, a required drop conflicting with an explicit add still refuses the add", () => {
    const pod = makePod({ containers: [{ name: "c", securityContext: { capabilities: { add: ["NET_ADMIN"] } } }] });
    const out = defaultThenValidate(pod, makePsp({ requiredDropCapabilities: ["NET_ADMIN"] }), only);
    expect(out.pod.spec.containers[0]?.securityContext?.capabilities).toEqual({
      add: ["NET_ADMIN"],
      drop: ["NET_ADMIN"],
    });
    expect(out.messages).toEqual([
      'spec.containers[0].securityContext.capabilities.add: Invalid value: "NET_ADMIN": capability may not be added',
    ]);
  });
});
