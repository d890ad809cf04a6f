import { describe, expect, it } from "vitest";
import {
  exemptionOf,
  GatekeeperInputError,
  matchesGatekeeper,
  validateMatch,
  wildcardMatches,
} from "../../src/gatekeeper/index.js";
import { namespace, pod } from "./helpers.js";

const POD = { group: "", version: "v1", kind: "Pod" };
const subject = (p = pod({ containers: [] }), ns?: Record<string, unknown>) =>
  ns ? { object: p, gvk: POD, namespace: ns } : { object: p, gvk: POD };

describe("wildcardMatches (Gatekeeper's prefix/suffix globs)", () => {
  it.each([
    ["kube-*", "kube-system", true],
    ["kube-*", "kubeflow", false],
    ["*-system", "gatekeeper-system", true],
    ["*-system", "system-a", false],
    ["*sys*", "kube-system-x", true],
    ["apps", "apps", true],
    ["apps", "apps-2", false],
    ["*", "anything", true],
    ["a*b", "a*b", true],
    ["a*b", "axb", false],
  ])("%s vs %s → %s", (pattern, candidate, expected) => {
    expect(wildcardMatches(pattern, candidate)).toBe(expected);
  });
});

describe("matchesGatekeeper", () => {
  it("matches everything when match is absent or empty", () => {
    expect(matchesGatekeeper(undefined, subject())).toEqual({ matches: true });
    expect(matchesGatekeeper({}, subject())).toEqual({ matches: true });
  });

  it("matches kinds with * and empty lists, requiring kind and group of one entry", () => {
    expect(matchesGatekeeper({ kinds: [{ apiGroups: [""], kinds: ["Pod"] }] }, subject()).matches).toBe(true);
    expect(matchesGatekeeper({ kinds: [{ apiGroups: ["*"], kinds: ["*"] }] }, subject()).matches).toBe(true);
    expect(matchesGatekeeper({ kinds: [{ kinds: ["Pod"] }] }, subject()).matches).toBe(true);
    expect(matchesGatekeeper({ kinds: [{ apiGroups: ["apps"], kinds: ["Pod"] }] }, subject()).matches).toBe(false);
    expect(matchesGatekeeper({ kinds: [{ apiGroups: [""], kinds: ["Deployment"] }] }, subject()).matches).toBe(false);
  });

  it("applies namespaces and excludedNamespaces with globs", () => {
    expect(matchesGatekeeper({ namespaces: ["app*"] }, subject()).matches).toBe(true);
    expect(matchesGatekeeper({ namespaces: ["kube-*"] }, subject()).matches).toBe(false);
    const excluded = matchesGatekeeper({ excludedNamespaces: ["*ps"] }, subject());
    expect(excluded).toEqual({ matches: false, reason: "namespace apps is excluded by match.excludedNamespaces *ps" });
  });

  it("applies scope: a pod is Namespaced, a Namespace object Cluster", () => {
    expect(matchesGatekeeper({ scope: "Namespaced" }, subject()).matches).toBe(true);
    expect(matchesGatekeeper({ scope: "Cluster" }, subject()).matches).toBe(false);
    const nsObj = { object: namespace("apps"), gvk: { group: "", version: "v1", kind: "Namespace" } };
    expect(matchesGatekeeper({ scope: "Cluster" }, nsObj).matches).toBe(true);
  });

  it("applies labelSelector with matchLabels and every operator", () => {
    const p = pod({ containers: [] }, { labels: { app: "web", tier: "front" } });
    const sel = (labelSelector: unknown) => matchesGatekeeper({ labelSelector }, subject(p)).matches;
    expect(sel({ matchLabels: { app: "web" } })).toBe(true);
    expect(sel({ matchLabels: { app: "db" } })).toBe(false);
    expect(sel({ matchExpressions: [{ key: "tier", operator: "In", values: ["front", "x"] }] })).toBe(true);
    expect(sel({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["front"] }] })).toBe(false);
    expect(sel({ matchExpressions: [{ key: "missing", operator: "NotIn", values: ["a"] }] })).toBe(true);
    expect(sel({ matchExpressions: [{ key: "app", operator: "Exists" }] })).toBe(true);
    expect(sel({ matchExpressions: [{ key: "app", operator: "DoesNotExist" }] })).toBe(false);
  });

  it("reads namespace labels for namespaceSelector and says so when the Namespace is unknown", () => {
    const match = { namespaceSelector: { matchLabels: { team: "a" } } };
    expect(matchesGatekeeper(match, subject(undefined, namespace("apps", { team: "a" }))).matches).toBe(true);
    expect(matchesGatekeeper(match, subject(undefined, namespace("apps", { team: "b" }))).matches).toBe(false);
    const unknown = matchesGatekeeper(match, subject());
    expect(unknown).toMatchObject({ matches: false, namespaceUnknown: true });
  });

  it("matches name with globs, and a generateName-only pod against a prefix glob", () => {
    expect(matchesGatekeeper({ name: "p" }, subject()).matches).toBe(true);
    expect(matchesGatekeeper({ name: "web-*" }, subject()).matches).toBe(false);
    const generated = pod({ containers: [] }, { name: undefined, generateName: "web-7d9f-" });
    expect(matchesGatekeeper({ name: "web-*" }, subject(generated)).matches).toBe(true);
    expect(matchesGatekeeper({ name: "*-x" }, subject(generated)).matches).toBe(false);
  });

  it("validateMatch rejects malformed blocks with the field path", () => {
    expect(() => validateMatch({ namespaces: "apps" }, "K8sX/c", "spec.match")).toThrowError(GatekeeperInputError);
    expect(() =>
      validateMatch({ labelSelector: { matchExpressions: [{ key: "a", operator: "In" }] } }, "K8sX/c", "spec.match"),
    ).toThrowError("K8sX/c spec.match.labelSelector: matchExpressions[0]: operator In needs at least one value");
  });
});

describe("exemptionOf", () => {
  const config = {
    apiVersion: "config.gatekeeper.sh/v1alpha1",
    kind: "Config",
    metadata: { name: "config" },
    spec: {
      match: [
        { excludedNamespaces: ["kube-*"], processes: ["*"] },
        { excludedNamespaces: ["audit-only"], processes: ["audit"] },
        { excludedNamespaces: ["no-mutation"], processes: ["mutation-webhook"] },
      ],
    },
  };

  it("honours Config processes: * covers both webhooks, others only their own", () => {
    expect(exemptionOf("kube-system", "webhook", { config })).toMatch(/excluded from webhook by Config \(kube-\*\)/);
    expect(exemptionOf("kube-system", "mutation-webhook", { config })).toBeDefined();
    expect(exemptionOf("audit-only", "webhook", { config })).toBeUndefined();
    expect(exemptionOf("no-mutation", "mutation-webhook", { config })).toBeDefined();
    expect(exemptionOf("no-mutation", "webhook", { config })).toBeUndefined();
  });

  it("honours --exempt-namespace names and prefix/suffix patterns", () => {
    expect(exemptionOf("gatekeeper-system", "webhook", { exemptNamespaces: ["gatekeeper-system"] })).toMatch(
      /--exempt-namespace/,
    );
    expect(exemptionOf("team-sandbox", "webhook", { exemptNamespaces: ["*-sandbox"] })).toBeDefined();
    expect(exemptionOf("apps", "webhook", { exemptNamespaces: ["gatekeeper-system"] })).toBeUndefined();
  });
});
