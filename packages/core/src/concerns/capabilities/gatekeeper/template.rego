# Psp2gkCapabilities — mirror of template.cel.yaml, rule for rule (same helper names, same messages).
package psp2gkcapabilities

import future.keywords.in

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

containers := array.concat(
	array.concat(object.get(input.review.object.spec, "containers", []), object.get(input.review.object.spec, "initContainers", [])),
	object.get(input.review.object.spec, "ephemeralContainers", []),
)

allowedCapabilities := object.get(input.parameters, "allowedCapabilities", [])

defaultAddCapabilities := object.get(input.parameters, "defaultAddCapabilities", [])

requiredDropCapabilities := object.get(input.parameters, "requiredDropCapabilities", [])

allowAll {
	"*" in allowedCapabilities
}

hasCapabilities(c) {
	_ = c.securityContext.capabilities
}

# Containers without a capabilities object, when the policy defaults capabilities.
capabilitiesNotSet := [c |
	count(defaultAddCapabilities) + count(requiredDropCapabilities) > 0
	c := containers[_]
	not hasCapabilities(c)
]

# Containers with a capabilities object: only they are checked further (as in PSP).
withCapabilities := [w |
	c := containers[_]
	hasCapabilities(c)
	w := {
		"name": c.name,
		"add": object.get(c.securityContext.capabilities, "add", []),
		"drop": object.get(c.securityContext.capabilities, "drop", []),
	}
]

notAllowed(a) {
	not a in defaultAddCapabilities
	not a in allowedCapabilities
}

hasAddNotAllowed(c) {
	some a in c.add
	notAllowed(a)
}

addNotAllowed := [c | not allowAll; c := withCapabilities[_]; hasAddNotAllowed(c)]

hasDropMissing(c) {
	some r in requiredDropCapabilities
	not r in c.drop
}

dropMissing := [c | not allowAll; c := withCapabilities[_]; hasDropMissing(c)]

# A default the container does not drop must be in add: PSP writes it on CREATE, and on UPDATE a pod
# PSP would still change is refused. Gatekeeper's mutators write it, so this only refuses a pod the
# mutators did not reach (an update of an older pod, or no mutators installed).
hasDefaultAddMissing(c) {
	some d in defaultAddCapabilities
	not d in c.add
	not d in c.drop
}

defaultAddMissing := [c | c := withCapabilities[_]; hasDefaultAddMissing(c)]

# Stricter than PSP (finding capabilities-dropped-default-add): a default capability that is both
# added and dropped. PSP leaves a default out of `add` when the container drops it; Gatekeeper's
# ModifySet cannot, and runtimes disagree on which list wins, so such containers are refused.
hasDefaultAddDropped(c) {
	some d in defaultAddCapabilities
	d in c.add
	d in c.drop
}

defaultAddDropped := [c | c := withCapabilities[_]; hasDefaultAddDropped(c)]

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(capabilitiesNotSet) > 0
	msg := concat("; ", [m | c := capabilitiesNotSet[_]; m := sprintf("container %v: securityContext.capabilities: required capabilities are not set on the securityContext", [c.name])])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(addNotAllowed) > 0
	msg := concat("; ", [m |
		c := addNotAllowed[_]
		m := sprintf("container %v: securityContext.capabilities.add: %v: capability may not be added", [c.name, concat(", ", [a | a := c.add[_]; notAllowed(a)])])
	])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(dropMissing) > 0
	msg := concat("; ", [m |
		c := dropMissing[_]
		m := sprintf("container %v: securityContext.capabilities.drop: %v: required to be dropped but was not found", [c.name, concat(", ", [r | r := requiredDropCapabilities[_]; not r in c.drop])])
	])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(defaultAddMissing) > 0
	msg := concat("; ", [m |
		c := defaultAddMissing[_]
		m := sprintf("container %v: securityContext.capabilities.add: %v: default capability is not added", [c.name, concat(", ", [d | d := defaultAddCapabilities[_]; not d in c.add; not d in c.drop])])
	])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(defaultAddDropped) > 0
	msg := concat("; ", [m |
		c := defaultAddDropped[_]
		m := sprintf("container %v: securityContext.capabilities: %v: default capability is both added and dropped (PSP would leave it out of add; Gatekeeper's mutation cannot, so psp2gk refuses the container)", [c.name, concat(", ", [d | d := defaultAddCapabilities[_]; d in c.add; d in c.drop])])
	])
}
