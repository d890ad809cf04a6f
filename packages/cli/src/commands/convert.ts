/**
 * `psp2gk convert`: PSPs + RBAC → Gatekeeper ConstraintTemplates, constraints and mutators.
 * Writes a directory atomically (`-o DIR`: a temporary directory beside DIR, then a rename) or one
 * YAML stream on stdout. Findings go to stderr, one per line.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import {
  type ConversionResult,
  convert,
  ENFORCEMENT_ACTIONS,
  type EnforcementAction,
  type Finding,
  outputFiles,
  outputStream,
  type TemplateEngine,
} from "@psp2gk/core";
import type { Command } from "commander";
import type { CommandContext } from "../cli.js";
import { UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { hasErrors, loadBundle, printDiagnostics } from "../inputs.js";
import { FILE_OPTION_HELP, outputFormat, repeatable } from "../options.js";
import { plural } from "../output.js";

const ENGINES = ["both", "rego", "cel"] as const;

interface ConvertCliOptions {
  filename?: string[];
  output?: string;
  force: boolean;
  enforcementAction: EnforcementAction;
  exemptNamespace?: string[];
  defaultExemptions: boolean;
  engine: TemplateEngine;
  style: "auto" | "per-field" | "policy-set";
  mutation: "auto" | "none";
  onUncovered: "deny" | "report";
  workloads: boolean;
  suite: boolean;
}

const STYLES = ["auto", "per-field", "policy-set"] as const;
const MUTATIONS = ["auto", "none"] as const;
const ON_UNCOVERED = ["deny", "report"] as const;

const EXAMPLES = `
How it works: RBAC decides which PSPs each pod may use (its service account's grants and its
requester's, in its namespace). Namespaces with the same grants form a group. A group where one PSP
applies to every pod gets readable per-field constraints (one per PSP concern); a group where pods
choose among several PSPs gets one policy-set constraint (Psp2gkPolicySet) that admits a pod when any
PSP it may use admits it, as PSP did; a group where no PSP is usable gets a constraint denying every
pod (--on-uncovered). Mutators write the defaults of one PSP per group (the one PSP would pick for most
pods; REPORT.md says where that is not exact). Refused with exit 2, never a guess: input errors, no PSP
granted to anyone, a PSP restricting a concern psp2gk cannot emit.
Namespace gatekeeper-system is exempt by default (--no-default-exemptions to check it too). Findings
(where Gatekeeper differs from PSP, docs/findings.md) go to stderr and into DIR/REPORT.md and
DIR/report.json.

Output (-o DIR): templates/, constraints/, mutations/, expansion/ (--workloads), kustomization.yaml,
REPORT.md, report.json, and tests/ (a gator suite: "gator verify DIR/tests", docs/gator.md).
Install with "kubectl apply -k DIR" (apply twice on a fresh Gatekeeper: constraints need the CRDs
Gatekeeper creates from the templates). Check first with "psp2gk verify -f CLUSTER --converted DIR".

Examples:
  # Convert the bundled example cluster (two PSPs, RBAC) into a directory and read the report
  psp2gk convert -f examples/cluster -o gatekeeper-policies && less gatekeeper-policies/REPORT.md
  # A live cluster, as one YAML stream, warn-only at first
  kubectl get psp,clusterroles,clusterrolebindings,roles,rolebindings,namespaces,serviceaccounts -A -o yaml \\
    | psp2gk convert -f - --enforcement-action warn > policies.yaml
  # Replace an earlier output, exempt another namespace, CEL only, no mutators
  psp2gk convert -f cluster.yaml -o out --force --exempt-namespace kube-system --engine cel --mutation none

Exit codes: 0 converted, 2 bad arguments or input, or the conversion was refused, 70 internal error.
`;

export function registerConvert(program: Command, ctx: CommandContext): void {
  program
    .command("convert")
    .description("Convert the cluster's PSPs and RBAC into Gatekeeper templates, constraints and mutators.")
    .option("-f, --filename <path>", FILE_OPTION_HELP, repeatable)
    .option("-o, --output <dir>", "write the files into this directory (default: one YAML stream on stdout)")
    .option("--force", "replace the output directory when it is not empty", false)
    .option(
      "--enforcement-action <action>",
      `constraint enforcementAction: ${ENFORCEMENT_ACTIONS.join(", ")}`,
      outputFormat(ENFORCEMENT_ACTIONS),
      "deny",
    )
    .option("--exempt-namespace <ns>", "never validate or mutate pods in this namespace (repeatable)", repeatable)
    .option("--no-default-exemptions", "do not exempt gatekeeper-system")
    .option("--engine <engine>", `template engines to emit: ${ENGINES.join(", ")}`, outputFormat(ENGINES), "both")
    .option(
      "--style <style>",
      `auto: per-field where one PSP applies to every pod, policy-set elsewhere; or force ${STYLES.slice(1).join(" / ")}`,
      outputFormat(STYLES),
      "auto",
    )
    .option(
      "--mutation <mode>",
      "auto: mutators for each group's defaults; none: no mutators",
      outputFormat(MUTATIONS),
      "auto",
    )
    .option(
      "--on-uncovered <action>",
      "namespaces where no PSP is usable: deny (what PSP did) or report (emit nothing for them)",
      outputFormat(ON_UNCOVERED),
      "deny",
    )
    .option(
      "--workloads",
      "also emit ExpansionTemplates: workloads are refused up front when their pods would be",
      false,
    )
    .option("--no-suite", "with -o: do not write the gator suite (tests/)")
    .addHelpText("after", EXAMPLES)
    .action(async (options: ConvertCliOptions) => {
      ctx.exit(await runConvert(options, ctx));
    });
}

function formatFinding(f: Finding): string {
  const where = f.concern ? ` (${f.concern})` : "";
  const hint = f.hint ? `\n  hint: ${f.hint}` : "";
  return `${f.level} [${f.code}]${where} ${f.message}${hint}\n`;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

async function runConvert(options: ConvertCliOptions, { io }: CommandContext): Promise<number> {
  for (const ns of options.exemptNamespace ?? []) {
    // Gatekeeper also accepts a trailing or leading `*` glob; keep to plain names and globs.
    if (!DNS_LABEL.test(ns.replace(/^\*|\*$/g, "")))
      throw new UsageError(`--exempt-namespace ${JSON.stringify(ns)} is not a namespace name`);
  }
  if (options.output !== undefined) checkOutputDir(options.output, options.force);
  const bundle = await loadBundle(options.filename ?? [], io);
  printDiagnostics(bundle.diagnostics, io);
  const result = convert(bundle, {
    enforcementAction: options.enforcementAction,
    exemptNamespaces: options.exemptNamespace ?? [],
    noDefaultExemptions: !options.defaultExemptions,
    engine: options.engine,
    style: options.style,
    mutation: options.mutation,
    onUncovered: options.onUncovered,
    workloads: options.workloads,
    suite: options.suite && options.output !== undefined,
  });
  for (const f of result.findings) io.stderr(formatFinding(f));
  if (result.status === "refused") {
    io.stderr("psp2gk: conversion refused: nothing was written (see the error findings above)\n");
    return EXIT.usage;
  }
  if (options.output === undefined) {
    io.stdout(outputStream(result));
  } else {
    const files = outputFiles(result);
    writeDirectoryAtomically(options.output, files, options.force);
    io.stdout(`${summary(result, Object.keys(files).length)} to ${options.output}\n`);
  }
  return hasErrors(bundle.diagnostics) ? EXIT.usage : EXIT.ok;
}

function summary(result: ConversionResult, files: number): string {
  return (
    `psp2gk: converted ${result.psp ? `PSP ${result.psp}` : plural(result.report.psps.length, "PSP")} in ${plural(result.report.groups.length, "namespace group")}: ${plural(result.templates.length, "template")}, ` +
    `${plural(result.constraints.length, "constraint")}, ${plural(result.mutators.length, "mutator")}; wrote ${plural(files, "file")}`
  );
}

function checkOutputDir(dir: string, force: boolean): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new UsageError(`-o ${dir}: exists and is not a directory`);
  if (!force && readdirSync(dir).length > 0) {
    throw new UsageError(`-o ${dir}: directory is not empty (give --force to replace it)`);
  }
}

/**
 * Write every file into a fresh directory beside `dir`, then swap it in with renames, so a reader never
 * sees a half-written output and a failure leaves the old directory as it was.
 */
function writeDirectoryAtomically(dir: string, files: Record<string, string>, force: boolean): void {
  checkOutputDir(dir, force);
  const target = resolve(dir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const temp = join(parent, `.${basename(target)}.psp2gk-new-${tag}`);
  const old = join(parent, `.${basename(target)}.psp2gk-old-${tag}`);
  try {
    mkdirSync(temp);
    for (const [path, content] of Object.entries(files)) {
      const full = join(temp, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    const replacing = existsSync(target);
    if (replacing) renameSync(target, old);
    try {
      renameSync(temp, target);
    } catch (err) {
      if (replacing) renameSync(old, target);
      throw err;
    }
    if (replacing) rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
