"""事前绩效评估报告 as PDF (perfapp.documents.render_pdf: WeasyPrint with the Noto CJK fonts).

One layout (templates/assessments/pdf/report.html): the project, the five dimensions with the unit's
argument and finance's opinion, the yearly needs with the approved amounts, the expert panel's
means and grade (individual scores only for those who may see the panel), the conclusion and the
joint review. The view scopes and audits the download.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from assessments import experts as ex
from assessments import rules
from assessments.models import Dimension, JointReview, PriorAssessment
from perfapp.documents import render_pdf


def report_context(assessment: PriorAssessment, user) -> dict:
    rows = {d.dimension: d for d in assessment.dimensions.all()}
    points = rules.points_of(assessment)
    needs = list(assessment.spending_needs.all())
    summary = ex.can_see_summary(user, assessment)
    result = ex.result(assessment) if summary else None
    return {
        "title": _("%(name)s事前绩效评估报告") % {"name": assessment.project.name},
        "assessment": assessment,
        "project": assessment.project,
        "dimensions": [
            {"label": label, "points": points[value], "row": rows.get(value)}
            for value, label in Dimension.choices
        ],
        "needs": needs,
        "needs_total": sum((n.amount for n in needs), 0),
        "reasons": rules.needs_assessment(assessment.project),
        "result": result,
        "panel": result.rows if result and ex.can_see_panel(user, assessment) else None,
        "joint_reviews": list(JointReview.objects.visible_to(user).filter(project_id=assessment.project_id)),
    }


def assessment_pdf(assessment: PriorAssessment, user) -> bytes:
    return render_pdf("assessments/pdf/report.html", report_context(assessment, user))
