/**
 * `convert`: a Bundle → Gatekeeper artefacts (ConstraintTemplates, constraints, mutators), the
 * findings and the report. Pure: no I/O, no clock, same input in any order → the same result.
 *
 * Whole-cluster conversion: RBAC decides who may use which PSP where (plan/), namespaces with the same
 * audience share one group, and each group gets per-field constraints where one policy applies to every
 * pod (exact and readable), or one policy-set constraint (any usable policy admits) otherwise, plus the
 * mutators of its mutation choice. Refused (error finding, nothing emitted): input errors, no PSP
 * granted to anyone, a PSP restricting a concern psp2gk cannot emit.
 */
import { CONCERNS } from "../concerns/index.js";
import type { ConcernEmitter, TemplateSource } from "../emit/concern-emitter.js";
import { EMITTERS } from "../emit/emitters.js";
import { workloadExpansionTemplates } from "../emit/expansion.js";
import { gatorSuite } from "../emit/gator-suite.js";
import { mutatorKey } from "../emit/mutators.js";
import { DEFAULT_EXEMPT_NAMESPACES, type EmitScope, type EnforcementAction } from "../emit/scope.js";
import { buildTemplate, type TemplateEngine } from "../emit/template.js";
import type { Bundle } from "../model/bundle.js";
import { type Finding, sortFindings } from "../model/findings.js";
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import { describeGroup, planFindings } from "../plan/findings.js";
import type { MutationMode } from "../plan/mutation-plan.js";
import { type OnUncovered, type OutputStyle, type Plan, planConversion } from "../plan/plan.js";
import { compareBytewise } from "../psp/selection.js";
import { resolveRbac } from "../rbac/resolve.js";
import {
  type ConversionReport,
  countFindings,
  REPORT_SCHEMA_VERSION,
  type ReportGroup,
  type ReportResource,
} from "../report/model.js";
import { emitGroup, groupScope } from "./emit-group.js";
import { emitMutatorSets } from "./emit-mutators.js";

/** Gatekeeper mutates on UPDATE too, PSP never does (shared with the concern emitters). */
export const MUTATION_NOT_ON_UPDATE = "mutation-not-on-update";

export interface ConvertOptions {
  /** Constraint `spec.enforcementAction`; default `deny`. */
  enforcementAction?: EnforcementAction;
  /** Namespaces neither validated nor mutated, besides the defaults (`gatekeeper-system`). */
  exemptNamespaces?: readonly string[];
  /** Leave out the default exemption of `gatekeeper-system` (default false). */
  noDefaultExemptions?: boolean;
  /** Which template engines to emit; default `both`. */
  engine?: TemplateEngine;
  /** `auto` (default): per-field where exact, policy-set elsewhere; or force one style. */
  style?: OutputStyle;
  /** `auto` (default): mutators for each group's defaults; `none`: no mutators. */
  mutation?: MutationMode;
  /** Namespaces where no PSP is usable: `deny` (default, what PSP did) or `report` (emit nothing). */
  onUncovered?: OnUncovered;
  /** Also emit ExpansionTemplates, so workloads are refused up front when their pods would be (default false). */
  workloads?: boolean;
  /** Also build the gator suite (`tests/`: example pods per constraint, expectations from the PSP engine); default false. */
  suite?: boolean;
  /** The concern emitters (default: the registry, `EMITTERS`). Tests pass their own. */
  emitters?: Readonly<Record<string, ConcernEmitter | undefined>>;
}

export interface ConversionResult {
  status: "converted" | "refused";
  /** The PSP when the whole cluster converts to one PSP's per-field constraints; else null. */
  psp: string | null;
  /** The default group's scope (every namespace but these). */
  scope: EmitScope;
  templates: Record<string, unknown>[];
  constraints: Record<string, unknown>[];
  mutators: Record<string, unknown>[];
  /** `expansion.gatekeeper.sh/v1alpha1` ExpansionTemplates (with `workloads`). */
  expansionTemplates?: Record<string, unknown>[];
  /** The gator suite (with `suite`): paths under `tests/` → YAML text. */
  suite?: Record<string, string>;
  /** Sorted (level, code, message). */
  findings: Finding[];
  report: ConversionReport;
  /** The plan (absent when refused before planning). */
  plan?: Plan;
}

const nameOf = (o: Record<string, unknown>): string =>
  String((o.metadata as { name?: unknown } | undefined)?.name ?? "");
const byKindName = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
  compareBytewise(String(a.kind), String(b.kind)) || compareBytewise(nameOf(a), nameOf(b));

function exemptOf(options: ConvertOptions): string[] {
  return [
    ...new Set([
      ...(options.noDefaultExemptions ? [] : DEFAULT_EXEMPT_NAMESPACES),
      ...(options.exemptNamespaces ?? []),
    ]),
  ].sort(compareBytewise);
}

function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of sortFindings(findings)) {
    const key = JSON.stringify([f.level, f.code, f.message, f.concern ?? "", f.psps ?? []]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

function inertFindings(bundle: Bundle): Finding[] {
  return bundle.psps
    .filter((p) => p.inert !== undefined)
    .map((p) => ({
      code: "psp-inert",
      level: "info" as const,
      message: `PSP ${p.object.metadata.name} is inert (${p.inert}): admission skips it, so it is not converted.`,
      psps: [p.object.metadata.name],
    }));
}

function generalFindings(
  options: ConvertOptions,
  exempt: readonly string[],
  mutators: number,
  findings: readonly Finding[],
): Finding[] {
  const out: Finding[] = [];
  for (const ns of exempt) {
    const isDefault = DEFAULT_EXEMPT_NAMESPACES.includes(ns) && !(options.exemptNamespaces ?? []).includes(ns);
    out.push({
      code: "exempt-namespace",
      level: "warning",
      message: `Pods in namespace ${ns} are neither validated nor mutated by the converted policies (excludedNamespaces), while PSP checked them${isDefault ? "; exempt by default because Gatekeeper runs there and must be able to restart itself" : "; exempt because --exempt-namespace asked for it"}.`,
      objects: [`Namespace/${ns}`],
      hint: isDefault ? "Give --no-default-exemptions to check it too." : "Drop --exempt-namespace to check it.",
    });
  }
  // One general note unless the emitters already said it per field.
  if (mutators > 0 && !findings.some((f) => f.code === MUTATION_NOT_ON_UPDATE)) {
    out.push({
      code: MUTATION_NOT_ON_UPDATE,
      level: "warning",
      message:
        "Gatekeeper's mutating webhook also runs on UPDATE, where PSP never mutates: a pod that lacks one of the defaults when it is updated (e.g. created before the mutators existed) gets it written, and the API server refuses the update because the pod spec is immutable. Pods created after the mutators are installed already carry the defaults.",
      hint: "Limit Gatekeeper's mutating webhook to CREATE (Helm value mutatingWebhookCustomRules) to match PSP.",
    });
  }
  const action = options.enforcementAction ?? "deny";
  if (action !== "deny") {
    out.push({
      code: "enforcement-not-deny",
      level: "warning",
      message: `Constraints use enforcementAction ${action}: violations are only ${action === "warn" ? "returned as warnings" : "recorded by audit"}, so pods PSP rejects are admitted. Mutators still change pods.`,
      hint: "Switch to --enforcement-action deny once the audit results are clean.",
    });
  }
  return out;
}

const resource = (o: Record<string, unknown>, dir: string, concernOf?: Map<string, string>): ReportResource => {
  const annotations = (o.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
  const concern = annotations?.["psp2gk.io/concern"] ?? concernOf?.get(mutatorKey(o));
  return { kind: String(o.kind), name: nameOf(o), ...(concern ? { concern } : {}), file: `${dir}/${nameOf(o)}.yaml` };
};

function refusedResult(findings: Finding[], exempt: string[], options: ConvertOptions, plan?: Plan): ConversionResult {
  const sorted = dedupeFindings(findings);
  const report = buildReport(
    "refused",
    null,
    exempt,
    options,
    [],
    { templates: [], constraints: [], mutators: [] },
    sorted,
    plan,
  );
  return {
    status: "refused",
    psp: null,
    scope: { excludedNamespaces: exempt },
    templates: [],
    constraints: [],
    mutators: [],
    findings: sorted,
    report,
    ...(plan ? { plan } : {}),
  };
}

function buildReport(
  status: "converted" | "refused",
  psp: string | null,
  exempt: string[],
  options: ConvertOptions,
  groups: ReportGroup[],
  resources: ConversionReport["resources"],
  findings: Finding[],
  plan?: Plan,
): ConversionReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    status,
    psp,
    psps: plan ? [...plan.psps.keys()].sort(compareBytewise) : [],
    exemptNamespaces: exempt,
    options: {
      enforcementAction: options.enforcementAction ?? "deny",
      engine: options.engine ?? "both",
      style: options.style ?? "auto",
      mutation: options.mutation ?? "auto",
      onUncovered: options.onUncovered ?? "deny",
    },
    groups,
    grants: plan
      ? plan.grants.map((g) => ({
          psp: g.psp,
          binding: g.binding.namespace
            ? `${g.binding.kind}/${g.binding.namespace}/${g.binding.name}`
            : `${g.binding.kind}/${g.binding.name}`,
          subject:
            g.subject.kind === "ServiceAccount"
              ? `ServiceAccount/${g.subject.namespace ?? ""}/${g.subject.name}`
              : `${g.subject.kind}/${g.subject.name}`,
          scope: "cluster" in g.scope ? "cluster" : g.scope.namespace,
        }))
      : [],
    resources,
    summary: countFindings(findings),
    findings,
  };
}

export function convert(bundle: Bundle, options: ConvertOptions = {}): ConversionResult {
  const engine = options.engine ?? "both";
  const emitters = options.emitters ?? EMITTERS;
  const exempt = exemptOf(options);
  const findings: Finding[] = [...inertFindings(bundle)];

  const inputErrors = bundle.diagnostics.filter((d) => d.level === "error");
  if (inputErrors.length > 0) {
    findings.push({
      code: "input-error",
      level: "error",
      message: `The input has ${inputErrors.length} error(s) (listed with the input diagnostics); converting a partly read cluster could drop a PSP or a grant, so the conversion is refused.`,
      objects: [...new Set(inputErrors.map((d) => d.resource).filter((r): r is string => !!r))].sort(),
      hint: "Fix or remove the objects the diagnostics name and convert again.",
    });
    return refusedResult(findings, exempt, options);
  }

  const psps = new Map<string, PodSecurityPolicy>();
  for (const p of bundle.psps) if (p.inert === undefined) psps.set(p.object.metadata.name, p.object);
  const rbac = resolveRbac(bundle);
  const ready = CONCERNS.map((c) => emitters[c.name]).filter((e): e is ConcernEmitter => e !== undefined);
  const plan = planConversion(bundle, rbac, psps, {
    style: options.style ?? "auto",
    mutation: options.mutation ?? "auto",
    exempt,
    emitters: ready,
  });

  if (plan.grants.length === 0) {
    const names = [...psps.keys()].sort(compareBytewise);
    findings.push({
      code: "no-usable-psp",
      level: "error",
      message:
        names.length === 0
          ? "The input has no usable PSP: PSP admission would reject every pod. There is nothing to convert."
          : `No PSP is granted to anyone (${names.join(", ")}): PSP admission rejects every pod except those created by system:masters. There is nothing faithful to convert.`,
      ...(names.length ? { psps: names } : {}),
      hint: "Give the input the cluster's RBAC (ClusterRoles, ClusterRoleBindings, Roles, RoleBindings) as well as its PSPs.",
    });
    return refusedResult(findings, exempt, options, plan);
  }

  findings.push(
    ...planFindings(plan, bundle, rbac, { style: options.style ?? "auto", onUncovered: options.onUncovered ?? "deny" }),
  );

  const templateSources = new Map<string, TemplateSource>();
  const constraints: Record<string, unknown>[] = [];
  const mutators: Record<string, unknown>[] = [];
  const mutatorConcerns = new Map<string, string>();
  const reportGroups: ReportGroup[] = [];
  let refused = false;
  for (const g of plan.groups) {
    const out = emitGroup(g, plan.psps, {
      enforcementAction: options.enforcementAction ?? "deny",
      onUncovered: options.onUncovered ?? "deny",
      emitters,
      workloads: options.workloads ?? false,
    });
    refused ||= out.refused;
    for (const t of out.templates) templateSources.set(t.kind, t);
    constraints.push(...out.constraints);
    findings.push(...out.findings);
    const scope = groupScope(g);
    reportGroups.push({
      id: g.id,
      where: describeGroup(g),
      namespaces: scope.namespaces ?? "all",
      excludedNamespaces: scope.excludedNamespaces,
      knownNamespaces: g.knownNamespaces,
      style: g.style,
      policies: g.audience.map((p) => {
        const shadow = g.shadowed.find((s) => s.psp === p.psp);
        return { psp: p.psp, usableBy: p.usableBy, bindings: p.bindings, ...(shadow ? { shadowedBy: shadow.by } : {}) };
      }),
      perField: g.perField,
      mutation: { psp: g.mutation.psp, reason: g.mutation.reason, exact: g.mutation.exact },
      constraints: out.constraints.map(nameOf).sort(compareBytewise),
      mutators: [],
    });
  }
  const mutatorSets = emitMutatorSets(plan.groups, plan.psps, ready);
  mutators.push(...mutatorSets.mutators);
  for (const [k, v] of mutatorSets.concernOf) mutatorConcerns.set(k, v);
  findings.push(...mutatorSets.findings);
  for (const r of reportGroups) r.mutators = mutatorSets.byGroup.get(r.id) ?? [];
  if (refused) return refusedResult(findings, exempt, options, plan);
  findings.push(...generalFindings(options, exempt, mutators.length, findings));

  const templates = [...templateSources.values()]
    .map((t) => buildTemplate(t, engine))
    .sort((a, b) => compareBytewise(nameOf(a), nameOf(b)));
  constraints.sort(byKindName);
  mutators.sort((a, b) => compareBytewise(mutatorKey(a), mutatorKey(b)));
  const single =
    plan.groups.length === 1 && plan.groups[0]?.style === "per-field" && plan.groups[0].perField.length === 1;
  const psp = single ? (plan.groups[0]?.perField[0] ?? null) : null;
  const sorted = dedupeFindings(findings);
  const report = buildReport(
    "converted",
    psp,
    exempt,
    options,
    reportGroups,
    {
      templates: templates.map((t) => resource(t, "templates")),
      constraints: constraints.map((c) => resource(c, "constraints")),
      mutators: mutators.map((m) => resource(m, "mutations", mutatorConcerns)),
    },
    sorted,
    plan,
  );
  const defaultGroup = plan.groups[0];
  const expansionTemplates = options.workloads ? workloadExpansionTemplates() : undefined;
  if (expansionTemplates) report.resources.expansionTemplates = expansionTemplates.map((e) => resource(e, "expansion"));
  const suite = options.suite
    ? gatorSuite({ templates, constraints, mutators, ...(expansionTemplates ? { expansionTemplates } : {}) }, bundle)
    : undefined;
  if (suite) report.suite = Object.keys(suite).sort(compareBytewise);
  return {
    status: "converted",
    psp,
    scope: defaultGroup ? groupScope(defaultGroup) : { excludedNamespaces: exempt },
    templates,
    constraints,
    mutators,
    ...(expansionTemplates ? { expansionTemplates } : {}),
    ...(suite ? { suite } : {}),
    findings: sorted,
    report,
    plan,
  };
}
