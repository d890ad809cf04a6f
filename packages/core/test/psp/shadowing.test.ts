import { describe, expect, it } from "vitest";
import { loadInputs } from "../../src/load/index.js";
import type { PodSecurityPolicy } from "../../src/model/k8s-types.js";
import { admit } from "../../src/psp/admit.js";
import { allowAllContext } from "../../src/psp/policy-context.js";
import { coversUnchanged, shadowedBy, uncoveredConcerns } from "../../src/psp/shadowing.js";
import { container, mustRunAs, pod, psp } from "./fixtures.js";

const docs = await loadInputs(["golden/a-k8s-docs-privileged-restricted/input"]);
const byName = (name: string): PodSecurityPolicy => {
  const found = docs.psps.find((p) => p.object.metadata.name === name);
  if (!found) throw new Error(`no PSP ${name} in golden a`);
  return found.object;
};
const privileged = byName("privileged");
const restricted = byName("restricted");
const renamed = (p: PodSecurityPolicy, name: string): PodSecurityPolicy => ({
  ...p,
  metadata: { ...p.metadata, name },
});

describe("shadowedBy", () => {
  it("k8s docs pair: privileged shadows restricted (every concern covers it)", () => {
    expect(uncoveredConcerns(privileged, restricted)).toEqual([]);
    expect(shadowedBy([restricted, privileged])).toEqual([
      { psp: "restricted", shadowedBy: "privileged", reason: "covers" },
    ]);
  });

  it("restricted does not shadow privileged, whatever the names", () => {
    expect(coversUnchanged(restricted, privileged)).toBe(false);
    // restricted writes defaults (runAsUser, fsGroup, capabilities, ...) and refuses what privileged allows.
    expect(uncoveredConcerns(restricted, privileged)).toEqual(
      expect.arrayContaining(["run-as-user", "capabilities", "privileged", "volumes", "host-namespaces"]),
    );
    expect(shadowedBy([renamed(restricted, "a-restricted"), renamed(privileged, "z-privileged")])).toEqual([]);
  });

  it("privileged sorting after restricted shadows nothing: restricted still decides the pods it admits unchanged", () => {
    const late = renamed(privileged, "zz-privileged");
    expect(shadowedBy([restricted, late])).toEqual([]);
    // A pod already carrying restricted's defaults: restricted admits it unchanged and comes first.
    const seccomp = { "seccomp.security.alpha.kubernetes.io/pod": "runtime/default" };
    const first = admit(
      pod({}, { name: "p", annotations: seccomp }),
      { operation: "create" },
      allowAllContext([restricted]),
    );
    expect(first.psp).toBe("restricted");
    expect(first.mutations).not.toEqual({});
    const defaulted = first.pod;
    const { "kubernetes.io/psp": _, ...annotations } = defaulted.metadata.annotations ?? {};
    const again = { ...defaulted, metadata: { ...defaulted.metadata, annotations } };
    expect(admit(again, { operation: "create" }, allowAllContext([restricted, late])).psp).toBe("restricted");
  });

  it("identical PSPs: name order decides, mutating or not", () => {
    const a = mustRunAs("a", 1000);
    const b = mustRunAs("b", 1000);
    expect(shadowedBy([b, a])).toEqual([{ psp: "b", shadowedBy: "a", reason: "identical" }]);
    expect(shadowedBy([renamed(restricted, "r1"), renamed(restricted, "r2")])).toEqual([
      { psp: "r2", shadowedBy: "r1", reason: "identical" },
    ]);
    // Byte-wise order: "Z" sorts before "a".
    expect(shadowedBy([psp("a"), psp("Z")])).toEqual([{ psp: "a", shadowedBy: "Z", reason: "identical" }]);
  });

  it("reports the first shadowing PSP in selection order, once per shadowed PSP", () => {
    const open = psp("a-open", { privileged: true, hostPID: true });
    const open2 = psp("b-open", { privileged: true });
    const tight = psp("c-tight");
    expect(shadowedBy([tight, open2, open])).toEqual([
      { psp: "b-open", shadowedBy: "a-open", reason: "covers" },
      { psp: "c-tight", shadowedBy: "a-open", reason: "covers" },
    ]);
  });

  it("a wider but mutating PSP shadows nothing", () => {
    const wide = psp("a", { privileged: true, readOnlyRootFilesystem: true });
    expect(shadowedBy([wide, psp("b")])).toEqual([]);
  });

  it("inert PSPs are neither shadowed nor shadowing", () => {
    const inert = psp("a-inert", { runAsUser: { rule: "MustRunAs", ranges: [] } });
    const inert2 = psp("b-inert", { runAsUser: { rule: "MustRunAs", ranges: [] } });
    expect(shadowedBy([inert, inert2, psp("c")])).toEqual([]);
    expect(shadowedBy([psp("a"), inert2])).toEqual([]);
  });

  it("a shadowed PSP's pods are admitted unchanged by the shadowing one (spot check)", () => {
    const p = pod({ containers: [container({ securityContext: { privileged: false } })] });
    const result = admit(p, { operation: "create" }, allowAllContext([restricted, privileged]));
    expect(result.psp).toBe("privileged");
    expect(result.mutations).toEqual({});
  });
});
