/**
 * `convert`: a Bundle → Gatekeeper artefacts (ConstraintTemplates, constraints, mutators), the
 * findings and the report. Pure: no I/O, no clock, same input in any order → the same result.
 *
 * Scope today (single-policy): exact for clusters where every pod can use the same single PSP
 * (convert/select.ts). Everything else is refused with an error-level finding. A PSP that restricts a
 * concern without a Gatekeeper emitter is refused too (fail closed), naming the concern.
 */
import { CONCERNS } from "../concerns/index.js";
import type { ConcernEmitter } from "../emit/concern-emitter.js";
import { buildConstraint } from "../emit/constraints.js";
import { EMITTERS } from "../emit/emitters.js";
import { collectMutators, mutatorKey } from "../emit/mutators.js";
import { DEFAULT_EXEMPT_NAMESPACES, type EmitScope, type EnforcementAction } from "../emit/scope.js";
import { buildTemplate, type TemplateEngine } from "../emit/template.js";
import type { Bundle } from "../model/bundle.js";
import { type Finding, sortFindings } from "../model/findings.js";
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import {
  type ConcernOutcome,
  type ConversionReport,
  countFindings,
  REPORT_SCHEMA_VERSION,
  type ReportResource,
} from "../report/model.js";
import { restrictsConcern } from "./restricts.js";
import { selectSinglePolicy } from "./select.js";

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
  /** The concern emitters (default: the registry, `EMITTERS`). Tests pass their own. */
  emitters?: Readonly<Record<string, ConcernEmitter | undefined>>;
}

export interface ConversionResult {
  status: "converted" | "refused";
  /** The converted PSP, or null. */
  psp: string | null;
  scope: EmitScope;
  templates: Record<string, unknown>[];
  constraints: Record<string, unknown>[];
  mutators: Record<string, unknown>[];
  /** Sorted (level, code, message). */
  findings: Finding[];
  report: ConversionReport;
}

const nameOf = (o: Record<string, unknown>): string =>
  String((o.metadata as { name?: unknown } | undefined)?.name ?? "");
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byKindName = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
  cmp(String(a.kind), String(b.kind)) || cmp(nameOf(a), nameOf(b));

function scopeOf(options: ConvertOptions): EmitScope {
  const exempt = new Set([
    ...(options.noDefaultExemptions ? [] : DEFAULT_EXEMPT_NAMESPACES),
    ...(options.exemptNamespaces ?? []),
  ]);
  return { excludedNamespaces: [...exempt].sort() };
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

interface Emitted {
  templates: Record<string, unknown>[];
  constraints: Record<string, unknown>[];
  mutators: Record<string, unknown>[];
  findings: Finding[];
  concerns: ConcernOutcome[];
  /** `Kind/name` of each mutator → its concern. */
  mutatorConcerns: Map<string, string>;
  refused: boolean;
}

function emitForPsp(
  psp: PodSecurityPolicy,
  scope: EmitScope,
  options: Required<Pick<ConvertOptions, "enforcementAction" | "engine">>,
  emitters: Readonly<Record<string, ConcernEmitter | undefined>>,
): Emitted {
  const out: Emitted = {
    templates: [],
    constraints: [],
    mutators: [],
    findings: [],
    concerns: [],
    mutatorConcerns: new Map(),
    refused: false,
  };
  const name = psp.metadata.name;
  const ready: ConcernEmitter[] = [];
  for (const concern of CONCERNS) {
    const emitter = emitters[concern.name];
    if (!emitter) {
      const restricts = restrictsConcern(psp, concern.name);
      out.concerns.push({ concern: concern.name, outcome: restricts ? "not-emitted" : "unrestricted", mutators: 0 });
      if (restricts) {
        out.refused = true;
        out.findings.push({
          code: "concern-not-emitted",
          level: "error",
          message: `PSP ${name} restricts ${concern.name} (${concern.pspFields.join(", ")}), which psp2gk cannot emit for Gatekeeper yet; converting without it would admit pods PSP rejects, so the conversion is refused.`,
          psps: [name],
          concern: concern.name,
          hint: `Wait for the ${concern.name} emitter, or relax ${name} for ${concern.name} if that is what the cluster needs.`,
        });
      }
      continue;
    }
    ready.push(emitter);
    const constraint = buildConstraint(emitter, psp, scope, { enforcementAction: options.enforcementAction });
    if (constraint) {
      out.constraints.push(constraint);
      out.templates.push(buildTemplate(emitter.template, options.engine));
    }
    out.findings.push(...(emitter.findings?.(psp) ?? []));
    out.concerns.push({ concern: concern.name, outcome: constraint ? "constraint" : "unrestricted", mutators: 0 });
  }
  const collected = collectMutators(ready, psp, scope);
  out.mutators = collected.mutators;
  out.findings.push(...collected.findings);
  // An emitter's error finding means its output would admit pods PSP rejects: never write that.
  if (out.findings.some((f) => f.level === "error")) out.refused = true;
  out.mutatorConcerns = collected.concernOf;
  for (const m of collected.mutators) {
    const entry = out.concerns.find((c) => c.concern === collected.concernOf.get(mutatorKey(m)));
    if (entry) {
      entry.mutators++;
      if (entry.outcome === "unrestricted") entry.outcome = "mutators-only";
    }
  }
  out.templates.sort((a, b) => cmp(nameOf(a), nameOf(b)));
  out.constraints.sort(byKindName);
  return out;
}

function scopeFindings(scope: EmitScope, options: ConvertOptions, emitted: Emitted, psp: string): Finding[] {
  const findings: Finding[] = [];
  for (const ns of scope.excludedNamespaces) {
    const isDefault = DEFAULT_EXEMPT_NAMESPACES.includes(ns) && !(options.exemptNamespaces ?? []).includes(ns);
    findings.push({
      code: "exempt-namespace",
      level: "warning",
      message: `Pods in namespace ${ns} are neither validated nor mutated by the converted policies (excludedNamespaces), while PSP checked them${isDefault ? "; exempt by default because Gatekeeper runs there and must be able to restart itself" : "; exempt because --exempt-namespace asked for it"}.`,
      psps: [psp],
      objects: [`Namespace/${ns}`],
      hint: isDefault ? "Give --no-default-exemptions to check it too." : "Drop --exempt-namespace to check it.",
    });
  }
  // One general note unless the emitters already said it per field.
  if (emitted.mutators.length > 0 && !emitted.findings.some((f) => f.code === MUTATION_NOT_ON_UPDATE)) {
    findings.push({
      code: MUTATION_NOT_ON_UPDATE,
      level: "warning",
      message: `Gatekeeper's mutating webhook also runs on UPDATE, where PSP never mutates: a pod that lacks one of ${psp}'s defaults when it is updated (e.g. created before the mutators existed) gets it written, and the API server refuses the update because the pod spec is immutable. Pods created after the mutators are installed already carry the defaults.`,
      psps: [psp],
      hint: "Limit Gatekeeper's mutating webhook to CREATE (Helm value mutatingWebhookCustomRules) to match PSP.",
    });
  }
  if ((options.enforcementAction ?? "deny") !== "deny") {
    findings.push({
      code: "enforcement-not-deny",
      level: "warning",
      message: `Constraints use enforcementAction ${options.enforcementAction}: violations are only ${options.enforcementAction === "warn" ? "returned as warnings" : "recorded by audit"}, so pods PSP rejects are admitted. Mutators still change pods.`,
      psps: [psp],
      hint: "Switch to --enforcement-action deny once the audit results are clean.",
    });
  }
  return findings;
}

const resource = (o: Record<string, unknown>, dir: string, concernOf?: Map<string, string>): ReportResource => {
  const annotations = (o.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
  const concern = annotations?.["psp2gk.io/concern"] ?? concernOf?.get(mutatorKey(o));
  return { kind: String(o.kind), name: nameOf(o), ...(concern ? { concern } : {}), file: `${dir}/${nameOf(o)}.yaml` };
};

export function convert(bundle: Bundle, options: ConvertOptions = {}): ConversionResult {
  const enforcementAction = options.enforcementAction ?? "deny";
  const engine = options.engine ?? "both";
  const emitters = options.emitters ?? EMITTERS;
  const scope = scopeOf(options);
  const findings: Finding[] = [];
  let psp: string | null = null;
  let emitted: Emitted | undefined;

  const inputErrors = bundle.diagnostics.filter((d) => d.level === "error");
  if (inputErrors.length > 0) {
    findings.push({
      code: "input-error",
      level: "error",
      message: `The input has ${inputErrors.length} error(s) (listed with the input diagnostics); converting a partly read cluster could drop a PSP or a grant, so the conversion is refused.`,
      objects: [...new Set(inputErrors.map((d) => d.resource).filter((r): r is string => !!r))].sort(),
      hint: "Fix or remove the objects the diagnostics name and convert again.",
    });
  } else {
    const selection = selectSinglePolicy(bundle);
    findings.push(...selection.findings);
    if (selection.kind === "single") {
      const chosen = selection.psp.object;
      psp = chosen.metadata.name;
      emitted = emitForPsp(chosen, scope, { enforcementAction, engine }, emitters);
      findings.push(...emitted.findings);
      if (!emitted.refused) findings.push(...scopeFindings(scope, options, emitted, psp));
    }
  }

  const converted = emitted !== undefined && !emitted.refused;
  const templates = converted ? (emitted?.templates ?? []) : [];
  const constraints = converted ? (emitted?.constraints ?? []) : [];
  const mutators = converted ? (emitted?.mutators ?? []) : [];
  const sorted = dedupeFindings(findings);
  const status = converted ? "converted" : "refused";
  const report: ConversionReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    status,
    mode: "single-policy",
    psp,
    scope: { namespaces: scope.namespaces ?? "all", excludedNamespaces: scope.excludedNamespaces },
    options: { enforcementAction, engine },
    concerns: emitted?.concerns ?? [],
    resources: {
      templates: templates.map((t) => resource(t, "templates")),
      constraints: constraints.map((c) => resource(c, "constraints")),
      mutators: mutators.map((m) => resource(m, "mutations", emitted?.mutatorConcerns)),
    },
    summary: countFindings(sorted),
    findings: sorted,
  };
  return { status, psp, scope, templates, constraints, mutators, findings: sorted, report };
}
