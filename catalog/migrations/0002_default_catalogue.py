"""Install the default catalogue: every service of DOMAIN.md section 4, its rules and 2026 campaigns.

The data is written out here on purpose (not imported from app code that may change). Values
the seeds give are marked [seed] in DOMAIN.md; every other value (ceilings, shares, ages, dates)
is a default an administrator edits. Re-running is harmless: rows are matched by their codes.
``manage.py open_campaigns --year 2027`` copies the 2026 campaigns to the next year.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import migrations

TZ = ZoneInfo("Africa/Casablanca")
YEAR = 2026

# registry.provinces.AIR_TRANSPORT_PROVINCES at the time of writing (24 codes: Bouarfa is the
# seat of Figuig province).
AIR_TRANSPORT_PROVINCES = [
    "al-hoceima", "oujda-angad", "nador", "driouch", "jerada", "berkane", "taourirt", "guercif",
    "figuig", "errachidia", "ouarzazate", "midelt", "tinghir", "zagora", "tata", "guelmim",
    "assa-zag", "tan-tan", "sidi-ifni", "laayoune", "boujdour", "tarfaya", "es-semara",
    "oued-ed-dahab",
]

ALL_STEPS = ["personal_data", "rib", "beneficiary", "motive", "uploads", "review"]
PAID = ["personal_data", "rib", "beneficiary", "uploads", "review"]
PAID_MEMBER_ONLY = ["personal_data", "rib", "uploads", "review"]
UNPAID = ["personal_data", "beneficiary", "uploads", "review"]

CATEGORIES = [
    ("loans", "Prêts", "القروض", 10),
    ("holidays", "Estivage, colonies et crèche", "الاصطياف والمخيمات ودار الحضانة", 20),
    ("health", "Santé", "الصحة", 30),
    ("schooling", "Scolarité et bourses", "التمدرس والمنح", 40),
    ("transport", "Transport", "النقل", 50),
    ("support", "Soutien social", "الدعم الاجتماعي", 60),
    ("partners", "Conventions et partenaires", "الاتفاقيات والشركاء", 70),
]


def elig(kind, **params):
    return ("eligibility", kind, params, None)


def who(kind, **params):
    return ("beneficiary", kind, params, None)


def pay(kind, motive=None, **params):
    return ("amount", kind, params, motive)


MEMBER_ONLY = who("beneficiary_type_in", types=["member"])
ANYONE = who("beneficiary_type_in", types=["member", "spouse", "child"])
CHILDREN = who("beneficiary_type_in", types=["child"])
ALIVE = elig("member_alive")
OPEN = elig("campaign_open")


def once_a_year(unit_fr="demandes", unit_ar="طلبات", n=1):
    return elig("max_count_per_year_per_beneficiary", max_count=n, unit_fr=unit_fr, unit_ar=unit_ar)


def doc(name_fr, name_ar, help_fr="", help_ar="", types=("pdf", "jpeg", "png"), size=5, combined=False):
    return {
        "name_fr": name_fr,
        "name_ar": name_ar,
        "help_fr": help_fr,
        "help_ar": help_ar,
        "accepted_types": list(types),
        "max_size_mb": size,
        "combined_pdf": combined,
    }


def campaign(key, name_fr, name_ar, opens, closes, invoice_from=None, invoice_to=None):
    return {
        "key": key,
        "name_fr": name_fr,
        "name_ar": name_ar,
        "opens": opens,
        "closes": closes,
        "invoice_from": invoice_from,
        "invoice_to": invoice_to,
    }


def all_year(name_fr, name_ar):
    return [campaign("main", f"{name_fr} {YEAR}", f"{name_ar} {YEAR}", "2026-01-01", "2027-01-01")]


PAYSLIP = doc("Dernier bulletin de paie", "آخر ورقة الأداء")
SCHOOL_CERTIFICATE = doc("Certificat de scolarité de l'année en cours", "شهادة مدرسية للسنة الجارية")


def loan(code, name_fr, name_ar, icon, order, ceiling, months, campaigns):
    return {
        "code": code,
        "category": "loans",
        "name_fr": name_fr,
        "name_ar": name_ar,
        "icon": icon,
        "order": order,
        "pays_money": True,
        "steps": PAID_MEMBER_ONLY,
        "description_fr": f"{name_fr} remboursable par prélèvement sur salaire.",
        "description_ar": f"{name_ar} يسترجع عن طريق الاقتطاع من الأجرة.",
        "conditions_fr": (
            f"Montant plafonné à {ceiling} MAD, remboursable en {months} mensualités au plus, "
            "sans intérêts (valeurs par défaut, modifiables par l'administrateur)."
        ),
        "conditions_ar": (
            f"مبلغ لا يتجاوز {ceiling} درهم، يسترجع على {months} أقساط شهرية على الأكثر، "
            "بدون فوائد (قيم افتراضية قابلة للتعديل من طرف المسؤول)."
        ),
        "documents": [PAYSLIP],
        "rules": [
            ALIVE,
            OPEN,
            MEMBER_ONLY,
            once_a_year(),
            pay("percent_with_ceiling", percent="100", ceiling=ceiling),
        ],
        "campaigns": campaigns,
    }


SERVICES = [
    loan(
        "PRET_SOC", "Prêt social", "القرض الاجتماعي", "loan", 10, "30000.00", 36,
        all_year("Prêt social", "القرض الاجتماعي"),
    ),
    loan(
        "PRET_AID", "Prêt Aïd Al Adha", "قرض عيد الأضحى", "sheep", 20, "5000.00", 10,
        [campaign("main", "Prêt Aïd Al Adha 2026", "قرض عيد الأضحى 2026", "2026-04-01", "2026-05-21")],
    ),
    loan(
        "PRET_RENT", "Prêt rentrée scolaire", "قرض الدخول المدرسي", "school-bag", 30, "5000.00", 10,
        [campaign("main", "Prêt rentrée scolaire 2026", "قرض الدخول المدرسي 2026", "2026-07-15", "2026-10-31")],
    ),
    {
        "code": "RISTOURNE",
        "category": "loans",
        "name_fr": "Ristourne sur prêt au logement",
        "name_ar": "استرجاع فارق سعر الفائدة",
        "icon": "house",
        "order": 40,
        "pays_money": True,
        "steps": PAID_MEMBER_ONLY,
        "description_fr": (
            "Remboursement de la différence entre le taux d'intérêt de la banque et le taux "
            "bonifié sur un prêt au logement."
        ),
        "description_ar": "استرجاع الفرق بين سعر فائدة البنك والسعر المدعم على قرض السكن.",
        "conditions_fr": (
            "La ristourne est plafonnée à 6 000 MAD par an (valeur par défaut). Indiquez le "
            "montant de la différence d'intérêts payée dans l'année."
        ),
        "conditions_ar": (
            "لا يتجاوز مبلغ الاسترجاع 6000 درهم في السنة (قيمة افتراضية). أدخلوا مبلغ فارق "
            "الفوائد المؤداة خلال السنة."
        ),
        "documents": [
            doc("Contrat et tableau d'amortissement du prêt", "عقد القرض وجدول الاستهلاك", size=10),
            doc("Attestation bancaire des intérêts payés dans l'année", "شهادة بنكية بالفوائد المؤداة خلال السنة"),
        ],
        "rules": [
            OPEN,
            MEMBER_ONLY,
            once_a_year(),
            pay("percent_with_ceiling", percent="100", annual_ceiling="6000.00"),
        ],
        "campaigns": all_year("Ristourne", "استرجاع فارق سعر الفائدة"),
    },
    {
        "code": "ESTIVAGE",
        "category": "holidays",
        "name_fr": "Estivage familial",
        "name_ar": "الاصطياف العائلي",
        "icon": "sun",
        "order": 10,
        "pays_money": True,
        "steps": PAID_MEMBER_ONLY,
        "description_fr": (
            "Remboursement d'une partie des frais de séjour de vacances de l'adhérent et de sa "
            "famille, selon la date de la facture : été du 1er juillet au 15 septembre, hors "
            "été du 16 septembre au 30 novembre."
        ),
        "description_ar": (
            "استرجاع جزء من مصاريف عطلة المنخرط وأسرته حسب تاريخ الفاتورة: فترة الصيف من "
            "فاتح يوليوز إلى 15 شتنبر، وخارج الصيف من 16 شتنبر إلى 30 نونبر."
        ),
        "conditions_fr": (
            "50 % de la facture, dans la limite de 3 000 MAD par an (valeurs par défaut). Les "
            "originaux sont à déposer à la Fondation dans les 15 jours."
        ),
        "conditions_ar": (
            "50 في المائة من الفاتورة في حدود 3000 درهم في السنة (قيم افتراضية). تودع الوثائق "
            "الأصلية لدى المؤسسة داخل أجل 15 يوما."
        ),
        "originals_fr": "Facture originale du séjour\nReçu de paiement original",
        "originals_ar": "الفاتورة الأصلية للإقامة\nوصل الأداء الأصلي",
        "originals_deadline_days": 15,
        "documents": [
            doc("Facture du séjour", "فاتورة الإقامة"),
            doc("Reçu de paiement", "وصل الأداء"),
        ],
        "rules": [
            ALIVE,
            OPEN,
            MEMBER_ONLY,
            elig("invoice_date_in_campaign_window"),
            pay("percent_with_ceiling", percent="50", ceiling="3000.00", annual_ceiling="3000.00"),
        ],
        "campaigns": [
            campaign(
                "summer", "Estivage 2026 — été", "الاصطياف 2026 — فترة الصيف",
                "2026-07-01", "2026-10-01", "2026-07-01", "2026-09-15",
            ),
            campaign(
                "off-summer", "Estivage 2026 — hors été", "الاصطياف 2026 — خارج فترة الصيف",
                "2026-09-16", "2026-12-16", "2026-09-16", "2026-11-30",
            ),
        ],
    },
    {
        "code": "Col_E",
        "category": "holidays",
        "name_fr": "Colonies de vacances pour enfants au Maroc",
        "name_ar": "مخيم الأطفال بالمغرب",
        "icon": "tent",
        "order": 20,
        "pays_money": False,
        "steps": UNPAID,
        "description_fr": "Séjours d'été dans les colonies de vacances de la Fondation au Maroc.",
        "description_ar": "مقامات صيفية في مخيمات المؤسسة بالمغرب.",
        "conditions_fr": "Enfants âgés de 8 à 15 ans à l'ouverture des inscriptions (valeurs par défaut).",
        "conditions_ar": "الأطفال البالغون من 8 إلى 15 سنة عند افتتاح التسجيل (قيم افتراضية).",
        "documents": [
            doc("Certificat médical d'aptitude", "شهادة طبية تثبت القدرة"),
            doc("Photo d'identité récente", "صورة شمسية حديثة", types=("jpeg", "png"), size=2),
        ],
        "rules": [
            ALIVE,
            OPEN,
            CHILDREN,
            who("beneficiary_age_between", min_age=8, max_age=15, reference="campaign_opening"),
            once_a_year(),
        ],
        "campaigns": [
            campaign("main", "Colonies 2026", "مخيمات الأطفال 2026", "2026-03-01", "2026-05-01"),
        ],
    },
    {
        "code": "Col_A",
        "category": "holidays",
        "name_fr": "Camp d'adolescents à l'étranger (Grenade, Espagne)",
        "name_ar": "مخيم اليافعين بالخارج (غرناطة، إسبانيا)",
        "icon": "globe",
        "order": 30,
        "pays_money": False,
        "steps": UNPAID,
        "description_fr": "Séjour d'été encadré à Grenade, en Espagne.",
        "description_ar": "مقام صيفي مؤطر بمدينة غرناطة بإسبانيا.",
        "conditions_fr": "Adolescents âgés de 15 à 18 ans à l'ouverture des inscriptions (valeurs par défaut).",
        "conditions_ar": "اليافعون البالغون من 15 إلى 18 سنة عند افتتاح التسجيل (قيم افتراضية).",
        "documents": [
            doc("Passeport en cours de validité", "جواز سفر ساري المفعول"),
            doc("Certificat médical d'aptitude", "شهادة طبية تثبت القدرة"),
            doc("Autorisation parentale légalisée", "إذن الأبوين مصادق عليه"),
        ],
        "rules": [
            ALIVE,
            OPEN,
            CHILDREN,
            who("beneficiary_age_between", min_age=15, max_age=18, reference="campaign_opening"),
            once_a_year(),
        ],
        "campaigns": [
            campaign("main", "Camp de Grenade 2026", "مخيم غرناطة 2026", "2026-03-01", "2026-05-01"),
        ],
    },
    {
        "code": "CRECHE",
        "category": "holidays",
        "name_fr": "Crèche de la Fondation à Agadir",
        "name_ar": "دار الحضانة بأكادير",
        "icon": "baby",
        "order": 40,
        "pays_money": False,
        "steps": UNPAID,
        "description_fr": "Inscription d'un enfant à la crèche de la Fondation à Agadir.",
        "description_ar": "تسجيل طفل بدار الحضانة التابعة للمؤسسة بأكادير.",
        "conditions_fr": "Enfants âgés de 0 à 3 ans (valeurs par défaut), dans la limite des places.",
        "conditions_ar": "الأطفال البالغون من 0 إلى 3 سنوات (قيم افتراضية) في حدود المقاعد المتوفرة.",
        "documents": [doc("Carnet de vaccination", "دفتر التلقيح")],
        "rules": [
            ALIVE,
            OPEN,
            CHILDREN,
            who("beneficiary_age_between", min_age=0, max_age=3),
            once_a_year(),
        ],
        "campaigns": all_year("Crèche d'Agadir", "دار الحضانة بأكادير"),
    },
    {
        "code": "AIDE_SANTE",
        "category": "health",
        "name_fr": "Aide sanitaire exceptionnelle",
        "name_ar": "المساعدة الصحية الاستثنائية",
        "icon": "heart",
        "order": 10,
        "pays_money": True,
        "approval_threshold": "10000.00",
        "steps": ALL_STEPS,
        "description_fr": (
            "Aide pour les frais médicaux restant à la charge de l'adhérent, de son conjoint "
            "ou de ses enfants."
        ),
        "description_ar": "مساعدة لتغطية المصاريف الطبية المتبقية على عاتق المنخرط أو زوجه أو أبنائه.",
        "conditions_fr": (
            "Maladie oncologique (sauf le PET scan, couvert par l'assurance complémentaire), "
            "surcoût de frais médicaux après la couverture de base et complémentaire, ou "
            "traitements non pris en charge par la CNOPS : 50 % du reste à charge dans la "
            "limite de 20 000 MAD par an et par bénéficiaire (valeurs par défaut)."
        ),
        "conditions_ar": (
            "الأمراض السرطانية (باستثناء الفحص بالتصوير المقطعي بالإصدار البوزيتروني الذي "
            "يغطيه التأمين التكميلي)، أو التكاليف الإضافية للمصاريف الطبية بعد التغطية "
            "الأساسية والتكميلية، أو العلاجات غير المتكفل بها من طرف الصندوق الوطني لمنظمات "
            "الاحتياط الاجتماعي: 50 في المائة من المبلغ المتبقي في حدود 20000 درهم في السنة "
            "لكل مستفيد (قيم افتراضية)."
        ),
        "motives": [
            ("oncologie", "Maladie oncologique", "الأمراض السرطانية"),
            ("surcout", "Surcoût de frais médicaux", "التكاليف الإضافية للمصاريف الطبية"),
            (
                "hors-cnops",
                "Traitements médicaux non pris en charge par la CNOPS",
                "العلاجات الطبية غير المتكفل بها من طرف الصندوق الوطني لمنظمات الاحتياط الاجتماعي",
            ),
        ],
        "documents": [
            doc(
                "Dossier médical complet (un seul fichier PDF)",
                "الملف الطبي الكامل (ملف PDF واحد)",
                "Réunissez dans un seul PDF : rapport médical, factures, décomptes de "
                "remboursement de la CNOPS et de l'assurance complémentaire.",
                "اجمعوا في ملف PDF واحد: التقرير الطبي والفواتير وكشوف الاسترجاع الصادرة عن "
                "الصندوق الوطني لمنظمات الاحتياط الاجتماعي والتأمين التكميلي.",
                types=("pdf",),
                size=10,
                combined=True,
            ),
        ],
        "rules": [
            OPEN,
            ANYONE,
            pay("share_of_cost_with_ceiling", share_percent="50", annual_ceiling="20000.00"),
        ],
        "campaigns": all_year("Aide sanitaire exceptionnelle", "المساعدة الصحية الاستثنائية"),
    },
    {
        "code": "HANDICAP",
        "category": "health",
        "name_fr": "Couverture complémentaire des enfants en situation de handicap",
        "name_ar": "التغطية التكميلية للأطفال في وضعية إعاقة",
        "icon": "hands",
        "order": 20,
        "pays_money": True,
        "steps": ALL_STEPS,
        "description_fr": (
            "Prise en charge de prestations non couvertes pour les enfants en situation de "
            "handicap, chaque article dans son plafond annuel."
        ),
        "description_ar": (
            "التكفل بخدمات غير مغطاة لفائدة الأطفال في وضعية إعاقة، كل بند في حدود سقفه السنوي."
        ),
        "conditions_fr": (
            "Plafonds annuels par enfant (valeurs par défaut) : orthophonie 6 000 MAD, imagerie "
            "médicale 4 000 MAD, appareils de maintien en vie 15 000 MAD, appareillage "
            "orthopédique 8 000 MAD, séances neuro-psychomotrices 6 000 MAD, soins de "
            "podologie 2 000 MAD."
        ),
        "conditions_ar": (
            "الأسقف السنوية لكل طفل (قيم افتراضية): تقويم النطق 6000 درهم، التصوير الطبي 4000 "
            "درهم، أجهزة دعم الحياة 15000 درهم، الأجهزة التقويمية 8000 درهم، حصص الترويض "
            "النفسي الحركي 6000 درهم، العناية بالقدمين 2000 درهم."
        ),
        "motives": [
            ("orthophonie", "Orthophonie", "تقويم النطق"),
            ("imagerie", "Imagerie médicale", "التصوير الطبي"),
            ("maintien-vie", "Appareils de maintien en vie", "أجهزة دعم الحياة"),
            ("orthopedie", "Appareillage orthopédique", "الأجهزة التقويمية"),
            ("psychomotricite", "Séances neuro-psychomotrices", "حصص الترويض النفسي الحركي"),
            ("podologie", "Soins de podologie", "العناية بالقدمين"),
        ],
        "documents": [
            doc(
                "Prescription médicale et factures (un seul fichier PDF)",
                "الوصفة الطبية والفواتير (ملف PDF واحد)",
                types=("pdf",),
                size=10,
                combined=True,
            ),
        ],
        "rules": [
            ALIVE,
            OPEN,
            CHILDREN,
            who("child_has_disability"),
            pay("annual_ceiling_per_item", "orthophonie", annual_ceiling="6000.00"),
            pay("annual_ceiling_per_item", "imagerie", annual_ceiling="4000.00"),
            pay("annual_ceiling_per_item", "maintien-vie", annual_ceiling="15000.00"),
            pay("annual_ceiling_per_item", "orthopedie", annual_ceiling="8000.00"),
            pay("annual_ceiling_per_item", "psychomotricite", annual_ceiling="6000.00"),
            pay("annual_ceiling_per_item", "podologie", annual_ceiling="2000.00"),
        ],
        "campaigns": all_year("Couverture complémentaire handicap", "التغطية التكميلية للإعاقة"),
    },
    {
        "code": "COVID_TEST",
        "category": "health",
        "name_fr": "Remboursement des tests de dépistage COVID-19",
        "name_ar": "استرجاع مصاريف تحاليل الكشف عن كوفيد-19",
        "icon": "flask",
        "order": 30,
        "pays_money": True,
        "steps": PAID_MEMBER_ONLY,
        "description_fr": "Remboursement des analyses COVID-19 des adhérents des services extérieurs.",
        "description_ar": "استرجاع مصاريف تحاليل كوفيد-19 لفائدة المنخرطين بالمصالح الخارجية.",
        "conditions_fr": "Remboursement dans la limite de 700 MAD par test (valeur par défaut).",
        "conditions_ar": "الاسترجاع في حدود 700 درهم عن كل تحليلة (قيمة افتراضية).",
        "documents": [
            doc("Facture du laboratoire", "فاتورة المختبر"),
            doc("Résultat de l'analyse", "نتيجة التحليلة"),
        ],
        "rules": [
            ALIVE,
            OPEN,
            MEMBER_ONLY,
            elig("posting_type_in", posting_types=["external"]),
            pay("percent_with_ceiling", percent="100", ceiling="700.00"),
        ],
        "campaigns": all_year("Tests COVID-19", "تحاليل كوفيد-19"),
    },
    {
        "code": "SCOL_DECES",
        "category": "schooling",
        "name_fr": "Soutien scolaire aux enfants des adhérents actifs décédés",
        "name_ar": "دعم تمدرس أبناء المنخرطين النشيطين المتوفين",
        "icon": "book",
        "order": 10,
        "pays_money": True,
        "steps": PAID,
        "description_fr": (
            "Aide mensuelle aux frais de scolarité des enfants des adhérents décédés en "
            "activité depuis 2016, sur 10 mois par an."
        ),
        "description_ar": (
            "مساعدة شهرية لمصاريف تمدرس أبناء المنخرطين المتوفين وهم في حالة نشاط منذ 2016، "
            "على مدى 10 أشهر في السنة."
        ),
        "conditions_fr": (
            "Par mois et par enfant : 1 000 MAD au primaire, 1 250 MAD au collège, 1 500 MAD "
            "au lycée ; uniquement pour les frais de scolarité."
        ),
        "conditions_ar": (
            "شهريا لكل طفل: 1000 درهم بالابتدائي، 1250 درهم بالإعدادي، 1500 درهم بالثانوي؛ "
            "لمصاريف التمدرس فقط."
        ),
        "documents": [SCHOOL_CERTIFICATE],
        "rules": [
            OPEN,
            elig("member_deceased_since", since="2016-01-01"),
            CHILDREN,
            who("child_school_level_in", levels=["primary", "middle", "secondary"]),
            once_a_year(),
            pay(
                "amount_by_school_level",
                amounts={"primary": "1000.00", "middle": "1250.00", "secondary": "1500.00"},
                months=10,
            ),
        ],
        "campaigns": all_year("Soutien scolaire (adhérents décédés)", "دعم التمدرس (المنخرطون المتوفون)"),
    },
    {
        "code": "BOURSE_EXC",
        "category": "schooling",
        "name_fr": "Bourse d'excellence",
        "name_ar": "منحة التميز",
        "icon": "medal",
        "order": 20,
        "pays_money": True,
        "steps": PAID,
        "description_fr": (
            "Bourse annuelle pour les enfants des adhérents qui ont excellé au baccalauréat."
        ),
        "description_ar": "منحة سنوية لأبناء المنخرطين المتفوقين في امتحانات البكالوريا.",
        "conditions_fr": "7 000 MAD par an pendant 5 ans au plus.",
        "conditions_ar": "7000 درهم في السنة لمدة أقصاها 5 سنوات.",
        "documents": [
            doc("Relevé de notes du baccalauréat", "كشف نقط البكالوريا"),
            doc("Attestation d'inscription dans l'enseignement supérieur", "شهادة التسجيل بالتعليم العالي"),
        ],
        "rules": [
            OPEN,
            CHILDREN,
            once_a_year(),
            elig("max_years_per_beneficiary", max_years=5),
            pay("fixed_amount", amount="7000.00"),
        ],
        "campaigns": [
            campaign("main", "Bourse d'excellence 2026", "منحة التميز 2026", "2026-07-01", "2027-01-01"),
        ],
    },
    {
        "code": "UNIV_PART",
        "category": "schooling",
        "name_fr": "Frais réduits dans les établissements supérieurs partenaires",
        "name_ar": "رسوم مخفضة بمؤسسات التعليم العالي الشريكة",
        "icon": "university",
        "order": 30,
        "pays_money": False,
        "steps": UNPAID,
        "description_fr": (
            "Frais de scolarité réduits pour les enfants des adhérents dans les établissements "
            "partenaires : Université Al Akhawayn d'Ifrane, Université Euromed de Fès, "
            "Université Internationale de Casablanca, Université Internationale d'Agadir, "
            "Université Internationale de Laâyoune et une école hôtelière privée de Marrakech."
        ),
        "description_ar": (
            "رسوم دراسية مخفضة لأبناء المنخرطين بالمؤسسات الشريكة: جامعة الأخوين بإفران، "
            "الجامعة الأورومتوسطية بفاس، الجامعة الدولية للدار البيضاء، الجامعة الدولية "
            "لأكادير، الجامعة الدولية للعيون، ومدرسة خاصة للفندقة بمراكش."
        ),
        "documents": [
            doc("Attestation d'admission ou d'inscription", "شهادة القبول أو التسجيل"),
        ],
        "rules": [OPEN, CHILDREN],
        "campaigns": all_year("Établissements partenaires", "المؤسسات الشريكة"),
    },
    {
        "code": "SCOL_DIFF",
        "category": "schooling",
        "name_fr": "Soutien scolaire aux enfants des adhérents en situation difficile",
        "name_ar": "دعم تمدرس أبناء المنخرطين في وضعية صعبة",
        "icon": "pencil",
        "order": 40,
        "pays_money": True,
        "steps": PAID,
        "description_fr": "Aide aux frais de scolarité des enfants des adhérents en situation difficile.",
        "description_ar": "مساعدة لمصاريف تمدرس أبناء المنخرطين الذين يعيشون وضعية صعبة.",
        "conditions_fr": "2 000 MAD par enfant et par an (valeur par défaut), après étude sociale.",
        "conditions_ar": "2000 درهم لكل طفل في السنة (قيمة افتراضية) بعد دراسة اجتماعية.",
        "documents": [
            SCHOOL_CERTIFICATE,
            doc("Justificatif de la situation difficile", "وثيقة تثبت الوضعية الصعبة"),
        ],
        "rules": [
            OPEN,
            CHILDREN,
            who("child_school_level_in", levels=["primary", "middle", "secondary"]),
            once_a_year(),
            pay("fixed_amount", amount="2000.00"),
        ],
        "campaigns": all_year("Soutien scolaire (situation difficile)", "دعم التمدرس (وضعية صعبة)"),
    },
    {
        "code": "TRANS_AIR",
        "category": "transport",
        "name_fr": "Soutien au transport aérien",
        "name_ar": "دعم النقل الجوي",
        "icon": "plane",
        "order": 10,
        "pays_money": True,
        "steps": PAID,
        "description_fr": (
            "Prise en charge de 30 % du billet aller-retour des adhérents affectés dans les "
            "services extérieurs des provinces éloignées, au départ d'un aéroport de ces provinces."
        ),
        "description_ar": (
            "التكفل بنسبة 30 في المائة من تذكرة الذهاب والإياب لفائدة المنخرطين العاملين "
            "بالمصالح الخارجية بالأقاليم البعيدة، انطلاقا من مطار بهذه الأقاليم."
        ),
        "conditions_fr": (
            "Adhérent, conjoint et enfants ; au plus 4 allers-retours par an et par "
            "bénéficiaire ; demande uniquement en ligne, avec la carte d'embarquement et le "
            "justificatif de paiement."
        ),
        "conditions_ar": (
            "المنخرط والزوج والأبناء؛ 4 رحلات ذهابا وإيابا على الأكثر في السنة لكل مستفيد؛ "
            "يقدم الطلب عبر الإنترنت فقط مرفقا ببطاقة الركوب ووصل الأداء."
        ),
        "documents": [
            doc("Carte d'embarquement", "بطاقة الركوب"),
            doc("Justificatif de paiement du billet", "وصل أداء ثمن التذكرة"),
        ],
        "rules": [
            ALIVE,
            OPEN,
            elig("posting_type_in", posting_types=["external"]),
            elig("posting_province_in", provinces=AIR_TRANSPORT_PROVINCES),
            ANYONE,
            once_a_year(unit_fr="allers-retours", unit_ar="رحلات ذهابا وإيابا", n=4),
            pay("percent_with_ceiling", percent="30"),
        ],
        "campaigns": all_year("Transport aérien", "النقل الجوي"),
    },
    {
        "code": "AID_ADHA",
        "category": "support",
        "name_fr": "Soutien Aïd Al Adha",
        "name_ar": "دعم عيد الأضحى",
        "icon": "gift",
        "order": 10,
        "pays_money": True,
        "steps": ["personal_data", "rib", "review"],
        "description_fr": "Aide à l'occasion de l'Aïd Al Adha.",
        "description_ar": "دعم بمناسبة عيد الأضحى.",
        "conditions_fr": "1 000 MAD par adhérent (valeur par défaut).",
        "conditions_ar": "1000 درهم لكل منخرط (قيمة افتراضية).",
        "documents": [],
        "rules": [ALIVE, OPEN, MEMBER_ONLY, once_a_year(), pay("fixed_amount", amount="1000.00")],
        "campaigns": [
            campaign("main", "Aïd Al Adha 2026", "عيد الأضحى 2026", "2026-04-01", "2026-05-21"),
        ],
    },
    {
        "code": "CONDOLEANCE",
        "category": "support",
        "name_fr": "Condoléances",
        "name_ar": "التعزية",
        "icon": "dove",
        "order": 20,
        "pays_money": True,
        "steps": PAID,
        "description_fr": "Aide à la famille lors du décès de l'adhérent, de son conjoint ou d'un enfant.",
        "description_ar": "دعم للأسرة عند وفاة المنخرط أو زوجه أو أحد أبنائه.",
        "conditions_fr": "5 000 MAD (valeur par défaut).",
        "conditions_ar": "5000 درهم (قيمة افتراضية).",
        "documents": [doc("Acte de décès", "شهادة الوفاة")],
        "rules": [OPEN, ANYONE, once_a_year(), pay("fixed_amount", amount="5000.00")],
        "campaigns": all_year("Condoléances", "التعزية"),
    },
    {
        "code": "INWI",
        "category": "partners",
        "name_fr": "Convention inwi",
        "name_ar": "اتفاقية إنوي",
        "icon": "phone",
        "order": 10,
        "pays_money": False,
        "steps": ["personal_data", "review"],
        "description_fr": "Offres de téléphonie et d'internet inwi réservées aux adhérents.",
        "description_ar": "عروض الهاتف والإنترنت من إنوي خاصة بالمنخرطين.",
        "documents": [],
        "rules": [ALIVE, OPEN, MEMBER_ONLY, once_a_year()],
        "campaigns": all_year("Convention inwi", "اتفاقية إنوي"),
    },
    {
        "code": "CTM",
        "category": "partners",
        "name_fr": "Réduction CTM",
        "name_ar": "تخفيض الستيام",
        "icon": "bus",
        "order": 20,
        "pays_money": False,
        "steps": ["personal_data", "beneficiary", "review"],
        "description_fr": (
            "30 % de réduction sur les voyages CTM pour l'adhérent, son conjoint et ses enfants "
            "âgés de 4 à 21 ans, sur présentation de la carte d'adhérent."
        ),
        "description_ar": (
            "تخفيض 30 في المائة على رحلات الستيام للمنخرط وزوجه وأبنائه البالغين من 4 إلى 21 "
            "سنة عند الإدلاء ببطاقة المنخرط."
        ),
        "documents": [],
        "rules": [
            ALIVE,
            ANYONE,
            who("beneficiary_age_between", min_age=4, max_age=21, beneficiary_types=["child"]),
        ],
        "campaigns": all_year("Réduction CTM", "تخفيض الستيام"),
    },
    {
        "code": "RENAULT",
        "category": "partners",
        "name_fr": "Offres Renault",
        "name_ar": "عروض رونو",
        "icon": "car",
        "order": 30,
        "pays_money": False,
        "steps": ["personal_data", "review"],
        "description_fr": "Conditions préférentielles sur les véhicules Renault.",
        "description_ar": "شروط تفضيلية لاقتناء سيارات رونو.",
        "documents": [],
        "rules": [ALIVE, MEMBER_ONLY],
        "campaigns": all_year("Offres Renault", "عروض رونو"),
    },
    {
        "code": "ANAPEC",
        "category": "partners",
        "name_fr": "Formation ANAPEC pour les enfants des adhérents",
        "name_ar": "تكوين أبناء المنخرطين بشراكة مع الوكالة الوطنية لإنعاش التشغيل والكفاءات",
        "icon": "briefcase",
        "order": 40,
        "pays_money": False,
        "steps": UNPAID,
        "description_fr": "Formations d'insertion professionnelle de l'ANAPEC pour les enfants des adhérents.",
        "description_ar": "تكوينات للإدماج المهني تقدمها الوكالة الوطنية لإنعاش التشغيل والكفاءات لأبناء المنخرطين.",
        "documents": [doc("Copie du dernier diplôme", "نسخة من آخر شهادة")],
        "rules": [OPEN, CHILDREN, who("beneficiary_age_between", min_age=18)],
        "campaigns": all_year("Formation ANAPEC", "تكوين الوكالة الوطنية لإنعاش التشغيل والكفاءات"),
    },
]


def _moment(day):
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), tzinfo=TZ)


def _date(day):
    return dt.date.fromisoformat(day) if day else None


SERVICE_FIELDS = [
    "name_fr", "name_ar", "icon", "order", "pays_money", "steps", "description_fr",
    "description_ar", "conditions_fr", "conditions_ar", "originals_fr", "originals_ar",
    "originals_deadline_days", "approval_threshold",
]


def install(apps, schema_editor):
    ServiceCategory = apps.get_model("catalog", "ServiceCategory")
    Service = apps.get_model("catalog", "Service")
    Motive = apps.get_model("catalog", "Motive")
    Campaign = apps.get_model("catalog", "Campaign")
    RequiredDocument = apps.get_model("catalog", "RequiredDocument")
    Rule = apps.get_model("catalog", "Rule")

    categories = {}
    for code, name_fr, name_ar, order in CATEGORIES:
        categories[code], _ = ServiceCategory.objects.update_or_create(
            code=code, defaults={"name_fr": name_fr, "name_ar": name_ar, "order": order}
        )
    for data in SERVICES:
        defaults = {field: data[field] for field in SERVICE_FIELDS if field in data}
        defaults["category"] = categories[data["category"]]
        service, _ = Service.objects.update_or_create(code=data["code"], defaults=defaults)
        motives = {}
        for order, (code, name_fr, name_ar) in enumerate(data.get("motives", []), start=1):
            motives[code], _ = Motive.objects.update_or_create(
                service=service,
                code=code,
                defaults={"name_fr": name_fr, "name_ar": name_ar, "order": order * 10},
            )
        for order, document in enumerate(data["documents"], start=1):
            RequiredDocument.objects.update_or_create(
                service=service, order=order * 10, defaults=document
            )
        for order, (purpose, kind, params, motive) in enumerate(data["rules"], start=1):
            Rule.objects.update_or_create(
                service=service,
                campaign=None,
                order=order * 10,
                defaults={
                    "purpose": purpose,
                    "kind": kind,
                    "params": params,
                    "motive": motives[motive] if motive else None,
                },
            )
        for window in data["campaigns"]:
            Campaign.objects.update_or_create(
                service=service,
                year=YEAR,
                key=window["key"],
                defaults={
                    "name_fr": window["name_fr"],
                    "name_ar": window["name_ar"],
                    "opens_at": _moment(window["opens"]),
                    "closes_at": _moment(window["closes"]),
                    "invoice_date_from": _date(window["invoice_from"]),
                    "invoice_date_to": _date(window["invoice_to"]),
                },
            )


def uninstall(apps, schema_editor):
    Service = apps.get_model("catalog", "Service")
    ServiceCategory = apps.get_model("catalog", "ServiceCategory")
    Service.objects.filter(code__in=[data["code"] for data in SERVICES]).delete()
    ServiceCategory.objects.filter(code__in=[code for code, *_ in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("registry", "0002_load_provinces"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
