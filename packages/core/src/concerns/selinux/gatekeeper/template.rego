# Psp2gkSELinux: PSP spec.seLinux MustRunAs on the pod's own seLinuxOptions and on every container's
# effective options (its own object, else the pod's; init, regular and ephemeral containers): all four
# fields must equal the PSP's, level also when both are <sensitivity>:<categories> with the same
# sensitivity and the same categories as a multiset.
# Mirror of template.cel.yaml, rule for rule: each CEL variable is the Rego rule of the same name.
package psp2gkselinux

import future.keywords.every
import future.keywords.in

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

params = input.parameters {
	is_object(input.parameters)
} else = {}

rule := object.get(params, "rule", "")

hasWanted {
	is_object(params.seLinuxOptions)
}

wanted = params.seLinuxOptions {
	hasWanted
} else = {}

wantedLevel := object.get(wanted, "level", "")

wantedRole := object.get(wanted, "role", "")

wantedType := object.get(wanted, "type", "")

wantedUser := object.get(wanted, "user", "")

wantedSensitivity = sensitivity {
	contains(wantedLevel, ":")
	sensitivity := substring(wantedLevel, 0, indexof(wantedLevel, ":"))
} else = ""

wantedCategories = categories {
	contains(wantedLevel, ":")
	categories := split(substring(wantedLevel, indexof(wantedLevel, ":") + 1, -1), ",")
} else = []

podSecurityContext := object.get(input.review.object.spec, "securityContext", {})

containers := array.concat(array.concat(
	[{"path": concat("", ["spec.initContainers[name: ", c.name, "]"]), "securityContext": object.get(c, "securityContext", {})} |
		some c in object.get(input.review.object.spec, "initContainers", [])],
	[{"path": concat("", ["spec.containers[name: ", c.name, "]"]), "securityContext": object.get(c, "securityContext", {})} |
		some c in object.get(input.review.object.spec, "containers", [])]),
	[{"path": concat("", ["spec.ephemeralContainers[name: ", c.name, "]"]), "securityContext": object.get(c, "securityContext", {})} |
		some c in object.get(input.review.object.spec, "ephemeralContainers", [])])

options := array.concat(podOptions, containerOptions)

# The first part of CEL's options: the pod's own seLinuxOptions.
podOptions := [{
	"path": "spec.securityContext.seLinuxOptions",
	"present": has(podSecurityContext, "seLinuxOptions", {}),
	"options": object.get(podSecurityContext, "seLinuxOptions", {}),
}]

# The second part of CEL's options: each container's effective seLinuxOptions.
containerOptions := [{
	"path": concat("", [c.path, ".securityContext.seLinuxOptions"]),
	"present": has(c.securityContext, "seLinuxOptions", podSecurityContext),
	"options": object.get(c.securityContext, "seLinuxOptions", object.get(podSecurityContext, "seLinuxOptions", {})),
} | some c in containers]

# CEL's has(container.x) || has(pod.x): the container's own key, else the pod's.
has(sc, key, pod) = true {
	_ = sc[key]
} else = true {
	_ = pod[key]
} else = false

effective := [{
	"path": o.path,
	"present": o.present,
	"level": object.get(o.options, "level", ""),
	"role": object.get(o.options, "role", ""),
	"type": object.get(o.options, "type", ""),
	"user": object.get(o.options, "user", ""),
} | some o in options]

seLinuxErrors := [m | rule == "MustRunAs"; some e in effective; m := seLinuxError(e); m != ""]

seLinuxError(e) = msg {
	not e.present
	msg := concat("", [e.path, ": Required value"])
} else = msg {
	msg := concat("; ", [m | some m in [
		levelError(e),
		roleError(e),
		typeError(e),
		userError(e),
	]; m != ""])
}

levelError(e) = "" {
	levelMatches(e.level)
} else = msg {
	msg := sprintf("%s.level: Invalid value: \"%s\": must be %s", [e.path, e.level, wantedLevel])
}

roleError(e) = "" {
	e.role == wantedRole
} else = msg {
	msg := sprintf("%s.role: Invalid value: \"%s\": must be %s", [e.path, e.role, wantedRole])
}

typeError(e) = "" {
	e.type == wantedType
} else = msg {
	msg := sprintf("%s.type: Invalid value: \"%s\": must be %s", [e.path, e.type, wantedType])
}

userError(e) = "" {
	e.user == wantedUser
} else = msg {
	msg := sprintf("%s.user: Invalid value: \"%s\": must be %s", [e.path, e.user, wantedUser])
}

# The level test inlined in CEL's seLinuxErrors: equal strings, or same sensitivity and the same
# categories with the same counts.
levelMatches(level) {
	level == wantedLevel
}

levelMatches(level) {
	contains(wantedLevel, ":")
	contains(level, ":")
	substring(level, 0, indexof(level, ":")) == wantedSensitivity
	categories := split(substring(level, indexof(level, ":") + 1, -1), ",")
	count(categories) == count(wantedCategories)
	every x in wantedCategories {
		count([y | some y in wantedCategories; y == x]) == count([y | some y in categories; y == x])
	}
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	not rule in ["MustRunAs", "RunAsAny"]
	msg := sprintf("seLinux: unsupported rule \"%s\": every pod is denied (fail closed)", [rule])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	rule == "MustRunAs"
	not hasWanted
	msg := "seLinux: MustRunAs without seLinuxOptions: every pod is denied (fail closed)"
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(seLinuxErrors) > 0
	msg := concat("; ", seLinuxErrors)
}
