# Help cases: why the worker is helped, and the weekly meetings' reviews; existing cases
# are those of workers missing the quota (the default reason).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('competitions', '0001_initial'),
        ('meetings', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='helpcase',
            name='is_illustrative',
            field=models.BooleanField(default=False, verbose_name='illustrative'),
        ),
        migrations.AddField(
            model_name='helpcase',
            name='reason',
            field=models.CharField(choices=[('misses_quota', 'often misses the quota'), ('young_worker', 'young worker'), ('new_worker', 'new worker'), ('other', 'other')], default='misses_quota', max_length=14, verbose_name='why helped'),
        ),
        migrations.AddField(
            model_name='helpcase',
            name='source',
            field=models.CharField(blank=True, max_length=300, verbose_name='source'),
        ),
        migrations.CreateModel(
            name='HelpReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('last_updated', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('note', models.TextField(help_text='What the meeting found: how the help is going.', verbose_name='progress')),
                ('outcome', models.CharField(choices=[('continue', 'help continues'), ('resolved', 'resolved')], default='continue', max_length=10, verbose_name='outcome')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('help_case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='competitions.helpcase', verbose_name='help case')),
                ('meeting', models.ForeignKey(help_text="A held weekly production meeting of the worker's unit or of a unit above it.", on_delete=django.db.models.deletion.PROTECT, related_name='help_reviews', to='meetings.meeting', verbose_name='reviewed at')),
            ],
            options={
                'verbose_name': 'help case review',
                'verbose_name_plural': 'help case reviews',
                'ordering': ['help_case', 'meeting__scheduled_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('help_case', 'meeting'), name='competitions_helpreview_meeting')],
            },
        ),
    ]
