"""Demo data (演示数据): a deterministic, realistic 吉林省 for `manage.py seed_demo`.

Everything is drawn from `random.Random` seeded with the seed and the region-year being generated,
so the same seed gives the same codes, names and amounts whatever the database holds, and memory
stays flat: projects are generated and written a chunk at a time with bulk_create (no row-by-row
save, so the fields Project.save / Allocation.save would compute are set here explicitly).

Plain functions: `seed()` loads, `reset()` wipes, `is_seeded()` tells whether the demo is there.
Later stages extend this module to fill their own tables for the same projects.
"""

from __future__ import annotations

import calendar
import datetime
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Division, ExpertAssignment, Organization, Region, Role, RoleAssignment, User
from budgets import bulk
from budgets.models import (
    BOND_SOURCES,
    Allocation,
    BudgetType,
    Category,
    Expenditure,
    FiscalYear,
    FundSource,
    Policy,
    Project,
)
from budgets.policy import PolicyData

#: The demo accounts' password; it passes the password validators (length, classes, no username).
DEMO_PASSWORD = "Demo@2026perf"
DEFAULT_SEED = 2026
SCALES = ("small", "county", "city", "province")
#: Rows per INSERT statement, and projects generated (with their allocations and payments) at a time.
BATCH_SIZE = 1000
CHUNK_SIZE = 2000

#: Indicators per target at the big scales (DESIGN.md §7: "10–15 indicators each"); the small
#: scales keep the library's usual pick of five to seven.
INDICATORS = {"city": (10, 15), "province": (10, 15)}

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
THOUSAND = Decimal("1000")

Log = Callable[[str], None]

# --- 行政区划 (GB/T 2260) ------------------------------------------------------------------------

PROVINCE = ("220000", "吉林省")
CITIES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "220100",
        "长春市",
        (
            ("220102", "南关区"),
            ("220103", "宽城区"),
            ("220104", "朝阳区"),
            ("220105", "二道区"),
            ("220106", "绿园区"),
            ("220112", "双阳区"),
            ("220113", "九台区"),
            ("220122", "农安县"),
            ("220182", "榆树市"),
            ("220183", "德惠市"),
            ("220184", "公主岭市"),
        ),
    ),
    (
        "220200",
        "吉林市",
        (
            ("220202", "昌邑区"),
            ("220203", "龙潭区"),
            ("220204", "船营区"),
            ("220211", "丰满区"),
            ("220221", "永吉县"),
            ("220281", "蛟河市"),
            ("220282", "桦甸市"),
            ("220283", "舒兰市"),
            ("220284", "磐石市"),
        ),
    ),
    (
        "220300",
        "四平市",
        (
            ("220302", "铁西区"),
            ("220303", "铁东区"),
            ("220322", "梨树县"),
            ("220323", "伊通满族自治县"),
            ("220382", "双辽市"),
        ),
    ),
    (
        "220400",
        "辽源市",
        (("220402", "龙山区"), ("220403", "西安区"), ("220421", "东丰县"), ("220422", "东辽县")),
    ),
    (
        "220500",
        "通化市",
        (
            ("220502", "东昌区"),
            ("220503", "二道江区"),
            ("220521", "通化县"),
            ("220523", "辉南县"),
            ("220524", "柳河县"),
            ("220581", "梅河口市"),
            ("220582", "集安市"),
        ),
    ),
    (
        "220600",
        "白山市",
        (
            ("220602", "浑江区"),
            ("220605", "江源区"),
            ("220621", "抚松县"),
            ("220622", "靖宇县"),
            ("220623", "长白朝鲜族自治县"),
            ("220681", "临江市"),
        ),
    ),
    (
        "220700",
        "松原市",
        (
            ("220702", "宁江区"),
            ("220721", "前郭尔罗斯蒙古族自治县"),
            ("220722", "长岭县"),
            ("220723", "乾安县"),
            ("220781", "扶余市"),
        ),
    ),
    (
        "220800",
        "白城市",
        (
            ("220802", "洮北区"),
            ("220821", "镇赉县"),
            ("220822", "通榆县"),
            ("220881", "洮南市"),
            ("220882", "大安市"),
        ),
    ),
    (
        "222400",
        "延边朝鲜族自治州",
        (
            ("222401", "延吉市"),
            ("222402", "图们市"),
            ("222403", "敦化市"),
            ("222404", "珲春市"),
            ("222405", "龙井市"),
            ("222406", "和龙市"),
            ("222424", "汪清县"),
            ("222426", "安图县"),
        ),
    ),
)
#: The city whose finance bureau holds the demo accounts (the small scale's city).
DEMO_CITY = "220100"

# --- 财政局业务科室, 主管部门, 预算单位, 项目 ----------------------------------------------------

DIVISIONS = ("预算科", "教科文科", "经济建设科", "农业农村科", "社会保障科", "行政政法科", "绩效管理科")

GENERAL, FUND, STATE, SOCIAL = (
    BudgetType.GENERAL,
    BudgetType.GOVERNMENT_FUND,
    BudgetType.STATE_CAPITAL,
    BudgetType.SOCIAL_INSURANCE,
)
C = Category


@dataclass(frozen=True)
class Template:
    """A kind of project a department runs: by its 本级 ("dept") or by any of its units ("unit")."""

    category: str
    name: str
    function_code: str
    scope: str = "dept"
    #: For unit templates: the unit tags it fits (empty: any unit).
    tags: tuple[str, ...] = ()
    budget_type: str = GENERAL
    #: Chance that the project is (partly) financed by bonds.
    bond: float = 0.0
    #: Financed by the upper level's transfer payment (上级转移支付).
    transfer: bool = False


@dataclass(frozen=True)
class DepartmentSpec:
    key: str
    number: int
    name: str  # 市县: 教育局
    province_name: str  # 省级: 教育厅
    division: str
    weight: float
    units: tuple[tuple[str, str], ...]  # (name, tag)
    templates: tuple[Template, ...]
    #: Extra units once the named ones are used up: (pattern with {n}, tag, first n).
    numbered: tuple[tuple[str, str, int], ...] = ()
    province_units: tuple[tuple[str, str], ...] = ()


def T(category, name, function_code, scope="dept", tags=(), budget_type=GENERAL, bond=0.0, transfer=False):
    return Template(category, name, function_code, scope, tuple(tags), budget_type, bond, transfer)


SCHOOL = ("school",)
CATALOGUE: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        "education", 101, "教育局", "教育厅", "教科文科", 3.0,
        (("第一中学", "school"), ("第二中学", "school"), ("实验小学", "school"), ("第一幼儿园", "school"),
         ("职业技术学校", "school"), ("特殊教育学校", "school"), ("教师进修学校", "training"),
         ("招生考试中心", "exam"), ("教育技术装备中心", "")),
        (
            T(C.LIVELIHOOD, "义务教育学生营养改善计划", "2050202"),
            T(C.LIVELIHOOD, "学前教育幼儿资助", "2050201"),
            T(C.LIVELIHOOD, "普通高中国家助学金", "2050204"),
            T(C.LIVELIHOOD, "中等职业学校免学费补助", "2050302"),
            T(C.MAJOR_PROJECT, "农村薄弱学校改善办学条件项目", "2050203", bond=0.15),
            T(C.LIVELIHOOD, "城乡义务教育补助经费", "2050202", transfer=True),
            T(C.LIVELIHOOD, "中小学教师培训", "2050801"),
            T(C.OTHER, "教育宣传及考务工作经费", "2050199"),
            T(C.MAJOR_PROJECT, "校舍维修改造工程", "2050202", "unit", SCHOOL),
            T(C.MAJOR_PROJECT, "学生宿舍及食堂改扩建工程", "2050204", "unit", SCHOOL, bond=0.1),
            T(C.LIVELIHOOD, "智慧校园建设", "2050204", "unit", SCHOOL),
            T(C.LIVELIHOOD, "教学仪器设备购置", "2050203", "unit", SCHOOL),
            T(C.GOVERNMENT_OPERATION, "学校公用经费保障", "2050202", "unit", SCHOOL),
            T(C.GOVERNMENT_OPERATION, "校园安保服务购买", "2050202", "unit", SCHOOL),
            T(C.LIVELIHOOD, "教师能力提升培训", "2050801", "unit", ("training",)),
            T(C.OTHER, "考试组织与命题经费", "2050199", "unit", ("exam",)),
        ),
        numbered=(("第{n}中学", "school", 3), ("第{n}小学", "school", 1)),
        province_units=(("实验中学", "school"), ("教育考试院", "exam"), ("教育学院", "training"),
                        ("电化教育馆", ""), ("特殊教育学校", "school"), ("学生资助管理中心", "")),
    ),
    DepartmentSpec(
        "health", 102, "卫生健康委员会", "卫生健康委员会", "社会保障科", 2.5,
        (("人民医院", "hospital"), ("疾病预防控制中心", "cdc"), ("中医院", "hospital"),
         ("妇幼保健院", "hospital"), ("中心血站", ""), ("急救中心", ""), ("卫生健康综合行政执法支队", "")),
        (
            T(C.LIVELIHOOD, "基本公共卫生服务", "2100408"),
            T(C.MAJOR_PROJECT, "基层医疗卫生机构能力建设", "2100302", bond=0.1),
            T(C.LIVELIHOOD, "计划生育家庭奖励扶助", "2100717"),
            T(C.LIVELIHOOD, "医疗服务与保障能力提升补助", "2100299", transfer=True),
            T(C.OTHER, "卫生健康监督执法经费", "2100499"),
            T(C.MAJOR_PROJECT, "门急诊综合楼建设工程", "2100201", "unit", ("hospital",), bond=0.35),
            T(C.LIVELIHOOD, "医疗设备购置", "2100201", "unit", ("hospital",)),
            T(C.GOVERNMENT_OPERATION, "公立医院运行保障", "2100201", "unit", ("hospital",)),
            T(C.EMERGENCY, "重大传染病防控", "2100409", "unit", ("cdc",)),
            T(C.LIVELIHOOD, "免疫规划疫苗接种", "2100409", "unit", ("cdc",)),
        ),
        numbered=(("第{n}人民医院", "hospital", 2),),
    ),
    DepartmentSpec(
        "agriculture", 103, "农业农村局", "农业农村厅", "农业农村科", 2.0,
        (("农业技术推广中心", "extension"), ("动物疫病预防控制中心", "animal"), ("农业综合行政执法支队", ""),
         ("种子管理站", "extension"), ("农村经济管理服务中心", ""), ("农产品质量安全检测中心", "")),
        (
            T(C.MAJOR_PROJECT, "高标准农田建设", "2130153", bond=0.2),
            T(C.LIVELIHOOD, "耕地地力保护补贴", "2130122"),
            T(C.HIGH_QUALITY, "农机购置与应用补贴", "2130122"),
            T(C.HIGH_QUALITY, "肉牛产业发展扶持资金", "2130122"),
            T(C.HIGH_QUALITY, "现代农业产业园建设", "2130122"),
            T(C.HIGH_QUALITY, "农业产业化龙头企业贷款贴息", "2130122"),
            T(C.HIGH_QUALITY, "衔接推进乡村振兴补助资金", "2130505", transfer=True),
            T(C.OTHER, "农业农村统计调查经费", "2130199"),
            T(C.HIGH_QUALITY, "农业技术推广与服务", "2130106", "unit", ("extension",)),
            T(C.EMERGENCY, "动物防疫补助", "2130108", "unit", ("animal",)),
        ),
    ),
    DepartmentSpec(
        "water", 104, "水利局", "水利厅", "农业农村科", 1.2,
        (("水利工程管理中心", "works"), ("水土保持工作站", ""), ("灌区管理中心", "works"), ("水利技术服务中心", "")),
        (
            T(C.MAJOR_PROJECT, "中小河流治理工程", "2130305", bond=0.3),
            T(C.MAJOR_PROJECT, "农村供水保障工程", "2130335", bond=0.15),
            T(C.EMERGENCY, "防汛抗旱", "2130314"),
            T(C.HIGH_QUALITY, "农业水价综合改革精准补贴", "2130311"),
            T(C.HIGH_QUALITY, "水利发展资金", "2130399", transfer=True),
            T(C.URBAN_MAINTENANCE, "水利工程运行维护", "2130306", "unit", ("works",)),
        ),
    ),
    DepartmentSpec(
        "forestry", 105, "林业和草原局", "林业和草原局", "农业农村科", 0.8,
        (("林业工作总站", ""), ("森林病虫害防治检疫站", ""), ("国有林场管理中心", "farm")),
        (
            T(C.EMERGENCY, "森林草原防火", "2130234"),
            T(C.LIVELIHOOD, "森林生态效益补偿", "2130209"),
            T(C.MAJOR_PROJECT, "国土绿化及造林工程", "2130205"),
            T(C.GOVERNMENT_OPERATION, "国有林场运行保障", "2130204", "unit", ("farm",)),
        ),
    ),
    DepartmentSpec(
        "transport", 106, "交通运输局", "交通运输厅", "经济建设科", 1.5,
        (("公路事业发展中心", "road"), ("道路运输事业发展中心", ""), ("交通运输综合行政执法支队", ""),
         ("农村公路管理所", "road")),
        (
            T(C.URBAN_MAINTENANCE, "农村公路养护补助", "2140106"),
            T(C.MAJOR_PROJECT, "国省干线公路改造工程", "2140104", bond=0.4),
            T(C.MAJOR_PROJECT, "城乡客运站点建设", "2140104"),
            T(C.URBAN_MAINTENANCE, "城市公交运营补贴", "2140401"),
            T(C.LIVELIHOOD, "农村客运补贴", "2140402"),
            T(C.MAJOR_PROJECT, "车购税补助地方公路建设资金", "2140104", transfer=True),
            T(C.URBAN_MAINTENANCE, "公路养护运行经费", "2140106", "unit", ("road",)),
        ),
    ),
    DepartmentSpec(
        "housing", 107, "住房和城乡建设局", "住房和城乡建设厅", "经济建设科", 1.5,
        (("住房保障服务中心", ""), ("建设工程质量安全监督站", ""), ("市政设施维护中心", "city"),
         ("园林绿化中心", "city"), ("城市排水管理中心", "city")),
        (
            T(C.MAJOR_PROJECT, "城镇老旧小区改造", "2210108", budget_type=FUND, bond=0.5),
            T(C.MAJOR_PROJECT, "城市地下管网更新改造", "2120303", budget_type=FUND, bond=0.5),
            T(C.LIVELIHOOD, "农村危房改造补助", "2210105"),
            T(C.LIVELIHOOD, "公共租赁住房租赁补贴", "2210106"),
            T(C.OTHER, "建设工程质量安全检测", "2120104"),
            T(C.URBAN_MAINTENANCE, "城市园林绿化养护", "2120501", "unit", ("city",)),
            T(C.URBAN_MAINTENANCE, "市政设施运行维护", "2120399", "unit", ("city",)),
        ),
    ),
    DepartmentSpec(
        "environment", 108, "生态环境局", "生态环境厅", "经济建设科", 0.9,
        (("生态环境监测站", "monitor"), ("生态环境保护综合行政执法支队", ""), ("固体废物管理中心", "")),
        (
            T(C.MAJOR_PROJECT, "农村生活污水治理", "2110302", bond=0.2),
            T(C.HIGH_QUALITY, "大气污染防治", "2110301"),
            T(C.LIVELIHOOD, "农村清洁取暖改造补助", "2110301"),
            T(C.HIGH_QUALITY, "水污染防治资金", "2110302", transfer=True),
            T(C.OTHER, "生态环境监测能力建设", "2110299", "unit", ("monitor",)),
        ),
    ),
    DepartmentSpec(
        "culture", 109, "文化广电和旅游局", "文化和旅游厅", "教科文科", 1.0,
        (("图书馆", "venue"), ("博物馆", "venue"), ("文化馆", "venue"), ("艺术剧院", ""), ("旅游服务中心", "")),
        (
            T(C.LIVELIHOOD, "公共文化服务体系建设", "2070109"),
            T(C.MAJOR_PROJECT, "文物保护修缮工程", "2070204"),
            T(C.HIGH_QUALITY, "文化旅游产业发展专项", "2070199"),
            T(C.LIVELIHOOD, "农村电影公益放映补贴", "2070899"),
            T(C.OTHER, "文艺精品创作扶持", "2070111"),
            T(C.LIVELIHOOD, "美术馆公共图书馆文化馆免费开放", "2070104", "unit", ("venue",)),
            T(C.GOVERNMENT_OPERATION, "场馆运行保障", "2070205", "unit", ("venue",)),
        ),
    ),
    DepartmentSpec(
        "science", 110, "科学技术局", "科学技术厅", "教科文科", 0.8,
        (("科技创新服务中心", ""), ("科学技术情报研究所", ""), ("生产力促进中心", ""), ("科技馆", "venue")),
        (
            T(C.HIGH_QUALITY, "科技型中小企业创新发展扶持", "2060404"),
            T(C.HIGH_QUALITY, "高新技术企业认定奖励", "2060404"),
            T(C.HIGH_QUALITY, "重点研发计划", "2060302"),
            T(C.GOVERNMENT_FUND, "科技成果转化引导基金", "2060404"),
            T(C.LIVELIHOOD, "科普活动", "2060702", "unit", ("venue",)),
        ),
    ),
    DepartmentSpec(
        "hr", 111, "人力资源和社会保障局", "人力资源和社会保障厅", "社会保障科", 1.3,
        (("就业服务中心", "jobs"), ("社会保险事业管理中心", ""), ("劳动人事争议仲裁院", ""),
         ("职业技能鉴定指导中心", "jobs"), ("人才服务中心", "")),
        (
            T(C.LIVELIHOOD, "公益性岗位补贴", "2080705"),
            T(C.LIVELIHOOD, "职业技能提升培训补贴", "2080702"),
            T(C.HIGH_QUALITY, "创业担保贷款贴息", "2080799"),
            T(C.HIGH_QUALITY, "高层次人才引进与培养", "2080199"),
            T(C.LIVELIHOOD, "就业补助资金", "2080799", transfer=True),
            T(C.LIVELIHOOD, "公共就业服务", "2080701", "unit", ("jobs",)),
        ),
    ),
    DepartmentSpec(
        "civil", 112, "民政局", "民政厅", "社会保障科", 1.3,
        (("社会福利院", "care"), ("救助管理站", ""), ("儿童福利院", "care"), ("殡葬服务中心", ""),
         ("养老服务指导中心", "")),
        (
            T(C.LIVELIHOOD, "城乡居民最低生活保障", "2081901"),
            T(C.LIVELIHOOD, "特困人员救助供养", "2082102"),
            T(C.LIVELIHOOD, "困难残疾人生活补贴和重度残疾人护理补贴", "2081107"),
            T(C.LIVELIHOOD, "高龄老人津贴", "2081002"),
            T(C.LIVELIHOOD, "居家和社区养老服务", "2081005"),
            T(C.MAJOR_PROJECT, "养老服务设施建设", "2081005", bond=0.1),
            T(C.LIVELIHOOD, "困难群众救助补助资金", "2082001", transfer=True),
            T(C.GOVERNMENT_OPERATION, "福利机构运行保障", "2081099", "unit", ("care",)),
        ),
    ),
    DepartmentSpec(
        "veterans", 113, "退役军人事务局", "退役军人事务厅", "社会保障科", 0.5,
        (("退役军人服务中心", ""), ("光荣院", "care"), ("军供站", "")),
        (
            T(C.LIVELIHOOD, "重点优抚对象抚恤补助", "2080801"),
            T(C.LIVELIHOOD, "义务兵家庭优待金", "2080805"),
            T(C.LIVELIHOOD, "退役军人就业创业培训", "2082899"),
            T(C.GOVERNMENT_OPERATION, "光荣院运行保障", "2082850", "unit", ("care",)),
        ),
    ),
    DepartmentSpec(
        "medical_security", 114, "医疗保障局", "医疗保障局", "社会保障科", 0.6,
        (("医疗保障事业管理中心", ""), ("医疗保障基金监管中心", "")),
        (
            T(C.LIVELIHOOD, "城乡医疗救助", "2101301"),
            T(C.LIVELIHOOD, "城乡居民基本医疗保险补助", "2091001", budget_type=SOCIAL),
            T(C.GOVERNMENT_OPERATION, "医保信息化建设", "2101501"),
        ),
    ),
    DepartmentSpec(
        "development", 115, "发展和改革委员会", "发展和改革委员会", "预算科", 0.8,
        (("重点项目服务中心", ""), ("价格认证中心", ""), ("政府投资项目评审中心", "")),
        (
            T(C.GOVERNMENT_FUND, "政府投资引导基金", "2010499"),
            T(C.GOVERNMENT_FUND, "产业发展投资基金", "2010499"),
            T(C.HIGH_QUALITY, "服务业发展引导资金", "2010499"),
            T(C.OTHER, "重大项目前期工作经费", "2010499"),
            T(C.GOVERNMENT_OPERATION, "价格监测运行经费", "2010408", "unit"),
        ),
    ),
    DepartmentSpec(
        "industry", 116, "工业和信息化局", "工业和信息化厅", "经济建设科", 0.8,
        (("中小企业服务中心", "sme"), ("工业经济运行监测中心", "")),
        (
            T(C.HIGH_QUALITY, "中小企业发展专项", "2150805"),
            T(C.HIGH_QUALITY, "工业转型升级奖补", "2150510"),
            T(C.GOVERNMENT_FUND, "中小企业发展基金", "2150805"),
            T(C.HIGH_QUALITY, "中小企业公共服务平台", "2150805", "unit", ("sme",)),
        ),
    ),
    DepartmentSpec(
        "state_assets", 117, "国有资产监督管理委员会", "国有资产监督管理委员会", "预算科", 0.4,
        (("国有企业服务中心", ""),),
        (
            T(C.HIGH_QUALITY, "国有企业资本金注入", "2230203", budget_type=STATE),
            T(C.OTHER, "国有企业退休人员社会化管理补助", "2230105", budget_type=STATE),
            T(C.GOVERNMENT_FUND, "国有资本投资运营基金", "2230203", budget_type=STATE),
        ),
    ),
    DepartmentSpec(
        "police", 118, "公安局", "公安厅", "行政政法科", 1.2,
        (("交通警察支队", "traffic"), ("看守所", ""), ("特警支队", ""), ("刑事科学技术研究所", "")),
        (
            T(C.URBAN_MAINTENANCE, "社会治安防控体系（天网工程）运维", "2040219"),
            T(C.MAJOR_PROJECT, "公安业务技术用房建设", "2040299"),
            T(C.GOVERNMENT_OPERATION, "执法办案经费", "2040220"),
            T(C.EMERGENCY, "禁毒工作经费", "2040299"),
            T(C.URBAN_MAINTENANCE, "交通安全设施建设与维护", "2040221", "unit", ("traffic",)),
        ),
    ),
    DepartmentSpec(
        "justice", 119, "司法局", "司法厅", "行政政法科", 0.5,
        (("公共法律服务中心", ""), ("法律援助中心", "aid"), ("社区矫正管理中心", "")),
        (
            T(C.OTHER, "普法宣传", "2040605"),
            T(C.GOVERNMENT_OPERATION, "社区矫正运行经费", "2040612"),
            T(C.EMERGENCY, "人民调解工作经费", "2040604"),
            T(C.LIVELIHOOD, "法律援助", "2040610", "unit", ("aid",)),
        ),
    ),
    DepartmentSpec(
        "emergency", 120, "应急管理局", "应急管理厅", "行政政法科", 0.6,
        (("应急救援保障中心", ""), ("应急管理综合行政执法支队", ""), ("地震监测中心", "")),
        (
            T(C.EMERGENCY, "应急物资储备", "2240108"),
            T(C.EMERGENCY, "应急指挥平台建设", "2240109"),
            T(C.EMERGENCY, "安全生产监管执法", "2240106"),
        ),
    ),
    DepartmentSpec(
        "market", 121, "市场监督管理局", "市场监督管理厅", "行政政法科", 0.7,
        (("食品药品检验所", "lab"), ("产品质量检验所", "lab"), ("计量测试所", "lab"),
         ("市场监管综合行政执法支队", "")),
        (
            T(C.EMERGENCY, "食品安全抽检监测", "2013816"),
            T(C.EMERGENCY, "特种设备安全监察", "2013899"),
            T(C.HIGH_QUALITY, "知识产权资助奖励", "2013899"),
            T(C.GOVERNMENT_OPERATION, "检验检测机构运行保障", "2013850", "unit", ("lab",)),
        ),
    ),
    DepartmentSpec(
        "government_office", 122, "人民政府办公室", "人民政府办公厅", "行政政法科", 0.6,
        (("机关事务服务中心", ""), ("政务服务中心", ""), ("政务大数据中心", "")),
        (
            T(C.GOVERNMENT_OPERATION, "机关运行保障", "2010350"),
            T(C.GOVERNMENT_OPERATION, "政务服务“一网通办”平台运维", "2010399"),
            T(C.MAJOR_PROJECT, "政务信息化基础设施建设", "2010399"),
            T(C.EMERGENCY, "信访工作经费", "2010308"),
        ),
    ),
    DepartmentSpec(
        "audit", 123, "审计局", "审计厅", "行政政法科", 0.3,
        (("审计事务服务中心", ""),),
        (
            T(C.GOVERNMENT_OPERATION, "审计业务经费", "2010804"),
            T(C.GOVERNMENT_OPERATION, "审计信息化建设", "2010806"),
            T(C.OTHER, "聘请中介机构参与审计", "2010804"),
        ),
    ),
)  # fmt: skip
DEPARTMENTS = {d.key: d for d in CATALOGUE}

#: Projects any unit may run, beside its department's own unit templates.
COMMON_UNIT_TEMPLATES = (
    T(C.GOVERNMENT_OPERATION, "业务用房维修改造", "", "unit"),
    T(C.GOVERNMENT_OPERATION, "信息化系统建设与运维", "", "unit"),
    T(C.OTHER, "专用设备购置", "", "unit"),
    T(C.GOVERNMENT_OPERATION, "运转保障经费", "", "unit"),
)

#: The small scale's departments: every category, and the departments the demo accounts use.
SMALL_DEPARTMENTS = ("education", "health", "agriculture", "transport", "civil", "development", "audit")

AGENCIES = ("吉林正信绩效评价咨询有限公司", "长春华信会计师事务所有限公司", "吉林中衡工程造价咨询有限公司")

#: (median yuan at city level, sigma of the log) by category: amounts are log-normal.
AMOUNTS = {
    C.HIGH_QUALITY: (5_000_000, 0.9),
    C.MAJOR_PROJECT: (12_000_000, 0.9),
    C.GOVERNMENT_OPERATION: (800_000, 0.8),
    C.URBAN_MAINTENANCE: (3_000_000, 0.9),
    C.LIVELIHOOD: (3_000_000, 0.9),
    C.EMERGENCY: (1_500_000, 0.9),
    C.GOVERNMENT_FUND: (60_000_000, 0.4),
    C.OTHER: (500_000, 0.8),
}
LEVEL_FACTOR = {Region.Level.PROVINCE: 2.5, Region.Level.CITY: 1.0, Region.Level.COUNTY: 0.35}

#: Monthly payment profiles (weights Jan–Dec). Spending in China is back-loaded, December heaviest.
PROFILES = {
    "normal": (3, 4, 7, 7, 8, 10, 7, 7, 10, 8, 10, 19),
    "back": (1, 1, 2, 3, 3, 5, 5, 6, 10, 12, 20, 32),
    "quarterly": (2, 2, 21, 2, 2, 21, 2, 2, 21, 2, 2, 21),
    "front": (15, 15, 15, 10, 10, 10, 5, 5, 5, 4, 3, 3),
}
PAYMENT_SUMMARIES = {
    C.HIGH_QUALITY: ("扶持资金拨付", "奖补资金拨付", "贷款贴息拨付", "项目补助款"),
    C.MAJOR_PROJECT: ("工程进度款", "工程预付款", "设计费", "监理费", "材料款", "工程结算款"),
    C.GOVERNMENT_OPERATION: ("办公费", "物业管理费", "水电费", "印刷费", "差旅费", "维修（护）费"),
    C.URBAN_MAINTENANCE: ("养护作业费", "运行维护费", "委托业务费", "绿化养护费", "设施维修费"),
    C.LIVELIHOOD: ("补贴资金发放", "补助资金拨付", "委托业务费", "专用材料费", "服务购买款"),
    C.EMERGENCY: ("应急物资采购款", "专用材料费", "委托业务费", "劳务费"),
    C.GOVERNMENT_FUND: ("基金认缴出资款",),
    C.OTHER: ("专用材料费", "委托业务费", "其他支出"),
}
PURPOSES = {
    C.HIGH_QUALITY: "支持产业升级和高质量发展",
    C.MAJOR_PROJECT: "用于政府投资项目建设及配套设施",
    C.GOVERNMENT_OPERATION: "保障单位正常运转和履职",
    C.URBAN_MAINTENANCE: "保障城市基础设施和公共设施运行维护",
    C.LIVELIHOOD: "保障和改善民生，按政策标准惠及服务对象",
    C.EMERGENCY: "用于防灾减灾、应急处置和社会稳定",
    C.GOVERNMENT_FUND: "以政府出资方式设立或参股投资基金，引导社会资本投入",
    C.OTHER: "用于专项工作开展",
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志鹏飞宇婷雪琳晨亮博文斌海波辉浩然"

S_ = Project.Status
#: Library statuses of this year's new projects (weights): most are already being carried out.
CURRENT_STATUSES = (
    (S_.DRAFT, 6),
    (S_.SUBMITTED, 6),
    (S_.DEPT_APPROVED, 5),
    (S_.RETURNED, 3),
    (S_.ADMITTED, 8),
    (S_.REJECTED, 3),
    (S_.IN_PROGRESS, 69),
)
#: Each demo unit gets one project in each of these statuses, so every role has to-do items.
FOCUS_STATUSES = (S_.DRAFT, S_.SUBMITTED, S_.DEPT_APPROVED, S_.RETURNED, S_.ADMITTED, S_.IN_PROGRESS)
FUNDED = frozenset({S_.IN_PROGRESS, S_.COMPLETED})


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    full_name: str
    #: Where the account sits: "bureau", "agency", "dept:<key>", "unit:<key>:<unit name>".
    place: str
    division: str = ""


ACCOUNTS = (
    Account("fin_admin", Role.FINANCE_ADMIN, "王静", "bureau", "绩效管理科"),
    Account("fin_reviewer", Role.FINANCE_REVIEWER, "李明", "bureau", "教科文科"),
    Account("dept_edu", Role.DEPT_OFFICER, "张丽", "dept:education"),
    Account("unit_school1", Role.UNIT_OFFICER, "刘洋", "unit:education:第一中学"),
    Account("unit_school2", Role.UNIT_OFFICER, "陈晨", "unit:education:第二中学"),
    Account("unit_hospital", Role.UNIT_OFFICER, "杨帆", "unit:health:人民医院"),
    Account("leader", Role.LEADER, "赵国华", "bureau"),
    Account("auditor", Role.AUDITOR, "孙建", "dept:audit"),
    Account("expert", Role.EXPERT, "周文博", "agency"),
    Account("sysadmin", Role.SYSTEM_ADMIN, "吴强", "bureau"),
    Account("secadmin", Role.SECURITY_ADMIN, "郑海", "bureau"),
    Account("auditadmin", Role.AUDIT_ADMIN, "冯雪", "bureau"),
)
FOCUS_UNITS = tuple(a.place for a in ACCOUNTS if a.role == Role.UNIT_OFFICER)


# --- plan -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionPlan:
    code: str
    projects_per_year: int
    departments: tuple[str, ...] | None = None  # None: the whole catalogue


def plan_for(scale: str) -> list[RegionPlan]:
    """Which regions get data and how many new projects a year each.

    small: 长春市本级, a few departments (~30 a year); county: plus 农安县 (≈1,000 a year in all);
    city: 长春市 with its counties (≈15,000); province: 吉林省本级, every city and county (≈200,000).
    """
    if scale == "small":
        return [RegionPlan(DEMO_CITY, 30, SMALL_DEPARTMENTS)]
    if scale == "county":
        return [RegionPlan(DEMO_CITY, 30, SMALL_DEPARTMENTS), RegionPlan("220122", 970)]
    if scale == "city":
        weights = {DEMO_CITY: 5} | {code: 1 for code, _ in CITIES[0][2]}
        return _split(weights, 15_000)
    if scale == "province":
        weights = {PROVINCE[0]: 10}
        for code, _, counties in CITIES:
            weights[code] = 5 if code == DEMO_CITY else 4
            weights.update({c: 1 for c, _ in counties})
        return _split(weights, 200_000)
    raise ValueError(f"unknown scale {scale!r}; choose from {', '.join(SCALES)}")


def _split(weights: dict[str, int], total: int) -> list[RegionPlan]:
    unit = total / sum(weights.values())
    return [RegionPlan(code, round(w * unit)) for code, w in weights.items()]


# --- codes and names ------------------------------------------------------------------------------


def bureau_code(region_code: str) -> str:
    return f"{region_code}001"


def department_code(region_code: str, spec: DepartmentSpec) -> str:
    return f"{region_code}{spec.number:03d}"


def unit_code(region_code: str, spec: DepartmentSpec, n: int) -> str:
    return f"{region_code}{spec.number:03d}{n:03d}"


#: The organization whose presence means the demo is loaded.
MARKER_CODE = bureau_code(PROVINCE[0])

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十 (enough for numbered schools)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def region_prefix(code: str, name: str) -> str:
    """How organizations of the region are named: 长春市…, 长春市南关区…, 农安县…."""
    if code.endswith("00"):
        return name
    city = next((cname for ccode, cname, _ in CITIES if ccode[:4] == code[:4]), "")
    return f"{city}{name}" if name.endswith("区") else name


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"


def round_to(value: float | Decimal, step: Decimal) -> Decimal:
    return (Decimal(str(value)) / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * step


# --- the load -------------------------------------------------------------------------------------


@dataclass
class SeedReport:
    scale: str
    seed: int
    years: list[int]
    counts: Counter = field(default_factory=Counter)
    accounts: list[tuple[str, str, str, str]] = field(default_factory=list)  # username, role, org, name
    seconds: float = 0.0


def is_seeded() -> bool:
    return Organization.objects.filter(code=MARKER_CODE).exists()


def seed(
    *,
    scale: str = "small",
    seed: int = DEFAULT_SEED,
    year: int | None = None,
    years: int = 2,
    today: datetime.date | None = None,
    log: Log = print,
) -> SeedReport:
    """Load the demo for `scale` in one transaction. Call only when `is_seeded()` is False."""
    started = time.monotonic()
    today = today or timezone.localdate()
    year = year or today.year
    year_list = list(range(year - years + 1, year + 1))
    report = SeedReport(scale, seed, year_list)
    plans = plan_for(scale)
    # The big scales write no per-row model history (the COPY path writes none either).
    history = override_settings(SIMPLE_HISTORY_ENABLED=scale not in INDICATORS)
    with transaction.atomic(), history:
        regions = ensure_regions()
        # The province's bureau is the marker and the province always has its fiscal years.
        province_plan = next((p for p in plans if p.code == PROVINCE[0]), None)
        if province_plan is None:
            build_organizations(regions[PROVINCE[0]], RegionPlan(PROVINCE[0], 0, ()))
            ensure_fiscal_years(regions[PROVINCE[0]], year_list, year)
        users_by_unit: dict[int, User] = {}
        for plan in plans:
            region = regions[plan.code]
            orgs = build_organizations(region, plan)
            report.counts["organizations"] += orgs.count
            fiscal_years = ensure_fiscal_years(region, year_list, year)
            if plan.code == DEMO_CITY:
                report.accounts = ensure_accounts(orgs)
                users_by_unit = {
                    u.organization_id: u
                    for u in User.objects.filter(
                        username__in=[a.username for a in ACCOUNTS if a.role == Role.UNIT_OFFICER]
                    )
                }
            for y in year_list:
                region_started = time.monotonic()
                counts = write_region_year(
                    orgs,
                    plan,
                    fiscal_years[y],
                    seed=seed,
                    current_year=year,
                    last_year=year_list[-1],
                    today=today,
                    users_by_unit=users_by_unit,
                )
                report.counts.update(counts)
                log(
                    f"  {region.name} {y}年度：项目 {counts['projects']:,}，预算安排 {counts['allocations']:,}，"
                    f"支出 {counts['expenditures']:,}（{time.monotonic() - region_started:.1f} 秒；"
                    f"累计项目 {report.counts['projects']:,}）"
                )
            if plan.code == DEMO_CITY:
                report.counts["expert_assignments"] += assign_expert(fiscal_years[year])
        report.counts.update(
            seed_stages(
                [regions[p.code].pk for p in plans],
                stage_region_ids(plans, regions, scale),
                year,
                seed=seed,
                today=today,
                indicators=INDICATORS.get(scale),
                log=log,
            )
        )
        from perfapp import audit
        from perfapp.models import EventKind

        audit.record(
            EventKind.CREATED,
            None,
            summary=f"载入演示数据（规模 {scale}，随机种子 {seed}）",
            data={"scale": scale, "seed": seed, "years": year_list, "counts": dict(report.counts)},
        )
    report.seconds = time.monotonic() - started
    return report


def stage_region_ids(plans: list[RegionPlan], regions: dict[str, Region], scale: str) -> list[int]:
    """The regions whose monitoring, evaluations, results and assessments the demo fills.

    Every region up to the city scale. At province scale, the demo city and its counties only:
    they hold the demo accounts and more than the benchmarks need (DESIGN.md §7), and running
    every later stage's rules over 600,000 projects would take the load from minutes to hours.
    """
    codes = [p.code for p in plans]
    if scale == "province":
        codes = [c for c in codes if c[:4] == DEMO_CITY[:4]]
    return [regions[c].pk for c in codes]


def seed_stages(
    region_ids: list[int],
    stage_ids: list[int],
    year: int,
    *,
    seed: int,
    today: datetime.date,
    indicators: tuple[int, int] | None,
    log: Log,
) -> Counter:
    """Targets for every project of `region_ids`; the later stages for `stage_ids`; each timed."""
    from assessments.demo import seed as seed_assessments
    from dashboards.demo import seed as seed_dashboards
    from evaluation.demo import seed_evaluation
    from monitoring.demo import seed_monitoring
    from results.demo import seed_results
    from targets.demo import seed_targets

    counts = Counter()
    stages = (
        ("绩效目标", lambda: seed_targets(region_ids, year, seed=seed, indicators=indicators, log=log)),
        ("绩效监控", lambda: seed_monitoring(stage_ids, year, seed=seed, today=today, log=log)),
        ("绩效评价", lambda: seed_evaluation(stage_ids, year, seed=seed, today=today, log=log)),
        ("结果应用", lambda: seed_results(stage_ids, year, seed=seed, today=today, log=log)),
        ("事前绩效评估", lambda: seed_assessments(stage_ids, year, seed=seed, today=today, log=log)),
        # last: the summaries the leader dashboard reads cover everything loaded before
        ("评价计分表与驾驶舱汇总", lambda: seed_dashboards(stage_ids, year, seed=seed, today=today, log=log)),
    )
    for name, run in stages:
        started = time.monotonic()
        counts.update(run())
        log(f"  {name}：{time.monotonic() - started:.1f} 秒")
        if name == "绩效目标":
            # The later stages query what the bulk part wrote; without statistics the planner takes
            # the new tables for empty (a 1,000,000-row anti-join ran for hours at province scale).
            analyze()
    return counts


def analyze() -> float | None:
    """Refresh PostgreSQL's planner statistics (None elsewhere); returns the seconds it took.

    Rows written by COPY are invisible to the planner until autovacuum gets round to analysing
    them; until then it guesses the tables are small and picks sequential scans or wrong joins
    (the benchmarks' query plans showed it). Inside the load's transaction ANALYZE counts the
    transaction's own new rows, so the load calls it between its bulk part and the later stages,
    and the command once more after the commit.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.monotonic() - started


def ensure_regions() -> dict[str, Region]:
    """The province, its cities and counties (GB/T 2260); existing rows are kept."""
    out = {}
    province, _ = Region.objects.get_or_create(
        code=PROVINCE[0], defaults={"name": PROVINCE[1], "level": Region.Level.PROVINCE}
    )
    out[province.code] = province
    for code, name, counties in CITIES:
        city, _ = Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": Region.Level.CITY, "parent": province}
        )
        out[code] = city
        for ccode, cname in counties:
            out[ccode], _ = Region.objects.get_or_create(
                code=ccode, defaults={"name": cname, "level": Region.Level.COUNTY, "parent": city}
            )
    return out


@dataclass
class RegionOrgs:
    region: Region
    bureau: Organization
    divisions: dict[str, Division]
    departments: dict[str, Organization]
    #: department key → [(unit, tag, is 本级)]
    units: dict[str, list[tuple[Organization, str, bool]]]
    agencies: list[Organization]
    count: int = 0


def build_organizations(region: Region, plan: RegionPlan) -> RegionOrgs:
    """The region's finance bureau with its divisions, departments (each managed by a division),
    their units (本级 first) and, in the demo city, third-party agencies."""
    prefix = region_prefix(region.code, region.name)
    is_province = region.level == Region.Level.PROVINCE
    bureau = Organization.objects.create(
        kind=Organization.Kind.FINANCE_BUREAU,
        code=bureau_code(region.code),
        name=f"{prefix}{'财政厅' if is_province else '财政局'}",
        region=region,
    )
    divisions = {
        d.name: d for d in Division.objects.bulk_create([Division(bureau=bureau, name=n) for n in DIVISIONS])
    }
    specs = [DEPARTMENTS[k] for k in plan.departments] if plan.departments is not None else list(CATALOGUE)
    departments = {
        spec.key: Organization(
            kind=Organization.Kind.DEPARTMENT,
            code=department_code(region.code, spec),
            name=prefix + (spec.province_name if is_province else spec.name),
            region=region,
            parent=bureau,
            division=divisions[spec.division],
        )
        for spec in specs
    }
    Organization.objects.bulk_create(departments.values(), batch_size=BATCH_SIZE)
    total_weight = sum(s.weight for s in specs) or 1
    unit_rows, units = [], {}
    for spec in specs:
        dept = departments[spec.key]
        expected = plan.projects_per_year * spec.weight / total_weight
        named = spec.province_units if is_province and spec.province_units else spec.units
        wanted = max(2, math.ceil(expected / 12))
        names = list(named[:wanted])
        for pattern, tag, first in spec.numbered:
            n = first
            while len(names) < min(wanted, len(named) + 30):
                names.append((pattern.format(n=chinese_number(n)), tag))
                n += 1
        own = Organization(
            kind=Organization.Kind.UNIT,
            code=unit_code(region.code, spec, 1),
            name=f"{dept.name}（本级）",
            region=region,
            parent=dept,
        )
        units[spec.key] = [(own, "", True)]
        for i, (name, tag) in enumerate(names, start=2):
            org = Organization(
                kind=Organization.Kind.UNIT,
                code=unit_code(region.code, spec, i),
                name=prefix + name,
                region=region,
                parent=dept,
            )
            units[spec.key].append((org, tag, False))
        unit_rows.extend(u for u, _, _ in units[spec.key])
    Organization.objects.bulk_create(unit_rows, batch_size=BATCH_SIZE)
    agencies = []
    if region.code == DEMO_CITY:
        agencies = Organization.objects.bulk_create(
            [
                Organization(
                    kind=Organization.Kind.AGENCY, code=f"{region.code}9{i:02d}", name=name, region=region
                )
                for i, name in enumerate(AGENCIES, start=1)
            ]
        )
    count = 1 + len(departments) + len(unit_rows) + len(agencies)
    return RegionOrgs(region, bureau, divisions, departments, units, agencies, count)


def ensure_fiscal_years(region: Region, year_list: list[int], current: int) -> dict[int, FiscalYear]:
    """预算年度 with Policy v1 (the defaults) and the Deadline rows its deadlines section dates."""
    out = {}
    defaults = PolicyData().to_dict()
    for y in year_list:
        fy, _ = FiscalYear.objects.get_or_create(region=region, year=y, defaults={"is_current": y == current})
        if not fy.policies.exists():
            Policy.objects.create(
                fiscal_year=fy,
                version=1,
                data=defaults,
                effective_from=datetime.date(y, 1, 1),
                comment="默认参数（演示数据）",
            )
            fy.__dict__.pop("policy_row", None)
        fy.create_default_deadlines()
        out[y] = fy
    return out


def ensure_accounts(orgs: RegionOrgs) -> list[tuple[str, str, str, str]]:
    """One account per role (DESIGN.md §1) in the demo city, with the known demo password.

    Accounts are updated in place when they exist (a reset keeps users: the audit log points at them).
    """
    rows = []
    # One PBKDF2 hash shared by the demo accounts: hashing is slow on purpose (~1 s each), and the
    # password is public anyway.
    encoded = make_password(DEMO_PASSWORD)
    for spec in ACCOUNTS:
        kind, _, rest = spec.place.partition(":")
        if kind == "bureau":
            org = orgs.bureau
        elif kind == "agency":
            org = orgs.agencies[0]
        elif kind == "dept":
            org = orgs.departments[rest]
        else:
            dept_key, _, unit_name = rest.partition(":")
            org = next(u for u, _, _ in orgs.units[dept_key] if u.name.endswith(unit_name))
        user = User.objects.filter(username=spec.username).first() or User(username=spec.username)
        user.organization = org
        user.full_name = spec.full_name
        user.email = f"{spec.username}@demo.perfapp.cn"
        user.is_active = True
        user.must_change_password = False
        validate_password(DEMO_PASSWORD, User(username=spec.username))
        user.password = encoded
        user.password_changed_at = timezone.now()
        user.save()
        RoleAssignment.objects.filter(user=user).delete()
        RoleAssignment.objects.create(
            user=user,
            role=spec.role,
            organization=org,
            division=orgs.divisions[spec.division] if spec.division else None,
        )
        rows.append((spec.username, str(Role(spec.role).label), org.name, spec.full_name))
    return rows


def assign_expert(fiscal_year: FiscalYear) -> int:
    """Give the demo expert the demo city's projects that await a prior assessment (事前绩效评估)."""
    from budgets.library import needs_prior_assessment

    expert = User.objects.filter(username="expert").first()
    if expert is None:
        return 0
    candidates = Project.objects.filter(
        region=fiscal_year.region,
        start_year=fiscal_year.year,
        status__in=[S_.SUBMITTED, S_.DEPT_APPROVED],
    ).order_by("-total_amount", "code")
    candidates = list(candidates[:50])
    chosen = [p for p in candidates if needs_prior_assessment(p)][:4]
    # At least two items to look at, even when few projects need an assessment this year.
    chosen += [p for p in candidates if p not in chosen][: max(0, 2 - len(chosen))]
    for project in chosen:
        ExpertAssignment.objects.get_or_create(expert=expert, project=project, purpose="事前绩效评估")
    return len(chosen)


# --- projects, allocations, expenditures ----------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One kind of project one unit can run."""

    department: Organization
    unit: Organization
    template: Template
    spec: DepartmentSpec
    #: Run by the department's 本级 (its own budget unit).
    own: bool


def project_options(orgs: RegionOrgs) -> dict[str, list[Option]]:
    """department key → every (unit, template) pair it can produce."""
    out = {}
    for key, dept in orgs.departments.items():
        spec = DEPARTMENTS[key]
        options = []
        for unit, tag, is_own in orgs.units[key]:
            if is_own:
                templates = [t for t in spec.templates if t.scope == "dept"]
            else:
                own_kind = [t for t in spec.templates if t.scope == "unit" and (not t.tags or tag in t.tags)]
                # A unit mostly runs the projects of its own kind; the common ones come second.
                templates = own_kind * 2 + list(COMMON_UNIT_TEMPLATES)
            options.extend(Option(dept, unit, t, spec, is_own) for t in templates)
        out[key] = options
    return out


def write_region_year(
    orgs: RegionOrgs,
    plan: RegionPlan,
    fiscal_year: FiscalYear,
    *,
    seed: int,
    current_year: int,
    last_year: int,
    today: datetime.date,
    users_by_unit: dict[int, User],
) -> Counter:
    """Generate and bulk-insert one region's new projects of one year, a chunk at a time."""
    counts = Counter()
    chunk: list[tuple[Project, list[Allocation], list[Expenditure]]] = []
    for item in generate_projects(
        orgs,
        plan,
        fiscal_year,
        seed=seed,
        current_year=current_year,
        last_year=last_year,
        today=today,
        users_by_unit=users_by_unit,
    ):
        chunk.append(item)
        if len(chunk) >= CHUNK_SIZE:
            counts.update(_flush(chunk))
            chunk = []
    if chunk:
        counts.update(_flush(chunk))
    return counts


def _flush(chunk) -> Counter:
    projects = [p for p, _, _ in chunk]
    bulk.insert(Project, projects)
    allocations = [a for _, allocs, _ in chunk for a in allocs]
    bulk.insert(Allocation, allocations)
    expenditures = [e for _, _, exps in chunk for e in exps]
    bulk.insert(Expenditure, expenditures)
    return Counter(projects=len(projects), allocations=len(allocations), expenditures=len(expenditures))


def generate_projects(
    orgs: RegionOrgs,
    plan: RegionPlan,
    fiscal_year: FiscalYear,
    *,
    seed: int,
    current_year: int,
    last_year: int,
    today: datetime.date,
    users_by_unit: dict[int, User],
) -> Iterator[tuple[Project, list[Allocation], list[Expenditure]]]:
    """The region's new projects of `fiscal_year.year`, with their allocations and payments.

    The first ones are forced so that every category appears, and (demo city, current year) so
    that each demo unit has a project in every library status.
    """
    region, year = orgs.region, fiscal_year.year
    # A string seed is hashed deterministically (not with PYTHONHASHSEED): same seed, same data.
    rng = random.Random(f"{seed}:{region.code}:{year}")
    options = project_options(orgs)
    keys = list(options)
    weights = [DEPARTMENTS[k].weight for k in keys]
    rules = fiscal_year.policy.project_library
    forced: list[tuple[list[Option], str | None]] = []
    if region.code == DEMO_CITY and year == current_year:
        for place in FOCUS_UNITS:
            _, dept_key, unit_name = place.split(":")
            unit_options = [o for o in options.get(dept_key, []) if o.unit.name.endswith(unit_name)]
            forced.extend((unit_options, status) for status in FOCUS_STATUSES)
    for category in Category.values:
        category_options = [o for k in keys for o in options[k] if o.template.category == category]
        if category_options:
            forced.append((category_options, None))
    own_options = {k: [o for o in options[k] if o.own] for k in keys}
    level_factor = LEVEL_FACTOR[region.level]
    for i in range(max(plan.projects_per_year, len(forced))):
        if i < len(forced):
            pool, status = forced[i]
            option = rng.choice(pool)
        else:
            key = rng.choices(keys, weights)[0]
            # Roughly a third of a department's projects are run by its 本级.
            own = own_options[key]
            option = rng.choice(own if own and rng.random() < 0.35 else options[key])
            status = None
        t = option.template
        span = rng.choices((1, 2, 3), (70, 20, 10))[0]
        end_year = year + span - 1
        if status is None:
            status = _status(rng, year, end_year, current_year)
        median, sigma = AMOUNTS[t.category]
        annual = max(50_000.0, rng.lognormvariate(math.log(median * level_factor), sigma))
        total = round_to(annual * span, THOUSAND)
        sources = _fund_sources(rng, t)
        bond = bool(set(sources) & BOND_SOURCES)
        nature = rng.choices(
            (Project.Nature.NEW, Project.Nature.CONTINUING, Project.Nature.ADJUSTED), (60, 30, 10)
        )[0]
        unit_name = option.unit.name
        if t.scope == "unit":
            name = f"{unit_name.removesuffix('（本级）')}{t.name}"
        else:
            name = f"{year}年{t.name}" if rng.random() < 0.5 else t.name
        if span > 1:
            name += f"（{year}—{end_year}年）"
        project = Project(
            code=f"{region.code}{year}{i + 1:06d}",
            name=name,
            unit=option.unit,
            department=option.department,
            region=region,
            category=t.category,
            function_code=t.function_code or _default_function(option.spec),
            budget_type=BudgetType.GOVERNMENT_FUND if FundSource.SPECIAL_BOND in sources else t.budget_type,
            fund_sources=sources,
            start_year=year,
            end_year=end_year,
            total_amount=total,
            leader_name=person_name(rng),
            leader_phone=mobile(rng),
            nature=nature,
            # Project.save would compute this; bulk_create does not call save [000 #16 #20].
            is_major=total >= rules.major_threshold,
            description=f"由{option.department.name}组织实施，{PURPOSES[t.category]}。"
            + ("资金来源含政府债券。" if bond else ""),
            status=status,
            created_by=users_by_unit.get(option.unit.pk),
        )
        allocations, expenditures = [], []
        if status in FUNDED:
            shares = _split_amount(rng, total, span, HUNDRED)
            for offset, amount in enumerate(shares):
                y = year + offset
                if y > last_year:
                    break
                for source, part in zip(sources, _source_split(rng, amount, len(sources)), strict=True):
                    alloc = _allocation(rng, project, y, source, part)
                    allocations.append(alloc)
                    expenditures.extend(_payments(rng, project, alloc, t.category, today, status))
            expenditures.sort(key=lambda e: (e.date, e.fund_source))
            for n, expenditure in enumerate(expenditures, start=1):
                # 国库集中支付凭证号: year, project code, sequence within the project.
                expenditure.voucher = f"ZF{expenditure.year}{project.code}{n:03d}"
        yield project, allocations, expenditures


def _default_function(spec: DepartmentSpec) -> str:
    return next((t.function_code for t in spec.templates if t.function_code), "2010199")


def _status(rng: random.Random, start: int, end: int, current: int) -> str:
    if start == current:
        statuses, weights = zip(*CURRENT_STATUSES, strict=True)
        return rng.choices(statuses, weights)[0]
    # A project of an earlier year: refused, still running, or done.
    if rng.random() < 0.05:
        return S_.REJECTED
    if end >= current or rng.random() < 0.08:
        return S_.IN_PROGRESS
    return S_.COMPLETED


def _fund_sources(rng: random.Random, t: Template) -> list[str]:
    if t.bond and rng.random() < t.bond:
        bond = FundSource.SPECIAL_BOND if rng.random() < 0.75 else FundSource.GENERAL_BOND
        return [bond] if rng.random() < 0.5 else [bond, FundSource.LOCAL]
    if t.transfer:
        return [FundSource.TRANSFER] if rng.random() < 0.7 else [FundSource.TRANSFER, FundSource.LOCAL]
    return rng.choices(
        (
            [FundSource.LOCAL],
            [FundSource.LOCAL, FundSource.TRANSFER],
            [FundSource.TRANSFER],
            [FundSource.OTHER],
        ),
        (62, 23, 12, 3),
    )[0]


def _split_amount(rng: random.Random, total: Decimal, parts: int, step: Decimal) -> list[Decimal]:
    """`total` in `parts` roughly equal pieces rounded to `step`; the last takes the remainder."""
    if parts == 1:
        return [total]
    weights = [rng.uniform(0.8, 1.2) for _ in range(parts)]
    out = [round_to(total * Decimal(w / sum(weights)), step) for w in weights[:-1]]
    out.append(total - sum(out))
    return out


def _source_split(rng: random.Random, amount: Decimal, n: int) -> list[Decimal]:
    if n == 1:
        return [amount]
    first = round_to(amount * Decimal(str(round(rng.uniform(0.5, 0.8), 2))), HUNDRED)
    return [first, amount - first]


def _allocation(rng: random.Random, project: Project, year: int, source: str, amount: Decimal) -> Allocation:
    adjustment = Decimal("0.00")
    if rng.random() < 0.25:
        adjustment = round_to(amount * Decimal(str(round(rng.uniform(-0.15, 0.2), 3))), HUNDRED)
    return Allocation(
        project=project,
        unit_id=project.unit_id,
        department_id=project.department_id,
        region_id=project.region_id,
        year=year,
        fund_source=source,
        initial_amount=amount.quantize(CENT),
        adjustment=adjustment.quantize(CENT),
        # Allocation.save would compute it; bulk_create does not call save.
        total_amount=(amount + adjustment).quantize(CENT),
        detailed=rng.random() < 0.92,
    )


def _payments(
    rng: random.Random,
    project: Project,
    alloc: Allocation,
    category: str,
    today: datetime.date,
    status: str,
) -> list[Expenditure]:
    """The payments of one allocation over its year, cut at `today` (year end for past years).

    The whole year's plan is drawn whatever `today` is, so the data before today does not depend
    on the day the demo is loaded.
    """
    budget = alloc.total_amount
    if category == C.LIVELIHOOD and rng.random() < 0.5:
        profile = "quarterly"
    elif category == C.GOVERNMENT_FUND:
        profile = "front"
    elif category == C.MAJOR_PROJECT and rng.random() < 0.5:
        profile = "back"
    else:
        profile = "normal"
    laggard = rng.random() < 0.1
    if laggard:
        profile, rate = "back", rng.uniform(0.35, 0.75)
    else:
        rate = min(1.0, rng.betavariate(18, 1.5))
    if status == S_.COMPLETED:
        rate = max(rate, 0.85)
    planned = (budget * Decimal(str(round(rate, 4)))).quantize(CENT)
    count = max(1, min(24, round(rng.gauss(2 * math.log10(max(float(budget), 10_000)) - 8.5, 1.2))))
    if profile == "quarterly":
        count = 4
    months = sorted(rng.choices(range(1, 13), PROFILES[profile], k=count))
    weights = [rng.uniform(0.4, 1.0) for _ in months]
    amounts = [(planned * Decimal(w / sum(weights))).quantize(CENT) for w in weights[:-1]]
    amounts.append(planned - sum(amounts))
    summaries = PAYMENT_SUMMARIES[category]
    out = []
    for month, amount in zip(months, amounts, strict=True):
        day = rng.randint(1, calendar.monthrange(alloc.year, month)[1])
        summary = rng.choice(summaries)
        date = datetime.date(alloc.year, month, day)
        if date > today or amount <= 0:
            continue
        out.append(
            Expenditure(
                project=project,
                unit_id=project.unit_id,
                department_id=project.department_id,
                region_id=project.region_id,
                year=alloc.year,
                date=date,
                amount=amount,
                fund_source=alloc.fund_source,
                summary=summary,
            )
        )
    return out


# --- reset ----------------------------------------------------------------------------------------


def reset(log: Log = print) -> Counter:
    """Wipe the demo: every project, organization and fiscal year of 吉林省 (regions are kept).

    Users of the demo organizations (the demo accounts and any added through the UI) are kept but
    detached (no organization, no roles): the audit log points at them and its hash chain covers
    the actor. Reloading re-attaches the demo accounts. A later stage's rows that protect a project stop the
    reset (nothing is deleted then) until that stage extends this function.
    """
    counts = Counter()
    root = Region.objects.filter(code=PROVINCE[0]).first()
    if root is None:
        return counts
    region_ids = root.subtree_ids()
    # No per-row "deleted" history for hundreds of thousands of generated rows.
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        # The two big tables go by one DELETE each (no cascade, no signals: nothing refers to them).
        for model in (Expenditure, Allocation):
            counts[model._meta.model_name] = model.objects.filter(region_id__in=region_ids)._raw_delete(
                model.objects.db
            )
        from dashboards.demo import reset as reset_dashboards

        counts.update(reset_dashboards(region_ids))
        from results.demo import reset_results

        counts.update(reset_results(region_ids))
        from assessments.demo import reset as reset_assessments

        counts.update(reset_assessments(region_ids))
        from evaluation.demo import reset_evaluation

        counts.update(reset_evaluation(region_ids))
        from monitoring.demo import reset_monitoring

        counts.update(reset_monitoring(region_ids))
        from targets.demo import reset_targets

        counts.update(reset_targets(region_ids))
        project_ids = list(Project.objects.filter(region_id__in=region_ids).values_list("pk", flat=True))
        for start in range(0, len(project_ids), 5000):
            Project.objects.filter(pk__in=project_ids[start : start + 5000]).delete()
        counts["project"] = len(project_ids)
        log(f"  已删除项目 {len(project_ids):,} 个")
        orgs = Organization.objects.filter(region_id__in=region_ids)
        users = User.objects.filter(organization__in=orgs)
        RoleAssignment.objects.filter(user__in=users).delete()
        RoleAssignment.objects.filter(organization__in=orgs).delete()
        counts["users_detached"] = users.update(organization=None)
        Organization.objects.filter(pk__in=orgs).update(division=None)
        Division.objects.filter(bureau__region_id__in=region_ids).delete()
        for kind in (
            Organization.Kind.UNIT,
            Organization.Kind.DEPARTMENT,
            Organization.Kind.AGENCY,
            Organization.Kind.FINANCE_BUREAU,
        ):
            counts["organization"] += orgs.filter(kind=kind).delete()[0]
        counts["fiscal_year"] = FiscalYear.objects.filter(region_id__in=region_ids).delete()[0]
        from perfapp import audit
        from perfapp.models import EventKind

        audit.record(EventKind.DELETED, None, summary="清除演示数据", data=dict(counts))
    return counts
