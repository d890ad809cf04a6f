import fc from "fast-check";
import { expect, it } from "vitest";
import { emitter } from "../../../src/concerns/supplemental-groups/gatekeeper/index.js";
import { runBoth, templateMessages } from "../shared/gatekeeper-identity.js";
import { describePodGroupConcern, RANGES_TEXT } from "../shared/pod-group-gatekeeper.js";

// supplementalGroups shares its engine strategy and its Gatekeeper tests with fs-group; what only a list
// has (an explicit empty list, several groups) is tested here.
describePodGroupConcern(
  {
    concern: "supplemental-groups",
    field: "supplementalGroups",
    emitter,
    value: (gid) => [gid],
    arbitrary: (ids) => fc.array(ids, { maxLength: 3 }),
    mutatorFindings: [
      ["mutation-not-on-update", "info"],
      ["empty-list-defaulted", "info"],
    ],
  },
  ({ mustRunAs, mayRunAs, pod }) => {
    it("MustRunAs: an explicit empty list is refused; one error per group outside the ranges, value = whole list", () => {
      expect(templateMessages(emitter, mustRunAs, pod({ supplementalGroups: [] }))).toEqual([
        "spec.securityContext.supplementalGroups: Invalid value: []: unable to validate empty groups against required ranges",
      ]);
      expect(templateMessages(emitter, mustRunAs, pod({ supplementalGroups: [5, 10, 300] }))).toEqual([
        `spec.securityContext.supplementalGroups: Invalid value: [5,10,300]: group 5 must be in the ranges: ${RANGES_TEXT}; spec.securityContext.supplementalGroups: Invalid value: [5,10,300]: group 300 must be in the ranges: ${RANGES_TEXT}`,
      ]);
      expect(templateMessages(emitter, mayRunAs, pod({ supplementalGroups: [] }))).toEqual([]);
    });

    it("MustRunAs: an explicit empty list is not defaulted (simulator: present), PSP and Gatekeeper both refuse", () => {
      const out = runBoth(emitter, mustRunAs, pod({ supplementalGroups: [] }));
      expect(out.engine.allowed).toBe(false);
      expect(out.gatekeeper.mutations).toEqual([]);
      expect(out.gatekeeper.allowed).toBe(false);
    });
  },
);
