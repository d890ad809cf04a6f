/**
 * fast-check pod generators for the identity concerns' Gatekeeper differentials: pods with init,
 * regular and ephemeral containers whose securityContext fields come from small, boundary-biased
 * value sets (`undefined` = field absent).
 */
import fc from "fast-check";
import type { Pod } from "../../../src/model/k8s-types.js";

export type Fields = Record<string, fc.Arbitrary<unknown>>;

/** A securityContext with some of `fields` (absent ones omitted), or no securityContext at all. */
export function securityContext(fields: Fields): fc.Arbitrary<Record<string, unknown> | undefined> {
  return fc.option(fc.record(fields, { requiredKeys: [] }), { nil: undefined, freq: 4 });
}

export function podArb(podFields: Fields, containerFields: Fields): fc.Arbitrary<Pod> {
  const containers = (prefix: string, min: number, max: number) =>
    fc
      .array(securityContext(containerFields), { minLength: min, maxLength: max })
      .map((scs) =>
        scs.map((sc, i) => ({ name: `${prefix}${i}`, image: "busybox", ...(sc ? { securityContext: sc } : {}) })),
      );
  return fc
    .record({
      sc: securityContext(podFields),
      init: containers("i", 0, 2),
      main: containers("c", 1, 2),
      eph: containers("e", 0, 1),
    })
    .map(
      ({ sc, init, main, eph }) =>
        ({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: "p", namespace: "ns" },
          spec: {
            serviceAccountName: "default",
            ...(sc ? { securityContext: sc } : {}),
            ...(init.length ? { initContainers: init } : {}),
            containers: main,
            ...(eph.length ? { ephemeralContainers: eph } : {}),
          },
        }) as unknown as Pod,
    );
}

/** IDs around the edges of `ranges` (min-1, min, max, max+1), plus 0 and 1. */
export function idsAround(ranges: readonly { min: number; max: number }[]): fc.Arbitrary<number> {
  const edges = new Set<number>([0, 1]);
  for (const r of ranges) for (const v of [r.min - 1, r.min, r.max, r.max + 1]) if (v >= 0) edges.add(v);
  return fc.constantFrom(...[...edges].sort((a, b) => a - b));
}
