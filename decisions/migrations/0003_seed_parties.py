from django.db import migrations

PARTIES = [
    ("minister-jenv", "Minister van Justitie en Veiligheid"),
    ("korpschef", "Korpschef"),
    ("regioburgemeesters", "Regioburgemeesters"),
    ("om", "Openbaar Ministerie"),
    ("eenheidschefs", "Eenheidschefs"),
    ("politieacademie", "Politieacademie"),
    ("secretariaat-lovp", "Secretariaat LOVP"),
]


def seed_parties(apps, schema_editor):
    Party = apps.get_model("decisions", "Party")
    for position, (slug, name) in enumerate(PARTIES, start=1):
        Party.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


def unseed_parties(apps, schema_editor):
    Party = apps.get_model("decisions", "Party")
    Party.objects.filter(slug__in=[slug for slug, _name in PARTIES], follow_ups__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("decisions", "0002_initial")]

    operations = [migrations.RunPython(seed_parties, unseed_parties)]
