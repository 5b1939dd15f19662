"""The query language: what the parser accepts, what it refuses, and what it finds."""

import datetime

import pytest
from django.urls import reverse

from articles.search import syntax
from articles.tests import factories as f

# -- the parser alone -------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "rendered"),
    [
        ("floods", "(floods)"),
        ("arms supply", '((arms AND supply) ANDMAYBE "arms supply"^2)'),
        ("arms AND supply", '((arms AND supply) ANDMAYBE "arms supply"^2)'),
        ("helicopters OR drones", "((helicopters OR drones))"),
        ("floods -cricket", "((floods AND (NOT cricket)))"),
        ("floods NOT cricket", "((floods AND (NOT cricket)))"),
        ('floods -"test match"', '((floods AND (NOT "test match")))'),
        ('"arms supply"', '("arms supply")'),
        ('"arms supply"~5', '("arms supply"~5)'),
        ("(india OR pakistan) talks", "(((india OR pakistan) AND talks))"),
        ("paki*", "(paki*)"),
        ("shoigu~", "(shoigu~2/1)"),
        ("shoigu~1", "(shoigu~1/1)"),
        ("headline:floods", "(headline:floods)"),
        ("Headline:Floods", "(headline:floods)"),
        ("byline:reporter", "(byline:reporter)"),
        ("dateline:karachi", "(dateline:karachi)"),
        ("caption:airport", "(caption:airport)"),
        ("body:floods", "(text:floods)"),
        ("editorial:embankments", "((type:editorial AND embankments))"),
        ('headline:"arms supply"', '(headline:"arms supply")'),
        ("headline:(floods OR rains)", "((headline:floods OR headline:rains))"),
        ("topic:climate-change", "(topics:climate-change)"),
        ("country:PK", "(countries:pk)"),
        ("counter-terrorism", '("counter terrorism")'),
        # Whoosh operators typed in lower case, or unknown to us, stay words.
        ("rock and roll", '((rock AND and AND roll) ANDMAYBE "rock and roll"^2)'),
        ("ANDMAYBE REQUIRE", '((andmaybe AND require) ANDMAYBE "andmaybe require"^2)'),
        ("10:30 http://x.org", '(("10 30" AND "http x.org"))'),
    ],
)
def test_render(query, rendered):
    assert syntax.render(syntax.parse(query).tree) == rendered


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ('"arms supply', "quotation mark"),
        ("(floods", "parenthesis is not closed"),
        ("floods)", "closing parenthesis"),
        ("floods AND", "needs a word"),
        ("AND floods", "needs a word"),
        ("floods OR", "needs a word"),
        ("NOT", "needs a word"),
        ("()", "empty"),
        ("*floods", "can only end a word"),
        ("fl*ods", "can only end a word"),
        ("p*", "two letters"),
        ('"arms supply"~x', "number of words"),
        ("shoigu~7", "close spellings"),
        ("date:2014-13", "not a date"),
        ("date:yesterday", "not a date"),
        ("date:2015..2014", "ends before"),
        ("date:..", "at least one end"),
        ("floods OR date:2014", "whole query"),
        ("topic:Climate_Change!", "needs a value"),
        ("headline: floods", "needs a word"),
    ],
)
def test_invalid_syntax_is_refused_with_a_reason(query, reason):
    with pytest.raises(syntax.QuerySyntaxError, match=reason):
        syntax.parse(query)
    fallback = syntax.read(query)
    assert reason in fallback.fallback_reason


def test_date_clauses_become_a_range():
    parsed = syntax.parse("floods date:2014-03 date:2014-03-10..")
    assert syntax.render(parsed.tree) == "(floods)"
    assert parsed.start == datetime.date(2014, 3, 10)
    assert parsed.end == datetime.date(2014, 3, 31)
    assert syntax.parse("date:2016..").end is None
    leap = syntax.parse("date:2016-02")
    assert (leap.start, leap.end) == (datetime.date(2016, 2, 1), datetime.date(2016, 2, 29))


def test_fallback_keeps_the_words():
    parsed = syntax.read('"arms (supply AND')
    assert parsed.fallback_reason
    assert syntax.render(parsed.tree) == '((arms AND supply AND and) ANDMAYBE "arms supply and"^2)'


def test_deep_nesting_does_not_crash():
    parsed = syntax.read("(" * 3000 + "floods" + ")" * 3000)
    assert parsed.tree is not None


# -- through the search page --------------------------------------------------


@pytest.fixture
def corpus(search_index):
    arms = f.article(
        "Arms supply deal signed",
        body="<p>The arms supply was agreed after talks.</p>",
        byline="Staff Reporter",
        dateline="KARACHI",
        topics=["Defence"],
        countries=["PK"],
        published=f.when(2014, 3, 5),
    )
    scattered = f.article(
        "Talks continue",
        body="<p>Arms were discussed at length, and then the question of supply lines.</p>",
        dateline="LAHORE",
        topics=["Defence"],
        countries=["IN"],
        published=f.when(2015, 6, 1),
    )
    cricket = f.article(
        "Floods and cricket",
        body="<p>The floods delayed the cricket test match in Pakistan.</p>",
        captions=["Fans at the airport"],
        topics=["Sport"],
        countries=["PK"],
        published=f.when(2015, 8, 9),
    )
    floods = f.article(
        "Floods in Sindh",
        body="<p>Pakistani officials counted the flooded villages.</p>",
        countries=["PK"],
        published=f.when(2016, 1, 2),
    )
    editorial = f.editorial(
        "Weak embankments",
        teaser="<p>The floods expose weak embankments.</p>",
        date=datetime.date(2015, 8, 10),
    )
    return {
        "arms": arms,
        "scattered": scattered,
        "cricket": cricket,
        "floods": floods,
        "editorial": editorial,
    }


def search(client, q, **params):
    response = client.get(reverse("articles:search"), {"q": q, **params})
    assert response.status_code == 200
    return response


def found(client, q, **params):
    return {hit.object for hit in search(client, q, **params).context["outcome"].hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("floods", {"cricket", "floods", "editorial"}),
        ("floods -cricket", {"floods", "editorial"}),
        ("floods NOT cricket", {"floods", "editorial"}),
        ("floods AND cricket", {"cricket"}),
        ("cricket OR embankments", {"cricket", "editorial"}),
        ("(cricket OR embankments) floods", {"cricket", "editorial"}),
        ('"arms supply"', {"arms"}),
        ('"arms supply"~10', {"arms", "scattered"}),
        ("arms supply", {"arms", "scattered"}),
        ("paki*", {"cricket", "floods"}),
        ("headline:floods", {"cricket", "floods"}),
        ("byline:reporter", {"arms"}),
        ("dateline:lahore", {"scattered"}),
        ("caption:airport", {"cricket"}),
        ("editorial:floods", {"editorial"}),
        ("-editorial:floods floods", {"cricket", "floods"}),
        ("topic:defence", {"arms", "scattered"}),
        ("country:in", {"scattered"}),
        ("type:editorial", {"editorial"}),
        ("floods date:2015", {"cricket", "editorial"}),
        ("date:2014-03", {"arms"}),
        ("floods date:2015-08-10..", {"editorial", "floods"}),
        ("-floods", {"arms", "scattered"}),
    ],
)
def test_query_language_finds(corpus, client, query, expected):
    assert found(client, query) == {corpus[name] for name in expected}


def test_invalid_syntax_falls_back_with_a_notice(corpus, client):
    response = search(client, '"floods cricket')
    outcome = response.context["outcome"]
    assert {hit.object for hit in outcome.hits} == {corpus["cricket"]}
    assert any("could not be read as search syntax" in n for n in outcome.notices)
    assert "could not be read as search syntax" in response.content.decode()


def test_query_date_and_form_dates_both_apply(corpus, client):
    assert found(client, "floods date:2015", to="2015-08-09") == {corpus["cricket"]}
    response = search(client, "floods date:2015")
    chip = response.context["outcome"].query_dates
    assert chip["text"] == "date:2015"
    assert chip["href"] == "?q=floods"
    assert "In the query: date:2015" in response.content.decode()


def test_help_page_is_linked_from_the_search_boxes(client, db):
    help_url = reverse("articles:search-help")
    response = client.get(help_url)
    assert response.status_code == 200
    for example in ('"arms supply"~5', "paki*", "headline:floods", "editorial:", "date:2014"):
        assert example in response.content.decode()
    assert help_url in client.get(reverse("articles:home")).content.decode()
    assert help_url in client.get(reverse("articles:search")).content.decode()
