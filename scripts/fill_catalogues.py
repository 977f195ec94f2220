"""Fill the translation catalogues after `makemessages`.

Message ids are the Chinese UI text, so:
- locale/zh_Hans: every msgstr is its msgid (a complete catalogue; fuzzy guesses are dropped);
- locale/en: existing English translations are kept; empty or fuzzy entries are filled from the
  EN table below where it knows the text, otherwise left empty (the page then shows the Chinese).

Re-run it whenever strings are added:

    DEBUG=1 .venv/bin/python manage.py makemessages -l zh_Hans -l en \
        --ignore=.venv --ignore=node_modules --ignore=var
    .venv/bin/python scripts/fill_catalogues.py [--missing]
    DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules

`--missing` lists the English entries still untranslated. Standard library only (no polib).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"

# English for the Chinese message ids. Placeholders must match the msgid exactly.
EN: dict[str, str | tuple[str, str]] = {
    # Navigation, shell, buttons
    # Targets stage (issue 3)
    "驳回时须说明理由。": "Give a reason when rejecting.",
    "只有财政绩效管理员可以维护指标库。": "Only the finance performance administrator maintains the indicator library.",
    "只有主管部门可以提议新增指标。": "Only a competent department can propose new indicators.",
    "该指标不是待确认状态。": "This indicator is not awaiting confirmation.",
    "确认指标 %(obj)s": "Confirmed indicator %(obj)s",
    "驳回指标 %(obj)s": "Rejected indicator %(obj)s",
    "要比较的另一版本": "Other version to compare",
    "绩效目标被主管部门退回": "Performance target returned by the department",
    "绩效目标被财政退回，请修改后重新申报": "Performance target returned by finance; revise and resubmit",
    "绩效目标须按审核意见完善": "Performance target must be revised as the review requires",
    "绩效目标审核未通过": "Performance target rejected in review",
    "绩效目标已批复": "Performance target approved",
    "待初审绩效目标：%(n)s": "Targets awaiting department review: %(n)s",
    "待财政审核绩效目标：%(n)s": "Targets awaiting finance review: %(n)s",
    "预算绩效管理系统": "Budget Performance Management System",
    "我的待办": "My to-do list",
    "项目库": "Project library",
    "数据导入": "Data import",
    "年度与政策参数": "Fiscal years and policy",
    "用户与机构": "Users and organizations",
    "审计日志": "Audit log",
    "后台任务": "Background jobs",
    "登录": "Log in",
    "退出": "Log out",
    "修改密码": "Change password",
    "语言": "Language",
    "关闭": "Close",
    "保存": "Save",
    "提交": "Submit",
    "取消": "Cancel",
    "返回": "Back",
    "查询": "Search",
    "搜索": "Search",
    "筛选": "Filter",
    "重置": "Reset",
    "导出": "Export",
    "导出 Excel": "Export to Excel",
    "导入": "Import",
    "上传": "Upload",
    "下载": "Download",
    "下载模板": "Download template",
    "确定": "OK",
    "确认": "Confirm",
    "编辑": "Edit",
    "查看": "View",
    "详情": "Details",
    "新建": "Create",
    "修改": "Edit",
    "删除": "Delete",
    "操作": "Actions",
    "事项": "Item",
    "数量": "Count",
    "暂无待办事项。": "Nothing is waiting for you.",
    "未读消息": "Unread messages",
    "没有未读消息。": "No unread messages.",
    "第 {page} 页 / 共 {pages} 页": "Page {page} of {pages}",
    "上一页": "Previous",
    "下一页": "Next",
    "是": "Yes",
    "否": "No",
    "无": "None",
    "其他": "Other",
    # Login, passwords, sessions
    "用户名": "Username",
    "密码": "Password",
    "原密码": "Current password",
    "新密码": "New password",
    "确认新密码": "Confirm new password",
    "密码已修改。": "Your password has been changed.",
    "用户名或密码错误，或账号已被锁定，请稍后再试。": (
        "Wrong username or password, or the account is locked. Please try again later."
    ),
    "密码已超过有效期，请修改密码。": "Your password has expired. Please change it.",
    "首次登录或密码已过期，请先修改密码。": (
        "This is your first login or your password has expired: please change your password first."
    ),
    "密码须包含大写字母、小写字母、数字、特殊字符中的至少 %(n)d 类。": (
        "The password must contain at least %(n)d of: upper-case letters, lower-case letters, digits, "
        "special characters."
    ),
    "密码不能包含用户名。": "The password must not contain the username.",
    "新密码不能与最近 %(n)d 次使用过的密码相同。": (
        "The new password must differ from your last %(n)d passwords."
    ),
    "账号已停用。": "This account has been disabled.",
    "登录已超过 12 小时，请重新登录。": "You have been logged in for over 12 hours. Please log in again.",
    "长时间未操作，会话已超时，请重新登录。": "Your session timed out after inactivity. Please log in again.",
    # Roles
    "财政绩效管理员": "Finance performance administrator",
    "财政业务科室审核人": "Finance division reviewer",
    "主管部门经办人": "Department officer",
    "预算单位经办人": "Budget unit officer",
    "领导": "Leader",
    "审计监督人员": "Auditor",
    "评审专家/第三方机构人员": "Expert / third-party agency staff",
    "系统管理员": "System administrator",
    "安全管理员": "Security administrator",
    "安全审计员": "Audit administrator",
    # Organizations and people
    "机构与用户": "Organizations and users",
    "省": "Province",
    "市": "City",
    "县（区）": "County (district)",
    "区划代码": "Region code",
    "名称": "Name",
    "级次": "Level",
    "上级区划": "Parent region",
    "行政区划": "Region",
    "财政局": "Finance bureau",
    "主管部门": "Competent department",
    "预算单位": "Budget unit",
    "第三方机构": "Third-party agency",
    "类型": "Type",
    "机构代码": "Organization code",
    "上级机构": "Parent organization",
    "归口业务科室": "Managing finance division",
    "主管部门由哪个财政业务科室归口管理": "The finance division that manages this department",
    "启用": "Active",
    "机构": "Organization",
    "业务科室": "Finance division",
    "姓名": "Full name",
    "电话": "Phone",
    "所属机构": "Organization",
    "须修改密码": "Must change password",
    "密码修改时间": "Password changed at",
    "用户": "User",
    "角色": "Role",
    "授权人": "Granted by",
    "授权时间": "Granted at",
    "角色授权": "Role assignment",
    "专家": "Expert",
    "项目": "Project",
    "任务": "Assignment",
    "有效": "Active",
    "指派时间": "Assigned at",
    "专家指派": "Expert assignment",
    # Fiscal years, policy, deadlines
    "年度": "Year",
    "当前年度": "Current year",
    "预算年度": "Fiscal year",
    "版本": "Version",
    "参数": "Parameters",
    "生效日期": "Effective from",
    "修改说明": "Change note",
    "修改人": "Changed by",
    "修改时间": "Changed at",
    "绩效管理政策参数": "Performance management policy",
    "项目申报入库": "Project declaration and admission",
    "绩效目标申报": "Performance target declaration",
    "绩效运行监控": "Performance monitoring",
    "绩效自评": "Self-evaluation",
    "部门评价": "Department evaluation",
    "财政重点评价": "Fiscal key evaluation",
    "环节": "Stage",
    "截止日期": "Deadline",
    "说明": "Notes",
    "%(name)s：数据截至 %(as_of)s，%(due)s 前报送": "%(name)s: data as of %(as_of)s, due by %(due)s",
    "自评分值合计须为 100 分，当前为 %(total)s 分。": (
        "Self-evaluation weights must total 100 points; they total %(total)s."
    ),
    "评价等级分数线须从高到低排列，且最低一档从 0 分起。": (
        "Grade thresholds must be in descending order and the lowest band must start at 0."
    ),
    "%(name)s须在 0 到 100%% 之间。": "%(name)s must be between 0 and 100%%.",
    "指标框架只能是 2020 或 2021。": "The indicator framework must be 2020 or 2021.",
    "重大项目金额标准不能为负数。": "The major-project threshold cannot be negative.",
    "%(name)s不能为负数。": "%(name)s cannot be negative.",
    "%(name)s须为正整数。": "%(name)s must be a positive whole number.",
    "日期格式须为“月-日”，如 05-31：%(value)s": "Dates must be month-day, e.g. 05-31: %(value)s",
    "政策参数格式错误：%(path)s 应为对象": "Invalid policy: %(path)s must be an object",
    "未知的政策参数：%(keys)s": "Unknown policy parameters: %(keys)s",
    "政策参数 %(path)s 应为列表": "Policy parameter %(path)s must be a list",
    "政策参数 %(path)s 的值无效：%(value)s": "Invalid value for policy parameter %(path)s: %(value)s",
    # Projects, fund categories, budget types, fund sources
    "政策补贴类": "Policy subsidies",
    "产业扶持类": "Industry support",
    "基础设施建设类": "Infrastructure",
    "运转保障类": "Operations",
    "公共服务类": "Public services",
    "转移支付类": "Transfer payments",
    "政府投资基金类": "Government investment funds",
    "一般公共预算": "General public budget",
    "政府性基金预算": "Government fund budget",
    "国有资本经营预算": "State capital operation budget",
    "社会保险基金预算": "Social insurance fund budget",
    "本级财政": "Own-level finance",
    "上级转移支付": "Transfer from higher level",
    "专项债券": "Special-purpose bonds",
    "一般债券": "General bonds",
    "新增项目": "New project",
    "延续项目": "Continuing project",
    "调整项目": "Adjusted project",
    "项目编码": "Project code",
    "项目名称": "Project name",
    "资金类别": "Fund category",
    "功能分类科目": "Functional classification",
    "如 2050201": "e.g. 2050201",
    "预算类型": "Budget type",
    "资金来源": "Fund source",
    "起始年度": "First year",
    "结束年度": "Last year",
    "项目总金额（元）": "Total amount (yuan)",
    "项目负责人": "Project manager",
    "联系电话": "Contact phone",
    "项目性质": "Project type",
    "重大项目": "Major project",
    "项目概述": "Summary",
    "状态": "Status",
    "创建人": "Created by",
    "创建时间": "Created at",
    "更新时间": "Updated at",
    # Project statuses and transitions
    "储备": "Reserve",
    "申报": "Declared",
    "初审通过": "Passed department review",
    "退回": "Returned",
    "入库": "Admitted",
    "不予入库": "Not admitted",
    "执行中": "In progress",
    "已完结": "Completed",
    "初审退回": "Returned by department",
    "审核入库": "Admit to library",
    "退回修改": "Return for changes",
    "开始执行": "Start",
    "项目完结": "Complete",
    "被主管部门退回": "Returned by the department",
    "被财政退回": "Returned by finance",
    "已入库": "Admitted",
    "待初审：%(name)s": "Awaiting department review: %(name)s",
    "待入库审核：%(name)s": "Awaiting admission: %(name)s",
    "项目%(verb)s：%(name)s": "Project %(verb)s: %(name)s",
    "只有预算单位经办人可以新建本单位项目。": "Only a budget unit officer can create projects for their unit.",
    "只有本单位经办人可以修改项目。": "Only an officer of the project's unit can edit it.",
    "项目处于“%(status)s”状态，不能修改；只有储备或退回的项目可以修改。": (
        "The project is “%(status)s” and cannot be edited; only reserve or returned projects can."
    ),
    # Allocations, expenditures, imports
    "预算安排": "Allocation",
    "预算执行": "Expenditure",
    "排队中": "Queued",
    "导入中": "Importing",
    "已导入": "Imported",
    "导入失败": "Import failed",
    "数据类型": "Data type",
    "文件名": "File name",
    "文件": "File",
    "文件指纹": "File fingerprint",
    "进度": "Progress",
    "行数": "Rows",
    "错误": "Errors",
    "上传人": "Uploaded by",
    "上传时间": "Uploaded at",
    "完成时间": "Finished at",
    "导入批次": "Import batch",
    "年初预算数（元）": "Initial budget (yuan)",
    "调整数（元）": "Adjustment (yuan)",
    "全年预算数（元）": "Annual budget (yuan)",
    "已细化到项目": "Assigned to projects",
    "支付日期": "Payment date",
    "金额（元）": "Amount (yuan)",
    "凭证号": "Voucher number",
    "摘要": "Description",
    "支出记录": "Expenditure record",
    # Audit, workflow, notifications, jobs
    "登录失败": "Failed login",
    "账号锁定": "Account locked",
    "会话超时": "Session expired",
    "流程流转": "Transition",
    "数据导出": "Data export",
    "权限变更": "Permission change",
    "账号变更": "Account change",
    "政策参数变更": "Policy change",
    "越权访问": "Refused access",
    "报告生成": "Report rendered",
    "评分": "Scoring",
    "催办提醒": "Reminder",
    "时间": "Time",
    "事件类型": "Event type",
    "操作人": "Actor",
    "操作人账号": "Actor username",
    "对象类型": "Object type",
    "对象编号": "Object id",
    "IP 地址": "IP address",
    "审计事件": "Audit event",
    "原状态": "From status",
    "新状态": "To status",
    "意见": "Comment",
    "流程记录": "Transition record",
    "接收人": "Recipient",
    "标题": "Title",
    "内容": "Body",
    "链接": "Link",
    "已读时间": "Read at",
    "消息": "Message",
    "处理中": "Running",
    "已完成": "Done",
    "失败": "Failed",
    "任务类型": "Job type",
    "结果文件": "Result file",
    "SHA-256": "SHA-256",
    "结果": "Result",
    "错误信息": "Error",
    "发起人": "Requested by",
    "开始时间": "Started at",
    "最近心跳": "Last heartbeat",
    "最后归档事件编号": "Last archived event id",
    "最后归档事件哈希": "Last archived event hash",
    "归档事件数": "Archived events",
    "归档文件": "Archive file",
    "归档文件 SHA-256": "Archive file SHA-256",
    "归档时间": "Archived at",
    "审计日志归档点": "Audit log checkpoint",
    "该记录已被他人修改，请刷新后重试（您填写的内容已保留）。": (
        "Someone else changed this record. Reload and try again (your input has been kept)."
    ),
    "修改 %(obj)s": "Edit %(obj)s",
    "不存在的操作：%(name)s": "No such action: %(name)s",
    "当前状态（%(state)s）不允许此操作。": "This action is not allowed in the current status (%(state)s).",
    "您没有权限执行此操作。": "You do not have permission to do this.",
    # Targets and indicators
    "定性": "Qualitative",
    "产出指标": "Output indicators",
    "效益指标": "Benefit indicators",
    "满意度指标": "Satisfaction indicators",
    "成本指标": "Cost indicators",
    "待确认": "Pending",
    "已确认": "Confirmed",
    "已驳回": "Rejected",
    "一级指标": "Level-1 indicator",
    "二级指标": "Level-2 indicator",
    "三级指标": "Level-3 indicator",
    "计量单位": "Unit of measure",
    "指标性质": "Indicator type",
    "指标解释": "Definition",
    "数据来源": "Data source",
    "适用资金类别": "Fund categories",
    "适用功能分类": "Functional classifications",
    "适用项目类型": "Project types",
    "参考值": "Reference value",
    "提议部门": "Proposed by",
    "驳回理由": "Reason for rejection",
    "绩效指标库": "Indicator library",
    "项目支出绩效目标": "Project performance target",
    "部门整体支出绩效目标": "Department overall performance target",
    "政策绩效目标": "Policy performance target",
    "填报中": "Draft",
    "待部门初审": "Awaiting department review",
    "待财政审核": "Awaiting finance review",
    "按意见完善": "Revise as advised",
    "审核未通过": "Not approved",
    "已批复": "Approved",
    "已公开": "Published",
    "目标类型": "Target type",
    "填报单位": "Reporting unit",
    "年度总体目标": "Overall annual goal",
    "实施期总体目标": "Overall goal for the period",
    "年度资金总额（元）": "Annual funds (yuan)",
    "专项资金": "Special funds",
    "审核轮次": "Review round",
    "调整版本号": "Adjustment version",
    "调整原因": "Reason for adjustment",
    "上一版本": "Previous version",
    "涉密": "Classified",
    "公开": "Public",
    "审核等级": "Review grade",
    "填报人": "Prepared by",
    "绩效目标": "Performance target",
    "项目尚未入库，不能批复其绩效目标。": (
        "The project is not in the library yet; its target cannot be approved."
    ),
    "指标库模板": "Library template",
    "指标值": "Target value",
    "定性指标值": "Qualitative target",
    "分值": "Weight",
    "上年实际值": "Last year's actual",
    "排序": "Order",
    "绩效指标": "Performance indicator",
    "主管部门初审": "Department review",
    "财政审核": "Finance review",
    "优": "Excellent",
    "良": "Good",
    "中": "Fair",
    "差": "Poor",
    "审核环节": "Review stage",
    "轮次": "Round",
    "审核人": "Reviewer",
    "完整性": "Completeness",
    "相关性": "Relevance",
    "适当性": "Appropriateness",
    "可行性": "Feasibility",
    "通过": "Approve",
    "审核意见": "Review opinion",
    "审核时间": "Reviewed at",
    "绩效目标审核意见": "Target review opinion",
    "退回时须填写退回理由。": "Give a reason when returning.",
    "请选择审核等级（优、良、中、差）。": "Choose a review grade (excellent, good, fair, poor).",
    "评为“良”“中”“差”时须填写审核意见。": "A grade of good, fair or poor needs a review opinion.",
    "只有已批复的绩效目标可以调整。": "Only an approved target can be adjusted.",
    "请说明调整原因（预算调整或其他特殊原因）。": (
        "Explain the adjustment (a budget adjustment or another special reason)."
    ),
    "该目标已有调整中的新版本。": "This target already has an adjustment in progress.",
    "目标": "Target",
    "指标": "Indicator",
    "存在": "Present",
    "已删除": "Deleted",
    "新增": "Added",
    "至少需要一个产出指标。": "At least one output indicator is required.",
    "至少需要一个效益指标。": "At least one benefit indicator is required.",
    "本年度指标框架不使用该一级指标。": "This year's indicator framework does not use this level-1 indicator.",
    "二级指标应为：%(names)s": "The level-2 indicator must be one of: %(names)s",
    "请填写三级指标名称。": "Enter the level-3 indicator name.",
    "定性指标的指标值应为：%(g)s": "A qualitative indicator's value must be one of: %(g)s",
    "定量指标须填写数值。": "A quantitative indicator needs a number.",
    "定量指标须填写计量单位。": "A quantitative indicator needs a unit of measure.",
    "定量指标不填写定性指标值。": "A quantitative indicator has no qualitative value.",
    "同一一级指标下的分值须全部填写或全部不填。": (
        "Within one level-1 indicator, give weights to all indicators or to none."
    ),
    "%(group)s的分值合计应为 %(points)s 分，当前为 %(total)s 分。": (
        "The weights of %(group)s must total %(points)s points; they total %(total)s."
    ),
    "请填写年度总体目标。": "Enter the overall annual goal.",
    "第 %(n)d 个指标：": "Indicator %(n)d: ",
    "“%(n)s”没有量化的指标值。": "“%(n)s” has no quantified target value.",
    "“%(n)s”没有计量单位。": "“%(n)s” has no unit of measure.",
    "“%(n)s”的指标值不优于上年实际值（%(v)s），目标可能偏低。": (
        "“%(n)s” is not better than last year's actual (%(v)s): the target may be too low."
    ),
    "“%(n)s”表述含糊（%(w)s），难以衡量。": "“%(n)s” is vague (%(w)s) and hard to measure.",
    "“%(n)s”与其他指标重复。": "“%(n)s” duplicates another indicator.",
    "效益指标全部为定性指标，缺少可衡量的效益。": (
        "All benefit indicators are qualitative: no measurable benefit."
    ),
    "以满意度代替效益指标。": "Satisfaction is used in place of a benefit indicator.",
    "单位产出成本 %(c)s 元，与同类项目中位数 %(m)s 元相差较大。": (
        "Cost per output of %(c)s yuan is far from the median of comparable projects (%(m)s yuan)."
    ),
    "产出数量 × 单价 = %(i)s 元，与年度资金 %(a)s 元不符。": (
        "Output quantity × unit price = %(i)s yuan, which does not match the annual funds of %(a)s yuan."
    ),
    # Account administration (三员分立)
    "创建账号 %(username)s": "Created account %(username)s",
    "修改账号 %(username)s": "Changed account %(username)s",
    "启用账号 %(username)s": "Enabled account %(username)s",
    "停用账号 %(username)s": "Disabled account %(username)s",
    "重置账号 %(username)s 的密码": "Reset the password of %(username)s",
    "授予 %(username)s 角色：%(role)s（%(org)s）": "Granted %(username)s the role %(role)s (%(org)s)",
    "撤销 %(username)s 角色：%(role)s（%(org)s）": "Revoked the role %(role)s (%(org)s) from %(username)s",
    "解除账号 %(username)s 的登录锁定": "Unlocked account %(username)s",
    "新建机构 %(name)s": "Created organization %(name)s",
    "修改机构 %(name)s": "Changed organization %(name)s",
    "新建%(what)s %(name)s": "Created %(what)s %(name)s",
    "修改%(what)s %(name)s": "Changed %(what)s %(name)s",
    "上级机构不能是机构本身。": "An organization cannot be its own parent.",
    "%(kind)s的上级机构应为%(expected)s。": "The parent of a %(kind)s must be a %(expected)s.",
    "预算单位必须隶属于一个主管部门。": "A budget unit must belong to a competent department.",
    "只有主管部门需要指定归口业务科室。": "Only a competent department has a managing finance division.",
    "归口业务科室须属于本级财政局。": "The managing division must belong to the finance bureau of the same level.",
    "三员分立：同一账号不能同时担任系统管理员、安全管理员、安全审计员中的两个角色。": (
        "Separation of duties: one account cannot hold two of system, security and audit administrator."
    ),
    "三员分立：管理员角色不能与业务角色兼任。": (
        "Separation of duties: an administrator role cannot be combined with a business role."
    ),
    "三员分立：管理员账号不能再授予业务角色。": (
        "Separation of duties: an administrator account cannot be given a business role."
    ),
    "角色“%(role)s”只能在%(kinds)s授予。": "The role “%(role)s” can only be granted in: %(kinds)s.",
    "财政业务科室审核人须指定业务科室。": "A finance division reviewer needs a division.",
    "业务科室须属于授权的财政局。": "The division must belong to the granting finance bureau.",
    "只有财政业务科室审核人需要指定业务科室。": "Only a finance division reviewer has a division.",
    "只有系统管理员或安全管理员可以查看账号。": "Only the system or security administrator can view accounts.",
    "只有系统管理员可以创建账号。": "Only the system administrator can create accounts.",
    "只有系统管理员可以修改账号信息。": "Only the system administrator can change accounts.",
    "不能停用或启用自己的账号。": "You cannot disable or enable your own account.",
    "请通过“修改密码”页面修改自己的密码。": "Change your own password on the “Change password” page.",
    "只有安全管理员可以授予或撤销角色。": "Only the security administrator can grant or revoke roles.",
    "管理员不能为自己授予或撤销角色。": "An administrator cannot grant or revoke their own roles.",
    "该用户在此机构已拥有此角色。": "The user already has this role in this organization.",
    "账号已停用，不能授权。": "The account is disabled and cannot be given roles.",
    "只有安全管理员可以解除账号锁定。": "Only the security administrator can unlock accounts.",
    "只有安全管理员可以查看安全策略。": "Only the security administrator can view the security policy.",
    "只有系统管理员可以维护机构、行政区划和业务科室。": (
        "Only the system administrator can maintain organizations, regions and divisions."
    ),
    "只有系统管理员或安全管理员可以查看机构设置。": (
        "Only the system or security administrator can view the organization set-up."
    ),
    "请先修改初始密码后再使用系统。": "Please change your initial password before using the system.",
    "您的角色无权访问此功能。": "Your role cannot use this function.",
    "您的角色只能查看，不能修改。": "Your role can view but not change.",
    # Policy pages and API
    "只有本级财政绩效管理员可以设置该年度的政策参数和截止日期。": (
        "Only this region's finance performance administrator can set the year's policy and deadlines."
    ),
    "政策参数格式错误：应为对象": "Invalid policy: an object is expected",
    "政策参数没有变化。": "The policy has not changed.",
    "生效日期不能早于当前版本的生效日期（%(date)s）。": (
        "The effective date cannot be before that of the current version (%(date)s)."
    ),
    "%(year)s 政策参数 v%(old)s → v%(new)s": "%(year)s policy v%(old)s → v%(new)s",
    "%(year)s 政策参数更新为第 %(version)s 版": "%(year)s policy updated to version %(version)s",
    "现行政策参数版本": "Current policy version",
    "现行政策参数（含默认值）": "Current policy (with defaults)",
    "与上一版本相比": "Compared with the previous version",
    "您修改所依据的现行版本号；期间有人保存了新版本则返回 409": (
        "The current version your change is based on; 409 if someone saved a newer one meanwhile"
    ),
    "要修改的参数（按节嵌套）；未提交的参数沿用现行版本": (
        "The parameters to change (nested by section); the others keep their current values"
    ),
    "生效日期，默认今天": "Effective date, today by default",
    "现行政策参数及全部版本": "Current policy and all versions",
    "保存政策参数新版本": "Save a new policy version",
    "2020 版（产出/效益/满意度）": "2020 framework (output / benefit / satisfaction)",
    "2021 版（成本单列）": "2021 framework (cost as its own level)",
    "日期格式须为“月-日”，如 05-31。": "Dates must be month-day, e.g. 05-31.",
    "请填写生效日期。": "Enter the effective date.",
    "请填写修改说明。": "Enter a change note.",
    "“%(label)s”等级最低分": "Lowest score for “%(label)s”",
    "新建截止日期 %(obj)s": "Created deadline %(obj)s",
    "修改截止日期 %(obj)s": "Changed deadline %(obj)s",
    "删除截止日期 %(obj)s": "Deleted deadline %(obj)s",
    # Project pages, forms and API
    "只有预算单位经办人可以新建项目。": "Only a budget unit officer can create projects.",
    "无法确定项目所属的预算单位，请联系系统管理员。": (
        "The project's budget unit cannot be determined; please contact the system administrator."
    ),
    "只有本单位的预算单位经办人可以修改项目。": "Only an officer of the project's own unit can edit it.",
    "项目当前状态为“%(state)s”，只有储备或退回的项目可以修改。": (
        "The project is “%(state)s”; only reserve or returned projects can be edited."
    ),
    "财政退回": "Returned by finance",
    "修改时必填：您看到的版本号；期间有人修改过则返回 409": (
        "Required when editing: the version you saw; 409 if someone changed it meanwhile"
    ),
    "修改项目时须提供您看到的版本号。": "Give the version you saw when editing a project.",
    "结束年度不能早于起始年度。": "The last year cannot be before the first year.",
    "操作：submit 申报、dept_approve 初审通过、dept_return 初审退回、admit 审核入库等": (
        "Action: submit, dept_approve, dept_return, admit, …"
    ),
    "您看到的项目版本号": "The project version you saw",
    "当前用户现在可以执行的操作": "Actions the current user can take now",
    "年度（项目期间覆盖该年）": "Year (the project period covers it)",
    "项目总金额不低于（元）": "Total amount at least (yuan)",
    "项目总金额不高于（元）": "Total amount at most (yuan)",
    "项目总金额不低于（万元）": "Total amount at least (10,000 yuan)",
    "项目总金额不高于（万元）": "Total amount at most (10,000 yuan)",
    "项目编码、名称或负责人": "Project code, name or manager",
    "项目编码或名称": "Project code or name",
    "支付日期起": "Paid from",
    "支付日期止": "Paid until",
    "新建项目 %(obj)s": "Created project %(obj)s",
    "流程记录及当前用户可执行的操作": "Transition history and the actions the current user can take",
    "执行流程操作（申报、初审、入库……）": "Perform a transition (submit, review, admit, …)",
    "%(year)s年全年预算数（元）": "%(year)s annual budget (yuan)",
    "%(year)s年执行数（元）": "%(year)s spent (yuan)",
    "%(year)s年执行率（%%）": "%(year)s execution rate (%%)",
    "全部主管部门": "All departments",
    "全部预算单位": "All budget units",
    "全部类别": "All categories",
    "全部预算类型": "All budget types",
    "留空则自动生成": "Leave empty to generate one",
    "请至少选择一个资金来源。": "Choose at least one fund source.",
    "“%(value)s”不是列表中的资金来源。": "“%(value)s” is not one of the fund sources.",
    "年度不能早于 2000 年。": "The year cannot be before 2000.",
    "年度不能晚于 2100 年。": "The year cannot be after 2100.",
    "项目总金额不能为负数。": "The total amount cannot be negative.",
    "请输入有效的金额。": "Enter a valid amount.",
    "金额最多保留两位小数。": "Amounts have at most two decimal places.",
    "项目编码已存在，请换一个。": "This project code is already used; choose another.",
    "请填写项目名称。": "Enter the project name.",
    "请填写项目负责人。": "Enter the project manager.",
    "请填写名称。": "Enter the name.",
    "请填写截止日期。": "Enter the deadline.",
    "请输入有效的日期。": "Enter a valid date.",
    "请填写此项。": "This field is required.",
    "请输入有效的数字。": "Enter a valid number.",
    "不能小于 %(limit_value)s。": "Cannot be less than %(limit_value)s.",
    "不能大于 %(limit_value)s。": "Cannot be more than %(limit_value)s.",
    "金额（万元）": "Amount (10,000 yuan)",
    "序号": "No.",
    # Fund categories of [000 #4–#9]
    "高质量发展专项资金": "High-quality development funds",
    "重大项目资金": "Major project funds",
    "政务运行类资金": "Government operation funds",
    "城市运维类资金": "City operation and maintenance funds",
    "民生类资金": "Livelihood funds",
    "应急稳定类资金": "Emergency and stability funds",
    "政府投资基金": "Government investment fund",
    # Jobs, documents, notifications
    "未知的任务类型：%(kind)s": "Unknown job type: %(kind)s",
    "任务执行失败，请稍后重试；如仍失败，请联系系统管理员。": (
        "The job failed. Try again later; if it fails again, contact the system administrator."
    ),
    "示例 PDF 文档": "Sample PDF document",
    "示例文档": "Sample document",
    "已将 %(count)s 条消息标为已读。": "Marked %(count)s messages as read.",
    "下载任务结果：%(name)s": "Downloaded job result: %(name)s",
    # Audit log pages
    "只有安全审计员可以查看审计日志。": "Only the audit administrator can view the audit log.",
    "越权访问审计日志：%(path)s": "Refused access to the audit log: %(path)s",
    "开始日期": "From",
    "结束日期": "To",
    "关键字": "Keyword",
    "全部": "All",
    "结束日期不能早于开始日期。": "The end date cannot be before the start date.",
    "审计日志完整：共 %(count)s 条记录，哈希链校验通过。": (
        "The audit log is intact: %(count)s records, hash chain verified."
    ),
    "审计日志校验未通过：%(problem)s": "Audit log verification failed: %(problem)s",
    "筛选条件有误，请修改后再导出。": "The filter is invalid; correct it before exporting.",
    "导出审计日志": "Export the audit log",
    "编号": "ID",
    "前一条哈希": "Previous hash",
    "本条哈希": "Hash",
    "生成时间": "Created at",
    "校验哈希链": "Verify the hash chain",
    "审计日志只追加、不可修改，每条记录保存前一条记录的哈希值；记录至少保存 %(days)s 天，到期归档后仍可校验。": (
        "The audit log is append-only: each record keeps the previous record's hash. Records are kept "
        "at least %(days)s days and can still be verified after archiving."
    ),
    "清除条件": "Clear filters",
    "共 %(counter)s 条记录": ("%(counter)s record", "%(counter)s records"),
    "对象": "Object",
    "没有符合条件的记录。": "No matching records.",
    # Account administration pages
    "停用": "Disabled",
    "全部机构": "All organizations",
    "全部角色": "All roles",
    "未授权": "No role",
    "用户名、姓名、电话": "Username, name or phone",
    "登录用的账号名，创建后不能修改。": "The name used to log in; it cannot be changed later.",
    "仅财政业务科室审核人需要指定，决定其归口管理的主管部门。": (
        "Only for finance division reviewers: decides which departments they manage."
    ),
    "%(username)s 会话结束：%(reason)s": "Session of %(username)s ended: %(reason)s",
    "超过最长登录时限": "maximum session length reached",
    "长时间未操作": "inactive too long",
    "%(username)s 会话结束：账号已停用": "Session of %(username)s ended: account disabled",
    "登录已超过最长时限，请重新登录。": "Your session reached its maximum length. Please log in again.",
    "会话已结束，请重新登录。": "Your session has ended. Please log in again.",
    "已保存。": "Saved.",
    "新建机构": "New organization",
    "修改机构：%(name)s": "Edit organization: %(name)s",
    "新建行政区划": "New region",
    "修改行政区划：%(name)s": "Edit region: %(name)s",
    "新建业务科室": "New finance division",
    "修改业务科室：%(name)s": "Edit finance division: %(name)s",
    "账号已创建。初始密码只显示这一次，请妥善交给本人。": (
        "Account created. The initial password is shown only once: hand it to the user safely."
    ),
    "新建账号": "New account",
    "账号信息已保存。": "Account saved.",
    "修改账号：%(name)s": "Edit account: %(name)s",
    "账号已启用。": "Account enabled.",
    "账号已停用，其登录会话将在下一次访问时结束。": "Account disabled; its sessions end on their next request.",
    "已重置密码。新的初始密码只显示这一次，用户下次登录须修改。": (
        "Password reset. The new initial password is shown only once; the user must change it at next login."
    ),
    "角色已授予。": "Role granted.",
    "角色已撤销。": "Role revoked.",
    "已解除账号 %(username)s 的登录锁定。": "Account %(username)s unlocked.",
    "机构管理": "Organizations",
    "名称或机构代码": "Name or organization code",
    "全部类型": "All types",
    "账号数": "Accounts",
    "没有符合条件的机构。": "No matching organizations.",
    "账号": "Account",
    "行政区划与业务科室": "Regions and finance divisions",
    "安全策略与锁定账号": "Security policy and locked accounts",
    "暂无行政区划。": "No regions yet.",
    "财政业务科室": "Finance divisions",
    "归口部门数": "Managed departments",
    "暂无业务科室。": "No finance divisions yet.",
    "授予角色": "Grant a role",
    "为 %(name)s 授予角色": "Grant a role to %(name)s",
    "授予": "Grant",
    "安全策略": "Security policy",
    "当前安全策略": "Current security policy",
    "密码最小长度": "Minimum password length",
    "%(n)s 个字符": "%(n)s characters",
    "密码字符类别": "Password character classes",
    "大写、小写、数字、特殊字符中至少 %(n)s 类": (
        "At least %(n)s of upper case, lower case, digits, special characters"
    ),
    "密码不得包含用户名": "Password must not contain the username",
    "不得重复使用的历史密码": "Previous passwords that cannot be reused",
    "最近 %(n)s 次": "Last %(n)s",
    "密码最长使用期限": "Maximum password age",
    "%(n)s 天（政策参数）": "%(n)s days (policy)",
    "登录失败锁定": "Lockout after failed logins",
    "连续失败 %(n)s 次锁定 %(m)s 分钟": "%(n)s failures in a row lock the account for %(m)s minutes",
    "会话空闲超时": "Idle session timeout",
    "%(n)s 分钟（管理员 %(m)s 分钟）": "%(n)s minutes (administrators %(m)s minutes)",
    "会话最长时限": "Maximum session length",
    "%(n)s 小时": "%(n)s hours",
    "当前被锁定的账号": "Currently locked accounts",
    "最近失败时间": "Last failure",
    "解除锁定": "Unlock",
    "没有被锁定的账号。": "No locked accounts.",
    "另有 %(n)s 个不属于本辖区或不存在的用户名因登录失败被锁定，到期自动解除。": (
        "%(n)s more usernames outside your jurisdiction or not existing are locked after failed logins; "
        "the locks expire by themselves."
    ),
    "返回列表": "Back to the list",
    "初始密码（只显示这一次）": "Initial password (shown only once)",
    "请当面或通过安全渠道交给本人；用户首次登录时必须修改密码。": (
        "Hand it over in person or through a secure channel; the user must change it at first login."
    ),
    "基本信息": "Details",
    "电子邮箱": "Email",
    "登录已锁定": "Login locked",
    "最近登录": "Last login",
    "修改信息": "Edit details",
    "确定停用该账号？其登录会话将立即结束。": "Disable this account? Its sessions end at once.",
    "停用账号": "Disable account",
    "启用账号": "Enable account",
    "确定重置该账号的密码？": "Reset this account's password?",
    "重置密码": "Reset password",
    "确定撤销该角色？": "Revoke this role?",
    "撤销": "Revoke",
    "尚未授予任何角色。": "No roles granted yet.",
    "三员分立：同一账号不能兼任两个管理员角色，管理员角色不能与业务角色兼任。": (
        "Separation of duties: one account cannot hold two administrator roles, nor an administrator "
        "role together with a business role."
    ),
    "系统将生成初始密码（只显示一次），用户首次登录须修改密码。新账号没有任何角色，由安全管理员授权。": (
        "The system generates an initial password (shown once) that the user must change at first login. "
        "A new account has no role until the security administrator grants one."
    ),
    "账号管理": "Accounts",
    "已锁定": "Locked",
    "没有符合条件的账号。": "No matching accounts.",
    "已删除的用户": "Deleted user",
    # Shell, errors, pagination
    "消息中心": "Messages",
    "无权访问": "Access denied",
    "返回我的待办": "Back to my to-do list",
    "页面不存在": "Page not found",
    "您访问的页面不存在，或不在您的管理范围内。": "The page does not exist or is outside your scope.",
    "您的角色不能访问业务数据。": "Your role cannot access business data.",
    "分页": "Pagination",
    "第 %(n)s / %(total)s 页": "Page %(n)s of %(total)s",
    "第 %(number)s / %(total)s 页": "Page %(number)s of %(total)s",
    "共 %(count)s 条": "%(count)s in total",
    "首页": "First",
    "末页": "Last",
    "返回数据导入": "Back to data import",
    "操作未完成：": "Not done:",
    "系统": "System",
    "当前": "Current",
    "默认": "Default",
    "年": "year",
    "元": "yuan",
    "万元": "10,000 yuan",
    "创建": "Create",
    "行": "Row",
    "列": "Column",
    "原因": "Reason",
    "工作表": "Sheet",
    "小计": "Subtotal",
    "我的": "Mine",
    "本地区全部": "Whole region",
    "批次": "Batch",
    # Notifications and jobs
    "全部标为已读": "Mark all as read",
    "全部消息": "All messages",
    "未读": "Unread",
    "已读": "Read",
    "标为已读": "Mark as read",
    "暂无消息。": "No messages.",
    "报告生成、大批量导出等耗时操作在后台执行，完成后可在此下载结果。": (
        "Long work such as reports and large exports runs in the background; download the results here."
    ),
    "暂无后台任务。": "No background jobs.",
    "下载结果": "Download the result",
    "文件指纹（SHA-256）": "File fingerprint (SHA-256)",
    "任务执行失败。": "The job failed.",
    "任务正在处理，页面会自动刷新进度。": "The job is running; this page updates its progress by itself.",
    # Audit log page
    "校验未通过": "Verification failed",
    "校验时间": "Verified at",
    "校验通过": "Verified",
    "共 %(count)s 条记录，哈希链完整，未发现篡改、删除或顺序改动。": (
        "%(count)s records; the hash chain is intact: nothing edited, deleted or reordered."
    ),
    # Project library pages
    "项目库与预算": "Project library and budgets",
    "退回或不予入库时须填写意见。": "A comment is required to return or refuse a project.",
    "储备项目待申报": "Reserve projects to declare",
    "被退回的项目待修改后重新申报": "Returned projects to revise and declare again",
    "单位申报的项目待初审": "Declared projects awaiting department review",
    "初审通过的项目待入库审核": "Reviewed projects awaiting admission",
    "待初审项目": "Projects awaiting department review",
    "待入库审核项目": "Projects awaiting admission",
    "导出项目库 %(rows)s 行": "Exported %(rows)s project rows",
    "项目库-%(year)s年-%(date)s.xlsx": "projects-%(year)s-%(date)s.xlsx",
    "只读角色不能办理项目流程。": "Read-only roles cannot act on projects.",
    "“%(action)s”须填写意见，说明需要修改的内容。": "“%(action)s” needs a comment saying what must change.",
    "已办理“%(action)s”：%(name)s": "Done “%(action)s”: %(name)s",
    "新建项目 %(project)s": "Created project %(project)s",
    "项目已保存为储备项目，可继续修改或提交申报。": (
        "The project is saved as a reserve project; you can keep editing it or declare it."
    ),
    "项目已保存。": "Project saved.",
    "办理": "Act",
    "“%(action)s”意见": "Comment for “%(action)s”",
    "请说明需要修改的内容（必填）": "Say what must change (required)",
    "确认%(action)s": "Confirm: %(action)s",
    "项目期间": "Project period",
    "项目总金额": "Total amount",
    "%(year)s 年度预算执行": "%(year)s budget execution",
    "年初预算数（万元）": "Initial budget (10,000 yuan)",
    "全年预算数（万元）": "Annual budget (10,000 yuan)",
    "执行数（截至 %(d)s，万元）": "Spent (to %(d)s, 10,000 yuan)",
    "执行率": "Execution rate",
    "序时进度": "Time progress",
    "预算执行进度（执行率 − 序时进度，百分点）": "Execution progress (execution rate − time progress, points)",
    "预算到项目率": "Share budgeted to projects",
    "预算支出率": "Spending rate",
    "执行数、执行率和三项共性指标均由系统根据预算安排和支出记录计算，不可手工填写。": (
        "Spending, the execution rate and the three common indicators are computed from allocations and "
        "expenditure records; they cannot be typed in."
    ),
    "尚无预算安排。": "No allocations yet.",
    "共 %(n)s 笔，合计 %(total)s 元；显示最近 %(shown)s 笔。": (
        "%(n)s payments totalling %(total)s yuan; showing the latest %(shown)s."
    ),
    "尚无支出记录。": "No expenditure records yet.",
    "流转记录": "Transitions",
    "办理人": "By",
    "状态变化": "Status change",
    "尚无流转记录。": "No transitions yet.",
    "修改记录": "Change history",
    "状态：": "Status:",
    "尚无修改记录。": "No changes yet.",
    "修改项目": "Edit project",
    "新建项目": "New project",
    "预算单位：%(unit)s（主管部门：%(dept)s）。单位由您的账号确定，不可更改。": (
        "Budget unit: %(unit)s (department: %(dept)s). The unit comes from your account and cannot be changed."
    ),
    "全部项目": "All projects",
    "部分筛选条件无效，已忽略：": "Some filters were invalid and ignored:",
    "期间": "Period",
    "项目总金额（万元）": "Total amount (10,000 yuan)",
    "%(year)s年全年预算数（万元）": "%(year)s annual budget (10,000 yuan)",
    "%(year)s年执行率": "%(year)s execution rate",
    "重大": "Major",
    "没有符合条件的项目。": "No matching projects.",
    "共 %(n)s 个项目": "%(n)s projects",
    "，第 %(i)s / %(n)s 页": ", page %(i)s of %(n)s",
    "%(yuan)s 元（%(wan)s 万元）": "%(yuan)s yuan (%(wan)s × 10,000 yuan)",
    # Fiscal years, policy and deadlines pages
    "按政策参数生成 %(n)s 个截止日期": "Generated %(n)s deadlines from the policy",
    "只有本地区财政绩效管理员可以修改年度政策参数和截止日期。": (
        "Only this region's finance performance administrator can change the year's policy and deadlines."
    ),
    "政策参数已保存为第 %(version)s 版。": "Policy saved as version %(version)s.",
    "新增截止日期 %(d)s": "Added deadline %(d)s",
    "截止日期已保存。": "Deadline saved.",
    "修改截止日期 %(d)s": "Changed deadline %(d)s",
    "已按政策参数生成 %(n)s 个截止日期。": "Generated %(n)s deadlines from the policy.",
    "各环节的截止日期均已设置，未新增。": "Every stage already has a deadline; nothing added.",
    "修改截止日期": "Edit deadline",
    "新增截止日期": "Add deadline",
    "修改政策参数": "Edit policy",
    "当前为第 %(v)s 版。保存后生成新版本，原版本保留不变，已按原版本办理的事项不受影响。": (
        "This is version %(v)s. Saving creates a new version; the old one is kept, and work done under "
        "it is not affected."
    ),
    "请修改下列标出的错误后再保存。": "Correct the errors marked below, then save.",
    "保存为新版本": "Save as a new version",
    "现行政策参数（第 %(v)s 版，%(d)s 起施行）": "Current policy (version %(v)s, in force from %(d)s)",
    "现行政策参数（系统默认值）": "Current policy (system defaults)",
    "按政策生成": "Generate from the policy",
    "尚未设置截止日期。": "No deadlines yet.",
    "版本记录": "Versions",
    "第 %(n)s 版": "Version %(n)s",
    "%(d)s 起施行": "In force from %(d)s",
    "初始版本": "Initial version",
    "原值": "Old value",
    "新值": "New value",
    "参数未变化": "No change",
    "尚无保存的版本，使用系统默认值。": "No saved version yet; the system defaults apply.",
    "政策参数版本": "Policy version",
    "%(y)s 年度": "Fiscal year %(y)s",
    "暂无预算年度。": "No fiscal years yet.",
    # Imports
    "支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码）": ".xlsx and .csv (UTF-8 or GB18030) are accepted",
    "导入成功，共 %(n)s 行。": "Imported %(n)s rows.",
    "导入失败，未写入任何数据，请查看下方的错误说明。": "Import failed; nothing was written. See the errors below.",
    "文件较大，已转入后台导入，本页会自动显示进度。": (
        "The file is large and is being imported in the background; this page shows the progress."
    ),
    "%(kind)s导入模板.xlsx": "%(kind)s import template.xlsx",
    "项目库中的项目编码，须为您管理范围内的项目": "A project code from the library, within your scope",
    "四位年度，如 2026，须在项目实施期内": "Four-digit year such as 2026, within the project period",
    "填写：%(labels)s": "One of: %(labels)s",
    "单位：元，最多两位小数，可用千分位逗号": "Yuan, at most two decimals; thousands separators allowed",
    "单位：元，可为负数；不填视为 0": "Yuan, may be negative; empty means 0",
    "填写“是”或“否”：年初是否已细化到具体项目（预算到项目率）": (
        "“是” (yes) or “否” (no): assigned to a specific project at the start of the year"
    ),
    "如 2026-03-15、2026/3/15 或 2026年3月15日，须在所填年度内": (
        "Such as 2026-03-15, 2026/3/15 or 2026年3月15日, within the given year"
    ),
    "单位：元，最多两位小数；负数表示冲销或退回，不能为 0": (
        "Yuan, at most two decimals; negative for reversals or refunds; not 0"
    ),
    "国库支付凭证号；同一项目的凭证号不能重复": "Treasury voucher number; unique within a project",
    "不超过 200 字": "At most 200 characters",
    "填写说明": "Instructions",
    "列名": "Column",
    "是否必填": "Required",
    "填写要求": "What to enter",
    "必填": "Required",
    "选填": "Optional",
    "第 2 行是示例，导入前请删除；表头请勿修改。": "Row 2 is an example: delete it before importing. Do not change the header.",
    "请直接填写数值，不要使用公式；含公式的文件将被拒绝。": "Enter values, not formulas: a file with formulas is refused.",
    "整个文件全部正确才会导入；有任何一行错误，将不导入任何数据。": (
        "The file is imported only if every row is correct; one bad row and nothing is imported."
    ),
    "同一项目、年度、资金来源已有预算安排的，导入数据将覆盖原数据。": (
        "An existing allocation for the same project, year and fund source is overwritten."
    ),
    "已导入过的凭证号不能再次导入。": "A voucher number already imported cannot be imported again.",
    "请从下拉列表中选择": "Choose from the list",
    "仅支持 .xlsx 和 .csv 文件，请下载模板填写后上传。": (
        "Only .xlsx and .csv files are accepted: download the template, fill it in and upload it."
    ),
    "文件不是有效的 Excel（.xlsx）文件，请用 Excel 另存为 .xlsx 后重新上传。": (
        "This is not a valid Excel (.xlsx) file. Save it as .xlsx in Excel and upload it again."
    ),
    "文件解压后过大，可能不是正常的 Excel 文件，已拒绝。": (
        "The file is too large when unpacked and may not be a normal Excel file: refused."
    ),
    "无法读取该 Excel 文件：文件已损坏、已加密或含有不安全的内容。": (
        "The Excel file cannot be read: it is damaged, encrypted or contains unsafe content."
    ),
    "无法读取该 Excel 文件：文件已损坏或含有不安全的内容。": (
        "The Excel file cannot be read: it is damaged or contains unsafe content."
    ),
    "不支持 UTF-16 编码的 CSV 文件，请另存为 UTF-8 或 GB18030（GBK）编码。": (
        "UTF-16 CSV files are not supported; save it as UTF-8 or GB18030 (GBK)."
    ),
    "无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030（GBK）编码。": (
        "The CSV file's encoding is not recognised; save it as UTF-8 or GB18030 (GBK)."
    ),
    "CSV 文件格式错误（第 %(row)s 行）：%(error)s": "Malformed CSV file (row %(row)s): %(error)s",
    "金额应为数字": "The amount must be a number",
    "金额格式不正确，应为数字，如 1,234,567.89": "Invalid amount: enter a number such as 1,234,567.89",
    "金额超出范围": "The amount is out of range",
    "金额最多保留两位小数": "At most two decimal places",
    "日期不存在：%(text)s": "No such date: %(text)s",
    "日期格式不正确，应为 2026-03-15、2026/3/15 或 2026年3月15日": (
        "Invalid date: use 2026-03-15, 2026/3/15 or 2026年3月15日"
    ),
    "年度应为四位数字，如 2026": "The year must have four digits, such as 2026",
    "应为文本，不能是日期": "Must be text, not a date",
    "不能超过 %(n)s 个字符": "At most %(n)s characters",
    "另有 %(n)s 处错误未列出，请先修改以上错误。": "%(n)s more errors are not listed; correct the ones above first.",
    "表头不能含公式（单元格 %(cell)s）。": "The header cannot contain formulas (cell %(cell)s).",
    "第 %(n)s 列（空白表头）": "Column %(n)s (empty header)",
    "%(name)s（重复）": "%(name)s (duplicate)",
    "所选数据类型为“%(chosen)s”，但文件是“%(found)s”的模板，请重新选择数据类型。": (
        "You chose “%(chosen)s” but the file is a “%(found)s” template; choose the data type again."
    ),
    "缺少列：%(names)s": "Missing columns: %(names)s",
    "无法识别的列：%(names)s": "Unknown columns: %(names)s",
    "文件不是“%(kind)s”导入模板（第 1 行应为表头）。%(details)s。请下载模板，按模板填写后重新上传。": (
        "The file is not the “%(kind)s” import template (row 1 must be the header). %(details)s. "
        "Download the template, fill it in and upload it again."
    ),
    "资金来源应为：%(labels)s": "The fund source must be one of: %(labels)s",
    "应填写“是”或“否”": "Enter “是” (yes) or “否” (no)",
    "单元格 %(cell)s 含公式，请将公式转换为数值后重新导入": (
        "Cell %(cell)s contains a formula; replace it with its value and import again"
    ),
    "不能为空": "Required",
    "这是模板中的示例行，请删除后再导入": "This is the template's example row; delete it before importing",
    "文件是空的。": "The file is empty.",
    "文件中没有数据行（第 1 行为表头，数据从第 2 行开始）。": (
        "The file has no data rows (row 1 is the header; data starts at row 2)."
    ),
    "项目编码不存在或不在您的管理范围内": "Unknown project code, or the project is outside your scope",
    "年度 %(year)s 不在项目实施期（%(start)s—%(end)s 年）内": (
        "Year %(year)s is outside the project period (%(start)s–%(end)s)"
    ),
    "年初预算数不能为负数": "The initial budget cannot be negative",
    "调整后的全年预算数不能为负数": "The adjusted annual budget cannot be negative",
    "调整后的全年预算数超出范围": "The adjusted annual budget is out of range",
    "与第 %(row)s 行的项目编码、年度、资金来源相同，同一安排只能填一行": (
        "Same project code, year and fund source as row %(row)s: one row per allocation"
    ),
    "支付日期不在 %(year)s 年度内": "The payment date is not in %(year)s",
    "支付日期晚于今天": "The payment date is in the future",
    "金额不能为 0": "The amount cannot be 0",
    "与第 %(row)s 行的凭证号重复": "Same voucher number as row %(row)s",
    "该项目已导入过此凭证号": "This voucher number was already imported for the project",
    "只有财政部门、主管部门和预算单位的经办人员可以导入数据。": (
        "Only finance, department and budget unit officers can import data."
    ),
    "文件大小为 %(size)s，超过上限 %(limit)s，未读取其内容。请拆分为多个文件后上传。": (
        "The file is %(size)s, over the %(limit)s limit, and was not read. Split it into several files."
    ),
    "该文件已于 %(when)s 由 %(who)s 导入（批次 #%(id)s），不能重复导入。": (
        "This file was imported on %(when)s by %(who)s (batch #%(id)s) and cannot be imported again."
    ),
    "该文件已于 %(when)s 由 %(who)s 上传，正在导入（批次 #%(id)s），请勿重复上传。": (
        "This file was uploaded on %(when)s by %(who)s and is being imported (batch #%(id)s); do not upload it again."
    ),
    "上传人已无导入权限，文件未导入。": "The uploader may no longer import; the file was not imported.",
    "导入期间数据已被其他操作修改（如凭证号已被导入），未写入任何数据，请重新导入。": (
        "The data changed during the import (e.g. a voucher was imported meanwhile); nothing was written. "
        "Import again."
    ),
    "导入时发生系统错误，未写入任何数据。请稍后重试或联系系统管理员。": (
        "A system error occurred; nothing was written. Try again later or contact the system administrator."
    ),
    "导入%(kind)s %(rows)s 行（新增 %(created)s，更新 %(updated)s）": (
        "Imported %(rows)s %(kind)s rows (%(created)s new, %(updated)s updated)"
    ),
    "导入%(kind)s失败（%(n)s 处错误），未写入数据": "%(kind)s import failed (%(n)s errors); nothing written",
    "导入批次 #%(id)s": "Import batch #%(id)s",
    "上传文件": "Upload a file",
    "，不超过 %(max_mb)s MB。": ", at most %(max_mb)s MB.",
    "上传并导入": "Upload and import",
    "预算安排导入模板": "Allocation import template",
    "预算执行导入模板": "Expenditure import template",
    "导入规则": "Import rules",
    "整个文件全部正确才会导入；任何一行有错误，将不写入任何数据，并列出每处错误所在的行和列。": (
        "A file is imported only if every row is correct; otherwise nothing is written and every error is "
        "listed with its row and column."
    ),
    "文件中的每个项目都必须在您的管理范围内，否则整个文件不予导入。": (
        "Every project in the file must be within your scope, or the whole file is refused."
    ),
    "请直接填写数值，不要使用公式；全角数字、千分位逗号可以识别；金额单位为元，最多两位小数。": (
        "Enter values, not formulas; full-width digits and thousands separators are understood; amounts are "
        "in yuan with at most two decimals."
    ),
    "预算安排：同一项目、年度、资金来源已有预算安排的，导入数据将覆盖原有的年初预算数、调整数和是否细化到项目（按最新导入为准）。": (
        "Allocations: an existing allocation for the same project, year and fund source gets its initial "
        "budget, adjustment and assignment overwritten (the latest import wins)."
    ),
    "预算执行：每条支出按凭证号记录，同一项目已导入过的凭证号，或文件内重复的凭证号，不予导入。": (
        "Expenditures: each payment is keyed by its voucher number; a voucher already imported for the "
        "project, or repeated in the file, is refused."
    ),
    "同一文件不能重复导入。": "The same file cannot be imported twice.",
    "超过 %(async_rows)s 行的文件转入后台导入，页面显示进度。": (
        "Files over %(async_rows)s rows are imported in the background with a progress bar."
    ),
    "本地区导入记录": "Imports in the region",
    "我的导入记录": "My imports",
    "还没有导入记录。": "No imports yet.",
    "导入进度": "Import progress",
    "正在导入，请稍候；本页每秒自动刷新进度。": "Importing; this page updates the progress every second.",
    "导入成功，共写入 %(n)s 行。": "Imported: %(n)s rows written.",
    "导入失败，未写入任何数据。请按以下说明修改文件后重新上传。": (
        "Import failed; nothing was written. Correct the file as described below and upload it again."
    ),
    "错误列表（%(n)s 处）": "Errors (%(n)s)",
    # Administration: security and audit pages
    "被锁定的账号": "Locked accounts",
    "安全管理": "Security",
    "尚未授权角色的账号": "Accounts without a role",
    "尚未修改初始密码的账号": "Accounts that have not changed their initial password",
    "校验审计日志哈希链": "Verify the audit log hash chain",
    "安全审计": "Security audit",
    "只读角色不能修改数据。": "Read-only roles cannot change data.",
    "截止日期：%(region)s %(name)s": "Deadline: %(region)s %(name)s",
    # Imports (continued)
    "导入过程中断，文件未保存，未写入任何数据。请重新上传。": (
        "The import was interrupted and the file was not kept; nothing was written. Upload it again."
    ),
    "导入%(kind)s %(rows)s 行（新增 %(created)s，更新 %(updated)s，跳过 %(skipped)s）": (
        "Imported %(rows)s %(kind)s rows (%(created)s new, %(updated)s updated, %(skipped)s skipped)"
    ),
    "导入结果": "Import result",
    "上传 IP": "Upload IP",
    "执行次数": "Attempts",
    "%(n)s 行": "%(n)s rows",
    "更新": "Updated",
    "跳过": "Skipped",
    "与现有数据相同，未改动": "Same as the existing data; unchanged",
    # Targets: statuses, actions, fields
    "指标库": "Indicator library",
    "完善后报送": "Submit revised",
    "批复": "Approve",
    "审核不通过": "Reject",
    "完善后报送财政": "Submit the revision to finance",
    "只有填报单位的经办人可以修改本绩效目标。": "Only an officer of the reporting unit can edit this target.",
    "已批复的绩效目标不能修改；确需调整的，请随预算调整发起目标调整（生成新版本）。": (
        "An approved target cannot be edited; to change it, start a target adjustment with the budget "
        "adjustment (a new version)."
    ),
    "绩效目标当前状态（%(s)s）不能修改。": "The target cannot be edited in its current status (%(s)s).",
    "修改绩效目标时须提供您看到的版本号。": "Give the version you saw when editing a target.",
    "创建后不能更改。": "Cannot be changed after creation.",
    "项目支出和政策绩效目标须选择项目。": "Project and policy targets need a project.",
    "预算年度不在项目实施期内。": "The fiscal year is outside the project period.",
    "预算年度与项目所属地区不符。": "The fiscal year does not belong to the project's region.",
    "操作：submit 申报、submit_fixes 完善后报送、publish 公开；审核请用 reviews": (
        "Action: submit, submit_fixes, publish; reviews go through the reviews endpoint"
    ),
    "您看到的版本号": "The version you saw",
    "department 主管部门初审 / finance 财政审核；不填按目标状态判断": (
        "department (department review) / finance (finance review); by default from the target's status"
    ),
    "初审：通过或退回": "Department review: approve or return",
    "财政审核等级": "Finance review grade",
    "名称、二级指标或解释": "Name, level-2 indicator or definition",
    "项目类型": "Project type",
    "仅最新版本": "Latest versions only",
    "新增指标库指标 %(obj)s": "Added library indicator %(obj)s",
    "修改指标库指标 %(obj)s": "Changed library indicator %(obj)s",
    "删除指标库指标 %(obj)s": "Deleted library indicator %(obj)s",
    "只有填报单位的经办人可以申报绩效目标。": "Only an officer of the reporting unit can declare targets.",
    "只能为本单位的项目申报绩效目标。": "Targets can only be declared for your own unit's projects.",
    "%(p)s绩效目标": "Performance target of %(p)s",
    "%(org)s部门整体支出绩效目标": "Department overall target of %(org)s",
    "新建绩效目标 %(obj)s": "Created target %(obj)s",
    "审核、退回和批复请通过审核意见（reviews）提交。": "Review, return and approve through review opinions (reviews).",
    "请选择初审通过或退回。": "Choose approve or return.",
    "未找到该绩效目标。": "Target not found.",
    "只有填报单位的经办人可以发起目标调整。": "Only an officer of the reporting unit can start an adjustment.",
    "发起绩效目标调整 %(obj)s": "Started an adjustment of %(obj)s",
    "请指定要比较的版本。": "Choose the versions to compare.",
    "只能比较同一绩效目标的不同版本。": "Only versions of the same target can be compared.",
    "请选择要导入的 Excel 文件。": "Choose the Excel file to import.",
    "文件有误，未导入任何内容。": "The file has errors; nothing was imported.",
    "请指定主管部门和年度。": "Choose the department and the year.",
    "%(a)s—%(b)s年": "%(a)s–%(b)s",
    "%(a)s年": "%(a)s",
    "无数据": "No data",
    "导出绩效目标申报表（Excel） %(obj)s": "Exported the target form (Excel) %(obj)s",
    "导出绩效目标申报表（PDF） %(obj)s": "Exported the target form (PDF) %(obj)s",
    "部门绩效目标申报表（Excel）": "Department target forms (Excel)",
    "导出部门绩效目标申报表 %(d)s %(y)s年度（%(n)s 个）": "Exported the target forms of %(d)s for %(y)s (%(n)s)",
    "提示数不少于": "Hints at least",
    "提示数不多于": "Hints at most",
    "年度资金不低于（万元）": "Annual funds at least (10,000 yuan)",
    "年度资金不高于（万元）": "Annual funds at most (10,000 yuan)",
    "全部单位": "All units",
    "名称或项目编码": "Name or project code",
    "名称、项目编码或目标内容": "Name, project code or goal",
    "等待天数不少于": "Waiting at least (days)",
    "指标名称": "Indicator name",
    "指标名称或解释": "Indicator name or definition",
    "全部状态": "All statuses",
    "数字位数过多。": "Too many digits.",
    "小数位数过多。": "Too many decimal places.",
    "请填写年度资金总额。": "Enter the annual funds.",
    "跨年度项目填写实施期内的总体目标。": "For a multi-year project, enter the goal for the whole period.",
    "请选择本单位项目": "Choose one of your unit's projects",
    "请选择项目。": "Choose a project.",
    "请选择本单位的项目。": "Choose one of your unit's projects.",
    "请选择有效的预算年度。": "Choose a valid fiscal year.",
    "项目期间为 %(a)s—%(b)s 年，不含 %(y)s 年。": "The project runs %(a)s–%(b)s, which does not include %(y)s.",
    "请选择本年度指标框架中的二级指标。": "Choose a level-2 indicator of this year's framework.",
    "审核通过，批复绩效目标": "Approved: the target is approved",
    "按审核意见完善后通过（退回单位完善，完善后直接报财政）": (
        "Approved after revision (returned to the unit, which sends the revision straight to finance)"
    ),
    "退回单位修改后重新申报": "Returned to the unit to revise and declare again",
    "审核未通过，不得进入预算编制": "Not approved: cannot enter the budget",
    "初审结论": "Department review decision",
    "初审通过，报财政审核": "Approve and send to finance",
    "退回单位修改": "Return to the unit",
    "请选择初审结论。": "Choose a decision.",
    "仅在预算调整或有其他特殊原因时调整 [004 第二十四条]。": (
        "Adjust only with a budget adjustment or for another special reason [004 art. 24]."
    ),
    "不选表示适用于所有类别。": "Leave empty for every category.",
    "参考值（行业标准）": "Reference (industry standard)",
    "参考值（计划标准）": "Reference (plan standard)",
    "参考值（历史标准）": "Reference (historical standard)",
    "请填写二级指标。": "Enter the level-2 indicator.",
    "二级指标应为：%(n)s": "The level-2 indicator must be one of: %(n)s",
    "指标库中已有相同的指标。": "The library already has this indicator.",
    "驳回时须填写理由。": "Give a reason when rejecting.",
    "请上传 .xlsx 格式的申报表（可先导出本表再填写）。": (
        "Upload the form as .xlsx (you can export this form first and fill it in)."
    ),
    "文件超过 %(mb)s MB，已拒绝。": "The file is over %(mb)s MB and was refused.",
    "文件不是有效的 Excel（.xlsx）文件。": "This is not a valid Excel (.xlsx) file.",
    "%(w)s应为数字": "%(w)s must be a number",
    "金额": "Amount",
    "请填写金额（万元）": "Enter the amount (10,000 yuan)",
    "金额不能为负数": "The amount cannot be negative",
    "金额（万元）最多保留六位小数（精确到分）": "Amounts in 10,000 yuan have at most six decimals (to the fen)",
    "不是“%(t)s”，请导出本目标的申报表后填写上传。": (
        "This is not “%(t)s”: export this target's form, fill it in and upload it."
    ),
    "不能使用公式，请直接填写数值": "No formulas: enter the values",
    "表头应为“%(t)s”，请勿修改表格格式": "The header must be “%(t)s”; do not change the layout",
    "请填写项目名称": "Enter the project name",
    "请填写年度总体目标": "Enter the overall annual goal",
    "年度资金总额应等于财政拨款与其他资金之和": "Annual funds must equal fiscal appropriation plus other funds",
    "指标不能超过 %(n)s 个": "At most %(n)s indicators",
    "一级指标应为：%(n)s": "The level-1 indicator must be one of: %(n)s",
    "指标性质应为：≥、≤、=、定性": "The comparator must be ≥, ≤, = or qualitative",
    "导入绩效目标申报表 %(obj)s（%(n)s 个指标）": "Imported the target form %(obj)s (%(n)s indicators)",
    "只有填报单位的经办人可以修改绩效目标。": "Only an officer of the reporting unit can edit the target.",
    "绩效目标已批复，不能修改；如需变更请发起调整。": "The target is approved and cannot be edited; start an adjustment to change it.",
    "绩效目标处于“%(s)s”状态，不能修改。": "The target is “%(s)s” and cannot be edited.",
    "该版本已被新版本取代，不能修改。": "This version has been superseded and cannot be edited.",
    "项目 %(year)s 年度的绩效目标尚未批复，不能开始执行。": (
        "The project's %(year)s target is not approved yet; the project cannot start."
    ),
    "填报中的绩效目标待申报": "Draft targets to declare",
    "被退回的绩效目标待修改后重新申报": "Returned targets to revise and declare again",
    "绩效目标待按审核意见完善": "Targets to revise as advised",
    "单位申报的绩效目标待初审": "Declared targets awaiting department review",
    "初审通过的绩效目标待财政审核": "Targets awaiting finance review",
    "本地区尚未设置预算年度，暂不能申报绩效目标。": "No fiscal year is set up in your region yet; targets cannot be declared.",
    "所选指标不在指标库中。": "The chosen indicator is not in the library.",
    "绩效目标已保存，核对无误后可提交申报。": "Target saved. Check it, then declare it.",
    "该项目 %(y)s 年度已有绩效目标，请在原目标上修改。": (
        "The project already has a %(y)s target; edit that one."
    ),
    "本部门 %(y)s 年度已有部门整体支出绩效目标。": "Your department already has an overall target for %(y)s.",
    "%(p)s %(y)s年度绩效目标": "%(y)s performance target of %(p)s",
    "%(d)s %(y)s年度部门整体支出绩效目标": "%(y)s department overall target of %(d)s",
    "新建绩效目标 %(t)s": "Created target %(t)s",
    "只有预算单位经办人可以申报本单位项目的绩效目标。": (
        "Only a budget unit officer can declare targets for the unit's projects."
    ),
    "只有主管部门经办人可以申报本部门整体支出绩效目标。": (
        "Only a department officer can declare the department's overall target."
    ),
    "只读角色不能办理绩效目标流程。": "Read-only roles cannot act on targets.",
    "已办理“%(a)s”：%(t)s": "Done “%(a)s”: %(t)s",
    "只读角色不能审核绩效目标。": "Read-only roles cannot review targets.",
    "请完成初审意见。": "Complete the review opinion.",
    "初审通过，已报财政审核：%(t)s": "Approved and sent to finance: %(t)s",
    "已退回单位修改：%(t)s": "Returned to the unit: %(t)s",
    "请选择审核等级并填写意见。": "Choose a grade and write an opinion.",
    "已评为“%(g)s”，%(t)s：%(s)s": "Graded “%(g)s”, %(t)s: %(s)s",
    "只读角色不能调整绩效目标。": "Read-only roles cannot adjust targets.",
    "只有填报单位的经办人可以调整绩效目标。": "Only an officer of the reporting unit can adjust the target.",
    "请说明调整原因。": "Give the reason for the adjustment.",
    "调整绩效目标 %(t)s（第 %(n)s 次调整）": "Adjusting target %(t)s (adjustment %(n)s)",
    "已生成调整版本，请修改后重新申报；原批复目标在新版本批复前继续有效。": (
        "An adjustment version was created: edit it and declare it again. The approved target stays in force "
        "until the new version is approved."
    ),
    "您的角色没有此审核队列。": "Your role has no such review queue.",
    "待财政审核的绩效目标": "Targets awaiting finance review",
    "待部门初审的绩效目标": "Targets awaiting department review",
    "只有财政审核人员可以批量审核。": "Only finance reviewers can approve in bulk.",
    "请先勾选要审核通过的绩效目标。": "Tick the targets to approve first.",
    "部分所选目标不存在或无权查看，已忽略。": "Some chosen targets do not exist or are outside your scope; ignored.",
    "已审核通过（优）%(n)s 个：%(names)s": "Approved (excellent) %(n)s: %(names)s",
    "“%(t)s”未通过：%(m)s": "“%(t)s” not approved: %(m)s",
    "只有财政绩效管理员或主管部门经办人可以新增指标。": (
        "Only the finance performance administrator or a department officer can add indicators."
    ),
    "新增指标库指标 %(t)s": "Added library indicator %(t)s",
    "提议新增指标 %(t)s": "Proposed indicator %(t)s",
    "指标已加入指标库。": "The indicator was added to the library.",
    "已提交新增指标的提议，待财政确认。": "Proposal submitted; finance will confirm it.",
    "只有财政绩效管理员可以修改指标库。": "Only the finance performance administrator can change the library.",
    "修改指标库指标 %(t)s": "Changed library indicator %(t)s",
    "指标已保存。": "Indicator saved.",
    "只有财政绩效管理员可以确认或驳回提议的指标。": (
        "Only the finance performance administrator can confirm or reject proposed indicators."
    ),
    "驳回提议的指标 %(t)s：%(r)s": "Rejected proposed indicator %(t)s: %(r)s",
    "确认提议的指标 %(t)s": "Confirmed proposed indicator %(t)s",
    # Targets pages
    "待确认的提议 %(n)s 条": "%(n)s proposals awaiting confirmation",
    "新增指标": "Add indicator",
    "提议新增指标": "Propose an indicator",
    "通用": "General",
    "提议：": "Proposed:",
    "驳回": "Reject",
    "没有符合条件的指标。": "No matching indicators.",
    "共 %(n)s 条": "%(n)s in total",
    "%(n)s 条提示": ("%(n)s hint", "%(n)s hints"),
    "选用": "Use",
    "没有找到匹配的指标。": "No matching indicator found.",
    "第 %(n)s 次调整": "Adjustment %(n)s",
    "主管部门及代码": "Department and code",
    "实施单位": "Implementing unit",
    "项目属性": "Project type",
    "项目期": "Project period",
    "项目资金（万元）": "Project funds (10,000 yuan)",
    "实施期资金总额": "Funds for the period",
    "年度资金总额": "Annual funds",
    "其中：财政拨款": "of which fiscal appropriation",
    "其他资金": "Other funds",
    "总体目标": "Overall goal",
    "实施期目标": "Goal for the period",
    "年度目标": "Annual goal",
    "部门（单位）名称": "Department (unit)",
    "部门代码": "Department code",
    "年度预算资金（万元）": "Annual budget (10,000 yuan)",
    "尚未填写绩效指标。": "No indicators yet.",
    "返回公开目录": "Back to the public list",
    "绩效目标公开": "Published performance targets",
    "随预算公开的项目支出和部门整体支出绩效目标（涉密事项不予公开）。": (
        "Project and department targets published with the budget (classified items are not published)."
    ),
    "共 %(n)s 项": ("%(n)s item", "%(n)s items"),
    "年度资金": "Annual funds",
    "暂无公开的绩效目标。": "No published targets yet.",
    "全部目标": "All targets",
    "审核意见（选填）": "Review opinion (optional)",
    "批量审核通过（优）": "Approve selected (excellent)",
    "每个目标单独办理，未通过的会逐个说明原因。": "Each target is handled on its own; refusals are explained one by one.",
    "全选": "Select all",
    "年度资金（万元）": "Annual funds (10,000 yuan)",
    "指标数": "Indicators",
    "审核提示": "Review hints",
    "等待天数": "Days waiting",
    "选择 %(n)s": "Select %(n)s",
    "专项 第%(n)s轮": "Special funds, round %(n)s",
    "没有等待审核的绩效目标。": "No targets are waiting for review.",
    "共 %(n)s 个待审核": "%(n)s awaiting review",
    "版本对比": "Compare versions",
    "原版本": "Original version",
    "调整 %(n)s": "Adjustment %(n)s",
    "原始申报": "Original declaration",
    "新版本": "New version",
    "对比": "Compare",
    "共 %(n)s 处变化，已用黄色标出。": (
        "%(n)s change, highlighted in yellow.",
        "%(n)s changes, highlighted in yellow.",
    ),
    "目标信息": "Target",
    "变化明细": "Changes",
    "专项资金 · 两上两下第 %(n)s 轮": "Special funds · two-round review, round %(n)s",
    "“%(a)s”说明（选填）": "Note for “%(a)s” (optional)",
    "（退回时必填）": "(required when returning)",
    "提交初审意见": "Submit the review",
    "专项资金“两上两下”第一轮：除评为“差”外，目标均退回单位按审核意见修改后第二次申报，本轮意见保留在第二轮旁。": (
        "Special funds, first of two rounds: unless graded poor, the target goes back to the unit to be "
        "revised and declared a second time; this round's opinions stay beside the second round."
    ),
    "审核等级及其结果（财预〔2015〕88号）": "Review grades and their consequences (财预〔2015〕88号)",
    "（评为良、中、差时必填）": "(required for good, fair or poor)",
    "提交审核意见": "Submit the review opinion",
    "调整": "Adjust",
    "涉密，不公开": "Classified, not published",
    "随预算公开": "Published with the budget",
    "不公开": "Not published",
    "审核提示（不影响申报）：": "Review hints (they do not block the declaration):",
    "共 %(n)s 条审核提示": ("%(n)s review hint", "%(n)s review hints"),
    "第 %(n)s 轮": "Round %(n)s",
    "尚无审核意见。": "No review opinions yet.",
    "与本版对比": "Compare with this version",
    "修改绩效目标": "Edit target",
    "申报绩效目标": "Declare a target",
    "申报部门整体支出绩效目标": "Declare the department overall target",
    "申报项目支出绩效目标": "Declare a project target",
    "填报单位：%(unit)s · %(year)s 年度。谁申请资金，谁设定目标。": (
        "Reporting unit: %(unit)s · %(year)s. Whoever asks for the money sets the target."
    ),
    "调整原因：": "Reason for adjustment:",
    "两上两下": "Two-round review",
    "年度资金默认取项目该年度的全年预算数；尚无预算安排时取项目总金额。": (
        "Annual funds default to the project's annual budget for the year, or its total amount when there is "
        "no allocation yet."
    ),
    "指标框架：%(fw)s 版": "Indicator framework: %(fw)s",
    "增加指标行": "Add an indicator row",
    "勾选“删除”的行在保存时移除；三级指标和指标值都未填写的行不保存。定性指标的指标值选“好、较好、一般、差”。": (
        "Rows ticked “delete” are removed on save; rows with neither a level-3 indicator nor a value are not "
        "saved. Qualitative values are 好, 较好, 一般 or 差 (good, fairly good, average, poor)."
    ),
    "从指标库选用": "Pick from the library",
    "指标名称，如：培训人次": "Indicator name, e.g. trainees",
    "搜索指标库": "Search the library",
    "全部一级指标": "All level-1 indicators",
    "输入关键词搜索。": "Type keywords to search.",
    "点击“选用”会在指标表末尾增加一行并填入该指标，已填内容保留。": (
        "“Use” adds a row with the indicator at the end of the table; what you entered is kept."
    ),
    "申报项目绩效目标": "Declare a project target",
    "申报部门整体绩效目标": "Declare a department target",
    "专项": "Special funds",
    "没有符合条件的绩效目标。": "No matching targets.",
    "共 %(n)s 个绩效目标": "%(n)s targets",
    "修改指标": "Edit indicator",
    "提议的指标经财政绩效管理员确认后进入共性指标库；驳回时会说明理由。": (
        "A proposed indicator enters the common library once the finance performance administrator confirms "
        "it; a rejection gives the reason."
    ),
    "提交提议": "Submit proposal",
    # Later stages: common words
    "事前绩效评估": "Prior assessment",
    "绩效评价": "Evaluation",
    "结果应用": "Result application",
    "整改": "Rectification",
    "预警": "Warning",
    "监控": "Monitoring",
    "评价": "Evaluation",
    "驾驶舱": "Dashboard",
    "数据看板": "Dashboard",
    "信息公开": "Disclosure",
    "已提交": "Submitted",
    "草稿": "Draft",
    "待审核": "Awaiting review",
    "审核通过": "Approved",
    "已退回": "Returned",
    # Monitoring stage (issue 4)
    # Monitoring: transitions, rounds, validation
    "报送": "Submit",
    "部门审核通过": "Approve (department)",
    "部门退回": "Return (department)",
    "财政审核通过": "Approve (finance)",
    "数据截止日期须在%(y)s年内。": "The data cut-off date must fall within %(y)s.",
    "报送截止日期不能早于数据截止日期。": "The submission deadline cannot be earlier than the data cut-off date.",
    "本年度已有同名监控轮次。": "This year already has a monitoring round with this name.",
    "只有财政管理员可以设置监控轮次。": "Only the finance administrator can set up monitoring rounds.",
    "新建监控轮次：%(r)s": "Created monitoring round: %(r)s",
    "只有财政管理员可以开启监控轮次。": "Only the finance administrator can open monitoring rounds.",
    "金额不能为负数。": "The amount cannot be negative.",
    "指标不属于本报告的绩效目标。": "The indicator does not belong to this report's performance target.",
    # Monitoring: documents and summaries
    "合计": "Total",
    "共 %(n)s 份报告": "%(n)s reports",
    "监控汇总": "Monitoring summary",
    "%(scope)s%(round)s绩效运行监控汇总表": "Performance monitoring summary: %(scope)s, %(round)s",
    "项目支出绩效目标执行监控表": "Project expenditure performance target monitoring form",
    "全区绩效监控汇总表": "Region-wide performance monitoring summary",
    "导出%(s)s绩效监控汇总（%(f)s） %(r)s": "Exported the performance monitoring summary of %(s)s (%(f)s) %(r)s",
    "导出%(d)s绩效监控汇总（%(f)s） %(r)s": "Exported the performance monitoring summary of %(d)s (%(f)s) %(r)s",
    "只有财政部门和领导、审计人员可以导出全区汇总。": (
        "Only the finance bureau, leaders and auditors can export the region-wide summary."
    ),
    "导出绩效监控报告（PDF） %(r)s": "Exported the performance monitoring report (PDF) %(r)s",
    # Monitoring: filters and forms
    "监控轮次": "Monitoring round",
    "全部轮次": "All rounds",
    "财政重点监控": "Finance key monitoring",
    "目标或项目名称": "Target or project name",
    "财政重点监控项目": "Finance key monitoring projects",
    "预计有结转结余时请说明原因。": "Explain the reason when a carry-over balance is expected.",
    "请选择": "Select",
    "无偏差": "No deviation",
    "审核结论": "Review conclusion",
    "财政重点监控结论": "Finance key monitoring conclusion",
    "退回时请填写退回意见。": "Give a reason when returning.",
    # Monitoring: warning measures
    "该预警不是待确认状态。": "This warning is not awaiting confirmation.",
    "只有责任单位可以确认预警。": "Only the responsible unit can confirm a warning.",
    "确认预警：%(w)s": "Confirmed warning: %(w)s",
    "请选择处置措施。": "Select a measure.",
    "该预警已处置或已关闭。": "This warning has already been handled or closed.",
    "只有财政部门可以处置预警。": "Only the finance bureau can handle warnings.",
    "部门整体预警不能暂缓拨款或收回资金。": (
        "A department-wide warning cannot lead to payment suspension or funds recalled."
    ),
    "该预警没有对应的绩效目标。": "This warning has no performance target.",
    "该项目已暂缓拨款。": "Payments to this project are already suspended.",
    "处置预警（%(m)s）：%(w)s": "Handled warning (%(m)s): %(w)s",
    "请填写收回金额（大于0）。": "Enter the amount to recall (greater than 0).",
    "收回金额不能超过尚未支出的预算 %(a)s 元。": "The amount recalled cannot exceed the unspent budget of %(a)s yuan.",
    "收回资金（预警 %(id)s）": "Funds recalled (warning %(id)s)",
    "该项资金处置不是生效中的暂缓拨款。": "This fund action is not an active payment suspension.",
    "只有财政部门可以解除暂缓拨款。": "Only the finance bureau can lift a payment suspension.",
    "解除暂缓拨款：%(p)s": "Lifted payment suspension: %(p)s",
    "%(year)s 年度资金暂缓拨款中（%(date)s 起，预警处置）：%(note)s": (
        "%(year)s funds under payment suspension (since %(date)s, warning measure): %(note)s"
    ),
    # Monitoring: models
    "未开启": "Not open",
    "已结束": "Closed",
    "数据截止日期": "Data cut-off date",
    "报送截止日期": "Submission deadline",
    "开启时间": "Opened at",
    "开启人": "Opened by",
    "待部门审核": "Awaiting department review",
    "已审核": "Reviewed",
    "执行数（元）": "Spent (yuan)",
    "执行率（%）": "Execution rate (%)",
    "序时进度（%）": "Time progress (%)",
    "预计全年执行数（元）": "Expected annual spending (yuan)",
    "预计结转结余（元）": "Expected carry-over balance (yuan)",
    "结转结余原因": "Reason for carry-over balance",
    "总体目标完成情况": "Progress on overall goals",
    "报送时间": "Submitted at",
    "绩效监控报告": "Performance monitoring report",
    "确定能": "Certain",
    "有可能": "Possible",
    "完全不可能": "Impossible",
    "经费保障": "Funding",
    "制度保障": "Rules and procedures",
    "人员保障": "Staffing",
    "硬件条件保障": "Facilities and equipment",
    "监控报告": "Monitoring report",
    "截至目前完成值": "Value achieved to date",
    "截至目前完成情况": "Progress to date",
    "预计全年完成值": "Expected annual value",
    "预计全年完成情况": "Expected annual progress",
    "完成目标可能性": "Likelihood of meeting the target",
    "偏差原因分类": "Deviation cause",
    "偏差原因说明": "Deviation explanation",
    "纠偏措施": "Corrective measures",
    "指标完成情况": "Indicator progress",
    "执行进度滞后": "Execution behind schedule",
    "指标预计无法完成": "Indicator expected to be missed",
    "监控报告逾期未报": "Monitoring report overdue",
    "资金沉淀": "Idle funds",
    "资金未支出": "Funds unspent",
    "黄色": "Yellow",
    "橙色": "Orange",
    "红色": "Red",
    "已处置": "Handled",
    "已自动关闭": "Closed automatically",
    "继续执行": "Continue",
    "调整绩效目标": "Adjust performance target",
    "暂缓拨款": "Payment suspension",
    "收回资金": "Funds recalled",
    "预警标识": "Warning key",
    "预警规则": "Warning rule",
    "预警等级": "Warning level",
    "责任单位": "Responsible unit",
    "预警内容": "Message",
    "预警数据": "Warning data",
    "预警时间": "Raised at",
    "确认人": "Confirmed by",
    "确认时间": "Confirmed at",
    "单位说明": "Unit's explanation",
    "处置人": "Handled by",
    "处置时间": "Handled at",
    "处置措施": "Measure",
    "处置说明": "Measure notes",
    "关闭时间": "Closed at",
    "关闭原因": "Reason for closing",
    "解除时间": "Lifted at",
    "已统筹安排": "Reallocated",
    "资金处置": "Fund action",
    "截止前提醒": "Reminder before deadline",
    "逾期通知": "Overdue notice",
    "逾期提醒主管部门": "Overdue notice to the competent department",
    "逾期提醒财政": "Overdue notice to the finance bureau",
    # Monitoring: reminders
    "【催办】%(deadline)s将于%(days)s天后（%(due)s）截止": (
        "[Reminder] %(deadline)s is due in %(days)s day(s) (%(due)s)"
    ),
    "【催办】%(deadline)s今天（%(due)s）截止": "[Reminder] %(deadline)s is due today (%(due)s)",
    "【逾期】%(deadline)s已于%(due)s截止，请尽快报送": (
        "[Overdue] %(deadline)s was due on %(due)s; submit as soon as possible"
    ),
    "【逾期提醒】所属单位%(deadline)s逾期未报（截止%(due)s）": (
        "[Overdue] Units under you have not submitted %(deadline)s (due %(due)s)"
    ),
    "【逾期提醒】%(deadline)s有单位逾期未报（截止%(due)s）": (
        "[Overdue] Some units have not submitted %(deadline)s (due %(due)s)"
    ),
    "截止日期：%(due)s\n待报送事项（%(n)s项）：\n%(lines)s": "Deadline: %(due)s\nItems to submit (%(n)s):\n%(lines)s",
    # Monitoring: reports
    "%(round)s监控报告报送": "%(round)s monitoring report submission",
    "开启监控轮次：%(r)s": "Opened monitoring round: %(r)s",
    "请填报%(round)s绩效监控报告": "Fill in the %(round)s performance monitoring report",
    "请填写预计全年执行数。": "Enter the expected annual spending.",
    "“%(n)s”：请选择完成目标可能性。": "“%(n)s”: select the likelihood of meeting the target.",
    "“%(n)s”：请填写预计全年完成值。": "“%(n)s”: enter the expected annual value.",
    "“%(n)s”存在偏差：请选择偏差原因分类。": "“%(n)s” deviates: select the deviation cause.",
    "“%(n)s”存在偏差：请说明偏差原因。": "“%(n)s” deviates: explain the deviation.",
    "“%(n)s”存在偏差：请填写纠偏措施。": "“%(n)s” deviates: enter the corrective measures.",
    "设置财政重点监控项目：%(r)s": "Set finance key monitoring projects: %(r)s",
    "监控报告已报送，不能修改。": "The monitoring report has been submitted and cannot be changed.",
    "只有填报单位可以填写监控报告。": "Only the reporting unit can fill in the monitoring report.",
    "财政重点监控项目须填写财政重点监控结论。": (
        "A finance key monitoring project needs a finance key monitoring conclusion."
    ),
    "当前状态不能审核。": "The report cannot be reviewed in its current status.",
    # Monitoring: to-do and views
    "绩效监控": "Performance monitoring",
    "绩效监控报告待填报": "Performance monitoring reports to fill in",
    "退回的绩效监控报告待修改": "Returned performance monitoring reports to revise",
    "绩效监控报告待部门审核": "Performance monitoring reports awaiting department review",
    "绩效监控报告待财政审核": "Performance monitoring reports awaiting finance review",
    "已按政策参数生成 %(n)s 个监控轮次。": "Generated %(n)s monitoring rounds from the policy.",
    "已新建监控轮次：%(r)s": "Monitoring round created: %(r)s",
    "只有财政管理员可以设置财政重点监控项目。": (
        "Only the finance administrator can set finance key monitoring projects."
    ),
    "已保存财政重点监控项目。": "Finance key monitoring projects saved.",
    "监控轮次已结束，不能开启。": "The monitoring round is closed and cannot be opened.",
    "监控轮次已开启，新生成 %(n)s 份监控报告。": "Monitoring round opened; %(n)s new monitoring reports created.",
    "只读角色不能填写监控报告。": "Read-only roles cannot fill in monitoring reports.",
    "请修正标出的错误。": "Correct the marked errors.",
    "监控报告还不完整，未报送。": "The monitoring report is incomplete and was not submitted.",
    "监控报告已报送。": "Monitoring report submitted.",
    "监控报告已保存。": "Monitoring report saved.",
    "不支持的操作。": "Unsupported action.",
    "只读角色不能报送监控报告。": "Read-only roles cannot submit monitoring reports.",
    "只读角色不能审核监控报告。": "Read-only roles cannot review monitoring reports.",
    "请完成审核意见。": "Complete the review.",
    "审核已办理。": "Review recorded.",
    # Monitoring: warning pages
    "超过7天": "Over 7 days",
    "超过30天": "Over 30 days",
    "超过90天": "Over 90 days",
    "数据截至": "Data as of",
    "报送截止日": "Submission deadline",
    "逾期天数": "Days overdue",
    "预算执行率": "Budget execution rate",
    "滞后（百分点）": "Lag (percentage points)",
    "容忍度（百分点）": "Tolerance (percentage points)",
    "严重滞后线（百分点）": "Serious lag threshold (percentage points)",
    "沉淀资金预警比例": "Idle funds warning share",
    "比较方式": "Comparison",
    "年度指标值": "Annual target value",
    "预警时长": "Warning age",
    "未处置": "Not handled",
    "收回金额（元）": "Amount recalled (yuan)",
    "只有责任单位可以确认待确认的预警。": "Only the responsible unit can confirm a pending warning.",
    "已确认预警。": "Warning confirmed.",
    "只有财政部门可以处置未处置的预警。": "Only the finance bureau can handle an unhandled warning.",
    "预警已处置。": "Warning handled.",
    "已解除暂缓拨款。": "Payment suspension lifted.",
    "收回资金清单仅供财政部门查看。": "Only the finance bureau can view the list of funds recalled.",
    # Monitoring: warning messages and auto-close reasons
    "%(name)s：截至%(date)s执行率%(rate)s%%，低于序时进度%(tp)s%% %(lag)s个百分点": (
        "%(name)s: execution rate %(rate)s%% as of %(date)s, %(lag)s percentage points below "
        "the time progress of %(tp)s%%"
    ),
    "%(name)s：截至%(date)s全年预算%(budget)s元尚未支出": (
        "%(name)s: as of %(date)s none of the annual budget of %(budget)s yuan has been spent"
    ),
    "%(name)s：%(round)s监控报告应于%(due)s前报送，已逾期%(days)s天": (
        "%(name)s: the %(round)s monitoring report was due by %(due)s and is %(days)s days overdue"
    ),
    "%(name)s：预计结转结余%(c)s元，占全年预算%(b)s元的%(s)s%%": (
        "%(name)s: expected carry-over balance of %(c)s yuan is %(s)s%% of the annual budget of %(b)s yuan"
    ),
    "%(name)s：指标“%(ind)s”预计全年完成%(exp)s，目标值%(tv)s（%(poss)s）": (
        "%(name)s: indicator “%(ind)s” expected to reach %(exp)s this year against a target of %(tv)s "
        "(%(poss)s)"
    ),
    "执行进度已恢复到容忍范围内": "Execution is back within tolerance",
    "最新报告显示指标预计可以完成": "The latest report expects the indicator to be met",
    "监控报告已报送": "The monitoring report has been submitted",
    "预计结转结余已不超过规定比例": "The expected carry-over balance no longer exceeds the set share",
    "项目已有支出": "The project has spending",
    "预警原因已消除": "The cause of the warning has been removed",
    # Targets: form import (issue 3 follow-up)
    "请选择要导入的申报表文件。": "Choose the target form file to import.",
    "申报表未导入。": "The target form was not imported.",
    "已从申报表导入：%(t)s": "Imported from the target form: %(t)s",
    "申报表（Excel）": "Target form (Excel)",
    "申报表（PDF）": "Target form (PDF)",
    "从 Excel 申报表导入（覆盖当前填报内容）": "Import from an Excel target form (replaces the current entries)",
    "申报表文件（.xlsx，先下载本目标的申报表填写）": (
        "Target form file (.xlsx; download this target's form first and fill it in)"
    ),
    "文件未导入，内容未作任何修改。请按以下位置修正后重新上传：": (
        "The file was not imported and nothing was changed. Correct these cells and upload again:"
    ),
    "问题": "Problem",
    "导出本部门已批复目标（Excel）": "Export the department's approved targets (Excel)",
    # Monitoring: report pages and PDFs
    "预算执行情况（万元）": "Budget execution (10,000 yuan)",
    "年初预算数": "Initial budget",
    "全年预算数": "Annual budget",
    "执行数": "Spent",
    "执行率（%%）": "Execution rate (%%)",
    "序时进度（%%）": "Time progress (%%)",
    "预计全年执行数（万元）": "Expected annual spending (10,000 yuan)",
    "预计结转结余（万元）": "Expected carry-over balance (10,000 yuan)",
    "绩效指标完成情况": "Performance indicator progress",
    "尚未填写指标完成情况。": "Indicator progress not yet filled in.",
    "报告数": "Reports",
    "已报送": "Submitted",
    "存在偏差": "With deviations",
    "执行数（万元）": "Spent (10,000 yuan)",
    "偏差指标": "Deviating indicators",
    "本轮次暂无监控报告。": "No monitoring reports in this round yet.",
    "注：已报送的报告按报送时锁定的数据列示，尚未报送的按数据截止日期实时计算；执行率低于序时进度的以红色标示。": (
        "Note: submitted reports show the data locked at submission; reports not yet submitted are "
        "computed live as of the data cut-off date. Execution rates below time progress are shown in red."
    ),
    "预算执行情况（根据指标与支出数据计算，不可填写）": (
        "Budget execution (computed from allocation and spending data; not editable)"
    ),
    "保存并报送": "Save and submit",
    "尚未填写。": "Not filled in yet.",
    "主管部门审核": "Competent department review",
    "提交审核": "Submit review",
    "办理记录": "History",
    "重点监控": "Key monitoring",
    "没有符合条件的监控报告。": "No matching monitoring reports.",
    "共 %(n)s 份监控报告": "%(n)s monitoring reports",
    "本轮监控报告": "Monitoring reports in this round",
    "补充生成监控报告": "Create missing monitoring reports",
    "开启监控轮次": "Open monitoring round",
    "为每个已批复的绩效目标生成一份监控报告并通知填报单位。": (
        "Creates a monitoring report for every approved performance target and notifies the reporting unit."
    ),
    "报告状态": "Report status",
    "本轮没有已批复绩效目标的项目。": "No project has an approved performance target in this round.",
    "本年度尚未设置监控轮次。": "No monitoring rounds set for this year yet.",
    "按政策参数生成": "Generate from policy",
    "按本年度政策参数中的监控轮次（数据截止日期、报送截止日期）生成；同名轮次不重复生成。": (
        "Generated from the monitoring rounds in this year's policy (data cut-off date, submission "
        "deadline); rounds with an existing name are not created again."
    ),
    "生成监控轮次": "Generate monitoring rounds",
    "新建监控轮次": "New monitoring round",
    "收回资金清单": "Funds recalled",
    "预警管理": "Warnings",
    "没有收回的资金。": "No funds recalled.",
    "共 %(n)s 笔": "%(n)s records",
    "预警详情": "Warning details",
    "单位确认": "Unit confirmation",
    "财政处置": "Finance measure",
    "自动关闭": "Automatic closing",
    "已解除": "Lifted",
    "暂缓拨款中": "Payments suspended",
    "解除暂缓拨款": "Lift payment suspension",
    "确认预警": "Confirm warning",
    "处置预警": "Handle warning",
    "提交处置": "Submit measure",
    "等级": "Level",
    "没有符合条件的预警。": "No matching warnings.",
    "共 %(n)s 条预警": "%(n)s warnings",
    # Evaluation stage (models, added while evaluation/ is being written)
    "评分规则": "Scoring rules",
    "复制自": "Copied from",
    "自评评分规则": "Self-evaluation scoring rules",
    "政策加分上限": "Policy bonus cap",
    "该类别默认体系": "Default framework for this category",
    "评价指标体系": "Evaluation indicator framework",
    "决策": "Decision-making",
    "过程": "Process",
    "产出": "Output",
    "效益": "Benefit",
    "政策加分": "Policy bonus",
    "上级指标": "Parent indicator",
    "层级": "Level",
    "一级指标类别": "First-level indicator category",
    "评分标准": "Scoring criteria",
    "评价指标": "Evaluation indicator",
    "自评工作": "Self-evaluation round",
    "部门评价计划": "Department evaluation plan",
    "财政重点评价计划": "Finance key evaluation plan",
    "编制中": "Being drafted",
    "已确定": "Fixed",
    "计划类型": "Plan type",
    "编制人": "Drafted by",
    "确定时间": "Fixed at",
    "评价计划": "Evaluation plan",
    "再评价": "Re-evaluation",
    "抽查复核": "Spot check",
    "待财政业务审核": "Awaiting finance business review",
    "待财政技术审核": "Awaiting finance technical review",
    "已列入计划": "In the plan",
    "评价中": "Under evaluation",
    "联评联审": "Joint review",
    "已定稿": "Finalized",
    "评价类型": "Evaluation type",
    "部门整体支出": "Department overall expenditure",
    "被评价单位": "Evaluated unit",
    "被复核的评价": "Evaluation checked",
    "现场评价": "On-site evaluation",
    "审计或督查发现问题": "Problems found by audit or inspection",
    "重大改革发展项目": "Major reform and development project",
    "评分所依据的政策版本": "Policy version used for scoring",
    "评分规则快照": "Scoring rules snapshot",
    "全年执行数（元）": "Annual spending (yuan)",
    "预算执行率得分": "Budget execution rate score",
    "执行率偏低原因": "Reason for low execution rate",
    "年度总体目标（预期）": "Annual overall goals (expected)",
    "年度总体目标实际完成情况": "Annual overall goals (actual)",
    "总分": "Total score",
    "评价等级": "Evaluation grade",
    "评价等级名称": "Evaluation grade name",
    "存在违规问题": "Violations found",
    "违规问题说明（挤占、挪用等）": "Violations (diversion, misappropriation, etc.)",
    "已降档": "Downgraded",
    "主要问题": "Main problems",
    "意见建议": "Recommendations",
    "定稿时间": "Finalized at",
    "年度指标值（定性）": "Annual target value (qualitative)",
    "申报分值": "Declared weight",
    "实际完成值": "Actual value",
    "实际完成情况": "Actual progress",
    "不适用": "Not applicable",
    "定性评价档次": "Qualitative band",
    "定性完成程度": "Qualitative completion",
    "偏差原因分析及改进措施": "Deviation causes and improvements",
    "得分": "Score",
    "计算过程": "Calculation",
    "依据": "Basis",
    "原表得分": "Score in the original form",
    "自评指标": "Self-evaluation indicator",
    "工作记录": "Work record",
    "大小（字节）": "Size (bytes)",
    "附件": "Attachment",
    "专业领域": "Field of expertise",
    "职称": "Professional title",
    "工作单位": "Employer",
    "工作单位名称": "Employer name",
    "所属第三方机构": "Third-party agency",
    "申报回避单位": "Declared conflicts (units)",
    "在库": "In the pool",
    "评审专家": "Review expert",
    "组长": "Team leader",
    "成员": "Member",
    "已声明无利益冲突": "No conflict of interest declared",
    "指派人": "Assigned by",
    "评分提交时间": "Scores submitted at",
    "结束时间": "Ended at",
    "评价指派": "Evaluation assignment",
    "评分说明": "Scoring notes",
    "专家评分": "Expert score",
    "认定得分": "Confirmed score",
    "认定说明": "Confirmation notes",
    "认定人": "Confirmed by",
    "认定时间": "Confirmed at",
    "指标认定得分": "Confirmed indicator score",
    "评价工作方案": "Evaluation work plan",
    "非现场评审": "Off-site review",
    "与被评价单位交换意见": "Exchange of views with the evaluated unit",
    "报告初稿": "Draft report",
    "联评联审意见": "Joint review opinion",
    "日期": "Date",
    "地点": "Place",
    "参加人员": "Participants",
    "内容与发现": "Content and findings",
    "记录人": "Recorded by",
    "记录时间": "Recorded at",
    "评价工作记录": "Evaluation work record",
    "定稿": "Final",
    "版本号": "Version",
    "基本情况": "Background",
    "更正原因": "Reason for correction",
    "报告文件": "Report file",
    "评价报告": "Evaluation report",
    "定稿的评价报告不能修改，请新建更正版本。": (
        "A final evaluation report cannot be changed; create a corrected version."
    ),
    "定稿的评价报告不能删除。": "A final evaluation report cannot be deleted.",
    "已抽取": "Drawn",
    "复核中": "Under check",
    "随机种子": "Random seed",
    "抽查比例": "Sampling share",
    "分差容差（分）": "Score difference tolerance (points)",
    "抽取人": "Drawn by",
    "抽取时间": "Drawn at",
    "复核评分": "Check scoring",
    "风险因素": "Risk factors",
    "原得分": "Original score",
    "原等级": "Original grade",
    "复核得分": "Check score",
    "复核等级": "Check grade",
    "分差": "Score difference",
    "差异较大": "Large difference",
    "复核意见": "Check opinion",
    "复核人": "Checked by",
    "复核时间": "Checked at",
    "抽查复核事项": "Spot check item",
    "文件数": "Files",
    "成功导入": "Imported",
    "未导入": "Not imported",
    "导入报告": "Import report",
    "导入报告（CSV）": "Import report (CSV)",
    "导入报告（JSON）": "Import report (JSON)",
    "导入人": "Imported by",
    "导入时间": "Imported at",
    "历史自评导入": "Historical self-evaluation import",
    "评价管理": "Evaluation management",
    # Evaluation stage: self-evaluation policy checks
    "自评各项分值不能为负数。": "Self-evaluation weights cannot be negative.",
    "自评分值合计须为 100 分（预算执行率、产出、效益、满意度、成本），当前为 %(total)s 分。": (
        "Self-evaluation weights (budget execution rate, output, benefit, satisfaction, cost) must total "
        "100 points; they now total %(total)s."
    ),
    "%(name)s只能是：%(choices)s。": "%(name)s must be one of: %(choices)s.",
    "评价等级分数线不能高于 100 分。": "Evaluation grade thresholds cannot exceed 100 points.",
    "评价等级须有各不相同的代码和名称。": "Each evaluation grade needs its own code and name.",
    "按档次计算预算执行率得分时须设置执行率档次。": (
        "Set execution rate bands when the budget execution rate is scored by band."
    ),
    "预算执行率档次须按执行率从高到低排列，且不能重复。": (
        "Budget execution rate bands must run from the highest rate to the lowest, without repeats."
    ),
    "预算执行率档次的执行率和得分比例须在 0 到 100% 之间。": (
        "Execution rates and score shares of the budget execution rate bands must be between 0 and 100%."
    ),
    "执行率越低的档次，得分比例不能越高。": "A band with a lower execution rate cannot have a higher score share.",
    "目标值偏低认定倍数须大于 1（填 0 表示不扣分）。": (
        "The low-target multiple must be greater than 1 (enter 0 for no deduction)."
    ),
    "须至少设置一个定性指标评价档次。": "Set at least one qualitative indicator band.",
    "定性指标评价档次须有各不相同的代码和名称。": "Each qualitative indicator band needs its own code and name.",
    "定性指标档次“%(label)s”的得分比例须在 0 到 100%% 之间，且下限不高于上限。": (
        "The score shares of qualitative band “%(label)s” must be between 0 and 100%%, with the lower "
        "bound not above the upper."
    ),
    "定性指标评价档次须从高到低排列，且各档不能重叠。": (
        "Qualitative indicator bands must run from highest to lowest without overlapping."
    ),
    "满意度达标线不能高于 100%。": "The satisfaction pass line cannot exceed 100%.",
    "满意度扣分档距须大于 0。": "The satisfaction deduction step must be greater than 0.",
    "≥%(rate)s 得 %(share)s": "≥%(rate)s scores %(share)s",
    "不启用": "Off",
    "实际值达到目标值的 %(pct)s": "Actual value reaches %(pct)s of the target value",
    # Evaluation stage (issue 5)
    # Evaluation: API
    "填写好的项目支出绩效自评表（.xlsx）": "Completed project expenditure self-evaluation form (.xlsx)",
    "页面读取时的版本号（防止覆盖他人修改）": (
        "Version number read with the page (prevents overwriting others' changes)"
    ),
    "暂不能计算得分的原因（能计算时为空）": "Why the score cannot be calculated yet (empty when it can)",
    "预算年度 id": "Fiscal year id",
    "评分规则 id": "Scoring rules id",
    "自评表压缩包（.zip）或单个 .xlsx": "Self-evaluation forms archive (.zip) or a single .xlsx",
    "只有财政绩效管理员可以维护评价指标体系。": (
        "Only the finance performance administrator can maintain evaluation schemes."
    ),
    "请提供指标（outline）。": "Provide the indicators (outline).",
    "只有财政绩效管理员可以修改评价指标体系。": (
        "Only the finance performance administrator can change evaluation schemes."
    ),
    "只有财政绩效管理员可以复制评价指标体系。": (
        "Only the finance performance administrator can copy evaluation schemes."
    ),
    "只有财政绩效管理员可以维护专家库。": (
        "Only the finance performance administrator can maintain the expert pool."
    ),
    "专家库中没有该专家。": "This expert is not in the expert pool.",
    "专家尚未全部提交评分，或您无权查看各专家评分。": (
        "Not all experts have submitted their scores, or you may not view individual experts' scores."
    ),
    "专家尚未全部提交评分，不能查看其他专家的评分。": (
        "Not all experts have submitted their scores; other experts' scores cannot be viewed yet."
    ),
    "您看到的评价版本号（评价的 version）": (
        "The evaluation version number you saw (the evaluation's version)"
    ),
    "请填写更正原因。": "Give the reason for the correction.",
    "只能修改最新版本的草稿。": "Only the draft of the latest version can be changed.",
    "请指定年度。": "Specify the year.",
    "定性指标完成程度，0 到 1": "Qualitative indicator completion, 0 to 1",
    "输入尚不能计算得分时的原因（已保存输入）": (
        "Why the score cannot be calculated yet from the input (the input is saved)"
    ),
    "评价等级，如 优": "Evaluation grade, e.g. 优",
    "项目支出": "Project expenditure",
    "评分规则：年度政策参数的 self_evaluation 部分": (
        "Scoring rules: the self_evaluation part of the year's policy"
    ),
    "导出的评分规则 JSON 文件": "Exported scoring rules JSON file",
    "或直接提交 JSON 内容": "Or submit the JSON content directly",
    "您看到的该年度政策参数版本号": "The version number of the year's policy you saw",
    "导出自评评分规则：%(n)s": "Exported self-evaluation scoring rules: %(n)s",
    "评分规则文件不能超过 1 MB。": "The scoring rules file cannot exceed 1 MB.",
    "请上传评分规则文件或提交其 JSON 内容。": "Upload a scoring rules file or submit its JSON content.",
    "复核评分的版本号（尚未复核为 0）": "Version number of the check scoring (0 when not yet checked)",
    "随机种子；留空自动生成。同一种子在相同数据上抽取相同样本。": (
        "Random seed; leave empty to generate one. The same seed draws the same sample from the same data."
    ),
    "被复核自评的指标行 id": "Id of the indicator row of the checked self-evaluation",
    "您看到的复核版本号（尚未复核为 0）": "The check version number you saw (0 when not yet checked)",
    "部门评价的复核总分": "Check total score of a department evaluation",
    "自评的逐项复核认定": "Indicator-by-indicator check of a self-evaluation",
    "请填写复核总分。": "Fill in the check total score.",
    # Evaluation: experts and confirmed scores
    "该用户没有评审专家角色，不能加入专家库。": (
        "This user does not have the review expert role and cannot join the expert pool."
    ),
    "所属第三方机构须为第三方机构类型的机构。": (
        "The third-party agency must be an organization of the third-party agency type."
    ),
    "专家入库：%(u)s": "Added expert to the pool: %(u)s",
    "修改专家信息：%(u)s": "Changed expert details: %(u)s",
    "专家工作单位“%(org)s”即被评价单位": "The expert's employer “%(org)s” is the evaluated unit",
    "专家工作单位“%(org)s”是被评价单位的主管部门": (
        "The expert's employer “%(org)s” is the competent department of the evaluated unit"
    ),
    "专家工作单位“%(org)s”与被评价单位同属一个主管部门": (
        "The expert's employer “%(org)s” is under the same competent department as the evaluated unit"
    ),
    "专家已申报与“%(org)s”存在利益冲突": "The expert has declared a conflict of interest with “%(org)s”",
    "只有组织评价的部门或财政可以指派专家。": (
        "Only the department or finance bureau organizing the evaluation can assign experts."
    ),
    "只有部门评价和财政评价可以指派专家。": (
        "Experts can be assigned only to department and finance evaluations."
    ),
    "评价已进入联评联审或已定稿，不能再调整专家。": (
        "The evaluation is in joint review or finalized; its experts can no longer be changed."
    ),
    "未知的评价角色。": "Unknown evaluation role.",
    "“%(u)s”不属于任何第三方机构。": "“%(u)s” does not belong to any third-party agency.",
    "“%(u)s”已指派到本评价。": "“%(u)s” is already assigned to this evaluation.",
    "指派专家%(u)s参加%(e)s": "Assigned expert %(u)s to %(e)s",
    "您被指派参加绩效评价：%(e)s": "You have been assigned to a performance evaluation: %(e)s",
    "只有组织评价的部门或财政可以调整专家。": (
        "Only the department or finance bureau organizing the evaluation can change experts."
    ),
    "结束专家%(u)s对%(e)s的指派": "Ended the assignment of expert %(u)s to %(e)s",
    "评价尚未开始或已结束评分，当前不能评分。": (
        "The evaluation has not started or scoring has closed; it cannot be scored now."
    ),
    "评价尚未确定评价指标体系。": "The evaluation has no evaluation scheme yet.",
    "指标不属于本评价的三级指标。": "The indicator is not a level-3 indicator of this evaluation.",
    "“%(name)s”的得分须在 0 到 %(points)s 分之间。": (
        "The score for “%(name)s” must be between 0 and %(points)s points."
    ),
    "专家评分：%(e)s": "Expert scores: %(e)s",
    "以下指标尚未评分，不能提交：%(names)s。": (
        "These indicators have not been scored yet; cannot submit: %(names)s."
    ),
    "专家提交评分：%(e)s": "Expert submitted scores: %(e)s",
    "专家已全部提交评分，请认定得分：%(e)s": (
        "All experts have submitted their scores; confirm the scores: %(e)s"
    ),
    "只有组织评价的部门或财政可以认定得分。": (
        "Only the department or finance bureau organizing the evaluation can confirm scores."
    ),
    "当前状态（%(s)s）不能认定得分。": "Scores cannot be confirmed in the current status (%(s)s).",
    "专家尚未全部提交评分，不能认定得分。": (
        "Not all experts have submitted their scores; the scores cannot be confirmed."
    ),
    "“%(name)s”请填写认定得分。": "“%(name)s”: fill in the confirmed score.",
    "认定得分有误，未保存：%(e)s": "Confirmed scores not saved, they contain errors: %(e)s",
    "认定评价得分：%(e)s": "Confirmed evaluation scores: %(e)s",
    # Evaluation: work records, reports and exports
    "定稿报告 SHA-256": "Final report SHA-256",
    "%(y)s年度绩效评价": "Performance evaluations %(y)s",
    "导出%(y)s年度绩效评价汇总表 %(n)s 行": "Exported the %(y)s performance evaluation summary, %(n)s rows",
    "绩效评价汇总表-%(y)s年度.xlsx": "Performance evaluation summary %(y)s.xlsx",
    "存档报告文件与登记的 SHA-256 不一致，已拒绝导出，请联系系统管理员。": (
        "The archived report file does not match its recorded SHA-256; export refused. Contact the system "
        "administrator."
    ),
    "导出评价报告：%(r)s": "Exported evaluation report: %(r)s",
    "导出评分表：%(e)s": "Exported scoring sheet: %(e)s",
    "%(e)s评分表.xlsx": "%(e)s scoring sheet.xlsx",
    "全部等级": "All grades",
    "名称或项目": "Name or project",
    "评价或项目名称": "Evaluation or project name",
    "%(y)s年度": "%(y)s",
    "只有部门评价、财政重点评价和再评价有评价工作记录。": (
        "Only department, fiscal key and re-evaluations have evaluation work records."
    ),
    "只读角色不能添加评价工作记录。": "Read-only roles cannot add evaluation work records.",
    "评价已定稿，不能再添加工作记录。": "The evaluation is finalized; no more work records can be added.",
    "评审专家只能记录非现场评审和现场评价工作。": (
        "Review experts can only record off-site reviews and on-site evaluations."
    ),
    "您不是该评价的组织单位或指派专家，不能添加工作记录。": (
        "You are neither the organizer of this evaluation nor an assigned expert, so you cannot add work "
        "records."
    ),
    "请选择工作记录类型。": "Select the type of work record.",
    "请填写日期。": "Fill in the date.",
    "现场评价和交换意见须填写地点。": "On-site evaluations and exchanges of views need a place.",
    "现场评价和交换意见须填写参加人员。": "On-site evaluations and exchanges of views need participants.",
    "请填写工作内容与发现。": "Fill in the content and findings.",
    "添加评价工作记录：%(e)s · %(k)s": "Added an evaluation work record: %(e)s · %(k)s",
    "上传评价工作记录附件：%(e)s": "Uploaded an evaluation work record attachment: %(e)s",
    "只有部门评价、财政重点评价和再评价在此编写评价报告。": (
        "Only department, fiscal key and re-evaluations have their evaluation report written here."
    ),
    "只有评价组织单位可以编写评价报告。": (
        "Only the organizer of the evaluation can write the evaluation report."
    ),
    "评价处于“%(s)s”状态，不能编写报告初稿。": (
        "The evaluation is “%(s)s”; the draft report cannot be written."
    ),
    "%(a)s评价报告初稿：%(r)s": "%(a)s draft evaluation report: %(r)s",
    "评价须经联评联审后才能定稿报告。": (
        "The evaluation must go through joint review before its report is finalized."
    ),
    "评价尚未形成总分和等级，不能定稿报告。": (
        "The evaluation has no total score and grade yet; the report cannot be finalized."
    ),
    "评价报告定稿：%(r)s": "Finalized evaluation report: %(r)s",
    "只有处于联评联审阶段的评价才能定稿报告。": (
        "Only an evaluation in joint review can have its report finalized."
    ),
    "只有定稿的评价报告才需要更正；草稿请直接修改。": (
        "Only a final evaluation report needs a correction; edit a draft directly."
    ),
    "更正评价报告：%(e)s 第%(a)s版 → 第%(b)s版": (
        "Corrected evaluation report: %(e)s version %(a)s → version %(b)s"
    ),
    "只有定稿的评价报告才生成存档 PDF。": "Only final evaluation reports get an archived PDF.",
    "生成评价报告 PDF：%(r)s": "Generated evaluation report PDF: %(r)s",
    "评价报告 PDF": "Evaluation report PDF",
    "财政部门": "Finance bureau",
    "%(name)s绩效评价报告": "Performance evaluation report: %(name)s",
    "专家评分：%(name)s": "Expert scores: %(name)s",
    "评分表": "Scoring sheet",
    "%(u)s%(y)s年度%(n)s的绩效评价。": "Performance evaluation of %(n)s of %(u)s for %(y)s.",
    "评价工作记录已添加。": "The evaluation work record has been added.",
    "只读角色不能编写评价报告。": "Read-only roles cannot write evaluation reports.",
    "评价报告初稿已保存。": "The draft evaluation report has been saved.",
    "评价报告已定稿，正在生成 PDF。": "The evaluation report is finalized; its PDF is being generated.",
    "已生成更正版本（第%(n)s版），原版本保留。": (
        "Created a corrected version (version %(n)s); the original is kept."
    ),
    "请选择要导出的年度。": "Select the year to export.",
    "评价报告导出": "Evaluation report exports",
    "评价组织单位": "Organizer of the evaluation",
    "第三方评价机构": "Third-party evaluation agency",
    "报告日期": "Report date",
    "报告版本": "Report version",
    "第%(n)s版": "Version %(n)s",
    "更正版本。更正原因：": "Corrected version. Reason for correction:",
    "草稿，非定稿报告": "Draft, not the final report",
    "一、基本情况": "1. Background",
    "评价年度": "Evaluation year",
    "二、评价结论": "2. Evaluation conclusion",
    "综合评分 %(total)s 分，评价等级为“%(grade)s”。": (
        "Overall score %(total)s points, evaluation grade “%(grade)s”."
    ),
    "因存在违规问题，评价等级已降低一档。": (
        "Because of violations, the evaluation grade has been lowered by one."
    ),
    "三、评分情况": "3. Scoring",
    "无评分明细。": "No scoring details.",
    "四、主要问题": "4. Main problems",
    "无。": "None.",
    "五、意见建议": "5. Recommendations",
    "附件：评价工作记录": "Annex: evaluation work records",
    "按日期排列": "By date",
    "尚无评价工作记录。": "No evaluation work records yet.",
    "添加工作记录": "Add work record",
    "导出评分表（Excel）": "Export scoring sheet (Excel)",
    "正在生成定稿报告 PDF": "Generating the final report PDF",
    "文件 SHA-256": "File SHA-256",
    "（已被后续版本更正）": "(corrected by a later version)",
    "PDF 生成中或首次下载时生成": "The PDF is being generated or will be generated on first download",
    "下载 PDF": "Download PDF",
    "报告内容": "Report content",
    "尚未编写评价报告。": "No evaluation report written yet.",
    "保存报告初稿": "Save draft report",
    "定稿报告": "Finalize report",
    "定稿后报告不可修改，只能以更正版本替代；系统生成 PDF 并记录其 SHA-256。": (
        "Once finalized, the report cannot be changed, only replaced by a corrected version; the system "
        "generates a PDF and records its SHA-256."
    ),
    "更正定稿报告（生成新版本，原版本保留）": (
        "Correct the final report (creates a new version; the original is kept)"
    ),
    "生成更正版本": "Create corrected version",
    "评价报告与导出": "Evaluation reports and exports",
    "导出范围以您有权查看的评价为限；每次导出均记入审计日志。": (
        "Exports cover only the evaluations you may view; every export is recorded in the audit log."
    ),
    "全区绩效评价汇总表（Excel）": "Region-wide performance evaluation summary (Excel)",
    "当年全部绩效自评、部门评价、财政重点评价和再评价：年度、评价类型、项目、单位、主管部门、资金类别、预算数、执行数、执行率、总分、等级、状态、是否降档、定稿报告 SHA-256。": (
        "All self-evaluations, department evaluations, fiscal key evaluations and re-evaluations of the "
        "year: year, evaluation type, project, unit, competent department, fund category, budget, spending, "
        "execution rate, total score, grade, status, downgraded or not, final report SHA-256."
    ),
    "导出汇总表": "Export summary",
    "没有可导出的预算年度。": "No fiscal years to export.",
    "定稿评价报告": "Final evaluation reports",
    "更正": "Correction",
    "首次下载时生成": "Generated on first download",
    "没有定稿的评价报告。": "No final evaluation reports.",
    "共 %(n)s 份定稿报告": "%(n)s final reports",
    "部门评价与财政重点评价": "Department and fiscal key evaluations",
    "报告与导出": "Reports and exports",
    "降档": "Downgraded",
    "没有符合条件的评价。": "No matching evaluations.",
    "共 %(n)s 项评价": "%(n)s evaluations",
    # Evaluation: plans, schemes and external evaluations
    "开始评价": "Start evaluation",
    "提交联评联审": "Submit for joint review",
    "评价计划尚未确定": "The evaluation plan is not fixed yet",
    "尚未选择评价指标体系": "No evaluation scheme selected yet",
    "评价指标体系“%(s)s”不符合要求": "The evaluation scheme “%(s)s” does not meet the requirements",
    "尚未指派专家或第三方机构": "No expert or third-party agency assigned yet",
    "（未选择评价指标体系）": "(no evaluation scheme selected)",
    "以下指标尚未认定得分，不能定稿：%(names)s。": (
        "These indicators have no confirmed score yet; cannot finalize: %(names)s."
    ),
    "绩效评价已开始，请评分：%(e)s": "The performance evaluation has started; please score: %(e)s",
    "评价报告初稿已提交联评联审：%(e)s": "Draft evaluation report submitted for joint review: %(e)s",
    "联评联审意见已退回修改：%(e)s": "Joint review opinion returned for revision: %(e)s",
    "绩效评价已定稿：%(e)s，总分 %(total)s，等级 %(grade)s": (
        "Performance evaluation finalized: %(e)s, total score %(total)s, grade %(grade)s"
    ),
    "不能开始评价：%(p)s。": "Cannot start the evaluation: %(p)s.",
    "只有组织评价的部门或财政可以修改评价信息。": (
        "Only the department or finance bureau organizing the evaluation can change its details."
    ),
    "评价已定稿，不能修改。": "The evaluation is finalized and cannot be changed.",
    "不能修改的字段：%(f)s": "Fields that cannot be changed: %(f)s",
    "评价已开始，不能更换评价指标体系。": (
        "The evaluation has started; its evaluation scheme cannot be replaced."
    ),
    "请选择本地区的评价指标体系。": "Select an evaluation scheme of this region.",
    "该评价指标体系不符合要求：%(e)s": "This evaluation scheme does not meet the requirements: %(e)s",
    "存在违规问题时须说明违规情况（挤占、挪用等）。": (
        "When there are violations, describe them (diversion, misappropriation, etc.)."
    ),
    "“基础分+政策加分”时填写政策加分上限，否则为 0。": (
        "Fill in the policy bonus cap for “base points + policy bonus”; otherwise 0."
    ),
    "请填写编号。": "Fill in the code.",
    "请填写指标名称。": "Fill in the indicator name.",
    "请填写分值。": "Fill in the points.",
    "新体系名称": "New scheme name",
    "指标体系文件（JSON）": "Scheme file (JSON)",
    "名称（留空则用文件中的名称）": "Name (leave empty to use the name in the file)",
    "专家已声明与被评价单位无利益冲突": (
        "The expert has declared no conflict of interest with the evaluated unit"
    ),
    "存在违规问题（挤占、挪用等，降一档）": (
        "Violations found (diversion, misappropriation, etc.; one grade lower)"
    ),
    "违规问题说明": "Violation description",
    "只有本部门的经办人可以编制部门评价计划。": (
        "Only an officer of the department can draw up the department evaluation plan."
    ),
    "只有财政绩效管理员可以编制财政重点评价计划。": (
        "Only the finance performance administrator can draw up the fiscal key evaluation plan."
    ),
    "评价计划已确定，如需调整请先退回编制。": (
        "The evaluation plan is fixed; return it to drafting to change it."
    ),
    "请选择本地区的主管部门。": "Select a competent department of this region.",
    "未知的计划类型。": "Unknown plan type.",
    "新建%(plan)s": "Created %(plan)s",
    "本部门本年度预算项目": "The department's budget projects of the year",
    "本年度重点项目": "Key projects of the year",
    "本年度预算项目（未标记重点项目）": "Budget projects of the year (no projects marked as key)",
    "评价项目数量占比 %(count)s、资金占比 %(money)s，均低于政策要求的 %(required)s。": (
        "Evaluated projects are %(count)s of the number and %(money)s of the funds, both below the "
        "%(required)s the policy requires."
    ),
    "评价资金占重点项目资金的 %(money)s，低于政策要求的 %(required)s。": (
        "Evaluated funds are %(money)s of the key project funds, below the %(required)s the policy requires."
    ),
    "现场评价项目数量占比 %(count)s、资金占比 %(money)s，均低于政策要求的 %(required)s。": (
        "On-site evaluations are %(count)s of the number of projects and %(money)s of the funds, both below "
        "the %(required)s the policy requires."
    ),
    "重大项目（%(amount)s 万元）": "Major project (%(amount)s, 10,000 yuan)",
    "自评得分 %(score)s": "Self-evaluation score %(score)s",
    "目标审核问题 %(n)s 次": "Target review problems: %(n)s",
    "项目“%(p)s”不是本部门本年度已入库的预算项目，不能列入计划。": (
        "Project “%(p)s” is not an admitted budget project of the department for this year and cannot be "
        "added to the plan."
    ),
    "项目“%(p)s”不是本地区本年度已入库的预算项目，不能列入计划。": (
        "Project “%(p)s” is not an admitted budget project of the region for this year and cannot be added "
        "to the plan."
    ),
    "项目“%(p)s”已列入本计划。": "Project “%(p)s” is already in this plan.",
    "%(plan)s列入项目：%(p)s": "Added a project to %(plan)s: %(p)s",
    "修改评价计划项目：%(p)s": "Changed an evaluation plan project: %(p)s",
    "评价已开始，不能从计划中移除。": "The evaluation has started and cannot be removed from the plan.",
    "%(plan)s移除项目：%(p)s": "Removed a project from %(plan)s: %(p)s",
    "计划中还没有评价项目，不能确定。": "The plan has no projects yet and cannot be fixed.",
    "审计或督查发现问题的项目须全部开展现场评价，以下项目尚未安排现场评价：%(names)s。": (
        "Every project with problems found by audit or inspection needs an on-site evaluation; these have "
        "none yet: %(names)s."
    ),
    "确定%(plan)s": "Fixed %(plan)s",
    "评价计划尚未确定。": "The evaluation plan is not fixed yet.",
    "退回编制%(plan)s": "Returned %(plan)s to drafting",
    "评价指标体系至少需要一个指标。": "An evaluation scheme needs at least one indicator.",
    "指标“%(name)s”的编号“%(code)s”格式不正确，应为 1、1.1、1.1.1 这样的数字。": (
        "The code “%(code)s” of indicator “%(name)s” is malformed; use numbers like 1, 1.1, 1.1.1."
    ),
    "指标编号“%(code)s”重复。": "Duplicate indicator code “%(code)s”.",
    "指标“%(name)s”超过三级。": "Indicator “%(name)s” is deeper than three levels.",
    "编号“%(code)s”的指标名称不能为空。": "The indicator with code “%(code)s” needs a name.",
    "指标“%(name)s”的分值须大于 0。": "The points of indicator “%(name)s” must be greater than 0.",
    "一级指标“%(name)s”须选择指标类别（决策、过程、产出、效益或政策加分）。": (
        "Level-1 indicator “%(name)s” needs a category (decision-making, process, output, benefit or policy "
        "bonus)."
    ),
    "指标“%(name)s”（%(code)s）找不到上级指标 %(parent)s。": (
        "Indicator “%(name)s” (%(code)s): parent indicator %(parent)s not found."
    ),
    "%(level)s级指标“%(name)s”下须至少有一个下级指标。": (
        "Level-%(level)s indicator “%(name)s” needs at least one sub-indicator."
    ),
    "指标“%(name)s”的分值 %(points)s 与下级指标分值合计 %(total)s 不一致。": (
        "The points of indicator “%(name)s” (%(points)s) differ from the total of its sub-indicators "
        "(%(total)s)."
    ),
    "决策、过程、产出、效益等基础指标分值合计须为 100 分，当前为 %(total)s 分。": (
        "The base indicators (decision-making, process, output, benefit) must total 100 points; they now "
        "total %(total)s."
    ),
    "未设置政策加分上限，不能设置政策加分指标（当前 %(bonus)s 分）。": (
        "No policy bonus cap is set, so there can be no policy bonus indicators (now %(bonus)s points)."
    ),
    "政策加分指标分值合计 %(bonus)s 分，须等于政策加分上限 %(limit)s 分。": (
        "The policy bonus indicators total %(bonus)s points and must equal the policy bonus cap of %(limit)s "
        "points."
    ),
    "产出和效益指标分值合计须不低于总分的 %(min)s，当前为 %(share)s。": (
        "Output and benefit indicators must make up at least %(min)s of the total points; they now make up "
        "%(share)s."
    ),
    "该评价指标体系已用于评价，不能修改，请复制后修改。": (
        "This evaluation scheme has been used in evaluations and cannot be changed; copy it and change the "
        "copy."
    ),
    "本地区已有同名的评价指标体系。": "This region already has an evaluation scheme with this name.",
    "新建评价指标体系：%(name)s": "Created evaluation scheme: %(name)s",
    "修改评价指标体系：%(name)s": "Changed evaluation scheme: %(name)s",
    "criteria 应为指标列表。": "criteria must be a list of indicators.",
    "第 %(n)s 个指标格式不正确。": "Indicator %(n)s is malformed.",
    "第 %(n)s 个指标的分值不是数字。": "The points of indicator %(n)s are not a number.",
    "指标体系文件不是有效的 JSON：%(error)s": "The scheme file is not valid JSON: %(error)s",
    "这不是本系统导出的评价指标体系文件。": "This is not an evaluation scheme file exported by this system.",
    "未知的资金类别：%(c)s。": "Unknown fund category: %(c)s.",
    "政策加分上限不是数字。": "The policy bonus cap is not a number.",
    "请填写指标体系名称。": "Fill in the scheme name.",
    "部门评价与财政评价": "Department and finance evaluations",
    "编制%(y)s年度部门评价计划": "Draw up the %(y)s department evaluation plan",
    "编制%(y)s年度财政重点评价计划": "Draw up the %(y)s fiscal key evaluation plan",
    "待提交的专家评分": "Expert scores to submit",
    "专家已提交评分，待认定得分": "Experts have submitted scores, awaiting confirmation",
    "只读角色不能编制评价计划。": "Read-only roles cannot draw up evaluation plans.",
    "只有主管部门经办人可以编制部门评价计划。": (
        "Only department officers can draw up department evaluation plans."
    ),
    "重大改革发展项目（重大项目）": "Major reform and development project (major project)",
    "自评得分较低": "Low self-evaluation score",
    "目标审核问题较多": "Many target review problems",
    "请选择可列入计划的项目。": "Select a project that can be added to the plan.",
    "已列入计划：%(p)s": "Added to the plan: %(p)s",
    "已从计划中移除：%(p)s": "Removed from the plan: %(p)s",
    "已保存：%(p)s": "Saved: %(p)s",
    "只读角色不能确定评价计划。": "Read-only roles cannot fix evaluation plans.",
    "评价计划已确定。": "The evaluation plan has been fixed.",
    "只读角色不能修改评价计划。": "Read-only roles cannot change evaluation plans.",
    "评价计划已退回编制。": "The evaluation plan has been returned to drafting.",
    "只读角色不能导入评价指标体系。": "Read-only roles cannot import evaluation schemes.",
    "已导入评价指标体系：%(s)s": "Imported evaluation scheme: %(s)s",
    "只读角色不能修改评价指标体系。": "Read-only roles cannot change evaluation schemes.",
    "评价指标体系已保存。": "The evaluation scheme has been saved.",
    "%(name)s（副本）": "%(name)s (copy)",
    "只读角色不能复制评价指标体系。": "Read-only roles cannot copy evaluation schemes.",
    "已复制为：%(s)s": "Copied as: %(s)s",
    "请填写新体系名称。": "Fill in the new scheme name.",
    "导出评价指标体系：%(s)s": "Exported evaluation scheme: %(s)s",
    "只读角色不能维护专家库。": "Read-only roles cannot maintain the expert pool.",
    "专家信息已保存。": "The expert details have been saved.",
    "只读角色不能修改评价。": "Read-only roles cannot change evaluations.",
    "评价信息已保存。": "The evaluation details have been saved.",
    "已结束指派：%(u)s": "Assignment ended: %(u)s",
    "只读角色不能认定得分。": "Read-only roles cannot confirm scores.",
    "认定得分已保存。": "The confirmed scores have been saved.",
    "只读角色不能办理评价流程。": "Read-only roles cannot act on evaluations.",
    "请刷新页面后重试。": "Refresh the page and try again.",
    "已办理：%(t)s": "Done: %(t)s",
    "标记": "Flags",
    "总分 %(t)s，等级 %(g)s": "Total score %(t)s, grade %(g)s",
    "因违规降档": "Downgraded for violations",
    "已认定 %(t)s 分（%(n)s 项指标待认定）": (
        "%(t)s points confirmed (%(n)s indicators awaiting confirmation)"
    ),
    "开始评价前须：": "Before the evaluation can start:",
    "评价信息": "Evaluation details",
    "评价专家与第三方机构": "Evaluation experts and third-party agencies",
    "无利益冲突声明": "No-conflict declaration",
    "指派": "Assignment",
    "已声明": "Declared",
    "尚未指派专家。": "No experts assigned yet.",
    "专家工作单位为被评价单位、其主管部门或同一主管部门下属单位，或已申报回避的，系统拒绝指派 [财预〔2021〕6号]。": (
        "The system refuses to assign an expert who works for the evaluated unit, its competent department "
        "or a unit under the same department, or who has declared a conflict with it [财预〔2021〕6号]."
    ),
    "我的评分": "My scores",
    "背对背评分：提交前看不到其他专家的评分；全部专家提交后，评价组织方汇总认定得分。": (
        "Blind scoring: you cannot see other experts' scores before submitting; once all experts have "
        "submitted, the organizer combines them and confirms the scores."
    ),
    "专家评分进度": "Expert scoring progress",
    "全部专家提交评分后，方可查看各专家评分并认定得分。": (
        "Individual expert scores can be viewed and scores confirmed once all experts have submitted."
    ),
    "专家评分汇总与认定得分": "Expert score summary and confirmed scores",
    "分歧 = 最高分 − 最低分；标黄的指标为专家分歧最大的指标（分歧最大的前三项，或分歧达到该指标分值的 %(p)s），仅作提示，请讨论后认定。": (
        "Spread = highest − lowest score; indicators highlighted in yellow have the widest expert spread "
        "(the top three, or a spread reaching %(p)s of the indicator's points). This is only a hint: discuss "
        "before confirming."
    ),
    "平均": "Average",
    "分歧": "Spread",
    "标准差": "Standard deviation",
    "保存认定得分": "Save confirmed scores",
    "返回评价": "Back to evaluation",
    "专家信息": "Expert details",
    "修改专家信息": "Edit expert details",
    "专家入库": "Add expert to pool",
    "专家库": "Expert pool",
    "在评项目": "Projects under evaluation",
    "出库": "Out of the pool",
    "专家库中还没有专家。": "The expert pool has no experts yet.",
    "覆盖情况": "Coverage",
    "政策要求：评价项目数量或资金规模达到本部门项目的 %(r)s 以上 [003 三(二)]。": (
        "Policy requirement: evaluated projects cover at least %(r)s of the department's projects by number "
        "or by funds [003 三(二)]."
    ),
    "政策要求：评价总规模达到重点项目支出总规模的 %(r)s 以上 [003 三(三)]。": (
        "Policy requirement: the evaluated total reaches at least %(r)s of the total key project expenditure "
        "[003 三(三)]."
    ),
    "列入计划": "In the plan",
    "占比": "Share",
    "项目数量": "Number of projects",
    "资金（万元，全年预算数）": "Funds (10,000 yuan, annual budget)",
    "已达到政策要求的覆盖比例。": "The policy's required coverage is reached.",
    "现场评价 %(c)s / %(n)s 项（数量占比 %(cp)s，资金占比 %(mp)s；要求不低于 %(r)s，审计、督查发现问题的项目全覆盖）。": (
        "On-site evaluation %(c)s / %(n)s projects (%(cp)s by number, %(mp)s by funds; at least %(r)s "
        "required, and every project with problems found by audit or inspection)."
    ),
    "以下审计或督查发现问题的项目尚未安排现场评价：": (
        "These projects with problems found by audit or inspection have no on-site evaluation yet:"
    ),
    "评价项目": "Evaluated projects",
    "确定计划": "Fix plan",
    "退回编制": "Return to drafting",
    "单位": "Unit",
    "移除": "Remove",
    "计划中还没有评价项目。": "The plan has no evaluated projects yet.",
    "建议优先评价的项目": "Projects suggested for evaluation first",
    "列入": "Add",
    "编制计划": "Draw up plan",
    "编制%(y)s年度%(d)s部门评价计划": "Draw up the %(y)s department evaluation plan of %(d)s",
    "编制%(r)s%(y)s年度财政重点评价计划": "Draw up the %(y)s fiscal key evaluation plan of %(r)s",
    "计划": "Plan",
    "评价项目数": "Projects",
    "还没有评价计划。": "No evaluation plans yet.",
    "导出 JSON": "Export JSON",
    "该类别默认": "Default for this category",
    "复制": "Copy",
    "该评价指标体系已用于评价，不能修改；如需调整请复制后修改。": (
        "This evaluation scheme has been used in evaluations and cannot be changed; copy it to make changes."
    ),
    "修改指标体系": "Edit scheme",
    "编号 1、1.1、1.1.1 分别表示一级、二级、三级指标；一级指标选择类别；上级指标分值须等于下级指标分值之和。清空编号和名称即删除该行。": (
        "Codes 1, 1.1 and 1.1.1 denote level-1, level-2 and level-3 indicators; level-1 indicators take a "
        "category; a parent's points must equal the total of its sub-indicators. Clearing the code and name "
        "deletes the row."
    ),
    "默认体系按财预〔2020〕10号项目支出绩效评价指标体系框架（决策、过程、产出、效益）和吉政发〔2025〕11号分类评价核心指标设置；产出与效益指标分值合计不低于政策参数规定的比例。财政绩效管理员可复制后修改。": (
        "The default schemes follow the project expenditure evaluation framework of 财预〔2020〕10号 "
        "(decision-making, process, output, benefit) and the core indicators by category of "
        "吉政发〔2025〕11号; output and benefit indicators make up at least the share set in the policy. The "
        "finance performance administrator can copy and change them."
    ),
    "三级指标数": "Level-3 indicators",
    "还没有评价指标体系。": "No evaluation schemes yet.",
    "导入指标体系（JSON）": "Import scheme (JSON)",
    # Evaluation: self-evaluation
    "完成程度（%）": "Completion (%)",
    "请选择档次": "Select a band",
    "补充说明（可选）": "Additional notes (optional)",
    "实际完成值不能为负数。": "The actual value cannot be negative.",
    "存在违规问题（挤占、挪用等）": "Violations found (diversion, misappropriation, etc.)",
    "请说明违规问题（如挤占、挪用资金）。": (
        "Describe the violations (e.g. diversion or misappropriation of funds)."
    ),
    "对应指标": "Indicator",
    "佐证材料": "Supporting document",
    "请选择指标": "Select an indicator",
    "名称、项目编码或单位": "Name, project code or unit",
    "评分规则（JSON）": "Scoring rules (JSON)",
    "评分规则文件（JSON）": "Scoring rules file (JSON)",
    "新名称": "New name",
    "应用到预算年度": "Apply to fiscal year",
    "部门初审通过": "Approve (department)",
    "部门初审退回": "Return (department)",
    "财政业务审核通过": "Approve (finance business)",
    "财政业务审核退回": "Return (finance business)",
    "财政技术审核通过": "Approve (finance technical)",
    "财政技术审核退回": "Return (finance technical)",
    "部门初审": "Department review",
    "财政业务审核": "Finance business review",
    "财政技术审核": "Finance technical review",
    "这不是绩效自评。": "This is not a self-evaluation.",
    "只读角色不能填写绩效自评。": "Read-only roles cannot fill in self-evaluations.",
    "绩效自评处于“%(s)s”状态，不能修改。": "The self-evaluation is “%(s)s” and cannot be changed.",
    "只有填报单位的经办人可以填写绩效自评。": (
        "Only an officer of the reporting unit can fill in the self-evaluation."
    ),
    "只有财政部门可以认定违规问题。": "Only the finance bureau can confirm violations.",
    "已审核的绩效自评不能修改。": "A reviewed self-evaluation cannot be changed.",
    "%(year)s年度%(stage)s": "%(stage)s %(year)s",
    "只有本地区财政绩效管理员可以开启绩效自评。": (
        "Only the finance performance administrator of the region can open self-evaluation."
    ),
    "开启%(year)s年度绩效自评，新建 %(n)s 份自评": (
        "Opened self-evaluation for %(year)s, created %(n)s self-evaluations"
    ),
    "请于%(due)s前完成%(year)s年度绩效自评": "Complete the %(year)s self-evaluation by %(due)s",
    "绩效自评已开启：按项目支出绩效自评表填写各项指标的实际完成值、偏差原因并上传佐证材料后报送。": (
        "Self-evaluation is open: following the project expenditure self-evaluation form, fill in each "
        "indicator's actual value and cause of deviation, upload supporting documents, then submit."
    ),
    "“%(name)s”的评价档次无效：%(band)s": "Invalid band for “%(name)s”: %(band)s",
    "“%(name)s”的完成程度须在“%(label)s”档次的 %(lower)s–%(upper)s 之间。": (
        "The completion of “%(name)s” must be within %(lower)s–%(upper)s of band “%(label)s”."
    ),
    "请填写年度总体目标实际完成情况。": "Fill in the actual achievement of the overall annual goals.",
    "全年预算数为 0，无法计算预算执行率，请核实预算安排。": (
        "The annual budget is 0, so the budget execution rate cannot be calculated; check the budget."
    ),
    "“%(n)s”：请选择定性指标评价档次。": "“%(n)s”: select a qualitative indicator band.",
    "“%(n)s”：请填写完成程度。": "“%(n)s”: fill in the completion.",
    "“%(n)s”：请填写实际完成情况。": "“%(n)s”: fill in the actual progress.",
    "“%(n)s”：请填写实际完成值。": "“%(n)s”: fill in the actual value.",
    "“%(n)s”未完全达成（得分 %(s)s / %(p)s）：请填写偏差原因分析及改进措施。": (
        "“%(n)s” is not fully achieved (score %(s)s / %(p)s): fill in the causes of deviation and "
        "improvements."
    ),
    "预算执行率 %(rate)s 低于 %(line)s：请说明执行率偏低的原因。": (
        "The budget execution rate %(rate)s is below %(line)s: explain why it is low."
    ),
    "%(unit)s报送绩效自评，待部门初审：%(name)s": (
        "%(unit)s submitted a self-evaluation, awaiting department review: %(name)s"
    ),
    "绩效自评待财政业务审核：%(name)s": "Self-evaluation awaiting finance business review: %(name)s",
    "绩效自评待财政技术审核：%(name)s": "Self-evaluation awaiting finance technical review: %(name)s",
    "绩效自评已审核通过：%(name)s（%(total)s 分，%(grade)s）": (
        "Self-evaluation approved: %(name)s (%(total)s points, %(grade)s)"
    ),
    "绩效自评被退回，请修改后重新报送：%(name)s": "Self-evaluation returned; revise and resubmit: %(name)s",
    "“%(n)s”的完成程度须在 0 到 100%% 之间。": "The completion of “%(n)s” must be between 0 and 100%%.",
    "“%(n)s”的实际完成值不能为负数。": "The actual value of “%(n)s” cannot be negative.",
    "指标行不属于本绩效自评。": "The indicator row does not belong to this self-evaluation.",
    "认定违规问题：%(obj)s": "Confirmed violations: %(obj)s",
    "撤销违规问题认定：%(obj)s": "Withdrew the violation finding: %(obj)s",
    "请选择佐证材料对应的指标。": "Select the indicator the supporting document belongs to.",
    "上传佐证材料“%(name)s”：%(row)s": "Uploaded supporting document “%(name)s”: %(row)s",
    "删除佐证材料“%(name)s”": "Deleted supporting document “%(name)s”",
    "只有财政绩效管理员可以管理自评评分规则。": (
        "Only the finance performance administrator can manage self-evaluation scoring rules."
    ),
    "请填写评分规则名称。": "Fill in the scoring rules name.",
    "新建自评评分规则：%(n)s": "Created self-evaluation scoring rules: %(n)s",
    "已有同名的评分规则：%(n)s": "Scoring rules with this name already exist: %(n)s",
    "复制自 %(year)s 第 %(v)s 版政策参数": "Copied from the %(year)s policy, version %(v)s",
    "修改自评评分规则：%(n)s": "Changed self-evaluation scoring rules: %(n)s",
    "删除自评评分规则：%(n)s": "Deleted self-evaluation scoring rules: %(n)s",
    "采用自评评分规则“%(n)s”": "Adopted self-evaluation scoring rules “%(n)s”",
    "绩效自评待填报": "Self-evaluations to fill in",
    "退回的绩效自评待修改": "Returned self-evaluations to revise",
    "绩效自评待部门初审": "Self-evaluations awaiting department review",
    "绩效自评待财政业务审核": "Self-evaluations awaiting finance business review",
    "绩效自评待财政技术审核": "Self-evaluations awaiting finance technical review",
    "只读角色不能开启绩效自评。": "Read-only roles cannot open self-evaluation.",
    "已开启%(year)s年度绩效自评（截止 %(due)s），共 %(n)s 份自评。": (
        "Opened self-evaluation for %(year)s (due %(due)s): %(n)s self-evaluations."
    ),
    "绩效自评还不完整，未报送。": "The self-evaluation is incomplete and was not submitted.",
    "绩效自评已报送，得分已重新计算。": "The self-evaluation has been submitted and its score recalculated.",
    "已保存，但暂不能计算得分：%(p)s": "Saved, but the score cannot be calculated yet: %(p)s",
    "已保存，得分已重新计算。": "Saved; the score has been recalculated.",
    "只读角色不能审核绩效自评。": "Read-only roles cannot review self-evaluations.",
    "只读角色不能认定违规问题。": "Read-only roles cannot confirm violations.",
    "违规问题认定已保存，评价等级已重新计算。": (
        "The violation finding has been saved and the evaluation grade recalculated."
    ),
    "只读角色不能上传佐证材料。": "Read-only roles cannot upload supporting documents.",
    "请选择指标和文件。": "Select an indicator and a file.",
    "已上传佐证材料：%(n)s": "Supporting document uploaded: %(n)s",
    "只读角色不能删除佐证材料。": "Read-only roles cannot delete supporting documents.",
    "已删除佐证材料。": "The supporting document has been deleted.",
    "已复制为评分规则：%(n)s": "Copied as scoring rules: %(n)s",
    "导入自 %(f)s": "Imported from %(f)s",
    "已导入评分规则：%(n)s": "Imported scoring rules: %(n)s",
    "评分规则已保存。": "The scoring rules have been saved.",
    "%(n)s（副本）": "%(n)s (copy)",
    "已复制为：%(n)s": "Copied as: %(n)s",
    "请填写新名称。": "Fill in the new name.",
    "请选择预算年度。": "Select a fiscal year.",
    "已将“%(n)s”设为%(y)s年度的自评评分规则（政策参数第 %(v)s 版）。": (
        "“%(n)s” is now the self-evaluation scoring rules of %(y)s (policy version %(v)s)."
    ),
    "已删除评分规则：%(n)s": "Deleted scoring rules: %(n)s",
    "全年执行数": "Annual spending",
    "预期目标": "Expected goals",
    "没有绩效指标。": "No performance indicators.",
    "得分计算过程": "Score calculation",
    "计算过程与依据": "Calculation and basis",
    "部门整体支出绩效自评表": "Department overall expenditure self-evaluation form",
    "部门名称": "Department name",
    "查看批复的绩效目标": "View the approved performance target",
    "报送时的政策参数（第 %(v)s 版）": "Policy at submission (version %(v)s)",
    "本年度现行政策参数": "Current policy of the year",
    "预算执行率 %(e)s 分，产出 %(o)s 分，效益 %(b)s 分，满意度 %(s)s 分": (
        "Budget execution rate %(e)s points, output %(o)s points, benefit %(b)s points, satisfaction %(s)s "
        "points"
    ),
    "，成本 %(c)s 分": ", cost %(c)s points",
    "预算执行情况（根据预算安排与支出数据计算，不可填写）": (
        "Budget execution (calculated from budget and spending data, not editable)"
    ),
    "全年执行数（万元）": "Annual spending (10,000 yuan)",
    "执行率低于 %(line)s%%，须说明原因。": "The execution rate is below %(line)s%%; explain why.",
    "预算执行数据已更新，保存后将重新计算得分。": (
        "The budget execution data has been updated; the score will be recalculated on saving."
    ),
    "绩效指标完成情况（分值、得分由系统按评分规则计算）": (
        "Performance indicator achievement (points and scores calculated by the system under the scoring "
        "rules)"
    ),
    "完成程度": "Completion",
    "该绩效目标没有指标。": "This performance target has no indicators.",
    "存在违规问题，评价等级降一档 [003 二(四)]": (
        "Violations found, evaluation grade lowered by one [003 二(四)]"
    ),
    "每次保存都会按评分规则重新计算得分。": "Every save recalculates the score under the scoring rules.",
    "上传佐证材料": "Upload supporting document",
    "单个文件不超过 %(mb)s MB；可上传 PDF、OFD、Word、WPS、Excel、PPT、图片或压缩包。上传前请先保存已填写的内容。": (
        "Each file up to %(mb)s MB; PDF, OFD, Word, WPS, Excel, PPT, images or archives can be uploaded. "
        "Save what you have filled in before uploading."
    ),
    "违规问题认定（财政部门）": "Violation finding (finance bureau)",
    "已认定存在违规问题：": "Violations confirmed:",
    "保存认定": "Save finding",
    "认定后评价等级降一档 [003 二(四)]。": (
        "Once confirmed, the evaluation grade is lowered by one [003 二(四)]."
    ),
    "开启自评": "Open self-evaluation",
    "%(region)s %(year)s年度绩效自评": "%(region)s self-evaluation %(year)s",
    "截止": "Due",
    "部门整体": "Department overall",
    "没有符合条件的绩效自评。": "No matching self-evaluations.",
    "共 %(n)s 份绩效自评": "%(n)s self-evaluations",
    "存在违规问题，降一档": "Violations found, one grade lower",
    "返回规则库": "Back to the rules library",
    "规则内容": "Rules content",
    "应用到年度": "Apply to year",
    "应用": "Apply",
    "生成该年度新的政策参数版本；已报送的自评仍按报送时的规则计分。": (
        "Creates a new policy version for the year; submitted self-evaluations keep the rules they were "
        "submitted under."
    ),
    "确定删除该评分规则？": "Delete these scoring rules?",
    "自评评分规则库": "Self-evaluation scoring rules library",
    "返回绩效自评": "Back to self-evaluation",
    "评分规则是年度政策参数的一部分：可从某一年度的政策参数复制、编辑，导出为 JSON 交给其他地区，或导入其他地区的规则，再应用到某一年度（生成新的政策参数版本；已报送的自评仍按报送时的规则计分）。": (
        "Scoring rules are part of a year's policy: copy them from a year's policy and edit them, export "
        "them as JSON for other regions or import other regions' rules, then apply them to a year (this "
        "creates a new policy version; submitted self-evaluations keep the rules they were submitted under)."
    ),
    "还没有评分规则。": "No scoring rules yet.",
    "从年度政策参数复制": "Copy from a year's policy",
    "导入 JSON": "Import JSON",
    # Evaluation: spot checks
    "留空则自动生成；填写已记录的种子可复现同一样本。": (
        "Leave empty to generate one; enter a recorded seed to reproduce the same sample."
    ),
    "完成程度（0—1）": "Completion (0–1)",
    "复核总分": "Check total score",
    "只有财政管理员可以抽取抽查复核样本。": "Only the finance administrator can draw spot check samples.",
    "随机种子超出范围。": "The random seed is out of range.",
    "本年度没有已审核的自评或已定稿的部门评价，无法抽查。": (
        "No reviewed self-evaluations or finalized department evaluations this year; nothing to spot check."
    ),
    "抽取抽查复核样本：%(s)s": "Drew spot check sample: %(s)s",
    "只有财政管理员或该部门的归口业务科室可以复核评分。": (
        "Only the finance administrator or the department's managing finance division can score the check."
    ),
    "本次抽查复核已通报，不能再修改复核评分。": (
        "This spot check has been circulated; its check scores can no longer be changed."
    ),
    "抽查复核评分：%(e)s，原得分 %(o)s，复核得分 %(r)s": (
        "Spot check scoring: %(e)s, original score %(o)s, check score %(r)s"
    ),
    "部门评价请直接填写复核总分。": "For a department evaluation, fill in the check total score directly.",
    "指标行不属于被复核的自评。": "The indicator row does not belong to the checked self-evaluation.",
    "自评须按指标逐项复核评分。": "A self-evaluation is checked indicator by indicator.",
    "复核总分须在 0 到满分之间。": "The check total score must be between 0 and full points.",
    "请填写复核意见，说明复核总分的依据。": (
        "Fill in the check opinion, stating the basis of the check total score."
    ),
    "只有财政管理员可以发布抽查复核通报。": (
        "Only the finance administrator can publish the spot check circulation."
    ),
    "本年度尚未抽查复核，无可通报的内容。": "No spot check this year; nothing to circulate.",
    "尚有 %(n)s 项评价未完成复核评分，不能发布通报。": (
        "%(n)s evaluations have not been check-scored yet; the circulation cannot be published."
    ),
    "发布抽查复核通报：%(s)s": "Published the spot check circulation: %(s)s",
    "%(y)s年度绩效评价抽查复核通报：%(d)s有 %(n)s 项评价复核差异较大": (
        "%(y)s performance evaluation spot check circulation: %(d)s has %(n)s evaluations with large "
        "differences"
    ),
    "请登录系统查看抽查复核结果并整改。": "Log in to view the spot check results and rectify.",
    "抽查复核差异较大事项": "Spot check items with large differences",
    "评价名称": "Evaluation name",
    "%(y)s年度抽查复核通报": "Spot check circulation %(y)s",
    "已复核评价数": "Evaluations checked",
    "差异较大事项数": "Items with large differences",
    "最大分差": "Largest difference",
    "已抽取抽查复核样本（随机种子 %(seed)s）。": "Spot check sample drawn (random seed %(seed)s).",
    "复核得分 %(s)s，与原得分相差 %(g)s 分，已标记为差异较大。": (
        "Check score %(s)s, %(g)s points from the original score; marked as a large difference."
    ),
    "复核得分 %(s)s，与原得分相差 %(g)s 分。": "Check score %(s)s, %(g)s points from the original score.",
    "导出抽查复核差异较大事项": "Exported spot check items with large differences",
    "抽查复核差异较大事项.xlsx": "Spot check items with large differences.xlsx",
    "导出%(y)s年度抽查复核通报": "Exported the %(y)s spot check circulation",
    "%(y)s年度抽查复核通报.xlsx": "Spot check circulation %(y)s.xlsx",
    "已发布抽查复核通报，已通知 %(n)s 个部门。": (
        "Spot check circulation published; %(n)s departments notified."
    ),
    "抽查复核通报": "Spot check circulation",
    "%(y)s年度抽查复核通报名单": "Spot check circulation list %(y)s",
    "已通报": "Circulated",
    "差异较大事项": "Items with large differences",
    "本年度没有需通报的部门。": "No departments to circulate this year.",
    "发布后本年度抽查复核结束，不能再修改复核评分；名单中的部门将收到通报通知。": (
        "Publishing ends this year's spot check: check scores can no longer be changed, and the listed "
        "departments are notified."
    ),
    "发布通报": "Publish circulation",
    "分差容差": "Score difference tolerance",
    "分": "points",
    "同一随机种子在相同数据上抽取的样本相同。": (
        "The same random seed draws the same sample from the same data."
    ),
    "已复核": "Checked",
    "待复核": "Awaiting check",
    "没有您可查看的抽查事项。": "No spot check items you can view.",
    "没有差异较大的事项。": "No items with large differences.",
    "容差": "tolerance",
    "原实际完成值": "Original actual value",
    "复核认定": "Check finding",
    "保存复核评分": "Save check scoring",
    "通报名单": "Circulation list",
    "部门数": "Departments",
    "评价数": "Evaluations",
    "本年度尚无抽查复核。": "No spot checks this year.",
    "抽取样本": "Draw sample",
    "本年度有 %(n)s 个部门有已审核的自评或已定稿的部门评价，按政策参数（抽查比例 %(share)s，分差容差 %(tol)s 分）至少抽取 %(k)s 个部门。风险因素越多的部门被抽中的概率越大；随机种子会被记录，用同一种子可复现同一样本。": (
        "This year %(n)s departments have reviewed self-evaluations or finalized department evaluations; "
        "under the policy (sampling share %(share)s, score difference tolerance %(tol)s points) at least "
        "%(k)s departments are drawn. Departments with more risk factors are more likely to be drawn; the "
        "random seed is recorded, and the same seed reproduces the same sample."
    ),
    "抽取": "Draw",
    # Evaluation: self-evaluation scoring
    "评分方案文件不是有效的 JSON：%(error)s": "The scoring rules file is not valid JSON: %(error)s",
    "评分方案文件的内容应为一个 JSON 对象。": "The scoring rules file must contain a JSON object.",
    "这不是本系统导出的自评评分方案文件。": (
        "This is not a self-evaluation scoring rules file exported by this system."
    ),
    "不支持的评分方案文件版本：%(version)s（本系统支持第 %(supported)s 版）。": (
        "Unsupported scoring rules file version: %(version)s (this system supports version %(supported)s)."
    ),
    "评分方案文件缺少方案内容（scheme）。": "The scoring rules file has no rules (scheme).",
    "指标行的标识不能重复。": "Indicator row keys must be unique.",
    "全年预算数须大于 0，才能计算预算执行率。": (
        "The annual budget must be greater than 0 to calculate the budget execution rate."
    ),
    "全年执行数不能为空或负数。": "The annual spending cannot be empty or negative.",
    "执行率 %(rate)s = %(spent)s / %(budget)s，本方案不计分": (
        "Execution rate %(rate)s = %(spent)s / %(budget)s, not scored under these rules"
    ),
    "本评分方案中预算执行率分值为 0，只计算执行率、不计分。": (
        "The budget execution rate has 0 points under these scoring rules: the rate is calculated but not "
        "scored."
    ),
    "执行率 %(rate)s ≥ %(min)s": "Execution rate %(rate)s ≥ %(min)s",
    "%(score)s = %(points)s × %(share)s（%(reached)s）": "%(score)s = %(points)s × %(share)s (%(reached)s)",
    "执行率 %(rate)s 低于各档": "Execution rate %(rate)s is below every band",
    "预算执行率按档次计分：%(steps)s": "Budget execution rate scored by band: %(steps)s",
    "%(source)s 预算执行率：得分 = 分值 × min(全年执行数 / 全年预算数, 1)": (
        "%(source)s Budget execution rate: score = points × min(annual spending / annual budget, 1)"
    ),
    "指标“%(name)s”的一级指标无效：%(value)s": "Invalid level-1 indicator for “%(name)s”: %(value)s",
    "指标“%(name)s”的指标性质无效：%(value)s": "Invalid indicator type for “%(name)s”: %(value)s",
    "指标“%(name)s”的权重不能为负数。": "The weight of indicator “%(name)s” cannot be negative.",
    "不适用，不计分": "Not applicable, not scored",
    "指标不适用：不考核该指标，其分值由同一级指标下的其他指标按比例分配。": (
        "Indicator not applicable: it is not assessed, and its points go to the other indicators under the "
        "same level-1 indicator in proportion."
    ),
    "定量指标“%(name)s”缺少年度指标值。": "Quantitative indicator “%(name)s” has no annual target value.",
    "0.00：未填写实际完成值": "0.00: actual value not filled in",
    "未填写实际完成值的定量指标不得分，须说明原因。": (
        "A quantitative indicator without an actual value scores nothing; explain why."
    ),
    "实际值 / 目标值 = %(ratio)s ≥ %(line)s，目标值设定明显偏低，扣分值的 %(cut)s": (
        "Actual / target = %(ratio)s ≥ %(line)s: the target was set clearly too low, %(cut)s of the points "
        "deducted"
    ),
    "%(points)s × (1 − %(cut)s)": "%(points)s × (1 − %(cut)s)",
    "偏离度：实际值达到目标值的 %(line)s 及以上视为目标值设定偏低，扣该指标分值的 %(cut)s": (
        "Deviation: an actual value at or above %(line)s of the target means the target was set too low, and "
        "%(cut)s of the indicator's points is deducted"
    ),
    "%(source)s 正向指标：得分 = 分值 × min(实际值 / 目标值, 1)": (
        "%(source)s Positive indicator: score = points × min(actual / target, 1)"
    ),
    "%(source)s 反向指标：得分 = 分值 × min(目标值 / 实际值, 1)": (
        "%(source)s Negative indicator: score = points × min(target / actual, 1)"
    ),
    "等值指标：实际值等于目标值得满分，否则不得分": (
        "Equality indicator: full points when the actual value equals the target, otherwise none"
    ),
    "等值指标：实际值等于目标值得满分，否则得分 = 分值 × min(实际值 / 目标值, 目标值 / 实际值)": (
        "Equality indicator: full points when the actual value equals the target, otherwise score = points × "
        "min(actual / target, target / actual)"
    ),
    "定性指标“%(name)s”须选择评价档次。": "Qualitative indicator “%(name)s” needs a band.",
    "定性指标“%(name)s”的评价档次无效：%(band)s": (
        "Invalid band for qualitative indicator “%(name)s”: %(band)s"
    ),
    "定性指标“%(name)s”的得分比例 %(share)s 不在“%(label)s”档次的 %(lower)s–%(upper)s 之内。": (
        "The score share %(share)s of qualitative indicator “%(name)s” is outside %(lower)s–%(upper)s of "
        "band “%(label)s”."
    ),
    "%(points)s × %(share)s（%(label)s）": "%(points)s × %(share)s (%(label)s)",
    "定性指标：按评价档次（%(steps)s）由评价人在档内确定得分比例": (
        "Qualitative indicator: by band (%(steps)s), the evaluator sets the score share within the band"
    ),
    "满意度：达到 %(line)s%% 得满分，每低 %(step)s 个百分点扣 %(per)s 分（不足一档按一档计）": (
        "Satisfaction: full points at %(line)s%% or more, minus %(per)s for every %(step)s percentage points "
        "below (a part step counts as a full step)"
    ),
    "%(score)s：满意度 %(actual)s%% ≥ %(line)s%%，得满分": (
        "%(score)s: satisfaction %(actual)s%% ≥ %(line)s%%, full points"
    ),
    "%(score)s = %(points)s − %(per)s × %(steps)s（满意度 %(actual)s%%，低于 %(line)s%% 共 %(gap)s 个百分点）": (
        "%(score)s = %(points)s − %(per)s × %(steps)s (satisfaction %(actual)s%%, %(gap)s percentage points "
        "below %(line)s%%)"
    ),
    "部分完成时得分四舍五入取整": "Partly achieved scores are rounded to the nearest integer",
    "部分完成时得分向下取整": "Partly achieved scores are rounded down",
    "%(score)s = %(points)s − 1（%(expression)s = %(raw)s，未完全达成扣 1 分）": (
        "%(score)s = %(points)s − 1 (%(expression)s = %(raw)s, 1 point off for not fully achieved)"
    ),
    "未完全达成的指标扣 1 分": "1 point off for an indicator not fully achieved",
    "%(score)s = %(points)s − %(per)s × %(short)s（完成 %(done)s，每差 1 个百分点扣 %(per)s 分）": (
        "%(score)s = %(points)s − %(per)s × %(short)s (achieved %(done)s, minus %(per)s per percentage point "
        "short)"
    ),
    "每差 1 个百分点扣 %(per)s 分": "Minus %(per)s per percentage point short",
    # Evaluation: self-evaluation forms and historical import
    "%(g)s（因存在违规问题降档）": "%(g)s (one grade lower for violations)",
    "导出项目支出绩效自评表（%(f)s） %(obj)s": (
        "Exported the project expenditure self-evaluation form (%(f)s) %(obj)s"
    ),
    "工作表“%(s)s”": "Sheet “%(s)s”",
    "……共 %(n)s 处错误": "… %(n)s errors in all",
    "应为数字": "must be a number",
    "应为百分比": "must be a percentage",
    "请填写金额": "Fill in the amount",
    "请上传 .xlsx 格式的自评表（.xls 请先用 Excel 另存为 .xlsx）。": (
        "Upload the self-evaluation form as .xlsx (save an .xls as .xlsx in Excel first)."
    ),
    "未找到自评表：文件中没有含“一级指标”“三级指标”表头的工作表。": (
        "Self-evaluation form not found: no sheet in the file has the headers “一级指标” and “三级指标”."
    ),
    "未找到“项目名称”": "“项目名称” not found",
    "预算执行率得分%(e)s": "Budget execution rate score %(e)s",
    "未找到指标表头“三级指标”": "Indicator header “三级指标” not found",
    "指标表缺少“%(l)s”列": "The indicator table has no “%(l)s” column",
    "总分%(e)s": "Total score %(e)s",
    "一级指标应为产出指标、效益指标、满意度指标或成本指标": (
        "The level-1 indicator must be an output, benefit, satisfaction or cost indicator"
    ),
    "请填写三级指标名称": "Fill in the level-3 indicator name",
    "指标性质应为 ≥、≤、=、正向、反向、定量或定性": (
        "The indicator type must be ≥, ≤, =, positive, negative, quantitative or qualitative"
    ),
    "定量指标的年度指标值应为数字（可带比较符和单位，如 ≥266米）": (
        "The annual target of a quantitative indicator must be a number (a comparator and unit are allowed, "
        "e.g. ≥266米)"
    ),
    "分值%(e)s": "Points %(e)s",
    "分值不能为负数": "Points cannot be negative",
    "得分%(e)s": "Score %(e)s",
    "指标表中没有指标": "The indicator table has no indicators",
    "实际完成值应为数字（可带比较符和单位，如 ≥266米）": (
        "The actual value must be a number (a comparator and unit are allowed, e.g. ≥266米)"
    ),
    "实际完成值的单位“%(a)s”与指标的计量单位“%(u)s”不一致": (
        "The unit “%(a)s” of the actual value differs from the indicator's unit of measure “%(u)s”"
    ),
    "实际完成值超出范围": "The actual value is out of range",
    "实际完成值最多保留四位小数": "The actual value can have at most four decimal places",
    "项目名称“%(f)s”与本自评“%(e)s”不一致，请导出本项目的自评表填写后上传": (
        "The project name “%(f)s” differs from this self-evaluation's “%(e)s”; export this project's form, "
        "fill it in and upload it"
    ),
    "本自评没有名为“%(n)s”的指标（指标以绩效目标为准，不能在自评表中增加或改名）": (
        "This self-evaluation has no indicator named “%(n)s” (indicators follow the performance target and "
        "cannot be added or renamed in the form)"
    ),
    "实际完成情况不能超过 200 个字符": "The actual progress cannot exceed 200 characters",
    "导入项目支出绩效自评表 %(obj)s（%(n)s 个指标）": (
        "Imported the project expenditure self-evaluation form %(obj)s (%(n)s indicators)"
    ),
    "定性指标“%(n)s”的实际完成情况“%(t)s”无法确定评价档次：请填写 %(l)s 之一，或在得分栏填写原表得分": (
        "The band of qualitative indicator “%(n)s” cannot be determined from its actual progress “%(t)s”: "
        "enter one of %(l)s, or fill in the original score in the score column"
    ),
    "未填写项目名称": "Project name not filled in",
    "未找到全年预算数或全年执行数，无法计算预算执行率": (
        "Annual budget or annual spending not found; the budget execution rate cannot be calculated"
    ),
    "实施单位“%(u)s”不是%(r)s的预算单位（请先在机构管理中建立该单位）": (
        "Implementing unit “%(u)s” is not a budget unit of %(r)s (create it under organization management "
        "first)"
    ),
    "主管部门“%(d)s”不是%(r)s的主管部门": (
        "Competent department “%(d)s” is not a competent department of %(r)s"
    ),
    "实施单位“%(u)s”不属于主管部门“%(d)s”": (
        "Implementing unit “%(u)s” does not belong to competent department “%(d)s”"
    ),
    "项目“%(p)s”%(y)s年度的自评已存在，未重复导入": (
        "The %(y)s self-evaluation of project “%(p)s” already exists and was not imported again"
    ),
    "定量指标“%(n)s”的实际完成值“%(v)s”不是数字": (
        "The actual value “%(v)s” of quantitative indicator “%(n)s” is not a number"
    ),
    "由历史自评表导入（%(f)s）": "Imported from a historical self-evaluation form (%(f)s)",
    "上传的文件不是有效的 zip 压缩包。": "The uploaded file is not a valid zip archive.",
    "压缩包内文件过多（超过 %(n)s 个）。": "The archive contains too many files (more than %(n)s).",
    "压缩包解压后过大，已拒绝。": "The archive is too large when extracted and was rejected.",
    "不是 .xlsx 文件（.xls、.et 等请先用 Excel 另存为 .xlsx）": (
        "Not an .xlsx file (save .xls, .et, etc. as .xlsx in Excel first)"
    ),
    "无法处理该文件，请检查文件内容后重试": "The file cannot be processed; check its content and try again",
    "历史自评导入 %(y)s年度：%(ok)s 个文件导入，%(bad)s 个未导入（评分规则：%(s)s）": (
        "Historical self-evaluation import %(y)s: %(ok)s files imported, %(bad)s not imported (scoring "
        "rules: %(s)s)"
    ),
    "历史自评表导入": "Historical self-evaluation form import",
    "请选择要导入的自评表文件（.xlsx）。": "Select the self-evaluation form file (.xlsx) to import.",
    "已从自评表导入：%(n)s": "Imported from the self-evaluation form: %(n)s",
    "暂不能计算得分：%(r)s": "The score cannot be calculated yet: %(r)s",
    "自评表压缩包（.zip，内含 .xlsx 自评表；也可上传单个 .xlsx）": (
        "Self-evaluation forms archive (.zip containing .xlsx forms; a single .xlsx can also be uploaded)"
    ),
    "请上传 .zip 压缩包或 .xlsx 文件。": "Upload a .zip archive or an .xlsx file.",
    "文件超过 %(mb)s MB，请分批上传。": "The file exceeds %(mb)s MB; upload in batches.",
    "评分规则须属于所选预算年度的行政区划。": (
        "The scoring rules must belong to the region of the selected fiscal year."
    ),
    "只有财政部门绩效管理人员、领导和审计人员可以查看历史自评导入。": (
        "Only finance performance staff, leaders and auditors can view historical self-evaluation imports."
    ),
    "只有财政管理员可以导入历史自评表。": (
        "Only the finance administrator can import historical self-evaluation forms."
    ),
    "已开始导入，请在本页查看进度和导入报告。": (
        "Import started; follow its progress and report on this page."
    ),
    "%(r)s %(y)s 年度历史自评导入": "%(r)s historical self-evaluation import %(y)s",
    "导入往年自评表": "Import past self-evaluation forms",
    "上传一个包含往年已填写的项目支出绩效自评表（.xlsx）的压缩包。系统按所选评分规则重新计算每份自评的得分，并与原表得分对比；每个文件单独导入，有问题的文件列明原因，不影响其他文件。": (
        "Upload an archive of completed project expenditure self-evaluation forms (.xlsx) from past years. "
        "The system recalculates each self-evaluation's score with the selected scoring rules and compares "
        "it with the score in the form; each file is imported on its own, and files with problems are listed "
        "with their reasons without affecting the others."
    ),
    "开始导入": "Start import",
    "尚未导入历史自评表。": "No historical self-evaluation forms imported yet.",
    "正在导入，页面会自动刷新进度。": "Importing; the page refreshes its progress automatically.",
    "导入失败。": "Import failed.",
    "共 %(t)s 个文件：%(ok)s 个已导入，%(bad)s 个未导入。": (
        "%(t)s files: %(ok)s imported, %(bad)s not imported."
    ),
    "%(n)s 个文件的原表得分与按评分规则计算的得分不一致。": (
        "In %(n)s files the original score differs from the score calculated with the scoring rules."
    ),
    "下载报告（CSV）": "Download report (CSV)",
    "下载报告（JSON）": "Download report (JSON)",
    "未导入的文件": "Files not imported",
    "系统计算得分": "Calculated score",
    "差异": "Difference",
    "官方格式的项目支出绩效自评表：下载后填写实际完成值、偏差原因分析及改进措施，再上传导入。": (
        "The official project expenditure self-evaluation form: download it, fill in the actual values and "
        "the causes of deviation and improvements, then upload it to import."
    ),
    "下载自评表（Excel）": "Download self-evaluation form (Excel)",
    "下载自评表（PDF）": "Download self-evaluation form (PDF)",
    "填写好的自评表（.xlsx）": "Completed self-evaluation form (.xlsx)",
    "上传导入": "Upload and import",
    "按指标名称匹配，只导入实际完成值、偏差原因分析及改进措施和年度总体目标实际完成情况；预算数、执行数取自预算执行数据，得分由系统计算。文件有任何错误则整份不导入。": (
        "Matched by indicator name, only the actual values, the causes of deviation and improvements, and "
        "the actual achievement of the overall annual goals are imported; budget and spending come from the "
        "budget execution data, and scores are calculated by the system. If the file has any error, nothing "
        "is imported."
    ),
    "导入自评表": "Import self-evaluation form",
    "项目支出绩效自评表": "Project expenditure self-evaluation form",
    "自评表未导入，本自评没有任何改动。请按下列提示修改文件后重新上传：": (
        "The self-evaluation form was not imported and this self-evaluation is unchanged. Correct the file "
        "as shown below and upload it again:"
    ),
    "单元格": "Cell",
    # Prior assessment (issue 6)
    # Prior assessment: experts, API and report
    "评估维度重复。": "Duplicate assessment dimension.",
    "请提供您看到的版本号。": "Give the version number you saw.",
    "%(name)s事前绩效评估报告": "Prior performance assessment report: %(name)s",
    "只有财政部门可以指派评估专家。": "Only the finance bureau can assign assessment experts.",
    "只有委托再评估中的事前绩效评估可以指派专家。": (
        "Experts can be assigned only to a prior performance assessment under commissioned re-assessment."
    ),
    "“%(u)s”不是专家库中的在库专家。": "“%(u)s” is not an active expert in the expert pool.",
    "存在利益冲突，须回避：%(reasons)s。": "Conflict of interest, the expert must withdraw: %(reasons)s.",
    "“%(u)s”已指派到本评估。": "“%(u)s” is already assigned to this assessment.",
    "指派专家%(u)s参加%(a)s": "Assigned expert %(u)s to %(a)s",
    "您被指派参加事前绩效评估：%(p)s": "You have been assigned to a prior performance assessment: %(p)s",
    "只有财政部门可以调整评估专家。": "Only the finance bureau can change assessment experts.",
    "该指派已结束。": "This assignment has already ended.",
    "评估已出具结论，不能再调整专家。": (
        "The assessment has a conclusion; its experts can no longer be changed."
    ),
    "结束专家%(u)s对%(a)s的指派": "Ended the assignment of expert %(u)s to %(a)s",
    "只有被指派的专家本人可以评分。": "Only the assigned expert can score.",
    "评分已提交，不能修改。": "The scores have been submitted and cannot be changed.",
    "评估不在再评估阶段，当前不能评分。": "The assessment is not in re-assessment; it cannot be scored now.",
    "未知的评估维度：%(d)s": "Unknown assessment dimension: %(d)s",
    "“%(d)s”的得分须在 0 到 %(p)s 分之间。": "The score for “%(d)s” must be between 0 and %(p)s points.",
    "评分有误，未保存：%(e)s": "Scores not saved, they contain errors: %(e)s",
    "事前评估专家评分：%(a)s": "Expert scores for prior assessment: %(a)s",
    "以下维度尚未评分，不能提交：%(names)s。": (
        "These dimensions have not been scored yet; cannot submit: %(names)s."
    ),
    "专家提交事前评估评分：%(a)s": "Expert submitted prior assessment scores: %(a)s",
    "专家已全部提交评分，请出具评估结论：%(p)s": (
        "All experts have submitted their scores; issue the assessment conclusion: %(p)s"
    ),
    # Prior assessment: models, filters and forms
    "申报年度": "Application year",
    "评估结论": "Assessment conclusion",
    "全部结论": "All conclusions",
    "项目名称或编码": "Project name or code",
    "指派给我的": "Assigned to me",
    "会审结论": "Committee decision",
    "请输入数字。": "Enter a number.",
    "评估概述": "Assessment summary",
    "%(y)s 年度支出需求（元）": "Spending need for %(y)s (yuan)",
    "%(y)s 年度测算依据": "Basis of estimate for %(y)s",
    "所属维度": "Dimension",
    "整体材料": "General materials",
    "请选择文件。": "Select a file.",
    "受托第三方机构": "Commissioned third-party agency",
    "不委托第三方机构（由专家组评估）": "No third-party agency (assessed by an expert panel)",
    "请选择评估结论。": "Select an assessment conclusion.",
    "结论理由": "Reasons for the conclusion",
    "调整完善要求": "Required revisions",
    "“%(d)s”审核意见": "Review opinion on “%(d)s”",
    "%(y)s 年度审定金额（元）": "Approved amount for %(y)s (yuan)",
    "请选择专家。": "Select an expert.",
    "请选择专家库中的专家。": "Select an expert from the expert pool.",
    "专家已声明与本项目无利益冲突": "The expert has declared no conflict of interest with this project",
    "得分不能为负数。": "The score cannot be negative.",
    "得分不能超过该维度分值。": "The score cannot exceed the points of the dimension.",
    "评分意见": "Scoring comments",
    "会审日期": "Meeting date",
    "会审机构": "Reviewing body",
    "参会成员": "Attendees",
    "每行一人，写明单位、职务和姓名。": "One per line: organization, position and name.",
    "附加条件": "Conditions",
    "会审意见": "Committee opinion",
    "预算（资金）管理委员会": "Budget (Funds) Management Committee",
    "立项必要性": "Necessity of the project",
    "投入经济性": "Economy of inputs",
    "绩效目标合理性": "Soundness of performance targets",
    "实施方案可行性": "Feasibility of the implementation plan",
    "筹资合规性": "Compliance of financing",
    "予以支持": "Supported",
    "调整完善后予以支持": "Supported after revision",
    "不予支持": "Not supported",
    "财政审核中": "Under finance review",
    "再评估中": "Under re-assessment",
    "已出具结论": "Concluded",
    "再评估事由": "Reason for re-assessment",
    "专家评估等级": "Expert assessment grade",
    "专家评估等级名称": "Expert assessment grade name",
    "出具结论人": "Concluded by",
    "结论时间": "Concluded at",
    "%(name)s事前绩效评估": "Prior performance assessment: %(name)s",
    "评估维度": "Assessment dimension",
    "论证情况": "Justification",
    "财政审核意见": "Finance review opinion",
    "评估附件": "Assessment attachment",
    "支出需求（元）": "Spending need (yuan)",
    "测算依据": "Basis of estimate",
    "审定金额（元）": "Approved amount (yuan)",
    "分年度支出需求": "Annual spending need",
    "事前评估专家指派": "Prior assessment expert assignment",
    "等级名称": "Grade name",
    "事前评估专家评分": "Prior assessment expert score",
    "同意": "Approved",
    "有条件同意": "Approved with conditions",
    "不同意": "Not approved",
    "联合会审": "Joint review by the budget committee",
    "%(name)s联合会审（%(date)s）": "Joint review by the budget committee: %(name)s (%(date)s)",
    # Prior assessment: rules, transitions and joint review
    "实施内容或标准发生较大调整、拟申请新增预算的项目": (
        "Project whose content or standards changed significantly and that applies for new budget"
    ),
    "到期申请延续执行的项目": "Expiring project applying to continue",
    "使用债券资金安排的项目": "Project funded by bonds",
    "%(what)s，项目总金额 %(amount)s 万元，不低于重大项目标准 %(threshold)s 万元": (
        "%(what)s, total amount %(amount)s (10,000 yuan), at or above the major project threshold of "
        "%(threshold)s (10,000 yuan)"
    ),
    "%(what)s，项目总金额 %(amount)s 万元，不低于联合会审标准 %(threshold)s 万元": (
        "%(what)s, total amount %(amount)s (10,000 yuan), at or above the joint review threshold of "
        "%(threshold)s (10,000 yuan)"
    ),
    "尚未开展事前绩效评估": "No prior performance assessment has been carried out",
    "事前绩效评估尚未出具结论（当前：%(status)s）": (
        "The prior performance assessment has no conclusion yet (now: %(status)s)"
    ),
    "事前绩效评估结论为“%(c)s”": "The prior performance assessment concluded “%(c)s”",
    "事前绩效评估等级为“%(g)s”": "The prior performance assessment grade is “%(g)s”",
    "事前绩效评估结论为“调整完善后予以支持”，但未记录调整完善要求": (
        "The prior performance assessment concluded “supported after revision” but no required revisions are "
        "recorded"
    ),
    "尚未经预算（资金）管理委员会联合会审": (
        "Not yet reviewed jointly by the Budget (Funds) Management Committee"
    ),
    "联合会审结论为“不同意”": "The committee joint review decided “not approved”",
    "联合会审结论为“有条件同意”，但未记录附加条件": (
        "The committee joint review decided “approved with conditions” but no conditions are recorded"
    ),
    "该项目须开展事前绩效评估（%(why)s），%(blocker)s，不能入库": (
        "This project needs a prior performance assessment (%(why)s); %(blocker)s; it cannot enter the "
        "project library"
    ),
    "该项目须经联合会审（%(why)s），%(blocker)s，不能入库": (
        "This project needs a joint review by the budget committee (%(why)s); %(blocker)s; it cannot enter "
        "the project library"
    ),
    "只有项目所属单位或其主管部门可以开展事前绩效评估。": (
        "Only the project's unit or its competent department can carry out a prior performance assessment."
    ),
    "项目处于“%(s)s”状态，入库审核已办结，不能再开展入库前的事前绩效评估。": (
        "The project is “%(s)s”: its library admission review is closed, so no prior performance assessment "
        "can be carried out before admission."
    ),
    "该项目已有进行中的事前绩效评估。": (
        "This project already has a prior performance assessment in progress."
    ),
    "只有项目所属单位或其主管部门可以填写事前绩效评估。": (
        "Only the project's unit or its competent department can fill in the prior performance assessment."
    ),
    "事前绩效评估处于“%(s)s”状态，不能修改。": (
        "The prior performance assessment is “%(s)s” and cannot be changed."
    ),
    "开展事前绩效评估：%(p)s": "Started a prior performance assessment: %(p)s",
    "%(y)s 年度重复。": "Duplicate year %(y)s.",
    "%(y)s 年度不在项目期间（%(a)s—%(b)s 年）内。": "Year %(y)s is outside the project period (%(a)s–%(b)s).",
    "%(y)s 年度支出需求须为不小于 0 的金额。": "The spending need for %(y)s must be an amount of 0 or more.",
    "分年度支出需求有误：%(e)s": "Errors in the annual spending needs: %(e)s",
    "请填写“%(d)s”的论证情况。": "Fill in the justification for “%(d)s”.",
    "请填写分年度支出需求（至少一个年度的金额大于 0）。": (
        "Fill in the annual spending needs (at least one year with an amount above 0)."
    ),
    "事前绩效评估还不完整，未报送：": "The prior performance assessment is incomplete and was not submitted:",
    "未知的评估维度。": "Unknown assessment dimension.",
    "文件“%(name)s”为空。": "The file “%(name)s” is empty.",
    "文件为空。": "The file is empty.",
    "文件“%(name)s”超过 %(mb)s MB，已拒绝。": "The file “%(name)s” exceeds %(mb)s MB and was rejected.",
    "不支持的文件类型“%(ext)s”（可上传 PDF、OFD、Word、WPS、Excel、PPT、图片或压缩包）。": (
        "Unsupported file type “%(ext)s” (PDF, OFD, Word, WPS, Excel, PPT, images or archives can be "
        "uploaded)."
    ),
    "上传事前绩效评估附件“%(name)s”": "Uploaded prior assessment attachment “%(name)s”",
    "删除事前绩效评估附件“%(name)s”": "Deleted prior assessment attachment “%(name)s”",
    "委托再评估须说明事由。": "Give the reason for commissioning a re-assessment.",
    "受托机构须为第三方机构。": "The commissioned agency must be a third-party agency.",
    "退回时请填写退回意见，说明需要修改的内容。": (
        "Give a reason when returning, stating what must be changed."
    ),
    "审定金额须为数字。": "The approved amount must be a number.",
    "请填写结论理由。": "Give the reasons for the conclusion.",
    "结论为“调整完善后予以支持”时，须写明调整完善要求。": (
        "With the conclusion “supported after revision”, state the required revisions."
    ),
    "专家尚未全部提交评分，不能出具结论。": (
        "Not all experts have submitted their scores; no conclusion can be issued."
    ),
    "专家评估等级为“%(g)s”，只能出具“不予支持”结论。": (
        "The expert assessment grade is “%(g)s”; only the conclusion “not supported” can be issued."
    ),
    "审定金额不能为负数。": "The approved amount cannot be negative.",
    "待审核事前绩效评估：%(p)s": "Prior performance assessment awaiting review: %(p)s",
    "事前绩效评估被财政退回：%(p)s": "Prior performance assessment returned by finance: %(p)s",
    "事前绩效评估结论：%(p)s %(c)s": "Prior performance assessment conclusion: %(p)s %(c)s",
    "受理审核": "Accept for review",
    "委托再评估": "Commission re-assessment",
    "出具结论": "Issue conclusion",
    "只有财政部门可以记录联合会审结果。": "Only the finance bureau can record joint review results.",
    "请填写会审日期。": "Fill in the meeting date.",
    "会审日期不能晚于今天。": "The meeting date cannot be later than today.",
    "请填写会审机构。": "Fill in the reviewing body.",
    "请填写参会成员。": "Fill in the attendees.",
    "请选择会审结论。": "Select the committee decision.",
    "结论为“有条件同意”时，须写明附加条件。": (
        "With the decision “approved with conditions”, state the conditions."
    ),
    "记录联合会审：%(p)s %(d)s": "Recorded the committee joint review: %(p)s %(d)s",
    "联合会审结论：%(p)s %(d)s": "Committee joint review decision: %(p)s %(d)s",
    # Prior assessment: to-do and views
    "须开展事前绩效评估的项目": "Projects needing a prior performance assessment",
    "事前绩效评估待填报": "Prior performance assessments to fill in",
    "退回的事前绩效评估待修改": "Returned prior performance assessments to revise",
    "事前绩效评估待受理审核": "Prior performance assessments awaiting acceptance for review",
    "事前绩效评估待出具结论": "Prior performance assessments awaiting a conclusion",
    "专家再评估已完成，待出具结论": "Expert re-assessment complete, awaiting a conclusion",
    "待联合会审的项目": "Projects awaiting a joint review by the budget committee",
    "事前绩效评估待评分": "Prior performance assessments to score",
    "只读角色不能开展事前绩效评估。": "Read-only roles cannot carry out prior performance assessments.",
    "已开展事前绩效评估，请填写五个维度的论证和分年度支出需求。": (
        "Prior performance assessment started: fill in the justification of the five dimensions and the "
        "annual spending needs."
    ),
    "只读角色不能填写事前绩效评估。": "Read-only roles cannot fill in prior performance assessments.",
    "事前绩效评估还不完整，未报送。": "The prior performance assessment is incomplete and was not submitted.",
    "事前绩效评估已报送财政审核。": "The prior performance assessment has been submitted for finance review.",
    "事前绩效评估已保存。": "The prior performance assessment has been saved.",
    "只读角色不能办理事前绩效评估。": "Read-only roles cannot act on prior performance assessments.",
    "已办理“%(a)s”。": "Done: “%(a)s”.",
    "只读角色不能出具评估结论。": "Read-only roles cannot issue assessment conclusions.",
    "已出具评估结论。": "The assessment conclusion has been issued.",
    "只读角色不能上传附件。": "Read-only roles cannot upload attachments.",
    "请选择要上传的文件。": "Select a file to upload.",
    "附件已上传。": "The attachment has been uploaded.",
    "只读角色不能删除附件。": "Read-only roles cannot delete attachments.",
    "附件已删除。": "The attachment has been deleted.",
    "只读角色不能指派专家。": "Read-only roles cannot assign experts.",
    "已指派专家：%(u)s": "Expert assigned: %(u)s",
    "只读角色不能调整专家。": "Read-only roles cannot change experts.",
    "已结束专家%(u)s的指派。": "Ended the assignment of expert %(u)s.",
    "只有被指派的专家可以评分。": "Only an assigned expert can score.",
    "评分已提交。": "The scores have been submitted.",
    "评分已保存。": "The scores have been saved.",
    "导出事前绩效评估报告：%(p)s": "Exported the prior performance assessment report: %(p)s",
    "评审专家不能查看联合会审记录。": "Review experts cannot view joint review records.",
    "只读角色不能记录联合会审。": "Read-only roles cannot record joint reviews.",
    "已记录联合会审结果。": "The joint review result has been recorded.",
    # Prior assessment: policy checks
    "联合会审金额标准不能为负数。": "The joint review amount threshold cannot be negative.",
    "事前评估须为五个评估维度各设一个不为负数的分值。": (
        "The prior assessment needs non-negative points for each of the five dimensions."
    ),
    "事前评估五个维度分值合计须为 100 分，当前为 %(total)s 分。": (
        "The points of the five prior assessment dimensions must total 100; they now total %(total)s."
    ),
    "事前评估等级分数线须从高到低排列，且最低一档从 0 分起。": (
        "Prior assessment grade thresholds must run from highest to lowest, with the lowest grade starting "
        "at 0 points."
    ),
    "事前评估等级分数线不能高于 100 分。": "Prior assessment grade thresholds cannot exceed 100 points.",
    "事前评估等级须有各不相同的代码和名称。": "Each prior assessment grade needs its own code and name.",
    # Prior assessment: pages and PDF
    "开展事前绩效评估": "Carry out a prior performance assessment",
    "开展评估": "Start assessment",
    "开始评估": "Start assessment",
    "可选择本单位（或本部门所属单位）尚未入库、且没有进行中评估的项目。": (
        "You can choose projects of your unit (or of units under your department) that are not yet in the "
        "library and have no assessment in progress."
    ),
    "按规定须开展事前绩效评估的项目": "Projects that must have a prior performance assessment",
    "须评估的原因": "Why an assessment is needed",
    "选择": "Select",
    "没有按规定须开展事前绩效评估的项目。": "No projects must have a prior performance assessment.",
    "评估报告（PDF）": "Assessment report (PDF)",
    "项目信息": "Project information",
    "评估依据与入库条件": "Assessment grounds and library admission conditions",
    "须开展事前绩效评估：": "Prior performance assessment required:",
    "按年度政策参数，该项目不属于必须开展事前绩效评估的范围。": (
        "Under the year's policy, this project does not have to have a prior performance assessment."
    ),
    "须经联合会审：": "Joint review by the budget committee required:",
    "尚不能入库：": "Cannot enter the library yet:",
    "事前绩效评估和联合会审已满足入库条件。": (
        "The prior performance assessment and the committee joint review meet the library admission "
        "conditions."
    ),
    "委托再评估：": "Commissioned re-assessment:",
    "专家组": "Expert panel",
    "结论": "Conclusion",
    "出具": "Issued",
    "退回意见": "Return reason",
    "意见（选填）": "Opinion (optional)",
    "评估论证": "Assessment justification",
    "满分": "Full points",
    "项目总金额 %(total)s 元。": "Total project amount %(total)s yuan.",
    "尚无附件。": "No attachments yet.",
    "出具评估结论": "Issue assessment conclusion",
    "专家尚未全部提交评分，提交后方可出具结论。": (
        "Not all experts have submitted their scores; the conclusion can be issued once they have."
    ),
    "（调整完善后予以支持时必填）": "(required for “supported after revision”)",
    "专家再评估": "Expert re-assessment",
    "未提交": "Not submitted",
    "结束指派": "End assignment",
    "指派专家": "Assign expert",
    "专家工作单位为项目单位、其主管部门或同一主管部门下属单位，或已申报回避的，系统将拒绝指派。": (
        "The system refuses to assign an expert who works for the project unit, its competent department or "
        "a unit under the same department, or who has declared a conflict with it."
    ),
    "平均分": "Average",
    "专家平均分": "Expert average",
    "专家评分在全部专家提交前互不可见。": (
        "Expert scores are hidden from each other until all experts have submitted."
    ),
    "记录联合会审": "Record committee joint review",
    "尚未记录联合会审结果。": "No committee joint review result recorded yet.",
    "该项目无须联合会审。": "This project needs no committee joint review.",
    "没有符合条件的事前绩效评估。": "No matching prior performance assessments.",
    "共 %(n)s 项事前绩效评估": "%(n)s prior performance assessments",
    "背对背评分：全部专家提交前，您只能看到自己的评分，其他专家也看不到您的评分。各维度得分按年度政策参数折算为优、良、中、差等级。": (
        "Blind scoring: until all experts have submitted, you see only your own scores and other experts "
        "cannot see yours. Dimension scores are converted to the grades 优, 良, 中 and 差 under the year's "
        "policy."
    ),
    "单位论证材料": "Unit's justification materials",
    "提交评分": "Submit scores",
    "尚未评分。": "Not scored yet.",
    "记录联合会审：%(name)s": "Record committee joint review: %(name)s",
    "尚未开展": "Not started",
    "（有条件同意时必填）": "(required for “approved with conditions”)",
    "保存会审结果": "Save review result",
    "须会审的原因": "Why a committee review is needed",
    "记录会审": "Record review",
    "没有联合会审记录。": "No committee joint review records.",
    "共 %(n)s 条联合会审记录": "%(n)s committee joint review records",
    "事前绩效评估与联合会审": "Prior performance assessment and committee joint review",
    "尚未会审": "Not reviewed yet",
    "评估状态": "Assessment status",
    "评估依据": "Assessment grounds",
    "一、评估内容": "1. Assessment content",
    "二、分年度支出需求": "2. Annual spending needs",
    "支出需求（万元）": "Spending need (10,000 yuan)",
    "审定金额（万元）": "Approved amount (10,000 yuan)",
    "三、专家评分": "3. Expert scores",
    "四、评估结论": "4. Assessment conclusion",
    "三、评估结论": "3. Assessment conclusion",
    "尚未出具": "Not issued yet",
    "出具时间": "Issued at",
    # Result application (issue 6)
    "%(name)s的措施只能是 priority、normal、cut 或 cancel。": (
        "The action of %(name)s must be priority, normal, cut or cancel."
    ),
    "优先保障": "Prioritize",
    "正常安排": "Fund as normal",
    "压减": "Cut",
    "整改台账": "Rectification ledger",
    "评价结果反馈": "Evaluation feedback",
    "预算挂钩": "Budget linkage",
    "问责": "Accountability",
    "只有本地区财政绩效管理人员可以生成预算挂钩建议。": (
        "Only the region's finance performance staff can generate budget linkage proposals."
    ),
    "部分挂钩建议不存在或无权查看。": "Some linkage proposals do not exist or you may not view them.",
    "关于%(name)s项目绩效评价结果的反馈意见函": "Feedback letter on the performance evaluation of %(name)s",
    "%(dept)s、%(unit)s：": "To %(dept)s and %(unit)s:",
    "根据%(year)s年度%(kind)s工作安排，已完成对%(name)s的绩效评价，评价得分%(score)s分，评价等级为“%(grade)s”。现将评价结果反馈如下：": (
        "Under the %(year)s %(kind)s work plan, the performance evaluation of %(name)s is complete, with a score "
        "of %(score)s and the grade “%(grade)s”. The results are as follows:"
    ),
    "一、发现的主要问题": "1. Main problems found",
    "二、整改意见和建议": "2. Rectification opinions and recommendations",
    "请按要求认真整改，并在整改期限内将整改情况及佐证材料报送财政部门。": (
        "Please rectify as required and submit the rectification status and supporting documents to the "
        "finance bureau by the deadline."
    ),
    "只有部门评价和财政重点评价需要反馈评价结果。": (
        "Only department evaluations and fiscal key evaluations need result feedback."
    ),
    "评价尚未定稿，不能生成反馈意见函。": "The evaluation is not finalized yet; no feedback letter can be generated.",
    "只有财政绩效管理人员可以批量生成反馈意见函。": (
        "Only finance performance staff can generate feedback letters in bulk."
    ),
    "系统用于结果应用催办去重": "System account for de-duplicating result application reminders",
    "期限：%(due)s\n%(item)s": "Due: %(due)s\n%(item)s",
    "今日到期：评价结果反馈意见函尚未发送": "Due today: the feedback letter has not been sent",
    "还有%(days)s天到期：评价结果反馈意见函尚未发送": "Due in %(days)s days: the feedback letter has not been sent",
    "已逾期：评价结果反馈意见函尚未发送": "Overdue: the feedback letter has not been sent",
    "逾期": "Overdue",
    "问题来源": "Source of the problem",
    "审计": "Audit",
    "监督检查": "Supervision inspection",
    "整改要求": "Rectification requirements",
    "整改期限": "Rectification deadline",
    "整改措施及成效": "Rectification measures and results",
    "无评价": "No evaluation",
    "编制预算年度": "Budget year being prepared",
    "建议措施": "Proposed action",
    "确认措施": "Confirmed action",
    "调整额（元，压减为负数）": "Change (yuan, negative for a cut)",
    "调整理由": "Reason for the adjustment",
    "调整挂钩建议必须填写调整理由。": "Adjusting a linkage proposal requires a reason.",
    "评价等级“%(grade)s”不在挂钩规则中，正常安排": (
        "Evaluation grade “%(grade)s” is not in the linkage rules; funded as normal"
    ),
    "评价年度无已定稿或已审核的评价结果，正常安排": (
        "No finalized or accepted evaluation result in the evaluation year; funded as normal"
    ),
    "评价等级为“%(grade)s”，按政策压减%(rate)s：%(amount)s元": (
        "Evaluation grade “%(grade)s”: cut by %(rate)s under the policy: %(amount)s yuan"
    ),
    "评价等级为“%(grade)s”，取消预算安排": "Evaluation grade “%(grade)s”: budget cancelled",
    "评价等级为“%(grade)s”，优先保障": "Evaluation grade “%(grade)s”: prioritized",
    "评价等级为“%(grade)s”，正常安排": "Evaluation grade “%(grade)s”: funded as normal",
    "有%(n)s项整改事项未销号，追加压减%(rate)s：%(amount)s元": (
        "%(n)s rectification items not closed: additional cut of %(rate)s: %(amount)s yuan"
    ),
    "评价年度收回资金%(amount)s元，不再安排": "%(amount)s yuan recalled in the evaluation year; not funded again",
    "评价年度资金沉淀%(amount)s元（预警已处置），不再安排": (
        "%(amount)s yuan idle in the evaluation year (warning handled); not funded again"
    ),
    "生成%(year)s年度预算挂钩建议%(n)s条": "Generated %(n)s budget linkage proposals for %(year)s",
    "%(kind)s%(year)s年度预算挂钩：%(project)s %(action)s %(change)s元": (
        "%(kind)s %(year)s budget linkage: %(project)s %(action)s %(change)s yuan"
    ),
    "只有财政部门可以确认预算挂钩建议：%(project)s": (
        "Only the finance bureau can confirm budget linkage proposals: %(project)s"
    ),
    "%(project)s的挂钩建议已确认，不能重复确认。": (
        "The linkage proposal for %(project)s is already confirmed and cannot be confirmed again."
    ),
    "只有财政部门可以调整预算挂钩建议。": "Only the finance bureau can adjust budget linkage proposals.",
    "请选择有效的挂钩措施。": "Choose a valid linkage action.",
    "调整额须为数字。": "The change must be a number.",
    "压减额不能超过基数%(base)s元。": "The cut cannot exceed the base of %(base)s yuan.",
    "调整确认": "Adjusted and confirmed",
    "压减 %(amount)s 元": "cut %(amount)s yuan",
    "增加 %(amount)s 元": "increase %(amount)s yuan",
    "（评价等级%(grade)s）": " (evaluation grade %(grade)s)",
    "%(year)s年预算挂钩：%(what)s%(grade)s": "%(year)s budget linkage: %(what)s%(grade)s",
    "待审批": "Awaiting approval",
    "已审批": "Approved",
    "已发送": "Sent",
    "正文": "Body",
    "反馈期限": "Feedback deadline",
    "审批人": "Approved by",
    "审批时间": "Approved at",
    "发送人": "Sent by",
    "发送时间": "Sent at",
    "待整改": "To rectify",
    "整改中": "Rectifying",
    "已整改待核实": "Rectified, awaiting verification",
    "已销号": "Closed",
    "退回原因": "Reason for return",
    "退回次数": "Times returned",
    "销号时间": "Closed at",
    "登记人": "Registered by",
    "登记时间": "Registered at",
    "整改事项": "Rectification item",
    "整改佐证材料": "Rectification supporting document",
    "压减预算": "Cut the budget",
    "取消预算": "Cancel the budget",
    "收回资金不再安排": "Recalled funds not funded again",
    "已调整确认": "Adjusted and confirmed",
    "依据的评价": "Underlying evaluation",
    "基数（元）": "Base (yuan)",
    "建议调整额（元）": "Proposed change (yuan)",
    "确认调整额（元）": "Confirmed change (yuan)",
    "下年度预算安排": "Next year's budget allocation",
    "预算挂钩建议": "Budget linkage proposal",
    "未按要求设定绩效目标": "Performance targets not set as required",
    "篡改或虚报评价结果": "Evaluation results falsified or misreported",
    "未按要求开展绩效监控": "Performance monitoring not carried out as required",
    "绩效目标严重偏离": "Serious deviation from performance targets",
    "绩效评价结果为差": "Performance evaluation graded poor",
    "整改不到位或逾期未整改": "Rectification inadequate or overdue",
    "不予安排预算": "No budget allocated",
    "减少下年度预算": "Reduce next year's budget",
    "约谈整改": "Interview and rectification",
    "通报批评": "Public criticism",
    "移送有关部门处理": "Referred to the competent authorities",
    "问责情形": "Accountability ground",
    "责任人": "Person responsible",
    "事实": "Facts",
    "处理措施": "Measure taken",
    "处理说明": "Handling notes",
    "决定日期": "Decision date",
    "问责记录": "Accountability record",
    "公开人": "Disclosed by",
    "公开时间": "Disclosed at",
    "评价结果公开": "Evaluation result disclosure",
    "访问过于频繁，请稍后再试。": "Too many requests; please try again later.",
    "按评价意见认真整改。": "Rectify according to the evaluation opinions.",
    "只有本地区财政绩效管理人员可以登记整改事项。": (
        "Only the region's finance performance staff can register rectification items."
    ),
    "只有责任单位可以上传整改佐证材料。": "Only the responsible unit can upload rectification supporting documents.",
    "当前状态不能上传佐证材料。": "Supporting documents cannot be uploaded in the current status.",
    "上传佐证材料：%(name)s": "Uploaded supporting document: %(name)s",
    "请填写整改措施及成效后再报送。": "Fill in the rectification measures and results before submitting.",
    "请至少上传一份整改佐证材料后再报送。": "Upload at least one rectification supporting document before submitting.",
    "退回时必须填写退回原因。": "A reason is required when returning.",
    "今日到期：整改事项尚未报送": "Due today: the rectification item has not been submitted",
    "还有%(days)s天到期：整改事项尚未报送": "Due in %(days)s days: the rectification item has not been submitted",
    "整改逾期：整改事项尚未报送": "Rectification overdue: the item has not been submitted",
    "整改逾期提醒（督办）：整改事项尚未报送": (
        "Rectification overdue (escalated): the item has not been submitted"
    ),
    "评价结果反馈意见函待审批": "Feedback letter awaiting approval",
    "评价结果反馈意见函待发送": "Feedback letter awaiting sending",
    "整改事项待整改": "Rectification item to rectify",
    "整改结果待核实销号": "Rectification result awaiting verification and closing",
    "%(year)s年度预算挂钩建议待确认": "%(year)s budget linkage proposals awaiting confirmation",
    "审批": "Approve",
    "发送": "Send",
    "开始整改": "Start rectification",
    "报送整改结果": "Submit rectification result",
    "核实销号": "Verify and close",
    "只有财政绩效管理人员可以生成反馈意见函。": "Only finance performance staff can generate feedback letters.",
    "已生成 %(n)s 份反馈意见函。": "Generated %(n)s feedback letters.",
    "已%(action)s。": "Done: %(action)s.",
    "导出整改台账": "Export rectification ledger",
    "只有财政绩效管理人员可以登记整改事项。": "Only finance performance staff can register rectification items.",
    "整改事项已登记。": "Rectification item registered.",
    "当前不能修改整改措施。": "The rectification measures cannot be changed now.",
    "整改措施已保存。": "Rectification measures saved.",
    "佐证材料已上传。": "Supporting document uploaded.",
    "已生成或更新%(year)s年度预算挂钩建议%(n)s条。": (
        "Generated or updated %(n)s budget linkage proposals for %(year)s."
    ),
    "请勾选要确认的挂钩建议。": "Tick the linkage proposals to confirm.",
    "已确认%(n)s条挂钩建议，已计入下年度预算安排。": (
        "Confirmed %(n)s linkage proposals; they are included in next year's budget allocation."
    ),
    "已调整确认：%(project)s": "Adjusted and confirmed: %(project)s",
    "分组": "Group",
    "项目数": "Projects",
    "调整额（元）": "Change (yuan)",
    "导出%(year)s年度预算挂钩汇总": "Exported the %(year)s budget linkage summary",
    "按评价等级": "By evaluation grade",
    "按主管部门": "By competent department",
    "明细": "Details",
    "暂无": "None yet",
    "评价结果反馈意见函": "Evaluation feedback letters",
    "生成反馈意见函（待生成 %(n)s 份）": "Generate feedback letters (%(n)s pending)",
    "没有符合条件的反馈意见函。": "No matching feedback letters.",
    "共 %(n)s 份": "%(n)s in total",
    "%(year)s年度预算挂钩建议": "%(year)s budget linkage proposals",
    "挂钩汇总": "Linkage summary",
    "生成%(year)s年度挂钩建议": "Generate %(year)s linkage proposals",
    "理由": "Reason",
    "没有符合条件的挂钩建议。": "No matching linkage proposals.",
    "确认所选建议": "Confirm selected proposals",
    "调整挂钩建议": "Adjust linkage proposal",
    "调整并确认": "Adjust and confirm",
    "预算挂钩汇总": "Budget linkage summary",
    "%(year)s年度预算挂钩汇总": "%(year)s budget linkage summary",
    "挂钩建议": "Linkage proposals",
    "导出Excel": "Export Excel",
    "调整额：已确认的按确认数，未确认的按建议数；负数为压减。": (
        "Change: confirmed amount where confirmed, otherwise the proposed amount; negative means a cut."
    ),
    "暂无数据": "No data yet",
    "绩效评价结果公开": "Published performance evaluation results",
    "经财政部门确定公开的绩效评价结果（涉密事项不予公开）。": (
        "Performance evaluation results the finance bureau has decided to publish (classified matters are "
        "not published)."
    ),
    "下载CSV": "Download CSV",
    "下载JSON": "Download JSON",
    "暂无公开的评价结果。": "No published evaluation results yet.",
    "已退回%(n)s次": "Returned %(n)s times",
    "保存整改措施": "Save rectification measures",
    "退回原因（必填）": "Reason for return (required)",
    "登记整改事项": "Register rectification item",
    "登记审计/监督检查发现的问题": "Register a problem found by audit or supervision inspection",
    "登记审计/检查问题": "Register audit/inspection problem",
    "来源": "Source",
    "退回%(n)s次": "Returned %(n)s times",
    "没有符合条件的整改事项。": "No matching rectification items.",
    # Dashboards, scorecards, years (issue 7)
    # Dashboards: leader dashboard, drill-down and briefing
    "领导驾驶舱": "Leader dashboard",
    "总体情况": "Overview",
    "数值": "Value",
    "预算执行率（%）": "Budget execution rate (%)",
    "执行率与序时进度之差（百分点）": "Execution rate minus time progress (percentage points)",
    "执行滞后项目数": "Projects behind schedule",
    "各环节覆盖": "Coverage by stage",
    "覆盖比例（按项目数，%）": "Coverage (by number of projects, %)",
    "涉及预算（万元）": "Budget involved (10,000 yuan)",
    "覆盖比例（按金额，%）": "Coverage (by amount, %)",
    "规定比例（%）": "Required share (%)",
    "是否达标": "Met",
    "达标": "Met",
    "未到截止日": "Not yet due",
    "未达标": "Not met",
    "执行进度": "Execution progress",
    "月份": "Month",
    "累计执行数（万元）": "Cumulative spending (10,000 yuan)",
    "评价等级分布": "Evaluation grade distribution",
    "分类": "Category",
    "预警条数": "Warnings",
    "涉及项目数": "Projects involved",
    "%(level)s预警": "%(level)s warnings",
    "最早未处置预警：%(band)s": "Oldest unhandled warning: %(band)s",
    "整改事项数": "Rectification items",
    "未销号": "Open",
    "其中逾期": "of which overdue",
    "整改完成率（%）": "Rectification completion rate (%)",
    "结果应用资金": "Funds affected by result application",
    "措施": "Measure",
    "按%(dim)s": "By %(dim)s",
    "执行滞后项目": "Projects behind schedule",
    "%(stage)s覆盖（%%）": "%(stage)s coverage (%%)",
    "未评价": "Not evaluated",
    "有预警项目": "Projects with warnings",
    "未销号整改事项": "Open rectification items",
    "结果应用调整资金（万元）": "Funds adjusted by result application (10,000 yuan)",
    "%(year)s年度预算绩效管理驾驶舱.%(ext)s": "%(year)s budget performance dashboard.%(ext)s",
    "%(year)s年度预算绩效管理情况简报": "%(year)s budget performance management briefing",
    "导出%(year)s年度驾驶舱数据（%(fmt)s）": "Exported the %(year)s dashboard data (%(fmt)s)",
    "驾驶舱情况简报（PDF）": "Dashboard briefing (PDF)",
    "简报参数不完整：缺少年度。": "Incomplete briefing parameters: the year is missing.",
    "绩效目标批复": "Performance target approval",
    "30 天以内": "up to 30 days",
    "31—90 天": "31–90 days",
    "90 天以上": "over 90 days",
    "区划级次": "Region level",
    "已开展绩效监控": "Performance monitoring done",
    "已开展绩效自评": "Self-evaluation done",
    "已开展部门评价": "Department evaluation done",
    "已开展财政重点评价": "Fiscal key evaluation done",
    "评价得分": "Evaluation score",
    "黄色预警": "Yellow warnings",
    "橙色预警": "Orange warnings",
    "红色预警": "Red warnings",
    "最早未处置预警时间": "Oldest unhandled warning raised at",
    "逾期整改事项": "Overdue rectification items",
    "已销号整改事项": "Closed rectification items",
    "压减预算（元）": "Budget cut (yuan)",
    "取消预算（元）": "Budget cancelled (yuan)",
    "收回资金（元）": "Funds recalled (yuan)",
    "暂缓拨款（元）": "Payments suspended (yuan)",
    "汇总时间": "Summarized at",
    "项目年度汇总": "Project annual summary",
    "项目月度执行": "Project monthly execution",
    "无权查看驾驶舱": "Not allowed to view the dashboard",
    "您的角色无权查看驾驶舱。": "Your role may not view the dashboard.",
    "按项目数覆盖比例（%）": "Coverage by number of projects (%)",
    "按金额覆盖比例（%）": "Coverage by amount (%)",
    "%(n)s月": "Month %(n)s",
    "覆盖比例（%）": "Coverage (%)",
    "已开展%(stage)s的项目": "Projects with %(stage)s done",
    "尚未开展%(stage)s的项目": "Projects without %(stage)s yet",
    "评价等级为“%(grade)s”的项目": "Projects graded “%(grade)s”",
    "尚无评价等级的项目": "Projects without an evaluation grade",
    "有%(level)s预警的项目": "Projects with %(level)s warnings",
    "最早未处置预警已%(band)s的项目": "Projects whose oldest unhandled warning is %(band)s old",
    "有%(kind)s整改事项的项目": "Projects with %(kind)s rectification items",
    "%(kind)s的项目": "Projects: %(kind)s",
    "执行进度滞后的项目": "Projects behind schedule",
    "预算绩效管理驾驶舱 · %(year)s年度": "Budget performance dashboard · %(year)s",
    "生成 PDF 简报": "Generate PDF briefing",
    "数据截至 %(as_of)s，序时进度 %(tp)s。": "Data as of %(as_of)s; time progress %(tp)s.",
    "仅显示您所管理的部门和单位的数据。": "Only the departments and units you manage are shown.",
    "全部级次": "All levels",
    "清除筛选": "Clear filters",
    "全年预算 %(b)s 万元": "Annual budget %(b)s × 10,000 yuan",
    "预算执行率 / 序时进度": "Budget execution rate / time progress",
    "已支出 %(e)s 万元": "Spent %(e)s × 10,000 yuan",
    "差 %(g)s 个百分点": "gap %(g)s percentage points",
    "执行进度滞后项目": "Projects behind schedule",
    "落后序时进度超过 %(tol)s 个百分点": "More than %(tol)s percentage points behind time progress",
    "有未处置预警的项目": "Projects with unhandled warnings",
    "预警 %(n)s 条": "%(n)s warnings",
    "结果应用调整资金": "Funds adjusted by result application",
    "万元（压减、取消、收回、暂缓）": "10,000 yuan (cut, cancelled, recalled, suspended)",
    "各环节覆盖情况（对照政策规定比例）": "Coverage by stage (against the policy's required shares)",
    "已覆盖项目": "Projects covered",
    "按项目数": "By projects",
    "按金额": "By amount",
    "规定比例": "Required share",
    "情况": "Status",
    "未覆盖": "Not covered",
    "（截止 %(due)s）": "(due %(due)s)",
    "（按金额）": "(by amount)",
    "（数量或金额）": "(number or amount)",
    "全过程绩效管理画像": "Full-cycle performance management profile",
    "预算执行率与序时进度（按月累计）": "Budget execution rate and time progress (cumulative by month)",
    "各主管部门预算执行率": "Budget execution rate by competent department",
    "未处置预警": "Unhandled warnings",
    "涉及项目": "Projects",
    "最早预警已持续": "Age of the oldest warning",
    "问题整改与结果应用": "Rectification and result application",
    "整改完成率 %(rate)s（%(closed)s / %(total)s 项）": "Rectification completion rate %(rate)s (%(closed)s / %(total)s items)",
    "整改完成率": "Rectification completion rate",
    "%(n)s 个项目": ("%(n)s project", "%(n)s projects"),
    "各主管部门绩效管理热力表": "Performance management heat map by competent department",
    "预算（万元）": "Budget (10,000 yuan)",
    "滞后": "Behind",
    "预警项目": "Warned projects",
    "未销号整改": "Open rectifications",
    "按%(dim_label)s": "By %(dim_label)s",
    "%(year)s年度 · ": "%(year)s · ",
    "共 %(n)s 个项目，全年预算 %(b)s 万元，已支出 %(e)s 万元。": (
        "%(n)s project, annual budget %(b)s × 10,000 yuan, spent %(e)s × 10,000 yuan.",
        "%(n)s projects, annual budget %(b)s × 10,000 yuan, spent %(e)s × 10,000 yuan.",
    ),
    "全年预算（万元）": "Annual budget (10,000 yuan)",
    "自评": "Self-eval.",
    "财政评价": "Finance eval.",
    "预警（红/橙/黄）": "Warnings (red/orange/yellow)",
    "逾期 %(n)s": "%(n)s overdue",
    "%(year)s年度纳入绩效管理的项目共 %(n)s 个，全年预算 %(b)s 万元，已支出 %(e)s 万元，预算执行率 %(r)s（序时进度 %(tp)s），执行进度滞后的项目 %(lag)s 个。": (
        "In %(year)s, %(n)s projects are under performance management, with an annual budget of %(b)s × 10,000 "
        "yuan, %(e)s × 10,000 yuan spent and a budget execution rate of %(r)s (time progress %(tp)s); %(lag)s "
        "projects are behind schedule."
    ),
    "覆盖 %(n)s 个项目（%(s)s）": " covers %(n)s projects (%(s)s)",
    "，达到规定比例": ", meeting the required share",
    "，%(due)s 截止": ", due %(due)s",
    "，未达到规定的 %(req)s": ", below the required %(req)s",
    "有未处置预警的项目 %(w)s 个；未销号整改事项 %(ro)s 项（其中逾期 %(od)s 项）；结果应用调整资金 %(m)s 万元。": (
        "%(w)s projects have unhandled warnings; %(ro)s rectification items are open (%(od)s overdue); "
        "%(m)s × 10,000 yuan adjusted by result application."
    ),
    # Dashboards: scorecards (department and city/county evaluations)
    "部门与市县评价": "Department and city/county evaluations",
    "部门预算管理工作评价": "Department budget management evaluation",
    "市县财政高质量发展评价": "City/county fiscal high-quality development evaluation",
    "已发布": "Published",
    "已被新版本取代": "Superseded by a new version",
    "组织评价的财政部门所在区划": "Region of the finance bureau organizing the evaluation",
    "评价对象级次": "Level evaluated",
    "市县评价：评价本区划以下哪一级的市或县（区）；部门评价留空（评价本级主管部门）": (
        "City/county evaluation: which level of cities or counties (districts) below this region is evaluated; "
        "leave empty for a department evaluation (evaluates this level's competent departments)"
    ),
    "总分不低于 0": "Total not below 0",
    "扣分后总分最低为 0 分（取消勾选则允许负分）": (
        "After deductions the total is at least 0 (untick to allow a negative total)"
    ),
    "计分时间": "Scored at",
    "计分人": "Scored by",
    "发布时间": "Published at",
    "评价计分表": "Scorecard",
    "正向指标": "Positive indicator",
    "减分指标": "Deduction indicator",
    "系统计算": "Computed by the system",
    "填报（附佐证）": "Entered (with supporting document)",
    "指标类型": "Indicator type",
    "指标类别": "Indicator category",
    "如：预算编制、执行管理": "e.g. budget preparation, execution management",
    "计算口径": "Calculation basis",
    "被评价部门": "Department evaluated",
    "被评价区划": "Region evaluated",
    "填报值": "Entered value",
    "填报时间": "Entered at",
    "评价指标填报值": "Scorecard indicator value",
    "评价对象": "Evaluated subject",
    "正向得分": "Positive score",
    "扣分": "Deduction",
    "排名": "Rank",
    "各指标得分": "Scores by indicator",
    "评价结果": "Evaluation results",
    "执行数 / 全年预算数 [002 三(二)]": "Spent / annual budget [002 三(二)]",
    "绩效目标批复率": "Performance target approval rate",
    "已批复的绩效目标 / 全部绩效目标 [004 第二十二条]": "Approved performance targets / all performance targets [004 art. 22]",
    "绩效目标质量（优良率）": "Performance target quality (share excellent or good)",
    "财政审核等级为优、良的目标 / 已评级目标 [004 第二十条]": (
        "Targets graded excellent or good in finance review / graded targets [004 art. 20]"
    ),
    "绩效自评覆盖率": "Self-evaluation coverage",
    "已报送自评的项目 / 已批复的项目绩效目标 [003 三(一)]": (
        "Projects with a submitted self-evaluation / approved project performance targets [003 三(一)]"
    ),
    "绩效自评平均分": "Average self-evaluation score",
    "已审核自评的平均得分 [004 第三十七条]": "Average score of reviewed self-evaluations [004 art. 37]",
    "抽查复核差异率": "Spot check difference rate",
    "复核分差超出容差的 / 已复核 [002 三(四)][003 三(五)]": (
        "Checked with a score difference beyond tolerance / checked [002 三(四)][003 三(五)]"
    ),
    "整改按期完成率": "On-time rectification rate",
    "按期销号的整改事项 / 已到期的整改事项 [000 #17]": "Rectification items closed on time / items due [000 #17]",
    "预警处置率": "Warning handling rate",
    "已处置或已关闭的预警 / 全部预警 [002 三(三)]": "Warnings handled or closed / all warnings [002 三(三)]",
    "问责事项": "Accountability cases",
    "本年度登记的问责事项 [004 第四十四—四十六条]": "Accountability cases registered this year [004 arts. 44–46]",
    "只有组织评价的财政绩效管理人员可以配置评价计分表。": (
        "Only the organizing finance performance staff can configure the scorecard."
    ),
    "评价计分表已发布，不能直接修改；请复制为新版本草稿后修改。": (
        "The scorecard is published and cannot be changed; copy it to a new draft version and edit that."
    ),
    "只有财政绩效管理人员可以新建评价计分表。": "Only finance performance staff can create scorecards.",
    "只能为本级或下级区划新建评价计分表。": "Scorecards can only be created for your own region or regions below it.",
    "评分规则的“%(name)s”不是数字。": "“%(name)s” in the scoring rule is not a number.",
    "评分规则格式不正确。": "The scoring rule is malformed.",
    "未知的评分方法。": "Unknown scoring method.",
    "无数据时的得分方式不正确。": "Invalid scoring when there is no data.",
    "满分值": "Full-points value",
    "零分值": "Zero-points value",
    "满分值与零分值不能相同。": "The full-points value and the zero-points value cannot be equal.",
    "达标值": "Threshold value",
    "比较方式不正确。": "Invalid comparison.",
    "分档值": "Band value",
    "得分比例": "Score share",
    "分档得分比例应在 0 到 1 之间。": "Band score shares must be between 0 and 1.",
    "分档评分至少需要一档。": "Banded scoring needs at least one band.",
    "每单位分值": "Points per unit",
    "每单位分值应大于 0。": "Points per unit must be greater than 0.",
    "扣": "deducts",
    "得": "scores",
    "%(sign)s%(full)s%(u)s %(verb)s满分，%(zero)s%(u)s %(verb)s 0 分，其间按比例": (
        "%(sign)s%(full)s%(u)s %(verb)s full points, %(zero)s%(u)s %(verb)s 0, pro rata in between"
    ),
    "%(sign)s%(at)s%(u)s %(verb)s %(p)s 分，否则 0 分": "%(sign)s%(at)s%(u)s %(verb)s %(p)s points, otherwise 0",
    "每 1%(u)s %(verb)s %(each)s 分，最多 %(p)s 分": "Each 1%(u)s %(verb)s %(each)s points, at most %(p)s",
    "无数据，按规则计满分": "No data: full points under the rule",
    "无数据，计 0 分": "No data: 0 points",
    "%(v)s %(r)s 达标值 %(at)s": "%(v)s %(r)s the threshold %(at)s",
    "达到": "meets",
    "未达到": "does not meet",
    "%(v)s 未达到任何一档": "%(v)s reaches no band",
    "（封顶 %(p)s）": " (capped at %(p)s)",
    "未填报": "Not entered",
    "填报值 %(v)s%(u)s": "Entered value %(v)s%(u)s",
    "计算评价得分：%(s)s": "Computed the scores: %(s)s",
    "评价计分表没有指标，不能发布。": "The scorecard has no indicators and cannot be published.",
    "只有组织评价的财政绩效管理人员可以复制评价计分表。": (
        "Only the organizing finance performance staff can copy the scorecard."
    ),
    "复制为新版本：%(s)s": "Copied to a new version: %(s)s",
    "请选择系统计算口径。": "Choose the system calculation basis.",
    "分值应大于 0。": "The weight must be greater than 0.",
    "评价指标：%(n)s": "Scorecard indicator: %(n)s",
    "删除评价指标：%(n)s": "Deleted scorecard indicator: %(n)s",
    "该指标由系统计算，不需要填报。": "This indicator is computed by the system and needs no entry.",
    "填报 %(i)s：%(s)s = %(v)s": "Entered %(i)s: %(s)s = %(v)s",
    "上年总分": "Last year's total",
    "分数变化": "Score change",
    "上年排名": "Last year's rank",
    "名次变化": "Rank change",
    "财经纪律（未扣分）": "Financial discipline (no deduction)",
    "评价对象级次（市县评价）": "Level evaluated (city/county evaluation)",
    "复制指标自": "Copy indicators from",
    "按比例（满分值—零分值之间线性）": "Pro rata (linear between the full-points and zero-points values)",
    "达标得分": "Full points on reaching the threshold",
    "分档得分": "Bands",
    "按件/按单位计分（封顶）": "Per item/unit (capped)",
    "评分方法": "Scoring method",
    "分档（值:得分比例，逗号分隔）": "Bands (value:score share, comma-separated)",
    "无数据时": "With no data",
    "计 0 分": "0 points",
    "计满分": "Full points",
    "已计算 %(n)s 个评价对象的得分。": "Computed the scores of %(n)s evaluated subjects.",
    "评价结果已发布。": "The evaluation results have been published.",
    "已复制为第 %(n)s 版草稿。": "Copied to draft version %(n)s.",
    "不存在的操作。": "No such action.",
    "只有组织评价的财政绩效管理人员可以填报评价指标。": (
        "Only the organizing finance performance staff can enter indicator values."
    ),
    "评价对象不在本评价计分表范围内。": "The subject is not covered by this scorecard.",
    "已保存：%(s)s": "Saved: %(s)s",
    "导出评价排名：%(s)s": "Exported the ranking: %(s)s",
    "导出 PDF": "Export PDF",
    "计算得分": "Compute scores",
    "计算并发布": "Compute and publish",
    "复制为新版本": "Copy to a new version",
    "组织评价": "Organized by",
    "得分排名": "Scores and ranking",
    "没有可查看的评价结果。": "No evaluation results you may view.",
    "尚未计算得分。": "Scores not computed yet.",
    "画像（得分率 %%）": "Profile (score rate %%)",
    "评价指标与评分规则": "Indicators and scoring rules",
    "添加指标": "Add indicator",
    "类别": "Category",
    "尚未设置指标。": "No indicators set up yet.",
    "填报：%(n)s": "Entries: %(n)s",
    "评价计分表已发布，填报值不能修改；如需修改请复制为新版本。": (
        "The scorecard is published and its entries cannot be changed; copy it to a new version to change them."
    ),
    "已上传": "Uploaded",
    "新建评价计分表": "New scorecard",
    "修改评价指标": "Edit scorecard indicator",
    "添加评价指标": "Add scorecard indicator",
    "按比例：满分值—零分值之间线性（满分值小于零分值表示越低越好）；达标得分：达到达标值得满分；分档：第一档达到即得对应比例；按件计分：每件计分，封顶为分值。减分指标的得分即扣分。": (
        "Pro rata: linear between the full-points and zero-points values (a full-points value below the "
        "zero-points value means lower is better); threshold: full points when the threshold is met; bands: the "
        "first band reached gives its share; per item: points for each item, capped at the weight. For a "
        "deduction indicator the score is the deduction."
    ),
    "部门预算管理工作评价与市县财政高质量发展评价：正向指标加分、减分指标扣分，按得分排名并形成画像。": (
        "Department budget management evaluation and city/county fiscal high-quality development evaluation: "
        "positive indicators add points, deduction indicators subtract them; subjects are ranked by score and "
        "profiled."
    ),
    "暂无评价计分表。": "No scorecards yet.",
    "暂无得分，计算后显示画像。": "No scores yet; the profile appears once scores are computed.",
    "第 %(r)s 名 / 共 %(n)s": "Rank %(r)s of %(n)s",
    "上年 %(t)s 分，第 %(r)s 名": "Last year %(t)s points, rank %(r)s",
    "取值与计算": "Value and calculation",
    "减分": "Deduction",
    "规则": "Rule",
    "正向得分 %(p)s − 扣分 %(d)s": "Positive score %(p)s − deduction %(d)s",
    "（最低 0 分）": " (minimum 0)",
    "计分时间 %(t)s，计分人 %(u)s": "Scored at %(t)s by %(u)s",
    # Dashboards: across-year pages
    "跨年度对比": "Multi-year comparison",
    "已完成绩效自评": "Self-evaluation completed",
    "评审专家不能查看跨年度汇总。": "Review experts cannot view the multi-year summary.",
    "有预算的项目数": "Projects with a budget",
    "项目数（占比）": "Projects (share)",
    "资金占比": "Share of funds",
    "%(name)s：跨年度评价等级与得分": "%(name)s: evaluation grades and scores across years",
    "平均得分": "Average score",
    "该部门暂无已完成的绩效评价。": "This department has no completed evaluations yet.",
    "各环节覆盖情况": "Coverage by stage",
    "跨年度对比：各环节覆盖情况": "Multi-year comparison: coverage by stage",
    "按年度统计有预算安排的项目中，绩效目标批复、绩效监控、绩效自评、部门评价和财政重点评价的覆盖项目数及资金占比。": (
        "Per year, among projects with a budget: the number of projects and share of funds covered by "
        "performance target approval, performance monitoring, self-evaluation, department evaluation and fiscal "
        "key evaluation."
    ),
    "各部门跨年度评价情况": "Evaluations across years by department",
    "指标值为各年度已批复绩效目标（含调整后的最新版本）；实际值取自经财政审核的绩效自评。": (
        "Target values come from each year's approved performance target (the latest version after adjustments); "
        "actual values come from self-evaluations reviewed by finance."
    ),
    "定量指标趋势": "Quantitative indicator trends",
    "该项目暂无已批复的绩效目标。": "This project has no approved performance target yet.",
    # Targets: indicator export
    "目标状态": "Target status",
    "上年实际": "Last year's actual",
    "导出绩效指标 %(r)s %(y)s年度": "Exported performance indicators %(r)s %(y)s",
    "绩效指标-%(r)s-%(y)s年度.xlsx": "Performance indicators-%(r)s-%(y)s.xlsx",
    # Result application: accountability, disclosure (issue 6)
    "问责线索待处理：%(kind)s": "Accountability leads to handle: %(kind)s",
    "所选项目与绩效评价的项目不一致。": "The chosen project is not the project of the evaluation.",
    "所选项目与绩效评价不属于同一单位。": "The chosen project and the evaluation belong to different units.",
    "问责对象应为主管部门或预算单位。": "Accountability applies to a competent department or a budget unit.",
    "请选择责任单位，或关联的项目、绩效评价。": "Choose the responsible unit, or a related project or evaluation.",
    "责任单位应为所关联项目（评价）的单位“%(name)s”。": (
        "The responsible unit must be “%(name)s”, the unit of the related project (evaluation)."
    ),
    "请选择问责情形。": "Choose the accountability ground.",
    "请选择处理措施。": "Choose the measure taken.",
    "请填写问责事实。": "Enter the facts.",
    "决定日期不能晚于今天。": "The decision date cannot be later than today.",
    "只有该部门的财政业务科室或本地区财政绩效管理人员可以登记和修改问责记录。": (
        "Only the department's finance division or the region's finance performance staff can register and edit "
        "accountability records."
    ),
    "该问责线索已立案或已处理，或不在您的管理范围内。": (
        "This accountability lead already has a case or was handled, or is outside your remit."
    ),
    "登记问责记录：%(obj)s": "Registered accountability record: %(obj)s",
    "只有该部门的财政业务科室或本地区财政绩效管理人员可以修改问责记录。": (
        "Only the department's finance division or the region's finance performance staff can edit accountability "
        "records."
    ),
    "不支持的线索类型。": "Unsupported lead type.",
    "项目“%(name)s”%(year)s年度安排预算%(amount)s元，未按规定申报绩效目标。": (
        "Project “%(name)s” has a %(year)s budget of %(amount)s yuan but no performance target was declared as "
        "required."
    ),
    "“%(name)s”%(round)s绩效监控报告应于%(due)s前报送，已逾期%(days)s天仍未报送。": (
        "The %(round)s performance monitoring report for “%(name)s” was due by %(due)s and is still not "
        "submitted, %(days)s days overdue."
    ),
    "得分%(score)s，": "score %(score)s, ",
    "%(kind)s“%(name)s”（%(year)s年度）%(score)s评价等级为“差”。": (
        "%(kind)s “%(name)s” (%(year)s): %(score)sevaluation grade “Poor”."
    ),
    "整改事项“%(problem)s”整改期限为%(deadline)s，已逾期%(days)s天未整改到位（%(status)s）。": (
        "Rectification item “%(problem)s” was due by %(deadline)s and is %(days)s days overdue without being "
        "rectified (%(status)s)."
    ),
    "不予问责须填写理由。": "Give a reason for no accountability.",
    "只有该部门的财政业务科室或本地区财政绩效管理人员可以处理问责线索。": (
        "Only the department's finance division or the region's finance performance staff can handle "
        "accountability leads."
    ),
    "不予问责：%(facts)s": "No accountability: %(facts)s",
    "该问责线索已处理。": "This accountability lead has been handled.",
    "修改时必填：您看到的版本号": "Required when editing: the version number you saw",
    "公开评价结果：%(e)s": "Published evaluation result: %(e)s",
    "取消公开评价结果：%(e)s": "Unpublished evaluation result: %(e)s",
    "事实、责任人、项目、单位": "Facts, person responsible, project, unit",
    "关联项目（项目编码）": "Related project (project code)",
    "未找到该项目编码，或该项目不在您的管理范围内。": "No project with this code, or the project is outside your remit.",
    "关联绩效评价（评价编号）": "Related evaluation (evaluation ID)",
    "未找到该绩效评价，或该评价不在您的管理范围内。": "No such evaluation, or the evaluation is outside your remit.",
    "问责事实": "Facts",
    "不予问责理由": "Reason for no accountability",
    "未公开": "Not published",
    "涉密不予公开": "Classified, not published",
    "公开状态": "Disclosure status",
    "线索类型": "Lead type",
    "线索对象": "Lead object",
    "处理人": "Handled by",
    "处理时间": "Handled at",
    "不予问责的线索": "Leads dismissed without accountability",
    "评审专家不能查看问责记录。": "Review experts cannot view accountability records.",
    "导出问责记录": "Exported accountability records",
    "只有财政人员可以登记问责记录。": "Only finance staff can register accountability records.",
    "问责记录已登记。": "Accountability record registered.",
    "问责记录已保存。": "Accountability record saved.",
    "只有财政人员可以查看问责线索。": "Only finance staff can view accountability leads.",
    "只有财政人员可以处理问责线索。": "Only finance staff can handle accountability leads.",
    "已记录不予问责的理由，该线索不再提示。": "The reason for no accountability is recorded; this lead will not be shown again.",
    "只有本级财政绩效管理人员可以管理评价结果公开。": (
        "Only this level's finance performance staff can manage the disclosure of evaluation results."
    ),
    "请选择公开或取消公开。": "Choose publish or unpublish.",
    "请勾选要公开或取消公开的评价结果。": "Tick the evaluation results to publish or unpublish.",
    "只有本级财政绩效管理人员可以公开评价结果。": "Only this level's finance performance staff can publish evaluation results.",
    "已公开%(n)s项评价结果。": "Published %(n)s evaluation results.",
    "已取消公开%(n)s项评价结果。": "Unpublished %(n)s evaluation results.",
    "%(n)s项评价结果涉密，不予公开。": "%(n)s evaluation results are classified and were not published.",
    "已确认调整额（元）": "Confirmed change (yuan)",
    "关联项目": "Related project",
    "关联绩效评价": "Related evaluation",
    "线索来源": "Lead source",
    "系统问责线索": "System accountability lead",
    "人工登记": "Registered manually",
    "登记": "Registered",
    "修改问责记录": "Edit accountability record",
    "登记问责": "Register accountability",
    "根据系统问责线索立案：": "Opening a case from a system accountability lead:",
    "关联项目或评价时可不选，系统按项目（评价）确定责任单位。": (
        "Optional when a project or evaluation is related: the system takes the unit of the project (evaluation)."
    ),
    "问责线索": "Accountability leads",
    "没有符合条件的问责记录。": "No matching accountability records.",
    "系统根据绩效目标、运行监控、绩效评价和整改台账数据提示可能需要问责的情形（《预算绩效管理办法》第四十四至四十六条），由财政部门决定立案或不予问责。已立案或已说明不予问责的线索不再提示。": (
        "From performance target, monitoring, evaluation and rectification ledger data the system flags cases "
        "that may call for accountability (Budget Performance Management Measures, arts. 44–46); the finance "
        "bureau decides to open a case or not. Leads with a case or a recorded reason for no accountability are "
        "no longer shown."
    ),
    "项目 / 评价": "Project / evaluation",
    "处理": "Action",
    "立案": "Open case",
    "不予问责": "No accountability",
    "暂无此类问责线索。": "No accountability leads of this kind.",
    "%(year)s年度评价结果公开": "%(year)s evaluation result disclosure",
    "查看公开门户": "View the public portal",
    "已定稿的部门评价、财政评价和已验收的绩效自评结果，经确定后在公开门户公开；涉密事项不予公开。": (
        "Finalized department and finance evaluations and accepted self-evaluations are published on the public "
        "portal once decided; classified matters are not published."
    ),
    "涉密，不予公开": "Classified, not published",
    "查看公开页": "View public page",
    "没有符合条件的评价结果。": "No matching evaluation results.",
    "公开所选": "Publish selected",
    "取消公开所选": "Unpublish selected",
    "已确认调整额只计已确认（含调整确认）的挂钩措施。": (
        "The confirmed change counts only confirmed linkage actions (including adjusted and confirmed ones)."
    ),
    "绩效问责": "Performance accountability",
    # Disclosure portal
    "地区": "Region",
    "全部地区": "All regions",
    "全部年度": "All years",
    "名称、单位或主管部门": "Name, unit or competent department",
    "预算绩效信息公开": "Budget performance disclosure",
    "随预算、决算公开的绩效目标和绩效评价结果（涉密事项不予公开）。": (
        "Performance targets and evaluation results published with budgets and final accounts (classified matters "
        "are not published)."
    ),
    "返回评价结果公开目录": "Back to published evaluation results",
    "下载评价报告（PDF）": "Download evaluation report (PDF)",
    "下载绩效自评表（PDF）": "Download self-evaluation form (PDF)",
    "该评价结果暂无可下载的报告文件。": "No report file to download for this evaluation result yet.",
}

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfir]|%[sdfir]|\{[a-z_]*\}")


def unquote(s: str) -> str:
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), s[1:-1])


def quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)  # every "#" line except the flags line
    flags: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # msgctxt, msgid, msgid_plural, msgstr, msgstr[0]…
    order: list[str] = field(default_factory=list)

    @property
    def is_header(self) -> bool:
        return self.fields.get("msgid") == "" and "msgctxt" not in self.fields

    @property
    def msgstr_keys(self) -> list[str]:
        return [k for k in self.order if k.startswith("msgstr")]

    def set(self, key: str, value: str) -> None:
        if key not in self.fields:
            self.order.append(key)
        self.fields[key] = value


def parse(text: str) -> list[Entry]:
    entries, cur, key = [], Entry(), None
    for line in text.splitlines():
        starts_entry = line.startswith("#") or line.startswith(("msgctxt ", "msgid "))
        if starts_entry and cur.msgstr_keys:
            # The next entry begins without a blank line between (as in a fresh makemessages header).
            entries.append(cur)
            cur, key = Entry(), None
        if not line.strip():
            if cur.fields or cur.comments:
                entries.append(cur)
            cur, key = Entry(), None
        elif line.startswith("#,"):
            cur.flags += [f.strip() for f in line[2:].split(",") if f.strip()]
        elif line.startswith("#"):
            cur.comments.append(line)
        elif line.startswith('"'):
            cur.fields[key] += unquote(line)
        else:
            key, rest = line.split(" ", 1)
            cur.set(key, unquote(rest))
    if cur.fields or cur.comments:
        entries.append(cur)
    return entries


def render_field(key: str, value: str) -> list[str]:
    if "\n" in value.rstrip("\n") or (key == "msgstr" and value.count("\n") > 1):
        parts = [p for p in re.split(r"(?<=\n)", value) if p]
        return [f'{key} ""'] + [quote(p) for p in parts]
    return [f"{key} {quote(value)}"]


def render(entries: list[Entry]) -> str:
    blocks = []
    for e in entries:
        lines = [c for c in e.comments if c.startswith(("# ", "#.", "#:")) or c == "#"]
        lines += [f"#, {', '.join(e.flags)}"] if e.flags else []
        lines += [c for c in e.comments if c.startswith("#|")]
        for key in e.order:
            lines += render_field(key, e.fields[key])
        lines += [c for c in e.comments if c.startswith("#~")]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def placeholders(s: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(s))


def fix_header(entry: Entry, language: str) -> None:
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.comments = [
        "# 预算绩效管理系统 (perfapp) — translation catalogue.",
        "# Message ids are the Chinese UI text; filled by scripts/fill_catalogues.py.",
        "#",
    ]
    values = {
        "Project-Id-Version": "perfapp 1.0",
        "Language": language,
        "Language-Team": language,
        "Last-Translator": "perfapp",
    }
    lines = []
    for line in entry.fields["msgstr"].splitlines():
        name = line.split(":", 1)[0]
        if name == "PO-Revision-Date" and "YEAR" in line:
            created = re.search(r"POT-Creation-Date: (.*)", entry.fields["msgstr"])
            line = f"PO-Revision-Date: {created.group(1) if created else '2026-01-01 00:00+0800'}"
        elif name in values:
            line = f"{name}: {values.pop(name)}"
        lines.append(line)
    entry.fields["msgstr"] = "".join(f"{line}\n" for line in lines)


def nplurals(header: Entry) -> int:
    found = re.search(r"nplurals\s*=\s*(\d+)", header.fields.get("msgstr", ""))
    return int(found.group(1)) if found else 2


def fit_plural_forms(e: Entry, n: int) -> None:
    """A plural entry has exactly msgstr[0]…msgstr[n-1] (the header's nplurals)."""
    if "msgid_plural" not in e.fields:
        return
    first = e.fields.get("msgstr[0]", "")
    for key in e.msgstr_keys:
        del e.fields[key]
        e.order.remove(key)
    for i in range(n):
        e.set(f"msgstr[{i}]", first)


def fill_zh(entries: list[Entry]) -> int:
    changed = 0
    n = nplurals(entries[0])
    for e in entries:
        if e.is_header or "msgid" not in e.fields:
            continue
        fit_plural_forms(e, n)
        # Chinese has one plural form: it is the plural msgid (the one written for any count).
        want = e.fields.get("msgid_plural", e.fields["msgid"])
        for key in e.msgstr_keys:
            if e.fields[key] != want:
                e.fields[key] = want
                changed += 1
        e.flags = [f for f in e.flags if f != "fuzzy"]
    return changed


def fill_en(entries: list[Entry]) -> tuple[int, list[str]]:
    changed, missing = 0, []
    n = nplurals(entries[0])
    for e in entries:
        if e.is_header or "msgid" not in e.fields:
            continue
        if "msgid_plural" in e.fields and len(e.msgstr_keys) != n:
            fit_plural_forms(e, n)
        msgid = e.fields["msgid"]
        fuzzy = "fuzzy" in e.flags
        keys = e.msgstr_keys
        has_translation = all(e.fields[k] for k in keys) and not fuzzy
        if has_translation:
            continue
        known = EN.get(msgid)
        # A plural entry may map to (singular, plural); a plain string serves every form.
        forms = known if isinstance(known, tuple) else (known, known)
        if known is not None and any(placeholders(f) != placeholders(msgid) for f in forms):
            print(f"skipped (placeholders differ): {msgid!r}", file=sys.stderr)
            known, forms = None, (None, None)
        for key in keys:
            e.fields[key] = (forms[0] if key in ("msgstr", "msgstr[0]") else forms[1]) or ""
        e.flags = [f for f in e.flags if f != "fuzzy"]
        # A fuzzy guess by msgmerge is about another message: drop its "previous msgid" lines.
        e.comments = [c for c in e.comments if not c.startswith("#|")]
        if known:
            changed += 1
        else:
            missing.append(msgid)
    return changed, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missing", action="store_true", help="list English entries still untranslated")
    args = parser.parse_args(argv)
    zh = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
    en = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    for path in (zh, en):
        if not path.exists():
            print(f"{path} 不存在：先运行 makemessages。", file=sys.stderr)
            return 1

    entries = parse(zh.read_text(encoding="utf-8"))
    fix_header(entries[0], "zh_Hans")
    n = fill_zh(entries)
    zh.write_text(render(entries), encoding="utf-8")
    print(f"zh_Hans: {len(entries) - 1} entries, {n} filled")

    entries = parse(en.read_text(encoding="utf-8"))
    fix_header(entries[0], "en")
    n, missing = fill_en(entries)
    en.write_text(render(entries), encoding="utf-8")
    print(f"en: {len(entries) - 1} entries, {n} filled from the table, {len(missing)} untranslated")
    if args.missing:
        for msgid in missing:
            print(f"  {msgid}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
