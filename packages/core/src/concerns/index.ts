/**
 * The registry: every PSP concern, in the order Kubernetes' provider (pkg/security/podsecuritypolicy/provider.go)
 * defaults and validates them. Stages iterate `CONCERNS` and know no field themselves.
 */
import type { Concern } from "../psp/concern.js";
import { concern as apparmor } from "./apparmor/index.js";
import { concern as capabilities } from "./capabilities/index.js";
import { concern as fsGroup } from "./fs-group/index.js";
import { concern as hostNamespaces } from "./host-namespaces/index.js";
import { concern as hostNetworkAndPorts } from "./host-network-and-ports/index.js";
import { concern as privilegeEscalation } from "./privilege-escalation/index.js";
import { concern as privileged } from "./privileged/index.js";
import { concern as procMount } from "./proc-mount/index.js";
import { concern as readOnlyRootFilesystem } from "./read-only-root-filesystem/index.js";
import { concern as runAsGroup } from "./run-as-group/index.js";
import { concern as runAsUser } from "./run-as-user/index.js";
import { concern as runtimeClass } from "./runtime-class/index.js";
import { concern as seccomp } from "./seccomp/index.js";
import { concern as selinux } from "./selinux/index.js";
import { concern as supplementalGroups } from "./supplemental-groups/index.js";
import { concern as sysctls } from "./sysctls/index.js";
import { concern as volumes } from "./volumes/index.js";

/**
 * Container-level order (defaulting and validation), as provider.go's mutateContainer/validateContainer
 * run them: runAsUser, runAsGroup, seLinux, AppArmor, seccomp, privileged, procMount, capabilities,
 * host ports, readOnlyRootFilesystem, allowPrivilegeEscalation. Pod-only concerns follow.
 */
export const CONCERNS: readonly Concern[] = [
  runAsUser,
  runAsGroup,
  selinux,
  apparmor,
  seccomp,
  privileged,
  procMount,
  capabilities,
  hostNetworkAndPorts,
  readOnlyRootFilesystem,
  privilegeEscalation,
  fsGroup,
  supplementalGroups,
  hostNamespaces,
  sysctls,
  volumes,
  runtimeClass,
];

/**
 * Pod-level order (provider.go ValidatePod): fsGroup, supplementalGroups, seccomp, seLinux,
 * hostNetwork, hostPID/hostIPC, sysctls, volumes, runtimeClass. Pod-level defaulting uses the same
 * order; the fields it writes are independent, so only the order of error messages depends on it.
 */
export const POD_LEVEL_ORDER: readonly Concern[] = [
  fsGroup,
  supplementalGroups,
  seccomp,
  selinux,
  hostNetworkAndPorts,
  hostNamespaces,
  sysctls,
  volumes,
  runtimeClass,
  ...CONCERNS.filter(
    (c) =>
      ![
        fsGroup,
        supplementalGroups,
        seccomp,
        selinux,
        hostNetworkAndPorts,
        hostNamespaces,
        sysctls,
        volumes,
        runtimeClass,
      ].includes(c),
  ),
];
