/**
 * ExpansionTemplates for the workload kinds that create pods (`convert --workloads`).
 *
 * PSP checked pods only: a Deployment whose pods break the policy was admitted, and its ReplicaSet
 * then failed to create pods. Gatekeeper's expansion (docs "Validation of Workload Resources")
 * builds a mock pod from the workload's pod template, runs the mutators on it (the converted PSP
 * defaults; they carry no `match.source`, i.e. `All`) and validates it with the pod constraints, so
 * the workload itself is refused with the pod's violations, prefixed `[Implied by <template>]`.
 *
 * Two templates, one per place the pod template lives:
 * - `spec.template`: apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet; batch/v1 Job; v1
 *   ReplicationController;
 * - `spec.jobTemplate.spec.template`: batch/v1 CronJob, straight to the pod (the Job it creates is
 *   expanded by the first template when it is created).
 *
 * No `enforcementAction`: violations of a mock pod keep their constraint's action, so
 * `--enforcement-action` governs workloads and pods alike. The templates hold no input data.
 */

export const EXPANSION_API_VERSION = "expansion.gatekeeper.sh/v1alpha1";
export const EXPAND_WORKLOADS = "psp2gk-expand-workloads";
export const EXPAND_CRONJOBS = "psp2gk-expand-cronjobs";

const POD_GVK = { group: "", version: "v1", kind: "Pod" };

function expansionTemplate(
  name: string,
  applyTo: { groups: string[]; kinds: string[]; versions: string[] }[],
  templateSource: string,
): Record<string, unknown> {
  return {
    apiVersion: EXPANSION_API_VERSION,
    kind: "ExpansionTemplate",
    metadata: { name },
    spec: { applyTo, templateSource, generatedGVK: { ...POD_GVK } },
  };
}

/** The ExpansionTemplates, sorted by name. Pure and constant: the same two objects every time. */
export function workloadExpansionTemplates(): Record<string, unknown>[] {
  return [
    expansionTemplate(
      EXPAND_CRONJOBS,
      [{ groups: ["batch"], kinds: ["CronJob"], versions: ["v1"] }],
      "spec.jobTemplate.spec.template",
    ),
    expansionTemplate(
      EXPAND_WORKLOADS,
      [
        { groups: ["apps"], kinds: ["DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"], versions: ["v1"] },
        { groups: ["batch"], kinds: ["Job"], versions: ["v1"] },
        { groups: [""], kinds: ["ReplicationController"], versions: ["v1"] },
      ],
      "spec.template",
    ),
  ];
}
