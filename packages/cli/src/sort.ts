/**
 * Byte-wise string order (what Kubernetes' `sort.Strings` uses). `localeCompare` would make output
 * depend on the machine's locale, which golden tests and users' diffs cannot tolerate.
 */
export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
