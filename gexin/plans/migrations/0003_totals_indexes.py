"""Indexes of the totals for reading a subtree over a range of days or months.

The unique keys lead with the unit and then the day (or month), so that a subtree's
totals over a range are one index range per unit whatever the metrics; with the
metric second every day of every metric was read. The monthly totals also get a
covering index by month, from which a large subtree's months are read directly.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_standard_metrics")]

    operations = [
        migrations.RemoveConstraint(model_name="dailytotal", name="plans_daily_key"),
        migrations.AddConstraint(
            model_name="dailytotal",
            constraint=models.UniqueConstraint(
                fields=("unit", "day", "metric"), name="plans_daily_key"
            ),
        ),
        migrations.RemoveConstraint(model_name="monthlytotal", name="plans_monthly_key"),
        migrations.AddConstraint(
            model_name="monthlytotal",
            constraint=models.UniqueConstraint(
                fields=("unit", "month", "metric"), name="plans_monthly_key"
            ),
        ),
        migrations.AddIndex(
            model_name="monthlytotal",
            index=models.Index(
                fields=["month", "unit", "metric", "value_milli"], name="plans_monthly_month"
            ),
        ),
    ]
