/**
 * `psp2gk verify`: replay the cluster's pods and workloads through the PSP engine and through the
 * converted Gatekeeper policies (a `convert -o DIR` output, or converted in memory) and list every
 * disagreement. The work is `verifyPods` in @psp2gk/core; this file parses options, reads files,
 * prints, and turns the result into an exit code.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import {
  type ConvertedFile,
  ConvertedInputError,
  type ConvertedPolicies,
  DEFAULT_REQUESTER,
  ENFORCEMENT_ACTIONS,
  type EnforcementAction,
  GatekeeperInputError,
  loadInputs,
  readConvertedOutput,
  renderVerifyMarkdown,
  renderVerifyText,
  resolveRbac,
  type VerifyResult,
  verifyPods,
} from "@psp2gk/core";
import type { Command } from "commander";
import type { CommandContext } from "../cli.js";
import { UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { hasErrors, loadBundle, printDiagnostics } from "../inputs.js";
import type { CliIo } from "../io.js";
import { FILE_OPTION_HELP, outputFormat, repeatable } from "../options.js";
import { json } from "../output.js";

const FORMATS = ["text", "json", "md"] as const;

interface VerifyCliOptions {
  filename?: string[];
  pods?: string[];
  converted?: string;
  output: (typeof FORMATS)[number];
  as?: string;
  asGroup?: string[];
  allowStricter: boolean;
  enforcementAction?: EnforcementAction;
  exemptNamespace?: string[];
  defaultExemptions: boolean;
  workloads: boolean;
}

const EXAMPLES = `
Every Pod and workload (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob: the pod its
controller creates from the template, in its namespace, with its service account) from -f and --pods
is sent as a CREATE through PSP (the cluster's PSPs and RBAC) and through the converted policies
(Gatekeeper's mutators, the API server's own steps, every matching constraint's CEL), as the API
server would process it. Before both, the ServiceAccount admission plugin's additions are applied
(serviceAccountName default, the projected token volume), because PSP and Gatekeeper both see them.

Who sends the CREATE: the controller (system:serviceaccount:kube-system:replicaset-controller,
daemon-set-controller, statefulset-controller, job-controller, replication-controller) for workloads
and for pods whose ownerReferences name such an owner; for a bare pod without owner, the --as
requester (--as/--as-group; default user ${DEFAULT_REQUESTER.user} with group system:authenticated
only, so only grants to the pod's service account or to all authenticated users count). Pods that
users created through a grant of their own (a RoleBinding to the user or a group, not to the pod's
service account) are judged as their creator only when replayed with --as that user and groups: run
verify once per such requester. A pod whose kubernetes.io/psp names a PSP that only such a grant
reaches is flagged ("created by a requester with its own grant? replay with --as").

Workloads themselves: when the policies carry ExpansionTemplates (convert --workloads, DIR/expansion/,
or --workloads here), each workload is also sent through Gatekeeper's expansion, as whoever applies it
(--as; a ReplicaSet/Job of a Deployment/CronJob by its controller). Gatekeeper should reject the
workload exactly when PSP denies its pod: a workload admitted whose pod PSP denies is a security
regression, one rejected whose pod PSP admits an availability regression.

Disagreements: security regression (Gatekeeper admits, PSP denies), availability regression
(Gatekeeper denies, PSP admits), mutation difference (both admit, the pods differ in an effective
security value). Each names the finding of the conversion that predicted it, or says none did. For
pods that carry kubernetes.io/psp: whether that PSP would still be chosen, and whether the pod relied
on PSP's defaults (its owner's pod template against the stored pod, when the owner is in the input).

Without --converted the cluster is converted in memory with the same options as convert; a
conversion convert refuses leaves nothing to verify (exit 2).

Examples:
  # The golden single-policy cluster, converted in memory
  psp2gk verify -f golden/h-single-restricted/input

  # Verify the files you will apply, with the pods and workloads of a live cluster
  psp2gk convert -f cluster.yaml -o policies
  kubectl get pods,deployments,statefulsets,daemonsets,jobs,cronjobs -A -o yaml > workloads.yaml
  psp2gk verify -f cluster.yaml --pods workloads.yaml --converted policies -o md > verify.md

  # Bare pods applied by a CI user; accept a stricter result
  psp2gk verify -f cluster.yaml --pods pods/ --as ci-bot --as-group deployers --allow-stricter

Exit codes: 0 no disagreement (or only explained mutation differences; only availability regressions
with --allow-stricter), 1 a security regression, an availability regression (of a pod or of a
workload), or a mutation difference no finding explains, 2 bad arguments or input, or nothing converted to verify against, 70 internal error.
`;

export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command("verify")
    .description("Replay pods and workloads through PSP and through the converted policies; list every disagreement.")
    .option("-f, --filename <path>", FILE_OPTION_HELP, repeatable)
    .option("--pods <path>", "more Pods and workloads to replay (repeatable; file or directory)", repeatable)
    .option("--converted <dir>", "a convert -o DIR output to verify (default: convert in memory)")
    .option("-o, --output <format>", `output format: ${FORMATS.join(", ")}`, outputFormat(FORMATS), "text")
    .option(
      "--as <user>",
      `requester of bare pods without owner and of workloads (default ${DEFAULT_REQUESTER.user}); pods created through a user's own grant need --as that user`,
    )
    .option("--as-group <group>", "a group of the --as requester (repeatable; needs --as)", repeatable)
    .option("--allow-stricter", "availability regressions do not fail (exit 0)", false)
    .option(
      "--enforcement-action <action>",
      `in-memory conversion: constraint enforcementAction (${ENFORCEMENT_ACTIONS.join(", ")})`,
      outputFormat(ENFORCEMENT_ACTIONS),
    )
    .option("--exempt-namespace <ns>", "in-memory conversion: exempt this namespace (repeatable)", repeatable)
    .option("--no-default-exemptions", "in-memory conversion: do not exempt gatekeeper-system")
    .option(
      "--workloads",
      "in-memory conversion: with ExpansionTemplates (as convert --workloads): workloads are reviewed themselves",
      false,
    )
    .addHelpText("after", EXAMPLES)
    .action(async (options: VerifyCliOptions) => {
      ctx.exit(await runVerify(options, ctx));
    });
}

/** Every regular file below `dir` as `{path relative with /, text}`; only what readConvertedOutput reads. */
function readConvertedDir(dir: string): ConvertedFile[] {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`--converted ${dir}: no such directory`);
  }
  if (!isDir) throw new UsageError(`--converted ${dir}: not a directory (give the directory convert -o wrote)`);
  const files: ConvertedFile[] = [];
  const walk = (current: string, depth: number) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      // convert writes one level of folders; deeper trees are not its output.
      if (entry.isDirectory() && depth === 0) walk(full, 1);
      else if (
        entry.isFile() &&
        (entry.name.endsWith(".yaml") || entry.name.endsWith(".yml") || entry.name === "report.json")
      ) {
        files.push({ path: relative(dir, full).split(sep).join("/"), text: readFileSync(full, "utf8") });
      }
    }
  };
  walk(dir, 0);
  return files;
}

function convertedPolicies(dir: string): ConvertedPolicies {
  try {
    return readConvertedOutput(readConvertedDir(dir));
  } catch (err) {
    if (err instanceof ConvertedInputError) throw new UsageError(`--converted ${dir}: ${err.message}`);
    throw err;
  }
}

async function loadPods(paths: readonly string[], io: CliIo) {
  const bundle = await loadInputs([...paths], { readStdin: () => io.readStdin() });
  printDiagnostics(bundle.diagnostics, io);
  if (hasErrors(bundle.diagnostics)) throw new UsageError("the --pods input has errors (listed above)");
  return { pods: bundle.pods, workloads: bundle.workloads };
}

/** Progress on a terminal only, and only when there is enough to wait for. */
function progress(io: CliIo): ((done: number, total: number) => void) | undefined {
  if (process.stderr.isTTY !== true) return undefined;
  return (done, total) => {
    if (total < 2000) return;
    if (done % 500 === 0 || done === total)
      io.stderr(`\rpsp2gk verify: ${done}/${total} pods${done === total ? "\n" : ""}`);
  };
}

export function verifyExitCode(result: VerifyResult, allowStricter: boolean): number {
  if (result.status !== "verified") return EXIT.usage;
  const c = result.counts;
  const w = c.workloads;
  if (c.securityRegressions > 0 || (w?.securityRegressions ?? 0) > 0) return EXIT.findings;
  if ((c.availabilityRegressions > 0 || (w?.availabilityRegressions ?? 0) > 0) && !allowStricter) return EXIT.findings;
  const unexplainedMutation = result.pods.some(
    (p) => p.kind === "mutation-difference" && p.differences.some((d) => !d.explainedBy),
  );
  return unexplainedMutation ? EXIT.findings : EXIT.ok;
}

async function runVerify(options: VerifyCliOptions, { io }: CommandContext): Promise<number> {
  if ((options.asGroup ?? []).length > 0 && !options.as)
    throw new UsageError("--as-group needs --as (whose groups are they?)");
  const convertFlags = [
    options.enforcementAction !== undefined ? "--enforcement-action" : "",
    (options.exemptNamespace ?? []).length > 0 ? "--exempt-namespace" : "",
    options.defaultExemptions === false ? "--no-default-exemptions" : "",
    options.workloads ? "--workloads" : "",
  ].filter((f) => f !== "");
  if (options.converted !== undefined && convertFlags.length > 0) {
    throw new UsageError(
      `${convertFlags.join(", ")} only apply to the in-memory conversion, not to --converted (its files decide)`,
    );
  }
  const stdinUsers = [...(options.filename ?? []), ...(options.pods ?? [])].filter((p) => p === "-");
  if (stdinUsers.length > 1) throw new UsageError("standard input (-) can feed only one of -f, --pods");
  const converted = options.converted !== undefined ? convertedPolicies(options.converted) : undefined;
  const cluster = await loadBundle(options.filename ?? [], io);
  printDiagnostics(cluster.diagnostics, io);
  if (hasErrors(cluster.diagnostics)) throw new UsageError("the cluster input has errors (listed above)");
  printDiagnostics(resolveRbac(cluster).diagnostics, io);
  const extra = options.pods && options.pods.length > 0 ? await loadPods(options.pods, io) : undefined;
  const onProgress = progress(io);

  let result: VerifyResult;
  try {
    result = verifyPods(cluster, {
      ...(converted ? { converted } : {}),
      convertOptions: {
        ...(options.enforcementAction ? { enforcementAction: options.enforcementAction } : {}),
        exemptNamespaces: options.exemptNamespace ?? [],
        noDefaultExemptions: !options.defaultExemptions,
        ...(options.workloads ? { workloads: true } : {}),
      },
      ...(extra ? { extra } : {}),
      ...(options.as ? { as: { user: options.as, groups: options.asGroup ?? [] } } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  } catch (err) {
    // Edited or foreign files in --converted that Gatekeeper itself would refuse.
    if (err instanceof GatekeeperInputError && converted)
      throw new UsageError(`--converted ${options.converted ?? ""}: ${err.message}`);
    throw err;
  }
  if (result.status === "nothing-converted") {
    io.stderr(renderVerifyText(result).replace(/^psp2gk verify: /, "psp2gk: error: "));
    return EXIT.usage;
  }
  if (options.output === "json") io.stdout(json(result));
  else if (options.output === "md") io.stdout(renderVerifyMarkdown(result));
  else io.stdout(renderVerifyText(result));
  return verifyExitCode(result, options.allowStricter);
}
