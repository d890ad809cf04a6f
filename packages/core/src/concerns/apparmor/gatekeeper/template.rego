# Psp2gkAppArmor — mirror of template.cel.yaml, rule for rule (same helper names, same messages).
package psp2gkapparmor

import future.keywords.in

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

containers := array.concat(
	array.concat(object.get(input.review.object.spec, "containers", []), object.get(input.review.object.spec, "initContainers", [])),
	object.get(input.review.object.spec, "ephemeralContainers", []),
)

annotations := object.get(input.review.object.metadata, "annotations", {})

hasAllowedList {
	_ = input.parameters.allowedProfiles
}

allowedProfiles := object.get(input.parameters, "allowedProfiles", [])

defaultProfile := object.get(input.parameters, "defaultProfile", "")

profiles := [p |
	c := containers[_]
	key := concat("", ["container.apparmor.security.beta.kubernetes.io/", c.name])
	p := {"key": key, "profile": object.get(annotations, key, "")}
]

# An allowed list requires a profile. So does a default: PSP writes it, Gatekeeper cannot (the
# annotation key depends on the container name), so the container must carry it already.
profileRequired {
	hasAllowedList
}

profileRequired {
	defaultProfile != ""
}

profileNotSet := [p | profileRequired; p := profiles[_]; p.profile == ""]

profileNotAllowed := [p | hasAllowedList; p := profiles[_]; p.profile != ""; not p.profile in allowedProfiles]

defaultHint = "" {
	defaultProfile == ""
} else = sprintf(" (PSP would default it to %v; Gatekeeper cannot write per-container annotations)", [defaultProfile])

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(profileNotSet) > 0
	msg := concat("; ", [m | p := profileNotSet[_]; m := sprintf("metadata.annotations[%v]: AppArmor profile must be set%v", [p.key, defaultHint])])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(profileNotAllowed) > 0
	msg := concat("; ", [m |
		p := profileNotAllowed[_]
		m := sprintf("metadata.annotations[%v]: %v is not an allowed profile. Allowed values: \"%v\"", [p.key, p.profile, concat(",", allowedProfiles)])
	])
}
