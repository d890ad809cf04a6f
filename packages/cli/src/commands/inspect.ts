/** `psp2gk inspect`: what was read, and who may use which PSP where. */
import type { Command } from "commander";
import type { CommandContext } from "../cli.js";
import { EXIT } from "../exit-codes.js";
import { hasErrors, loadBundle, printDiagnostics } from "../inputs.js";
import { buildInspectReport } from "../inspect/build.js";
import { renderInspectText } from "../inspect/text.js";
import { FILE_OPTION_HELP, outputFormat, repeatable } from "../options.js";
import { json } from "../output.js";

const FORMATS = ["text", "json"] as const;

interface InspectOptions {
  filename?: string[];
  output: (typeof FORMATS)[number];
  verbose: boolean;
}

const EXAMPLES = `
What it prints:
  - how many objects of each kind were read (and, with --verbose, every object skipped);
  - every PSP: usable, inert (admission skips it) or invalid (the API server would refuse it), and
    whether it can mutate pods;
  - for every namespace in the input and for "any other namespace": the PSPs its pods may use through
    their service account, with the binding that grants each; named service accounts with grants of
    their own are listed separately from "(any)";
  - the PSPs each requesting user, group or client service account brings (system:authenticated and
    system:masters are always listed).
Input problems go to stderr as "file:line:col: error [code] Kind/name field: message".

Examples:
  # A live cluster, through a pipe
  kubectl get psp,clusterroles,clusterrolebindings,roles,rolebindings,namespaces,serviceaccounts -A -o yaml \\
    | psp2gk inspect -f -

  # Saved dumps and a directory of manifests, as JSON
  psp2gk inspect -f cluster.yaml -f rbac/ -o json

  # The bundled example
  psp2gk inspect -f examples/cluster

Exit codes: 0 read without errors, 2 bad arguments or an input error (the report is still printed when
something could be read), 70 internal error.
`;

export function registerInspect(program: Command, ctx: CommandContext): void {
  program
    .command("inspect")
    .description("Show what was read and which PSPs each namespace, service account and requester may use.")
    .option("-f, --filename <path>", FILE_OPTION_HELP, repeatable)
    .option("-o, --output <format>", `output format: ${FORMATS.join(", ")}`, outputFormat(FORMATS), "text")
    .option("-v, --verbose", "also list every skipped object (kinds psp2gk does not use)", false)
    .addHelpText("after", EXAMPLES)
    .action(async (options: InspectOptions) => {
      ctx.exit(await inspect(options, ctx));
    });
}

async function inspect(options: InspectOptions, { io }: CommandContext): Promise<number> {
  const bundle = await loadBundle(options.filename ?? [], io);
  const { report, diagnostics } = buildInspectReport(bundle);
  printDiagnostics(diagnostics, io);
  const readSomething =
    Object.keys(report.inputs.objects).length > 0 || report.inputs.skippedObjects.length > 0 || report.psps.length > 0;
  // With nothing read (a missing file, a syntax error) an empty report would only bury the errors.
  if (readSomething || !hasErrors(diagnostics)) {
    io.stdout(options.output === "json" ? json(report) : renderInspectText(report, { verbose: options.verbose }));
  }
  return hasErrors(diagnostics) ? EXIT.usage : EXIT.ok;
}
