/**
 * The policy-set template's CEL, composed mechanically from the concern templates' CEL sources.
 *
 * Every concern source is a list of `variables` and `validations` reading `variables.params` (one
 * PSP's parameters for that concern) and the pod. In the policy set, `variables.params.policies` is a
 * list of PSPs, each with `checks.<concernKey>` = that concern's parameters (absent when the PSP does
 * not restrict the concern). The rewrite (see README.md):
 *
 * - a concern variable that does not depend, even through other variables, on `variables.params`
 *   only reads the pod: it is kept once, as `<key>_<name>` (and identical pod-only variables of
 *   several concerns, e.g. the container list, are evaluated once);
 * - a parameter-dependent variable becomes a list over the policies, each element `[value]` when the
 *   policy has the concern's check and `[]` otherwise (so nothing is evaluated against parameters
 *   that do not exist); inside it, `variables.params` reads `pspPolicy.checks.<key>` and another
 *   parameter-dependent variable reads `variables.<key>_<other>[pspPolicy.index][0]`;
 * - the validations become `<key>Errors`: per policy, the messages of the failed validations;
 * - `policyErrors[i]` concatenates them in concern order, `usable[i]` says whether the request's
 *   service account or user may use policy i, and one validation admits the pod iff some usable
 *   policy has no error.
 *
 * Only our own static sources are rewritten; PSP data stays in the constraint's parameters.
 */
import { parse } from "yaml";
import { celString, identifiers, normalisedCode, rewriteVariableRefs, variableRefs } from "./cel-text.js";
import { RESERVED_LAMBDAS } from "./keys.js";

export interface CelConcernSource {
  /** Parameters key (`concernKey` of the concern name). */
  key: string;
  /** For error messages: the concern's template kind. */
  kind: string;
  /** The concern template's CEL source (YAML text). */
  cel: string;
}

interface NamedExpression {
  name: string;
  expression: string;
}
interface Validation {
  expression: string;
  message?: string;
  messageExpression?: string;
}

/** Variables the composition defines itself, before every concern's. */
const OWN_VARIABLES: readonly NamedExpression[] = [
  {
    name: "policies",
    expression: "variables.params != null && has(variables.params.policies) ? variables.params.policies : []",
  },
  // The pod's service account as the validating webhook sees it: serviceAccountName, else the deprecated
  // alias serviceAccount (the v1→internal conversion copies it), else "default" — the ServiceAccount
  // admission plugin sets it before any webhook, and a workload's generated pod (expansion) gets it too.
  {
    name: "serviceAccount",
    expression:
      'has(variables.anyObject.spec.serviceAccountName) && variables.anyObject.spec.serviceAccountName != "" ?\n' +
      "  variables.anyObject.spec.serviceAccountName :\n" +
      'has(variables.anyObject.spec.serviceAccount) && variables.anyObject.spec.serviceAccount != "" ?\n' +
      '  variables.anyObject.spec.serviceAccount : "default"',
  },
  // Audit reviews and workloads' generated pods carry no user. Whoever created (or will create) the pod
  // was authenticated, so then the requester counts as system:authenticated only: grants to everyone
  // apply, grants to particular users and groups do not.
  {
    name: "username",
    expression: 'has(request.userInfo) && has(request.userInfo.username) ? request.userInfo.username : ""',
  },
  {
    name: "userGroups",
    expression:
      'variables.username == "" ? ["system:authenticated"] :\n' +
      "has(request.userInfo.groups) ? request.userInfo.groups : []",
  },
  // The pod's namespace (the API server sets it before admission; the request's otherwise).
  {
    name: "namespace",
    expression:
      'has(variables.anyObject.metadata.namespace) && variables.anyObject.metadata.namespace != "" ?\n' +
      '  variables.anyObject.metadata.namespace : has(request.namespace) ? request.namespace : ""',
  },
  {
    name: "usable",
    expression:
      "variables.policies.map(pspPolicy,\n" +
      "  pspPolicy.usableBy.allServiceAccounts == true ||\n" +
      "  variables.serviceAccount in pspPolicy.usableBy.serviceAccounts ||\n" +
      '  (variables.username != "" && variables.username in pspPolicy.usableBy.users) ||\n' +
      "  variables.userGroups.exists(pspGroup, pspGroup in pspPolicy.usableBy.groups) ||\n" +
      "  (has(pspPolicy.usableBy.ownNamespaceRequesters) && pspPolicy.usableBy.ownNamespaceRequesters == true &&\n" +
      '    ("system:serviceaccounts:" + variables.namespace) in variables.userGroups))',
  },
];

const VALIDATIONS: readonly Validation[] = [
  {
    // The per-policy variables are indexed by `index`: a hand-edited list whose indexes are not the
    // positions would check one policy with another's results. Out of range is false, not an error.
    expression:
      "variables.policies.all(pspPolicy, pspPolicy.index >= 0 && pspPolicy.index < size(variables.policies) &&\n" +
      "  variables.policies[pspPolicy.index] == pspPolicy)",
    message: "parameters.policies: every policy's index must be its position in the list",
  },
  {
    expression:
      "variables.policies.exists(pspPolicy,\n" +
      "  variables.usable[pspPolicy.index] && size(variables.policyErrors[pspPolicy.index]) == 0)",
    messageExpression:
      "!variables.usable.exists(pspUsable, pspUsable) ?\n" +
      '  "no PodSecurityPolicy is usable by service account \\"" + variables.serviceAccount + "\\" or the requesting user" :\n' +
      '  "unable to validate against any pod security policy: " +\n' +
      "  variables.policies.filter(pspPolicy, variables.usable[pspPolicy.index]).map(pspPolicy,\n" +
      '    "[" + pspPolicy.name + ": " + variables.policyErrors[pspPolicy.index].join("; ") + "]").join(" ")',
    message: "no usable PodSecurityPolicy admits the pod",
  },
];

const HEADER = [
  "# Psp2gkPolicySet (K8sNativeValidation), generated by emit/policy-set/compose-cel.ts from the concern",
  "# templates' CEL. Admits the pod iff some usable policy of parameters.policies passes every check.",
  "# Every request PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers) is",
  "# skipped by the matchCondition entries notDelete / notGcOnlyUpdate the assembler adds (emit/template.ts).",
];

/** Composes the policy-set CEL source (YAML text) from the concerns' sources, in the given order. */
export function composePolicySetCel(concerns: readonly CelConcernSource[]): string {
  const variables: NamedExpression[] = OWN_VARIABLES.map((v) => ({ ...v }));
  const podOnlyByCode = new Map<string, string>();
  const errorLists: string[] = [];
  for (const concern of concerns) {
    const source = readConcernCel(concern);
    errorLists.push(composeConcern(concern.key, source, variables, podOnlyByCode));
  }
  const joined = errorLists.map((name) => `variables.${name}[pspPolicy.index]`).join(" +\n  ");
  variables.push({
    name: "policyErrors",
    expression: `variables.policies.map(pspPolicy, ${errorLists.length === 0 ? "[]" : `\n  ${joined}`})`,
  });
  const names = new Set<string>();
  for (const v of variables) {
    if (names.has(v.name)) throw new Error(`policy set: variable "${v.name}" would be defined twice`);
    names.add(v.name);
  }
  return `${HEADER.join("\n")}\n${yamlList("variables", variables)}${yamlList("validations", VALIDATIONS)}`;
}

/** The concern's variables and validations; refuses what the composition cannot carry. */
function readConcernCel(concern: CelConcernSource): { variables: NamedExpression[]; validations: Validation[] } {
  const where = `${concern.kind} CEL`;
  const doc = parse(concern.cel) as Record<string, unknown> | null;
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new Error(`${where}: not a YAML mapping`);
  for (const field of Object.keys(doc)) {
    // A concern's own matchCondition or failurePolicy would have to apply per policy; none has one.
    if (field !== "variables" && field !== "validations") {
      throw new Error(`${where}: "${field}" cannot be composed into the policy set`);
    }
  }
  const variables = (doc.variables ?? []) as NamedExpression[];
  const validations = (doc.validations ?? []) as Validation[];
  const expressions = [
    ...variables.map((v) => v.expression),
    ...validations.flatMap((v) => [v.expression, ...(v.messageExpression !== undefined ? [v.messageExpression] : [])]),
  ];
  for (const e of expressions) {
    if (typeof e !== "string") throw new Error(`${where}: an expression is not a string`);
    const clash = identifiers(e).find((id) => (RESERVED_LAMBDAS as readonly string[]).includes(id));
    if (clash) throw new Error(`${where}: uses "${clash}", which the policy set reserves for its own lambdas`);
    // Expressions are wrapped in parentheses; a line comment would swallow the closing one.
    if (/\/\//.test(e.split(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/).join(""))) {
      throw new Error(`${where}: comments inside expressions cannot be composed`);
    }
  }
  return { variables, validations };
}

/**
 * Adds one concern's variables to `out` and returns the name of its per-policy error list.
 * `podOnlyByCode` maps the normalised code of pod-only variables already defined to their names.
 */
function composeConcern(
  key: string,
  source: { variables: NamedExpression[]; validations: Validation[] },
  out: NamedExpression[],
  podOnlyByCode: Map<string, string>,
): string {
  // Concern variable name → the expression that reads it in the composed source.
  const refs = new Map<string, string>();
  const perPolicy = new Set<string>();
  const rewrite = (expression: string, where: string): string =>
    rewriteVariableRefs(expression, (name) => {
      if (name === "params") return `pspPolicy.checks.${key}`;
      if (name === "anyObject") return "variables.anyObject";
      const ref = refs.get(name);
      if (ref === undefined) throw new Error(`${key} CEL ${where}: reads variables.${name}, not defined before it`);
      return ref;
    });

  for (const v of source.variables) {
    const where = `variable ${v.name}`;
    const reads = variableRefs(v.expression);
    if (reads.includes("params") || reads.some((r) => perPolicy.has(r))) {
      perPolicy.add(v.name);
      const name = `${key}_${v.name}`;
      out.push({
        name,
        // Only for usable policies: the others decide nothing, and skipping them bounds the CEL cost.
        expression: `variables.policies.map(pspPolicy, variables.usable[pspPolicy.index] && has(pspPolicy.checks.${key}) ? [${rewrite(v.expression, where).trim()}] : [])`,
      });
      refs.set(v.name, `variables.${name}[pspPolicy.index][0]`);
    } else {
      const expression = rewrite(v.expression, where).trim();
      const code = normalisedCode(expression);
      let name = podOnlyByCode.get(code);
      if (name === undefined) {
        name = `${key}_${v.name}`;
        out.push({ name, expression });
        podOnlyByCode.set(code, name);
      }
      refs.set(v.name, `variables.${name}`);
    }
  }

  const checks = source.validations.map((v, i) => {
    const where = `validations[${i}]`;
    const expression = rewrite(v.expression, where).trim();
    return `((${expression}) ? [] : ${failureMessage(v, v.messageExpression && rewrite(v.messageExpression, where).trim())})`;
  });
  const name = `${key}Errors`;
  out.push({
    name,
    expression:
      `variables.policies.map(pspPolicy, !variables.usable[pspPolicy.index] || !has(pspPolicy.checks.${key}) ? [] :\n  ` +
      (checks.length === 0 ? "[]" : checks.join(" +\n  ")) +
      ")",
  });
  return name;
}

/**
 * The one-element list with the message Kubernetes would report for a failed validation: the
 * messageExpression's result when it is non-empty and on one line (trimmed), else the static
 * message, else `failed expression: <expression>` (validating/validator.go; the simulator too).
 */
function failureMessage(v: Validation, messageExpression: string | undefined): string {
  const fallback =
    v.message !== undefined && v.message.trim() !== "" ? v.message.trim() : `failed expression: ${v.expression.trim()}`;
  if (messageExpression === undefined || messageExpression === "") return `[${celString(fallback)}]`;
  return (
    `[${messageExpression}].map(pspMessage,\n    ` +
    `pspMessage.trim() != "" && !pspMessage.contains("\\n") ? pspMessage.trim() : ${celString(fallback)})`
  );
}

/**
 * A YAML block list of mappings: `name` plain (a CEL identifier), expressions as literal blocks (`|-`,
 * read back byte for byte), static messages double-quoted (JSON strings are YAML double-quoted scalars).
 */
function yamlList(field: string, items: readonly object[]): string {
  const lines = [`${field}:`];
  for (const item of items) {
    let first = true;
    for (const [k, value] of Object.entries(item)) {
      if (typeof value !== "string") continue;
      const prefix = first ? "  - " : "    ";
      first = false;
      if (k === "name") {
        lines.push(`${prefix}${k}: ${value}`);
      } else if (k === "message") {
        lines.push(`${prefix}${k}: ${JSON.stringify(value)}`);
      } else {
        lines.push(`${prefix}${k}: |-`);
        for (const line of value.split("\n")) lines.push(line === "" ? "" : `      ${line}`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
