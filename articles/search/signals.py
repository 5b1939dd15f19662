from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from articles.models import AlsoReadLink, Article, Caption, Editorial
from articles.search import indexing


class OnCommitSignalProcessor(BaseSignalProcessor):
    """Index changes after commit, batched; see ``articles.search.indexing``."""

    indexed = (Article, Editorial)
    # Children whose text is part of their article's document.
    article_parts = (Caption, AlsoReadLink)

    def setup(self):
        for model in self.indexed:
            signals.post_save.connect(self.handle_save, sender=model)
            signals.post_delete.connect(self.handle_delete, sender=model)
        for model in self.article_parts:
            signals.post_save.connect(self.handle_part, sender=model)
            signals.post_delete.connect(self.handle_part, sender=model)
        for through in self._tag_throughs():
            signals.m2m_changed.connect(self.handle_m2m, sender=through)

    def teardown(self):
        for model in self.indexed:
            signals.post_save.disconnect(self.handle_save, sender=model)
            signals.post_delete.disconnect(self.handle_delete, sender=model)
        for model in self.article_parts:
            signals.post_save.disconnect(self.handle_part, sender=model)
            signals.post_delete.disconnect(self.handle_part, sender=model)
        for through in self._tag_throughs():
            signals.m2m_changed.disconnect(self.handle_m2m, sender=through)

    def _tag_throughs(self):
        return [
            Article.topics.through,
            Article.countries.through,
            Editorial.topics.through,
            Editorial.countries.through,
        ]

    def handle_save(self, sender, instance, **kwargs):
        indexing.mark_stale(sender, instance.pk)

    def handle_delete(self, sender, instance, **kwargs):
        # The row is gone once this commits, so the mark resolves to a removal.
        indexing.mark_stale(sender, instance.pk)

    def handle_part(self, sender, instance, **kwargs):
        indexing.mark_stale(Article, instance.article_id)

    def handle_m2m(self, sender, instance, action, reverse, model, pk_set, **kwargs):
        if not action.startswith("post_"):
            return
        if reverse:
            # Tag side changed (topic.articles.add(...)): the articles are stale.
            owner = model
            for pk in pk_set or ():
                indexing.mark_stale(owner, pk)
        else:
            indexing.mark_stale(type(instance), instance.pk)
