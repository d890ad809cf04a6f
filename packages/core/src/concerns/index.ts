/**
 * The registry: every PSP concern, in the order Kubernetes' provider (pkg/security/podsecuritypolicy/provider.go)
 * defaults and validates them. Stages iterate this list and know no field themselves.
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

export const CONCERNS: readonly Concern[] = [
  supplementalGroups,
  fsGroup,
  selinux,
  seccomp,
  runtimeClass,
  runAsUser,
  runAsGroup,
  apparmor,
  capabilities,
  readOnlyRootFilesystem,
  privilegeEscalation,
  privileged,
  procMount,
  hostNamespaces,
  hostNetworkAndPorts,
  sysctls,
  volumes,
];
