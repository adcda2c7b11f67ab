"""PostgreSQL: leave room in the task table's pages so that rescheduling (which rewrites the
computed date, slack and critical columns of many rows, none of them indexed) makes heap-only
tuple (HOT) updates instead of new index entries for every row. No effect on other databases."""

from django.db import migrations


def set_fillfactor(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE projects_task SET (fillfactor = 70)")


def reset_fillfactor(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE projects_task RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_schedule")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor, elidable=False)]
