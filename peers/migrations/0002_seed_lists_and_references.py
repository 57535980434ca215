"""Seed the segment lists, the minimum sizes and the XM Institute's 2024 and 2025 stage distributions.

The figures are peers/data/xmi-stage-distribution.csv (tests/peers/test_seed.py
keeps them equal); written out here because a migration must not change when a
data file does. Admins edit all of it afterwards.
"""

from django.db import migrations

INDUSTRIES = [
    "Retail & e-commerce",
    "Banking & financial services",
    "Insurance",
    "Telecommunications",
    "Technology & software",
    "Healthcare & life sciences",
    "Public sector & government",
    "Manufacturing",
    "Travel, hospitality & leisure",
    "Energy & utilities",
    "Transport & logistics",
    "Professional services",
    "Education",
    "Media & entertainment",
    "Non-profit",
    "Other",
]

# The same bands as a consultant's client (consulting.Client.SizeBand), so a client's size maps onto one.
SIZES = [
    ("1–9 employees", "1-9"),
    ("10–49 employees", "10-49"),
    ("50–249 employees", "50-249"),
    ("250–999 employees", "250-999"),
    ("1,000+ employees", "1000+"),
]

XMI_STAGES = ["Investigate", "Initiate", "Mobilize", "Scale", "Embed"]
XMI = [
    # year, respondents, shares of stages 1..5 in %, the stage whose share is the remainder to 100%
    (2024, 234, [41, 30, 18, 9, 2], 4),
    (2025, 223, [29, 36, 21, 11, 3], 4),
]


def seed(apps, schema_editor):
    Industry = apps.get_model("peers", "Industry")
    OrganisationSize = apps.get_model("peers", "OrganisationSize")
    PeerSettings = apps.get_model("peers", "PeerSettings")
    ExternalReference = apps.get_model("peers", "ExternalReference")
    ExternalReferenceStage = apps.get_model("peers", "ExternalReferenceStage")
    for order, name in enumerate(INDUSTRIES):
        Industry.objects.get_or_create(name=name, defaults={"order": order})
    for order, (name, band) in enumerate(SIZES):
        OrganisationSize.objects.get_or_create(name=name, defaults={"order": order, "client_size_band": band})
    PeerSettings.objects.get_or_create(pk=1, defaults={"min_segment": 10, "min_everyone": 5})
    for year, respondents, shares, derived in XMI:
        reference, created = ExternalReference.objects.get_or_create(
            publisher="XM Institute",
            title="State of CX Management",
            year=year,
            defaults={
                "sample_size": respondents,
                "population": "CX practitioners at organisations with 1,000 or more employees",
                "model_name": "XM Institute's CX maturity model (five stages: Investigate, Initiate, Mobilize, Scale, Embed)",
                "source_url": "https://www.xminstitute.com/",
                "caveat": "As reported in copies of the report; check against the publisher before quoting as exact.",
            },
        )
        if created:
            for number, (name, share) in enumerate(zip(XMI_STAGES, shares), start=1):
                ExternalReferenceStage.objects.create(
                    reference=reference, number=number, name=name, share=share, derived=number == derived
                )


class Migration(migrations.Migration):
    dependencies = [("peers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
