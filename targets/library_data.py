"""The common indicator library seeded for every region: core indicators of the seven fund
categories of [000 #4–#10] and of the usual project kinds (购置, 培训, 会议, 工程, 补贴发放, 运维,
规划编制). Rows: (一级, 二级, 三级, 单位, 指标性质, 适用资金类别, 适用项目类型, 指标解释).
"""

from targets.models import Comparator, IndicatorTemplate, Level1

OUT, BEN, SAT = Level1.OUTPUT, Level1.OUTCOME, Level1.SATISFACTION
GE, LE, EQ, QL = Comparator.GTE, Comparator.LTE, Comparator.EQ, Comparator.QUALITATIVE
ALL: tuple = ()

ROWS = [
    # 项目类型：购置
    (OUT, "数量指标", "购置数量", "台（套）", GE, ALL, ("购置",), "按采购合同验收入库的设备数量"),
    (OUT, "质量指标", "验收合格率", "%", GE, ALL, ("购置", "工程"), "验收合格数量 ÷ 验收总数量 × 100%"),
    (OUT, "时效指标", "采购完成及时率", "%", GE, ALL, ("购置",), "按计划时间完成采购的批次占比"),
    (OUT, "成本指标", "单位购置成本", "元/台", LE, ALL, ("购置",), "购置总金额 ÷ 购置数量"),
    (BEN, "可持续影响指标", "设备使用年限", "年", GE, ALL, ("购置",), "设备预计正常使用年限"),
    # 培训
    (OUT, "数量指标", "培训人次", "人次", GE, ALL, ("培训",), "实际参训人次"),
    (OUT, "质量指标", "培训考核合格率", "%", GE, ALL, ("培训",), "考核合格人数 ÷ 参训人数 × 100%"),
    (OUT, "时效指标", "培训按期完成率", "%", GE, ALL, ("培训",), "按计划完成的培训期数占比"),
    (OUT, "成本指标", "人均培训成本", "元/人次", LE, ALL, ("培训",), "培训总支出 ÷ 培训人次"),
    (BEN, "社会效益指标", "参训人员业务能力提升率", "%", GE, ALL, ("培训",), "培训前后测评提升人数占比"),
    # 会议
    (OUT, "数量指标", "会议场次", "场", EQ, ALL, ("会议",), "按计划召开的会议场次"),
    (
        OUT,
        "成本指标",
        "人均会议费",
        "元/人天",
        LE,
        ALL,
        ("会议",),
        "会议费 ÷（参会人数 × 天数），不超过会议费标准",
    ),
    # 工程
    (OUT, "数量指标", "建设面积", "平方米", GE, ALL, ("工程",), "竣工验收的建设面积"),
    (OUT, "质量指标", "工程质量验收合格率", "%", EQ, ALL, ("工程",), "单位工程验收合格率"),
    (OUT, "时效指标", "工程按期完工率", "%", GE, ALL, ("工程",), "按合同工期完工的单项工程占比"),
    (OUT, "成本指标", "单位造价", "元/平方米", LE, ALL, ("工程",), "工程决算金额 ÷ 建设面积"),
    # 补贴发放
    (OUT, "数量指标", "补助对象人数", "人", GE, ALL, ("补贴发放",), "符合条件并获得补助的人数"),
    (OUT, "质量指标", "补助对象准确率", "%", GE, ALL, ("补贴发放",), "核实符合条件的补助对象 ÷ 补助对象总数"),
    (OUT, "时效指标", "资金发放及时率", "%", GE, ALL, ("补贴发放",), "按规定时限发放的资金 ÷ 应发放资金"),
    (OUT, "成本指标", "人均补助标准", "元/人", EQ, ALL, ("补贴发放",), "按政策规定的补助标准"),
    (BEN, "社会效益指标", "政策知晓率", "%", GE, ALL, ("补贴发放",), "抽样调查知晓政策的受访者占比"),
    # 运维
    (OUT, "数量指标", "运维系统（设施）数量", "个", GE, ALL, ("运维",), "纳入运维范围的系统或设施数量"),
    (OUT, "质量指标", "设施完好率", "%", GE, ALL, ("运维",), "完好设施数 ÷ 设施总数 × 100%"),
    (OUT, "质量指标", "系统正常运行率", "%", GE, ALL, ("运维",), "正常运行时长 ÷ 计划运行时长"),
    (OUT, "时效指标", "故障响应及时率", "%", GE, ALL, ("运维",), "在约定时限内响应的故障占比"),
    (OUT, "成本指标", "单位运维成本", "元/个", LE, ALL, ("运维",), "运维总支出 ÷ 运维对象数量"),
    # 规划编制
    (OUT, "数量指标", "编制规划（报告）数量", "个", EQ, ALL, ("规划编制",), "按计划完成编制的规划或报告数"),
    (OUT, "质量指标", "规划评审通过率", "%", EQ, ALL, ("规划编制",), "通过专家评审的规划占比"),
    (OUT, "时效指标", "规划按期完成率", "%", GE, ALL, ("规划编制",), "按计划时间完成编制的占比"),
    # [000 #4] 高质量发展专项资金
    (BEN, "经济效益指标", "投入产出比", "倍", GE, ("high_quality",), (), "带动产值（营业收入）÷ 财政投入"),
    (
        BEN,
        "经济效益指标",
        "撬动社会资金比例",
        "倍",
        GE,
        ("high_quality", "government_fund"),
        (),
        "带动社会投资 ÷ 财政投入",
    ),
    (BEN, "经济效益指标", "产业规模增长率", "%", GE, ("high_quality",), (), "支持领域产业规模同比增长"),
    (OUT, "数量指标", "技术成果产出数量", "项", GE, ("high_quality",), (), "专利、标准、新产品等成果数"),
    (BEN, "可持续影响指标", "产业链带动企业数", "户", GE, ("high_quality",), (), "带动上下游企业数量"),
    # [000 #5] 重大项目资金
    (OUT, "时效指标", "项目开工及时率", "%", GE, ("major_project",), ("工程",), "按计划开工的项目占比"),
    (
        BEN,
        "经济效益指标",
        "项目收益覆盖倍数",
        "倍",
        GE,
        ("major_project",),
        (),
        "项目收益 ÷ 债券本息（收益平衡能力）",
    ),
    (
        BEN,
        "可持续影响指标",
        "债务风险防控情况",
        "",
        QL,
        ("major_project",),
        (),
        "偿债资金来源落实、未发生风险事件",
    ),
    (OUT, "成本指标", "概算控制率", "%", LE, ("major_project",), ("工程",), "决算 ÷ 批复概算"),
    # [000 #6] 政务运行类
    (OUT, "质量指标", "重点工作任务完成率", "%", GE, ("government_operation",), (), "完成的重点工作任务占比"),
    (OUT, "数量指标", "人均办公用房面积", "平方米/人", LE, ("government_operation",), (), "人均占有率"),
    (
        OUT,
        "时效指标",
        "需求反应及时率",
        "%",
        GE,
        ("government_operation",),
        ("运维",),
        "按时响应的服务需求占比",
    ),
    (OUT, "成本指标", "人均运行成本", "元/人", LE, ("government_operation",), (), "运行经费 ÷ 编制人数"),
    # [000 #7] 城市运维类
    (OUT, "质量指标", "公共服务保障达标率", "%", GE, ("urban_maintenance",), ("运维",), "达标的服务项目占比"),
    (
        OUT,
        "成本指标",
        "单位面积养护成本",
        "元/平方米",
        LE,
        ("urban_maintenance",),
        ("运维",),
        "养护支出 ÷ 养护面积",
    ),
    (OUT, "质量指标", "道路桥梁完好率", "%", GE, ("urban_maintenance",), ("运维", "工程"), "完好设施占比"),
    (SAT, "服务对象满意度指标", "公众满意度", "%", GE, ("urban_maintenance",), (), "抽样调查满意受访者占比"),
    # [000 #8] 民生类
    (BEN, "社会效益指标", "民生状况改善情况", "", QL, ("livelihood",), (), "受益群体生活条件改善的总体评价"),
    (SAT, "服务对象满意度指标", "政策满意度", "%", GE, ("livelihood",), ("补贴发放",), "受益对象满意度"),
    # [000 #9] 应急稳定类
    (OUT, "时效指标", "预算执行到位率", "%", GE, ("emergency",), (), "已拨付资金 ÷ 预算"),
    (OUT, "时效指标", "突发事件响应时间", "小时", LE, ("emergency",), (), "从事件发生到启动响应的时长"),
    (OUT, "质量指标", "资金使用规范性", "", QL, ("emergency",), (), "无挤占挪用、按规定用途使用"),
    (BEN, "可持续影响指标", "防控机制健全性", "", QL, ("emergency",), (), "应急预案、队伍、物资储备健全"),
    # [000 #10] 政府投资基金
    (
        BEN,
        "经济效益指标",
        "基金返投比例",
        "%",
        GE,
        ("government_fund",),
        (),
        "投资于本省企业金额 ÷ 基金实缴规模",
    ),
    (OUT, "数量指标", "投资项目数量", "个", GE, ("government_fund",), (), "基金已投资项目数"),
    (
        BEN,
        "经济效益指标",
        "科技成果转化项目数",
        "个",
        GE,
        ("government_fund", "high_quality"),
        (),
        "促进落地转化的成果数",
    ),
    # 通用满意度
    (SAT, "服务对象满意度指标", "服务对象满意度", "%", GE, ALL, (), "抽样调查满意（含基本满意）受访者占比"),
]


def load_common_library() -> int:
    """Create the common library rows that do not exist yet; returns how many were created."""
    existing = set(IndicatorTemplate.objects.values_list("level1", "level2", "name", "unit"))
    rows = [
        IndicatorTemplate(
            level1=l1,
            level2=l2,
            name=name,
            unit=unit,
            comparator=comp,
            categories=list(cats),
            project_kinds=list(kinds),
            definition=definition,
            data_source="",
        )
        for (l1, l2, name, unit, comp, cats, kinds, definition) in ROWS
        if (l1, l2, name, unit) not in existing
    ]
    IndicatorTemplate.objects.bulk_create(rows)
    return len(rows)
