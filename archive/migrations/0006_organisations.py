"""Organisations as the fourth entity: Organisation, ArticleOrganisation, Article.organisations,
and the Editors group's permissions on them (add / change / delete organisations: merging deletes
the duplicate; add / delete / view an article's organisations)."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP_NAME = "Editors"
EDITOR_PERMISSIONS = {
    "organisation": ("add", "change", "delete", "view"),
    "articleorganisation": ("add", "change", "delete", "view"),
}


def codenames():
    return sorted(
        f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions
    )


def grant_editors(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="archive", codename__in=codenames())
    )


def revoke_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="archive", codename__in=codenames())
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_mention_spans")]

    operations = [
        migrations.CreateModel(
            name="Organisation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "short_name",
                    models.CharField(
                        blank=True, max_length=60, verbose_name="short name or acronym"
                    ),
                ),
                ("slug", models.SlugField(max_length=220, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("company", "company"),
                            ("business_association", "business association"),
                            ("government", "government agency or ministry"),
                            ("development", "development agency or bank"),
                            ("international", "international body"),
                            ("party", "political party"),
                            ("other", "other"),
                        ],
                        default="other",
                        max_length=24,
                    ),
                ),
                (
                    "aliases",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Other names it goes by; search matches them too.",
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="organisations",
                        to="archive.country",
                    ),
                ),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="ArticleOrganisation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="organisation_links",
                        to="archive.article",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="appearances",
                        to="archive.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "organisation in article",
                "verbose_name_plural": "organisations in article",
                "ordering": ["id"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="organisations",
            field=models.ManyToManyField(
                blank=True,
                related_name="articles",
                through="archive.ArticleOrganisation",
                to="archive.organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleorganisation",
            constraint=models.UniqueConstraint(
                fields=("article", "organisation"), name="one_organisation_link_per_article"
            ),
        ),
        migrations.RunPython(grant_editors, revoke_editors),
    ]
