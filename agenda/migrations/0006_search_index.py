"""GIN index for full-text search over agenda items (lovp/search.py), on PostgreSQL only.

The indexed expression must be exactly the one lovp.search uses in its queries, or PostgreSQL will
not use the index; tests/test_search.py checks the query plan. SQLite (make run) has no full-text
search here and gets no index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "agendaitem_search_idx"


def index():
    return GinIndex(SearchVector("title", "summary", config="dutch"), name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("agenda", "AgendaItem"), index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("agenda", "AgendaItem"), index())


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0005_meeting_members_notified_at"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
