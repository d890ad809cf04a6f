/**
 * Asking the oracle one scenario (create or update), with the PSPs it stored, so the engine can be
 * given exactly the same (server-defaulted) policies.
 */
import type { PodSecurityPolicy } from "../../src/model/k8s-types.js";
import type { OracleClient, OracleVerdict } from "./client.js";
import { oracleRequester, type Scenario } from "./scenario.js";

export interface OracleAnswer {
  verdict: OracleVerdict;
  stored: PodSecurityPolicy[];
}

export async function askOracle(client: OracleClient, s: Scenario): Promise<OracleAnswer> {
  const as = oracleRequester(s);
  if (s.operation === "update") {
    if (!s.oldPod) throw new Error(`scenario ${s.name}: update without oldPod`);
    return client.dryRunUpdate(s.oldPod, s.pod, as, s.psps, s.rbac ?? []);
  }
  const stored = await client.install(s.psps, s.rbac ?? []);
  return { verdict: await client.dryRunCreate(s.pod, as), stored };
}
