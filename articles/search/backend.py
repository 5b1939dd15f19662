"""haystack's Whoosh backend with its slow and wrong paths replaced.

What changes, and why (figures in ../shared/notes, measured on 2 cores):

* One searcher per thread, refreshed only when the index changed, instead of
  reopening the index (and copying compound segment files) on every query.
* Model narrowing and filters run as a Whoosh ``filter`` (a docnum set, no
  scoring) instead of a separate ``limit=None`` search over the whole index.
* Result windows are cut exactly at ``[start:end]``; haystack's page
  arithmetic returned the wrong rows for slices not aligned to a page.
* Keyword fields (type, year, topics, countries) are indexed unstemmed, so
  facet values are real slugs and codes, not stems such as ``editori``.
* Aware datetimes are stored and queried in UTC; haystack wrote wall-clock
  time, so date filters drifted by the site's UTC offset.
* Writes wait for the index lock (bounded) instead of failing or buffering
  documents in a thread that dies with the process.
"""

import threading
from datetime import UTC, datetime

from django.utils.encoding import force_str
from haystack.backends import log_query
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import DJANGO_CT, ID
from haystack.fields import FacetCharField
from haystack.utils import get_identifier, get_model_ct
from whoosh import query as wq
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import KEYWORD
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.sorting import Count, DateRangeFacet, FieldFacet
from whoosh.support.relativedelta import relativedelta

# Headline matches outrank body matches of the same words.
FIELD_BOOSTS = {"headline": 3.0}


class _Window:
    """The hits ``[start:end]`` of a Results, shaped as haystack's processing expects."""

    def __init__(self, results, start, end):
        self.results = results
        self.hits = results[start:end]
        self.total = len(results)

    def __len__(self):
        return self.total

    def __iter__(self):
        return iter(self.hits)

    def score(self, n):
        return self.hits[n].score


class ArchiveWhooshBackend(WhooshSearchBackend):
    writer_timeout = 30.0

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self._local = threading.local()

    # -- schema and parsing -------------------------------------------------

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field_class in fields.values():
            name = field_class.index_fieldname
            if field_class.is_multivalued:
                continue
            if field_class.faceted or isinstance(field_class, FacetCharField):
                schema.remove(name)
                schema.add(name, WHOOSH_ID(stored=True))
        return content_field_name, schema

    def setup(self):
        super().setup()
        fieldnames = [self.content_field_name] + [
            name for name in FIELD_BOOSTS if name in self.schema
        ]
        self.parser = MultifieldParser(fieldnames, schema=self.schema, fieldboosts=FIELD_BOOSTS)
        self.parser.add_plugins([FuzzyTermPlugin])
        self._local = threading.local()

    def _from_python(self, value):
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return super()._from_python(value)

    # -- reading ------------------------------------------------------------

    def searcher(self):
        """This thread's searcher, reopened only when the index has changed."""
        if not self.setup_complete:
            self.setup()
        current = getattr(self._local, "searcher", None)
        current = self.index.searcher() if current is None else current.refresh()
        self._local.searcher = current
        return current

    def _close_searcher(self):
        current = getattr(self._local, "searcher", None)
        if current is not None:
            current.close()
            self._local.searcher = None

    def _filter_query(self, models, narrow_queries):
        parts = []
        if models:
            parts.append(wq.Or([wq.Term(DJANGO_CT, get_model_ct(m)) for m in models]))
        for narrow in sorted(narrow_queries or ()):
            parsed = self.parser.parse(force_str(narrow))
            if parsed is not None:
                parts.append(parsed)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def _sorting(self, sort_by):
        if not sort_by:
            return None, False
        directions = {field.startswith("-") for field in sort_by}
        if len(directions) > 1:
            # Whoosh reverses the whole sort or none of it; follow the first key.
            directions = {sort_by[0].startswith("-")}
        return [field.lstrip("-") for field in sort_by], directions.pop()

    def _grouping(self, facets, date_facets):
        group_by, facet_types = [], {}
        for name in facets or ():
            multivalued = isinstance(self.schema[name], KEYWORD)
            group_by.append(FieldFacet(name, allow_overlap=multivalued, maptype=Count))
            facet_types[name] = "fields"
        for name, spec in (date_facets or {}).items():
            start, end = self._from_python(spec["start_date"]), self._from_python(spec["end_date"])
            gap = relativedelta(**{f"{spec['gap_by']}s": spec.get("gap_amount", 1)})
            group_by.append(DateRangeFacet(name, start, end, gap, maptype=Count))
            facet_types[name] = "dates"
        return group_by, facet_types

    @log_query
    def search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        fields="",
        highlight=False,
        facets=None,
        date_facets=None,
        query_facets=None,
        narrow_queries=None,
        spelling_query=None,
        within=None,
        dwithin=None,
        distance_point=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        empty = {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None}
        query_string = force_str(query_string).strip()
        if not query_string or (len(query_string) == 1 and query_string != "*"):
            return empty
        if not self.setup_complete:
            self.setup()
        parsed = self.parser.parse(query_string)
        if parsed is None or parsed is wq.NullQuery:
            return empty

        if not models and limit_to_registered_models:
            models = self.connections_models()
        start_offset = start_offset or 0
        group_by, facet_types = self._grouping(facets, date_facets)
        sortedby, reverse = self._sorting(sort_by)
        searcher = self.searcher()
        if not searcher.doc_count():
            return empty
        results = searcher.search(
            parsed,
            limit=end_offset if end_offset is not None else None,
            sortedby=sortedby,
            reverse=reverse,
            groupedby=group_by or None,
            filter=self._filter_query(models, narrow_queries),
        )
        window = _Window(results, start_offset, end_offset)
        processed = self._process_results(
            window,
            highlight=highlight,
            query_string=query_string,
            spelling_query=spelling_query,
            result_class=result_class,
            facet_types=facet_types,
        )
        processed.setdefault("facets", {})
        return processed

    def connections_models(self):
        from haystack import connections

        return connections[self.connection_alias].get_unified_index().get_indexed_models()

    def more_like_this(
        self,
        model_instance,
        additional_query_string=None,
        start_offset=0,
        end_offset=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        if not self.setup_complete:
            self.setup()
        searcher = self.searcher()
        docnum = searcher.document_number(**{ID: get_identifier(model_instance)})
        if docnum is None:
            return {"results": [], "hits": 0}
        narrow = set()
        if additional_query_string and additional_query_string != "*":
            narrow.add(additional_query_string)
        results = searcher.more_like(
            docnum,
            self.content_field_name,
            top=end_offset or 10,
            filter=self._filter_query(models, narrow),
        )
        if not results:
            return {"results": [], "hits": 0}
        return self._process_results(
            _Window(results, start_offset or 0, end_offset), result_class=result_class
        )

    # -- writing ------------------------------------------------------------

    def _writer(self):
        self.index = self.index.refresh()
        # Segments stay compound: with separate files Whoosh 2.7 stats a
        # missing length column once per posting while merging (minutes at
        # 10k documents). Readers are long-lived instead (see ``searcher``).
        return self.index.writer(timeout=self.writer_timeout, delay=0.05)

    def update(self, index, iterable, commit=True):
        if not self.setup_complete:
            self.setup()
        documents = []
        for obj in iterable:
            doc = index.full_prepare(obj)
            doc.pop("boost", None)
            documents.append({key: self._from_python(value) for key, value in doc.items()})
        if documents:
            self._write(replace=documents)

    def remove(self, obj_or_string, commit=True):
        self.remove_many([get_identifier(obj_or_string)])

    def remove_many(self, identifiers):
        if not self.setup_complete:
            self.setup()
        self._write(delete=identifiers)

    def _write(self, replace=(), delete=()):
        """Delete old versions and add new ones in one commit.

        Whoosh's ``update_document`` opens a fresh reader over every segment
        for each document; one reader for the whole batch is enough.
        """
        writer = self._writer()
        try:
            stale = set(delete) | {doc[ID] for doc in replace}
            with writer.reader() as reader:
                for identifier in stale:
                    if (ID, identifier) in reader:
                        for docnum in reader.postings(ID, identifier).all_ids():
                            writer.delete_document(docnum)
            for doc in replace:
                writer.add_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def clear(self, models=None, commit=True):
        self._close_searcher()
        super().clear(models=models, commit=commit)

    def delete_index(self):
        self._close_searcher()
        super().delete_index()


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
