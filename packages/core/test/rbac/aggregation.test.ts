import { describe, expect, it } from "vitest";
import { serviceAccountIdentity } from "../../src/psp/authorizer.js";
import { aggregateClusterRoles, resolveRbac } from "../../src/rbac/index.js";
import { clusterRole, clusterRoleBinding, group, input, useRule } from "./builders.js";

const L = "example.com/psp-use";
const wrap = (...roles: ReturnType<typeof clusterRole>[]) => roles.map((object) => ({ object }));
const rulesOf = (res: ReturnType<typeof aggregateClusterRoles>, name: string) =>
  (res.rules.get(name) ?? []).map((r) => r.rule.resourceNames?.join(",") ?? "*");

describe("ClusterRole aggregation (psp-semantics.md §2.4)", () => {
  it("matchLabels: the aggregate gets the rules of matching roles, and grants through a binding", () => {
    const objects = [
      clusterRole("agg", [], { selectors: [{ matchLabels: { [L]: "true" } }] }),
      clusterRole("use-a", [useRule(["a"])], { labels: { [L]: "true" } }),
      clusterRole("use-b", [useRule(["b"])], { labels: { [L]: "false" } }),
      clusterRoleBinding("crb", { kind: "ClusterRole", name: "agg" }, [group("system:serviceaccounts:t")]),
    ];
    const m = resolveRbac(input(objects));
    const id = serviceAccountIdentity("t", "default");
    expect(m.authorizer.canUse(id, "a", "t")).toBe(true);
    expect(m.authorizer.canUse(id, "b", "t")).toBe(false);
    expect(m.grants(["a", "b"])).toMatchObject([
      {
        psp: "a",
        role: { kind: "ClusterRole", name: "agg" },
        ruleIndex: 0,
        aggregatedFrom: { clusterRole: "use-a", ruleIndex: 0 },
      },
    ]);
  });

  it("matchExpressions select, several selectors are a union, rules are de-duplicated, itself is excluded", () => {
    const res = aggregateClusterRoles(
      wrap(
        clusterRole("agg", [useRule(["self"])], {
          labels: { tier: "x" },
          selectors: [
            { matchExpressions: [{ key: "tier", operator: "In", values: ["x", "y"] }] },
            { matchLabels: { extra: "1" } },
          ],
        }),
        clusterRole("r-y", [useRule(["y"]), useRule(["shared"])], { labels: { tier: "y" } }),
        clusterRole("r-x", [useRule(["shared"]), useRule(["x"])], { labels: { tier: "x" } }),
        clusterRole("r-z", [useRule(["z"])], { labels: { tier: "z" } }),
        clusterRole("r-extra", [useRule(["y"]), useRule(["e"])], { labels: { extra: "1" } }),
      ),
    );
    // Selector order first, then role name order inside a selector, first occurrence wins.
    expect(rulesOf(res, "agg")).toEqual(["shared", "x", "y", "e"]);
  });

  it("chained aggregation resolves to the fixpoint, whatever the input order", () => {
    const roles = [
      clusterRole("top", [], { selectors: [{ matchLabels: { into: "top" } }] }),
      clusterRole("middle", [], { labels: { into: "top" }, selectors: [{ matchLabels: { into: "middle" } }] }),
      clusterRole("leaf", [useRule(["p"])], { labels: { into: "middle" } }),
    ];
    for (const order of [roles, [...roles].reverse()]) {
      const res = aggregateClusterRoles(wrap(...order));
      expect(rulesOf(res, "top")).toEqual(["p"]);
      expect(rulesOf(res, "middle")).toEqual(["p"]);
      expect(res.rules.get("top")?.[0]?.origin).toEqual({ clusterRole: "leaf", ruleIndex: 0 });
    }
  });

  it("aggregation cycles settle with the union of both", () => {
    const res = aggregateClusterRoles(
      wrap(
        clusterRole("a", [], { labels: { ring: "1" }, selectors: [{ matchLabels: { ring: "1" } }] }),
        clusterRole("b", [], { labels: { ring: "1" }, selectors: [{ matchLabels: { ring: "1" } }] }),
        clusterRole("c", [useRule(["p"])], { labels: { ring: "1" } }),
      ),
    );
    expect(rulesOf(res, "a")).toEqual(["p"]);
    expect(rulesOf(res, "b")).toEqual(["p"]);
  });

  it("hand-written rules on an aggregated role are ignored when other roles match (info diagnostic)", () => {
    const m = resolveRbac(
      input([
        clusterRole("agg", [useRule(["handwritten"])], { selectors: [{ matchLabels: { [L]: "true" } }] }),
        clusterRole("use-a", [useRule(["a"])], { labels: { [L]: "true" } }),
        clusterRoleBinding("crb", { kind: "ClusterRole", name: "agg" }, [group("g")]),
      ]),
    );
    expect(m.authorizer.canUse({ user: "u", groups: ["g"] }, "handwritten", "ns")).toBe(false);
    expect(m.authorizer.canUse({ user: "u", groups: ["g"] }, "a", "ns")).toBe(true);
    expect(m.diagnostics).toMatchObject([
      { level: "info", code: "rbac-aggregation-rules-ignored", resource: "ClusterRole/agg" },
    ]);
  });

  it("stored rules equal to the computed ones (a consistent live dump) raise no diagnostic", () => {
    const m = resolveRbac(
      input([
        clusterRole("agg", [useRule(["a"])], { selectors: [{ matchLabels: { [L]: "true" } }] }),
        clusterRole("use-a", [useRule(["a"])], { labels: { [L]: "true" } }),
      ]),
    );
    expect(m.diagnostics).toEqual([]);
  });

  it("live-dump fallback: no other role matches, so the stored rules are trusted (info diagnostic)", () => {
    const m = resolveRbac(
      input([
        clusterRole("admin", [useRule(["stored"])], {
          selectors: [{ matchLabels: { "rbac.example/aggregate-to-admin": "true" } }],
        }),
        clusterRoleBinding("crb", { kind: "ClusterRole", name: "admin" }, [group("g")]),
      ]),
    );
    expect(m.authorizer.canUse({ user: "u", groups: ["g"] }, "stored", "ns")).toBe(true);
    expect(m.diagnostics).toMatchObject([
      { level: "info", code: "rbac-aggregation-stored-rules", resource: "ClusterRole/admin" },
    ]);
    expect(m.grants(["stored"])[0]?.aggregatedFrom).toBeUndefined();
  });

  it("an aggregated role with no rules and no match grants nothing, silently", () => {
    const m = resolveRbac(input([clusterRole("agg", [], { selectors: [{ matchLabels: { none: "x" } }] })]));
    expect(m.diagnostics).toEqual([]);
    expect(
      aggregateClusterRoles(wrap(clusterRole("agg", [], { selectors: [{ matchLabels: { none: "x" } }] }))).rules.get(
        "agg",
      ),
    ).toEqual([]);
  });

  it("an invalid selector aggregates nothing and is reported", () => {
    const res = aggregateClusterRoles(
      wrap(
        clusterRole("agg", [], { selectors: [{ matchExpressions: [{ key: L, operator: "In", values: [] }] }] }),
        clusterRole("use-a", [useRule(["a"])], { labels: { [L]: "true" } }),
      ),
    );
    expect(res.rules.get("agg")).toEqual([]);
    expect(res.diagnostics).toMatchObject([
      { level: "warning", code: "rbac-invalid-selector", path: "aggregationRule.clusterRoleSelectors[0]" },
    ]);
  });
});
