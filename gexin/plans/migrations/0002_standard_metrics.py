from django.db import migrations


def install(apps, schema_editor):
    from gexin.plans.catalogue import install as install_metrics

    install_metrics(apps.get_model("plans", "Metric"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
