# Psp2gkRunAsGroup: PSP spec.runAsGroup on every container's effective runAsGroup (init, regular
# and ephemeral containers; container value, else the pod's).
# Mirror of template.cel.yaml, rule for rule: each CEL variable is the Rego rule of the same name.
package psp2gkrunasgroup

import future.keywords.in

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

params = input.parameters {
	is_object(input.parameters)
} else = {}

rule := object.get(params, ["runAsGroup", "rule"], "")

ranges := object.get(params, ["runAsGroup", "ranges"], [])

rangesText := concat("", ["[", concat(" ", [sprintf("{%d %d}", [r.min, r.max]) | some r in ranges]), "]"])

podSecurityContext := object.get(input.review.object.spec, "securityContext", {})

containers := array.concat(array.concat(
	[{"path": concat("", ["spec.initContainers[name: ", c.name, "]"]), "securityContext": object.get(c, "securityContext", {})} |
		some c in object.get(input.review.object.spec, "initContainers", [])],
	[{"path": concat("", ["spec.containers[name: ", c.name, "]"]), "securityContext": object.get(c, "securityContext", {})} |
		some c in object.get(input.review.object.spec, "containers", [])]),
	[{"path": concat("", ["spec.ephemeralContainers[name: ", c.name, "]"]), "securityContext": object.get(c, "securityContext", {})} |
		some c in object.get(input.review.object.spec, "ephemeralContainers", [])])

effective := [{
	"path": c.path,
	"hasRunAsGroup": has(c.securityContext, "runAsGroup", podSecurityContext),
	"runAsGroup": object.get(c.securityContext, "runAsGroup", object.get(podSecurityContext, "runAsGroup", 0)),
} | some c in containers]

# CEL's has(container.x) || has(pod.x): the container's own key, else the pod's.
has(sc, key, pod) = true {
	_ = sc[key]
} else = true {
	_ = pod[key]
} else = false

inRanges(id) {
	some r in ranges
	id >= r.min
	id <= r.max
}

groupErrors := [m | rule in ["MustRunAs", "MayRunAs"]; some c in effective; m := groupError(c)]

# The CEL conditional chain, first match wins; no message = no error for this container.
groupError(c) = msg {
	not c.hasRunAsGroup
	rule == "MustRunAs"
	msg := concat("", [c.path, ".securityContext: Invalid value: []: unable to validate empty groups against required ranges"])
} else = msg {
	c.hasRunAsGroup
	not inRanges(c.runAsGroup)
	msg := sprintf("%s.securityContext: Invalid value: [%d]: group %d must be in the ranges: %s", [c.path, c.runAsGroup, c.runAsGroup, rangesText])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	not rule in ["MustRunAs", "MayRunAs", "RunAsAny"]
	msg := sprintf("runAsGroup: unsupported rule \"%s\": every pod is denied (fail closed)", [rule])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(groupErrors) > 0
	msg := concat("; ", groupErrors)
}
