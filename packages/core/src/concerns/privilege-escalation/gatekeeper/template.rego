# Psp2gkPrivilegeEscalation (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `allowPrivilegeEscalation: false`: every container's securityContext.allowPrivilegeEscalation
# must be exactly false (unset and true are refused).
package psp2gkprivilegeescalation

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

containers := array.concat(
	array.concat(object.get(input.review.object.spec, "initContainers", []), object.get(input.review.object.spec, "containers", [])),
	object.get(input.review.object.spec, "ephemeralContainers", [])
)

escalatingContainers := [c.name |
	c := containers[_]
	object.get(c, ["securityContext", "allowPrivilegeEscalation"], null) != false
]

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(escalatingContainers) > 0
	msg := sprintf("securityContext.allowPrivilegeEscalation: Allowing privilege escalation for containers is not allowed (must be false; containers: %s)", [concat(", ", escalatingContainers)])
}
