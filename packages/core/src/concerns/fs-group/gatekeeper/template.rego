# Psp2gkFsGroup: PSP spec.fsGroup on the pod's spec.securityContext.fsGroup (the one group, or none).
# Pod level only. Mirror of template.cel.yaml, rule for rule: each CEL variable is the Rego rule of
# the same name.
package psp2gkfsgroup

import future.keywords.in

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

params = input.parameters {
	is_object(input.parameters)
} else = {}

rule := object.get(params, ["fsGroup", "rule"], "")

ranges := object.get(params, ["fsGroup", "ranges"], [])

rangesText := concat("", ["[", concat(" ", [sprintf("{%d %d}", [r.min, r.max]) | some r in ranges]), "]"])

podSecurityContext := object.get(input.review.object.spec, "securityContext", {})

groups = [podSecurityContext.fsGroup] {
	_ = podSecurityContext.fsGroup
} else = []

groupsText := concat("", ["[", concat(",", [sprintf("%d", [g]) | some g in groups]), "]"])

inRanges(id) {
	some r in ranges
	id >= r.min
	id <= r.max
}

groupErrors := array.concat(emptyGroupsErrors, [msg |
	rule in ["MustRunAs", "MayRunAs"]
	some g in groups
	not inRanges(g)
	msg := sprintf("spec.securityContext.fsGroup: Invalid value: %s: group %d must be in the ranges: %s", [groupsText, g, rangesText])
])

# The first part of CEL's groupErrors: MustRunAs needs at least one group.
emptyGroupsErrors = ["spec.securityContext.fsGroup: Invalid value: []: unable to validate empty groups against required ranges"] {
	rule == "MustRunAs"
	count(groups) == 0
} else = []

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	not rule in ["MustRunAs", "MayRunAs", "RunAsAny"]
	msg := sprintf("fsGroup: unsupported rule \"%s\": every pod is denied (fail closed)", [rule])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(groupErrors) > 0
	msg := concat("; ", groupErrors)
}
