import { describe, expect, it } from "vitest";
import { ruleAllowsPspUse, rulePspAccess } from "../../src/rbac/index.js";
import { useRule } from "./builders.js";

// psp-semantics.md §2.3: each condition once allowed and once refused.
describe("rule matching for `use` of a PSP", () => {
  it("verbs: `use` and `*` match, exactly and case-sensitively", () => {
    expect(ruleAllowsPspUse(useRule([], { verbs: ["use"] }), "p")).toBe(true);
    expect(ruleAllowsPspUse(useRule([], { verbs: ["get", "*"] }), "p")).toBe(true);
    expect(ruleAllowsPspUse(useRule([], { verbs: ["Use"] }), "p")).toBe(false);
    expect(ruleAllowsPspUse(useRule([], { verbs: ["get", "list", "create"] }), "p")).toBe(false);
    expect(ruleAllowsPspUse(useRule([], { verbs: [] }), "p")).toBe(false);
  });

  it("apiGroups: policy, extensions and * match; the core group and others do not", () => {
    for (const g of ["policy", "extensions", "*"])
      expect(ruleAllowsPspUse(useRule([], { apiGroups: [g] }), "p")).toBe(true);
    for (const g of ["", "apps", "Policy", "policy/v1beta1"]) {
      expect(ruleAllowsPspUse(useRule([], { apiGroups: [g] }), "p")).toBe(false);
    }
    expect(ruleAllowsPspUse(useRule([], { apiGroups: undefined }), "p")).toBe(false);
  });

  it("resources: podsecuritypolicies or * exactly; no subresource forms, no singular, no case folding", () => {
    expect(ruleAllowsPspUse(useRule([], { resources: ["podsecuritypolicies"] }), "p")).toBe(true);
    expect(ruleAllowsPspUse(useRule([], { resources: ["pods", "*"] }), "p")).toBe(true);
    for (const r of ["podsecuritypolicy", "PodSecurityPolicies", "podsecuritypolicies/*", "*/status", "*/*"]) {
      expect(ruleAllowsPspUse(useRule([], { resources: [r] }), "p")).toBe(false);
    }
  });

  it("resourceNames: empty grants every name, otherwise only exact names", () => {
    expect(rulePspAccess(useRule())).toEqual({ kind: "all" });
    expect(ruleAllowsPspUse(useRule(), "anything")).toBe(true);
    expect(ruleAllowsPspUse(useRule(["a", "b"]), "b")).toBe(true);
    expect(ruleAllowsPspUse(useRule(["a", "b"]), "c")).toBe(false);
    expect(ruleAllowsPspUse(useRule(["A"]), "a")).toBe(false);
    expect(rulePspAccess(useRule(["b", "a", "b"]))).toEqual({ kind: "named", names: ["b", "a"] });
  });

  it("a rule with only nonResourceURLs never matches, whatever its verbs", () => {
    expect(rulePspAccess({ nonResourceURLs: ["*"], verbs: ["*"] })).toEqual({ kind: "none" });
    expect(ruleAllowsPspUse({ nonResourceURLs: ["/podsecuritypolicies"], verbs: ["use"] }, "p")).toBe(false);
  });

  it("the all-wildcard rule (cluster-admin) grants every PSP", () => {
    expect(rulePspAccess({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] })).toEqual({ kind: "all" });
  });
});
