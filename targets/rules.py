"""How the targets stage gates the project library: a project cannot start (执行中) without an
approved target for the year [001][002 三(一)]: 未通过审核的绩效目标不得进入预算编制."""

from django.utils.translation import gettext as _

from budgets.library import start_check
from budgets.models import today


@start_check
def approved_target_required(project):
    from targets.models import Target

    year = min(max(today().year, project.start_year), project.end_year)
    if not Target.objects.filter(project=project, year=year).approved().exists():
        return _("项目 %(year)s 年度的绩效目标尚未批复，不能开始执行。") % {"year": year}
    return None
