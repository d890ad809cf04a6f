/**
 * Stable, readable, DNS-safe names for emitted resources (constraints, mutators), derived from the
 * PSP name and the concern. Kubernetes object names for CRs must be DNS-1123 subdomains; we keep
 * them within a DNS-1123 *label* (63 chars) because Gatekeeper copies constraint names into label
 * values and status object names. When a name has to be shortened or had characters replaced, a short
 * hash of the full original parts keeps it unique and stable across runs.
 */
import { createHash } from "node:crypto";

export const MAX_NAME_LENGTH = 63;
const HASH_LENGTH = 6;

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, HASH_LENGTH);
}

/** Lowercase, `[a-z0-9-]` only, no leading/trailing/double dashes. */
function sanitize(part: string): string {
  return part
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * Join name parts with `-`. Returns the plain join when it is already a valid label; otherwise the
 * sanitized join, shortened to fit, with `-<hash of the original parts>` appended.
 */
export function resourceName(...parts: string[]): string {
  const original = parts.join("-");
  const clean = parts.map(sanitize).filter(Boolean).join("-");
  if (clean === original && clean.length <= MAX_NAME_LENGTH && clean.length > 0) return clean;
  const hash = shortHash(parts.join("\u0000"));
  const room = MAX_NAME_LENGTH - HASH_LENGTH - 1;
  const head = clean.slice(0, room).replace(/-+$/g, "");
  return head ? `${head}-${hash}` : `x-${hash}`;
}
