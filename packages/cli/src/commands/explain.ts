/** `psp2gk explain`: what one audience may use, and what PSP would do with a bare pod there. */
import { admit, convert, type Identity, type Pod, requesterIdentity, resolveRbac, shadowedBy } from "@psp2gk/core";
import type { Command } from "commander";
import type { CommandContext } from "../cli.js";
import { UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { conversionFor, type ExplainReport, renderExplainText, shadowing } from "../explain/report.js";
import { hasErrors, loadBundle, printDiagnostics } from "../inputs.js";
import { toUse } from "../inspect/audiences.js";
import { mutatingConcerns } from "../inspect/psps.js";
import { FILE_OPTION_HELP, outputFormat, repeatable } from "../options.js";
import { json } from "../output.js";
import { simulateReport } from "../simulate/report.js";

const FORMATS = ["text", "json"] as const;

interface ExplainOptions {
  filename?: string[];
  namespace?: string;
  serviceAccount: string;
  user?: string;
  group?: string[];
  output: (typeof FORMATS)[number];
}

const EXAMPLES = `
Examples:
  # Pods of the default service account in team-a
  psp2gk explain -f cluster.yaml --namespace team-a

  # A named service account, and pods created by a CI user
  psp2gk explain -f cluster.yaml --namespace team-a --service-account builder --user ci-bot --group ci

Exit codes: 0 ok, 2 bad arguments or input, 70 internal error.
`;

export function registerExplain(program: Command, ctx: CommandContext): void {
  program
    .command("explain")
    .description("List the PSPs one namespace/service account/requester may use and what PSP does to a bare pod.")
    .option("-f, --filename <path>", FILE_OPTION_HELP, repeatable)
    .option("-n, --namespace <ns>", "namespace of the pods (required)")
    .option("--service-account <sa>", "service account of the pods", "default")
    .option("--user <name>", "a requesting user (system:authenticated is added, as the API server does)")
    .option("--group <group>", "a group of the requesting user (repeatable; needs --user)", repeatable)
    .option("-o, --output <format>", `output format: ${FORMATS.join(", ")}`, outputFormat(FORMATS), "text")
    .addHelpText("after", EXAMPLES)
    .action(async (options: ExplainOptions) => {
      ctx.exit(await explain(options, ctx));
    });
}

async function explain(options: ExplainOptions, { io }: CommandContext): Promise<number> {
  if (!options.namespace) throw new UsageError("explain needs --namespace NS");
  if ((options.group ?? []).length > 0 && !options.user)
    throw new UsageError("--group needs --user (whose groups are they?)");
  const namespace = options.namespace;
  const bundle = await loadBundle(options.filename ?? [], io);
  printDiagnostics(bundle.diagnostics, io);
  if (hasErrors(bundle.diagnostics)) throw new UsageError("the cluster input has errors (listed above)");
  const rbac = resolveRbac(bundle);
  printDiagnostics(rbac.diagnostics, io);

  const user: Identity | undefined = options.user ? requesterIdentity(options.user, options.group ?? []) : undefined;
  const byName = new Map(bundle.psps.map((p) => [p.object.metadata.name, p]));
  const usable = rbac.usablePolicies(
    {
      namespace,
      serviceAccount: options.serviceAccount,
      ...(user ? { user: user.user, groups: user.groups } : {}),
    },
    [...byName.keys()],
  );
  const bare: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "bare", namespace },
    spec: { serviceAccountName: options.serviceAccount, containers: [{ name: "c", image: "x" }] },
  };
  const result = admit(
    bare,
    { operation: "create", namespace, ...(user ? { user } : {}) },
    { psps: bundle.psps.map((p) => p.object), authorizer: rbac.authorizer },
  );
  const simulated = simulateReport(result, {
    operation: "create",
    namespace,
    serviceAccount: options.serviceAccount,
    user: null,
    pod: "Pod/bare",
  });
  // Shadowing among the PSPs this audience may use (inert ones take no part).
  const shadows = new Map(
    shadowedBy(usable.flatMap((u) => byName.get(u.psp)?.object ?? [])).map((s) => [s.psp, s] as const),
  );
  const report: ExplainReport = {
    format: "psp2gk-explain/v1",
    audience: {
      namespace,
      serviceAccount: options.serviceAccount,
      user: user ? { name: user.user, groups: user.groups } : null,
    },
    psps: usable.map((u) => {
      const loaded = byName.get(u.psp);
      return {
        ...toUse(u),
        inert: loaded?.inert ?? null,
        mayMutate: loaded ? mutatingConcerns(loaded.object) : [],
        shadowedBy: shadowing(shadows.get(u.psp)),
      };
    }),
    barePod: {
      allowed: simulated.allowed,
      psp: simulated.psp,
      mutations: simulated.mutations,
      errors: simulated.errors,
      message: simulated.message,
    },
    conversion: conversionFor(convert(bundle).report, namespace),
  };
  io.stdout(options.output === "json" ? json(report) : renderExplainText(report));
  return EXIT.ok;
}
