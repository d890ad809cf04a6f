/**
 * Sysctl name matching as pkg/security/podsecuritypolicy/sysctl/mustmatchpatterns.go does it: an entry
 * ending in `*` matches every name starting with the text before the `*` (plain string prefix, so
 * `net.*` matches `net.ipv4.x` and `kernel.msg*` matches `kernel.msgmax`); any other entry matches
 * only the exact name. `*` alone matches everything.
 */
export function matchesSysctlPattern(name: string, pattern: string): boolean {
  if (pattern.endsWith("*")) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

export function matchesAnySysctlPattern(name: string, patterns: readonly string[] | undefined): boolean {
  return (patterns ?? []).some((p) => matchesSysctlPattern(name, p));
}

/**
 * The kubelet's safe sysctls as of Kubernetes 1.22–1.24 (pkg/kubelet/sysctl SafeSysctlAllowlist),
 * allowed by every PSP unless forbidden. Exact names, no patterns.
 */
export const SAFE_SYSCTLS: readonly string[] = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_unprivileged_port_start",
];

/**
 * Safe sysctls that are not safe in every release the engine may be compared with: the oracle
 * (kube-apiserver v1.20) treats these as unsafe. See psp/version-skew.ts.
 */
export const SAFE_SYSCTLS_SINCE: Readonly<Record<string, string>> = {
  "net.ipv4.ip_unprivileged_port_start": "1.22",
};
