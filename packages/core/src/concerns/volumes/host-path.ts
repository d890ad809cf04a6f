/**
 * allowedHostPaths (util.go AllowsHostVolumePath / hasPathPrefix): segment-aware prefix match,
 * "writable wins" when several prefixes match.
 */
import type { AllowedHostPath } from "../../model/k8s-types.js";

/**
 * `path` equals `prefix` or continues it at a `/` boundary, after trimming one trailing `/` from
 * each: `/foo` matches `/foo`, `/foo/`, `/foo/bar`, not `/food`; `/` matches everything. No `*`, no
 * path cleaning (`..` is refused later by core validation).
 */
export function hasPathPrefix(path: string, prefix: string): boolean {
  const s = path.endsWith("/") ? path.slice(0, -1) : path;
  const p = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  if (!s.startsWith(p)) return false;
  return s.length === p.length || s[p.length] === "/";
}

export interface HostPathVerdict {
  allowed: boolean;
  /** Every matching entry is `readOnly: true`: all mounts of the volume must be read-only. */
  mustBeReadOnly: boolean;
}

/** No entries = any path, writable. A matching writable entry wins over read-only ones. */
export function allowsHostPath(allowed: readonly AllowedHostPath[] | undefined, path: string): HostPathVerdict {
  if (!allowed?.length) return { allowed: true, mustBeReadOnly: false };
  let verdict: HostPathVerdict = { allowed: false, mustBeReadOnly: false };
  for (const entry of allowed) {
    if (!hasPathPrefix(path, entry.pathPrefix)) continue;
    if (entry.readOnly !== true) return { allowed: true, mustBeReadOnly: false };
    verdict = { allowed: true, mustBeReadOnly: true };
  }
  return verdict;
}
