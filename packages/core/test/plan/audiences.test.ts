/** plan/audiences.ts: who may use which PSP in a namespace, from grants (psp-semantics.md §2). */
import { describe, expect, it } from "vitest";
import {
  audienceKey,
  audienceOf,
  reachesEveryPod,
  singledOutNamespaces,
  type UsableBy,
  usableBySuperset,
} from "../../src/plan/audiences.js";
import type { Grant, GrantSubject } from "../../src/rbac/types.js";

function grant(psp: string, subject: GrantSubject, namespace?: string): Grant {
  return {
    psp,
    scope: namespace ? { namespace } : { cluster: true },
    subject,
    binding: namespace
      ? { kind: "RoleBinding", name: `b-${psp}`, namespace }
      : { kind: "ClusterRoleBinding", name: `b-${psp}` },
    role: { kind: "ClusterRole", name: `psp:${psp}` },
    ruleIndex: 0,
  };
}

const usable = (over: Partial<UsableBy>): UsableBy => ({
  allServiceAccounts: false,
  serviceAccounts: [],
  users: [],
  groups: [],
  ...over,
});

describe("audienceOf", () => {
  it("a ServiceAccount subject is the pod's SA only in its own namespace, a requester everywhere the grant applies", () => {
    const grants = [grant("p", { kind: "ServiceAccount", name: "cilium", namespace: "kube-system" })];
    expect(audienceOf(grants, "kube-system").policies[0]?.usableBy).toEqual(
      usable({ serviceAccounts: ["cilium"], users: ["system:serviceaccount:kube-system:cilium"] }),
    );
    expect(audienceOf(grants, "apps").policies[0]?.usableBy).toEqual(
      usable({ users: ["system:serviceaccount:kube-system:cilium"] }),
    );
    expect(audienceOf(grants, null).policies[0]?.usableBy.serviceAccounts).toEqual([]);
  });

  it("a RoleBinding applies only in its namespace", () => {
    const grants = [grant("p", { kind: "Group", name: "system:serviceaccounts" }, "team")];
    expect(audienceOf(grants, "team").policies.map((p) => p.psp)).toEqual(["p"]);
    expect(audienceOf(grants, "other").policies).toEqual([]);
    expect(audienceOf(grants, null).policies).toEqual([]);
  });

  it("system:serviceaccounts[:ns] groups give every SA (of that namespace) and stay requester groups", () => {
    const all = audienceOf([grant("p", { kind: "Group", name: "system:serviceaccounts" })], "x").policies[0];
    expect(all?.usableBy).toEqual(usable({ allServiceAccounts: true, groups: ["system:serviceaccounts"] }));
    const one = [grant("p", { kind: "Group", name: "system:serviceaccounts:x" })];
    // In x itself: every SA as the pod's, and x's own SAs as requesters — written without x's name.
    expect(audienceOf(one, "x").policies[0]?.usableBy).toEqual(
      usable({ allServiceAccounts: true, ownNamespaceRequesters: true }),
    );
    expect(audienceOf(one, "y").policies[0]?.usableBy).toEqual(usable({ groups: ["system:serviceaccounts:x"] }));
  });

  it("a User subject spelled as a service account also matches that SA as the pod's identity", () => {
    const grants = [grant("p", { kind: "User", name: "system:serviceaccount:ci:runner" })];
    expect(audienceOf(grants, "ci").policies[0]?.usableBy).toEqual(
      usable({ serviceAccounts: ["runner"], users: ["system:serviceaccount:ci:runner"] }),
    );
  });

  it("ignores system:masters grants, orders PSPs bytewise, sorts and de-duplicates subjects", () => {
    const grants = [
      grant("b", { kind: "User", name: "zed" }),
      grant("a", { kind: "Group", name: "system:masters" }),
      grant("B", { kind: "User", name: "amy" }),
      grant("b", { kind: "User", name: "amy" }),
      grant("b", { kind: "User", name: "amy" }, "n"),
    ];
    const a = audienceOf(grants, "n");
    expect(a.policies.map((p) => p.psp)).toEqual(["B", "b"]);
    expect(a.policies[1]?.usableBy.users).toEqual(["amy", "zed"]);
    expect(a.policies[1]?.bindings).toEqual(["ClusterRoleBinding/b-b", "RoleBinding/n/b-b"]);
  });

  it("namespaces that each grant their own service accounts have equal audiences", () => {
    const own = (ns: string) => grant("p", { kind: "Group", name: `system:serviceaccounts:${ns}` }, ns);
    const grants = [own("a"), own("b")];
    expect(audienceKey(audienceOf(grants, "a"))).toBe(audienceKey(audienceOf(grants, "b")));
    // Every requesting SA (or everyone) already includes the namespace's own: no flag then.
    const wider = [own("a"), grant("p", { kind: "Group", name: "system:serviceaccounts" })];
    expect(audienceOf(wider, "a").policies[0]?.usableBy.ownNamespaceRequesters).toBeUndefined();
  });

  it("audiences with the same access share a key whatever the namespace", () => {
    const grants = [
      grant("p", { kind: "Group", name: "system:serviceaccounts" }, "a"),
      grant("p", { kind: "Group", name: "system:serviceaccounts" }, "b"),
    ];
    expect(audienceKey(audienceOf(grants, "a"))).toBe(audienceKey(audienceOf(grants, "b")));
    expect(audienceKey(audienceOf(grants, "a"))).not.toBe(audienceKey(audienceOf(grants, "c")));
  });
});

describe("singledOutNamespaces", () => {
  it("names RoleBinding namespaces and namespaces a cluster-wide subject names", () => {
    expect(
      singledOutNamespaces([
        grant("p", { kind: "Group", name: "system:serviceaccounts" }, "rb"),
        grant("p", { kind: "ServiceAccount", name: "x", namespace: "sa-ns" }),
        grant("p", { kind: "Group", name: "system:serviceaccounts:grp-ns" }),
        grant("p", { kind: "User", name: "system:serviceaccount:user-ns:y" }),
        grant("p", { kind: "User", name: "alice" }),
        grant("p", { kind: "Group", name: "system:masters" }, "masters-only"),
      ]),
    ).toEqual(["grp-ns", "rb", "sa-ns", "user-ns"]);
  });
});

describe("reachesEveryPod / usableBySuperset", () => {
  it("every SA or every authenticated requester reaches every pod; named subjects do not", () => {
    expect(reachesEveryPod(usable({ allServiceAccounts: true }))).toBe(true);
    expect(reachesEveryPod(usable({ groups: ["system:authenticated"] }))).toBe(true);
    expect(reachesEveryPod(usable({ serviceAccounts: ["a"], groups: ["system:serviceaccounts"] }))).toBe(false);
  });

  it("superset compares SAs, users and groups; everyone is a superset of anyone", () => {
    expect(usableBySuperset(usable({ allServiceAccounts: true }), usable({ users: ["u"] }))).toBe(true);
    expect(
      usableBySuperset(
        usable({ serviceAccounts: ["a", "b"], users: ["u"] }),
        usable({ serviceAccounts: ["a"], users: ["u"] }),
      ),
    ).toBe(true);
    expect(usableBySuperset(usable({ serviceAccounts: ["a"] }), usable({ serviceAccounts: ["a"], users: ["u"] }))).toBe(
      false,
    );
    expect(usableBySuperset(usable({ serviceAccounts: ["a"] }), usable({ allServiceAccounts: true }))).toBe(false);
    expect(usableBySuperset(usable({ groups: ["g"] }), usable({ groups: ["g", "h"] }))).toBe(false);
    const ownOnly = usable({ ownNamespaceRequesters: true });
    expect(usableBySuperset(usable({ groups: ["g"] }), ownOnly)).toBe(false);
    expect(usableBySuperset(usable({ groups: ["system:serviceaccounts"] }), ownOnly)).toBe(true);
    expect(usableBySuperset(usable({ ownNamespaceRequesters: true }), ownOnly)).toBe(true);
  });
});
