/**
 * Greedy shrinking of a disagreeing pod, with the environment still installed: drop one field or
 * list element at a time and keep the drop when the same disagreement remains. Generated pods carry
 * many irrelevant fields; the regression case should show only the ones that matter.
 */
import type { Pod } from "../../src/model/k8s-types.js";

type Path = (string | number)[];

/** Fields a valid pod cannot lose (names tie containers, volumes and mounts together). */
const KEEP = new Set(["metadata", "spec", "metadata.name", "metadata.namespace", "name", "image", "mountPath"]);

function removablePaths(value: unknown, path: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (!(path.at(-1) === "containers" && value.length === 1)) out.push([...path, i]);
      out.push(...removablePaths(item, [...path, i]));
    });
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "apiVersion" || k === "kind") continue;
      const dotted = [...path, k].join(".");
      const kept = (path.length > 0 && KEEP.has(k)) || KEEP.has(dotted) || dotted === "spec.containers";
      if (!kept) out.push([...path, k]);
      out.push(...removablePaths(v, [...path, k]));
    }
  }
  return out;
}

function without(pod: Pod, path: Path): Pod {
  const copy = structuredClone(pod);
  let node: unknown = copy;
  for (const seg of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[seg];
  const last = path.at(-1) as string | number;
  if (Array.isArray(node)) node.splice(last as number, 1);
  else delete (node as Record<string, unknown>)[last as string];
  return copy;
}

/**
 * `signature(pod)` is the disagreement's kind for that pod (undefined = they agree). Returns the
 * smallest pod found with the same signature and how many probes it took.
 */
export async function minimisePod(
  pod: Pod,
  signature: (p: Pod) => Promise<string | undefined>,
  maxProbes = 300,
): Promise<{ pod: Pod; probes: number }> {
  const target = await signature(pod);
  let current = pod;
  let probes = 1;
  for (let progress = true; progress && probes < maxProbes; ) {
    progress = false;
    // Largest subtrees first (shortest paths), so whole containers/volumes go before their fields.
    // After a successful drop the paths are recomputed and the scan resumes at the same position.
    let paths = removablePaths(current).sort((a, b) => a.length - b.length);
    for (let i = 0; i < paths.length && probes < maxProbes; i++) {
      const candidate = without(current, paths[i] as Path);
      probes++;
      if ((await signature(candidate)) === target) {
        current = candidate;
        progress = true;
        paths = removablePaths(current).sort((a, b) => a.length - b.length);
        i--;
      }
    }
  }
  return { pod: current, probes };
}
