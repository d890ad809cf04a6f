# Psp2gkRunAsUser: PSP spec.runAsUser on every container's effective runAsUser / runAsNonRoot
# (init, regular and ephemeral containers; container value, else the pod's).
# Mirror of template.cel.yaml, rule for rule: each CEL variable is the Rego rule of the same name.
package psp2gkrunasuser

import future.keywords.in

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

params = input.parameters {
	is_object(input.parameters)
} else = {}

rule := object.get(params, ["runAsUser", "rule"], "")

ranges := object.get(params, ["runAsUser", "ranges"], [])

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
	"hasRunAsUser": has(c.securityContext, "runAsUser", podSecurityContext),
	"runAsUser": object.get(c.securityContext, "runAsUser", object.get(podSecurityContext, "runAsUser", 0)),
	"hasRunAsNonRoot": has(c.securityContext, "runAsNonRoot", podSecurityContext),
	"runAsNonRoot": object.get(c.securityContext, "runAsNonRoot", object.get(podSecurityContext, "runAsNonRoot", false)),
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

mustRunAsErrors := [m | rule == "MustRunAs"; some c in effective; m := mustRunAsError(c)]

# The CEL conditional chain, first match wins; no message = no error for this container.
mustRunAsError(c) = msg {
	not c.hasRunAsUser
	msg := concat("", [c.path, ".securityContext.runAsUser: Required value"])
} else = msg {
	not inRanges(c.runAsUser)
	msg := sprintf("%s.securityContext.runAsUser: Invalid value: %d: must be in the ranges: %s", [c.path, c.runAsUser, rangesText])
}

mustRunAsNonRootErrors := [m | rule == "MustRunAsNonRoot"; some c in effective; m := mustRunAsNonRootError(c)]

mustRunAsNonRootError(c) = msg {
	not c.hasRunAsNonRoot
	not c.hasRunAsUser
	msg := concat("", [c.path, ".securityContext.runAsNonRoot: Required value: must be true"])
} else = msg {
	c.hasRunAsNonRoot
	not c.runAsNonRoot
	msg := concat("", [c.path, ".securityContext.runAsNonRoot: Invalid value: false: must be true"])
} else = msg {
	c.hasRunAsUser
	c.runAsUser == 0
	msg := concat("", [c.path, ".securityContext.runAsUser: Invalid value: 0: running with the root UID is forbidden"])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	not rule in ["MustRunAs", "MustRunAsNonRoot", "RunAsAny"]
	msg := sprintf("runAsUser: unsupported rule \"%s\": every pod is denied (fail closed)", [rule])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(mustRunAsErrors) > 0
	msg := concat("; ", mustRunAsErrors)
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(mustRunAsNonRootErrors) > 0
	msg := concat("; ", mustRunAsNonRootErrors)
}
