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

import contextlib
import functools
import os
import shutil
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime

from django.utils.encoding import force_str
from haystack.backends import log_query
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import DJANGO_CT, ID
from haystack.fields import FacetCharField
from haystack.utils import get_identifier, get_model_ct
from whoosh import query as wq
from whoosh.codec import whoosh3
from whoosh.fields import DATETIME, KEYWORD, TEXT
from whoosh.fields import ID as WHOOSH_ID
from whoosh.idsets import DocIdSet
from whoosh.index import LockError
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.reading import ReaderClosed
from whoosh.searching import Results
from whoosh.sorting import Count, DateRangeFacet, FieldFacet
from whoosh.support.relativedelta import relativedelta
from whoosh.util.times import long_to_datetime

from articles.search import bulk, docsets, rescore, scoring, similar, whoosh_fixes, writing  # noqa: F401 - whoosh_fixes patches
from articles.search.faults import IndexUnwritable, is_disk_error
from articles.search.text_field import StemmedText

# Headline matches outrank body matches of the same words.
FIELD_BOOSTS = {"headline": 3.0}

# Whoosh's block-quality skipping: only the documents that can reach the top
# hits are scored. Its endless loop in UnionMatcher.skip_to_quality (Whoosh
# 2.7.4, whoosh-community/whoosh#446) is fixed in ``whoosh_fixes``.
WHOOSH_OPTIMIZE = True

# Memory for each writer's posting buffer before it spills a sorted run to
# disk (Whoosh's default is 128). Fewer runs make the final merge cheaper.
WRITER_POOL_MB = 256


def _remember_missing_columns(cached_reader):
    # While writing a segment, Whoosh asks for each posting's field length,
    # and for a field without a length column (keywords, the spelling field)
    # it checks the disk for that column again every time: a stat() per
    # posting, a third of a rebuild. A column absent once stays absent.
    def reader(self, fieldname, column):
        if fieldname in self._readers:
            return self._readers[fieldname]
        found = cached_reader(self, fieldname, column)
        self._readers[fieldname] = found
        return found

    reader.remembers_missing = True
    return reader


if not getattr(whoosh3.W3PerDocReader._cached_reader, "remembers_missing", False):
    whoosh3.W3PerDocReader._cached_reader = _remember_missing_columns(
        whoosh3.W3PerDocReader._cached_reader
    )


class _Window:
    """The hits ``[start:end]`` of a Results, shaped as haystack's processing expects."""

    def __init__(self, results, start, end, total=None):
        self.results = results
        self.hits = results[start:end]
        self.total = len(results) if total is None else total

    def __len__(self):
        return self.total

    def __iter__(self):
        return iter(self.hits)

    def score(self, n):
        return self.hits[n].score


class _AllowedDocs(DocIdSet):
    """A frozenset of document numbers as Whoosh's ``filter=`` takes it, uncopied.

    Whoosh accepts a ``set`` or a ``DocIdSet``; copying the docsets' frozensets
    into sets cost a pass over every allowed document on each search. An
    empty filter must not reach Whoosh, which reads it as "no filter".
    """

    def __init__(self, docs):
        self._docs = docs

    def __len__(self):
        return len(self._docs)

    def __iter__(self):
        return iter(sorted(self._docs))

    def __contains__(self, docnum):
        return docnum in self._docs


def _past_replaced_files(call, attempts):
    """``call()``, again after a pause while it fails on a missing file, ``attempts`` times at most.

    For opening the index while a writer in another process commits: the
    files Whoosh just listed may be deleted before it opens them; a second
    look finds their replacements.
    """
    for attempt in range(attempts):
        try:
            return call()
        except OSError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))


class ArchiveWhooshBackend(WhooshSearchBackend):
    writer_timeout = 30.0

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self._local = threading.local()
        # PATH names the link; self.path is re-pointed at the generation the
        # link resolves to when the index is opened, so open readers and
        # writers keep working on their own generation across a swap.
        self.link_path = self.path

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
            elif isinstance(schema[name], TEXT):
                # haystack makes every text field sortable, which writes a
                # second copy of each text (bodies included) into a column;
                # we sort by date only. With haystack's own analyzer, the
                # field is indexed the quick way (see text_field.py).
                if field_class.analyzer is None:
                    plain = schema[name]
                    schema.remove(name)
                    schema.add(
                        name,
                        StemmedText(
                            stored=plain.stored,
                            field_boost=plain.format.field_boost,
                            spelling=plain.spelling,
                        ),
                    )
                else:
                    schema[name].set_sortable(False)
        return content_field_name, schema

    # -- where the index lives -------------------------------------------------
    #
    # PATH is a symbolic link to one "generation" directory beside it. A
    # rebuild fills a new generation and swaps the link in one rename, so a
    # search never meets an empty or half-built index.

    def generation_path(self):
        """The directory the live index is in now."""
        return os.path.realpath(self.link_path)

    def new_generation(self):
        """Create an empty generation directory beside PATH and return its path."""
        parent, name = os.path.split(os.path.abspath(self.link_path))
        os.makedirs(parent, exist_ok=True)
        return tempfile.mkdtemp(prefix=f"{name}.gen-", dir=parent)

    def swap_to(self, generation):
        """Point PATH at ``generation`` atomically; return the previous generation."""
        previous = self.generation_path() if os.path.islink(self.link_path) else None
        link = f"{self.link_path}.swap-{os.getpid()}"
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(os.path.basename(generation), link)
        os.replace(link, self.link_path)
        self.setup_complete = False
        self._close_searcher()
        return previous

    def _ensure_link(self):
        if self.use_file_storage and not os.path.lexists(self.link_path):
            self.swap_to(self.new_generation())

    def setup(self, attempts=5):
        if self.use_file_storage:
            self._ensure_link()
            self.path = self.generation_path()
        # haystack's backends are per thread, so each new thread opens the
        # index: Whoosh lists the tables of contents, then opens the newest,
        # which a writer in another process may have just replaced and deleted.
        _past_replaced_files(super().setup, attempts)
        self._generation = self.path if self.use_file_storage else None
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
        if (
            self.setup_complete
            and self.use_file_storage
            and self._generation != self.generation_path()
        ):
            # Another process swapped in a rebuilt index.
            self._close_searcher()
            self.setup_complete = False
        if not self.setup_complete:
            self.setup()
        current = getattr(self._local, "searcher", None)
        if current is not None:
            try:
                current = current.refresh()
            except Exception:
                # A writer in another process merged segments between our
                # reading the table of contents and opening its files. Whoosh
                # has already closed the old readers by then, so the old
                # searcher must not be refreshed (or closed) again.
                self._local.searcher = current = None
        if current is None:
            current = self._open_searcher()
        self._local.searcher = current
        return current

    def _open_searcher(self, attempts=5):
        # Same race as above: the segment files named by the table of
        # contents we read were just merged away; read it again.
        return _past_replaced_files(self.index.searcher, attempts)

    def _close_searcher(self):
        current = getattr(self._local, "searcher", None)
        self._local.searcher = None
        if current is not None:
            with contextlib.suppress(ReaderClosed):
                current.close()

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

    def generation_token(self):
        """Names the index state searches see now: changes with every commit and swap."""
        searcher = self.searcher()
        return f"{os.path.basename(self.path or '')}:{searcher.reader().generation()}"

    # Fields whose "facet" counts documents per month (in the site's zone), e.g.
    # ``sqs.facet("published", by="month")``: values are the months' first days.
    # ``missing=False`` leaves out haystack's count of documents without a value.
    def _facet_counts(self, tables, docs, facets):
        fields = {}
        for name, options in (facets or {}).items():
            if (options or {}).get("by") == "month":
                counts = tables.counts(f"{name}@months", tables.months(name), docs)
                fields[name] = sorted(
                    ((date(year, month, 1), n) for (year, month), n in counts.items()),
                    key=lambda item: item[0],
                )
            else:
                counts = tables.counts(name, tables.facet_sets(name), docs)
                ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
                if (options or {}).get("missing") is False:
                    fields[name] = ranked
                    continue
                # As haystack does: None counts the documents without a value.
                missing = len(docs) - len(docs & tables.holding_any(name))
                if missing:
                    at = next((i for i, (_, n) in enumerate(ranked) if n < missing), len(ranked))
                    ranked.insert(at, (None, missing))
                fields[name] = ranked
        return {"fields": fields, "dates": {}, "queries": {}}

    def pivot_counts(self, models, field, by):
        """{value of ``field``: {value of ``by``: count}} over the documents of ``models``.

        What a list of tags with sparklines needs (every topic's articles per
        year) in one pass over each value's documents; haystack facets count
        one field at a time. ``by`` holds one value a document.
        """
        searcher = self.searcher()
        tables = docsets.tables_for(searcher)
        allowed = self._without_deleted(searcher, self._allowed_docs(searcher, tables, models, ()))
        of = tables.value_of(by)
        if allowed is not None:
            of = {doc: value for doc, value in of.items() if doc in allowed}
        pivot = {}
        for value, docs in tables.facet_sets(field).items():
            counts = Counter(map(of.get, docs))
            counts.pop(None, None)
            if counts:
                pivot[value] = dict(counts)
        return pivot

    def _narrow_docs(self, searcher, tables, query):
        """The documents a filter query allows, from the searcher's tables when it can."""
        field = getattr(query, "fieldname", None)
        if isinstance(query, wq.Term) and field in self.schema:
            return tables.facet_sets(field).get(query.text, frozenset())
        if (
            isinstance(query, wq.NumericRange)
            and isinstance(self.schema[field], DATETIME)
            and not (query.startexcl or query.endexcl)
        ):
            start = long_to_datetime(query.start) if query.start is not None else None
            end = long_to_datetime(query.end) if query.end is not None else None
            return tables.date_range(field, start, end)
        return tables.cached_filter(repr(query), lambda: frozenset(searcher.docs_for_query(query)))

    def _allowed_docs(self, searcher, tables, models, narrow_queries):
        """Documents passing the model narrowing and every filter, or None for all."""
        allowed = None
        if models:
            by_type = tables.facet_sets(DJANGO_CT)
            kinds = [by_type.get(get_model_ct(m), frozenset()) for m in models]
            allowed = kinds[0] if len(kinds) == 1 else frozenset().union(*kinds)
        for narrow in sorted(narrow_queries or ()):
            parsed = self.parser.parse(force_str(narrow))
            if parsed is None or parsed is wq.NullQuery:
                continue
            found = self._narrow_docs(searcher, tables, parsed)
            allowed = found if allowed is None else allowed & found
        return allowed

    def _matches_everything(self, query):
        # Every document has the document field, so Every on it (what haystack's
        # "*" parses to) is the whole index. Whoosh would find that out by
        # reading the postings of every word: over a minute at 100,000 articles.
        if isinstance(query, wq.Or) and not query.minmatch:
            return any(map(self._matches_everything, query.subqueries))
        return isinstance(query, wq.Every) and query.fieldname in (None, self.content_field_name)

    @staticmethod
    def _live_docs(searcher):
        """Every document not deleted (the docsets tables keep deleted ones)."""
        tables = docsets.tables_for(searcher)
        return tables.cached_filter("every", lambda: frozenset(searcher.reader().all_doc_ids()))

    def _without_deleted(self, searcher, docs):
        """``docs`` (None: all) less the deleted documents the docsets tables still hold."""
        if not searcher.reader().has_deletions():
            return docs
        live = self._live_docs(searcher)
        return live if docs is None else docs & live

    def _docset(self, searcher, query, kept=None):
        """The documents ``query`` matches, combining its words' postings as sets.

        Whoosh walks AND/OR matchers one document at a time in Python; set
        operations over each word's postings give the same documents faster.
        """
        if self._matches_everything(query):
            return self._live_docs(searcher)
        if isinstance(query, wq.AndMaybe):
            return self._docset(searcher, query.a, kept)
        if isinstance(query, wq.AndNot):
            return self._docset(searcher, query.a, kept) - self._docset(searcher, query.b)
        if isinstance(query, wq.And) and query.subqueries:
            parts = sorted((self._docset(searcher, sub, kept) for sub in query.subqueries), key=len)
            return parts[0].intersection(*parts[1:])
        if isinstance(query, wq.Or) and query.subqueries and not query.minmatch:
            return frozenset().union(
                *(self._docset(searcher, sub, kept) for sub in query.subqueries)
            )
        if type(query) is wq.Term:
            return docsets.term_docs(searcher, query.fieldname, query.text, kept)
        return frozenset(searcher.docs_for_query(query))

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
        """One search: the exact total, facet counts and the hits ``[start:end]``.

        The matching documents are found once as a set; filters, facets and
        date sorting come from per-segment tables (``docsets``), and Whoosh
        scores only what it needs for the top ``end`` hits.
        """
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
        searcher = self.searcher()
        if not searcher.doc_count():
            return empty
        start = start_offset or 0
        sortedby, reverse = self._sorting(sort_by)
        process = functools.partial(
            self._process_results,
            highlight=highlight,
            query_string=query_string,
            spelling_query=spelling_query,
            result_class=result_class,
        )
        if date_facets:
            # Whoosh's own faceting, for haystack's date facets (which no page uses).
            group_by, facet_types = self._grouping(facets, date_facets)
            results = searcher.search(
                parsed,
                optimize=WHOOSH_OPTIMIZE,
                limit=end_offset,
                sortedby=sortedby,
                reverse=reverse,
                groupedby=group_by or None,
                filter=self._filter_query(models, narrow_queries),
            )
            processed = process(_Window(results, start, end_offset), facet_types=facet_types)
            processed.setdefault("facets", {})
            return processed

        tables = docsets.tables_for(searcher)
        allowed = self._allowed_docs(searcher, tables, models, narrow_queries)
        # The postings read to find the matches, kept for scoring them (a
        # search sorted by date scores nothing).
        kept = None if sortedby else docsets.KeptPostings()
        if allowed is not None and self._matches_everything(parsed):
            docs = self._without_deleted(searcher, allowed)  # narrowing "*": the narrowing
        else:
            docs = self._docset(searcher, parsed, kept)
            if allowed is not None:
                docs = docs & allowed
        end = len(docs) if end_offset is None else min(end_offset, len(docs))
        if not docs or start >= end:
            top_n = []
        elif sortedby and len(sortedby) == 1 and isinstance(self.schema[sortedby[0]], DATETIME):
            top_n = [(0.0, d) for d in tables.ordered(sortedby[0], docs, reverse, end)]
        else:
            plain, phrase = rescore.split(parsed) if not sortedby else (parsed, None)
            limit = end if phrase is None else max(end, rescore.PHRASE_WINDOW)
            top_n = None if sortedby else scoring.top_hits(searcher, plain, docs, limit, kept)
            if top_n is None:
                # ``docs`` are the query's own matches, narrowed: only a narrowing filters.
                top_n = searcher.search(
                    plain,
                    optimize=WHOOSH_OPTIMIZE,
                    limit=limit,
                    sortedby=sortedby,
                    reverse=reverse,
                    filter=None if allowed is None else _AllowedDocs(docs),
                ).top_n
            if phrase is not None:
                top_n = rescore.rescored(searcher, phrase, top_n)[:end]
        processed = process(_Window(Results(searcher, parsed, top_n), start, end, total=len(docs)))
        processed["facets"] = self._facet_counts(tables, docs, facets) if facets else {}
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
        # The model narrowing from the docsets tables, not a filter query Whoosh
        # would run over the whole index for every article page.
        allowed = self._allowed_docs(searcher, docsets.tables_for(searcher), models, narrow)
        if allowed is not None and not allowed:
            return {"results": [], "hits": 0}
        # Searcher.more_like, written out to pass optimize (see WHOOSH_OPTIMIZE),
        # with cheaper key terms (see similar.py).
        key_terms = similar.key_terms(searcher, self.content_field_name, docnum)
        if not key_terms:
            return {"results": [], "hits": 0}
        results = searcher.search(
            wq.Or([wq.Term(self.content_field_name, word, boost=w) for word, w in key_terms]),
            limit=end_offset or 10,
            filter=None if allowed is None else _AllowedDocs(allowed),
            mask={docnum},
            optimize=WHOOSH_OPTIMIZE,
        )
        if not results:
            return {"results": [], "hits": 0}
        # Counting every document sharing a word with this one walked the whole
        # OR (190 ms an article page at 100,000 articles): the total of a
        # more-like-this list is the hits it shows.
        window = _Window(results, start_offset or 0, end_offset, total=results.scored_length())
        return self._process_results(window, result_class=result_class)

    # -- writing ------------------------------------------------------------

    def _open_for_writing(self):
        if not self.setup_complete or (
            self.use_file_storage and self._generation != self.generation_path()
        ):
            self.setup()
        self.index = self.index.refresh()

    def _writer(self, timeout=None):
        self._open_for_writing()
        timeout = self.writer_timeout if timeout is None else timeout
        # Segments stay compound: with separate files Whoosh 2.7 stats a
        # missing length column once per posting while merging (minutes at
        # 10k documents). Readers are long-lived instead (see ``searcher``).
        return self.index.writer(timeout=timeout, delay=0.05, limitmb=WRITER_POOL_MB)

    @contextlib.contextmanager
    def batch(self, timeout=None):
        """Hold the index's write lock; collect changes; commit them once at the end.

        Raises ``whoosh.index.LockError`` when another writer holds the lock
        for longer than ``timeout`` seconds.
        """
        try:
            writer = self._writer(timeout)
        except LockError:
            raise
        except Exception as error:
            # A damaged table of contents, or a disk that refuses the lock file.
            raise IndexUnwritable(
                f"the search index cannot be opened for writing: {error}"
            ) from error
        batch = writing.Batch(self, writer)
        try:
            yield batch
            batch.commit()
        except BaseException as error:
            writing.abandon(writer)
            if is_disk_error(error) and not isinstance(error, IndexUnwritable):
                raise IndexUnwritable(f"the search index cannot be written: {error}") from error
            raise

    @contextlib.contextmanager
    def filling(self, procs=1):
        """Fill this empty index (a rebuild's new one) with ``add(doc)``; written at the end.

        With ``procs`` > 1, that many forked processes analyse the documents
        and write a segment each (see ``articles.search.bulk``).
        """
        self._open_for_writing()
        # Forked processes cannot write into this process's memory.
        filler = bulk.Filler(self.index, procs=procs if self.use_file_storage else 1)
        try:
            yield filler
            filler.commit()
        except BaseException:
            filler.cancel()
            raise

    @contextlib.contextmanager
    def write_lock(self, timeout=None):
        """Hold the live index's write lock without opening the index.

        For a rebuild, which must work when the live index is too damaged to open.
        """
        from whoosh.filedb.filestore import FileStorage
        from whoosh.index import _DEF_INDEX_NAME
        from whoosh.util import now

        self._ensure_link()
        lock = FileStorage(self.generation_path()).lock(f"{_DEF_INDEX_NAME}_WRITELOCK")
        deadline = now() + (self.writer_timeout if timeout is None else timeout)
        while not lock.acquire():
            if now() > deadline:
                raise LockError("the search index is locked by another writer")
            time.sleep(0.05)
        try:
            yield
        finally:
            lock.release()

    def update(self, index, iterable, commit=True):
        with self.batch() as batch:
            batch.update(index, iterable)

    def remove(self, obj_or_string, commit=True):
        self.remove_many([get_identifier(obj_or_string)])

    def remove_many(self, identifiers):
        with self.batch() as batch:
            batch.remove(identifiers)

    def indexed_identifiers(self):
        """Every document id in the live index (``app.model.pk``)."""
        searcher = self.searcher()
        reader = searcher.reader()
        return {fields[ID] for docnum, fields in reader.iter_docs() if ID in fields}

    def clear(self, models=None, commit=True):
        self._close_searcher()
        super().clear(models=models, commit=commit)

    def delete_index(self):
        # Swap in an empty generation rather than deleting files under
        # searchers that other threads and processes still hold open.
        self._close_searcher()
        if not self.use_file_storage:
            return super().delete_index()
        previous = self.swap_to(self.new_generation())
        self.setup()
        if previous:
            shutil.rmtree(previous, ignore_errors=True)


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
