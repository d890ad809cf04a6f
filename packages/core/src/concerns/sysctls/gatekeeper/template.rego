# Psp2gkSysctls — mirror of template.cel.yaml, rule for rule (same helper names, same messages).
package psp2gksysctls

import future.keywords.in

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

sysctls := [n |
	entries := object.get(input.review.object, ["spec", "securityContext", "sysctls"], [])
	s := entries[_]
	n := object.get(s, "name", "")
]

forbiddenSysctls := object.get(input.parameters, "forbiddenSysctls", [])

safeSysctls := object.get(input.parameters, "safeSysctls", [])

allowedUnsafeSysctls := object.get(input.parameters, "allowedUnsafeSysctls", [])

# A pattern ending in "*" is a plain string prefix; any other pattern is an exact name.
matchesPattern(n, p) {
	endswith(p, "*")
	startswith(n, substring(p, 0, count(p) - 1))
}

matchesPattern(n, p) {
	not endswith(p, "*")
	n == p
}

forbiddenNames := [n | n := sysctls[_]; matchesAnyForbidden(n)]

matchesAnyForbidden(n) {
	some p in forbiddenSysctls
	matchesPattern(n, p)
}

unsafeNames := [n |
	n := sysctls[_]
	not n in forbiddenNames
	not n in safeSysctls
	not matchesAnyAllowedUnsafe(n)
]

matchesAnyAllowedUnsafe(n) {
	some p in allowedUnsafeSysctls
	matchesPattern(n, p)
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(forbiddenNames) > 0
	msg := concat(", ", [m | n := forbiddenNames[_]; m := sprintf("spec.securityContext.sysctls: sysctl \"%v\" is not allowed", [n])])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(unsafeNames) > 0
	msg := concat(", ", [m | n := unsafeNames[_]; m := sprintf("spec.securityContext.sysctls: unsafe sysctl \"%v\" is not allowed", [n])])
}
