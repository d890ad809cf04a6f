/**
 * The conversion report (`report.json`, schemaVersion `psp2gk-report/v1`, documented in
 * docs/convert.md) and the Markdown it is rendered to. Deterministic: no times, no versions, no paths.
 */
import type { Finding, FindingLevel } from "../model/findings.js";

export const REPORT_SCHEMA_VERSION = "psp2gk-report/v1";

export interface ReportResource {
  kind: string;
  name: string;
  /** The concern it implements (absent for resources that are not per concern). */
  concern?: string;
  /** Path in the `-o DIR` layout. */
  file?: string;
}

export interface ConcernOutcome {
  concern: string;
  /**
   * `constraint` (validated by a constraint, maybe defaulted too), `mutators-only`, `unrestricted`
   * (the PSP allows everything and defaults nothing), `not-emitted` (no emitter yet: refused when the
   * PSP restricts it).
   */
  outcome: "constraint" | "mutators-only" | "unrestricted" | "not-emitted";
  mutators: number;
}

export interface ConversionReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  status: "converted" | "refused";
  /** What this conversion can do today: one PSP for every pod. */
  mode: "single-policy";
  /** The converted PSP (null when refused before one was chosen). */
  psp: string | null;
  scope: { namespaces: "all" | string[]; excludedNamespaces: string[] };
  options: { enforcementAction: string; engine: string };
  concerns: ConcernOutcome[];
  resources: { templates: ReportResource[]; constraints: ReportResource[]; mutators: ReportResource[] };
  summary: Record<FindingLevel, number>;
  findings: Finding[];
}

export function countFindings(findings: readonly Finding[]): Record<FindingLevel, number> {
  const out: Record<FindingLevel, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.level]++;
  return out;
}
