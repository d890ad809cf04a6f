import { emitter } from "../../../src/concerns/fs-group/gatekeeper/index.js";
import { describePodGroupConcern } from "../shared/pod-group-gatekeeper.js";

// fsGroup shares its engine strategy and its Gatekeeper tests with supplemental-groups.
describePodGroupConcern({
  concern: "fs-group",
  field: "fsGroup",
  emitter,
  value: (gid) => gid,
  arbitrary: (ids) => ids,
  mutatorFindings: [["mutation-not-on-update", "info"]],
});
