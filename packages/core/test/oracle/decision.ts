/**
 * The comparable part of an admission answer, and the comparison. Both the oracle's HTTP answer and
 * our engine's `AdmissionResult` are reduced to a `Decision`; fields one side cannot observe are left
 * undefined and not compared:
 * - update: the server does not return which PSP validated the pod (that is only an audit
 *   annotation), and nothing is mutated, so only `allowed` / `rejectedBy` are compared;
 * - 422 (core validation refused what PSP admitted): the chosen PSP and mutations are not returned.
 */
import type { AdmissionResult } from "../../src/psp/admission-types.js";
import type { OracleVerdict } from "./client.js";
import { mirrorSeccomp, type PspView, pspView, viewDifferences } from "./pod-view.js";

export interface Decision {
  allowed: boolean;
  rejectedBy?: "psp-admission" | "api-validation";
  /** Chosen PSP (`kubernetes.io/psp`), null when refused by PSP; undefined = not observable. */
  psp?: string | null;
  /** What PSP wrote, as the server would show it (create, admitted only). */
  view?: PspView;
  message?: string;
}

export function oracleDecision(v: OracleVerdict, operation: "create" | "update"): Decision {
  switch (v.outcome) {
    case "admitted":
      return operation === "create" ? { allowed: true, psp: v.psp, view: pspView(v.pod) } : { allowed: true };
    case "denied":
      return { allowed: false, rejectedBy: "psp-admission", psp: null, message: v.message };
    case "invalid":
      return { allowed: false, rejectedBy: "api-validation", message: v.message };
  }
}

export function engineDecision(r: AdmissionResult, operation: "create" | "update"): Decision {
  if (!r.allowed) {
    const rejectedBy = r.rejectedBy ?? "psp-admission";
    return rejectedBy === "psp-admission"
      ? { allowed: false, rejectedBy, psp: null, ...(r.message ? { message: r.message } : {}) }
      : { allowed: false, rejectedBy, ...(r.message ? { message: r.message } : {}) };
  }
  if (operation === "update") return { allowed: true, psp: r.psp };
  // The server mirrors seccomp annotations and fields after PSP; do the same to our output.
  return { allowed: true, psp: r.psp, view: pspView(mirrorSeccomp(r.pod)) };
}

/** Human-readable differences (empty = agreement). */
export function decisionDifferences(oracle: Decision, engine: Decision): string[] {
  const out: string[] = [];
  if (oracle.allowed !== engine.allowed) {
    out.push(`allowed: oracle ${oracle.allowed}, engine ${engine.allowed}`);
    return out;
  }
  if (!oracle.allowed && oracle.rejectedBy !== engine.rejectedBy) {
    out.push(`rejected by: oracle ${oracle.rejectedBy}, engine ${engine.rejectedBy}`);
  }
  if (oracle.psp !== undefined && engine.psp !== undefined && oracle.psp !== engine.psp) {
    out.push(`psp: oracle ${oracle.psp}, engine ${engine.psp}`);
  }
  if (oracle.view && engine.view) {
    out.push(...viewDifferences(oracle.view, engine.view).map((d) => `pod ${d} (oracle ≠ engine)`));
  }
  return out;
}

/** Field errors in a PSP rejection message (`[a: Forbidden: x b: Invalid value: 1: y]`). */
export function splitErrors(message: string): string[] {
  const open = message.indexOf("[");
  const close = message.lastIndexOf("]");
  if (open < 0 || close <= open) return [];
  const inner = message.slice(open + 1, close).trim();
  if (inner === "") return [];
  // Each error starts with a field path followed by ": <ErrorType>"; split before the next such path.
  const types = "Invalid value|Forbidden|Required value|Unsupported value|Duplicate value|Not found|Too long|Too many";
  const starts = [...inner.matchAll(new RegExp(`(?:^| )([\\w.\\[\\]/:-]+): (?:${types})`, "g"))].map((m) =>
    m.index === 0 ? 0 : (m.index ?? 0) + 1,
  );
  return starts.map((s, i) =>
    inner.slice(s, i + 1 < starts.length ? (starts[i + 1] ?? inner.length) - 1 : inner.length),
  );
}
