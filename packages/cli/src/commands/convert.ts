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
}

const EXAMPLES = `
What it does today: clusters where every pod can use the same single PSP (one usable PSP, granted by a
ClusterRoleBinding to system:serviceaccounts or system:authenticated). It writes one ConstraintTemplate
and constraint per PSP concern the PSP restricts, and mutators for its defaults. Anything else (several
usable PSPs, namespaced or service-account-specific grants, no PSP) is refused with exit 2 and the
reason; so is a PSP restricting a concern psp2gk cannot emit yet. Never a guess.

Namespace gatekeeper-system is exempt by default (--no-default-exemptions to check it too). Findings
(where Gatekeeper differs from PSP, docs/findings.md) go to stderr and into DIR/REPORT.md and
DIR/report.json.

Output (-o DIR): templates/, constraints/, mutations/, kustomization.yaml, REPORT.md, report.json.
Install with "kubectl apply -k DIR" (apply twice on a fresh Gatekeeper: constraints need the CRDs
Gatekeeper creates from the templates).

Examples:
  # Convert a single-policy cluster (the docs' restricted PSP for every pod) into a directory
  psp2gk convert -f golden/h-single-restricted/input -o gatekeeper-policies

  # The bundled example has two usable PSPs: refused, with the bindings that make it multi-policy
  psp2gk convert -f examples/cluster

  # A live cluster, as one YAML stream, warn-only at first
  kubectl get psp,clusterroles,clusterrolebindings,roles,rolebindings -A -o yaml \\
    | psp2gk convert -f - --enforcement-action warn > policies.yaml

  # Replace an earlier output, exempt another namespace, CEL only
  psp2gk convert -f cluster.yaml -o out --force --exempt-namespace kube-system --engine cel

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
    `psp2gk: converted PSP ${result.psp}: ${plural(result.templates.length, "template")}, ` +
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
