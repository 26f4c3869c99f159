"""Building blocks of the synthetic corpus: value pools and sentence templates.

Everything here was written for the benchmark (nothing is copied from scraped pages). It
mirrors the *structures* that scraped MSC-trial pages show: study facts (conditions, cell
sources, donors, routes, doses in many notations, counts, adverse events, registry ids) and
the portal text around them (live feeds, index metadata, navigation, related-paper lists,
citation widgets). How the pieces are put together into a page is in ``generate_corpus.py``.
"""

from __future__ import annotations

# condition: English name, abbreviation, German, French, Chinese, mouse/rat model wording
CONDITIONS = [
    ("lupus nephritis", "LN", "Lupusnephritis", "néphrite lupique", "狼疮性肾炎", "MRL/lpr mice"),
    ("systemic lupus erythematosus", "SLE", "systemischem Lupus erythematodes",
     "lupus érythémateux systémique", "系统性红斑狼疮", "NZB/W F1 mice"),
    ("systemic sclerosis", "SSc", "systemischer Sklerose", "sclérodermie systémique", "系统性硬化症",
     "bleomycin-treated mice"),
    ("rheumatoid arthritis", "RA", "rheumatoider Arthritis", "polyarthrite rhumatoïde", "类风湿关节炎",
     "mice with collagen-induced arthritis"),
    ("Crohn's disease", "CD", "Morbus Crohn", "maladie de Crohn", "克罗恩病",
     "mice with TNBS-induced colitis"),
    ("ulcerative colitis", "UC", "Colitis ulcerosa", "rectocolite hémorragique", "溃疡性结肠炎",
     "mice with DSS-induced colitis"),
    ("type 1 diabetes", "T1D", "Typ-1-Diabetes", "diabète de type 1", "1型糖尿病", "NOD mice"),
    ("type 2 diabetes", "T2DM", "Typ-2-Diabetes", "diabète de type 2", "2型糖尿病",
     "rats with streptozotocin-induced diabetes"),
    ("knee osteoarthritis", "KOA", "Gonarthrose", "gonarthrose", "膝骨关节炎",
     "rats with monoiodoacetate-induced osteoarthritis"),
    ("multiple sclerosis", "MS", "Multipler Sklerose", "sclérose en plaques", "多发性硬化",
     "mice with experimental autoimmune encephalomyelitis"),
    ("amyotrophic lateral sclerosis", "ALS", "amyotropher Lateralsklerose",
     "sclérose latérale amyotrophique", "肌萎缩侧索硬化", "SOD1 transgenic mice"),
    ("acute graft-versus-host disease", "aGVHD", "akuter Graft-versus-Host-Erkrankung",
     "maladie aiguë du greffon contre l'hôte", "急性移植物抗宿主病", "mice with xenogeneic GVHD"),
    ("acute respiratory distress syndrome", "ARDS", "akutem Lungenversagen",
     "syndrome de détresse respiratoire aiguë", "急性呼吸窘迫综合征",
     "mice with LPS-induced lung injury"),
    ("heart failure", "HF", "Herzinsuffizienz", "insuffisance cardiaque", "心力衰竭",
     "rats after coronary ligation"),
    ("liver cirrhosis", "LC", "Leberzirrhose", "cirrhose hépatique", "肝硬化",
     "rats with CCl4-induced liver fibrosis"),
    ("spinal cord injury", "SCI", "Rückenmarksverletzung", "lésion de la moelle épinière", "脊髓损伤",
     "rats with contusion spinal cord injury"),
    ("critical limb ischemia", "CLI", "kritischer Extremitätenischämie", "ischémie critique des membres",
     "严重肢体缺血", "mice with hindlimb ischemia"),
    ("bronchopulmonary dysplasia", "BPD", "bronchopulmonaler Dysplasie", "dysplasie bronchopulmonaire",
     "支气管肺发育不良", "neonatal mice exposed to hyperoxia"),
    ("psoriasis", "PsO", "Psoriasis", "psoriasis", "银屑病", "mice with imiquimod-induced psoriasis"),
    ("recessive dystrophic epidermolysis bullosa", "RDEB", "rezessiver dystropher Epidermolysis bullosa",
     "épidermolyse bulleuse dystrophique récessive", "隐性营养不良型大疱性表皮松解症",
     "Col7a1-hypomorphic mice"),
    ("ischemic stroke", "IS", "ischämischem Schlaganfall", "accident vasculaire cérébral ischémique",
     "缺血性脑卒中", "rats after middle cerebral artery occlusion"),
    ("perianal fistula", "PF", "Analfistel", "fistule anale", "肛瘘", "rats with induced anal fistulas"),
    ("COVID-19", "COVID-19", "COVID-19", "COVID-19", "新型冠状病毒肺炎", "hamsters infected with SARS-CoV-2"),
]

# cell source: (English adjective phrase, short cell name, German, French, Chinese)
SOURCES = [
    ("bone marrow-derived", "BM-MSCs", "aus dem Knochenmark gewonnene", "issues de la moelle osseuse", "骨髓来源"),
    ("adipose tissue-derived", "AD-MSCs", "aus Fettgewebe gewonnene", "issues du tissu adipeux", "脂肪来源"),
    ("umbilical cord-derived", "UC-MSCs", "aus der Nabelschnur gewonnene", "issues du cordon ombilical", "脐带来源"),
    ("umbilical cord blood-derived", "UCB-MSCs", "aus Nabelschnurblut gewonnene",
     "issues du sang de cordon", "脐血来源"),
    ("placenta-derived", "PD-MSCs", "aus der Plazenta gewonnene", "issues du placenta", "胎盘来源"),
    ("dental pulp-derived", "DPSCs", "aus der Zahnpulpa gewonnene", "issues de la pulpe dentaire", "牙髓来源"),
    ("menstrual blood-derived", "MenSCs", "aus Menstruationsblut gewonnene", "issues du sang menstruel", "经血来源"),
    ("Wharton's jelly-derived", "WJ-MSCs", "aus Wharton-Sulze gewonnene", "issues de la gelée de Wharton", "华通胶来源"),
]

# donor: English, German stem, French, Chinese
DONORS = [
    ("allogeneic", "allogen", "allogéniques", "同种异体"),
    ("autologous", "autolog", "autologues", "自体"),
]

# route: (English phrase for humans, for animals, German, French, Chinese)
ROUTES = [
    ("intravenous infusion", "tail vein injection", "intravenöse Gabe", "perfusion intraveineuse", "静脉输注"),
    ("intrathecal injection", "intrathecal injection", "intrathekale Gabe", "injection intrathécale", "鞘内注射"),
    ("intra-articular injection", "intra-articular injection", "intraartikuläre Injektion",
     "injection intra-articulaire", "关节腔内注射"),
    ("intramyocardial injection", "intramyocardial injection", "intramyokardiale Injektion",
     "injection intramyocardique", "心肌内注射"),
    ("intra-arterial infusion", "intra-arterial injection", "intraarterielle Gabe",
     "perfusion intra-artérielle", "动脉内输注"),
    ("local injection", "local injection", "lokale Injektion", "injection locale", "局部注射"),
    ("subcutaneous injection", "subcutaneous injection", "subkutane Injektion", "injection sous-cutanée", "皮下注射"),
    ("intravenous infusion", "intraperitoneal injection", "intravenöse Infusion",
     "perfusion intraveineuse", "静脉输注"),
]

PHASES = ["phase I", "phase 1", "phase I/II", "phase 1/2", "phase II", "phase 2", "phase I/IIa",
          "phase 2a", "phase III", "phase 1b"]
DESIGNS = [["randomized", "double-blind", "placebo-controlled"], ["open-label", "single-arm"],
           ["non-randomized", "open-label", "dose-escalation"], ["randomized", "controlled", "multicenter"],
           ["single-center", "open-label"], ["randomized", "open-label", "parallel-group"]]
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen", 16: "sixteen",
                18: "eighteen", 20: "twenty", 24: "twenty-four", 30: "thirty", 40: "forty", 60: "sixty"}
ADVERSE_EVENTS = ["fever", "headache", "diarrhea", "nausea", "transient rash", "arthralgia", "fatigue",
                  "flushing", "dizziness", "vomiting", "chills", "injection-site pain", "hypertension",
                  "upper respiratory tract infection", "pruritus", "back pain"]
ADVERSE_EVENTS_ZH = {"fever": "发热", "headache": "头痛", "diarrhea": "腹泻", "nausea": "恶心",
                     "transient rash": "一过性皮疹", "arthralgia": "关节痛", "fatigue": "乏力",
                     "flushing": "潮红", "dizziness": "头晕", "vomiting": "呕吐", "chills": "寒战",
                     "injection-site pain": "注射部位疼痛", "hypertension": "高血压",
                     "upper respiratory tract infection": "上呼吸道感染", "pruritus": "瘙痒",
                     "back pain": "背痛"}
OUTCOMES = ["the disease activity score", "the six-minute walk distance", "C-peptide levels",
            "proteinuria", "the pain score on a visual analogue scale", "quality of life",
            "the forced vital capacity", "the left ventricular ejection fraction",
            "the fistula closure rate", "the modified Rodnan skin score", "HbA1c", "serum creatinine"]
FOLLOW_UPS = ["28 days", "3 months", "6 months", "12 months", "24 weeks", "1 year", "two years",
              "48 weeks", "18 months"]

SURNAMES = ["Wang", "Li", "Zhang", "Chen", "Liu", "Kim", "Park", "Lee", "Nguyen", "Müller", "Schmidt",
            "Dubois", "Martin", "Rossi", "García", "Smith", "Jones", "Tanaka", "Sato", "Ahmadi",
            "Hosseini", "Rezaei", "Kumar", "Singh", "Silva", "Costa", "Novak", "Larsen", "Okafor", "Cohen"]
GIVEN = ["Wei", "Jing", "Min", "Hyun", "Ji-woo", "Anna", "Lukas", "Claire", "Marco", "Lucía", "David",
         "Sarah", "Kenji", "Yuki", "Reza", "Maryam", "Arjun", "Priya", "Ana", "Pedro", "Jan", "Freja",
         "Chinedu", "Noa", "Hao", "Xin", "Tomás", "Elena", "Omid", "Sofia"]
CITIES = ["Nanjing, China", "Seoul, Republic of Korea", "Tehran, Iran", "Mashhad, Iran", "Paris, France",
          "Dresden, Germany", "Milan, Italy", "Madrid, Spain", "São Paulo, Brazil", "Bangalore, India",
          "Osaka, Japan", "Boston, MA, USA", "Leiden, The Netherlands", "Guangzhou, China"]
DEPARTMENTS = ["Department of Rheumatology", "Department of Internal Medicine", "Stem Cell Center",
               "Department of Gastroenterology", "Department of Neurology", "Cell Therapy Unit",
               "Department of Endocrinology", "Department of Cardiology", "Institute of Regenerative Medicine"]
JOURNALS = [("Stem Cell Research & Therapy", "Stem Cell Res Ther", "BMC"),
            ("Cytotherapy", "Cytotherapy", "Elsevier"),
            ("Stem Cells Translational Medicine", "Stem Cells Transl Med", "Oxford University Press"),
            ("Frontiers in Immunology", "Front Immunol", "Frontiers"),
            ("Journal of Translational Medicine", "J Transl Med", "BMC"),
            ("Lupus", "Lupus", "SAGE"),
            ("Cell Transplantation", "Cell Transplant", "SAGE"),
            ("Annals of the Rheumatic Diseases", "Ann Rheum Dis", "BMJ"),
            ("Zeitschrift für Gastroenterologie", "Z Gastroenterol", "Thieme"),
            ("World Journal of Stem Cells", "World J Stem Cells", "Baishideng"),
            ("Advanced Pharmaceutical Bulletin", "Adv Pharm Bull", "TBZMED"),
            ("Molecular Medicine Reports", "Mol Med Rep", "Spandidos")]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]

# --- sentence templates (English study text); {slots} are filled per page -----------------
BACKGROUND = [
    "{Condition} is a chronic disease with limited treatment options, and many patients do not respond to standard therapy.",
    "Mesenchymal stromal cells (MSCs) have immunomodulatory and regenerative properties that make them candidates for treating {condition}.",
    "Despite recent advances, a substantial fraction of patients with {condition}{abbr_paren} remains refractory to conventional treatment.",
    "Preclinical studies suggested that MSCs can attenuate tissue injury in models of {condition}.",
    "The safety of {source} MSC administration in {condition} has not been established.",
]
OBJECTIVE = [
    "We aimed to evaluate the safety and feasibility of {donor} {source} MSCs in {subjects_plural} with {condition}.",
    "This study assessed whether {donor} {short} given by {route} improve outcomes in {condition}.",
    "The objective was to determine the maximum tolerated dose of {donor} {short} in {condition}.",
]
METHODS_HUMAN = [
    "We conducted {a_design}, {phase} trial at {n_centres} centre{centres_s} in {city}.",
    "In this {design} {phase} study, {n_enrolled} patients with {condition} were enrolled{registered}.",
    "{Donor} {short} were isolated from {source_noun} of {donor_desc} and expanded under GMP conditions.",
    "Patients received {n_infusions_text} of {dose}.",
    "{arm_sentence}",
    "The primary endpoint was the incidence of adverse events; secondary endpoints included {outcome}.",
    "Patients were followed for {follow_up} after the last infusion.",
]
METHODS_ANIMAL = [
    "{Animal_model} were randomly divided into a control group, a model group and MSC groups (n={n_per_group} per group).",
    "{Short} were isolated from {source_noun} and characterized by flow cytometry before use.",
    "Animals received {dose} by {route}, and {outcome} was assessed after {follow_up}.",
    "Animals in the control group received phosphate-buffered saline by the same route.",
]
RESULTS_HUMAN = [
    "{N_enrolled_cap} patients ({pct_female}% female) with a median age of {age} years completed the study.",
    "{ae_sentence}",
    "Compared with baseline, {outcome} improved significantly at {follow_up} (P = 0.0{p}).",
    "No dose-limiting toxicity was observed at {dose_short}.",
    "One patient withdrew consent before the second infusion.",
]
RESULTS_ANIMAL = [
    "MSC treatment reduced disease severity compared with the model group (P < 0.05).",
    "The effect was dose dependent, with the greatest improvement at {dose_short}.",
    "Labelled cells were detected in the injured tissue for up to 7 days.",
]
CONCLUSION = [
    "{Donor} {short} were safe and well tolerated in {subjects_plural} with {condition}.",
    "These results support larger randomized trials of MSC therapy for {condition}.",
    "A single course of {route} was feasible and may reduce disease activity.",
]

# German and French study text (the page's study text is not English)
DE_SECTIONS = ("Hintergrund", "Methodik", "Ergebnisse", "Schlussfolgerung")
DE_TEXT = [
    "{de_condition} ist durch eine chronische Entzündungsreaktion charakterisiert; einige Patienten sprechen auf die Standardtherapie nicht an.",
    "N={n_enrolled} Patienten mit {de_condition} wurden mit {de_donor}en mesenchymalen Stromazellen ({de_source}) behandelt. Die Zellen wurden als {de_route} verabreicht. Die Menge betrug {dose}.",
    "Bei {n_resp} Patienten kam es nach {weeks} Wochen zu einer Besserung. Als Nebenwirkung trat bei einem Patienten Fieber auf.",
    "Die Gabe {de_donor}er MSC war sicher und gut verträglich.",
]
FR_SECTIONS = ("Contexte", "Méthodes", "Résultats", "Conclusion")
FR_TEXT = [
    "La {fr_condition} reste une maladie grave avec peu d'options thérapeutiques.",
    "Dans cette étude de {phase}, {n_enrolled} patients atteints de {fr_condition} ont reçu des cellules stromales mésenchymateuses {fr_donor} {fr_source} par {fr_route} à la dose de {fr_dose}.",
    "Aucun événement indésirable grave n'a été observé; {n_resp} patients ont présenté une amélioration au bout de {weeks} semaines.",
    "L'administration de CSM {fr_donor} est faisable et bien tolérée.",
]
# Chinese translated copy of the abstract (a second copy of the same study)
ZH_SECTIONS = ("背景", "方法", "结果", "结论")
ZH_TEXT = [
    "{zh_condition}是一种慢性疾病,部分患者对常规治疗反应不佳。间充质基质细胞具有免疫调节作用。",
    "我们进行了一项{zh_phase}期临床研究,共纳入{n_enrolled}例{zh_condition}患者,给予{zh_donor}{zh_source}间充质干细胞{zh_route},剂量为{zh_dose}。",
    "随访{zh_follow}期间,{zh_ae}。{n_resp}例患者病情改善。",
    "{zh_donor}间充质干细胞治疗{zh_condition}安全可行。",
]

# --- portal boilerplate ----------------------------------------------------------------------
ZH_FEED_USERS = ["小王", "学术小白", "星河", "青柠", "木子李", "研究僧", "夏天", "阿杰", "Lily", "K博士",
                 "晨曦", "北海", "老张", "momo", "一只猫"]
ZH_FEED_ACTIONS = ["发布了新的文献求助{n}", "完成签到,获得积分{n}", "上传了新的文献", "应助{u}的求助,获得{n}",
                   "关注了科研通微信公众号"]
ZH_PORTAL_LINES = ["实时播报", "文献互助平台", "最近更新", "热门求助", "下载全文", "相似文献", "引用格式",
                   "免费获取全文", "智能翻译", "求助全文", "分享", "收藏"]
ZH_HOT_BOOKS = ["Handbook of Cellular Therapy", "Principles of Tissue Engineering", "Clinical Immunology Review",
                "Atlas of Histology", "Advances in Regenerative Medicine", "Modern Rheumatology Practice"]
FA_META = ["سال انتشار: {fa_year}", "نوع سند: مقاله ژورنالی", "نوع سند: مقاله کنفرانسی", "زبان: انگلیسی",
           "مشاهده: {views}", "تاریخ نمایه سازی: {day} مهر {fa_year}", "لینک ثابت به این مقاله:",
           "شناسه ملی سند علمی:", "استخراج به نرم افزارهای پژوهشی:", "دانلود مقاله"]
PUBLISHER_NAV = ["Skip to main content", "Sign in", "Download PDF", "Share this article", "Cite this article",
                 "Metrics", "Total Views: {views}", "Total PDF Downloads: {downloads}", "Article in press",
                 "View Affiliations", "Open Access", "Research Article"]
CITATION_WIDGETS = ["Export citation: RIS | BibTeX | EndNote", "被引:{cites}", "被引量:{cites}",
                    "Cited by {cites} articles", "Altmetric score {views}"]
