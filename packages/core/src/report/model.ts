/**
 * The conversion report (`report.json`, schemaVersion `psp2gk-report/v1`, documented in
 * docs/convert.md) and the Markdown it is rendered to. Deterministic: no times, no versions, no paths.
 */
import type { Finding, FindingLevel } from "../model/findings.js";

export const REPORT_SCHEMA_VERSION = "psp2gk-report/v2";

export interface ReportResource {
  kind: string;
  name: string;
  /** The concern it implements (`policy-set` for the policy-set constraint; absent when not per concern). */
  concern?: string;
  /** Path in the `-o DIR` layout. */
  file?: string;
}

/** Who may use a PSP in a group's namespaces (same shape as the policy-set parameter `usableBy`). */
export interface ReportUsableBy {
  allServiceAccounts: boolean;
  serviceAccounts: string[];
  users: string[];
  groups: string[];
  /** Requests from any service account of the namespace itself (group system:serviceaccounts:<ns>). */
  ownNamespaceRequesters?: boolean;
}

/** One namespace group: namespaces sharing the same audience, and what was emitted for them. */
export interface ReportGroup {
  /** `default` (every namespace not listed elsewhere) or `ns-<first>[-plus-<n>]`. */
  id: string;
  /** Human description of where it applies. */
  where: string;
  /** Constraint/mutator `match.namespaces` ("all" for the default group). */
  namespaces: "all" | string[];
  excludedNamespaces: string[];
  /** Namespaces of the input that fall in this group. */
  knownNamespaces: string[];
  /** `per-field`, `policy-set`, or `uncovered` (no PSP usable: denied, or unchecked with --on-uncovered report). */
  style: "per-field" | "policy-set" | "uncovered";
  /** Every PSP usable here (besides by system:masters), in PSP order, with who may use it. */
  policies: { psp: string; usableBy: ReportUsableBy; bindings: string[]; shadowedBy?: string }[];
  /** per-field: the PSPs whose per-concern constraints apply. */
  perField: string[];
  /** Whose defaults the mutators write (null: none), why, and whether that is exactly PSP's choice. */
  mutation: { psp: string | null; reason: string; exact: boolean };
  /** Names of the constraints and mutators emitted for this group. */
  constraints: string[];
  mutators: string[];
}

export interface ReportGrant {
  psp: string;
  /** `ClusterRoleBinding/name` or `RoleBinding/ns/name`. */
  binding: string;
  /** `ServiceAccount/ns/name`, `User/name`, `Group/name`. */
  subject: string;
  /** `cluster` or the RoleBinding's namespace. */
  scope: string;
}

export interface ConversionReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  status: "converted" | "refused";
  /** The PSP when the whole cluster converts to one PSP's per-field constraints; else null. */
  psp: string | null;
  /** Every non-inert PSP of the input, sorted. */
  psps: string[];
  /** Never validated nor mutated. */
  exemptNamespaces: string[];
  options: { enforcementAction: string; engine: string; style: string; mutation: string; onUncovered: string };
  /** Namespace groups, the default one first. Empty when refused before planning. */
  groups: ReportGroup[];
  /** Every grant of `use` on a non-inert PSP (system:masters grants left out). */
  grants: ReportGrant[];
  resources: {
    templates: ReportResource[];
    constraints: ReportResource[];
    mutators: ReportResource[];
    /** With `--workloads`. */
    expansionTemplates?: ReportResource[];
  };
  /** Files of the gator suite (`tests/...`), when it was built. */
  suite?: string[];
  summary: Record<FindingLevel, number>;
  findings: Finding[];
}

export function countFindings(findings: readonly Finding[]): Record<FindingLevel, number> {
  const out: Record<FindingLevel, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.level]++;
  return out;
}
