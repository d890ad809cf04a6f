import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serviceAccountIdentity } from "../../src/psp/authorizer.js";
import { rbacFromObjects, rbacInputFromObjects, resolveRbac } from "../../src/rbac/index.js";
import { clusterRole, clusterRoleBinding, group, input, role, roleBinding, sa, useRule, user } from "./builders.js";

const PSPS = ["privileged", "restricted", "baseline"];

/** A small cluster with user, SA, group, cluster and namespaced grants. */
function fixture() {
  return [
    clusterRole("use-restricted", [useRule(["restricted"])]),
    clusterRole("use-all", [useRule()]),
    clusterRole("use-ext", [useRule(["baseline", "missing"], { apiGroups: ["extensions"] })]),
    clusterRoleBinding("all-sas", { kind: "ClusterRole", name: "use-restricted" }, [group("system:serviceaccounts")]),
    clusterRoleBinding("ops", { kind: "ClusterRole", name: "use-all" }, [user("ops"), sa("ci", "build")]),
    role("team-a", "baseline", [useRule(["baseline"]), useRule(["baseline", "restricted"], { verbs: ["*"] })]),
    roleBinding("team-a", "deployers", { kind: "Role", name: "baseline" }, [sa("deployer"), user("alice")]),
    roleBinding("team-b", "ext", { kind: "ClusterRole", name: "use-ext" }, [group("system:serviceaccounts:team-b")]),
  ];
}

describe("grants()", () => {
  const m = resolveRbac(input(fixture()));

  it("lists every (psp, scope, subject, binding, role, rule) fact, sorted", () => {
    const rows = m.grants(PSPS).map((g) => {
      const scope = "cluster" in g.scope ? "*" : g.scope.namespace;
      return `${g.psp} ${scope} ${g.binding.name} ${g.subject.kind}:${g.subject.namespace ?? ""}:${g.subject.name} ${g.role.name}#${g.ruleIndex}`;
    });
    expect(rows).toEqual([
      "baseline * ops ServiceAccount:build:ci use-all#0",
      "baseline * ops User::ops use-all#0",
      "baseline team-a deployers ServiceAccount:team-a:deployer baseline#0",
      "baseline team-a deployers ServiceAccount:team-a:deployer baseline#1",
      "baseline team-a deployers User::alice baseline#0",
      "baseline team-a deployers User::alice baseline#1",
      "baseline team-b ext Group::system:serviceaccounts:team-b use-ext#0",
      "privileged * ops ServiceAccount:build:ci use-all#0",
      "privileged * ops User::ops use-all#0",
      "restricted * all-sas Group::system:serviceaccounts use-restricted#0",
      "restricted * ops ServiceAccount:build:ci use-all#0",
      "restricted * ops User::ops use-all#0",
      "restricted team-a deployers ServiceAccount:team-a:deployer baseline#1",
      "restricted team-a deployers User::alice baseline#1",
    ]);
  });

  it("resourceNames restrict to the given PSP names; names not given never appear", () => {
    expect(m.grants(["missing"]).map((g) => g.binding.name)).toEqual(["ops", "ops", "ext"]);
    expect(m.grants([])).toEqual([]);
  });
});

describe("usablePolicies()", () => {
  const m = resolveRbac(input(fixture()));

  it("combines the SA identity and the requester, with every reason", () => {
    const usable = m.usablePolicies(
      { namespace: "team-a", serviceAccount: "deployer", user: "alice", groups: [] },
      PSPS,
    );
    expect(usable.map((u) => u.psp)).toEqual(["baseline", "restricted"]);
    const restricted = usable.find((u) => u.psp === "restricted");
    expect(
      restricted?.reasons.map(
        (r) => `${r.identity} ${r.user} ${r.via === "binding" ? `${r.binding.name}#${r.ruleIndex}` : r.via}`,
      ),
    ).toEqual([
      "serviceAccount system:serviceaccount:team-a:deployer all-sas#0",
      "serviceAccount system:serviceaccount:team-a:deployer deployers#1",
      "requester alice deployers#1",
    ]);
  });

  it("the same SA name in another namespace only gets the cluster-wide group grant", () => {
    expect(m.usablePolicies({ namespace: "team-c", serviceAccount: "deployer" }, PSPS).map((u) => u.psp)).toEqual([
      "restricted",
    ]);
  });

  it("no service account and no user → nothing (a missing identity is never authorized)", () => {
    expect(m.usablePolicies({ namespace: "team-a" }, PSPS)).toEqual([]);
    expect(m.usablePolicies({ namespace: "team-a", serviceAccount: "" }, PSPS)).toEqual([]);
  });

  it("requester groups are used exactly as given; system:masters is a reason for every PSP", () => {
    expect(m.usablePolicies({ namespace: "x", user: "u", groups: ["system:serviceaccounts"] }, PSPS)).toMatchObject([
      { psp: "restricted" },
    ]);
    const masters = m.usablePolicies({ namespace: "x", user: "root", groups: ["system:masters"] }, ["b", "a"]);
    expect(masters).toEqual([
      { psp: "a", reasons: [{ identity: "requester", user: "root", via: "system:masters" }] },
      { psp: "b", reasons: [{ identity: "requester", user: "root", via: "system:masters" }] },
    ]);
  });

  it("agrees with the authorizer for every identity, namespace and PSP of the fixture", () => {
    const namespaces = ["team-a", "team-b", "build", "other"];
    const sas = ["default", "deployer", "ci"];
    for (const ns of namespaces) {
      for (const s of sas) {
        const usable = new Set(m.usablePolicies({ namespace: ns, serviceAccount: s }, PSPS).map((u) => u.psp));
        for (const psp of PSPS) {
          expect(usable.has(psp), `${ns}/${s}/${psp}`).toBe(
            m.authorizer.canUse(serviceAccountIdentity(ns, s), psp, ns),
          );
        }
      }
    }
  });
});

describe("planner helpers", () => {
  const m = resolveRbac(input(fixture()));
  it("serviceAccountsWithGrants: SA-specific grants usable for pods of the namespace", () => {
    expect(m.serviceAccountsWithGrants("team-a", PSPS)).toEqual(["deployer"]);
    expect(m.serviceAccountsWithGrants("build", PSPS)).toEqual(["ci"]);
    expect(m.serviceAccountsWithGrants("team-b", PSPS)).toEqual([]);
    expect(m.serviceAccountsWithGrants("team-a", ["privileged"])).toEqual([]);
  });
  it("namespacesWithNamespacedGrants / namespacesNamedByClusterGrants", () => {
    expect(m.namespacesWithNamespacedGrants(PSPS)).toEqual(["team-a", "team-b"]);
    expect(m.namespacesWithNamespacedGrants(["restricted"])).toEqual(["team-a"]);
    expect(m.namespacesNamedByClusterGrants(PSPS)).toEqual(["build"]);
  });
});

describe("determinism", () => {
  it("any input order gives the same grants, usable policies and diagnostics", () => {
    const objects = [
      ...fixture(),
      clusterRoleBinding("dangling", { kind: "ClusterRole", name: "gone" }, [user("x")]),
      roleBinding("z", "dangling", { kind: "Role", name: "gone" }, [user("x")]),
    ];
    const reference = resolveRbac(input(objects));
    const view = (m: typeof reference) =>
      JSON.stringify([
        m.grants(PSPS),
        m.usablePolicies({ namespace: "team-a", serviceAccount: "deployer", user: "ops", groups: ["g"] }, PSPS),
        m.diagnostics,
      ]);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(objects, { minLength: objects.length, maxLength: objects.length }),
        (shuffled) => {
          expect(view(resolveRbac(input(shuffled)))).toBe(view(reference));
        },
      ),
      { numRuns: 50 },
    );
  });

  it("duplicate objects: the first (in sorted order) wins and the rest are reported", () => {
    const m = resolveRbac(input([clusterRole("r", [useRule(["a"])]), clusterRole("r", [useRule(["b"])])]));
    expect(m.diagnostics).toMatchObject([{ code: "rbac-duplicate", resource: "ClusterRole/r" }]);
  });
});

describe("rbacFromObjects (plain objects, e.g. psp-cases authorization.objects)", () => {
  it("sorts kinds, defaults apiVersion, and resolves", () => {
    const m = rbacFromObjects([
      { kind: "ClusterRole", metadata: { name: "u" }, rules: [useRule(["p"])] },
      {
        kind: "RoleBinding",
        metadata: { name: "b", namespace: "ns" },
        subjects: [{ kind: "ServiceAccount", name: "default" }],
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "u" },
      },
    ]);
    expect(m.diagnostics).toEqual([]);
    expect(m.authorizer.canUse(serviceAccountIdentity("ns", "default"), "p", "ns")).toBe(true);
  });

  it("malformed objects and other kinds become diagnostics with resource and field path, not exceptions", () => {
    const { input: parsed, diagnostics } = rbacInputFromObjects([
      null,
      { kind: "Pod", metadata: { name: "p" } },
      { kind: "Role", metadata: { name: "no-ns" }, rules: [] },
      { kind: "ClusterRole", metadata: { name: "bad" }, rules: [{ verbs: "use" }] },
      { kind: "RoleBinding", metadata: { name: "b", namespace: "ns" }, roleRef: { kind: "Role" } },
    ]);
    expect(parsed.roles).toEqual([]);
    expect(parsed.clusterRoles).toEqual([]);
    expect(parsed.roleBindings).toEqual([]);
    expect(diagnostics.map((d) => [d.level, d.code, d.resource, d.path])).toEqual([
      ["error", "rbac-invalid-object", "object #0", undefined],
      ["warning", "rbac-unknown-kind", "Pod/p", "kind"],
      ["error", "rbac-invalid-object", "Role/no-ns", "metadata.namespace"],
      ["error", "rbac-invalid-object", "ClusterRole/bad", "rules[0].verbs"],
      ["error", "rbac-invalid-object", "RoleBinding/ns/b", "roleRef.apiGroup"],
      ["error", "rbac-invalid-object", "RoleBinding/ns/b", "roleRef.name"],
    ]);
  });
});

describe("scale", () => {
  it("answers 25k pods × 20 PSPs quickly from its indexes", () => {
    const objects = [];
    for (let i = 0; i < 500; i++) {
      objects.push(role(`ns${i}`, "r", [useRule([`psp${i % 20}`])]));
      objects.push(roleBinding(`ns${i}`, "b", { kind: "Role", name: "r" }, [sa("default"), group(`team${i}`)]));
    }
    const m = resolveRbac(input(objects));
    const started = performance.now();
    let allowed = 0;
    for (let pod = 0; pod < 25_000; pod++) {
      const ns = `ns${pod % 500}`;
      const id = serviceAccountIdentity(ns, "default");
      for (let p = 0; p < 20; p++) if (m.authorizer.canUse(id, `psp${p}`, ns)) allowed++;
    }
    expect(allowed).toBe(25_000);
    // Generous bound for a shared 2-core machine; a linear scan over bindings would take seconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
