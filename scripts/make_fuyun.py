#!/usr/bin/env python3
"""Writes the embedded Fuyun scenario, ``python/talentmatch/data/fuyun.json``: a synthetic ``talentmatch/1`` document.

SYNTHETIC DATA. The scenario is modelled on a news report of Heilongjiang's group-style aid ("组团式"援疆) to Fuyun
county (富蕴县), Altay, Xinjiang (../shared/seed/000_0df22f24d79550c9.txt): since 2024 the county brought in 59
specialists for its hospitals, schools and industrial park on 4- to 12-month tenures, and 13 professors, associate
professors and backbone teachers from Heilongjiang's vocational colleges for the Koktokay vocational and technical
school; the experts mentor 62 local staff; 10 school managers and teachers train at Heilongjiang colleges and 12
doctors at Jiamusi hospitals. The departments, units, townships and sending institutions are real names; every person
(the experts' names, the local staff), every level, slot, quota and rule is invented. The ``talentmatch/1`` format has
no top-level field for a description (unknown top-level keys are an error), so the document says it is synthetic where
the format leaves room: each expert carries the attribute ``"synthetic": true``, and this docstring says the rest.

What is in it:

- a taxonomy of about 150 skills (medicine, education, vocational training, tourism, industry) with ``parents`` and
  ``related`` transfers, ids ASCII and dotted (``med.urology.pcnl``), names in Chinese;
- 72 experts (59 specialists, 13 vocational teachers), ids in pinyin, names, titles and institutions in Chinese, an
  attribute ``team`` (医疗组团, 教育组团, 职教组团, 文旅组团, 产业组团);
- posts of four departments (the county health commission: the county people's hospital with its urology,
  haemodialysis, critical maternal care and ICU posts, the township health centres such as Karabulgen's, the disease
  control centre; the education bureau: the senior high school, the Koktokay vocational and technical school, the
  teacher development centre; the culture and tourism bureau; the industrial park), some with no expert able to fill
  them, so that the plan has recruiting briefs to show;
- conflicts (``forbid``), nominations (``require``) and continuity bonuses (``bonus``);
- department and unit quotas on the posts side, at-most-per-institution and team quotas on the experts side, each
  side laminar (a unit lies in one department, an institution in one team);
- 62 local staff with skill goals and the partner hosts (Heilongjiang colleges, Jiamusi hospitals).

The output is a function of this file alone (``random.Random`` with a fixed seed, no clock, no environment), so
running it again reproduces the shipped file byte for byte; ``tests/python/test_data.py`` checks that.

Usage::

    python scripts/make_fuyun.py                    # writes python/talentmatch/data/fuyun.json
    python scripts/make_fuyun.py --output out.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
from pathlib import Path

SEED = 20240607
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "python" / "talentmatch" / "data" / "fuyun.json"

# --- Skills ---------------------------------------------------------------------------------------------------------
# (id, Chinese name, parents, related [(skill, transfer)]). Transfers are multiples of 1/4, exact in binary, so an
# effective level compares exactly with a whole minimum level.

SKILLS: list[tuple[str, str, list[str], list[tuple[str, float]]]] = [
    # Medicine
    ("med", "医学", [], []),
    ("med.surgery", "外科学", ["med"], []),
    ("med.surgery.general", "普通外科", ["med.surgery"], []),
    ("med.surgery.laparoscopy", "腹腔镜技术", ["med.surgery"], []),
    ("med.surgery.hepatobiliary", "肝胆外科", ["med.surgery"], [("med.public_health.echinococcosis", 0.25)]),
    ("med.urology", "泌尿外科", ["med.surgery"], [("med.surgery.general", 0.5)]),
    ("med.urology.pcnl", "经皮肾镜取石术", ["med.urology"], [("med.urology.ureteroscopy", 0.5)]),
    ("med.urology.ureteroscopy", "输尿管软镜碎石术", ["med.urology"], [("med.urology.pcnl", 0.5)]),
    ("med.urology.laparoscopy", "泌尿外科腹腔镜手术", ["med.urology", "med.surgery.laparoscopy"],
     [("med.surgery.laparoscopy", 0.75)]),
    ("med.urology.turp", "经尿道前列腺电切术", ["med.urology"], []),
    ("med.urology.oncology", "泌尿系肿瘤诊治", ["med.urology"], []),
    ("med.nephrology", "肾脏病学", ["med.internal"], [("med.nephrology.dialysis", 0.5)]),
    ("med.nephrology.dialysis", "血液透析", ["med.nephrology"], [("med.nephrology.crrt", 0.5)]),
    ("med.nephrology.vascular_access", "透析血管通路", ["med.nephrology"], []),
    ("med.nephrology.peritoneal", "腹膜透析", ["med.nephrology"], []),
    ("med.nephrology.crrt", "连续性肾脏替代治疗", ["med.nephrology", "med.icu"], []),
    ("med.nursing", "护理学", ["med"], []),
    ("med.nursing.dialysis", "血液净化护理", ["med.nursing"], []),
    ("med.nursing.icu", "重症护理", ["med.nursing"], [("med.icu", 0.25)]),
    ("med.nursing.obstetric", "产科护理", ["med.nursing"], []),
    ("med.nursing.management", "护理管理", ["med.nursing"], []),
    ("med.obstetrics", "妇产科学", ["med"], []),
    ("med.obstetrics.critical", "危重孕产妇救治", ["med.obstetrics"], [("med.icu", 0.25)]),
    ("med.obstetrics.hemorrhage", "产后出血防治", ["med.obstetrics"], []),
    ("med.obstetrics.hypertension", "妊娠期高血压疾病", ["med.obstetrics"], []),
    ("med.obstetrics.ultrasound", "产科超声", ["med.obstetrics", "med.imaging.ultrasound"], []),
    ("med.neonatology", "新生儿科", ["med.pediatrics"], []),
    ("med.neonatology.resuscitation", "新生儿复苏", ["med.neonatology"], []),
    ("med.pediatrics", "儿科学", ["med"], []),
    ("med.icu", "重症医学", ["med"], [("med.obstetrics.critical", 0.25), ("med.emergency", 0.5)]),
    ("med.icu.ventilation", "机械通气", ["med.icu"], []),
    ("med.icu.sepsis", "脓毒症救治", ["med.icu"], []),
    ("med.icu.hemodynamics", "血流动力学监测", ["med.icu"], []),
    ("med.icu.ecmo", "体外膜肺氧合", ["med.icu"], []),
    ("med.emergency", "急诊医学", ["med"], [("med.icu", 0.25)]),
    ("med.emergency.trauma", "创伤急救", ["med.emergency", "med.surgery"], []),
    ("med.emergency.prehospital", "院前急救", ["med.emergency"], []),
    ("med.anesthesia", "麻醉学", ["med"], [("med.icu", 0.5)]),
    ("med.anesthesia.obstetric", "产科麻醉", ["med.anesthesia"], []),
    ("med.anesthesia.regional", "超声引导神经阻滞", ["med.anesthesia"], []),
    ("med.imaging", "医学影像学", ["med"], []),
    ("med.imaging.ct", "CT诊断", ["med.imaging"], []),
    ("med.imaging.mri", "磁共振诊断", ["med.imaging"], [("med.imaging.ct", 0.5)]),
    ("med.imaging.ultrasound", "超声诊断", ["med.imaging"], []),
    ("med.imaging.interventional", "介入放射学", ["med.imaging"], []),
    ("med.lab", "医学检验", ["med"], []),
    ("med.lab.microbiology", "临床微生物检验", ["med.lab"], [("med.infection_control", 0.5)]),
    ("med.internal", "内科学", ["med"], []),
    ("med.internal.cardiology", "心血管内科", ["med.internal"], []),
    ("med.internal.chest_pain", "胸痛中心建设", ["med.internal.cardiology"], []),
    ("med.internal.respiratory", "呼吸与危重症医学", ["med.internal"], [("med.icu.ventilation", 0.5)]),
    ("med.internal.digestive", "消化内科", ["med.internal"], []),
    ("med.internal.endoscopy", "消化内镜诊疗", ["med.internal.digestive"], []),
    ("med.internal.endocrinology", "内分泌与糖尿病", ["med.internal"], [("med.gp.chronic", 0.5)]),
    ("med.gp", "全科医学", ["med"], []),
    ("med.gp.chronic", "慢病管理", ["med.gp"], []),
    ("med.gp.outreach", "巡回义诊与家庭医生签约", ["med.gp"], []),
    ("med.public_health", "公共卫生", ["med"], []),
    ("med.public_health.echinococcosis", "包虫病防治", ["med.public_health"], []),
    ("med.public_health.brucellosis", "布鲁氏菌病防治", ["med.public_health"], []),
    ("med.public_health.immunization", "预防接种管理", ["med.public_health"], []),
    ("med.tcm", "中医学", ["med"], []),
    ("med.tcm.acupuncture", "针灸推拿", ["med.tcm"], []),
    ("med.tcm.appropriate", "中医适宜技术推广", ["med.tcm"], [("med.gp.outreach", 0.5)]),
    ("med.ethnic.kazakh", "哈萨克医药", ["med"], []),
    ("med.rehab", "康复医学", ["med"], []),
    ("med.pharmacy", "临床药学", ["med"], []),
    ("med.telemedicine", "远程会诊", ["med"], []),
    ("med.management", "医院管理", ["med"], []),
    ("med.management.accreditation", "等级医院评审", ["med.management"], []),
    ("med.management.quality", "医疗质量与安全管理", ["med.management"], []),
    ("med.infection_control", "医院感染管理", ["med.management"], []),
    # Education
    ("edu", "基础教育", [], []),
    ("edu.math", "高中数学", ["edu"], [("edu.physics", 0.25)]),
    ("edu.physics", "高中物理", ["edu"], [("edu.math", 0.5)]),
    ("edu.chemistry", "高中化学", ["edu"], [("edu.biology", 0.25)]),
    ("edu.biology", "高中生物", ["edu"], [("edu.chemistry", 0.25)]),
    ("edu.chinese", "高中语文", ["edu"], []),
    ("edu.english", "高中英语", ["edu"], []),
    ("edu.history", "高中历史", ["edu"], [("edu.politics", 0.5)]),
    ("edu.geography", "高中地理", ["edu"], []),
    ("edu.politics", "高中思想政治", ["edu"], [("edu.history", 0.25)]),
    ("edu.it", "信息技术", ["edu"], []),
    ("edu.gaokao", "高考备考研究", ["edu"], []),
    ("edu.pedagogy", "教学设计", ["edu"], []),
    ("edu.pedagogy.inquiry", "探究式教学", ["edu.pedagogy"], []),
    ("edu.pedagogy.multimedia", "多媒体课件与动画演示", ["edu.pedagogy", "edu.it"], []),
    ("edu.pedagogy.demonstration", "公开示范课", ["edu.pedagogy"], []),
    ("edu.research", "校本教研", ["edu"], [("edu.teacher_training", 0.5)]),
    ("edu.teacher_training", "教师培训", ["edu"], []),
    ("edu.management", "学校管理", ["edu"], []),
    ("edu.management.curriculum", "课程建设", ["edu.management"], []),
    ("edu.management.moral", "德育与班主任工作", ["edu.management"], []),
    ("edu.management.boarding", "寄宿制学校管理", ["edu.management"], []),
    ("edu.psychology", "心理健康教育", ["edu"], []),
    ("edu.language", "国家通用语言文字教学", ["edu"], [("edu.chinese", 0.5)]),
    ("edu.special", "特殊教育", ["edu"], []),
    # Vocational training
    ("voc", "职业教育", [], []),
    ("voc.welding", "焊接技术", ["voc"], []),
    ("voc.welding.pipe", "管道焊接", ["voc.welding"], []),
    ("voc.electrical", "电气安装与维修", ["voc"], [("voc.plc", 0.5)]),
    ("voc.plc", "PLC与电气自动化", ["voc.electrical"], [("voc.electrical", 0.5)]),
    ("voc.mechanical", "机械加工", ["voc"], [("voc.cnc", 0.5)]),
    ("voc.cnc", "数控加工", ["voc.mechanical"], []),
    ("voc.auto", "汽车运用与维修", ["voc"], []),
    ("voc.auto.new_energy", "新能源汽车维修", ["voc.auto"], []),
    ("voc.mining", "矿山机电", ["voc"], []),
    ("voc.gem", "宝玉石鉴定与加工", ["voc"], []),
    ("voc.new_energy", "光伏与风电运维", ["voc"], []),
    ("voc.nursing", "中职护理", ["voc"], []),
    ("voc.tourism", "旅游服务与管理", ["voc"], []),
    ("voc.culinary", "中式烹饪", ["voc"], []),
    ("voc.ecommerce", "电子商务", ["voc"], []),
    ("voc.livestock", "畜牧兽医", ["voc"], []),
    ("voc.agri", "现代农业技术", ["voc"], []),
    ("voc.management", "职业院校管理", ["voc"], [("edu.management", 0.5)]),
    ("voc.curriculum", "专业与课程建设", ["voc"], [("edu.management.curriculum", 0.5)]),
    ("voc.school_enterprise", "校企合作与订单培养", ["voc"], []),
    ("voc.skills_contest", "技能大赛指导", ["voc"], []),
    ("voc.dual_teacher", "双师型教师培养", ["voc"], [("edu.teacher_training", 0.5)]),
    # Culture and tourism
    ("tour", "文化旅游", [], []),
    ("tour.planning", "全域旅游规划", ["tour"], []),
    ("tour.marketing", "旅游目的地营销", ["tour"], [("tour.marketing.digital", 0.5)]),
    ("tour.marketing.digital", "新媒体推广", ["tour.marketing"], [("ind.ecommerce", 0.5)]),
    ("tour.scenic", "景区运营管理", ["tour"], []),
    ("tour.scenic.rating", "A级景区创建", ["tour.scenic"], []),
    ("tour.ice_snow", "冰雪旅游", ["tour"], []),
    ("tour.ice_snow.ski", "滑雪场运营", ["tour.ice_snow"], []),
    ("tour.heritage", "文化遗产保护", ["tour"], []),
    ("tour.heritage.industrial", "工业遗产保护与展示", ["tour.heritage"], []),
    ("tour.geopark", "地质公园科普讲解", ["tour"], [("tour.guide", 0.5)]),
    ("tour.hospitality", "民宿与酒店管理", ["tour"], []),
    ("tour.guide", "导游培训", ["tour"], []),
    ("tour.events", "节庆会展策划", ["tour"], []),
    ("tour.culture", "群众文化活动", ["tour"], []),
    ("tour.museum", "博物馆陈列展览", ["tour"], [("tour.heritage.industrial", 0.5)]),
    # Industry
    ("ind", "产业发展", [], []),
    ("ind.mining", "采矿工程", ["ind"], [("voc.mining", 0.75)]),
    ("ind.mining.safety", "矿山安全", ["ind.mining"], []),
    ("ind.geology", "地质勘查", ["ind"], [("tour.geopark", 0.5), ("voc.gem", 0.25)]),
    ("ind.metallurgy", "有色金属冶炼", ["ind"], []),
    ("ind.new_energy", "新能源项目开发", ["ind"], [("voc.new_energy", 0.5)]),
    ("ind.chemical", "化工工艺", ["ind"], []),
    ("ind.planning", "产业园区规划", ["ind"], []),
    ("ind.investment", "招商引资", ["ind"], []),
    ("ind.environment", "环境影响评价", ["ind"], []),
    ("ind.energy_saving", "节能降碳", ["ind"], []),
    ("ind.agri_processing", "农畜产品加工", ["ind"], []),
    ("ind.logistics", "现代物流", ["ind"], []),
    ("ind.ecommerce", "电商直播与品牌", ["ind"], [("voc.ecommerce", 0.75)]),
    ("ind.project", "工程项目管理", ["ind"], []),
    ("ind.water", "水资源利用与节水", ["ind"], []),
    ("ind.safety", "安全生产监管", ["ind"], [("ind.mining.safety", 0.5)]),
    ("ind.digital", "智慧园区与信息化", ["ind"], []),
]  # fmt: skip

# --- Experts --------------------------------------------------------------------------------------------------------
# Surnames and given-name characters with their pinyin, for names and the ids made from them.

SURNAMES = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("赵", "zhao"),
    ("黄", "huang"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"),
    ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"), ("高", "gao"), ("罗", "luo"), ("郑", "zheng"),
    ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"), ("韩", "han"), ("冯", "feng"), ("于", "yu"),
    ("董", "dong"), ("曹", "cao"), ("程", "cheng"), ("袁", "yuan"), ("邓", "deng"), ("傅", "fu"), ("沈", "shen"),
    ("曾", "zeng"), ("彭", "peng"), ("吕", "lv"), ("苏", "su"), ("卢", "lu"), ("蒋", "jiang"), ("蔡", "cai"),
    ("贾", "jia"), ("丁", "ding"), ("魏", "wei"), ("薛", "xue"), ("叶", "ye"), ("阎", "yan"), ("潘", "pan"),
    ("田", "tian"), ("姚", "yao"), ("任", "ren"), ("范", "fan"), ("方", "fang"), ("石", "shi"), ("常", "chang"),
]  # fmt: skip
GIVEN = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"),
    ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"),
    ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("刚", "gang"), ("英", "ying"),
    ("华", "hua"), ("建", "jian"), ("国", "guo"), ("兰", "lan"), ("海", "hai"), ("波", "bo"), ("宇", "yu"),
    ("晨", "chen"), ("欣", "xin"), ("宏", "hong"), ("亮", "liang"), ("红", "hong"), ("春", "chun"), ("雪", "xue"),
    ("松", "song"), ("博", "bo"), ("文", "wen"), ("志", "zhi"), ("东", "dong"), ("琳", "lin"), ("颖", "ying"),
    ("鹏", "peng"), ("飞", "fei"), ("慧", "hui"), ("岩", "yan"), ("琦", "qi"), ("然", "ran"), ("昊", "hao"),
    ("婷", "ting"), ("珊", "shan"), ("凯", "kai"), ("楠", "nan"), ("峰", "feng"), ("佳", "jia"), ("航", "hang"),
]  # fmt: skip

HMU1 = "哈尔滨医科大学附属第一医院"
HMU2 = "哈尔滨医科大学附属第二医院"
HMU4 = "哈尔滨医科大学附属第四医院"
HLJ_HOSP = "黑龙江省医院"
HLJ_MCH = "黑龙江省妇幼保健院"
JMS_UNI1 = "佳木斯大学附属第一医院"
JMS_CENTRAL = "佳木斯市中心医院"
HLJ_TCM = "黑龙江中医药大学附属第一医院"
QQHR_MED = "齐齐哈尔医学院附属第一医院"
MDJ_HONGQI = "牡丹江医学院附属红旗医院"
HLJ_CDC = "黑龙江省疾病预防控制中心"

HRB_NO3 = "哈尔滨市第三中学"
HNU_HS = "哈尔滨师范大学附属中学"
HLJ_EXP = "黑龙江省实验中学"
DQ_TIEREN = "大庆铁人中学"
HNU = "哈尔滨师范大学"

VOC_HLJ = "黑龙江职业学院"
VOC_HRB = "哈尔滨职业技术学院"
VOC_ENERGY = "黑龙江能源职业学院"
VOC_TOUR = "黑龙江旅游职业技术学院"
VOC_AGRI = "黑龙江农业工程职业学院"
VOC_JMS = "佳木斯职业学院"

HLJ_TOUR_DEPT = "黑龙江省文化和旅游厅"
HRB_TOUR_BUREAU = "哈尔滨市文化广电和旅游局"
HRB_COMMERCE_UNI = "哈尔滨商业大学"
HLJ_UNI = "黑龙江大学"

HIT = "哈尔滨工业大学"
HLJ_KEJI = "黑龙江科技大学"
HLJ_IIT = "黑龙江省工业和信息化厅"
HLJ_GEO = "黑龙江省自然资源调查院"
NEPU = "东北石油大学"

TEAM_MED, TEAM_EDU, TEAM_VOC, TEAM_TOUR, TEAM_IND = "医疗组团", "教育组团", "职教组团", "文旅组团", "产业组团"

# (archetype, team, how many, institutions to draw from, titles, skills [(skill, lowest, highest)], extras: a few of
# these skills at levels 2..4). Counts: medicine 32, education 14, tourism 6, industry 7 (the 59 specialists), and
# 13 vocational teachers.
ARCHETYPES = [
    ("urologist", TEAM_MED, 4, [HMU1, HMU1, HMU2, JMS_UNI1], ["主任医师", "副主任医师", "教授"],
     [("med.urology", 5, 7), ("med.urology.pcnl", 4, 7), ("med.urology.ureteroscopy", 3, 6),
      ("med.urology.laparoscopy", 3, 6), ("med.urology.turp", 3, 6), ("med.urology.oncology", 2, 6),
      ("med.surgery.general", 3, 5)],
     ["med.management", "med.telemedicine", "med.surgery.laparoscopy"]),
    ("nephrologist", TEAM_MED, 3, [HMU2, HLJ_HOSP, HMU1], ["主任医师", "副主任医师"],
     [("med.nephrology", 5, 7), ("med.nephrology.dialysis", 4, 7), ("med.nephrology.vascular_access", 3, 6),
      ("med.nephrology.peritoneal", 2, 5), ("med.internal", 3, 5)],
     ["med.nephrology.crrt", "med.internal.endocrinology", "med.gp.chronic"]),
    ("dialysis_nurse", TEAM_MED, 1, [HMU2], ["主任护师"],
     [("med.nursing", 5, 6), ("med.nursing.dialysis", 5, 7), ("med.nursing.management", 4, 6)],
     ["med.infection_control"]),
    ("obstetrician", TEAM_MED, 3, [HLJ_MCH, HLJ_MCH, HMU1], ["主任医师", "副主任医师", "教授"],
     [("med.obstetrics", 5, 7), ("med.obstetrics.critical", 5, 7), ("med.obstetrics.hemorrhage", 4, 7),
      ("med.obstetrics.hypertension", 3, 6)],
     ["med.obstetrics.ultrasound", "med.icu", "med.neonatology.resuscitation"]),
    ("obstetric_anaesthetist", TEAM_MED, 1, [HMU1], ["副主任医师"],
     [("med.anesthesia", 5, 7), ("med.anesthesia.obstetric", 5, 7), ("med.anesthesia.regional", 3, 6)],
     ["med.icu.ventilation"]),
    ("neonatologist", TEAM_MED, 1, [HLJ_MCH], ["主任医师"],
     [("med.pediatrics", 4, 6), ("med.neonatology", 5, 7), ("med.neonatology.resuscitation", 5, 7)],
     ["med.nursing.obstetric"]),
    ("intensivist", TEAM_MED, 4, [HMU1, HMU4, JMS_UNI1, QQHR_MED], ["主任医师", "副主任医师", "教授", "副教授"],
     [("med.icu", 5, 7), ("med.icu.ventilation", 4, 7), ("med.icu.sepsis", 3, 6), ("med.icu.hemodynamics", 3, 6)],
     ["med.icu.ecmo", "med.nephrology.crrt", "med.internal.respiratory", "med.anesthesia"]),
    ("icu_nurse", TEAM_MED, 1, [HMU4], ["副主任护师"],
     [("med.nursing", 4, 6), ("med.nursing.icu", 5, 7), ("med.nursing.management", 3, 5)],
     ["med.infection_control"]),
    ("emergency", TEAM_MED, 2, [HLJ_HOSP, MDJ_HONGQI], ["主任医师", "副主任医师"],
     [("med.emergency", 5, 7), ("med.emergency.trauma", 4, 6), ("med.emergency.prehospital", 3, 6)],
     ["med.icu", "med.surgery.general", "med.internal.chest_pain"]),
    ("radiologist", TEAM_MED, 1, [HMU4], ["副主任医师"],
     [("med.imaging", 5, 6), ("med.imaging.ct", 5, 7), ("med.imaging.mri", 4, 6)],
     ["med.telemedicine", "med.imaging.interventional"]),
    ("sonographer", TEAM_MED, 1, [JMS_CENTRAL], ["主治医师"],
     [("med.imaging", 4, 6), ("med.imaging.ultrasound", 5, 7), ("med.obstetrics.ultrasound", 4, 6)],
     []),
    ("endoscopist", TEAM_MED, 1, [HMU2], ["副主任医师"],
     [("med.internal", 4, 5), ("med.internal.digestive", 5, 7), ("med.internal.endoscopy", 5, 7)],
     ["med.surgery.general"]),
    ("cardiologist", TEAM_MED, 1, [HMU2], ["主任医师"],
     [("med.internal", 4, 6), ("med.internal.cardiology", 5, 7), ("med.internal.chest_pain", 4, 7)],
     ["med.emergency", "med.telemedicine"]),
    ("general_practitioner", TEAM_MED, 3, [QQHR_MED, MDJ_HONGQI, JMS_CENTRAL], ["副主任医师", "主治医师"],
     [("med.gp", 5, 7), ("med.gp.chronic", 4, 6), ("med.gp.outreach", 4, 6), ("med.internal", 3, 5)],
     ["med.public_health", "med.tcm.appropriate", "med.pediatrics", "med.internal.endocrinology"]),
    ("tcm", TEAM_MED, 1, [HLJ_TCM], ["主任医师"],
     [("med.tcm", 5, 7), ("med.tcm.acupuncture", 5, 7), ("med.tcm.appropriate", 4, 6)],
     ["med.rehab", "med.gp"]),
    ("public_health", TEAM_MED, 1, [HLJ_CDC], ["主任医师"],
     [("med.public_health", 5, 7), ("med.public_health.immunization", 4, 6),
      ("med.public_health.brucellosis", 3, 5)],
     ["med.gp.chronic"]),
    ("hospital_manager", TEAM_MED, 1, [HMU1], ["主任医师"],
     [("med.management", 5, 7), ("med.management.accreditation", 5, 7), ("med.management.quality", 4, 6)],
     ["med.infection_control", "med.telemedicine"]),
    ("infection_control", TEAM_MED, 1, [HLJ_HOSP], ["副主任医师"],
     [("med.infection_control", 5, 7), ("med.lab.microbiology", 4, 6), ("med.management.quality", 3, 5)],
     ["med.lab"]),
    ("pediatrician", TEAM_MED, 1, [JMS_UNI1], ["副主任医师"],
     [("med.pediatrics", 5, 7), ("med.neonatology", 3, 5)],
     ["med.gp", "med.internal.respiratory"]),
    # Education: senior high school teachers and a university lecturer.
    ("math_teacher", TEAM_EDU, 3, [HRB_NO3, HLJ_EXP, DQ_TIEREN], ["正高级教师", "高级教师"],
     [("edu.math", 5, 7), ("edu.gaokao", 3, 6), ("edu.pedagogy.inquiry", 3, 6)],
     ["edu.pedagogy.multimedia", "edu.research", "edu.management.moral"]),
    ("physics_teacher", TEAM_EDU, 2, [HNU_HS, DQ_TIEREN], ["高级教师", "正高级教师"],
     [("edu.physics", 5, 7), ("edu.pedagogy.multimedia", 4, 6), ("edu.pedagogy.demonstration", 3, 6)],
     ["edu.gaokao", "edu.it", "edu.research"]),
    ("chemistry_teacher", TEAM_EDU, 1, [HRB_NO3], ["高级教师"],
     [("edu.chemistry", 5, 7), ("edu.pedagogy.inquiry", 4, 6)],
     ["edu.gaokao", "edu.biology"]),
    ("biology_teacher", TEAM_EDU, 1, [HLJ_EXP], ["高级教师"],
     [("edu.biology", 5, 7), ("edu.pedagogy.demonstration", 3, 5)],
     ["edu.chemistry", "edu.psychology"]),
    ("chinese_teacher", TEAM_EDU, 1, [HNU_HS], ["正高级教师", "高级教师"],
     [("edu.chinese", 5, 7), ("edu.language", 4, 6), ("edu.pedagogy.demonstration", 3, 6)],
     ["edu.management.moral", "edu.history"]),
    ("english_teacher", TEAM_EDU, 1, [DQ_TIEREN], ["高级教师"],
     [("edu.english", 5, 7), ("edu.gaokao", 3, 5)],
     ["edu.pedagogy.multimedia"]),
    ("geography_teacher", TEAM_EDU, 1, [HLJ_EXP], ["一级教师"],
     [("edu.geography", 4, 6), ("edu.history", 2, 4)],
     ["tour.geopark"]),
    ("it_teacher", TEAM_EDU, 1, [HNU_HS], ["一级教师"],
     [("edu.it", 5, 7), ("edu.pedagogy.multimedia", 4, 6)],
     ["ind.digital"]),
    ("psychologist", TEAM_EDU, 1, [HNU], ["副教授"],
     [("edu.psychology", 5, 7), ("edu.teacher_training", 3, 5)],
     ["edu.management.moral"]),
    ("principal", TEAM_EDU, 2, [HRB_NO3, HNU], ["正高级教师", "教授"],
     [("edu.management", 5, 7), ("edu.management.curriculum", 4, 6), ("edu.research", 4, 6),
      ("edu.teacher_training", 3, 6)],
     ["edu.management.boarding", "edu.management.moral", "edu.gaokao"]),
    # Culture and tourism.
    ("ice_snow", TEAM_TOUR, 2, [HRB_TOUR_BUREAU, HLJ_TOUR_DEPT], ["高级经济师", "研究员"],
     [("tour.ice_snow", 5, 7), ("tour.ice_snow.ski", 4, 7), ("tour.scenic", 3, 5), ("tour.events", 3, 5)],
     ["tour.marketing", "tour.planning"]),
    ("tour_planner", TEAM_TOUR, 1, [HLJ_UNI], ["教授"],
     [("tour.planning", 5, 7), ("tour.scenic.rating", 4, 6), ("tour.heritage", 3, 5)],
     ["ind.planning", "tour.scenic"]),
    ("tour_marketer", TEAM_TOUR, 1, [HLJ_TOUR_DEPT], ["副研究员"],
     [("tour.marketing", 5, 7), ("tour.marketing.digital", 4, 6), ("tour.events", 3, 5)],
     ["ind.ecommerce"]),
    ("heritage", TEAM_TOUR, 1, [HLJ_UNI], ["副教授"],
     [("tour.heritage", 5, 7), ("tour.museum", 4, 6), ("tour.heritage.industrial", 3, 5)],
     ["tour.culture"]),
    ("hospitality", TEAM_TOUR, 1, [HRB_COMMERCE_UNI], ["副教授"],
     [("tour.hospitality", 5, 7), ("voc.culinary", 3, 5), ("tour.guide", 3, 5)],
     ["tour.marketing"]),
    # Industry.
    ("mining_engineer", TEAM_IND, 2, [HLJ_KEJI, HLJ_KEJI], ["教授", "高级工程师"],
     [("ind.mining", 5, 7), ("ind.mining.safety", 4, 6), ("ind.project", 3, 5)],
     ["ind.geology", "ind.safety"]),
    ("metallurgist", TEAM_IND, 1, [HIT], ["正高级工程师"],
     [("ind.metallurgy", 5, 7), ("ind.chemical", 3, 5), ("ind.energy_saving", 3, 5)],
     ["ind.environment"]),
    ("energy_engineer", TEAM_IND, 1, [NEPU], ["教授"],
     [("ind.new_energy", 5, 7), ("ind.energy_saving", 4, 6), ("ind.project", 3, 5)],
     ["voc.new_energy"]),
    ("park_planner", TEAM_IND, 1, [HLJ_IIT], ["高级工程师"],
     [("ind.planning", 5, 7), ("ind.investment", 4, 6), ("ind.digital", 3, 5)],
     ["ind.logistics", "ind.project"]),
    ("investment", TEAM_IND, 1, [HLJ_IIT], ["高级经济师"],
     [("ind.investment", 5, 7), ("ind.ecommerce", 4, 6), ("ind.agri_processing", 3, 5)],
     ["ind.logistics"]),
    ("geologist", TEAM_IND, 1, [HLJ_GEO], ["正高级工程师"],
     [("ind.geology", 5, 7), ("ind.environment", 4, 6), ("ind.water", 2, 3)],
     ["ind.mining"]),
    # Vocational teachers (13).
    ("welding_teacher", TEAM_VOC, 2, [VOC_HLJ, VOC_HRB], ["教授", "骨干教师"],
     [("voc.welding", 5, 7), ("voc.welding.pipe", 4, 6), ("voc.skills_contest", 3, 6)],
     ["voc.mechanical", "voc.dual_teacher"]),
    ("electrical_teacher", TEAM_VOC, 2, [VOC_HRB, VOC_ENERGY], ["副教授", "骨干教师"],
     [("voc.electrical", 5, 7), ("voc.plc", 4, 7), ("voc.skills_contest", 2, 5)],
     ["voc.new_energy", "voc.mining"]),
    ("auto_teacher", TEAM_VOC, 1, [VOC_HLJ], ["副教授"],
     [("voc.auto", 5, 7), ("voc.auto.new_energy", 4, 6)],
     ["voc.mechanical"]),
    ("gem_teacher", TEAM_VOC, 1, [VOC_HRB], ["副教授"],
     [("voc.gem", 5, 7), ("ind.geology", 3, 5)],
     ["voc.ecommerce"]),
    ("mining_teacher", TEAM_VOC, 1, [VOC_ENERGY], ["教授"],
     [("voc.mining", 5, 7), ("ind.mining.safety", 4, 6), ("voc.electrical", 3, 5)],
     ["ind.mining"]),
    ("new_energy_teacher", TEAM_VOC, 1, [VOC_ENERGY], ["骨干教师"],
     [("voc.new_energy", 5, 7), ("voc.electrical", 3, 5)],
     ["ind.new_energy"]),
    ("nursing_teacher", TEAM_VOC, 1, [VOC_JMS], ["副教授"],
     [("voc.nursing", 5, 7), ("med.nursing", 4, 6)],
     ["med.gp"]),
    ("tourism_teacher", TEAM_VOC, 1, [VOC_TOUR], ["副教授"],
     [("voc.tourism", 5, 7), ("tour.guide", 4, 6), ("tour.hospitality", 3, 5)],
     ["tour.ice_snow"]),
    ("culinary_teacher", TEAM_VOC, 1, [VOC_TOUR], ["骨干教师"],
     [("voc.culinary", 5, 7), ("voc.skills_contest", 3, 5)],
     ["tour.hospitality"]),
    ("ecommerce_teacher", TEAM_VOC, 1, [VOC_AGRI], ["骨干教师"],
     [("voc.ecommerce", 5, 7), ("ind.ecommerce", 3, 5)],
     ["voc.agri"]),
    ("voc_manager", TEAM_VOC, 1, [VOC_HLJ], ["教授"],
     [("voc.management", 5, 7), ("voc.curriculum", 5, 7), ("voc.school_enterprise", 4, 6),
      ("voc.dual_teacher", 4, 6)],
     ["voc.skills_contest", "edu.teacher_training"]),
]  # fmt: skip

# Tenures, 4 to 12 months as in the seed; teachers mostly stay a school year or two terms.
MONTHS = {
    TEAM_MED: [4, 6, 6, 8, 10, 12, 12],
    TEAM_EDU: [6, 10, 12, 12],
    TEAM_VOC: [6, 10, 12, 12],
    TEAM_TOUR: [4, 6, 8, 12],
    TEAM_IND: [6, 8, 12, 12],
}

# --- Posts ----------------------------------------------------------------------------------------------------------

HEALTH = "富蕴县卫生健康委员会"
EDUCATION = "富蕴县教育局"
TOURISM = "富蕴县文化体育广播电视和旅游局"
PARK = "富蕴县工业园区"

HOSPITAL = "富蕴县人民医院"
CDC = "富蕴县疾病预防控制中心"
HIGH_SCHOOL = "富蕴县高级中学"
VOC_SCHOOL = "可可托海职业技术学校"
TEACHER_CENTRE = "富蕴县教师发展中心"
TOURISM_OFFICE = "县文旅局机关"
KOKTOKAY_SCENIC = "可可托海景区"
PARK_COMMITTEE = "工业园区管理委员会"
PARK_SERVICE = "园区企业服务中心"

# Township health centres: (post id stem, unit, region).
TOWNSHIPS = [
    ("klblg", "喀拉布勒根乡卫生院", "喀拉布勒根乡"),
    ("tuerhong", "吐尔洪乡卫生院", "吐尔洪乡"),
    ("dure", "杜热镇卫生院", "杜热镇"),
    ("kktuohai", "可可托海镇卫生院", "可可托海镇"),
    ("kuerte", "库尔特乡卫生院", "库尔特乡"),
]


def req(skill: str, importance: int, min_level: int, essential: bool = False) -> dict:
    """One requirement of a post."""
    r = {"skill": skill, "importance": importance, "min_level": min_level}
    if essential:
        r["essential"] = True
    return r


def posts() -> list[dict]:
    """Every post, department by department (the ids: unit code, subject, detail)."""
    out: list[dict] = []

    def post(pid, department, unit, slots, priority, requires, *, min_fill=0, min_months=None, region=None):
        p = {"id": pid, "department": department, "unit": unit}
        if region is not None:
            p["region"] = region
        p["slots"] = slots
        if min_fill:
            p["min_fill"] = min_fill
        if min_months is not None:
            p["min_months"] = min_months
        p["priority"] = priority
        p["requires"] = requires
        out.append(p)

    # fmt: off
    # The county people's hospital: the key disciplines of the seed (urology, haemodialysis, critical maternal care,
    # intensive care) and the departments around them.
    h = (HEALTH, HOSPITAL)
    post("rmyy.urology.pcnl", *h, 2, 5,
         [req("med.urology.pcnl", 5, 5, True), req("med.urology.ureteroscopy", 4, 4), req("med.urology", 3, 5)],
         min_months=6)
    post("rmyy.urology.lead", *h, 1, 4,
         [req("med.urology", 5, 6, True), req("med.urology.oncology", 3, 5), req("med.urology.laparoscopy", 3, 5),
          req("med.management", 2, 3)], min_months=10)
    post("rmyy.dialysis", *h, 2, 5,
         [req("med.nephrology.dialysis", 5, 5, True), req("med.nephrology.vascular_access", 4, 4),
          req("med.nephrology", 3, 5)], min_fill=1)
    post("rmyy.dialysis.nursing", *h, 1, 3,
         [req("med.nursing.dialysis", 5, 5), req("med.nursing.management", 3, 4), req("med.infection_control", 2, 3)])
    post("rmyy.maternal.critical", *h, 2, 5,
         [req("med.obstetrics.critical", 5, 5, True), req("med.obstetrics.hemorrhage", 4, 5),
          req("med.obstetrics.hypertension", 3, 4), req("med.icu", 2, 3)], min_fill=1, min_months=6)
    post("rmyy.maternal.anesthesia", *h, 1, 4,
         [req("med.anesthesia.obstetric", 5, 5, True), req("med.anesthesia", 3, 5), req("med.icu", 2, 3)])
    post("rmyy.maternal.neonatal", *h, 1, 4,
         [req("med.neonatology.resuscitation", 5, 5), req("med.neonatology", 4, 5), req("med.pediatrics", 2, 4)])
    post("rmyy.icu", *h, 2, 5,
         [req("med.icu", 5, 5, True), req("med.icu.ventilation", 4, 5), req("med.icu.sepsis", 3, 4),
          req("med.icu.hemodynamics", 3, 4)], min_fill=1, min_months=6)
    post("rmyy.icu.nursing", *h, 1, 3, [req("med.nursing.icu", 5, 5), req("med.nursing.management", 2, 3)])
    post("rmyy.emergency", *h, 1, 4,
         [req("med.emergency", 5, 5), req("med.emergency.trauma", 4, 4), req("med.emergency.prehospital", 3, 4)])
    post("rmyy.imaging.ct", *h, 1, 3, [req("med.imaging.ct", 5, 5), req("med.imaging.mri", 3, 4),
                                        req("med.telemedicine", 2, 3)])
    post("rmyy.imaging.ultrasound", *h, 1, 3,
         [req("med.imaging.ultrasound", 5, 5), req("med.obstetrics.ultrasound", 3, 4)])
    post("rmyy.imaging.interventional", *h, 1, 3,
         [req("med.imaging.interventional", 5, 5, True), req("med.imaging", 3, 4)], min_months=12)
    post("rmyy.digestive.endoscopy", *h, 1, 3,
         [req("med.internal.endoscopy", 5, 5), req("med.internal.digestive", 3, 5)])
    post("rmyy.cardiology.chest_pain", *h, 1, 4,
         [req("med.internal.chest_pain", 5, 5), req("med.internal.cardiology", 4, 5), req("med.emergency", 2, 3)])
    post("rmyy.surgery.echinococcosis", *h, 1, 4,
         [req("med.public_health.echinococcosis", 5, 5, True), req("med.surgery.hepatobiliary", 4, 5)], min_months=6)
    post("rmyy.management.accreditation", *h, 1, 3,
         [req("med.management.accreditation", 5, 5), req("med.management.quality", 4, 4),
          req("med.infection_control", 2, 3)], min_months=10)
    post("rmyy.infection_control", *h, 1, 2,
         [req("med.infection_control", 5, 5), req("med.lab.microbiology", 3, 4)])
    post("rmyy.ethnic_medicine", *h, 1, 2, [req("med.ethnic.kazakh", 5, 4, True), req("med.tcm", 2, 3)])
    post("rmyy.pediatrics", *h, 1, 3, [req("med.pediatrics", 5, 5), req("med.neonatology", 2, 3)])

    # Township health centres: general practice, outreach clinics, traditional medicine.
    for stem, unit, region in TOWNSHIPS:
        post(f"{stem}.gp", HEALTH, unit, 1, 3,
             [req("med.gp", 5, 5), req("med.gp.chronic", 4, 4), req("med.gp.outreach", 3, 4),
              req("med.public_health.brucellosis", 2, 3)], region=region)
    post("klblg.tcm", HEALTH, "喀拉布勒根乡卫生院", 1, 2,
         [req("med.tcm.appropriate", 5, 5), req("med.tcm.acupuncture", 3, 4)], region="喀拉布勒根乡")

    # The disease control centre.
    post("jkzx.echinococcosis", HEALTH, CDC, 1, 4,
         [req("med.public_health.echinococcosis", 5, 5, True), req("med.public_health", 3, 4)], min_months=8)
    post("jkzx.immunization", HEALTH, CDC, 1, 2,
         [req("med.public_health.immunization", 5, 5), req("med.public_health", 3, 4)])

    # The senior high school.
    e = (EDUCATION, HIGH_SCHOOL)
    post("gaozhong.math", *e, 2, 4,
         [req("edu.math", 5, 5, True), req("edu.gaokao", 4, 4), req("edu.pedagogy.inquiry", 3, 4)], min_months=10)
    post("gaozhong.physics", *e, 1, 4,
         [req("edu.physics", 5, 5, True), req("edu.pedagogy.multimedia", 3, 4), req("edu.gaokao", 3, 4)], min_months=10)
    post("gaozhong.chemistry", *e, 1, 3, [req("edu.chemistry", 5, 5, True), req("edu.pedagogy.inquiry", 3, 4)],
         min_months=6)
    post("gaozhong.biology", *e, 1, 3, [req("edu.biology", 5, 5, True), req("edu.pedagogy.demonstration", 2, 3)],
         min_months=6)
    post("gaozhong.chinese", *e, 1, 4,
         [req("edu.chinese", 5, 5, True), req("edu.language", 4, 4), req("edu.pedagogy.demonstration", 2, 3)],
         min_months=6)
    post("gaozhong.english", *e, 1, 3, [req("edu.english", 5, 5, True), req("edu.gaokao", 3, 4)], min_months=6)
    post("gaozhong.politics", *e, 1, 2, [req("edu.politics", 5, 5, True), req("edu.history", 2, 3)], min_months=10)
    post("gaozhong.geography", *e, 1, 2, [req("edu.geography", 5, 4), req("edu.pedagogy", 2, 3)])
    post("gaozhong.it", *e, 1, 2, [req("edu.it", 5, 5), req("edu.pedagogy.multimedia", 3, 4)])
    post("gaozhong.psychology", *e, 1, 3, [req("edu.psychology", 5, 5), req("edu.management.moral", 2, 3)])
    post("gaozhong.management", *e, 1, 4,
         [req("edu.management", 5, 5), req("edu.management.curriculum", 4, 4), req("edu.gaokao", 2, 3),
          req("edu.management.boarding", 2, 3)], min_months=12)
    post("jiaoshi.research", EDUCATION, TEACHER_CENTRE, 1, 3,
         [req("edu.research", 5, 5), req("edu.teacher_training", 4, 4), req("edu.pedagogy.demonstration", 2, 3)])

    # The Koktokay vocational and technical school.
    v = (EDUCATION, VOC_SCHOOL)
    post("kkth.welding", *v, 2, 3, [req("voc.welding", 5, 5, True), req("voc.welding.pipe", 3, 4),
                                    req("voc.skills_contest", 2, 3)])
    post("kkth.electrical", *v, 1, 3, [req("voc.electrical", 5, 5), req("voc.plc", 3, 4)])
    post("kkth.plc", *v, 1, 3, [req("voc.plc", 5, 5), req("voc.electrical", 3, 4), req("voc.skills_contest", 2, 3)])
    post("kkth.auto", *v, 1, 2, [req("voc.auto", 5, 5), req("voc.auto.new_energy", 3, 4)])
    post("kkth.gem", *v, 1, 3, [req("voc.gem", 5, 5, True), req("ind.geology", 2, 3)])
    post("kkth.mining", *v, 1, 3, [req("voc.mining", 5, 5), req("ind.mining.safety", 4, 4)])
    post("kkth.new_energy", *v, 1, 2, [req("voc.new_energy", 5, 5), req("voc.electrical", 2, 3)])
    post("kkth.nursing", *v, 1, 2, [req("voc.nursing", 5, 5), req("med.nursing", 3, 4)])
    post("kkth.tourism", *v, 1, 2, [req("voc.tourism", 5, 5), req("tour.guide", 3, 4)])
    post("kkth.culinary", *v, 1, 2, [req("voc.culinary", 5, 5)])
    post("kkth.ecommerce", *v, 1, 2, [req("voc.ecommerce", 5, 5), req("ind.ecommerce", 2, 3)])
    post("kkth.livestock", *v, 1, 2, [req("voc.livestock", 5, 5, True), req("voc.agri", 3, 4)])
    post("kkth.management", *v, 1, 4,
         [req("voc.management", 5, 5), req("voc.curriculum", 4, 5), req("voc.school_enterprise", 3, 4),
          req("voc.dual_teacher", 3, 4)], min_months=12)

    # The culture and tourism bureau.
    post("wenlv.planning", TOURISM, TOURISM_OFFICE, 1, 3,
         [req("tour.planning", 5, 5), req("tour.scenic.rating", 3, 4), req("tour.heritage", 2, 3)])
    post("wenlv.marketing", TOURISM, TOURISM_OFFICE, 1, 3,
         [req("tour.marketing.digital", 5, 5), req("tour.marketing", 4, 4), req("tour.events", 2, 3)])
    post("wenlv.ice_snow", TOURISM, KOKTOKAY_SCENIC, 1, 4,
         [req("tour.ice_snow.ski", 5, 5, True), req("tour.ice_snow", 4, 5), req("tour.scenic", 3, 4)], min_months=6)
    post("wenlv.ice_snow.events", TOURISM, KOKTOKAY_SCENIC, 1, 2,
         [req("tour.ice_snow", 5, 5), req("tour.events", 4, 4)])
    post("wenlv.heritage.pit3", TOURISM, KOKTOKAY_SCENIC, 1, 3,
         [req("tour.heritage.industrial", 5, 5), req("tour.museum", 4, 4), req("tour.geopark", 3, 4)])
    post("wenlv.hospitality", TOURISM, TOURISM_OFFICE, 1, 2,
         [req("tour.hospitality", 5, 5), req("tour.guide", 2, 3)])

    # The industrial park.
    post("yuanqu.planning", PARK, PARK_COMMITTEE, 1, 4,
         [req("ind.planning", 5, 5), req("ind.digital", 3, 4), req("ind.project", 2, 3)], min_months=8)
    post("yuanqu.investment", PARK, PARK_COMMITTEE, 1, 4,
         [req("ind.investment", 5, 5), req("ind.agri_processing", 3, 4), req("ind.logistics", 2, 3)])
    post("yuanqu.mining_safety", PARK, PARK_SERVICE, 1, 4,
         [req("ind.mining.safety", 5, 5, True), req("ind.mining", 4, 5), req("ind.safety", 3, 4)])
    post("yuanqu.metallurgy", PARK, PARK_SERVICE, 1, 3,
         [req("ind.metallurgy", 5, 5), req("ind.energy_saving", 3, 4), req("ind.environment", 2, 3)])
    post("yuanqu.new_energy", PARK, PARK_SERVICE, 1, 3,
         [req("ind.new_energy", 5, 5), req("ind.project", 3, 4)])
    post("yuanqu.environment", PARK, PARK_COMMITTEE, 1, 3,
         [req("ind.environment", 5, 5), req("ind.water", 3, 4)])
    post("yuanqu.water", PARK, PARK_COMMITTEE, 1, 3, [req("ind.water", 5, 5, True), req("ind.environment", 3, 4)])
    post("yuanqu.ecommerce", PARK, PARK_SERVICE, 1, 2,
         [req("ind.ecommerce", 5, 5), req("ind.agri_processing", 3, 4), req("ind.logistics", 2, 3)])
    # fmt: on
    return out


# --- Local staff and hosts ------------------------------------------------------------------------------------------

# (unit, id stem, how many, goal skills to draw from). 62 in all, the number of "业务骨干" mentored in the seed.
STAFF_GROUPS = [
    (HOSPITAL, "rmyy", 22,
     ["med.urology.pcnl", "med.urology.ureteroscopy", "med.nephrology.dialysis", "med.nephrology.vascular_access",
      "med.nursing.dialysis", "med.obstetrics.critical", "med.obstetrics.hemorrhage", "med.icu",
      "med.icu.ventilation", "med.nursing.icu", "med.emergency.trauma", "med.imaging.ct", "med.imaging.ultrasound",
      "med.internal.endoscopy", "med.internal.chest_pain", "med.anesthesia.obstetric",
      "med.neonatology.resuscitation", "med.management.quality", "med.infection_control"]),
    ("喀拉布勒根乡卫生院", "klblg", 3, ["med.gp", "med.gp.chronic", "med.tcm.appropriate", "med.gp.outreach"]),
    ("吐尔洪乡卫生院", "tuerhong", 2, ["med.gp", "med.gp.chronic", "med.public_health"]),
    ("杜热镇卫生院", "dure", 2, ["med.gp", "med.gp.outreach", "med.tcm.acupuncture"]),
    (CDC, "jkzx", 2, ["med.public_health", "med.public_health.immunization", "med.public_health.brucellosis"]),
    (HIGH_SCHOOL, "gaozhong", 12,
     ["edu.math", "edu.physics", "edu.chemistry", "edu.biology", "edu.chinese", "edu.english", "edu.gaokao",
      "edu.pedagogy.inquiry", "edu.pedagogy.multimedia", "edu.pedagogy.demonstration", "edu.management",
      "edu.management.moral", "edu.psychology"]),
    (TEACHER_CENTRE, "jiaoshi", 1, ["edu.research", "edu.teacher_training"]),
    (VOC_SCHOOL, "kkth", 10,
     ["voc.welding", "voc.electrical", "voc.plc", "voc.auto", "voc.gem", "voc.mining", "voc.new_energy",
      "voc.tourism", "voc.culinary", "voc.ecommerce", "voc.curriculum", "voc.dual_teacher", "voc.skills_contest"]),
    (TOURISM_OFFICE, "wenlv", 2, ["tour.planning", "tour.marketing.digital", "tour.hospitality"]),
    (KOKTOKAY_SCENIC, "kkthjq", 2, ["tour.ice_snow.ski", "tour.scenic", "tour.heritage.industrial", "tour.geopark"]),
    (PARK_COMMITTEE, "yuanqu", 2, ["ind.planning", "ind.investment", "ind.environment"]),
    (PARK_SERVICE, "qyfw", 2, ["ind.mining.safety", "ind.metallurgy", "ind.new_energy", "ind.ecommerce"]),
]  # fmt: skip

# Partner hosts: Heilongjiang colleges take the 10 school managers and teachers of the seed's study programme,
# Jiamusi hospitals the 12 doctors sent to train in the key disciplines.
HOSTS = [
    ("h-hnu", HNU, 4, {"edu.management": 6, "edu.research": 6, "edu.teacher_training": 7, "edu.psychology": 6,
                       "edu.math": 6, "edu.physics": 6}),
    ("h-hlju", HLJ_UNI, 3, {"edu.chinese": 6, "edu.english": 6, "edu.history": 6, "edu.language": 6}),
    ("h-hrb-voc", VOC_HRB, 3, {"voc.welding": 6, "voc.electrical": 6, "voc.plc": 6, "voc.curriculum": 6,
                               "voc.dual_teacher": 6, "voc.management": 5}),
    ("h-jmsu1", JMS_UNI1, 6, {"med.urology": 6, "med.urology.pcnl": 6, "med.urology.ureteroscopy": 6,
                              "med.icu": 6, "med.icu.ventilation": 6, "med.nephrology.dialysis": 6,
                              "med.nursing.dialysis": 5}),
    ("h-jms-central", JMS_CENTRAL, 4, {"med.obstetrics.critical": 6, "med.obstetrics.hemorrhage": 6,
                                       "med.imaging.ultrasound": 6, "med.emergency.trauma": 5,
                                       "med.nursing.icu": 5}),
    ("h-jms-mch", "佳木斯市妇幼保健院", 2, {"med.obstetrics.critical": 5, "med.neonatology.resuscitation": 6,
                                            "med.nursing.obstetric": 6}),
]  # fmt: skip


# --- Building the document ------------------------------------------------------------------------------------------


def skills() -> list[dict]:
    out = []
    for sid, name, parents, related in SKILLS:
        s: dict = {"id": sid, "name": name}
        if parents:
            s["parents"] = parents
        if related:
            s["related"] = [{"skill": k, "transfer": t} for k, t in related]
        out.append(s)
    return out


def experts(rng: random.Random) -> list[dict]:
    out = []
    used_names, used_ids = set(), set()
    for archetype, team, count, institutions, titles, core, extras in ARCHETYPES:
        for k in range(count):
            while True:
                surname = rng.choice(SURNAMES)
                given = [rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))]
                name = surname[0] + "".join(c for c, _ in given)
                if name not in used_names and len({c for c, _ in given}) == len(given):
                    break
            used_names.add(name)
            base = surname[1] + "".join(p for _, p in given)
            eid, n = base, 2
            while eid in used_ids:
                eid, n = f"{base}{n}", n + 1
            used_ids.add(eid)
            levels = {s: rng.randint(lo, hi) for s, lo, hi in core}
            for s in rng.sample(extras, min(len(extras), rng.randint(0, 2))):
                levels[s] = rng.randint(2, 4)
            e = {
                "id": eid,
                "name": name,
                "province": "黑龙江省",
                "institution": institutions[k % len(institutions)],
                "title": titles[k % len(titles)],
                "available_months": rng.choice(MONTHS[team]),
            }
            if archetype == "general_practitioner":
                e["capacity"] = 2  # outreach clinics: two township health centres on a rota
            mentor = rng.choice((0, 1, 2, 2, 3, 3, 4))
            if mentor:
                e["mentor_capacity"] = mentor
            e["skills"] = levels
            e["attributes"] = {"synthetic": True, "team": team}
            out.append(e)
    return out


def staff(rng: random.Random) -> list[dict]:
    out = []
    for unit, stem, count, goals in STAFF_GROUPS:
        for k in range(count):
            chosen = rng.sample(goals, rng.choice((1, 1, 2, 2, 3)))
            s: dict = {"id": f"{stem}-{k + 1:02d}", "unit": unit}
            own = {g: rng.randint(1, 3) for g in chosen if rng.random() < 0.6}
            if own:
                s["skills"] = own
            s["goals"] = [
                {"skill": g, "target_level": own.get(g, 1) + rng.randint(2, 3), "importance": rng.randint(2, 5)}
                for g in chosen
            ]
            out.append(s)
    return out


def hosts() -> list[dict]:
    return [{"id": hid, "name": name, "capacity": cap, "offers": offers} for hid, name, cap, offers in HOSTS]


def first(experts_: list[dict], *skill_ids: str) -> str:
    """The id of the expert with the highest level in the first skill (then the next ones), document order on ties."""
    best = max(experts_, key=lambda e: tuple(e["skills"].get(s, 0) for s in skill_ids))
    return best["id"]


def pairs(experts_: list[dict], rng: random.Random) -> list[dict]:
    """Nominations, conflicts of interest and continuity bonuses, on pairs that matter."""
    by_team: dict[str, list[dict]] = {}
    for e in experts_:
        by_team.setdefault(e["attributes"]["team"], []).append(e)
    icu = [e for e in experts_ if "med.icu.ventilation" in e["skills"] and e["available_months"] >= 6]
    urologists = [e for e in experts_ if "med.urology.pcnl" in e["skills"]]
    obstetricians = [e for e in experts_ if "med.obstetrics.critical" in e["skills"]]
    gps = [e for e in experts_ if "med.gp" in e["skills"] and "med.gp.chronic" in e["skills"]]
    out = [
        # The county's nominations (the county asked for these experts by name).
        {"expert": first(icu, "med.icu", "med.icu.ventilation"), "post": "rmyy.icu", "rule": "require"},
        {"expert": first(by_team[TEAM_VOC], "voc.management"), "post": "kkth.management", "rule": "require"},
        {"expert": first(by_team[TEAM_TOUR], "tour.planning"), "post": "wenlv.planning", "rule": "require"},
        # Conflicts of interest: a relative on the staff, a supplier of the unit.
        {"expert": first(urologists, "med.urology.pcnl"), "post": "rmyy.urology.lead", "rule": "forbid"},
        {
            "expert": first(obstetricians, "med.obstetrics.critical"),
            "post": "rmyy.maternal.anesthesia",
            "rule": "forbid",
        },
        {"expert": first(by_team[TEAM_IND], "ind.mining.safety"), "post": "yuanqu.mining_safety", "rule": "forbid"},
        {"expert": first(by_team[TEAM_EDU], "edu.math"), "post": "jiaoshi.research", "rule": "forbid"},
    ]
    # Continuity: experts on a second tour (二次援疆) who know a unit already.
    for e, post in (
        (rng.choice(gps), "klblg.gp"),
        (rng.choice(obstetricians), "rmyy.maternal.critical"),
        (rng.choice(by_team[TEAM_VOC][:2]), "kkth.welding"),
    ):
        out.append({"expert": e["id"], "post": post, "rule": "bonus", "value": 0.5})
    return out


def constraints(experts_: list[dict]) -> list[dict]:
    """Department and unit quotas (posts), team and per-institution quotas (experts): each side nests."""
    out = [
        {"name": "卫健委至少安排22人", "side": "posts", "where": {"department": HEALTH}, "min": 22},
        {
            "name": "县人民医院至多18人(周转房)",
            "side": "posts",
            "where": {"department": HEALTH, "unit": HOSPITAL},
            "max": 18,
        },
        {"name": "教育局至少安排22人", "side": "posts", "where": {"department": EDUCATION}, "min": 22},
        {
            "name": "可可托海职业技术学校至少10人",
            "side": "posts",
            "where": {"department": EDUCATION, "unit": VOC_SCHOOL},
            "min": 10,
        },
        {"name": "文旅局至多5人", "side": "posts", "where": {"department": TOURISM}, "max": 5},
        {"name": "工业园区至多6人", "side": "posts", "where": {"department": PARK}, "max": 6},
        {"name": "职教组团至少到岗11人", "side": "experts", "where": {"team": TEAM_VOC}, "min": 11},
    ]
    counts: dict[str, int] = {}
    for e in experts_:
        counts[e["institution"]] = counts.get(e["institution"], 0) + 1
    for inst, n in counts.items():
        if n >= 5:
            out.append({"name": f"{inst}至多派驻4人", "side": "experts", "where": {"institution": inst}, "max": 4})
    return out


def document() -> dict:
    rng = random.Random(SEED)
    experts_ = experts(rng)
    return {
        "format": "talentmatch/1",
        "skills": skills(),
        "experts": experts_,
        "posts": posts(),
        "staff": staff(rng),
        "hosts": hosts(),
        "pairs": pairs(experts_, rng),
        "constraints": constraints(experts_),
        "settings": {
            "min_score": 0.4,
            "essential_hard": True,
            "seed": SEED,
            "weights": {"fit": 1.0, "bonus": 1.0},
            "mentoring": {"margin": 1},
        },
    }


def dumps(doc: dict) -> str:
    """The document as JSON text, one skill, expert, post, ... per line (readable, and small diffs)."""

    def one(x) -> str:
        return json.dumps(x, ensure_ascii=False, separators=(", ", ": "))

    lines = ["{"]
    keys = list(doc)
    for k, key in enumerate(keys):
        value = doc[key]
        end = "," if k + 1 < len(keys) else ""
        if isinstance(value, list):
            lines.append(f"  {one(key)}: [")
            lines += [f"    {one(item)}{',' if i + 1 < len(value) else ''}" for i, item in enumerate(value)]
            lines.append(f"  ]{end}")
        else:
            lines.append(f"  {one(key)}: {one(value)}{end}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", "-o", type=Path, default=DEFAULT_OUTPUT, help="where to write the document")
    args = parser.parse_args(argv)
    text = dumps(document())
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # Whole or not at all: a temporary file in the same folder, then an atomic rename.
    fd, tmp = tempfile.mkstemp(dir=args.output.parent, prefix=f".{args.output.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, args.output)
    except BaseException:
        os.unlink(tmp)
        raise


if __name__ == "__main__":
    main()
