/**
 * What the API server would have refused: Kubernetes' ValidatePodSecurityPolicy
 * (pkg/apis/policy/validation/validation.go, v1.21–1.24 text), rule by rule, with its messages, run
 * on the decoded and API-defaulted object (psp-semantics.md §6). A PSP with any error here never
 * existed in a cluster, so psp2gk refuses it (`psp-invalid`) rather than guess.
 *
 * Paths are the real field paths (`spec.allowedCSIDrivers[0].name`). Kubernetes prints a few of
 * them oddly (`requiredDropCapabilities` without `spec.`, `spec.allowedCSIDrivers.allowedCSIDriver[0].name`);
 * we keep its messages but point at the field the user wrote, so the source position is right.
 */
import { type FieldError, forbidden, invalid, required } from "../psp/field-error.js";
import { defaultPsp } from "./defaults.js";
import type { IdRange, PodSecurityPolicy, PspSpec } from "./k8s-types.js";
import { issuesToFieldErrors } from "./schemas/issues.js";
import { podSecurityPolicySchema } from "./schemas/psp.js";
import { isPspVolumeType, supportedVolumeTypes } from "./validation/fs-types.js";
import { dns1123SubdomainErrors } from "./validation/names.js";
import { appArmorProfileError, hasBackstep, seccompProfileErrors } from "./validation/profiles.js";
import { isValidSysctlPattern, SYSCTL_MAX_LENGTH, SYSCTL_PATTERN_FMT, sysctlOverlaps } from "./validation/sysctls.js";

export const APPARMOR_DEFAULT_ANNOTATION = "apparmor.security.beta.kubernetes.io/defaultProfileName";
export const APPARMOR_ALLOWED_ANNOTATION = "apparmor.security.beta.kubernetes.io/allowedProfileNames";
export const SECCOMP_DEFAULT_ANNOTATION = "seccomp.security.alpha.kubernetes.io/defaultProfileName";
export const SECCOMP_ALLOWED_ANNOTATION = "seccomp.security.alpha.kubernetes.io/allowedProfileNames";

export interface PspCheck {
  /** The decoded, API-defaulted PSP; absent when the object could not be decoded at all. */
  psp?: PodSecurityPolicy;
  /** Every reason the API server would refuse the object; empty when it is valid. */
  errors: FieldError[];
}

/**
 * Decode (types, as the API server's JSON decoding would), default, then validate. Type errors stop
 * there: like the API server, rules are only checked on an object that decoded.
 */
export function checkPsp(input: unknown): PspCheck {
  const parsed = podSecurityPolicySchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { errors: issuesToFieldErrors(parsed.error) };
  const psp = defaultPsp(parsed.data);
  return { psp, errors: validatePspRules(psp) };
}

/** Every reason the API server would refuse this PSP object (any shape accepted; [] = valid). */
export function validatePsp(input: unknown): FieldError[] {
  return checkPsp(input).errors;
}

/** Kubernetes' object rules on a decoded, defaulted PSP. */
export function validatePspRules(psp: PodSecurityPolicy): FieldError[] {
  const spec = psp.spec;
  return [
    ...validateName(psp.metadata.name),
    ...validateAnnotations(psp.metadata.annotations ?? {}),
    ...validateStrategies(spec),
    ...validateVolumes(spec.volumes ?? []),
    ...validateCapabilities(spec),
    ...validatePrivilegeEscalation(spec),
    ...validateProcMountTypes(spec.allowedProcMountTypes ?? []),
    ...validateHostPaths(spec),
    ...validateFlexVolumes(spec),
    ...validateCsiDrivers(spec),
    ...validateSysctlList("spec.allowedUnsafeSysctls", spec.allowedUnsafeSysctls ?? []),
    ...validateSysctlList("spec.forbiddenSysctls", spec.forbiddenSysctls ?? []),
    ...sysctlOverlaps(spec.allowedUnsafeSysctls ?? [], spec.forbiddenSysctls ?? []).map((o) =>
      invalid(`spec.${o.list}[${o.index}]`, o.entry, `sysctl overlaps with ${o.overlapsWith}`),
    ),
    ...validateRuntimeClass(spec),
  ];
}

// ---------------------------------------------------------------- metadata

function validateName(name: string): FieldError[] {
  if (name === "") return [required("metadata.name", "name or generateName is required")];
  return dns1123SubdomainErrors(name).map((msg) => invalid("metadata.name", name, msg));
}

function validateAnnotations(annotations: Record<string, string>): FieldError[] {
  const at = (key: string) => `metadata.annotations[${key}]`;
  const errs: FieldError[] = [];
  const aaDefault = annotations[APPARMOR_DEFAULT_ANNOTATION];
  if (aaDefault) {
    const e = appArmorProfileError(aaDefault);
    if (e) errs.push(invalid(at(APPARMOR_DEFAULT_ANNOTATION), aaDefault, e));
  }
  const aaAllowed = annotations[APPARMOR_ALLOWED_ANNOTATION];
  if (aaAllowed) {
    for (const p of aaAllowed.split(",")) {
      const e = appArmorProfileError(p);
      // Kubernetes reports the whole annotation value, once per bad entry.
      if (e) errs.push(invalid(at(APPARMOR_ALLOWED_ANNOTATION), aaAllowed, e));
    }
  }
  const scDefault = annotations[SECCOMP_DEFAULT_ANNOTATION];
  if (scDefault) {
    for (const e of seccompProfileErrors(scDefault))
      errs.push(invalid(at(SECCOMP_DEFAULT_ANNOTATION), e.value, e.detail));
  }
  const scAllowed = annotations[SECCOMP_ALLOWED_ANNOTATION];
  if (scAllowed) {
    for (const p of scAllowed.split(",")) {
      if (p === "*") continue;
      for (const e of seccompProfileErrors(p)) errs.push(invalid(at(SECCOMP_ALLOWED_ANNOTATION), e.value, e.detail));
    }
  }
  return errs;
}

// ---------------------------------------------------------------- strategies and ranges

/** Rules themselves are enums in the schema; here: ranges, and runAsGroup's stricter rules. */
function validateStrategies(spec: PspSpec): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateRanges("spec.runAsUser.ranges", spec.runAsUser.ranges));
  const rag = spec.runAsGroup;
  if (rag) {
    const ranges = rag.ranges ?? [];
    if (rag.rule === "RunAsAny" && ranges.length > 0) {
      errs.push(invalid("spec.runAsGroup.ranges", ranges, "Ranges must be empty"));
    }
    if (rag.rule !== "RunAsAny") {
      // Unlike fsGroup/supplementalGroups, runAsGroup MustRunAs/MayRunAs without ranges is refused by the API.
      if (ranges.length === 0) errs.push(invalid("spec.runAsGroup.ranges", ranges, "must provide at least one range"));
      errs.push(...validateRanges("spec.runAsGroup.ranges", ranges));
    }
  }
  errs.push(...validateRanges("spec.supplementalGroups.ranges", spec.supplementalGroups.ranges));
  errs.push(...validateRanges("spec.fsGroup.ranges", spec.fsGroup.ranges));
  return errs;
}

function validateRanges(path: string, ranges: IdRange[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  (ranges ?? []).forEach(({ min, max }, i) => {
    if (min < 0) errs.push(invalid(`${path}[${i}].min`, min, "min cannot be negative"));
    if (max < 0) errs.push(invalid(`${path}[${i}].max`, max, "max cannot be negative"));
    if (min > max) errs.push(invalid(`${path}[${i}].min`, min, "min cannot be greater than max"));
  });
  return errs;
}

// ---------------------------------------------------------------- volumes, host paths, flex, CSI

function validateVolumes(volumes: string[]): FieldError[] {
  return volumes
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => !isPspVolumeType(v))
    .map(({ v, i }) => ({
      type: "NotSupported" as const,
      path: `spec.volumes[${i}]`,
      value: v,
      detail: `supported values: ${supportedVolumeTypes()
        .map((t) => JSON.stringify(t))
        .join(", ")}`,
    }));
}

function validateHostPaths(spec: PspSpec): FieldError[] {
  const errs: FieldError[] = [];
  for (const [i, hp] of (spec.allowedHostPaths ?? []).entries()) {
    if (hp.pathPrefix === "") {
      errs.push(required(`spec.allowedHostPaths[${i}].pathPrefix`, "is required"));
      break; // Kubernetes stops at the first empty prefix
    }
    if (hasBackstep(hp.pathPrefix)) {
      errs.push(invalid(`spec.allowedHostPaths[${i}].pathPrefix`, hp.pathPrefix, "must not contain '..'"));
    }
  }
  return errs;
}

function validateFlexVolumes(spec: PspSpec): FieldError[] {
  return (spec.allowedFlexVolumes ?? []).flatMap((fv, i) =>
    fv.driver === "" ? [required(`spec.allowedFlexVolumes[${i}].driver`, "must specify a driver")] : [],
  );
}

/** ValidateCSIDriverName: required, at most 63 characters, a DNS-1123 subdomain once lower-cased. */
function validateCsiDrivers(spec: PspSpec): FieldError[] {
  const errs: FieldError[] = [];
  (spec.allowedCSIDrivers ?? []).forEach(({ name }, i) => {
    const path = `spec.allowedCSIDrivers[${i}].name`;
    if (name === "") errs.push(required(path, ""));
    if (name.length > 63) errs.push(invalid(path, name, "must have at most 63 bytes"));
    for (const msg of dns1123SubdomainErrors(name.toLowerCase())) errs.push(invalid(path, name, msg));
  });
  return errs;
}

// ---------------------------------------------------------------- capabilities, privilege escalation, procMount

function validateCapabilities(spec: PspSpec): FieldError[] {
  const errs: FieldError[] = [];
  const drops = spec.requiredDropCapabilities ?? [];
  const allowed = spec.allowedCapabilities ?? [];
  if (drops.length > 0 && allowed.includes("*")) {
    errs.push(
      invalid("spec.requiredDropCapabilities", drops, "must be empty when all capabilities are allowed by a wildcard"),
    );
  }
  // Exact, case-sensitive comparison: `foo` and `FOO` do not conflict.
  for (const field of ["defaultAddCapabilities", "allowedCapabilities"] as const) {
    for (const [i, cap] of (spec[field] ?? []).entries()) {
      if (drops.includes(cap)) {
        errs.push(invalid(`spec.${field}[${i}]`, cap, `capability is listed in ${field} and requiredDropCapabilities`));
      }
    }
  }
  return errs;
}

function validatePrivilegeEscalation(spec: PspSpec): FieldError[] {
  if (spec.defaultAllowPrivilegeEscalation === true && !spec.allowPrivilegeEscalation) {
    return [
      invalid(
        "spec.defaultAllowPrivilegeEscalation",
        true,
        "Cannot set DefaultAllowPrivilegeEscalation to true without also setting AllowPrivilegeEscalation to true",
      ),
    ];
  }
  return [];
}

const PROC_MOUNT_TYPES = ["Default", "Unmasked"];

function validateProcMountTypes(types: string[]): FieldError[] {
  return types.flatMap((t, i) =>
    PROC_MOUNT_TYPES.includes(t)
      ? []
      : [
          {
            type: "NotSupported" as const,
            path: `spec.allowedProcMountTypes[${i}]`,
            value: t,
            detail: `supported values: ${PROC_MOUNT_TYPES.map((v) => JSON.stringify(v)).join(", ")}`,
          },
        ],
  );
}

// ---------------------------------------------------------------- sysctls

function validateSysctlList(path: string, sysctls: string[]): FieldError[] {
  const errs: FieldError[] = [];
  let coversAll = false;
  sysctls.forEach((s, i) => {
    if (s === "") errs.push(invalid(`${path}[${i}]`, s, "empty sysctl not allowed"));
    else if (!isValidSysctlPattern(s)) {
      errs.push(
        invalid(
          `${path}[${i}]`,
          s,
          `must have at most ${SYSCTL_MAX_LENGTH} characters and match regex ${SYSCTL_PATTERN_FMT}`,
        ),
      );
    } else if (s === "*") coversAll = true;
  });
  if (coversAll && sysctls.length > 1) errs.push(forbidden(path, "if '*' is present, must not specify other sysctls"));
  return errs;
}

// ---------------------------------------------------------------- runtime class

function validateRuntimeClass(spec: PspSpec): FieldError[] {
  const rc = spec.runtimeClass;
  if (!rc) return [];
  const errs: FieldError[] = [];
  const path = "spec.runtimeClass";
  const seen = new Set<string>();
  rc.allowedRuntimeClassNames.forEach((name, i) => {
    const at = `${path}.allowedRuntimeClassNames[${i}]`;
    if (name !== "*") errs.push(...runtimeClassNameErrors(at, name));
    if (seen.has(name)) errs.push({ type: "Duplicate", path: at, value: name, detail: "" });
    seen.add(name);
  });
  const dflt = rc.defaultRuntimeClassName;
  if (dflt !== undefined) {
    errs.push(...runtimeClassNameErrors(`${path}.defaultRuntimeClassName`, dflt));
    if (!seen.has(dflt) && !seen.has("*")) {
      errs.push(required(`${path}.allowedRuntimeClassNames`, `default ${JSON.stringify(dflt)} must be allowed`));
    }
  }
  if (seen.has("*") && rc.allowedRuntimeClassNames.length > 1) {
    errs.push(
      invalid(
        `${path}.allowedRuntimeClassNames`,
        rc.allowedRuntimeClassNames,
        "if '*' is present, must not specify other RuntimeClass names",
      ),
    );
  }
  return errs;
}

/** ValidateRuntimeClassName: a DNS-1123 subdomain. */
function runtimeClassNameErrors(path: string, name: string): FieldError[] {
  return dns1123SubdomainErrors(name).map((msg) => invalid(path, name, msg));
}
