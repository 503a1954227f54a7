"""Every partnership made before ground rules existed starts from the draft statement too."""

from django.db import migrations

from groundrules.defaults import DRAFT_STATEMENT


def forwards(apps, schema_editor):
    Partnership = apps.get_model("partners", "Partnership")
    StatementPoint = apps.get_model("groundrules", "StatementPoint")
    have = set(StatementPoint.objects.values_list("partnership_id", flat=True))
    StatementPoint.objects.bulk_create(
        StatementPoint(
            partnership_id=pk, position=position, text=text, easy_read_text=easy, easy_read_picture=picture
        )
        for pk in Partnership.objects.exclude(pk__in=have).values_list("pk", flat=True)
        for position, (text, easy, picture) in enumerate(DRAFT_STATEMENT, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("groundrules", "0001_initial"), ("partners", "0004_offline_partners")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
