/**
 * Sysctl patterns in a PSP (`allowedUnsafeSysctls`, `forbiddenSysctls`), as pkg/apis/policy/validation
 * checks them (v1.23+ text, which also accepts slash-separated names).
 */
const SYSCTL_SEGMENT_FMT = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?";
const SYSCTL_PATTERN_SEGMENT_FMT = "([a-z0-9][-_a-z0-9]*)?[a-z0-9*]";
/** Segments separated by `.` or `/`; `*` only as the very last character. */
export const SYSCTL_PATTERN_FMT = `(${SYSCTL_SEGMENT_FMT}[\\./])*${SYSCTL_PATTERN_SEGMENT_FMT}`;
export const SYSCTL_MAX_LENGTH = 253;
const SYSCTL_PATTERN = new RegExp(`^${SYSCTL_PATTERN_FMT}$`);

export function isValidSysctlPattern(name: string): boolean {
  return name.length <= SYSCTL_MAX_LENGTH && SYSCTL_PATTERN.test(name);
}

/** `net.*` → `{ prefix: "net.", pattern: true }`; a plain name is its own exact "prefix". */
function patternOf(entry: string): { prefix: string; pattern: boolean } {
  return entry.endsWith("*") ? { prefix: entry.slice(0, -1), pattern: true } : { prefix: entry, pattern: false };
}

export interface SysctlOverlap {
  /** Which list the reported entry is in, and its index there. */
  list: "allowedUnsafeSysctls" | "forbiddenSysctls";
  index: number;
  entry: string;
  /** The entry of the other list it overlaps with. */
  overlapsWith: string;
}

/**
 * Entries of the two lists that overlap (validatePodSecurityPolicySysctlListsDoNotOverlap): the same
 * name, or a pattern covering a name or a narrower pattern of the other list. The broader pattern's
 * counterpart is the one reported, as Kubernetes does.
 */
export function sysctlOverlaps(allowed: readonly string[], forbidden: readonly string[]): SysctlOverlap[] {
  const out: SysctlOverlap[] = [];
  allowed.forEach((a, i) => {
    const pa = patternOf(a);
    forbidden.forEach((f, j) => {
      const pf = patternOf(f);
      const reportAllowed: SysctlOverlap = { list: "allowedUnsafeSysctls", index: i, entry: a, overlapsWith: f };
      const reportForbidden: SysctlOverlap = { list: "forbiddenSysctls", index: j, entry: f, overlapsWith: a };
      if (pa.pattern && pf.pattern) {
        if (pa.prefix.startsWith(pf.prefix)) out.push(reportAllowed);
        else if (pf.prefix.startsWith(pa.prefix)) out.push(reportForbidden);
      } else if (pa.pattern) {
        if (f.startsWith(pa.prefix)) out.push(reportForbidden);
      } else if (pf.pattern) {
        if (a.startsWith(pf.prefix)) out.push(reportAllowed);
      } else if (a === f) {
        out.push(reportAllowed);
      }
    });
  });
  return out;
}
