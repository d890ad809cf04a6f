/**
 * The gator suite (`DIR/tests/`): for each constraint, example objects the PSP engine admits and
 * objects it denies, so `gator verify DIR/tests` shows the emitted policies behave like the PSP.
 *
 * Per constraint (one gator test: its template and the constraint alone):
 * - the PSP is the one the constraint was made from (`psp2gk.io/psp`); the engine judges each
 *   candidate pod with that PSP only (a per-field constraint stands for that policy);
 * - candidates: a minimal pod, the *baseline* (the minimal pod as the PSP defaults it; when the PSP
 *   denies that, the pod built from the PSP's fields, `compliantPod`, as the PSP defaults it) and the
 *   concern's boundary variants of the baseline (gator-cases.ts), in a namespace the constraint matches;
 * - expectation: `violations: yes` when the engine denies the pod, `no` when it admits it; pods the
 *   API server itself would refuse are left out (they say nothing about the policy);
 * - gator reviews a Pod object as it is, without mutators; it runs mutators only on objects an
 *   ExpansionTemplate generates. So a candidate is written as a Pod when our simulator, reviewing
 *   it as gator does, agrees with the engine; else as a Deployment expanded with `expansion.yaml`
 *   (the ExpansionTemplates and every mutator of the conversion) when that agrees; else it is left
 *   out and listed, with the reason, in a comment at the top of `suite.yaml`.
 *
 * Policy-set constraints (kind `Psp2gkPolicySet`, several policies for one audience) are judged
 * with the policies they list (`parameters.policies[].name`) and the cluster's RBAC, for the
 * example pod's service account (no requesting user: gator reviews without a request, so only
 * service-account grants can count). The examples run as `default` and as one account the policies
 * name; per account, each listed policy it may use gives a baseline and variants from its fields.
 * Policies no example account may use are named in the comment (gator cannot show them).
 * Output is deterministic: constraints sorted by kind and name, cases in generator order, YAML in
 * the 1.1 dialect gator's Go parser reads (so `"yes"`, `"no"`, `"1"` stay strings).
 */
import { stringify } from "yaml";
import { GatekeeperSimulator } from "../gatekeeper/index.js";
import { wildcardMatches } from "../gatekeeper/wildcard.js";
import type { Bundle } from "../model/bundle.js";
import type { Pod, PodSecurityPolicy } from "../model/k8s-types.js";
import { admit, VALIDATED_PSP_ANNOTATION } from "../psp/admit.js";
import type { Authorizer } from "../psp/authorizer.js";
import { allowAll, serviceAccountIdentity } from "../psp/authorizer.js";
import { resolveRbac } from "../rbac/index.js";
import { workloadExpansionTemplates } from "./expansion.js";
import {
  CASE_CONTAINER,
  type Candidate,
  candidatesFor,
  candidatesForSet,
  compliantPod,
  label,
  MAX_NAME,
} from "./gator-cases.js";
import { POLICY_SET_KIND } from "./policy-set/index.js";

type Obj = Record<string, unknown>;

/** What the suite reads from a conversion (a `ConversionResult`, plus convert's optional expansion). */
export interface SuiteInput {
  templates: readonly Obj[];
  constraints: readonly Obj[];
  mutators: readonly Obj[];
  expansionTemplates?: readonly Obj[];
}

export const SUITE_DIR = "tests";
export const SUITE_FILE = `${SUITE_DIR}/suite.yaml`;
const EXPANSION_FILE = "expansion.yaml";
const PSP_ANNOTATION = "psp2gk.io/psp";
const CONCERN_ANNOTATION = "psp2gk.io/concern";
/** The concern annotation convert writes on a policy-set constraint. */
const POLICY_SET_CONCERN = "policy-set";
const EXAMPLE_NAMESPACES = ["psp2gk-examples", "default"];
const IMAGE = "registry.example.com/app:1.0";
const MAX_REASON = 200;

/** gator's assertion: `violations` yes/no (or a count), `message` a regular expression to match. */
interface Assertion {
  violations: "yes" | "no";
  message?: string;
}

interface SuiteCase {
  name: string;
  /** Path relative to the suite file. */
  object: string;
  assertions: Assertion[];
}

interface SuiteTest {
  name: string;
  template: string;
  constraint: string;
  expansion?: string;
  cases: SuiteCase[];
}

const YAML_OPTIONS = {
  version: "1.1",
  lineWidth: 0,
  indentSeq: true,
  aliasDuplicateObjects: false,
  blockQuote: "literal",
} as const;

function yaml(value: unknown): string {
  return stringify(value, YAML_OPTIONS);
}

function meta(o: Obj): Obj {
  return (o.metadata ?? {}) as Obj;
}
function nameOf(o: Obj): string {
  return String(meta(o).name ?? "");
}
function annotation(o: Obj, key: string): string | undefined {
  const a = meta(o).annotations as Record<string, unknown> | undefined;
  return typeof a?.[key] === "string" ? (a[key] as string) : undefined;
}
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One line, bounded: reasons go into YAML comments. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON - 1)}…` : flat;
}

/** A namespace the constraint's `match` selects (namespaces / excludedNamespaces), or undefined. */
function exampleNamespace(constraint: Obj): string | undefined {
  const match = ((constraint.spec as Obj | undefined)?.match ?? {}) as Obj;
  const only = Array.isArray(match.namespaces) ? (match.namespaces as string[]) : undefined;
  const excluded = Array.isArray(match.excludedNamespaces) ? (match.excludedNamespaces as string[]) : [];
  const candidates = only ? [...only.filter((n) => !n.includes("*")), ...EXAMPLE_NAMESPACES] : EXAMPLE_NAMESPACES;
  return candidates.find(
    (ns) => (!only || only.some((p) => wildcardMatches(p, ns))) && !excluded.some((p) => wildcardMatches(p, ns)),
  );
}

function templateFor(kind: string, templates: readonly Obj[]): Obj | undefined {
  return templates.find((t) => {
    const names = (((t.spec as Obj | undefined)?.crd as Obj | undefined)?.spec as Obj | undefined)?.names as
      | Obj
      | undefined;
    return names?.kind === kind;
  });
}

function minimalPod(namespace: string, serviceAccount: string): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "example", namespace },
    spec: { serviceAccountName: serviceAccount, containers: [{ name: CASE_CONTAINER, image: IMAGE }] },
  };
}

/** The pod as PSP admission writes it, without the `kubernetes.io/psp` bookkeeping annotation. */
function defaulted(pod: Pod): Pod {
  const out = structuredClone(pod);
  const annotations = { ...(out.metadata.annotations ?? {}) };
  delete annotations[VALIDATED_PSP_ANNOTATION];
  out.metadata = { ...out.metadata };
  if (Object.keys(annotations).length > 0) out.metadata.annotations = annotations;
  else delete out.metadata.annotations;
  return out;
}

function asPodObject(c: Candidate, namespace: string): Obj {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { ...c.pod.metadata, name: c.name, namespace },
    spec: c.pod.spec,
  };
}

function asDeployment(c: Candidate, namespace: string): Obj {
  const labels = { ...(c.pod.metadata.labels ?? {}), app: c.name };
  const annotations = c.pod.metadata.annotations;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: c.name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: c.name } },
      template: {
        metadata: { labels, ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}) },
        spec: c.pod.spec,
      },
    },
  };
}

interface Context {
  input: SuiteInput;
  expansionTemplates: readonly Obj[];
  psps: ReadonlyMap<string, { psp: PodSecurityPolicy; inert?: string }>;
  /** Who may use which PSP, from the bundle's RBAC (policy-set constraints); resolved on first use. */
  rbac: () => Authorizer;
  /** Constraint names used by more than one kind. */
  sharedNames: ReadonlySet<string>;
  files: Map<string, string>;
  tests: SuiteTest[];
  leftOut: string[];
}

interface Judged {
  psps: PodSecurityPolicy[];
  authorizer: Authorizer;
  /** The concern of a per-field constraint; undefined for a policy set. */
  concern?: string;
  /** For messages: `PSP x` or `the policy set x, y`. */
  what: string;
  /** The service accounts the examples run as: `default`, and for a policy set one its policies name. */
  serviceAccounts: string[];
}

const DEFAULT_SA = "default";

/** Is the constraint a policy set (one constraint for several PSPs)? Older ones carry no annotations. */
function isPolicySet(constraint: Obj): boolean {
  return constraint.kind === POLICY_SET_KIND || annotation(constraint, CONCERN_ANNOTATION) === POLICY_SET_CONCERN;
}

/** `default`, then the first service account (by name) a listed policy's `usableBy` names. */
function exampleServiceAccounts(policies: readonly unknown[]): string[] {
  const named = policies.flatMap((p) => {
    const sas = ((p as Obj | null)?.usableBy as Obj | undefined)?.serviceAccounts;
    return Array.isArray(sas)
      ? sas.filter((n): n is string => typeof n === "string" && n !== "" && n !== DEFAULT_SA)
      : [];
  });
  const other = [...new Set(named)].sort(cmp)[0];
  return other === undefined ? [DEFAULT_SA] : [DEFAULT_SA, other];
}

/**
 * The policies the engine judges a constraint's examples with: a per-field constraint stands for its
 * one PSP (usable by everyone it matches); a policy set for its listed PSPs, as RBAC grants them.
 */
function policiesOf(ctx: Context, constraint: Obj): Judged | string {
  const pspName = annotation(constraint, PSP_ANNOTATION);
  const concern = annotation(constraint, CONCERN_ANNOTATION);
  const parameters = ((constraint.spec as Obj | undefined)?.parameters ?? {}) as Obj;
  const listedPolicies = Array.isArray(parameters.policies) ? (parameters.policies as unknown[]) : undefined;
  const set = isPolicySet(constraint);
  const names = !set && pspName && concern ? [pspName] : listedPolicies?.map((p) => (p as Obj | null)?.name);
  if (!names || names.length === 0 || names.some((n) => typeof n !== "string")) {
    return "it names no PSP (neither the psp2gk.io/psp annotation nor parameters.policies)";
  }
  const psps: PodSecurityPolicy[] = [];
  for (const name of names as string[]) {
    const loaded = ctx.psps.get(name);
    if (!loaded) return `PSP ${name} is not in the input`;
    if (loaded.inert) return `PSP ${name} is inert (${loaded.inert})`;
    psps.push(loaded.psp);
  }
  if (!set && pspName && concern) {
    return { psps, authorizer: allowAll, concern, what: `PSP ${pspName}`, serviceAccounts: [DEFAULT_SA] };
  }
  return {
    psps,
    authorizer: ctx.rbac(),
    what: `the policy set ${(names as string[]).join(", ")}`,
    serviceAccounts: exampleServiceAccounts(listedPolicies ?? []),
  };
}

/** A pod the PSP admits on its own, with the PSP's defaults written: the one the cases vary. */
interface Baseline {
  pod: Pod;
  /** The pod built from the PSP's fields, when the PSP denies the minimal pod. */
  compliant?: Pod;
}

/**
 * The baseline for `psp`: the minimal pod as the PSP defaults it; when the PSP denies that (a profile
 * list without a default, …), the pod built from its fields (`compliantPod`) as the PSP defaults it.
 * The PSP alone judges (usable by anyone): a baseline is where the cases start, not an expectation.
 */
function baselineFor(psp: PodSecurityPolicy, minimal: Pod, namespace: string): Baseline | string {
  const alone = { psps: [psp], authorizer: allowAll };
  const request = { operation: "create", namespace } as const;
  const bare = admit(minimal, request, alone);
  if (bare.allowed) return { pod: defaulted(bare.pod) };
  const compliant = compliantPod(psp, minimal);
  const built = admit(compliant, request, alone);
  if (built.allowed) return { pod: defaulted(built.pod), compliant };
  return `PSP ${psp.metadata.name} admits neither a minimal pod nor the pod built from its fields: ${oneLine(
    built.message ?? "",
  )}`;
}

/**
 * The candidates for one example service account: the minimal pod, then per baseline policy (the
 * per-field constraint's PSP; each listed policy the account may use) its baseline and the concern
 * variants of it. Policy-set names carry the policy (`<psp>-…`) and a non-default account (`sa-<sa>-…`).
 */
function candidatesForAccount(
  ctx: Context,
  cname: string,
  judged: Judged,
  namespace: string,
  serviceAccount: string,
): Candidate[] | string {
  const accountPrefix = serviceAccount === DEFAULT_SA ? "" : `sa-${serviceAccount}-`;
  const minimal = minimalPod(namespace, serviceAccount);
  const out: Candidate[] = [{ name: `${accountPrefix}minimal-pod`, pod: minimal }];
  const identity = serviceAccountIdentity(namespace, serviceAccount);
  const usable = judged.psps.filter((p) => judged.authorizer.canUse(identity, p.metadata.name, namespace));
  for (const psp of usable) {
    const prefix = `${accountPrefix}${judged.concern === undefined ? `${psp.metadata.name}-` : ""}`;
    const baseline = baselineFor(psp, minimal, namespace);
    if (typeof baseline === "string") {
      if (judged.concern !== undefined) return baseline;
      ctx.leftOut.push(
        `${cname}: no cases vary ${psp.metadata.name} for service account ${serviceAccount}: ${baseline}`,
      );
      continue;
    }
    const variants =
      judged.concern !== undefined
        ? candidatesFor(judged.concern, psp, baseline.pod)
        : candidatesForSet([psp], baseline.pod);
    out.push(
      ...(baseline.compliant ? [{ name: `${prefix}compliant-pod`, pod: baseline.compliant }] : []),
      { name: `${prefix}psp-defaulted-pod`, pod: baseline.pod },
      ...variants.map((c) => ({ name: `${prefix}${c.name}`, pod: c.pod })),
    );
  }
  return out;
}

/**
 * Names made DNS labels and unique (a counter after a clash, e.g. two long names cut to one). A pod
 * proposed twice stays twice: each name says which boundary it stands for (`fs-group-1` may be the
 * defaulted pod itself).
 */
function uniqueCandidates(candidates: readonly Candidate[]): Candidate[] {
  const names = new Set<string>();
  return candidates.map((c) => {
    let name = label(c.name);
    for (let i = 2; names.has(name); i++) name = `${label(c.name, MAX_NAME - 4)}-${i}`;
    names.add(name);
    return { name, pod: c.pod };
  });
}

/** A note for policies of a set that no example may use (gator reviews without a requesting user). */
function unshownPolicies(judged: Judged, namespace: string): string | undefined {
  const identities = judged.serviceAccounts.map((sa) => serviceAccountIdentity(namespace, sa));
  const unshown = judged.psps
    .map((p) => p.metadata.name)
    .filter((name) => !identities.some((id) => judged.authorizer.canUse(id, name, namespace)));
  if (unshown.length === 0) return undefined;
  const accounts = judged.serviceAccounts.join(" or ");
  return `no case shows ${unshown.join(", ")}: service account ${accounts} may not use them in ${namespace} (gator has no requesting user)`;
}

/** Adds the constraint's test to `ctx`; returns why it has none, if so. */
function suiteForConstraint(ctx: Context, constraint: Obj): string | undefined {
  // Test names (and case directories) must be unique; constraint names are unique per kind only.
  const cname = ctx.sharedNames.has(nameOf(constraint))
    ? `${String(constraint.kind).toLowerCase()}-${nameOf(constraint)}`
    : nameOf(constraint);
  const kind = String(constraint.kind);
  const template = templateFor(kind, ctx.input.templates);
  if (!template) return `no ConstraintTemplate defines kind ${kind}`;
  const judged = policiesOf(ctx, constraint);
  if (typeof judged === "string") return judged;
  const namespace = exampleNamespace(constraint);
  if (!namespace) return "no example namespace is selected by its match";

  const policies = { psps: judged.psps, authorizer: judged.authorizer };
  const judge = (pod: Pod) => admit(pod, { operation: "create", namespace }, policies);
  const proposed: Candidate[] = [];
  for (const sa of judged.serviceAccounts) {
    const forAccount = candidatesForAccount(ctx, cname, judged, namespace, sa);
    if (typeof forAccount === "string") return forAccount;
    proposed.push(...forAccount);
  }
  if (judged.concern === undefined) {
    const note = unshownPolicies(judged, namespace);
    if (note) ctx.leftOut.push(`${cname}: ${note}`);
  }
  const candidates = uniqueCandidates(proposed);

  const asPod = new GatekeeperSimulator({ templates: [template], constraints: [constraint] });
  const expanded = new GatekeeperSimulator({
    templates: [template],
    constraints: [constraint],
    mutators: ctx.input.mutators,
    expansionTemplates: ctx.expansionTemplates,
  });
  const test: SuiteTest = {
    name: cname,
    template: `../templates/${nameOf(template)}.yaml`,
    constraint: `../constraints/${nameOf(constraint)}.yaml`,
    cases: [],
  };
  for (const c of candidates) {
    const verdict = judge({ ...c.pod, metadata: { ...c.pod.metadata, name: c.name, namespace } });
    if (!verdict.allowed && verdict.rejectedBy === "api-validation") {
      ctx.leftOut.push(`${cname}/${c.name}: the API server refuses this pod itself: ${oneLine(verdict.message ?? "")}`);
      continue;
    }
    const want = verdict.allowed ? "no" : "yes";
    const podObject = asPodObject(c, namespace);
    const podReview = asPod.reviewObject(podObject);
    if ((podReview.violations.length > 0 ? "yes" : "no") === want) {
      addCase(ctx, test, c.name, podObject, want);
      continue;
    }
    const deployment = asDeployment(c, namespace);
    const depReview = expanded.reviewObject(deployment, { expand: true });
    const depSays = depReview.violations.length > 0 || depReview.expansionError !== undefined ? "yes" : "no";
    if (depReview.expansionError === undefined && depSays === want) {
      const implied = depReview.violations[0]?.impliedBy;
      addCase(ctx, test, `${c.name}-deployment`, deployment, want, implied ? `Implied by ${implied}` : undefined);
      test.expansion = EXPANSION_FILE;
      continue;
    }
    const first =
      depReview.expansionError ?? depReview.violations[0]?.messages[0] ?? podReview.violations[0]?.messages[0];
    ctx.leftOut.push(
      `${cname}/${c.name}: PSP ${verdict.allowed ? "admits" : `denies (${oneLine(verdict.message ?? "")})`}; the constraint alone ${
        want === "yes" ? "reports no violation" : `reports ${oneLine(first ?? "a violation")}`
      }, as a Pod and as a Deployment with the mutators`,
    );
  }
  if (test.cases.length === 0) return "every candidate was left out (listed above)";
  ctx.tests.push(test);
  return undefined;
}

function addCase(ctx: Context, test: SuiteTest, name: string, object: Obj, want: "yes" | "no", message?: string): void {
  const file = `${test.name}/${name}.yaml`;
  ctx.files.set(`${SUITE_DIR}/${file}`, yaml(object));
  // Deployment cases PSP denies also check the prefix Gatekeeper puts on a generated pod's violation.
  test.cases.push({
    name,
    object: file,
    assertions: [{ violations: want, ...(message && want === "yes" ? { message } : {}) }],
  });
}

function header(leftOut: readonly string[]): string {
  const lines = [
    "gator suite generated by psp2gk: for each constraint, example objects and what the PSP engine",
    "decides for them (violations: yes = PSP denies, no = PSP admits). Run: gator verify <DIR>/tests",
    "Each test loads one template and one constraint. Cases that need PSP's defaults are Deployments,",
    `expanded with ${EXPANSION_FILE} (the ExpansionTemplates and the conversion's mutators).`,
    "The cases vary one field of a baseline pod the PSP admits: the minimal pod as PSP defaults it or, when",
    "PSP denies the minimal pod, a pod built from the PSP's fields (compliant-pod). Policy-set cases start",
    "from each listed policy the example's service account may use (<psp>-…), for service account default",
    "and one the policies name (sa-<name>-…). gator reviews without a requesting user, so policies only",
    "users or groups may use cannot be shown.",
  ];
  if (leftOut.length > 0) {
    lines.push(
      "",
      "Left out (the constraint alone, in gator, would not agree with the PSP engine; or no case applies):",
    );
    lines.push(...leftOut.map((l) => `- ${l}`));
  }
  return `${lines.map((l) => (l ? `# ${l}` : "#")).join("\n")}\n`;
}

/** The suite's files: `tests/suite.yaml`, `tests/expansion.yaml` (when used) and the case objects. */
export function gatorSuite(input: SuiteInput, bundle: Bundle): Record<string, string> {
  const psps = new Map(bundle.psps.map((l) => [l.object.metadata.name, { psp: l.object, inert: l.inert }]));
  const expansionTemplates =
    input.expansionTemplates && input.expansionTemplates.length > 0
      ? input.expansionTemplates
      : workloadExpansionTemplates();
  let authorizer: Authorizer | undefined;
  const rbac = () => {
    authorizer ??= resolveRbac(bundle).authorizer;
    return authorizer;
  };
  const constraints = [...input.constraints].sort(
    (a, b) => cmp(String(a.kind), String(b.kind)) || cmp(nameOf(a), nameOf(b)),
  );
  const names = constraints.map(nameOf);
  const sharedNames = new Set(names.filter((n, i) => names.indexOf(n) !== i));
  const ctx: Context = {
    input,
    expansionTemplates,
    psps,
    rbac,
    sharedNames,
    files: new Map(),
    tests: [],
    leftOut: [],
  };
  for (const c of constraints) {
    const none = suiteForConstraint(ctx, c);
    if (none !== undefined) ctx.leftOut.push(`${nameOf(c)}: no cases: ${none}`);
  }
  if (ctx.tests.length === 0) return {};
  if (ctx.tests.some((t) => t.expansion)) {
    const docs = [...expansionTemplates, ...input.mutators].map((o) => `---\n${yaml(o)}`);
    ctx.files.set(`${SUITE_DIR}/${EXPANSION_FILE}`, docs.join(""));
  }
  const suite = {
    apiVersion: "test.gatekeeper.sh/v1alpha1",
    kind: "Suite",
    metadata: { name: "psp2gk" },
    // Keys in gator's documented order (name, template, constraint, expansion, cases).
    tests: ctx.tests.map((t) => ({
      name: t.name,
      template: t.template,
      constraint: t.constraint,
      ...(t.expansion ? { expansion: t.expansion } : {}),
      cases: t.cases,
    })),
  };
  ctx.files.set(SUITE_FILE, `${header(ctx.leftOut)}${yaml(suite)}`);
  const out: Record<string, string> = {};
  for (const key of [...ctx.files.keys()].sort()) out[key] = ctx.files.get(key) as string;
  return out;
}
