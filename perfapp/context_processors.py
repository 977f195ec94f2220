"""Navigation by role for the base layout."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import ADMIN_ROLES, BUSINESS_ROLES, Role
from accounts.scoping import scope_of

#: (label, url name, roles that see it). Later stages append their entries.
NAV_ITEMS = [
    (_("我的待办"), "home", set(Role)),
    (
        _("领导驾驶舱"),
        "dashboards:dashboard",
        {Role.LEADER, Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER, Role.DEPT_OFFICER, Role.AUDITOR},
    ),
    (_("项目库"), "budgets:project_list", BUSINESS_ROLES),
    (_("事前绩效评估"), "assessments:assessment_list", BUSINESS_ROLES),
    (
        _("数据导入"),
        "budgets:import_list",
        {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER, Role.DEPT_OFFICER, Role.UNIT_OFFICER},
    ),
    (_("绩效目标"), "targets:target_list", BUSINESS_ROLES),
    (_("指标库"), "targets:library", BUSINESS_ROLES),
    (_("绩效监控"), "monitoring:report_list", BUSINESS_ROLES),
    (_("预警"), "monitoring:warning_list", BUSINESS_ROLES),
    (_("绩效自评"), "evaluation:self_list", BUSINESS_ROLES - {Role.EXPERT}),
    (_("评价管理"), "evaluation:evaluation_list", BUSINESS_ROLES),
    (
        _("抽查复核"),
        "evaluation:spot_check_list",
        {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER, Role.DEPT_OFFICER, Role.LEADER, Role.AUDITOR},
    ),
    (
        _("评价报告导出"),
        "evaluation:auditor_exports",
        {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER, Role.LEADER, Role.AUDITOR},
    ),
    (_("历史自评导入"), "evaluation:historical_import_list", {Role.FINANCE_ADMIN}),
    (_("整改台账"), "results:rectification_list", BUSINESS_ROLES - {Role.EXPERT}),
    (_("评价结果反馈"), "results:feedback_list", BUSINESS_ROLES - {Role.EXPERT}),
    (
        _("预算挂钩"),
        "results:linkage_list",
        {
            Role.FINANCE_ADMIN,
            Role.FINANCE_REVIEWER,
            Role.DEPT_OFFICER,
            Role.UNIT_OFFICER,
            Role.LEADER,
            Role.AUDITOR,
        },
    ),
    (
        _("问责"),
        "results:accountability_list",
        BUSINESS_ROLES - {Role.EXPERT},
    ),
    (
        _("部门与市县评价"),
        "dashboards:scorecard_list",
        {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER, Role.DEPT_OFFICER, Role.LEADER, Role.AUDITOR},
    ),
    (
        _("跨年度对比"),
        "dashboards:years_overview",
        {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER, Role.DEPT_OFFICER, Role.LEADER, Role.AUDITOR},
    ),
    (_("信息公开"), "results:disclosure_list", {Role.FINANCE_ADMIN}),
    (_("年度与政策参数"), "budgets:year_list", {Role.FINANCE_ADMIN, Role.LEADER, Role.AUDITOR}),
    (_("用户与机构"), "accounts:user_list", {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}),
    (_("审计日志"), "audit_log", {Role.AUDIT_ADMIN}),
    (_("消息中心"), "notification_list", set(Role)),
    (_("后台任务"), "job_list", BUSINESS_ROLES),
]


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        roles = scope_of(user).roles
        for label, name, who in NAV_ITEMS:
            if roles & set(who):
                try:
                    url = reverse(name)
                except NoReverseMatch:
                    continue
                items.append({"label": label, "url": url, "active": False})
        # Highlight only the entry whose URL is the longest prefix of this page (指标库 lies under 绩效目标).
        matching = [
            i
            for i in items
            if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))
        ]
        if matching:
            max(matching, key=lambda i: len(i["url"]))["active"] = True
        return {
            "nav_items": items,
            "site_title": settings.SITE_TITLE,
            "user_roles": [Role(r).label for r in sorted(roles)],
            "is_admin_role": bool(roles & ADMIN_ROLES),
        }
    return {"nav_items": items, "site_title": settings.SITE_TITLE}
