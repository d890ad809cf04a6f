/**
 * One admission question asked of both the oracle and our engine, and how the case format maps onto
 * each side:
 * - the pod's service-account identity is `spec.serviceAccountName` (the ServiceAccount admission
 *   plugin is off on the oracle, so nothing is injected or defaulted);
 * - `allow-all` → the oracle's admin token (system:masters may use every PSP) and the engine's
 *   `allowAll` authorizer with that same admin identity;
 * - `rbac` → the oracle impersonates `requestingUser` (the server adds `system:authenticated` to every
 *   impersonated user except `system:anonymous`, so the engine is given that group too).
 */
import type { Pod } from "../../src/model/k8s-types.js";
import type { Identity } from "../../src/psp/authorizer.js";
import type { PspCase } from "../cases/read-cases.js";
import type { PspInput, Requester } from "./client.js";

type Obj = Record<string, unknown>;

export interface Scenario {
  name: string;
  operation: "create" | "update";
  psps: PspInput[];
  /** null = allow-all (admin requester). */
  rbac: Obj[] | null;
  /** The requester for rbac scenarios. */
  user?: { name: string; groups?: string[] };
  pod: Pod;
  oldPod?: Pod;
}

export const ADMIN_IDENTITY: Identity = { user: "oracle-admin", groups: ["system:masters", "system:authenticated"] };

export function withPodKind(pod: Obj): Pod {
  return { apiVersion: "v1", kind: "Pod", ...structuredClone(pod) } as Pod;
}

export function scenarioFromCase(c: PspCase): Scenario {
  if (!c.pod) throw new Error(`case ${c.name}: admission case without pod`);
  const rbac = c.authorization?.mode === "rbac";
  return {
    name: c.name,
    operation: c.operation ?? "create",
    psps: (c.psps ?? []).map((p) => structuredClone(p)),
    rbac: rbac ? structuredClone(c.authorization?.objects ?? []) : null,
    ...(rbac && c.authorization?.requestingUser ? { user: c.authorization.requestingUser } : {}),
    pod: withPodKind(c.pod),
    ...(c.oldPod ? { oldPod: withPodKind(c.oldPod) } : {}),
  };
}

export function oracleRequester(s: Scenario): Requester {
  if (s.rbac === null) return {};
  // An rbac scenario without a user still has *some* requester on a real server: one nobody granted.
  const u = s.user ?? { name: "psp2gk-unprivileged-requester", groups: [] };
  return { user: u.name, groups: u.groups ?? [] };
}

/** The identity the server ends up with for `oracleRequester(s)`. */
export function engineIdentity(s: Scenario): Identity {
  if (s.rbac === null) return ADMIN_IDENTITY;
  const r = oracleRequester(s);
  const groups = [...(r.groups ?? [])];
  if (r.user !== "system:anonymous" && !groups.includes("system:authenticated")) groups.push("system:authenticated");
  return { user: String(r.user), groups };
}
