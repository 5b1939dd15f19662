"""Fill an empty archive with generated demo content."""

from articles.demo.generator import DEFAULT_COUNT, DEFAULT_SEED, DEMO_TOPICS, generate_records
from articles.ingest.importer import import_records
from articles.models import Article, Topic


def ensure_demo_topics():
    """Create the demo topics; fill in a blank description or keyword list of existing ones.

    Returns the Topic rows.  An editor's own description or keywords are never replaced.
    """
    topics = []
    for data in DEMO_TOPICS:
        topic = (
            Topic.objects.filter(slug=data["slug"]).first()
            or Topic.objects.filter(name__iexact=data["name"]).first()
        )
        if topic is None:
            topic = Topic.objects.create(**data)
        else:
            changed = [name for name in ("description", "keywords") if not getattr(topic, name)]
            for name in changed:
                setattr(topic, name, data[name])
            if changed:
                topic.save(update_fields=changed)
        topics.append(topic)
    return topics


def load_demo(count=DEFAULT_COUNT, seed=DEFAULT_SEED, force=False):
    """Generate ``count`` demo articles from ``seed`` and import them as ``is_demo`` rows.

    Returns the importer's ``ImportReport``, or None (doing nothing) when the
    archive already holds articles and ``force`` is false.
    """
    if not force and Article.objects.exists():
        return None
    ensure_demo_topics()
    return import_records(
        generate_records(count, seed), source_name=f"demo content (seed {seed})", is_demo=True
    )
