/**
 * Who may use which policy: the pod's service account (serviceAccountName, else the deprecated
 * serviceAccount alias; none when empty), allServiceAccounts, the requesting user and their groups.
 * Unusable policies neither admit nor appear in the message; no usable policy denies with PSP's
 * "no usable policy" message; audit (no userInfo) relies on the service account and system:authenticated.
 */
import { describe, expect, it } from "vitest";
import { policySetTemplate, type UsableBy } from "../../../src/emit/policy-set/index.js";
import { buildTemplate } from "../../../src/emit/template.js";
import {
  type CelRequestAttributes,
  compileCelTemplate,
  evaluateCelTemplate,
  GatekeeperSimulator,
  type PodRequest,
  prepareReview,
} from "../../../src/gatekeeper/index.js";
import { openSpec, permissiveAnnotations, permissiveSpec } from "../../fixtures/permissive-psp.js";
import { policySetConstraint, policySetReview, pspFromCase, REQUESTER } from "./harness.js";

const RESTRICTED = pspFromCase({ name: "restricted", spec: openSpec() as Record<string, unknown> });
const PRIVILEGED = pspFromCase({ name: "privileged", annotations: permissiveAnnotations(), spec: permissiveSpec() });

const NOBODY: UsableBy = { allServiceAccounts: false, serviceAccounts: [], users: [], groups: [] };

function pod(spec: Record<string, unknown> = {}, privileged = false): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns" },
    spec: {
      ...spec,
      containers: [{ name: "c", image: "busybox", ...(privileged ? { securityContext: { privileged: true } } : {}) }],
    },
  };
}

const create = (userInfo: PodRequest["userInfo"] = { username: "bob", groups: [] }): PodRequest => ({
  operation: "CREATE",
  userInfo,
});

const PRIVILEGED_DENIED =
  "securityContext.privileged: Invalid value: true: Privileged containers are not allowed (containers: c)";

describe("policy-set usability", () => {
  it("a service account listed by name may use the policy; another one may not", () => {
    const entries = [{ psp: RESTRICTED, usableBy: { ...NOBODY, serviceAccounts: ["app", "builder"] } }];
    expect(policySetReview(entries, pod({ serviceAccountName: "app" }), create()).allowed).toBe(true);
    expect(policySetReview(entries, pod({ serviceAccountName: "other" }), create())).toEqual({
      allowed: false,
      messages: ['no PodSecurityPolicy is usable by service account "other" or the requesting user'],
    });
  });

  it("a pod without serviceAccountName counts as service account default, as the ServiceAccount admission plugin sets it", () => {
    const entries = [{ psp: RESTRICTED, usableBy: { ...NOBODY, allServiceAccounts: true } }];
    expect(policySetReview(entries, pod({ serviceAccountName: "anything" }), create()).allowed).toBe(true);
    expect(policySetReview(entries, pod(), create()).allowed).toBe(true);
    const onlyDefault = [{ psp: RESTRICTED, usableBy: { ...NOBODY, serviceAccounts: ["default"] } }];
    expect(policySetReview(onlyDefault, pod(), create()).allowed).toBe(true);
    expect(policySetReview(onlyDefault, pod({ serviceAccountName: "" }), create()).allowed).toBe(true);
    const onlyApp = [{ psp: RESTRICTED, usableBy: { ...NOBODY, serviceAccounts: ["app"] } }];
    expect(policySetReview(onlyApp, pod(), create())).toEqual({
      allowed: false,
      messages: ['no PodSecurityPolicy is usable by service account "default" or the requesting user'],
    });
  });

  it("the deprecated spec.serviceAccount alias counts when serviceAccountName is unset or empty", () => {
    const entries = [{ psp: RESTRICTED, usableBy: { ...NOBODY, serviceAccounts: ["legacy"] } }];
    expect(policySetReview(entries, pod({ serviceAccount: "legacy" }), create()).allowed).toBe(true);
    expect(policySetReview(entries, pod({ serviceAccountName: "", serviceAccount: "legacy" }), create()).allowed).toBe(
      true,
    );
    // serviceAccountName wins when set.
    expect(
      policySetReview(entries, pod({ serviceAccountName: "app", serviceAccount: "legacy" }), create()).allowed,
    ).toBe(false);
  });

  it("ownNamespaceRequesters: requests from a service account of the pod's own namespace", () => {
    const entries = [{ psp: RESTRICTED, usableBy: { ...NOBODY, ownNamespaceRequesters: true } }];
    const sa = (ns: string) => ({
      username: `system:serviceaccount:${ns}:deployer`,
      groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"],
    });
    // pod() is in namespace "ns".
    const inNs = pod({ serviceAccountName: "app" });
    expect(policySetReview(entries, inNs, create(sa("ns"))).allowed).toBe(true);
    expect(policySetReview(entries, inNs, create(sa("other"))).allowed).toBe(false);
    expect(
      policySetReview(entries, inNs, create({ username: "alice", groups: ["system:authenticated"] })).allowed,
    ).toBe(false);
  });

  it("the requesting user, by name or by one of their groups", () => {
    const byUser = [{ psp: RESTRICTED, usableBy: { ...NOBODY, users: ["alice"] } }];
    expect(policySetReview(byUser, pod(), create({ username: "alice" })).allowed).toBe(true);
    expect(policySetReview(byUser, pod(), create({ username: "bob" })).allowed).toBe(false);
    const byGroup = [{ psp: RESTRICTED, usableBy: { ...NOBODY, groups: ["devs", "ops"] } }];
    expect(policySetReview(byGroup, pod(), create({ username: "bob", groups: ["x", "ops"] })).allowed).toBe(true);
    expect(policySetReview(byGroup, pod(), create({ username: "bob", groups: ["x"] })).allowed).toBe(false);
    expect(policySetReview(byGroup, pod(), create({ username: "bob" })).allowed).toBe(false);
  });

  it("an unusable policy neither admits nor appears in the message; a usable one does", () => {
    const entries = [
      { psp: PRIVILEGED, usableBy: { ...NOBODY, groups: ["admins"] } },
      { psp: RESTRICTED, usableBy: { ...NOBODY, allServiceAccounts: true } },
    ];
    const privilegedPod = pod({ serviceAccountName: "app" }, true);
    expect(policySetReview(entries, privilegedPod, create({ username: "root", groups: ["admins"] })).allowed).toBe(
      true,
    );
    expect(policySetReview(entries, privilegedPod, create(REQUESTER))).toEqual({
      allowed: false,
      messages: [`unable to validate against any pod security policy: [restricted: ${PRIVILEGED_DENIED}]`],
    });
    // Both usable and both failing: both named, in PSP (byte-wise name) order.
    const both = [
      { psp: RESTRICTED, usableBy: { ...NOBODY, allServiceAccounts: true } },
      {
        psp: pspFromCase({ name: "also-restricted", spec: openSpec() as Record<string, unknown> }),
        usableBy: { ...NOBODY, allServiceAccounts: true },
      },
    ];
    expect(policySetReview(both, privilegedPod, create()).messages).toEqual([
      `unable to validate against any pod security policy: [also-restricted: ${PRIVILEGED_DENIED}] [restricted: ${PRIVILEGED_DENIED}]`,
    ]);
  });

  it("an empty policy list denies every pod", () => {
    expect(policySetReview([], pod({ serviceAccountName: "app" }), create())).toEqual({
      allowed: false,
      messages: ['no PodSecurityPolicy is usable by service account "app" or the requesting user'],
    });
  });

  it("DELETE and GC-only updates are never evaluated (admission guards)", () => {
    const sim = new GatekeeperSimulator({
      templates: [buildTemplate(policySetTemplate(), "cel")],
      constraints: [policySetConstraint([])],
    });
    const p = pod({ serviceAccountName: "app" });
    expect(
      sim.reviewPod(p, { operation: "DELETE", userInfo: REQUESTER, oldPod: p, validateDeletes: true }).allowed,
    ).toBe(true);
    const gcOnly = structuredClone(p) as { metadata: Record<string, unknown> };
    gcOnly.metadata.finalizers = ["x"];
    expect(sim.reviewPod(gcOnly, { operation: "UPDATE", userInfo: REQUESTER, oldPod: p }).allowed).toBe(true);
  });

  it("refuses parameters whose index is not the position (hand-edited constraint)", () => {
    const constraint = policySetConstraint([{ psp: RESTRICTED, usableBy: { ...NOBODY, allServiceAccounts: true } }]);
    const spec = constraint.spec as { parameters: { policies: { index: number }[] } };
    (spec.parameters.policies[0] as { index: number }).index = 1;
    const sim = new GatekeeperSimulator({
      templates: [buildTemplate(policySetTemplate(), "cel")],
      constraints: [constraint],
    });
    const review = sim.reviewPod(pod({ serviceAccountName: "app" }), create());
    expect(review.allowed).toBe(false);
    expect(review.violations[0]?.messages).toContain(
      "parameters.policies: every policy's index must be its position in the list",
    );
  });
});

describe("policy-set in audit (no userInfo)", () => {
  const template = compileCelTemplate(buildTemplate(policySetTemplate(), "cel"));
  const audit = (p: Record<string, unknown>) =>
    prepareReview({
      object: p,
      oldObject: null,
      // Gatekeeper's audit review has no user: the request carries no userInfo at all.
      request: {
        operation: "",
        kind: { group: "", version: "v1", kind: "Pod" },
        resource: { group: "", version: "v1", resource: "pods" },
        name: "p",
        namespace: "ns",
      } as unknown as CelRequestAttributes,
    });

  it("service-account grants and grants to system:authenticated make a policy usable; particular users and groups cannot", () => {
    const bySa = policySetConstraint([{ psp: RESTRICTED, usableBy: { ...NOBODY, serviceAccounts: ["app"] } }]);
    expect(evaluateCelTemplate(template, bySa, audit(pod({ serviceAccountName: "app" })))).toEqual({
      matched: true,
      violations: [],
    });
    // Whoever created the pod was authenticated.
    const everyone = policySetConstraint([
      { psp: RESTRICTED, usableBy: { ...NOBODY, groups: ["system:authenticated"] } },
    ]);
    expect(evaluateCelTemplate(template, everyone, audit(pod({ serviceAccountName: "app" })))).toEqual({
      matched: true,
      violations: [],
    });
    const byUser = policySetConstraint([
      { psp: RESTRICTED, usableBy: { ...NOBODY, users: ["alice"], groups: ["devs"] } },
    ]);
    expect(evaluateCelTemplate(template, byUser, audit(pod({ serviceAccountName: "app" })))).toEqual({
      matched: true,
      violations: [
        { cause: "false", message: 'no PodSecurityPolicy is usable by service account "app" or the requesting user' },
      ],
    });
  });
});
