/**
 * One namespace group of the plan → its validating artefacts: per-field constraints (one per concern
 * the PSP restricts) or one policy-set constraint, scoped to the group's namespaces (mutators are
 * emitted per mutation choice across groups: emit-mutators.ts). Names: the default group keeps the plain names
 * (`<psp>-<concern>`, `policy-set`), other groups add their id (`<psp>-<concern>-ns-apps`).
 */
import { CONCERNS } from "../concerns/index.js";
import type { ConcernEmitter, TemplateSource } from "../emit/concern-emitter.js";
import { buildConstraint, CONSTRAINT_API_VERSION } from "../emit/constraints.js";
import { resourceName } from "../emit/names.js";
import { POLICY_SET_KIND, policySetParameters, policySetTemplate } from "../emit/policy-set/index.js";
import { constraintMatch, type EmitScope, type EnforcementAction } from "../emit/scope.js";
import { sortKeys } from "../emit/yaml-out.js";
import type { Finding } from "../model/findings.js";
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import { emptyUsableBy, normalizeUsableBy, type PolicyAccess } from "../plan/audiences.js";
import { describeGroup } from "../plan/findings.js";
import type { NamespaceGroup, OnUncovered } from "../plan/plan.js";
import { simplifyAudience } from "../plan/simplify.js";
import { SYSTEM_AUTHENTICATED, SYSTEM_MASTERS } from "../rbac/identity.js";
import { restrictsConcern } from "./restricts.js";

export interface GroupArtefacts {
  /** Template sources used (deduplicated by kind by the caller). */
  templates: TemplateSource[];
  constraints: Record<string, unknown>[];
  findings: Finding[];
  /** True when some PSP restricts a concern that has no emitter: the conversion must be refused. */
  refused: boolean;
}

export interface GroupEmitOptions {
  enforcementAction: EnforcementAction;
  onUncovered: OnUncovered;
  emitters: Readonly<Record<string, ConcernEmitter | undefined>>;
  /** ExpansionTemplates are emitted: generated pods of workloads are reviewed too. */
  workloads?: boolean;
}

/**
 * Does some policy of the set reach pods only through particular requesters (users, groups other than
 * everyone)? A workload's generated pod carries no requester — the real pod is created by a controller
 * — so such a policy cannot be offered to it, and judging it would refuse workloads PSP let run.
 */
export function needsRequester(entries: readonly PolicyAccess[]): boolean {
  return entries.some(
    (e) =>
      e.usableBy.users.length > 0 ||
      e.usableBy.ownNamespaceRequesters === true ||
      e.usableBy.groups.some((g) => g !== SYSTEM_AUTHENTICATED && g !== SYSTEM_MASTERS),
  );
}

export function groupScope(g: NamespaceGroup): EmitScope {
  return g.namespaces === null
    ? { excludedNamespaces: g.excludedNamespaces }
    : { namespaces: g.namespaces, excludedNamespaces: [] };
}

/** The name parts a group adds to resource names. */
const suffix = (g: NamespaceGroup): string[] => (g.id === "default" ? [] : [g.id]);

function missingEmitterFindings(psp: PodSecurityPolicy, emitters: GroupEmitOptions["emitters"]): Finding[] {
  const name = psp.metadata.name;
  return CONCERNS.filter((c) => !emitters[c.name] && restrictsConcern(psp, c.name)).map((c) => ({
    code: "concern-not-emitted",
    level: "error" as const,
    message: `PSP ${name} restricts ${c.name} (${c.pspFields.join(", ")}), which psp2gk cannot emit for Gatekeeper yet; converting without it would admit pods PSP rejects, so the conversion is refused.`,
    psps: [name],
    concern: c.name,
    hint: `Wait for the ${c.name} emitter, or relax ${name} for ${c.name} if that is what the cluster needs.`,
  }));
}

/** The policy-set entries: the group's policies plus, for system:masters, every PSP (simplified). */
function policySetEntries(g: NamespaceGroup, psps: ReadonlyMap<string, PodSecurityPolicy>): PolicyAccess[] {
  const withMasters: PolicyAccess[] = [];
  const byName = new Map(g.effective.map((p) => [p.psp, p]));
  for (const name of psps.keys()) {
    const own = byName.get(name);
    const usableBy = own ? { ...own.usableBy, groups: [...own.usableBy.groups] } : emptyUsableBy();
    usableBy.groups.push(SYSTEM_MASTERS);
    withMasters.push({ psp: name, usableBy: normalizeUsableBy(usableBy), bindings: own?.bindings ?? [] });
  }
  withMasters.sort((a, b) => (a.psp < b.psp ? -1 : a.psp > b.psp ? 1 : 0));
  return simplifyAudience(withMasters, psps).effective;
}

export function emitGroup(
  g: NamespaceGroup,
  psps: ReadonlyMap<string, PodSecurityPolicy>,
  options: GroupEmitOptions,
): GroupArtefacts {
  const out: GroupArtefacts = {
    templates: [],
    constraints: [],
    findings: [],
    refused: false,
  };
  const scope = groupScope(g);
  const ready = CONCERNS.map((c) => options.emitters[c.name]).filter((e): e is ConcernEmitter => e !== undefined);
  const checked: PodSecurityPolicy[] = [];

  if (g.style === "per-field") {
    for (const name of g.perField) {
      const psp = psps.get(name);
      if (!psp) continue;
      checked.push(psp);
      for (const emitter of ready) {
        const constraint = buildConstraint(emitter, psp, scope, {
          enforcementAction: options.enforcementAction,
          name: resourceName(name, emitter.concern, ...suffix(g)),
        });
        if (!constraint) continue;
        out.constraints.push(constraint);
        out.templates.push(emitter.template);
      }
    }
  } else if (g.style === "policy-set" || (g.style === "uncovered" && options.onUncovered === "deny")) {
    const entries = policySetEntries(g, psps);
    for (const e of entries) {
      const psp = psps.get(e.psp);
      if (psp) checked.push(psp);
    }
    const template = policySetTemplate(ready);
    out.templates.push(template);
    out.constraints.push({
      apiVersion: CONSTRAINT_API_VERSION,
      kind: POLICY_SET_KIND,
      metadata: {
        name: resourceName("policy-set", ...suffix(g)),
        annotations: {
          "psp2gk.io/psp": entries.map((e) => e.psp).join(","),
          "psp2gk.io/concern": "policy-set",
        },
      },
      spec: {
        enforcementAction: options.enforcementAction,
        // Generated pods of workloads only where usability never depends on who sends the request.
        match: {
          ...constraintMatch(scope),
          ...(options.workloads && needsRequester(entries) ? { source: "Original" } : {}),
        },
        parameters: sortKeys(
          policySetParameters(
            entries.map((e) => ({ psp: psps.get(e.psp) as PodSecurityPolicy, usableBy: e.usableBy })),
            ready,
          ),
        ),
      },
    });
  }

  if (options.workloads && g.style === "policy-set" && needsRequester(g.effective)) {
    const requesterOnly = g.effective.filter((e) => needsRequester([e])).map((e) => e.psp);
    out.findings.push({
      code: "workloads-checked-at-pod-creation",
      level: "info",
      scope: g.namespaces === null ? { excludedNamespaces: g.excludedNamespaces } : { namespaces: g.namespaces },
      message: `In ${describeGroup(g)}, ${requesterOnly.join(", ")} ${requesterOnly.length > 1 ? "are" : "is"} usable through particular requesters (users, groups, controllers), which a workload's generated pod does not carry. The policy-set constraint there does not judge workloads up front (match.source: Original): as under PSP, their pods are checked when a controller creates them.`,
      psps: requesterOnly,
      hint: "Grant such PSPs to the workloads' service accounts to have their workloads checked up front.",
    });
  }

  for (const psp of checked) {
    const missing = missingEmitterFindings(psp, options.emitters);
    if (missing.length > 0) out.refused = true;
    out.findings.push(...missing);
    for (const emitter of ready) out.findings.push(...(emitter.findings?.(psp) ?? []));
  }

  if (out.findings.some((f) => f.level === "error")) out.refused = true;
  return out;
}
