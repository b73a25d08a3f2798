from django.db import migrations
from django.utils import timezone

TITLE_FR = "Charte d'utilisation de l'Espace adhérent"
TITLE_AR = "ميثاق استعمال فضاء المنخرط"

BODY_FR = """1. Objet
La présente charte fixe les conditions d'utilisation de l'Espace adhérent de la Fondation des Œuvres Sociales (le « portail »). En cliquant sur « Accepter », l'adhérent déclare l'avoir lue et s'engage à la respecter.

2. Accès
Le portail est réservé aux adhérents inscrits au registre de la Fondation. L'accès se fait avec le matricule et un mot de passe personnel. L'adhérent garde son mot de passe secret, ne le communique à personne, y compris au personnel de la Fondation, et le change sans délai s'il pense qu'il est connu d'un tiers. Il se déconnecte (« Sortir ») après chaque utilisation, surtout sur un ordinateur partagé.

3. Exactitude des informations
L'adhérent fournit des informations exactes et à jour (coordonnées, situation familiale, RIB, pièces justificatives). Toute déclaration inexacte ou tout document falsifié entraîne le rejet de la demande, le remboursement des sommes indûment perçues et, le cas échéant, des poursuites.

4. Demandes de prestations
Les demandes déposées en ligne sont traitées selon les règles et les délais de chaque prestation, publiés par la Fondation. Le dépôt d'une demande ne vaut pas accord. Lorsque des originaux sont demandés, l'adhérent les dépose à la Fondation dans le délai indiqué.

5. Données personnelles
Les données sont traitées par la Fondation pour la seule gestion des prestations sociales, conformément à la loi n° 09-08 relative à la protection des personnes physiques à l'égard du traitement des données à caractère personnel. L'adhérent dispose d'un droit d'accès, de rectification et d'opposition qu'il exerce auprès de la Fondation.

6. Sécurité et traçabilité
Les connexions et les opérations effectuées sur le portail sont enregistrées. Après plusieurs essais de connexion infructueux, l'accès est temporairement bloqué.

7. Disponibilité
La Fondation s'efforce d'assurer la disponibilité du portail mais peut l'interrompre pour maintenance. Elle ne saurait être tenue responsable d'une indisponibilité temporaire.

8. Modification de la charte
La Fondation peut modifier la présente charte. Toute nouvelle version est présentée à l'adhérent lors de sa connexion suivante et doit être acceptée pour continuer à utiliser le portail."""

BODY_AR = """1. الموضوع
يحدد هذا الميثاق شروط استعمال فضاء المنخرط التابع لمؤسسة الأعمال الاجتماعية (« البوابة »). بالنقر على « أقبل »، يصرح المنخرط بأنه اطلع عليه ويلتزم باحترامه.

2. الولوج
البوابة مخصصة للمنخرطين المسجلين في سجل المؤسسة. يتم الولوج برقم التأجير وكلمة مرور شخصية. يحافظ المنخرط على سرية كلمة المرور ولا يطلع عليها أحدا، بمن في ذلك مستخدمو المؤسسة، ويغيرها فورا إذا اعتقد أن غيره قد عرفها. ويغادر البوابة (« خروج ») بعد كل استعمال، خاصة على حاسوب مشترك.

3. صحة المعلومات
يقدم المنخرط معلومات صحيحة ومحينة (بيانات الاتصال، الوضعية العائلية، رقم الحساب البنكي، الوثائق المثبتة). كل تصريح غير صحيح أو وثيقة مزورة يؤدي إلى رفض الطلب وإرجاع المبالغ المقبوضة دون وجه حق، وعند الاقتضاء إلى المتابعة.

4. طلبات الخدمات
تعالج الطلبات المودعة عبر البوابة وفق قواعد وآجال كل خدمة كما تنشرها المؤسسة. ولا يعني إيداع الطلب قبوله. وعندما تطلب الوثائق الأصلية، يودعها المنخرط لدى المؤسسة داخل الأجل المحدد.

5. المعطيات الشخصية
تعالج المؤسسة المعطيات لغرض تدبير الخدمات الاجتماعية فقط، طبقا للقانون رقم 09-08 المتعلق بحماية الأشخاص الذاتيين تجاه معالجة المعطيات ذات الطابع الشخصي. وللمنخرط حق الولوج والتصحيح والتعرض، يمارسه لدى المؤسسة.

6. الأمن والتتبع
تسجل عمليات الولوج والعمليات المنجزة على البوابة. وبعد عدة محاولات ولوج فاشلة، يوقف الولوج مؤقتا.

7. التوفر
تسعى المؤسسة إلى ضمان توفر البوابة، ويمكنها إيقافها للصيانة، ولا تتحمل المسؤولية عن عدم التوفر المؤقت.

8. تعديل الميثاق
يمكن للمؤسسة تعديل هذا الميثاق. وتعرض كل نسخة جديدة على المنخرط عند ولوجه الموالي، ويجب قبولها لمواصلة استعمال البوابة."""


def create_first_version(apps, schema_editor):
    TermsVersion = apps.get_model("accounts", "TermsVersion")
    if not TermsVersion.objects.exists():
        TermsVersion.objects.create(
            version=1,
            title_fr=TITLE_FR,
            title_ar=TITLE_AR,
            body_fr=BODY_FR,
            body_ar=BODY_AR,
            published_at=timezone.now(),
        )


def remove_first_version(apps, schema_editor):
    TermsVersion = apps.get_model("accounts", "TermsVersion")
    TermsVersion.objects.filter(version=1, acceptances__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_staff_role_groups")]

    operations = [migrations.RunPython(create_first_version, remove_first_version)]
