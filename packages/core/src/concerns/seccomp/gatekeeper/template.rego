# Psp2gkSeccomp — mirror of template.cel.yaml, rule for rule (same helper names, same messages).
package psp2gkseccomp

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
	_ = input.parameters.allowedProfileNames
}

allowedProfileNames := object.get(input.parameters, "allowedProfileNames", [])

allowAny {
	"*" in allowedProfileNames
}

# docker/default and runtime/default are interchangeable (Kubernetes PR #95985).
runtimeDefaultListed {
	some p in allowedProfileNames
	p in ["runtime/default", "docker/default"]
}

podAnnotation := object.get(annotations, "seccomp.security.alpha.kubernetes.io/pod", "")

hasPodField {
	_ = input.review.object.spec.securityContext.seccompProfile
}

# A seccompProfile field read as its annotation string (CEL writes this expression inline).
fieldProfile(f) = "unconfined" {
	f.type == "Unconfined"
} else = "runtime/default" {
	f.type == "RuntimeDefault"
} else = concat("", ["localhost/", f.localhostProfile]) {
	f.type == "Localhost"
	is_string(f.localhostProfile)
} else = ""

podField = fieldProfile(input.review.object.spec.securityContext.seccompProfile) {
	hasPodField
} else = ""

# Pod profile: the pod annotation, else the pod field.
podProfile = podAnnotation {
	podAnnotation != ""
} else = podField

# A container's profile: container field → container annotation, even empty → pod field → pod annotation.
containerProfile(c) = fieldProfile(c.securityContext.seccompProfile) {
	_ = c.securityContext.seccompProfile
} else = v {
	v := annotations[concat("", ["container.seccomp.security.alpha.kubernetes.io/", c.name])]
} else = podField {
	hasPodField
} else = podAnnotation

# Every profile PSP checks: the pod's, then each container's, keyed by the annotation PSP names.
profiles := array.concat(
	[{"key": "seccomp.security.alpha.kubernetes.io/pod", "profile": podProfile}],
	[p | c := containers[_]; p := {"key": concat("", ["container.seccomp.security.alpha.kubernetes.io/", c.name]), "profile": containerProfile(c)}],
)

# No allowed list: any non-empty profile is refused.
notSettable := [p | not hasAllowedList; p := profiles[_]; p.profile != ""]

profileAllowed(profile) {
	profile in allowedProfileNames
}

profileAllowed(profile) {
	runtimeDefaultListed
	profile in ["runtime/default", "docker/default"]
}

notAllowed := [p | hasAllowedList; not allowAny; p := profiles[_]; not profileAllowed(p.profile)]

# The API server refuses a pod whose pod annotation and pod field disagree; checked here too, because
# the default annotation written by the mutator can disagree with a pod field (finding
# seccomp-default-vs-field).
podAnnotationMismatch {
	podAnnotation != ""
	hasPodField
	podAnnotation != podField
	not dockerDefaultForRuntimeDefault
}

dockerDefaultForRuntimeDefault {
	podAnnotation == "docker/default"
	podField == "runtime/default"
}

# The API server refuses an empty seccomp annotation (not a valid profile); checked here too, because
# PSP's default would fill an empty pod annotation and the mutator cannot (finding
# seccomp-empty-annotation-not-defaulted).
seccompAnnotationKey(k) {
	k == "seccomp.security.alpha.kubernetes.io/pod"
}

seccompAnnotationKey(k) {
	startswith(k, "container.seccomp.security.alpha.kubernetes.io/")
}

emptyAnnotations := [k | v := annotations[k]; seccompAnnotationKey(k); v == ""]

# On UPDATE PSP never writes the default: a pod stored without a pod profile may not gain the
# default one (the mutator runs on UPDATE too; finding mutation-not-on-update).
oldPodHasProfile {
	input.review.operation != "UPDATE"
}

oldPodHasProfile {
	object.get(object.get(input.review.oldObject.metadata, "annotations", {}), "seccomp.security.alpha.kubernetes.io/pod", "") != ""
}

oldPodHasProfile {
	_ = input.review.oldObject.spec.securityContext.seccompProfile
}

defaultProfileName := object.get(input.parameters, "defaultProfileName", "")

profileAddedOnUpdate {
	not oldPodHasProfile
	defaultProfileName != ""
	podAnnotation == defaultProfileName
}

# On CREATE PSP writes its default into a pod without a pod profile, then validates it: a default its
# own list does not allow refuses every such pod — also where the default is not written.
defaultRefused {
	object.get(input.review, "operation", "") != "UPDATE"
	podProfile == ""
	defaultProfileName != ""
	not hasAllowedList
}

defaultRefused {
	object.get(input.review, "operation", "") != "UPDATE"
	podProfile == ""
	defaultProfileName != ""
	hasAllowedList
	not allowAny
	not profileAllowed(defaultProfileName)
}

# On UPDATE PSP would copy a pod field into a missing annotation, so it refuses such a pod.
hasPodAnnotation {
	_ = annotations["seccomp.security.alpha.kubernetes.io/pod"]
}

annotationMissingOnUpdate {
	input.review.operation == "UPDATE"
	not hasPodAnnotation
	hasPodField
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(notSettable) > 0
	msg := concat("; ", [m | p := notSettable[_]; m := sprintf("metadata.annotations[%v]: seccomp may not be set", [p.key])])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(notAllowed) > 0
	msg := concat("; ", [m |
		p := notAllowed[_]
		m := sprintf("metadata.annotations[%v]: %v is not an allowed seccomp profile. Valid values are %v", [p.key, p.profile, concat(",", allowedProfileNames)])
	])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	podAnnotationMismatch
	msg := sprintf("metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: seccomp profile %v and spec.securityContext.seccompProfile %v must match", [podAnnotation, podField])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(emptyAnnotations) > 0
	msg := concat("; ", [m | k := emptyAnnotations[_]; m := sprintf("metadata.annotations[%v]: an empty seccomp profile is not valid", [k])])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	profileAddedOnUpdate
	msg := sprintf("metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: %v: a pod stored without a seccomp profile may not get the default one on update", [podAnnotation])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	defaultRefused
	msg := sprintf("metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: %v (the default) is not an allowed seccomp profile: a pod without a seccomp profile is refused", [defaultProfileName])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	annotationMissingOnUpdate
	msg := sprintf("metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: must be set on update when spec.securityContext.seccompProfile is set (%v)", [podField])
}
