from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from articles.models import AlsoReadLink, Article, Caption, Country, Editorial, Topic
from articles.search import indexing


class OnCommitSignalProcessor(BaseSignalProcessor):
    """Index changes after commit, batched; see ``articles.search.indexing``."""

    indexed = (Article, Editorial)
    # Children whose text is part of their article's document.
    article_parts = (Caption, AlsoReadLink)

    def setup(self):
        for signal, handler, sender in self._receivers():
            signal.connect(handler, sender=sender)

    def teardown(self):
        for signal, handler, sender in self._receivers():
            signal.disconnect(handler, sender=sender)

    def _receivers(self):
        """(signal, handler, sender) for every change that makes a document stale."""
        for model in self.indexed:
            yield signals.post_save, self.handle_save, model
            yield signals.post_delete, self.handle_delete, model
        for model in self.article_parts:
            yield signals.post_save, self.handle_part, model
            yield signals.post_delete, self.handle_part, model
        for through in self._tag_throughs():
            yield signals.m2m_changed, self.handle_m2m, through
        for model in self.tag_keys:
            yield signals.pre_save, self.handle_tag_pre_save, model
            yield signals.post_save, self.handle_tag_post_save, model
            yield signals.pre_delete, self.handle_tag_pre_delete, model
            yield signals.post_delete, self.handle_tag_post_delete, model

    def _tag_throughs(self):
        return [
            Article.topics.through,
            Article.countries.through,
            Editorial.topics.through,
            Editorial.countries.through,
        ]

    # Documents store a tag by this field. Renaming it or deleting the tag
    # changes every document holding the tag, and neither sends m2m_changed
    # (a delete removes the link rows directly). The holders are found before
    # the change and marked after it, so their tasks read the new state.
    tag_keys = {Topic: "slug", Country: "code"}

    def _holders(self, tag):
        relation = "topics" if isinstance(tag, Topic) else "countries"
        found = []
        for owner in self.indexed:
            through = getattr(owner, relation).through
            column = f"{type(tag)._meta.model_name}_id"
            owner_column = f"{owner._meta.model_name}_id"
            pks = through.objects.filter(**{column: tag.pk}).values_list(owner_column, flat=True)
            found.append((owner, list(pks)))
        return found

    def handle_tag_pre_save(self, sender, instance, raw=False, **kwargs):
        if raw or instance.pk is None:
            return
        key = self.tag_keys[sender]
        before = sender.objects.filter(pk=instance.pk).values_list(key, flat=True).first()
        if before is not None and before != getattr(instance, key):
            instance._index_holders = self._holders(instance)

    def handle_tag_post_save(self, sender, instance, **kwargs):
        for owner, pks in instance.__dict__.pop("_index_holders", ()):
            indexing.mark_many_stale(owner, pks)

    def handle_tag_pre_delete(self, sender, instance, **kwargs):
        instance._index_holders = self._holders(instance)

    def handle_tag_post_delete(self, sender, instance, **kwargs):
        self.handle_tag_post_save(sender, instance)

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
