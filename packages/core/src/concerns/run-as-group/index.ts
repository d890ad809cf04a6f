/**
 * runAsGroup: MustRunAs (container GID in ranges, defaulted to the first range's min), MayRunAs
 * (checked only when set), RunAsAny; an omitted runAsGroup is RunAsAny. See README.md.
 */
import type { Concern } from "../../psp/concern.js";
import { groupInertReason } from "../shared/group-strategy.js";
import { coversRunAsGroup } from "./covers.js";
import { defaultRunAsGroup } from "./defaulting.js";
import { validateRunAsGroup } from "./validation.js";

export const concern: Concern = {
  name: "run-as-group",
  coversUnchanged: coversRunAsGroup,
  pspFields: ["spec.runAsGroup"],
  inertReason: (psp) => groupInertReason("runAsGroup", psp.spec.runAsGroup),
  mayMutate: (psp) => psp.spec.runAsGroup?.rule === "MustRunAs",
  defaultContainer: defaultRunAsGroup,
  validateContainer: validateRunAsGroup,
};
