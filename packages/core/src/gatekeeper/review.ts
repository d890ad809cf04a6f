/**
 * One pod through Gatekeeper's admission path, offline:
 *
 * 1. exemptions: `--exempt-namespace` namespaces never reach Gatekeeper; Config `spec.match`
 *    exclusions skip the mutating (`mutation-webhook`) and/or validating (`webhook`) process;
 * 2. mutation on CREATE and UPDATE (the mutating webhook's default rules list exactly those
 *    operations): every matching mutator, in Gatekeeper's order, until convergence. A mutation
 *    failure is an error response from the webhook; with the default `failurePolicy: Ignore` the
 *    pod goes on unmutated (option `mutationFailurePolicy: "Fail"` denies instead);
 * 3. validation of the mutated pod: every constraint whose `match` selects it, through its
 *    template's CEL code. `deny` violations reject the request; `warn` / `dryrun` are recorded.
 *    DELETE reaches the validating webhook only with `--enable-delete-operations`
 *    (option `validateDeletes`); then the old pod is the object matched and `variables.anyObject`.
 *
 * The API server sets `metadata.namespace` from the request before admission; the reviewed pod gets
 * it too. Everything is deterministic: violations are sorted by constraint kind and name.
 */
import { type CelRequestAttributes, evaluateCelTemplate, prepareReview } from "./cel-validate.js";
import { type CompiledConstraint, compileConstraint, compileTemplates } from "./constraints.js";
import { GatekeeperInputError } from "./errors.js";
import { type Exemptions, exemptionOf, validateConfig } from "./exemptions.js";
import { isObject, type JsonObject, jsonClone } from "./json.js";
import { gvkOf, matchesGatekeeper } from "./match.js";
import type { CompiledMutator } from "./mutators/compiled-mutator.js";
import { compileMutators, type MutationRecord, runMutationSystem } from "./mutators/mutation-system.js";

export type AdmissionOperation = "CREATE" | "UPDATE" | "DELETE";

export interface GatekeeperPolicies extends Exemptions {
  templates: readonly unknown[];
  constraints: readonly unknown[];
  mutators?: readonly unknown[];
}

export interface PodRequest {
  operation: AdmissionOperation;
  userInfo: { username: string; groups?: string[]; uid?: string };
  /** The pod before the request (UPDATE, DELETE). */
  oldPod?: unknown;
  /** Request namespace; defaults to the pod's `metadata.namespace`, then `default`. */
  namespace?: string;
  /** Namespace objects the caller knows (for namespaceSelector). */
  namespaces?: readonly unknown[];
  /** The mutating webhook's failurePolicy; Gatekeeper installs it as Ignore. */
  mutationFailurePolicy?: "Ignore" | "Fail";
  /** Whether the validating webhook receives DELETE (`--enable-delete-operations`); default false. */
  validateDeletes?: boolean;
}

export interface ConstraintViolation {
  /** `Kind/name` of the constraint. */
  constraint: string;
  enforcementAction: string;
  /** Whether this violation rejects the request. */
  blocks: boolean;
  messages: string[];
}

export interface PodReview {
  /** The pod as the API server would store it (after mutation, or unchanged). */
  mutatedPod: JsonObject;
  mutations: MutationRecord[];
  /** Set when the mutation system failed (error, oscillation, non-convergence). */
  mutationError?: string;
  violations: ConstraintViolation[];
  allowed: boolean;
  /** Things the caller should know: exemptions applied, mutators skipped for an unknown namespace. */
  notes: string[];
}

/** Policies checked and compiled once, to review many pods. */
export class GatekeeperSimulator {
  private readonly constraints: readonly CompiledConstraint[];
  private readonly mutators: readonly CompiledMutator[];
  private readonly exemptions: Exemptions;

  /** Throws `GatekeeperInputError` (object + field) for any policy object Gatekeeper would refuse. */
  constructor(policies: GatekeeperPolicies) {
    const templates = compileTemplates(policies.templates);
    this.constraints = policies.constraints
      .map((c) => compileConstraint(c, templates))
      .sort((a, b) => (a.kind === b.kind ? cmp(a.name, b.name) : cmp(a.kind, b.kind)));
    for (let i = 1; i < this.constraints.length; i++) {
      const [prev, cur] = [this.constraints[i - 1], this.constraints[i]] as CompiledConstraint[];
      if (prev?.kind === cur?.kind && prev?.name === cur?.name && cur) {
        throw new GatekeeperInputError(cur.resource, "metadata.name", "is defined twice");
      }
    }
    this.mutators = compileMutators(policies.mutators ?? []);
    validateConfig(policies.config);
    this.exemptions = {
      ...(policies.config !== undefined ? { config: policies.config } : {}),
      ...(policies.exemptNamespaces ? { exemptNamespaces: policies.exemptNamespaces } : {}),
    };
  }

  reviewPod(pod: unknown, request: PodRequest): PodReview {
    if (!isObject(pod)) throw new TypeError("reviewPod: the pod must be an object");
    const input = jsonClone(pod);
    input.apiVersion ??= "v1";
    input.kind ??= "Pod";
    const meta = isObject(input.metadata) ? input.metadata : {};
    input.metadata = meta;
    const namespace =
      request.namespace ?? (typeof meta.namespace === "string" && meta.namespace ? meta.namespace : "default");
    meta.namespace = namespace;
    const gvk = gvkOf(input);
    const nsObject = (request.namespaces ?? []).find(
      (n): n is JsonObject => isObject(n) && isObject(n.metadata) && n.metadata.name === namespace,
    );
    const notes: string[] = [];
    const review: PodReview = { mutatedPod: input, mutations: [], violations: [], allowed: true, notes };

    const flagExempt = exemptionOf(namespace, "webhook", { exemptNamespaces: this.exemptions.exemptNamespaces ?? [] });
    if (flagExempt) {
      notes.push(flagExempt);
      return review;
    }

    // 1. Mutation.
    if (request.operation !== "DELETE") {
      const exempt = exemptionOf(namespace, "mutation-webhook", { config: this.exemptions.config });
      if (exempt) {
        notes.push(exempt);
      } else {
        const outcome = runMutationSystem(this.mutators, input, { gvk, ...(nsObject ? { namespace: nsObject } : {}) });
        review.mutatedPod = outcome.object;
        review.mutations = outcome.records;
        notes.push(...outcome.skipped.map((s) => `mutator skipped: ${s}`));
        if (outcome.error !== undefined) {
          review.mutationError = outcome.error;
          if (request.mutationFailurePolicy === "Fail") review.allowed = false;
          else notes.push("mutation failed; the mutating webhook's failurePolicy Ignore admits the pod unmutated");
        }
      }
    }

    // 2. Validation.
    if (request.operation === "DELETE" && !request.validateDeletes) {
      notes.push("DELETE is not sent to the validating webhook (delete operations not enabled)");
      return review;
    }
    const exempt = exemptionOf(namespace, "webhook", { config: this.exemptions.config });
    if (exempt) {
      notes.push(exempt);
      return review;
    }
    const object = request.operation === "DELETE" ? null : review.mutatedPod;
    const oldObject = request.oldPod === undefined ? null : request.oldPod;
    const matchedObject = (object ?? oldObject) as JsonObject | null;
    if (!isObject(matchedObject)) return review;
    const attributes: CelRequestAttributes = {
      operation: request.operation,
      userInfo: {
        username: request.userInfo.username,
        groups: request.userInfo.groups ?? [],
        ...(request.userInfo.uid ? { uid: request.userInfo.uid } : {}),
      },
      kind: gvk,
      resource: { group: gvk.group, version: gvk.version, resource: "pods" },
      name: typeof meta.name === "string" ? meta.name : "",
      namespace,
    };
    const prepared = prepareReview({ object, oldObject, request: attributes });
    for (const c of this.constraints) {
      const subject = { object: matchedObject, gvk, ...(nsObject ? { namespace: nsObject } : {}) };
      const matched = matchesGatekeeper(c.match, subject);
      let messages: string[];
      if (matched.matches) {
        const outcome = evaluateCelTemplate(c.template, c.object, prepared);
        messages = outcome.violations.map((v) => v.message);
      } else if (matched.namespaceUnknown) {
        // Gatekeeper cannot decide the namespaceSelector and rejects ("Namespace is not cached").
        messages = [`${matched.reason}; Gatekeeper rejects requests it cannot match`];
      } else {
        continue;
      }
      if (messages.length === 0) continue;
      review.violations.push({
        constraint: c.resource,
        enforcementAction: c.enforcementAction,
        blocks: c.blocks,
        messages,
      });
      if (c.blocks) review.allowed = false;
    }
    return review;
  }
}

/** One-shot convenience: compile `policies` (cached per object) and review one pod. */
export function reviewPod(pod: unknown, options: GatekeeperPolicies & PodRequest): PodReview {
  return new GatekeeperSimulator(options).reviewPod(pod, options);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
