/**
 * Runs every admission case (psp-cases/v1, kind absent or `admission`) through `admit`, one test per
 * case. Mutations are compared semantically: the case's `path → value` set applied to the input pod
 * must equal the pod we produce (minus the `kubernetes.io/psp` annotation), so path granularity does
 * not matter. Disputed cases (test/case-disputes.yaml) assert the dispute's `actual` and say so.
 */
import { describe, expect, it } from "vitest";
import { defaultPsp } from "../../src/model/defaults.js";
import type { Pod, PodSecurityPolicy } from "../../src/model/k8s-types.js";
import type { PspInput } from "../../src/model/schemas/psp.js";
import type { AdmissionResult, PolicyContext } from "../../src/psp/admission-types.js";
import { admit, VALIDATED_PSP_ANNOTATION } from "../../src/psp/admit.js";
import { type Authorizer, allowAll, type Identity } from "../../src/psp/authorizer.js";
import { deepCopy, semanticEqual } from "../../src/psp/plain-data.js";
import { applyMutations } from "../../src/psp/pod-diff.js";
import { rbacFromObjects } from "../../src/rbac/index.js";
import { type AdmissionExpectation, type PspCase, readCases, readDisputes } from "./read-cases.js";

function pspsOf(c: PspCase): PodSecurityPolicy[] {
  return (c.psps ?? []).map((p) =>
    // API defaulting (allowPrivilegeEscalation nil → true) by the loader's model/defaults.ts.
    defaultPsp({
      apiVersion: "policy/v1beta1",
      kind: "PodSecurityPolicy",
      metadata: { name: p.name, ...(p.annotations ? { annotations: p.annotations } : {}) },
      spec: deepCopy(p.spec),
    } as PspInput),
  );
}

function authorizerOf(c: PspCase): Authorizer {
  if (c.authorization?.mode !== "rbac") return allowAll;
  const objects = (c.authorization.objects ?? []).map((o) => ({ apiVersion: "rbac.authorization.k8s.io/v1", ...o }));
  return rbacFromObjects(objects).authorizer;
}

/**
 * The requester. Cases list groups explicitly (no implied `system:authenticated`). Allow-all cases
 * without one get a plain requester, like the upstream tests' user: with allow-all only its presence
 * matters (a pod without a service account is then still authorized through the user).
 */
function requesterOf(c: PspCase): Identity {
  const u = c.authorization?.requestingUser;
  if (u) return { user: u.name, groups: u.groups ?? [] };
  return { user: "case-requester", groups: [] };
}

function withoutPspAnnotation(pod: Pod): Pod {
  const copy = deepCopy(pod);
  if (copy.metadata.annotations) delete copy.metadata.annotations[VALIDATED_PSP_ANNOTATION];
  return copy;
}

function errorCount(result: AdmissionResult): number {
  return Object.values(result.errors).flat().length;
}

const disputes = readDisputes();
const cases = readCases().filter((c) => (c.kind ?? "admission") === "admission");

describe("admission cases (psp-cases/v1)", () => {
  it("finds the shared admission cases", () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  for (const c of cases) {
    it(c.name, () => {
      const dispute = disputes.get(c.name);
      if (dispute) console.warn(`case ${c.name} disputed (${dispute.kubernetesSource}): ${dispute.reason}`);
      const expected: AdmissionExpectation = { ...c.expected, ...(dispute?.actual ?? {}) };
      const pod = deepCopy(c.pod) as unknown as Pod;
      const context: PolicyContext = { psps: pspsOf(c), authorizer: authorizerOf(c) };
      const result = admit(
        pod,
        {
          operation: c.operation ?? "create",
          user: requesterOf(c),
          ...(c.oldPod ? { oldPod: deepCopy(c.oldPod) as unknown as Pod } : {}),
        },
        context,
      );
      const explain = `\nmessage: ${result.message}\ntrace: ${JSON.stringify(result.trace)}`;

      expect(result.allowed, explain).toBe(expected.allowed);
      expect(result.psp, explain).toBe(expected.psp);
      if (!expected.allowed) {
        expect(result.rejectedBy).toBe(expected.rejectedBy ?? "psp-admission");
      }
      for (const part of expected.errorContains ?? []) expect(result.message ?? "").toContain(part);
      if (expected.errorCount !== undefined) expect(errorCount(result), explain).toBe(expected.errorCount);
      if (expected.mutations !== undefined) {
        const want = withoutPspAnnotation(applyMutations(c.pod as unknown as Pod, expected.mutations));
        const got = withoutPspAnnotation(result.pod);
        if (!semanticEqual(got, want)) expect(got).toEqual(want);
        expect(semanticEqual(got, want)).toBe(true);
      }
      // The input pod is never modified.
      expect(pod).toEqual(c.pod);
    });
  }
});
