"""Province codes the default rules refer to.

The provinces themselves (Morocco's 75 prefectures and provinces, in French and Arabic, with the
other spellings an HR export or a circular uses) are rows loaded by the migration
``0002_load_provinces``; administrators may edit them afterwards.
"""

# The provinces of the air-transport support circular (DOMAIN.md section 4), by code. The
# circular lists 25 names: "Bouarfa" is the seat of Figuig province, so both map to figuig.
AIR_TRANSPORT_PROVINCES = [
    "al-hoceima",
    "oujda-angad",
    "nador",
    "driouch",
    "jerada",
    "berkane",
    "taourirt",
    "guercif",
    "figuig",
    "errachidia",
    "ouarzazate",
    "midelt",
    "tinghir",
    "zagora",
    "tata",
    "guelmim",
    "assa-zag",
    "tan-tan",
    "sidi-ifni",
    "laayoune",
    "boujdour",
    "tarfaya",
    "es-semara",
    "oued-ed-dahab",
]
