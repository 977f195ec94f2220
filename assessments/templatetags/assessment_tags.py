"""`{% prior_assessment_block project %}`: the project's prior assessment and joint review, shown on
the project page and in the target review so reviewers see them [002 三(一)][000 #16]."""

from django import template

from accounts.scoping import scope_of
from assessments import rules
from assessments.models import JointReview, PriorAssessment

register = template.Library()


@register.inclusion_tag("assessments/partials/project_block.html", takes_context=True)
def prior_assessment_block(context, project):
    """Nothing when the project needs neither and has neither; the assessment only when the user
    may see it (visible_to)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if project is None or user is None or scope_of(user).is_empty:
        return {"show": False}
    library_rules = rules.rules_for(project)
    reasons = rules.needs_assessment(project, library_rules)
    joint_reason = rules.needs_joint_review(project, library_rules)
    assessment = (
        PriorAssessment.objects.visible_to(user)
        .filter(project_id=project.pk)
        .order_by("-created_at", "-id")
        .first()
    )
    review = (
        JointReview.objects.visible_to(user)
        .filter(project_id=project.pk)
        .order_by("-meeting_date", "-id")
        .first()
    )
    show = bool(reasons or joint_reason or assessment or review)
    return {
        "show": show,
        "project": project,
        "reasons": reasons,
        "joint_reason": joint_reason,
        "assessment": assessment,
        "review": review,
        "gate": rules.admission_problems(project) if show else [],
        "can_create": show and rules.can_create_assessment(user, project)[0],
        "can_record": bool(joint_reason) and rules.can_record_joint_review(user, project)[0],
    }
