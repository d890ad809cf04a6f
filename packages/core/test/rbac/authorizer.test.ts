import { describe, expect, it } from "vitest";
import { serviceAccountIdentity } from "../../src/psp/authorizer.js";
import { requesterIdentity, resolveRbac } from "../../src/rbac/index.js";
import { clusterRole, clusterRoleBinding, group, input, role, roleBinding, sa, useRule, user } from "./builders.js";

const useP = clusterRole("use-p", [useRule(["p"])]);
const alice = (groups: string[] = []) => ({ user: "alice", groups });

describe("subjects (psp-semantics.md §2.3)", () => {
  it("User: exact username only", () => {
    const m = resolveRbac(
      input([useP, clusterRoleBinding("b", { kind: "ClusterRole", name: "use-p" }, [user("alice")])]),
    );
    expect(m.authorizer.canUse(alice(), "p", "ns")).toBe(true);
    expect(m.authorizer.canUse({ user: "Alice", groups: [] }, "p", "ns")).toBe(false);
    expect(m.authorizer.canUse({ user: "bob", groups: ["alice"] }, "p", "ns")).toBe(false);
  });

  it("Group: exact membership only", () => {
    const m = resolveRbac(
      input([useP, clusterRoleBinding("b", { kind: "ClusterRole", name: "use-p" }, [group("devs")])]),
    );
    expect(m.authorizer.canUse(alice(["x", "devs"]), "p", "ns")).toBe(true);
    expect(m.authorizer.canUse(alice(["dev"]), "p", "ns")).toBe(false);
    expect(m.authorizer.canUse({ user: "devs", groups: [] }, "p", "ns")).toBe(false);
  });

  it("ServiceAccount with namespace matches that SA's username", () => {
    const m = resolveRbac(
      input([useP, clusterRoleBinding("b", { kind: "ClusterRole", name: "use-p" }, [sa("ci", "build")])]),
    );
    expect(m.authorizer.canUse(serviceAccountIdentity("build", "ci"), "p", "any")).toBe(true);
    expect(m.authorizer.canUse(serviceAccountIdentity("other", "ci"), "p", "any")).toBe(false);
    expect(m.authorizer.canUse(serviceAccountIdentity("build", "cd"), "p", "any")).toBe(false);
  });

  it("ServiceAccount without namespace defaults to the RoleBinding's namespace", () => {
    const m = resolveRbac(
      input([useP, roleBinding("team-a", "b", { kind: "ClusterRole", name: "use-p" }, [sa("default")])]),
    );
    expect(m.authorizer.canUse(serviceAccountIdentity("team-a", "default"), "p", "team-a")).toBe(true);
    expect(m.authorizer.canUse(serviceAccountIdentity("team-b", "default"), "p", "team-a")).toBe(false);
    expect(m.grants(["p"])[0]?.subject).toEqual({ kind: "ServiceAccount", name: "default", namespace: "team-a" });
  });

  it("ServiceAccount without namespace in a ClusterRoleBinding matches nobody, with a diagnostic", () => {
    const m = resolveRbac(
      input([useP, clusterRoleBinding("b", { kind: "ClusterRole", name: "use-p" }, [sa("default")])]),
    );
    for (const ns of ["default", "kube-system", ""]) {
      expect(m.authorizer.canUse(serviceAccountIdentity(ns, "default"), "p", ns)).toBe(false);
    }
    expect(m.grants(["p"])).toEqual([]);
    expect(m.diagnostics).toMatchObject([
      {
        level: "warning",
        code: "rbac-subject-ignored",
        resource: "ClusterRoleBinding/b",
        path: "subjects[0].namespace",
      },
    ]);
  });

  it("a User subject spelled as an SA username matches the SA identity too (same username)", () => {
    const m = resolveRbac(
      input([
        useP,
        clusterRoleBinding("b", { kind: "ClusterRole", name: "use-p" }, [user("system:serviceaccount:a:x")]),
      ]),
    );
    expect(m.authorizer.canUse(serviceAccountIdentity("a", "x"), "p", "a")).toBe(true);
    expect(m.serviceAccountsWithGrants("a", ["p"])).toEqual(["x"]);
  });
});

describe("namespace scoping (psp-semantics.md §2.2)", () => {
  it("RoleBinding → Role grants only in the binding's namespace", () => {
    const m = resolveRbac(
      input([role("a", "r", [useRule(["p"])]), roleBinding("a", "b", { kind: "Role", name: "r" }, [user("alice")])]),
    );
    expect(m.authorizer.canUse(alice(), "p", "a")).toBe(true);
    expect(m.authorizer.canUse(alice(), "p", "b")).toBe(false);
  });

  it("RoleBinding → Role looks the Role up in the binding's namespace only", () => {
    const m = resolveRbac(
      input([
        role("other", "r", [useRule(["p"])]),
        roleBinding("a", "b", { kind: "Role", name: "r" }, [user("alice")]),
      ]),
    );
    expect(m.authorizer.canUse(alice(), "p", "a")).toBe(false);
    expect(m.diagnostics).toMatchObject([
      { code: "rbac-missing-role", resource: "RoleBinding/a/b", path: "roleRef.name" },
    ]);
  });

  it("RoleBinding → ClusterRole grants only in the binding's namespace", () => {
    const m = resolveRbac(
      input([useP, roleBinding("a", "b", { kind: "ClusterRole", name: "use-p" }, [user("alice")])]),
    );
    expect(m.authorizer.canUse(alice(), "p", "a")).toBe(true);
    expect(m.authorizer.canUse(alice(), "p", "b")).toBe(false);
    expect(m.grants(["p"]).map((g) => g.scope)).toEqual([{ namespace: "a" }]);
  });

  it("ClusterRoleBinding → ClusterRole grants in every namespace", () => {
    const m = resolveRbac(
      input([useP, clusterRoleBinding("b", { kind: "ClusterRole", name: "use-p" }, [user("alice")])]),
    );
    for (const ns of ["a", "b", "kube-system"]) expect(m.authorizer.canUse(alice(), "p", ns)).toBe(true);
    expect(m.authorizer.canUse(alice(), "q", "a")).toBe(false);
  });

  it("ClusterRoleBinding → Role is invalid: ignored with a diagnostic", () => {
    const m = resolveRbac(
      input([role("a", "r", [useRule()]), clusterRoleBinding("b", { kind: "Role", name: "r" }, [user("alice")])]),
    );
    expect(m.authorizer.canUse(alice(), "p", "a")).toBe(false);
    expect(m.diagnostics).toMatchObject([
      { level: "warning", code: "rbac-invalid-role-ref", resource: "ClusterRoleBinding/b", path: "roleRef.kind" },
    ]);
  });

  it("a RoleBinding to cluster-admin grants every PSP, but only in its namespace (kubernetes#92373)", () => {
    const clusterAdmin = clusterRole("cluster-admin", [
      { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
      { nonResourceURLs: ["*"], verbs: ["*"] },
    ]);
    const m = resolveRbac(
      input([
        clusterAdmin,
        roleBinding("team-a", "ns-admin", { kind: "ClusterRole", name: "cluster-admin" }, [sa("admin-sa")]),
      ]),
    );
    const id = serviceAccountIdentity("team-a", "admin-sa");
    for (const psp of ["privileged", "restricted", "anything"]) {
      expect(m.authorizer.canUse(id, psp, "team-a")).toBe(true);
      expect(m.authorizer.canUse(id, psp, "team-b")).toBe(false);
    }
    // Only rule 0 grants; the nonResourceURLs rule does not.
    expect(m.grants(["privileged", "restricted"]).map((g) => [g.psp, g.ruleIndex])).toEqual([
      ["privileged", 0],
      ["restricted", 0],
    ]);
  });
});

describe("built-in groups and system:masters (psp-semantics.md §2.1, §2.3)", () => {
  const bind = (g: string) =>
    resolveRbac(input([useP, clusterRoleBinding("b", { kind: "ClusterRole", name: "use-p" }, [group(g)])]));

  it("system:serviceaccounts matches every pod's SA identity in every namespace", () => {
    const m = bind("system:serviceaccounts");
    expect(m.authorizer.canUse(serviceAccountIdentity("x", "default"), "p", "x")).toBe(true);
    expect(m.authorizer.canUse(requesterIdentity("alice"), "p", "x")).toBe(false);
  });

  it("system:serviceaccounts:<ns> matches SA identities of that namespace only", () => {
    const m = bind("system:serviceaccounts:team-a");
    expect(m.authorizer.canUse(serviceAccountIdentity("team-a", "builder"), "p", "team-a")).toBe(true);
    expect(m.authorizer.canUse(serviceAccountIdentity("team-b", "builder"), "p", "team-b")).toBe(false);
    expect(m.namespacesNamedByClusterGrants(["p"])).toEqual(["team-a"]);
    expect(m.namespacesNamedByClusterGrants(["q"])).toEqual([]);
  });

  it("system:authenticated matches real requesters, never the synthetic SA identity", () => {
    const m = bind("system:authenticated");
    expect(m.authorizer.canUse(requesterIdentity("alice"), "p", "app")).toBe(true);
    expect(m.authorizer.canUse(serviceAccountIdentity("app", "default"), "p", "app")).toBe(false);
  });

  it("requesterIdentity adds system:authenticated as the API server does, not for anonymous", () => {
    expect(requesterIdentity("alice", ["devs"])).toEqual({ user: "alice", groups: ["devs", "system:authenticated"] });
    expect(requesterIdentity("alice", ["system:authenticated"]).groups).toEqual(["system:authenticated"]);
    expect(requesterIdentity("system:anonymous", ["system:unauthenticated"]).groups).toEqual([
      "system:unauthenticated",
    ]);
  });

  it("system:masters may use every PSP even with no binding at all", () => {
    const m = resolveRbac(input([]));
    expect(m.authorizer.canUse({ user: "root", groups: ["system:masters"] }, "anything", "ns")).toBe(true);
    expect(m.authorizer.canUse({ user: "root", groups: [] }, "anything", "ns")).toBe(false);
  });
});

describe("missing roles", () => {
  it("bindings to roles not in the input grant nothing and are listed with their source", () => {
    const source = { file: "rbac.yaml", line: 12, col: 1 };
    const m = resolveRbac({
      clusterRoles: [],
      roles: [],
      clusterRoleBindings: [
        { object: clusterRoleBinding("crb", { kind: "ClusterRole", name: "gone" }, [user("alice")]), source },
      ],
      roleBindings: [{ object: roleBinding("ns", "rb", { kind: "Role", name: "gone-too" }, [user("alice")]) }],
    });
    expect(m.authorizer.canUse(alice(), "p", "ns")).toBe(false);
    expect(m.diagnostics).toEqual([
      {
        level: "warning",
        code: "rbac-missing-role",
        resource: "ClusterRoleBinding/crb",
        path: "roleRef.name",
        message: expect.stringContaining("ClusterRole gone"),
        source,
      },
      {
        level: "warning",
        code: "rbac-missing-role",
        resource: "RoleBinding/ns/rb",
        path: "roleRef.name",
        message: expect.stringContaining("Role ns/gone-too"),
      },
    ]);
  });
});
