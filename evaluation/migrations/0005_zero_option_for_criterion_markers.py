"""A criterion with a star marker on its name (3.6 "Sở hữu trí tuệ****" in the QĐ 148 sheets)
must score above 0 for that level (DOMAIN.md §5b); the transcribed sheets give it no 0-point
option, so no member could fail it. Stored sheets get the option the loader now adds."""

from django.db import migrations


def add_zero_options(apps, schema_editor):
    Criterion = apps.get_model("evaluation", "Criterion")
    AnswerOption = apps.get_model("evaluation", "AnswerOption")
    for criterion in Criterion.objects.filter(mandatory_min_star__isnull=False).prefetch_related("options", "cases"):
        options = list(criterion.options.all())
        if not options:
            continue
        cases = list(criterion.cases.all()) or [None]
        for case in cases:
            in_case = [o for o in options if o.case_id == (case.pk if case else None)]
            if in_case and not any(o.points == 0 for o in in_case):
                AnswerOption.objects.create(criterion=criterion, case=case, number=0, text="Chưa có", points=0)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0004_council_legal_floors")]

    operations = [migrations.RunPython(add_zero_options, migrations.RunPython.noop)]
