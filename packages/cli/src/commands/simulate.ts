/** `psp2gk simulate`: run one pod through the PSP admission engine with the cluster's PSPs and RBAC. */
import { admit, type Identity, type Pod, requesterIdentity, resolveRbac } from "@psp2gk/core";
import type { Command } from "commander";
import { stringify } from "yaml";
import type { CommandContext } from "../cli.js";
import { UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { hasErrors, loadBundle, printDiagnostics } from "../inputs.js";
import { FILE_OPTION_HELP, outputFormat, repeatable } from "../options.js";
import { json } from "../output.js";
import { readPod } from "../pod-input.js";
import { renderSimulateText, type SimulateRequest, simulateReport } from "../simulate/report.js";

const FORMATS = ["text", "json", "yaml"] as const;
const OPERATIONS = ["create", "update"] as const;

interface SimulateOptions {
  filename?: string[];
  pod?: string;
  oldPod?: string;
  namespace?: string;
  serviceAccount?: string;
  operation?: (typeof OPERATIONS)[number];
  user?: string;
  group?: string[];
  output: (typeof FORMATS)[number];
}

const EXAMPLES = `
The pod is evaluated exactly as written, as the PSP admission plugin would see it: add what the API
server adds before PSP runs (the service-account token volume, hostPort on hostNetwork pods) if you
want those checked. A pod without a namespace runs in "default", without a service account as "default".
Without --user only the pod's service account can authorize a PSP; real pods also have a requester
(a user, or a controller such as system:serviceaccount:kube-system:replicaset-controller).

Examples:
  # Would this pod be admitted in the cluster from kubectl's dump?
  psp2gk simulate -f cluster.yaml --pod pod.yaml

  # A Deployment's pods, created by the ReplicaSet controller, as JSON
  psp2gk simulate -f cluster.yaml --pod deploy.yaml -o json \\
    --user system:serviceaccount:kube-system:replicaset-controller \\
    --group system:serviceaccounts --group system:serviceaccounts:kube-system

  # An update of a running pod (validation only, no defaulting)
  psp2gk simulate -f cluster.yaml --old-pod running.yaml --pod edited.yaml

Exit codes: 0 allowed, 1 denied, 2 bad arguments or input, 70 internal error.
`;

export function registerSimulate(program: Command, ctx: CommandContext): void {
  program
    .command("simulate")
    .description("Run one pod through PSP admission: decision, chosen PSP, mutations, errors per PSP.")
    .option("-f, --filename <path>", FILE_OPTION_HELP, repeatable)
    .option("--pod <path>", "the Pod, or a workload whose pod template is evaluated (- reads standard input)")
    .option("--old-pod <path>", "the stored pod, for an update (implies --operation update)")
    .option("-n, --namespace <ns>", "namespace of the request (default: the pod's, else default)")
    .option("--service-account <sa>", "service account of the pod (default: the pod's, else default)")
    .option("--operation <op>", `admission operation: ${OPERATIONS.join(", ")}`, outputFormat(OPERATIONS))
    .option("--user <name>", "the requesting user (system:authenticated is added, as the API server does)")
    .option("--group <group>", "a group of the requesting user (repeatable; needs --user)", repeatable)
    .option("-o, --output <format>", `output format: ${FORMATS.join(", ")}`, outputFormat(FORMATS), "text")
    .addHelpText("after", EXAMPLES)
    .action(async (options: SimulateOptions) => {
      ctx.exit(await simulate(options, ctx));
    });
}

async function simulate(options: SimulateOptions, { io }: CommandContext): Promise<number> {
  if (!options.pod) throw new UsageError("simulate needs --pod PATH (a Pod or a workload)");
  if ((options.group ?? []).length > 0 && !options.user)
    throw new UsageError("--group needs --user (whose groups are they?)");
  if (options.operation === "create" && options.oldPod) {
    throw new UsageError("--old-pod is only meaningful with --operation update");
  }
  const stdinUsers = [...(options.filename ?? []), options.pod, options.oldPod].filter((p) => p === "-");
  if (stdinUsers.length > 1) throw new UsageError("standard input (-) can feed only one of -f, --pod, --old-pod");
  const bundle = await loadBundle(options.filename ?? [], io);
  printDiagnostics(bundle.diagnostics, io);
  if (hasErrors(bundle.diagnostics)) throw new UsageError("the cluster input has errors (listed above)");
  const rbac = resolveRbac(bundle);
  printDiagnostics(rbac.diagnostics, io);

  const input = await readPod(options.pod, "--pod", io);
  const old = options.oldPod ? await readPod(options.oldPod, "--old-pod", io) : undefined;
  const operation = options.operation ?? (old ? "update" : "create");
  const namespace = options.namespace ?? input.pod.metadata.namespace ?? "default";
  const serviceAccount =
    options.serviceAccount ?? input.pod.spec.serviceAccountName ?? input.pod.spec.serviceAccount ?? "default";
  const pod = placed(input.pod, namespace, serviceAccount);
  const user: Identity | undefined = options.user ? requesterIdentity(options.user, options.group ?? []) : undefined;

  const result = admit(
    pod,
    {
      operation,
      namespace,
      ...(user ? { user } : {}),
      ...(old ? { oldPod: placed(old.pod, namespace, serviceAccount) } : {}),
    },
    { psps: bundle.psps.map((p) => p.object), authorizer: rbac.authorizer },
  );
  const request: SimulateRequest = {
    operation,
    namespace,
    serviceAccount,
    user: user ? { name: user.user, groups: user.groups } : null,
    pod: input.label,
  };
  const report = simulateReport(result, request);
  if (options.output === "json") io.stdout(json(report));
  else if (options.output === "yaml") io.stdout(stringify(report, { lineWidth: 0 }));
  else io.stdout(renderSimulateText(report));
  return report.allowed ? EXIT.ok : EXIT.findings;
}

/**
 * The pod as admission sees it in the request: in the request namespace, with the service account the
 * ServiceAccount admission plugin (which runs before PSP) would have set.
 */
function placed(pod: Pod, namespace: string, serviceAccount: string): Pod {
  const copy = structuredClone(pod);
  copy.metadata.namespace = namespace;
  copy.spec.serviceAccountName = serviceAccount;
  return copy;
}
