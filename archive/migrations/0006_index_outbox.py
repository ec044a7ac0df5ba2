import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_mention_spans"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexOutbox",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("article_id", models.BigIntegerField(db_index=True)),
                (
                    "action",
                    models.CharField(
                        choices=[("index", "Index"), ("delete", "Delete")],
                        default="index",
                        max_length=6,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={"ordering": ["id"]},
        ),
    ]
