/**
 * `simulate`'s answer as data (the `-o json` / `-o yaml` document, keys documented in docs/cli.md),
 * built from the engine's AdmissionResult, and its text rendering.
 */
import { type AdmissionResult, formatFieldError } from "@psp2gk/core";
import { table } from "../output.js";
import { byString } from "../sort.js";

export interface SimulateRequest {
  operation: "create" | "update";
  namespace: string;
  serviceAccount: string;
  /** The requesting user and groups (with system:authenticated added), or null: only the SA counts. */
  user: { name: string; groups: string[] } | null;
  /** `Pod/ns/name` or `Deployment/ns/name (pod template)`. */
  pod: string;
}

export interface SimulateReport {
  format: "psp2gk-simulate/v1";
  allowed: boolean;
  /** The chosen PSP, or null when denied or not evaluated. */
  psp: string | null;
  /** Field path → value PSP writes (create only). */
  mutations: Record<string, unknown>;
  /** Formatted field errors per PSP the service account or user may use, as the rejection lists them. */
  errors: Record<string, string[]>;
  /** Kubernetes' rejection message, or null when allowed. */
  message: string | null;
  /** `psp-admission`, `api-validation` (PSP admitted, core pod validation refused), or null. */
  rejectedBy: string | null;
  /** Why PSP did not evaluate the request at all (e.g. an update of GC fields only), or null. */
  notEvaluated: string | null;
  request: SimulateRequest;
  /** Every PSP in evaluation order: what it made of the pod. `authorized` is null when not asked. */
  trace: { psp: string; inert: string | null; valid: boolean; mutated: boolean; authorized: boolean | null }[];
}

export function simulateReport(result: AdmissionResult, request: SimulateRequest): SimulateReport {
  const errors = Object.fromEntries(
    Object.entries(result.errors)
      .sort(([a], [b]) => byString(a, b))
      .map(([psp, list]) => [psp, list.map(formatFieldError)]),
  );
  return {
    format: "psp2gk-simulate/v1",
    allowed: result.allowed,
    psp: result.psp,
    mutations: result.mutations,
    errors,
    message: result.message ?? result.apiValidation?.message ?? null,
    rejectedBy: result.allowed ? null : (result.rejectedBy ?? "psp-admission"),
    notEvaluated: result.notEvaluated ?? null,
    request,
    trace: result.trace.map((t) => ({
      psp: t.psp,
      inert: t.inert ?? null,
      valid: t.valid,
      mutated: t.mutated,
      authorized: t.authorized ?? null,
    })),
  };
}

export function renderSimulateText(r: SimulateReport): string {
  const who = r.request.user
    ? `requester ${r.request.user.name} (groups ${r.request.user.groups.join(", ")})`
    : "no requester given (only the service account's grants count; --user adds one)";
  let out = `${r.request.operation.toUpperCase()} ${r.request.pod} in namespace ${r.request.namespace}, service account ${r.request.serviceAccount}, ${who}\n`;
  out += `Decision: ${decision(r)}\n`;
  if (r.message) out += `Message: ${r.message}\n`;
  const mutations = Object.entries(r.mutations);
  if (mutations.length > 0) {
    out += `\nWhat PSP ${r.psp ?? ""} writes into the pod:\n`;
    out += table(
      ["FIELD", "VALUE"],
      mutations.map(([path, value]) => [path, JSON.stringify(value)]),
    );
  }
  const errorPsps = Object.entries(r.errors);
  if (!r.allowed && r.rejectedBy === "psp-admission" && errorPsps.length === 0 && r.trace.length > 0) {
    // Kubernetes lists errors only of PSPs the pod may use, so an empty list means "may use none that fit".
    out += `\nNo errors are listed because the service account${r.request.user ? " and the requester" : ""} may use none of the PSPs`;
    out += r.request.user ? ".\n" : " (without --user, a requester's grants are not counted).\n";
  }
  if (errorPsps.length > 0) {
    out += "\nErrors of the PSPs this pod may use:\n";
    for (const [psp, list] of errorPsps) out += `  ${psp}:\n${list.map((e) => `    ${e}\n`).join("")}`;
  }
  if (r.trace.length > 0) {
    out += "\nEvery PSP, in the order admission tries them (by name):\n";
    out += table(
      ["PSP", "RESULT", "MAY USE"],
      r.trace.map((t) => [t.psp, outcome(t), t.authorized === null ? "(not asked)" : t.authorized ? "yes" : "no"]),
    );
  }
  return out;
}

function decision(r: SimulateReport): string {
  if (r.notEvaluated) return `ALLOWED (not evaluated by PSP: ${r.notEvaluated})`;
  if (r.allowed) return `ALLOWED under PSP ${r.psp}${Object.keys(r.mutations).length > 0 ? " (mutated)" : ""}`;
  if (r.rejectedBy === "api-validation") {
    return `DENIED by API validation after PSP ${r.psp ?? ""} admitted and mutated it`;
  }
  return "DENIED by PodSecurityPolicy admission";
}

function outcome(t: SimulateReport["trace"][number]): string {
  if (t.inert) return `inert, skipped: ${t.inert}`;
  if (!t.valid) return "rejects the pod";
  return t.mutated ? "admits it after defaulting" : "admits it unchanged";
}
