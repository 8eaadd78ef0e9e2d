"""GIN indexes for full-text search over decisions and follow-ups (lovp/search.py), PostgreSQL only.

The indexed expressions must be exactly the ones lovp.search uses in its queries, or PostgreSQL
will not use the indexes; tests/test_search.py checks the query plans. SQLite (make run) has no
full-text search here and gets no indexes.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def indexes():
    return [
        ("Decision", GinIndex(SearchVector("text", config="dutch"), name="decision_search_idx")),
        (
            "FollowUp",
            GinIndex(
                SearchVector("description", "promise_text", "resolution", config="dutch"),
                name="followup_search_idx",
            ),
        ),
    ]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model_name, index in indexes():
            schema_editor.add_index(apps.get_model("decisions", model_name), index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model_name, index in indexes():
            schema_editor.remove_index(apps.get_model("decisions", model_name), index)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0004_followup_overdue_since_reminderlog"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
