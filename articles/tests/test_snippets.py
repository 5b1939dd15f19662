"""Snippets: passages around the query words, marked and escaped (search/highlight.py)."""

import re

from articles.search.highlight import query_terms, snippet

FILLER = " ".join(f"word{n}" for n in range(80))  # about 600 characters of nothing


def marks(html):
    return re.findall(r'<mark class="match (term\d)">([^<]*)</mark>', html)


def test_a_short_text_is_shown_whole_with_every_stem_of_a_query_word_marked():
    html = str(snippet("Floods rose; the flooded town & its flooding river.", query_terms("flood")))
    assert html == (
        '<mark class="match term0">Floods</mark> rose; the <mark class="match term0">flooded'
        '</mark> town &amp; its <mark class="match term0">flooding</mark> river.'
    )


def test_a_long_text_gives_the_two_best_passages_in_text_order():
    text = (
        f"Opening about drought. {FILLER} Middle: navy drills amid the drought. "
        f"{FILLER} Late mention of drought again. {FILLER} Navy drills, drought relief."
    )
    html = str(snippet(text, query_terms("navy drought drills"), length=240))
    passages = html.split(" … ")
    assert len(passages) == 2
    # The passages with all three words beat those with one; text order kept.
    assert all({"navy", "drills", "drought"} <= {w.lower() for _, w in marks(p)} for p in passages)
    assert "Middle: <mark" in passages[0]
    assert "Opening" not in html and "Late mention" not in html
    assert passages[0].startswith("word") and len(passages[0]) < 240 + 150
    assert html.endswith("relief.")


def test_terms_number_in_order_of_first_appearance():
    html = str(snippet("Wheat prices and flour prices, then wheat again.", {"price", "wheat"}))
    assert marks(html) == [
        ("term0", "Wheat"),
        ("term1", "prices"),
        ("term1", "prices"),
        ("term0", "wheat"),
    ]


def test_markup_in_the_text_is_escaped_not_marked_up():
    html = str(snippet('<b onclick="x()">tariffs</b> & more', {"tariff"}))
    assert html.startswith('&lt;b onclick=&quot;x()&quot;&gt;<mark class="match term0">tariffs')
    assert "<b" not in html


def test_no_match_gives_the_opening_of_the_text():
    text = "Nothing here matches. " + FILLER
    html = str(snippet(text, {"zebra"}, length=100))
    assert html.startswith("Nothing here matches.") and html.endswith(" …")
    assert "<mark" not in html and len(html) <= 102
