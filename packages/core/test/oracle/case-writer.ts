/**
 * Turns an oracle answer into a psp-cases/v1 case whose `expected` is what the real admission
 * controller did, ready to paste into test/cases/own/oracle-regressions.yaml (so the engine's normal
 * case run covers it without a server).
 */
import { stringify } from "yaml";
import type { Pod } from "../../src/model/k8s-types.js";
import type { OracleVerdict } from "./client.js";
import { splitErrors } from "./decision.js";
import {
  expectedView,
  formatPath,
  mirrorSeccomp,
  type PathSegment,
  type PspView,
  pspView,
  viewDifferences,
} from "./pod-view.js";
import type { Scenario } from "./scenario.js";

type Obj = Record<string, unknown>;

/** Maps a view path back onto the pod (`podSecurityContext.fsGroup` → `spec.securityContext.fsGroup`). */
function podPath(viewPath: PathSegment[]): PathSegment[] {
  const [head, ...rest] = viewPath;
  if (head === "annotations") return ["metadata", "annotations", ...rest];
  if (head === "podSecurityContext") return ["spec", "securityContext", ...rest];
  if (head === "runtimeClassName") return ["spec", "runtimeClassName"];
  if (head === "containers") {
    const [list, index, , ...field] = rest; // containers.<list>[i].securityContext.<field>
    return ["spec", list as string, index as number, "securityContext", ...field];
  }
  throw new Error(`unexpected view path ${viewPath.join(".")}`);
}

/** Granularity the cases use: one entry per annotation and per securityContext field. */
function entries(view: PspView): Map<string, { path: PathSegment[]; value: unknown }> {
  const out = new Map<string, { path: PathSegment[]; value: unknown }>();
  const add = (path: PathSegment[], value: unknown) => out.set(formatPath(podPath(path)), { path, value });
  for (const [k, v] of Object.entries(view.annotations)) add(["annotations", k], v);
  for (const [k, v] of Object.entries((view.podSecurityContext ?? {}) as Obj)) add(["podSecurityContext", k], v);
  if (view.runtimeClassName !== null) add(["runtimeClassName"], view.runtimeClassName);
  for (const [list, cs] of Object.entries(view.containers)) {
    cs.forEach((c, i) => {
      for (const [k, v] of Object.entries((c.securityContext ?? {}) as Obj)) {
        add(["containers", list, i, "securityContext", k], v);
      }
    });
  }
  return out;
}

/**
 * The fields PSP wrote (path → value) such that input + mutations, mirrored like the registry does,
 * shows what the server returned. Seccomp fields the registry derived are left out when the mirror
 * reproduces them, so the case lists PSP's own writes only.
 */
export function oracleMutations(input: Pod, returned: Pod): Record<string, unknown> {
  const before = entries(pspView(mirrorSeccomp(input)));
  const after = entries(pspView(returned));
  const changed: [string, unknown][] = [];
  for (const [key, { value }] of after) {
    if (JSON.stringify(before.get(key)?.value) !== JSON.stringify(value)) changed.push([key, value]);
  }
  const want = pspView(returned);
  const agrees = (m: [string, unknown][]) =>
    viewDifferences(expectedView(input, Object.fromEntries(m)), want).length === 0;
  const derivable = (k: string) => k.endsWith(".seccompProfile") || k.includes("seccomp.security.alpha.kubernetes.io");
  // Prefer the smallest set: without mirrored seccomp entries, then with annotations only, then everything.
  const candidates = [
    changed.filter(([k]) => !derivable(k)),
    changed.filter(([k]) => !k.endsWith(".seccompProfile")),
    changed,
  ];
  return Object.fromEntries(candidates.find(agrees) ?? changed);
}

export function regressionCase(s: Scenario, verdict: OracleVerdict, source: string, note: string): Obj {
  const expected: Obj =
    verdict.outcome === "admitted"
      ? {
          allowed: true,
          psp: s.operation === "create" ? verdict.psp : null,
          ...(s.operation === "create" ? { mutations: oracleMutations(s.pod, verdict.pod) } : {}),
        }
      : verdict.outcome === "denied"
        ? { allowed: false, psp: null, errorContains: errorFragments(verdict.message) }
        : { allowed: false, psp: null, rejectedBy: "api-validation" };
  const strip = (p: Pod) => {
    const { apiVersion: _a, kind: _k, ...rest } = p;
    return rest;
  };
  return {
    name: s.name,
    source,
    note,
    operation: s.operation,
    psps: s.psps,
    authorization:
      s.rbac === null
        ? { mode: "allow-all" }
        : { mode: "rbac", ...(s.user ? { requestingUser: s.user } : {}), objects: s.rbac },
    ...(s.oldPod ? { oldPod: strip(s.oldPod) } : {}),
    pod: strip(s.pod),
    expected,
  };
}

/** Stable substrings of a rejection: each field error (their order between PSPs is random in Kubernetes). */
function errorFragments(message: string): string[] {
  const errors = splitErrors(message);
  if (errors.length === 0) {
    const i = message.indexOf("PodSecurityPolicy:");
    return [i >= 0 ? message.slice(i) : message];
  }
  return [...new Set(errors)].sort();
}

/** YAML for one or more cases, as list items under `cases:`. */
export function renderCases(cases: readonly Obj[]): string {
  return stringify(cases, { lineWidth: 120, aliasDuplicateObjects: false });
}
