"""The benchmark corpus: deterministic, shaped like an archive, loadable in bulk."""

import itertools
import json
import statistics
from collections import Counter

import pytest
from django.core.management import call_command

from articles.corpus.generator import TOPIC_NAMES, editorial_count, generate_records
from articles.corpus.loader import generated_content_hash, load_corpus
from articles.corpus.words import FUNCTION_WORDS, Vocabulary
from articles.ingest.identity import content_hash
from articles.models import Article, Caption, Editorial, Topic
from articles.sanitize import sanitize_html, strip_tags


@pytest.fixture(scope="module")
def vocab():
    return Vocabulary(5)


def records(count, seed, vocab):
    return [record for _, record in generate_records(count, seed, vocab)]


def test_same_seed_same_records_other_seed_other_records(vocab):
    first = records(20, 5, vocab)
    assert records(20, 5, Vocabulary(5)) == first
    assert records(20, 6, vocab) != first


def test_records_are_shaped_like_an_archive(vocab):
    sample = records(300, 5, vocab)
    body_words = [len(strip_tags(r["body_html"]).split()) for r in sample]
    assert 330 < statistics.mean(body_words) < 470
    assert all(len(r["headline"].split()) >= 6 for r in sample)
    assert all(1 <= len(r["captions"]) <= 2 and r["captions"][0]["credit"] for r in sample)
    paragraphs = [r["body_html"].count("<p>") for r in sample]
    assert min(paragraphs) >= 2 and 4 < statistics.mean(paragraphs) < 9
    years = {r["published"][:4] for r in sample}
    assert len(years) == 30
    assert [r["published"] for r in sample] == sorted(r["published"] for r in sample)
    assert len({c for r in sample for c in r["countries"]}) > 60
    assert len({t for r in sample for t in r["topics"]}) == len(TOPIC_NAMES) == 40
    # Opinion pieces are shared: far fewer distinct ones than references to them.
    shown = [(e["title"], e["date"]) for r in sample for e in r["editorials"]]
    assert len(set(shown)) <= editorial_count(300) < len(shown) / 3


def test_word_frequencies_follow_zipf(vocab):
    words = Counter(
        word.strip(".,").lower()
        for r in records(300, 5, vocab)
        for word in strip_tags(r["body_html"]).split()
    )
    ranked = [count for _, count in words.most_common()]
    # Zipf-Mandelbrot, 1 / (rank + 2.7): the commonest word is about 1.4 times
    # the second and 4.3 times the tenth...
    assert 1.2 < ranked[0] / ranked[1] < 1.7
    assert 3.5 < ranked[0] / ranked[9] < 5.5
    # ...function words lead, and the tail is long: most words are rare.
    assert words.most_common(1)[0][0] in FUNCTION_WORDS
    assert len(words) > 15_000
    assert sum(1 for count in ranked if count == 1) > len(words) / 3


def test_generated_markup_is_what_the_sanitizer_keeps(vocab):
    # The loader skips the sanitizer and computes the hash itself: both rely on this.
    for r in records(100, 5, vocab):
        assert sanitize_html(r["body_html"]) == r["body_html"]
        assert generated_content_hash(r["headline"], r["body_html"]) == content_hash(
            r["headline"], r["body_html"]
        )


@pytest.mark.django_db
def test_bulk_load_writes_articles_and_their_parts(vocab):
    count, _seconds = load_corpus(generate_records(250, 5, vocab), batch_size=100)
    assert count == Article.objects.count() == 250
    assert Topic.objects.filter(slug="local-government").exists()
    assert Caption.objects.count() >= 250
    article = Article.objects.order_by("published").first()
    assert article.topics.exists() and article.countries.exists()
    assert article.body.startswith("<p>") and article.content_hash
    # Editorials are stored once and linked from many articles.
    assert 0 < Editorial.objects.count() <= editorial_count(250)
    assert Editorial.articles.through.objects.count() > 2 * Editorial.objects.count()
    assert len({(a.published.date(), a.slug) for a in Article.objects.all()}) == 250


@pytest.mark.django_db
def test_generated_archive_is_searchable(search_index, vocab):
    load_corpus(generate_records(60, 5, vocab))
    call_command("update_index", verbosity=0)
    article = Article.objects.order_by("pk")[7]
    from articles.search.query import run_search

    outcome = run_search({"q": f'"{article.headline}"'})
    assert [hit.object.pk for hit in outcome.hits][:1] == [article.pk]


@pytest.mark.django_db
def test_jsonl_output_is_valid_importer_records(tmp_path):
    # Checked with the importer's own validation; a full import here leaves
    # process-wide tagging caches that change other tests' query counts.
    from articles.ingest.validation import clean_record

    out = tmp_path / "corpus.jsonl"
    call_command("generate_corpus", size=4, seed=9, out=str(out), verbosity=0)
    lines = out.read_text().splitlines()
    assert len(lines) == 4
    for line in itertools.islice(lines, 4):
        record = clean_record(json.loads(line))
        assert record.headline and record.body.startswith("<p>") and record.captions
