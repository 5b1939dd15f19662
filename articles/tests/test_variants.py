"""Near-duplicates: versions of one wire story grouped under a canonical article."""

import os
import subprocess
import sys
import zlib

import pytest
from django.conf import settings

from articles.ingest.importer import Outcome, import_records
from articles.models import Article

PARAGRAPHS = [
    "Heavy rain flooded low-lying districts of the port city on Tuesday, forcing hundreds of"
    " families to leave their homes as rescue teams worked through the night.",
    "The provincial disaster authority said water levels in the main drains had risen by two"
    " metres in six hours and that pumping stations were running at full capacity.",
    "Schools and offices were closed and the airport suspended flights for the afternoon while"
    " crews cleared the runway, officials said.",
    "Forecasters expect more rain over the next two days before the system moves inland.",
]


def story(n, headline, paragraphs, **extra):
    return (
        f"wire.jsonl:{n}",
        {
            "headline": headline,
            "published": f"2023-07-1{n}T10:00:00+05:00",
            "url": f"https://wire.example.org/floods-{n}",
            "body_text": "\n\n".join(paragraphs),
            **extra,
        },
    )


@pytest.mark.django_db
def test_versions_of_a_story_are_grouped_under_the_first():
    report = import_records(
        [
            story(1, "Floods force families from homes", PARAGRAPHS[:3]),
            story(2, "UPDATE 1-Floods force hundreds from homes", PARAGRAPHS),
            story(3, "Floods force families from homes in port city", PARAGRAPHS[1:] + ["More."]),
            story(4, "Cricket board names new captain", ["An unrelated story. " * 30]),
        ]
    )

    assert [o.outcome for o in report.outcomes] == [Outcome.CREATED] * 4
    first = Article.objects.get(url="https://wire.example.org/floods-1")
    variants = set(first.variants.values_list("url", flat=True))
    assert variants == {"https://wire.example.org/floods-2", "https://wire.example.org/floods-3"}
    assert "a version of article" in report.outcomes[1].reason
    assert Article.objects.get(url__endswith="floods-4").canonical is None
    assert first.canonical is None


@pytest.mark.django_db
def test_variants_are_shown_on_the_canonical_page_and_link_back(client):
    import_records(
        [
            story(1, "Floods force families from homes", PARAGRAPHS[:3]),
            story(2, "UPDATE 1-Floods force hundreds from homes", PARAGRAPHS),
        ]
    )
    first = Article.objects.get(url__endswith="floods-1")
    second = Article.objects.get(url__endswith="floods-2")

    page = client.get(first.get_absolute_url()).content.decode()
    back = client.get(second.get_absolute_url()).content.decode()

    assert "Other versions of this story" in page
    assert second.get_absolute_url() in page
    assert "This is a version of" in back and first.get_absolute_url() in back


def test_shingles_are_every_run_of_four_words_after_folding_case_and_spacing():
    from articles.ingest.variants import MIN_WORDS, shingles

    words = [f"w{n}" for n in range(MIN_WORDS)]
    text = "  ".join(words).upper()
    found = shingles(text)

    def run_of(four):
        # The four words' CRC-32s side by side, as one 128-bit number.
        packed = b"".join(zlib.crc32(word.encode()).to_bytes(4, "big") for word in four)
        return int.from_bytes(packed, "big")

    assert found == {run_of(words[i : i + 4]) for i in range(MIN_WORDS - 3)}
    assert len(found) == MIN_WORDS - 3
    assert shingles(" ".join(words[:-1])) == frozenset()  # too short to compare


def test_sketches_are_the_same_in_any_process():
    from articles.ingest.variants import sketch, text_shingles

    body = " ".join(PARAGRAPHS)
    script = (
        "import sys; from articles.ingest.variants import sketch, text_shingles; "
        f"sys.stdout.write(sketch(text_shingles('Floods', {body!r})).hex())"
    )
    other = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        # ``-c`` puts the working directory first on the path: the project's.
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    # A failing helper says why (``check=True`` would report its exit status alone).
    assert other.returncode == 0, other.stderr
    mine = sketch(text_shingles("Floods", body))
    assert len(mine) == 8 * min(64, len(text_shingles("Floods", body)))
    assert other.stdout == mine.hex()


def test_sketches_pass_versions_on_and_turn_unrelated_stories_away():
    from articles.ingest.variants import may_resemble, resemblance, shingles, sketch, sketch_values

    words = [f"word{n}" for n in range(400)]
    original = shingles(" ".join(words))
    # Versions: a paragraph added, one dropped, a sentence reworded.
    versions = [
        words + [f"extra{n}" for n in range(60)],
        words[:300],
        words[:150] + ["reworded", "here"] + words[160:],
    ]
    for version in versions:
        theirs = shingles(" ".join(version))
        assert resemblance(original, theirs) >= 0.5
        assert may_resemble(sketch_values(sketch(original)), sketch(theirs))
    unrelated = shingles(" ".join(f"other{n}" for n in range(400)))
    assert not may_resemble(sketch_values(sketch(original)), sketch(unrelated))
    # A story stored before sketches is compared exactly.
    assert may_resemble(sketch_values(sketch(original)), b"")
