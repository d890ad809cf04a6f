/**
 * Reading the one pod `simulate` evaluates: a Pod, or a workload whose pod template is evaluated in the
 * workload's namespace with its service account (PSP itself never looks at workloads; their pods are
 * checked when the controller creates them — psp-semantics.md §1).
 */
// The same pod verify replays for a workload (its template, in its namespace, owned by its controller's object).
import { type Bundle, loadInputs, type Pod, podFromWorkload } from "@psp2gk/core";
import { UsageError } from "./errors.js";
import { hasErrors, printDiagnostics } from "./inputs.js";
import type { CliIo } from "./io.js";

export interface PodInput {
  pod: Pod;
  /** `Pod/ns/name` or `Deployment/ns/name (pod template)`, for messages. */
  label: string;
}

export async function readPod(path: string, option: string, io: CliIo): Promise<PodInput> {
  const bundle = await loadInputs([path], { readStdin: () => io.readStdin() });
  if (hasErrors(bundle.diagnostics)) {
    printDiagnostics(bundle.diagnostics, io);
    throw new UsageError(`${option} ${path}: the file has errors (listed above)`);
  }
  return onePod(bundle, path, option);
}

function onePod(bundle: Bundle, path: string, option: string): PodInput {
  const candidates = [
    ...bundle.pods.map(({ object }) => ({ pod: object, label: ref("Pod", object.metadata) })),
    ...bundle.workloads.map(({ object }) => ({
      pod: podFromWorkload(object),
      label: `${ref(object.kind, object.metadata)} (pod template)`,
    })),
  ];
  const [only, ...rest] = candidates;
  if (!only || rest.length > 0) {
    const found = candidates.length === 0 ? "none" : candidates.map((c) => c.label).join(", ");
    throw new UsageError(
      `${option} ${path}: expected exactly one Pod or workload (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob); found ${found}`,
    );
  }
  return only;
}

function ref(kind: string, meta: { name?: string; namespace?: string }): string {
  return `${kind}/${meta.namespace ?? "default"}/${meta.name ?? "<unnamed>"}`;
}
