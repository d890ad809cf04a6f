/**
 * Every concern's Gatekeeper emitter, keyed by concern name. A concern without an emitter yet maps to
 * undefined; the converter then refuses PSPs that restrict it (fail closed) instead of dropping it.
 */

import { emitter as apparmor } from "../concerns/apparmor/gatekeeper/index.js";
import { emitter as capabilities } from "../concerns/capabilities/gatekeeper/index.js";
import { emitter as fsGroup } from "../concerns/fs-group/gatekeeper/index.js";
import { emitter as hostNamespaces } from "../concerns/host-namespaces/gatekeeper/index.js";
import { emitter as hostNetworkAndPorts } from "../concerns/host-network-and-ports/gatekeeper/index.js";
import { emitter as privilegeEscalation } from "../concerns/privilege-escalation/gatekeeper/index.js";
import { emitter as privileged } from "../concerns/privileged/gatekeeper/index.js";
import { emitter as procMount } from "../concerns/proc-mount/gatekeeper/index.js";
import { emitter as readOnlyRootFilesystem } from "../concerns/read-only-root-filesystem/gatekeeper/index.js";
import { emitter as runAsGroup } from "../concerns/run-as-group/gatekeeper/index.js";
import { emitter as runAsUser } from "../concerns/run-as-user/gatekeeper/index.js";
import { emitter as runtimeClass } from "../concerns/runtime-class/gatekeeper/index.js";
import { emitter as seccomp } from "../concerns/seccomp/gatekeeper/index.js";
import { emitter as selinux } from "../concerns/selinux/gatekeeper/index.js";
import { emitter as supplementalGroups } from "../concerns/supplemental-groups/gatekeeper/index.js";
import { emitter as sysctls } from "../concerns/sysctls/gatekeeper/index.js";
import { emitter as volumes } from "../concerns/volumes/gatekeeper/index.js";
import type { ConcernEmitter } from "./concern-emitter.js";

export const EMITTERS: Readonly<Record<string, ConcernEmitter | undefined>> = {
  apparmor: apparmor,
  capabilities: capabilities,
  "fs-group": fsGroup,
  "host-namespaces": hostNamespaces,
  "host-network-and-ports": hostNetworkAndPorts,
  "privilege-escalation": privilegeEscalation,
  privileged: privileged,
  "proc-mount": procMount,
  "read-only-root-filesystem": readOnlyRootFilesystem,
  "run-as-group": runAsGroup,
  "run-as-user": runAsUser,
  "runtime-class": runtimeClass,
  seccomp: seccomp,
  selinux: selinux,
  "supplemental-groups": supplementalGroups,
  sysctls: sysctls,
  volumes: volumes,
};
