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
 *
 * Workloads (`reviewWorkload`) take the same path, and the validating webhook then expands them with
 * the ExpansionTemplates (expansion.ts): each generated pod is mutated as `Generated`, validated
 * outside admission (no operation, no user; constraints with `match.source` Generated or All), and
 * its violations are reported on the workload as `[Implied by <template>] <message>`, after the
 * workload's own. An expansion error denies the request (the webhook answers with an error).
 * `reviewObject` is what `gator verify` does with a case's object: no webhook, no mutation of the
 * object itself, optionally the same expansion.
 */
import { type CelRequestAttributes, evaluateCelTemplate, prepareReview } from "./cel-validate.js";
import { type CompiledConstraint, compileConstraint, compileTemplates } from "./constraints.js";
import { GatekeeperInputError } from "./errors.js";
import { type Exemptions, exemptionOf, validateConfig } from "./exemptions.js";
import {
  type CompiledExpansionTemplate,
  compileExpansionTemplates,
  expandObject,
  impliedMessage,
} from "./expansion.js";
import { isObject, type JsonObject, jsonClone } from "./json.js";
import { type GroupVersionKind, gvkOf, matchesGatekeeper, type ObjectSource } from "./match.js";
import type { CompiledMutator } from "./mutators/compiled-mutator.js";
import { compileMutators, type MutationRecord, runMutationSystem } from "./mutators/mutation-system.js";

export type AdmissionOperation = "CREATE" | "UPDATE" | "DELETE";

export interface GatekeeperPolicies extends Exemptions {
  templates: readonly unknown[];
  constraints: readonly unknown[];
  mutators?: readonly unknown[];
  /** ExpansionTemplates (`reviewWorkload`, `reviewObject` with `expand`). */
  expansionTemplates?: readonly unknown[];
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
  /** Set when the violation is of an object an ExpansionTemplate generated from the reviewed one. */
  impliedBy?: string;
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

/** A workload through the admission path and expansion. */
export interface WorkloadReview {
  /** The workload after the mutating webhook. */
  mutatedWorkload: JsonObject;
  mutations: MutationRecord[];
  mutationError?: string;
  /** The generated objects (after the `Generated` mutators), children before parents. */
  generated: { template: string; object: JsonObject }[];
  /** Why expansion failed; the webhook then denies the request. */
  expansionError?: string;
  /** The workload's own violations, then those implied by its generated objects. */
  violations: ConstraintViolation[];
  allowed: boolean;
  notes: string[];
}

/** What `gator verify` reports for one case object. */
export interface ObjectReview {
  generated: { template: string; object: JsonObject }[];
  expansionError?: string;
  violations: ConstraintViolation[];
  /** No violation with a blocking enforcement action (gator's exit status). */
  allowed: boolean;
}

export interface ObjectReviewOptions {
  /** Expand the object with the ExpansionTemplates (a suite test's `expansion`). */
  expand?: boolean;
  namespaces?: readonly unknown[];
}

interface AdmissionCore {
  object: JsonObject;
  mutations: MutationRecord[];
  mutationError?: string;
  violations: ConstraintViolation[];
  allowed: boolean;
  notes: string[];
  /** Set when the validating webhook reviewed the object (not exempt, not an un-sent DELETE). */
  validated?: { namespace: string; nsObject?: JsonObject };
}

/** An enforcement action written on an ExpansionTemplate: does it reject at the webhook? */
function overrideBlocks(action: string): boolean {
  return action === "deny";
}

/** Policies checked and compiled once, to review many pods. */
export class GatekeeperSimulator {
  private readonly constraints: readonly CompiledConstraint[];
  private readonly mutators: readonly CompiledMutator[];
  private readonly expansionTemplates: readonly CompiledExpansionTemplate[];
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
    this.expansionTemplates = compileExpansionTemplates(policies.expansionTemplates ?? []);
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
    const core = this.admission(input, request, "pods");
    const { object, validated: _validated, ...rest } = core;
    return { mutatedPod: object, ...rest };
  }

  /**
   * A workload (Deployment, Job, CronJob, …) through the admission path; the validating webhook
   * also expands it and reports what its generated pods violate. `resource` names the API resource
   * in `request.resource` (default: the kind in lower case plus `s`, right for every workload kind).
   */
  reviewWorkload(workload: unknown, request: PodRequest, resource?: string): WorkloadReview {
    if (!isObject(workload)) throw new TypeError("reviewWorkload: the workload must be an object");
    const input = jsonClone(workload);
    const gvk = gvkOf(input);
    const core = this.admission(input, request, resource ?? `${gvk.kind.toLowerCase()}s`);
    const review: WorkloadReview = {
      mutatedWorkload: core.object,
      mutations: core.mutations,
      ...(core.mutationError !== undefined ? { mutationError: core.mutationError } : {}),
      generated: [],
      violations: core.violations,
      allowed: core.allowed,
      notes: core.notes,
    };
    // Gatekeeper skips expansion when the request has no object (DELETE).
    if (!core.validated || request.operation === "DELETE") return review;
    const expanded = this.expandAndValidate(core.object, core.validated.nsObject);
    review.generated = expanded.generated;
    review.violations = [...review.violations, ...expanded.violations];
    if (expanded.expansionError !== undefined) {
      review.expansionError = expanded.expansionError;
      review.allowed = false;
    } else if (expanded.violations.some((v) => v.blocks)) {
      review.allowed = false;
    }
    return review;
  }

  /** One `gator verify` case object: validated as it is (source Original), optionally expanded. */
  reviewObject(object: unknown, options: ObjectReviewOptions = {}): ObjectReview {
    if (!isObject(object)) throw new TypeError("reviewObject: the object must be an object");
    const input = jsonClone(object);
    const meta = isObject(input.metadata) ? input.metadata : {};
    const namespace = typeof meta.namespace === "string" ? meta.namespace : "";
    const nsObject = findNamespace(options.namespaces, namespace);
    const violations = this.validate(input, null, outsideAdmission(input, gvkOf(input)), "Original", nsObject);
    const review: ObjectReview = { generated: [], violations, allowed: true };
    if (options.expand) {
      const expanded = this.expandAndValidate(input, nsObject);
      review.generated = expanded.generated;
      review.violations = [...violations, ...expanded.violations];
      if (expanded.expansionError !== undefined) review.expansionError = expanded.expansionError;
    }
    review.allowed = review.expansionError === undefined && !review.violations.some((v) => v.blocks);
    return review;
  }

  private expandAndValidate(
    parent: JsonObject,
    nsObject: JsonObject | undefined,
  ): {
    generated: { template: string; object: JsonObject }[];
    violations: ConstraintViolation[];
    expansionError?: string;
  } {
    const outcome = expandObject(parent, {
      templates: this.expansionTemplates,
      mutators: this.mutators,
      ...(nsObject ? { namespace: nsObject } : {}),
    });
    if ("error" in outcome)
      return { generated: [], violations: [], expansionError: `unable to expand object: ${outcome.error}` };
    const violations: ConstraintViolation[] = [];
    for (const r of outcome.resultants) {
      const attributes = outsideAdmission(r.object, gvkOf(r.object));
      for (const v of this.validate(r.object, null, attributes, "Generated", nsObject)) {
        const action = r.enforcementAction ?? v.enforcementAction;
        violations.push({
          ...v,
          enforcementAction: action,
          blocks: r.enforcementAction !== undefined ? overrideBlocks(action) : v.blocks,
          messages: v.messages.map((m) => impliedMessage(r.template, m)),
          impliedBy: r.template,
        });
      }
    }
    return { generated: outcome.resultants.map((r) => ({ template: r.template, object: r.object })), violations };
  }

  /** Exemptions, mutation and validation of one object at the webhooks. */
  private admission(input: JsonObject, request: PodRequest, resource: string): AdmissionCore {
    const meta = isObject(input.metadata) ? input.metadata : {};
    input.metadata = meta;
    const namespace =
      request.namespace ?? (typeof meta.namespace === "string" && meta.namespace ? meta.namespace : "default");
    meta.namespace = namespace;
    const gvk = gvkOf(input);
    const nsObject = findNamespace(request.namespaces, namespace);
    const notes: string[] = [];
    const review: AdmissionCore = { object: input, mutations: [], violations: [], allowed: true, notes };

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
        review.object = outcome.object;
        review.mutations = outcome.records;
        notes.push(...outcome.skipped.map((s) => `mutator skipped: ${s}`));
        if (outcome.error !== undefined) {
          review.mutationError = outcome.error;
          if (request.mutationFailurePolicy === "Fail") review.allowed = false;
          else notes.push("mutation failed; the mutating webhook's failurePolicy Ignore admits the object unmutated");
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
    review.validated = { namespace, ...(nsObject ? { nsObject } : {}) };
    const object = request.operation === "DELETE" ? null : review.object;
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
      resource: { group: gvk.group, version: gvk.version, resource },
      name: typeof meta.name === "string" ? meta.name : "",
      namespace,
    };
    review.violations = this.validate(object, oldObject, attributes, "Original", nsObject, matchedObject);
    if (review.violations.some((v) => v.blocks)) review.allowed = false;
    return review;
  }

  /** Every matching constraint on one object; violations sorted by constraint kind and name. */
  private validate(
    object: JsonObject | null,
    oldObject: unknown,
    attributes: CelRequestAttributes,
    source: ObjectSource,
    nsObject: JsonObject | undefined,
    matchedObject: JsonObject | null = object,
  ): ConstraintViolation[] {
    if (!isObject(matchedObject)) return [];
    const gvk = attributes.kind;
    const prepared = prepareReview({ object, oldObject, request: attributes });
    const violations: ConstraintViolation[] = [];
    for (const c of this.constraints) {
      const subject = { object: matchedObject, gvk, source, ...(nsObject ? { namespace: nsObject } : {}) };
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
      violations.push({ constraint: c.resource, enforcementAction: c.enforcementAction, blocks: c.blocks, messages });
    }
    return violations;
  }
}

function findNamespace(namespaces: readonly unknown[] | undefined, name: string): JsonObject | undefined {
  if (name === "") return undefined;
  return (namespaces ?? []).find(
    (n): n is JsonObject => isObject(n) && isObject(n.metadata) && n.metadata.name === name,
  );
}

/**
 * The request Gatekeeper builds for an object reviewed outside admission (a generated object, a
 * gator case): only kind, name and namespace (`pkg/target` unstructuredToAdmissionRequest); no
 * operation, no user, no resource.
 */
function outsideAdmission(object: JsonObject, gvk: GroupVersionKind): CelRequestAttributes {
  const meta = isObject(object.metadata) ? object.metadata : {};
  return {
    // Gatekeeper leaves the operation empty here; CelRequestAttributes only lists admission
    // operations, so the empty string is cast (the admission guards compare with DELETE/UPDATE).
    operation: "" as CelRequestAttributes["operation"],
    userInfo: { username: "" },
    kind: gvk,
    resource: { group: "", version: "", resource: "" },
    name: typeof meta.name === "string" ? meta.name : "",
    namespace: typeof meta.namespace === "string" ? meta.namespace : "",
  };
}

/** One-shot convenience: compile `policies` (cached per object) and review one pod. */
export function reviewPod(pod: unknown, options: GatekeeperPolicies & PodRequest): PodReview {
  return new GatekeeperSimulator(options).reviewPod(pod, options);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
