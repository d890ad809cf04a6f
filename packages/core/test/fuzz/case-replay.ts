/**
 * One rbac admission case (psp-cases/v1) through a whole-cluster conversion: the case's PSPs and RBAC
 * objects become the bundle, `convert` turns it into Gatekeeper policies, and the case's pod goes
 * through them exactly as written (the case format says the pod is already what PSP saw: no
 * service-account injection, so `replayGatekeeper` is used directly rather than `verifyPods`), sent by
 * the case's requestingUser with the case's groups. The engine runs on the same request, and
 * `classify` says whether the converter's findings explain a difference.
 */
import { type ConversionResult, type ConvertOptions, convert } from "../../src/convert/convert.js";
import { bundleFromObjects } from "../../src/load/index.js";
import type { Pod } from "../../src/model/k8s-types.js";
import type { AdmissionResult } from "../../src/psp/admission-types.js";
import { admit } from "../../src/psp/admit.js";
import type { Identity } from "../../src/psp/authorizer.js";
import { resolveRbac } from "../../src/rbac/resolve.js";
import {
  type Classification,
  classify,
  constraintConcernsOf,
  type GatekeeperOutcome,
  replayGatekeeper,
  simulatorsOf,
} from "../../src/verify/index.js";
import type { PspCase } from "../cases/read-cases.js";
import type { VerdictLike } from "./counterexample.js";
import { storedPodAdmittedUnchanged } from "./stored-pod.js";

type Obj = Record<string, unknown>;

export interface CaseReplay {
  converted: ConversionResult;
  /** Absent when the conversion was refused. */
  engine?: AdmissionResult;
  gatekeeper?: GatekeeperOutcome;
  classification?: Classification;
  /** The PSP engine admits unchanged the pod Gatekeeper stored (same requester)? */
  storedAdmittedUnchanged: () => boolean;
}

/** Cases list the requester's groups explicitly (no implied `system:authenticated`), as admission-cases.test.ts reads them. */
export function caseRequester(c: PspCase): Identity {
  const u = c.authorization?.requestingUser;
  return u ? { user: u.name, groups: [...(u.groups ?? [])] } : { user: "case-requester", groups: [] };
}

export function caseObjects(c: PspCase): Obj[] {
  return [
    ...(c.psps ?? []).map((p) => ({
      apiVersion: "policy/v1beta1",
      kind: "PodSecurityPolicy",
      metadata: { name: p.name, ...(p.annotations ? { annotations: { ...p.annotations } } : {}) },
      spec: structuredClone(p.spec),
    })),
    ...(c.authorization?.objects ?? []).map((o) => ({
      apiVersion: "rbac.authorization.k8s.io/v1",
      ...structuredClone(o),
    })),
  ];
}

/**
 * Conversion options a fuzz counterexample needed (`convertOptions`, an extension of psp-cases/v1 that
 * other harnesses ignore); shared cases have none and convert with the defaults.
 */
export function caseConvertOptions(c: PspCase): ConvertOptions {
  const o =
    (c as { convertOptions?: { style?: unknown; mutation?: unknown; workloads?: unknown } }).convertOptions ?? {};
  const style = ["auto", "per-field", "policy-set"].find((s) => s === o.style) as ConvertOptions["style"];
  const mutation = ["auto", "none"].find((m) => m === o.mutation) as ConvertOptions["mutation"];
  return {
    ...(style ? { style } : {}),
    ...(mutation ? { mutation } : {}),
    ...(o.workloads === true ? { workloads: true } : {}),
  };
}

export function replayCase(c: PspCase): CaseReplay {
  const bundle = bundleFromObjects(caseObjects(c), c.file);
  const converted = convert(bundle, caseConvertOptions(c));
  if (converted.status !== "converted") return { converted, storedAdmittedUnchanged: () => false };
  const pod = { apiVersion: "v1", kind: "Pod", ...structuredClone(c.pod) } as Pod;
  // The API server sends the object with the request's namespace filled in.
  const namespace = pod.metadata.namespace ?? "default";
  pod.metadata.namespace = namespace;
  const user = caseRequester(c);
  const policies = { psps: bundle.psps.map((p) => p.object), authorizer: resolveRbac(bundle).authorizer };
  const engine = admit(structuredClone(pod), { operation: "create", namespace, user }, policies);
  const gatekeeper = replayGatekeeper(simulatorsOf(converted), structuredClone(pod), {
    operation: "create",
    userInfo: { username: user.user, groups: [...user.groups] },
  });
  const classification = classify(
    engine,
    gatekeeper,
    {
      operation: "create",
      namespace,
      // As verifyPods does: the engine on the stored pod, so classify can tell a benign looser decision.
      admitStored: (stored) => admit(structuredClone(stored), { operation: "create", namespace, user }, policies),
      requesterGroups: user.groups,
    },
    { findings: converted.findings, constraintConcerns: constraintConcernsOf(converted.constraints) },
  );
  const storedAdmittedUnchanged = () => storedPodAdmittedUnchanged(bundle, gatekeeper.pod, namespace, user);
  return { converted, engine, gatekeeper, classification, storedAdmittedUnchanged };
}

/** The replay as `violations` reads a verdict (counterexample.ts). */
export function asVerdict(c: PspCase, r: CaseReplay): VerdictLike | undefined {
  if (!r.classification || !r.engine) return undefined;
  const namespace = String((c.pod?.metadata as { namespace?: string } | undefined)?.namespace ?? "default");
  return { ...r.classification, namespace, psp: { ...(r.engine.message ? { message: r.engine.message } : {}) } };
}
