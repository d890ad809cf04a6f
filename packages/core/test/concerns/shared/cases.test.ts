/**
 * The shared behaviour cases of our eight concerns, run through `defaultThenValidate` with a
 * minimal PSP selection (sorted by name; first valid non-mutating, else first valid mutating).
 * Every case in these files pins a message or a mutation; all of them must pass here, independent
 * of the admission engine that runs the same cases end to end.
 */
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import type { Pod, PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { type PspCase, readCases } from "../../cases/read-cases.js";
import { defaultThenValidate, OUR_CONCERNS, sameJson, withMutations } from "./one-psp.js";

const OUR_FILES = new Set([
  "runAsUser.yaml",
  "runAsGroup.yaml",
  "fsGroup.yaml",
  "supplementalGroups.yaml",
  "seLinux.yaml",
  "capabilities.yaml",
  "seccomp.yaml",
  "apparmor.yaml",
]);

const cases = readCases().filter((c) => OUR_FILES.has(basename(c.file)));

function toPsp(c: NonNullable<PspCase["psps"]>[number]): PodSecurityPolicy {
  return {
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: c.annotations ? { name: c.name, annotations: c.annotations } : { name: c.name },
    spec: { allowPrivilegeEscalation: true, ...c.spec } as PodSecurityPolicy["spec"],
  };
}

function select(pod: Pod, psps: PodSecurityPolicy[]) {
  const sorted = [...psps].sort((a, b) =>
    a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
  );
  const messages: string[] = [];
  let mutating: { name: string; pod: Pod } | undefined;
  for (const psp of sorted) {
    if (OUR_CONCERNS.some((c) => c.inertReason?.(psp))) continue;
    const out = defaultThenValidate(pod, psp);
    if (out.errors.length > 0) {
      messages.push(...out.messages);
      continue;
    }
    if (!out.mutated) return { psp: psp.metadata.name, pod: out.pod, messages };
    mutating ??= { name: psp.metadata.name, pod: out.pod };
  }
  return mutating ? { psp: mutating.name, pod: mutating.pod, messages } : { psp: null, pod, messages };
}

describe("shared cases of the identity and security-option concerns", () => {
  it("finds the case files", () => {
    expect(new Set(cases.map((c) => basename(c.file)))).toEqual(OUR_FILES);
  });

  for (const c of cases) {
    it(c.name, () => {
      const pod = c.pod as unknown as Pod;
      const result = select(pod, (c.psps ?? []).map(toPsp));
      expect(result.psp !== null, result.messages.join("\n")).toBe(c.expected.allowed);
      expect(result.psp).toBe(c.expected.psp);
      if (c.expected.allowed && c.expected.mutations) {
        const expectedPod = withMutations(pod, c.expected.mutations);
        expect(sameJson(result.pod, expectedPod), JSON.stringify(result.pod)).toBe(true);
      }
      const text = result.messages.join(", ");
      for (const fragment of c.expected.errorContains ?? []) expect(text).toContain(fragment);
    });
  }
});
