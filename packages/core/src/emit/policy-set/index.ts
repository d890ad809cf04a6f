/**
 * The policy-set ConstraintTemplate (`Psp2gkPolicySet`): PSP admits a pod when ANY usable PSP admits
 * it, Gatekeeper when EVERY constraint passes. Where an audience may use several PSPs, one constraint
 * of this kind carries all of them (`parameters.policies`, in PSP order, each with who may use it and
 * every concern's parameters) and admits the pod iff some usable policy passes all its checks. The
 * CEL and Rego are composed from the concern templates (compose-cel.ts, compose-rego.ts); README.md
 * explains the composition, the parameter shape and the limits.
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";
import { compareBytewise } from "../../psp/selection.js";
import { type ConcernEmitter, KIND_PREFIX, type TemplateSource } from "../concern-emitter.js";
import { EMITTERS } from "../emitters.js";
import { sortKeys } from "../yaml-out.js";
import { composePolicySetCel } from "./compose-cel.js";
import { composePolicySetRego, concernLib } from "./compose-rego.js";
import { concernKey } from "./keys.js";

export { concernKey } from "./keys.js";

export const POLICY_SET_KIND = `${KIND_PREFIX}PolicySet`;

/** Who may use one policy of the set (resolved from RBAC by the planner). */
export interface UsableBy {
  /** Every service account (of the constraint's namespaces) may use the policy. */
  allServiceAccounts: boolean;
  /** Service account names (the pod's `spec.serviceAccountName`) that may use it. */
  serviceAccounts: string[];
  /** Requesting users (`request.userInfo.username`) that may use it. */
  users: string[];
  /** Groups of the requesting user (`request.userInfo.groups`) that may use it. */
  groups: string[];
  /**
   * Requests sent by any service account of the pod's own namespace (group
   * `system:serviceaccounts:<the pod's namespace>`): what a RoleBinding to that group gives its
   * namespace. One flag instead of the group's name lets namespaces with that same pattern share a
   * constraint. Absent = false.
   */
  ownNamespaceRequesters?: boolean;
}

export interface PolicySetEntry {
  psp: PodSecurityPolicy;
  usableBy: UsableBy;
}

/**
 * The concerns a policy set checks, in the order given: a registry like `EMITTERS` (entries without an
 * emitter are skipped) or a list of emitters. The order is the order of the messages.
 */
export type PolicySetEmitters = Readonly<Record<string, ConcernEmitter | undefined>> | readonly ConcernEmitter[];

/** The emitters in the given order, each with its parameters key. */
function concernsOf(emitters: PolicySetEmitters): { key: string; emitter: ConcernEmitter }[] {
  const list = Array.isArray(emitters)
    ? (emitters as readonly ConcernEmitter[])
    : Object.values(emitters).filter((e): e is ConcernEmitter => e !== undefined);
  const concerns = list.map((emitter) => ({ key: concernKey(emitter.concern), emitter }));
  const keys = new Set(concerns.map((c) => c.key));
  if (keys.size !== concerns.length) throw new Error("policy set: a concern is listed twice");
  return concerns;
}

/**
 * Composed templates, by the emitter objects they were composed from (callers may pass a fresh list
 * each time; the same emitters give the same template object, so simulators compile it once).
 */
const templates: { emitters: readonly ConcernEmitter[]; template: TemplateSource }[] = [];

/** The policy-set template composed from `emitters` (memoised; pure and deterministic). */
export function policySetTemplate(emitters: PolicySetEmitters = EMITTERS): TemplateSource {
  const concerns = concernsOf(emitters);
  const cached = templates.find(
    (t) => t.emitters.length === concerns.length && t.emitters.every((e, i) => e === concerns[i]?.emitter),
  );
  if (cached) return cached.template;
  const stringList = { type: "array", items: { type: "string" } };
  const template: TemplateSource = {
    kind: POLICY_SET_KIND,
    description:
      "A set of PodSecurityPolicies usable by one audience, checked as PSP admission does: the pod is " +
      "admitted when at least one policy its service account or requesting user may use passes every " +
      "check of that policy (parameters.policies, in PSP order). Defaults are applied by separate mutators.",
    parametersSchema: {
      type: "object",
      properties: {
        policies: {
          type: "array",
          items: {
            type: "object",
            properties: {
              name: { type: "string" },
              index: { type: "integer" },
              usableBy: {
                type: "object",
                properties: {
                  allServiceAccounts: { type: "boolean" },
                  serviceAccounts: stringList,
                  users: stringList,
                  groups: stringList,
                  ownNamespaceRequesters: { type: "boolean" },
                },
              },
              checks: {
                type: "object",
                properties: Object.fromEntries(
                  concerns.map(({ key, emitter }) => [key, structuredClone(emitter.template.parametersSchema)]),
                ),
              },
            },
          },
        },
      },
    },
    cel: composePolicySetCel(
      concerns.map(({ key, emitter }) => ({ key, kind: emitter.template.kind, cel: emitter.template.cel })),
    ),
    rego: composePolicySetRego(
      concerns.map(({ key, emitter }) => ({ key, kind: emitter.template.kind, rego: emitter.template.rego })),
    ),
    regoLibs: concerns.map(({ key, emitter }) =>
      concernLib({ key, kind: emitter.template.kind, rego: emitter.template.rego }),
    ),
  };
  templates.push({ emitters: concerns.map((c) => c.emitter), template });
  return template;
}

const sortedUnique = (xs: readonly string[]): string[] => [...new Set(xs)].sort(compareBytewise);

/**
 * The constraint parameters for a policy set: `{policies: [{name, index, usableBy, checks}]}` in PSP
 * order (byte-wise by name, as admission tries them), usableBy lists sorted and unique, keys sorted.
 * `checks.<key>` is the concern emitter's parameters, absent when the PSP does not restrict it.
 */
export function policySetParameters(
  entries: readonly PolicySetEntry[],
  emitters: PolicySetEmitters = EMITTERS,
): { policies: Record<string, unknown>[] } {
  // Fail closed: a registered concern without an emitter would go unchecked in every policy. (A list
  // of emitters is the caller's choice; the converter refuses PSPs restricting a missing concern.)
  if (!Array.isArray(emitters)) {
    const missing = Object.entries(emitters).find(([, e]) => e === undefined)?.[0];
    if (missing !== undefined)
      throw new Error(`policy set: concern "${missing}" has no Gatekeeper emitter to check it`);
  }
  const concerns = concernsOf(emitters);
  const sorted = [...entries].sort((a, b) => compareBytewise(a.psp.metadata.name, b.psp.metadata.name));
  for (let i = 1; i < sorted.length; i++) {
    const name = sorted[i]?.psp.metadata.name;
    if (name === sorted[i - 1]?.psp.metadata.name)
      throw new Error(`policy set: PodSecurityPolicy "${name}" is listed twice`);
  }
  const policies = sorted.map(({ psp, usableBy }, index) => {
    const checks: Record<string, unknown> = {};
    for (const { key, emitter } of concerns) {
      const parameters = emitter.parameters(psp);
      if (parameters !== null) checks[key] = parameters;
    }
    return sortKeys({
      name: psp.metadata.name,
      index,
      usableBy: {
        allServiceAccounts: usableBy.allServiceAccounts,
        serviceAccounts: sortedUnique(usableBy.serviceAccounts),
        users: sortedUnique(usableBy.users),
        groups: sortedUnique(usableBy.groups),
        ...(usableBy.ownNamespaceRequesters ? { ownNamespaceRequesters: true } : {}),
      },
      checks,
    });
  });
  return { policies };
}
