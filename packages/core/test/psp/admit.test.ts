import { describe, expect, it } from "vitest";
import type { PolicyContext } from "../../src/psp/admission-types.js";
import { admit } from "../../src/psp/admit.js";
import type { Authorizer, Identity } from "../../src/psp/authorizer.js";
import { allowAllContext } from "../../src/psp/policy-context.js";
import { container, mustRunAs, pod, psp } from "./fixtures.js";

const user: Identity = { user: "alice", groups: [] };

/** An authorizer that records its questions and allows the (identity user, psp) pairs given. */
function recording(allowed: [string, string][]): Authorizer & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    canUse(id, name, ns) {
      asked.push(`${id.user}|${name}|${ns}`);
      return allowed.some(([u, p]) => u === id.user && p === name);
    },
  };
}

describe("admit: selection", () => {
  it("prefers a non-mutating PSP over an earlier mutating one on create", () => {
    const r = admit(pod(), { operation: "create", user }, allowAllContext([mustRunAs("a", 1), psp("b")]));
    expect(r.psp).toBe("b");
    expect(r.mutations).toEqual({});
    expect(r.pod.metadata.annotations?.["kubernetes.io/psp"]).toBe("b");
  });
  it("takes the first mutating PSP by name when none validates unchanged", () => {
    const r = admit(pod(), { operation: "create", user }, allowAllContext([mustRunAs("b", 2), mustRunAs("a", 1)]));
    expect(r.psp).toBe("a");
    expect(r.mutations).toEqual({ "spec.containers[0].securityContext.runAsUser": 1 });
  });
  it("overwrites a user-supplied kubernetes.io/psp annotation on create and ignores it for ordering", () => {
    const input = pod({}, { annotations: { "kubernetes.io/psp": "b" } });
    const r = admit(input, { operation: "create", user }, allowAllContext([psp("a"), psp("b")]));
    expect(r.psp).toBe("a");
    expect(r.pod.metadata.annotations?.["kubernetes.io/psp"]).toBe("a");
    expect(input.metadata.annotations?.["kubernetes.io/psp"]).toBe("b");
  });
  it("tries the hinted PSP first on update", () => {
    const input = pod({}, { annotations: { "kubernetes.io/psp": "b" } });
    const r = admit(input, { operation: "update", user, oldPod: pod() }, allowAllContext([psp("a"), psp("b")]));
    expect(r.psp).toBe("b");
    expect(r.trace.map((t) => t.psp)).toEqual(["b"]);
    expect(r.pod).toBe(input);
  });
  it("skips a PSP that would mutate on update, without recording an error", () => {
    const r = admit(
      pod({ containers: [container({ image: "v2" })] }),
      { operation: "update", user, oldPod: pod() },
      allowAllContext([mustRunAs("a", 1)]),
    );
    expect(r.allowed).toBe(false);
    expect(r.message).toBe("PodSecurityPolicy: unable to validate pod: []");
    expect(r.trace[0]).toMatchObject({ psp: "a", valid: true, mutated: true });
    expect(r.trace[0]?.authorized).toBeUndefined();
  });
});

describe("admit: providers", () => {
  it("rejects every pod when there is no PSP at all", () => {
    const r = admit(pod(), { operation: "create", user }, allowAllContext([]));
    expect(r.allowed).toBe(false);
    expect(r.message).toBe("PodSecurityPolicy: no providers available to validate pod request");
  });
  it("skips inert PSPs silently and uses the others", () => {
    const inert = psp("a-inert", { fsGroup: { rule: "MustRunAs" } });
    const r = admit(pod(), { operation: "create", user }, allowAllContext([inert, psp("b")]));
    expect(r.psp).toBe("b");
    expect(r.trace[0]).toMatchObject({ psp: "a-inert", valid: false });
    expect(r.trace[0]?.inert).toBeTruthy();
  });
  it("reports no providers when every PSP is inert", () => {
    const r = admit(
      pod(),
      { operation: "create", user },
      allowAllContext([psp("x", { runAsUser: { rule: "MustRunAs" } })]),
    );
    expect(r.message).toContain("no providers available");
  });
});

describe("admit: authorization", () => {
  it("asks for the pod's service account first, then the requesting user, in the request namespace", () => {
    const authz = recording([["alice", "a"]]);
    const r = admit(pod(), { operation: "create", user }, { psps: [psp("a")], authorizer: authz });
    expect(r.psp).toBe("a");
    expect(authz.asked).toEqual(["system:serviceaccount:ns1:default|a|ns1", "alice|a|ns1"]);
  });
  it("honours the deprecated spec.serviceAccount alias when serviceAccountName is empty", () => {
    const authz = recording([["system:serviceaccount:ns1:legacy", "a"]]);
    const input = pod({ serviceAccountName: "", serviceAccount: "legacy" });
    expect(admit(input, { operation: "create" }, { psps: [psp("a")], authorizer: authz }).allowed).toBe(true);
  });
  it("never authorizes a missing identity (no SA name, no user)", () => {
    const everyone: Authorizer = { canUse: () => true };
    const r = admit(
      pod({ serviceAccountName: "" }),
      { operation: "create" },
      { psps: [psp("a")], authorizer: everyone },
    );
    expect(r.allowed).toBe(false);
    expect(r.message).toBe("PodSecurityPolicy: unable to admit pod: []");
  });
  it("only asks about PSPs the pod passes, and lists errors only of authorized PSPs", () => {
    const authz = recording([["alice", "b"]]);
    const context: PolicyContext = { psps: [psp("a"), psp("b")], authorizer: authz };
    const r = admit(pod({ hostPID: true }), { operation: "create", user }, context);
    expect(r.allowed).toBe(false);
    expect(Object.keys(r.errors)).toEqual(["b"]);
    expect(r.message).toBe(
      "PodSecurityPolicy: unable to admit pod: [spec.securityContext.hostPID: Invalid value: true: Host PID is not allowed to be used]",
    );
  });
  it("skips a passing PSP the requester may not use", () => {
    const authz = recording([["alice", "b"]]);
    const r = admit(pod(), { operation: "create", user }, { psps: [psp("a"), psp("b")], authorizer: authz });
    expect(r.psp).toBe("b");
    expect(r.trace[0]).toMatchObject({ psp: "a", valid: true, authorized: false });
  });
  it("joins the errors of several PSPs with single spaces, in evaluation order", () => {
    const r = admit(pod({ hostPID: true }), { operation: "create", user }, allowAllContext([psp("b"), psp("a")]));
    const one = "spec.securityContext.hostPID: Invalid value: true: Host PID is not allowed to be used";
    expect(r.message).toBe(`PodSecurityPolicy: unable to admit pod: [${one} ${one}]`);
    expect(Object.keys(r.errors)).toEqual(["a", "b"]);
  });
});

describe("admit: updates", () => {
  it("does not evaluate an update that only changes ownerReferences/finalizers", () => {
    const old = pod();
    const updated = pod({}, { ownerReferences: [{ kind: "X" }], finalizers: ["f"] });
    const r = admit(updated, { operation: "update", user, oldPod: old }, allowAllContext([]));
    expect(r).toMatchObject({ allowed: true, psp: null, trace: [] });
    expect(r.notEvaluated).toBeTruthy();
  });
  it("does not evaluate an update that changes nothing", () => {
    const r = admit(pod(), { operation: "update", user, oldPod: pod() }, allowAllContext([]));
    expect(r.notEvaluated).toBeTruthy();
  });
  it("counts an explicit false of a plain Go bool as no change (hostPID absent ≡ false)", () => {
    const r = admit(pod({ hostPID: false }), { operation: "update", user, oldPod: pod() }, allowAllContext([]));
    expect(r.notEvaluated).toBeTruthy();
  });
  it("evaluates an update that changes anything else", () => {
    const r = admit(
      pod({ containers: [container({ image: "v2" })] }),
      { operation: "update", user, oldPod: pod() },
      allowAllContext([]),
    );
    expect(r.notEvaluated).toBeUndefined();
    expect(r.allowed).toBe(false);
  });
  it("never writes mutations or the annotation on update", () => {
    const r = admit(
      pod({ containers: [container({ image: "v2" })] }),
      { operation: "update", user, oldPod: pod() },
      allowAllContext([psp("a")]),
    );
    expect(r.psp).toBe("a");
    expect(r.pod.metadata.annotations).toBeUndefined();
  });
});

describe("admit: core API validation after PSP", () => {
  it("rejects a pod PSP defaulted into allowPrivilegeEscalation:false + privileged:true, reporting it apart", () => {
    const input = pod({ containers: [container({ securityContext: { privileged: true } })] });
    const noEscalation = psp("ape", { privileged: true, allowPrivilegeEscalation: false });
    const r = admit(input, { operation: "create", user }, allowAllContext([noEscalation]));
    expect(r).toMatchObject({ allowed: false, psp: "ape", rejectedBy: "api-validation" });
    expect(r.mutations).toEqual({ "spec.containers[0].securityContext.allowPrivilegeEscalation": false });
    expect(r.message).toContain("cannot set `allowPrivilegeEscalation` to false and `privileged` to true");
    expect(r.apiValidation?.errors).toHaveLength(1);
  });
  it("lets the same PSP admit a non-privileged container", () => {
    const noEscalation = psp("ape", { privileged: true, allowPrivilegeEscalation: false });
    const r = admit(pod(), { operation: "create", user }, allowAllContext([noEscalation]));
    expect(r).toMatchObject({ allowed: true, psp: "ape", apiValidation: { errors: [] } });
    expect(r.rejectedBy).toBeUndefined();
  });
});

describe("admit: purity", () => {
  it("never modifies the input pod and returns equal results for equal calls", () => {
    const input = pod();
    const snapshot = structuredClone(input);
    const context = allowAllContext([mustRunAs("a", 5)]);
    const first = admit(input, { operation: "create", user }, context);
    const second = admit(input, { operation: "create", user }, context);
    expect(input).toEqual(snapshot);
    expect(second).toEqual(first);
  });
});
