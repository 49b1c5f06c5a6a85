import django.db.models.deletion
import notifications.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '__first__'),
        ('modifications', '0002_initial'),
        ('releases', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReminderSchedule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('kind', models.CharField(choices=[('MILESTONE', 'Release milestone'), ('TAD_DUE', 'TAD due date'), ('DECISION_CUTOFF', 'Decision cut-off of a targeted modification'), ('ASSESSMENT', 'DCC assessment expected completion'), ('APPEAL_WINDOW', 'RID appeal window closing'), ('REFERRAL_PERIOD', 'Referral period closing')], max_length=20, unique=True)),
                ('lead_times', models.JSONField(default=notifications.models.default_lead_times, help_text='Working Days before the date, e.g. 10, 5, 1 (0 means on the day itself).')),
                ('remind_when_overdue', models.BooleanField(default=True, help_text='Also remind on the first Working Day after the date.', verbose_name='remind on the first day overdue')),
                ('version', models.PositiveIntegerField(default=1)),
            ],
            options={
                'ordering': ['kind'],
            },
        ),
        migrations.CreateModel(
            name='SweepRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('as_of', models.DateField(db_index=True)),
                ('trigger', models.CharField(choices=[('BEAT', 'Daily job'), ('COMMAND', 'send_reminders command')], default='BEAT', max_length=8)),
                ('started_at', models.DateTimeField(auto_now_add=True)),
                ('finished_at', models.DateTimeField(blank=True, db_index=True, null=True)),
                ('items_due', models.PositiveIntegerField(default=0)),
                ('claimed', models.PositiveIntegerField(default=0)),
                ('skipped', models.JSONField(blank=True, default=list)),
            ],
            options={
                'ordering': ['-started_at'],
            },
        ),
        migrations.CreateModel(
            name='DeliveryPreference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('delivery', models.CharField(choices=[('EMAIL', 'By e-mail and in the app'), ('IN_APP', 'In the app only')], default='EMAIL', max_length=8)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='delivery_preference', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='Digest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('week_of', models.DateField(help_text='The Monday the digest covers two weeks from.')),
                ('item_count', models.PositiveIntegerField(default=0)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='digests', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-week_of'],
                'constraints': [models.UniqueConstraint(fields=('recipient', 'week_of'), name='digest_once_per_week')],
            },
        ),
        migrations.CreateModel(
            name='Email',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('to_address', models.EmailField(max_length=254)),
                ('subject', models.CharField(max_length=300)),
                ('body', models.TextField()),
                ('message_id', models.CharField(max_length=200, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('last_error', models.TextField(blank=True)),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='emails', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'e-mail',
                'ordering': ['-created_at'],
                'indexes': [models.Index(condition=models.Q(('sent_at__isnull', True)), fields=['created_at'], name='email_unsent')],
            },
        ),
        migrations.CreateModel(
            name='Follow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('modification', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='followers', to='modifications.modification')),
                ('release', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='followers', to='releases.release')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('modification__isnull', True), ('release__isnull', False)), models.Q(('modification__isnull', False), ('release__isnull', True)), _connector='OR'), name='follow_one_thing', violation_error_message='Follow either a release or a modification.'), models.UniqueConstraint(condition=models.Q(('release__isnull', False)), fields=('user', 'release'), name='follow_release_once', violation_error_message='You already follow this release.'), models.UniqueConstraint(condition=models.Q(('modification__isnull', False)), fields=('user', 'modification'), name='follow_modification_once', violation_error_message='You already follow this modification.')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalDeliveryPreference',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('delivery', models.CharField(choices=[('EMAIL', 'By e-mail and in the app'), ('IN_APP', 'In the app only')], default='EMAIL', max_length=8)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical delivery preference',
                'verbose_name_plural': 'historical delivery preferences',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalReminderSchedule',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('kind', models.CharField(choices=[('MILESTONE', 'Release milestone'), ('TAD_DUE', 'TAD due date'), ('DECISION_CUTOFF', 'Decision cut-off of a targeted modification'), ('ASSESSMENT', 'DCC assessment expected completion'), ('APPEAL_WINDOW', 'RID appeal window closing'), ('REFERRAL_PERIOD', 'Referral period closing')], db_index=True, max_length=20)),
                ('lead_times', models.JSONField(default=notifications.models.default_lead_times, help_text='Working Days before the date, e.g. 10, 5, 1 (0 means on the day itself).')),
                ('remind_when_overdue', models.BooleanField(default=True, help_text='Also remind on the first Working Day after the date.', verbose_name='remind on the first day overdue')),
                ('version', models.PositiveIntegerField(default=1)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical reminder schedule',
                'verbose_name_plural': 'historical reminder schedules',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Reminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('MILESTONE', 'Release milestone'), ('TAD_DUE', 'TAD due date'), ('DECISION_CUTOFF', 'Decision cut-off of a targeted modification'), ('ASSESSMENT', 'DCC assessment expected completion'), ('APPEAL_WINDOW', 'RID appeal window closing'), ('REFERRAL_PERIOD', 'Referral period closing')], max_length=20)),
                ('object_id', models.PositiveBigIntegerField()),
                ('due_on', models.DateField()),
                ('lead', models.SmallIntegerField(help_text='Working Days before the date; -1: first day overdue.')),
                ('remind_on', models.DateField(db_index=True, help_text='The day the sweep reminded as of.')),
                ('subject', models.CharField(max_length=300)),
                ('body', models.TextField()),
                ('url', models.CharField(blank=True, max_length=300)),
                ('reason', models.CharField(blank=True, help_text='Why this user is told.', max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to=settings.AUTH_USER_MODEL)),
                ('release', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='releases.release')),
                ('sweep', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reminders', to='notifications.sweeprun')),
            ],
            options={
                'ordering': ['remind_on', 'due_on', 'id'],
                'indexes': [models.Index(condition=models.Q(('sent_at__isnull', True)), fields=['recipient'], name='reminder_unsent')],
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id', 'due_on', 'lead', 'recipient'), name='reminder_once_per_item_lead_recipient'), models.CheckConstraint(condition=models.Q(('lead__gte', -1)), name='reminder_lead_not_below_overdue')],
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject', models.CharField(max_length=300)),
                ('body', models.TextField()),
                ('url', models.CharField(blank=True, max_length=300)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('read_at', models.DateTimeField(blank=True, null=True)),
                ('digest', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notification', to='notifications.digest')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                ('reminder', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notification', to='notifications.reminder')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(condition=models.Q(('read_at__isnull', True)), fields=['recipient'], name='notification_unread'), models.Index(fields=['recipient', '-created_at'], name='notification_inbox')],
            },
        ),
    ]
