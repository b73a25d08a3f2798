"""Load Morocco's 75 prefectures and provinces (code, French, Arabic, other spellings).

The other spellings let an HR export or a circular name a province as it commonly does
("Oujda", "Bouarfa", "Smara", "Dakhla").
"""

from django.db import migrations

PROVINCES = [
    ('tanger-assilah', 'Tanger-Assilah', 'طنجة أصيلة', 'Tanger'),
    ('mdiq-fnideq', "M'diq-Fnideq", 'المضيق الفنيدق', ''),
    ('tetouan', 'Tétouan', 'تطوان', ''),
    ('fahs-anjra', 'Fahs-Anjra', 'الفحص أنجرة', ''),
    ('larache', 'Larache', 'العرائش', ''),
    ('al-hoceima', 'Al Hoceïma', 'الحسيمة', 'Al Hoceima'),
    ('chefchaouen', 'Chefchaouen', 'شفشاون', ''),
    ('ouezzane', 'Ouezzane', 'وزان', ''),
    ('oujda-angad', 'Oujda-Angad', 'وجدة أنكاد', 'Oujda'),
    ('nador', 'Nador', 'الناظور', ''),
    ('driouch', 'Driouch', 'الدريوش', ''),
    ('jerada', 'Jerada', 'جرادة', ''),
    ('berkane', 'Berkane', 'بركان', ''),
    ('taourirt', 'Taourirt', 'تاوريرت', ''),
    ('guercif', 'Guercif', 'جرسيف', ''),
    ('figuig', 'Figuig', 'فجيج', 'Bouarfa'),
    ('fes', 'Fès', 'فاس', 'Fes'),
    ('meknes', 'Meknès', 'مكناس', 'Meknes'),
    ('el-hajeb', 'El Hajeb', 'الحاجب', ''),
    ('ifrane', 'Ifrane', 'إفران', ''),
    ('moulay-yacoub', 'Moulay Yacoub', 'مولاي يعقوب', ''),
    ('sefrou', 'Séfrou', 'صفرو', ''),
    ('boulemane', 'Boulemane', 'بولمان', ''),
    ('taounate', 'Taounate', 'تاونات', ''),
    ('taza', 'Taza', 'تازة', ''),
    ('rabat', 'Rabat', 'الرباط', ''),
    ('sale', 'Salé', 'سلا', 'Sale'),
    ('skhirate-temara', 'Skhirate-Témara', 'الصخيرات تمارة', 'Temara'),
    ('kenitra', 'Kénitra', 'القنيطرة', 'Kenitra'),
    ('khemisset', 'Khémisset', 'الخميسات', 'Khemisset'),
    ('sidi-kacem', 'Sidi Kacem', 'سيدي قاسم', ''),
    ('sidi-slimane', 'Sidi Slimane', 'سيدي سليمان', ''),
    ('beni-mellal', 'Béni Mellal', 'بني ملال', 'Beni Mellal'),
    ('azilal', 'Azilal', 'أزيلال', ''),
    ('fquih-ben-salah', 'Fquih Ben Salah', 'الفقيه بن صالح', ''),
    ('khenifra', 'Khénifra', 'خنيفرة', 'Khenifra'),
    ('khouribga', 'Khouribga', 'خريبكة', ''),
    ('casablanca', 'Casablanca', 'الدار البيضاء', 'Casablanca-Anfa'),
    ('mohammedia', 'Mohammédia', 'المحمدية', 'Mohammedia'),
    ('el-jadida', 'El Jadida', 'الجديدة', ''),
    ('nouaceur', 'Nouaceur', 'النواصر', ''),
    ('mediouna', 'Médiouna', 'مديونة', 'Mediouna'),
    ('benslimane', 'Benslimane', 'بنسليمان', ''),
    ('berrechid', 'Berrechid', 'برشيد', ''),
    ('settat', 'Settat', 'سطات', ''),
    ('sidi-bennour', 'Sidi Bennour', 'سيدي بنور', ''),
    ('marrakech', 'Marrakech', 'مراكش', ''),
    ('chichaoua', 'Chichaoua', 'شيشاوة', ''),
    ('al-haouz', 'Al Haouz', 'الحوز', ''),
    ('el-kelaa-des-sraghna', 'El Kelâa des Sraghna', 'قلعة السراغنة', 'El Kelaa des Sraghna'),
    ('essaouira', 'Essaouira', 'الصويرة', ''),
    ('rehamna', 'Rehamna', 'الرحامنة', ''),
    ('safi', 'Safi', 'آسفي', ''),
    ('youssoufia', 'Youssoufia', 'اليوسفية', ''),
    ('errachidia', 'Errachidia', 'الرشيدية', ''),
    ('ouarzazate', 'Ouarzazate', 'ورزازات', ''),
    ('midelt', 'Midelt', 'ميدلت', ''),
    ('tinghir', 'Tinghir', 'تنغير', ''),
    ('zagora', 'Zagora', 'زاكورة', ''),
    ('agadir-ida-outanane', 'Agadir Ida-Outanane', 'أكادير إداوتنان', 'Agadir'),
    ('inezgane-ait-melloul', 'Inezgane-Aït Melloul', 'إنزكان أيت ملول', 'Inezgane'),
    ('chtouka-ait-baha', 'Chtouka-Aït Baha', 'اشتوكة أيت باها', ''),
    ('taroudant', 'Taroudant', 'تارودانت', ''),
    ('tiznit', 'Tiznit', 'تيزنيت', ''),
    ('tata', 'Tata', 'طاطا', ''),
    ('guelmim', 'Guelmim', 'كلميم', ''),
    ('assa-zag', 'Assa-Zag', 'آسا الزاك', ''),
    ('tan-tan', 'Tan-Tan', 'طانطان', ''),
    ('sidi-ifni', 'Sidi Ifni', 'سيدي إفني', ''),
    ('laayoune', 'Laâyoune', 'العيون', 'Laayoune'),
    ('boujdour', 'Boujdour', 'بوجدور', ''),
    ('tarfaya', 'Tarfaya', 'طرفاية', ''),
    ('es-semara', 'Es-Semara', 'السمارة', 'Smara'),
    ('oued-ed-dahab', 'Oued Ed-Dahab', 'وادي الذهب', 'Dakhla'),
    ('aousserd', 'Aousserd', 'أوسرد', ''),
]


def load(apps, schema_editor):
    Province = apps.get_model("registry", "Province")
    for code, name_fr, name_ar, aliases in PROVINCES:
        Province.objects.update_or_create(
            code=code, defaults={"name_fr": name_fr, "name_ar": name_ar, "aliases": aliases}
        )


def unload(apps, schema_editor):
    apps.get_model("registry", "Province").objects.filter(
        code__in=[row[0] for row in PROVINCES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
