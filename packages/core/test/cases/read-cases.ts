/**
 * Reads PSP behaviour cases (format `psp-cases/v1`, described in the header of every file in
 * ../shared/cases). The shared cases are always read; env `PSP_CASES_DIR` names more directories
 * (path-list separated, like PATH) whose `*.yaml` files are read too, so other case sets in the same
 * format run through the same runners. Our own cases (`test/cases/own/`, e.g. regressions found
 * against the real PSP oracle) are always read as well. A directory given twice is read once.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const REPO_ROOT = resolve(fileURLToPath(new URL("../../../..", import.meta.url)));
export const SHARED_CASES_DIR = resolve(REPO_ROOT, "../shared/cases");
/** Our own cases in the same format: regressions found against the real PSP oracle, and more. */
export const OWN_CASES_DIR = resolve(REPO_ROOT, "packages/core/test/cases/own");

export interface CasePsp {
  name: string;
  annotations?: Record<string, string>;
  spec: Record<string, unknown>;
}

export interface CaseAuthorization {
  mode: "allow-all" | "rbac";
  requestingUser?: { name: string; groups?: string[] };
  objects?: Record<string, unknown>[];
}

export interface AdmissionExpectation {
  allowed: boolean;
  psp: string | null;
  mutations?: Record<string, unknown>;
  errorContains?: string[];
  errorCount?: number;
  rejectedBy?: "psp-admission" | "api-validation";
}

export interface PspCase {
  name: string;
  covers?: string[];
  source?: string;
  note?: string;
  confidence?: string;
  kind?: "admission" | "psp-validation";
  operation?: "create" | "update";
  psps?: CasePsp[];
  /** psp-validation cases: the one PSP object under test. */
  psp?: Record<string, unknown>;
  authorization?: CaseAuthorization;
  pod?: Record<string, unknown>;
  oldPod?: Record<string, unknown>;
  expected: AdmissionExpectation & { valid?: boolean };
  /** Where the case was read from (added by the reader). */
  file: string;
}

export function caseDirectories(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = [
    SHARED_CASES_DIR,
    OWN_CASES_DIR,
    ...(env.PSP_CASES_DIR ?? "")
      .split(delimiter)
      .filter(Boolean)
      .map((d) => resolve(d)),
  ];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of dirs) {
    if (!existsSync(d)) throw new Error(`case directory not found: ${d}`);
    const real = realpathSync(d);
    if (!seen.has(real)) {
      seen.add(real);
      out.push(d);
    }
  }
  return out;
}

export function readCases(dirs: string[] = caseDirectories()): PspCase[] {
  const cases: PspCase[] = [];
  for (const dir of dirs) {
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith(".yaml"))
      .sort()) {
      const file = join(dir, f);
      const doc = parse(readFileSync(file, "utf8")) as { format?: string; cases?: Omit<PspCase, "file">[] };
      if (doc?.format !== "psp-cases/v1") throw new Error(`${file}: not a psp-cases/v1 file (format: ${doc?.format})`);
      for (const c of doc.cases ?? []) cases.push({ ...c, file });
    }
  }
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name ${c.name} (${c.file})`);
    names.add(c.name);
  }
  return cases;
}

export interface CaseDispute {
  name: string;
  /** The Kubernetes source (file, function, test) that shows the case's expectation is wrong. */
  kubernetesSource: string;
  reason: string;
  /** What Kubernetes actually does, in the case's `expected` shape; the runner asserts this instead. */
  actual: Partial<AdmissionExpectation & { valid: boolean }>;
}

/** Cases we are sure are wrong, each with the proof (packages/core/test/case-disputes.yaml). */
export function readDisputes(): Map<string, CaseDispute> {
  const file = resolve(REPO_ROOT, "packages/core/test/case-disputes.yaml");
  const doc = parse(readFileSync(file, "utf8")) as { disputes?: CaseDispute[] } | null;
  return new Map((doc?.disputes ?? []).map((d) => [d.name, d]));
}
