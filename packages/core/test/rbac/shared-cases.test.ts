/**
 * The shared psp-cases/v1 cases with `authorization.mode: rbac`, run through the RBAC resolver only.
 * The full admission runner (defaulting, validation, selection) is the PSP engine's test; here we
 * check only what a case says about authorization:
 *
 * 1. What its `note` states explicitly (table NOTE_FACTS; each entry quotes the note it relies on,
 *    and the test fails if the note no longer says so).
 * 2. Two necessary conditions of the selection algorithm (psp-semantics.md §3.1), which hold for any
 *    correct authorizer whatever the PSP specs are:
 *    a. the PSP admission chose (`expected.psp` of an allowed case) is usable by the pod's SA or the
 *       requester — admission only ever chooses authorized PSPs;
 *    b. a create rejected with `unable to admit pod: []` had no usable PSP among those that build a
 *       provider — an authorized PSP either admits (and is chosen) or records an error.
 */
import { describe, expect, it } from "vitest";
import type { PodSecurityPolicy } from "../../src/model/k8s-types.js";
import { serviceAccountIdentity } from "../../src/psp/authorizer.js";
import { inertReason } from "../../src/psp/inert.js";
import { type RbacModel, rbacFromObjects, type UsablePolicy } from "../../src/rbac/index.js";
import { type PspCase, readCases } from "../cases/read-cases.js";

const rbacCases = readCases().filter((c) => c.authorization?.mode === "rbac");

interface PodView {
  namespace: string;
  serviceAccount?: string;
}

function podView(c: PspCase): PodView {
  const pod = (c.pod ?? {}) as { metadata?: { namespace?: string }; spec?: { serviceAccountName?: string } };
  const sa = pod.spec?.serviceAccountName;
  return { namespace: pod.metadata?.namespace ?? "default", ...(sa ? { serviceAccount: sa } : {}) };
}

function usableFor(c: PspCase, m: RbacModel, who: "both" | "serviceAccount" | "requester" = "both"): UsablePolicy[] {
  const pod = podView(c);
  const requester = c.authorization?.requestingUser;
  return m.usablePolicies(
    {
      namespace: pod.namespace,
      ...(who !== "requester" && pod.serviceAccount ? { serviceAccount: pod.serviceAccount } : {}),
      ...(who !== "serviceAccount" && requester ? { user: requester.name, groups: requester.groups ?? [] } : {}),
    },
    (c.psps ?? []).map((p) => p.name),
  );
}

const names = (u: UsablePolicy[]) => u.map((p) => p.psp);

/** What a case's note states about authorization, as a check. `quote` must appear in the note. */
const NOTE_FACTS: Record<string, { quote: string; check: (c: PspCase, m: RbacModel) => void }> = {
  "authz/multiple-grants-user-and-sa-namespace-and-cluster": {
    quote: "Usable in 'test': policy2 (user, RoleBinding), policy4 (SA, CRB), policy5 (user, CRB)",
    check(c, m) {
      const usable = usableFor(c, m);
      expect(names(usable)).toEqual(["policy2", "policy4", "policy5"]);
      const how = (psp: string) =>
        usable
          .find((u) => u.psp === psp)
          ?.reasons.map((r) => `${r.identity} ${r.via === "binding" ? r.binding.kind : r.via}`);
      expect(how("policy2")).toEqual(["requester RoleBinding"]);
      expect(how("policy4")).toEqual(["serviceAccount ClusterRoleBinding"]);
      expect(how("policy5")).toEqual(["requester ClusterRoleBinding"]);
    },
  },
  "authz/multiple-grants-user-and-sa-namespace-and-cluster#other": {
    quote: "policy6/7 are granted only in 'other'",
    check(_c, m) {
      // The grants name the SA test/sa and the user; they count for requests in 'other' only.
      expect(m.authorizer.canUse(serviceAccountIdentity("test", "sa"), "policy6", "other")).toBe(true);
      expect(m.authorizer.canUse(serviceAccountIdentity("test", "sa"), "policy6", "test")).toBe(false);
      expect(m.authorizer.canUse({ user: "user", groups: [] }, "policy7", "other")).toBe(true);
      expect(m.authorizer.canUse({ user: "user", groups: [] }, "policy7", "test")).toBe(false);
    },
  },
  "authz/errors-only-from-authorized-psps": {
    quote: "the requester/SA may not use it",
    check(c, m) {
      expect(names(usableFor(c, m))).not.toContain("policy2");
    },
  },
  "rbac/kube-system-sa-group-clusterrolebinding-leaks-to-controller-created-pods": {
    quote: "The pod's own SA (app/default) has no grant",
    check(c, m) {
      expect(usableFor(c, m, "serviceAccount")).toEqual([]);
      expect(names(usableFor(c, m, "requester"))).toEqual(["privileged"]);
      // "... passes in every namespace": the same controller identity anywhere.
      const controller = c.authorization?.requestingUser;
      for (const ns of ["app", "default", "team-x"]) {
        expect(
          m.authorizer.canUse({ user: controller?.name ?? "", groups: controller?.groups ?? [] }, "privileged", ns),
        ).toBe(true);
      }
    },
  },
  "rbac/system-authenticated-never-matches-the-synthetic-sa-identity": {
    quote: "the pod's SA identity does not carry system:authenticated",
    check(c, m) {
      expect(usableFor(c, m, "serviceAccount")).toEqual([]);
    },
  },
  "rbac/aggregated-clusterrole": {
    quote: "The converter must compute the aggregated rules itself",
    check(c, m) {
      const usable = usableFor(c, m, "serviceAccount");
      expect(names(usable)).toEqual(["policy"]);
      expect(usable[0]?.reasons[0]).toMatchObject({ aggregatedFrom: { clusterRole: "psp-policy-use" } });
    },
  },
};

describe("shared psp-cases with RBAC authorization", () => {
  it("there are RBAC cases to run", () => {
    expect(rbacCases.length).toBeGreaterThanOrEqual(19);
  });

  for (const c of rbacCases) {
    describe(c.name, () => {
      const m = rbacFromObjects(c.authorization?.objects ?? []);

      it("its RBAC objects resolve without errors", () => {
        expect(m.diagnostics.filter((d) => d.level !== "info")).toEqual([]);
      });

      if (c.expected.allowed && c.expected.psp) {
        const chosen = c.expected.psp;
        it(`the chosen PSP ${chosen} is usable by the pod's SA or the requester`, () => {
          expect(names(usableFor(c, m))).toContain(chosen);
        });
      }

      if ((c.operation ?? "create") === "create" && c.expected.errorContains?.includes("unable to admit pod: []")) {
        it("no PSP that builds a provider is usable (empty error list)", () => {
          const buildable = new Set(
            (c.psps ?? [])
              .filter(
                (p) =>
                  inertReason({
                    kind: "PodSecurityPolicy",
                    metadata: { name: p.name },
                    spec: p.spec,
                  } as PodSecurityPolicy) === undefined,
              )
              .map((p) => p.name),
          );
          expect(names(usableFor(c, m)).filter((n) => buildable.has(n))).toEqual([]);
        });
      }
    });
  }

  for (const [key, fact] of Object.entries(NOTE_FACTS)) {
    const name = key.split("#")[0] as string;
    it(`note of ${key}: ${fact.quote}`, () => {
      const c = rbacCases.find((x) => x.name === name);
      expect(c, `case ${name} exists`).toBeDefined();
      if (!c) return;
      expect(c.note?.replace(/\s+/g, " ")).toContain(fact.quote);
      fact.check(c, rbacFromObjects(c.authorization?.objects ?? []));
    });
  }
});
