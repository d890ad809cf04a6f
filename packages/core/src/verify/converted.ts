/**
 * Reading back what `psp2gk convert -o DIR` wrote, so `verify --converted DIR` checks exactly the
 * files the user will apply (edited or not). Pure: the caller reads the directory and passes each
 * file's path (relative to DIR, `/`-separated) and text.
 *
 *   templates/*.yaml    ConstraintTemplates
 *   constraints/*.yaml  constraints (group constraints.gatekeeper.sh)
 *   mutations/*.yaml    Assign / AssignMetadata / ModifySet (group mutations.gatekeeper.sh)
 *   expansion/*.yaml    ExpansionTemplates (`convert --workloads`): workloads are reviewed through them
 *   report.json         the findings that explain differences
 *
 * Everything else (kustomization.yaml, REPORT.md, tests/) is ignored. Errors name `file:line`.
 */
import { LineCounter, parseAllDocuments } from "yaml";
import type { Finding } from "../model/findings.js";
import type { GatekeeperPolicySet } from "./replay.js";

/** A problem with the converted directory; the message starts with `file:line:`. */
export class ConvertedInputError extends Error {
  override readonly name = "ConvertedInputError";
}

export interface ConvertedFile {
  /** Relative to the directory, `/`-separated, e.g. `constraints/restricted-volumes.yaml`. */
  path: string;
  text: string;
}

export interface ConvertedOutput extends GatekeeperPolicySet {
  expansionTemplates: Record<string, unknown>[];
  /** The findings of `report.json` (empty without it). */
  findings: Finding[];
  /** Things the user should know (no report.json: differences cannot be explained). */
  notes: string[];
}

/** Which directory holds which objects: a check on kind / API group per file. */
const FOLDERS: Record<string, { what: string; accepts: (o: Record<string, unknown>) => boolean }> = {
  templates: {
    what: "a ConstraintTemplate (templates.gatekeeper.sh)",
    accepts: (o) => o.kind === "ConstraintTemplate" && String(o.apiVersion).startsWith("templates.gatekeeper.sh/"),
  },
  constraints: {
    what: "a constraint (constraints.gatekeeper.sh)",
    accepts: (o) => String(o.apiVersion).startsWith("constraints.gatekeeper.sh/"),
  },
  mutations: {
    what: "a mutator (mutations.gatekeeper.sh)",
    accepts: (o) => String(o.apiVersion).startsWith("mutations.gatekeeper.sh/"),
  },
  expansion: {
    what: "an ExpansionTemplate (expansion.gatekeeper.sh)",
    accepts: (o) => o.kind === "ExpansionTemplate" && String(o.apiVersion).startsWith("expansion.gatekeeper.sh/"),
  },
};

const isYaml = (path: string) => path.endsWith(".yaml") || path.endsWith(".yml");
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function parseObjects(file: ConvertedFile, folder: string): Record<string, unknown>[] {
  const spec = FOLDERS[folder] as (typeof FOLDERS)[string];
  const lineCounter = new LineCounter();
  const out: Record<string, unknown>[] = [];
  for (const doc of parseAllDocuments(file.text, { lineCounter })) {
    const at = (offset: number) => `${file.path}:${lineCounter.linePos(offset).line}`;
    const [firstError] = doc.errors;
    if (firstError) throw new ConvertedInputError(`${at(firstError.pos[0])}: ${firstError.message.split("\n")[0]}`);
    if (doc.contents === null) continue;
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    const where = at(doc.contents.range?.[0] ?? 0);
    if (!isObject(value) || !spec.accepts(value)) {
      const found = isObject(value) ? `${String(value.apiVersion)} ${String(value.kind)}` : typeof value;
      throw new ConvertedInputError(`${where}: expected ${spec.what} in ${folder}/, found ${found}`);
    }
    if (!isObject(value.metadata) || typeof value.metadata.name !== "string") {
      throw new ConvertedInputError(`${where}: ${String(value.kind)} without metadata.name`);
    }
    out.push(value);
  }
  return out;
}

function parseFindings(file: ConvertedFile): Finding[] {
  let report: unknown;
  try {
    report = JSON.parse(file.text);
  } catch (e) {
    throw new ConvertedInputError(`${file.path}:1: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const findings = isObject(report) ? report.findings : undefined;
  if (!Array.isArray(findings))
    throw new ConvertedInputError(`${file.path}:1: no "findings" list (not a psp2gk report)`);
  return findings.filter((f): f is Finding => isObject(f) && typeof f.code === "string" && typeof f.level === "string");
}

/** Refuses a directory with no template, constraint, mutator nor report.json: not a convert output. */
export function readConvertedOutput(files: readonly ConvertedFile[]): ConvertedOutput {
  const out: ConvertedOutput = {
    templates: [],
    constraints: [],
    mutators: [],
    expansionTemplates: [],
    findings: [],
    notes: [],
  };
  const buckets: Record<string, Record<string, unknown>[]> = {
    templates: out.templates as Record<string, unknown>[],
    constraints: out.constraints as Record<string, unknown>[],
    mutations: out.mutators as Record<string, unknown>[],
    expansion: out.expansionTemplates,
  };
  let report = false;
  for (const file of [...files].sort((a, b) => cmp(a.path, b.path))) {
    const [folder, ...rest] = file.path.split("/");
    if (file.path === "report.json") {
      out.findings = parseFindings(file);
      report = true;
    } else if (folder && rest.length === 1 && FOLDERS[folder] && isYaml(file.path)) {
      buckets[folder]?.push(...parseObjects(file, folder));
    }
  }
  if (!report && out.templates.length + out.constraints.length + out.mutators.length === 0) {
    throw new ConvertedInputError(
      "not a psp2gk convert output: no templates/, constraints/, mutations/ nor report.json (write one with convert -o DIR)",
    );
  }
  if (!report) out.notes.push("no report.json: differences are listed without the findings that explain them");
  return out;
}
