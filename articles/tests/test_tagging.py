import pytest

from articles.models import Topic
from articles.tagging import countries_in, country_code_for, topics_in


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks between Pakistan and Russia resumed.", {"PK", "RU"}),
        ("Pakistani and Russian officials met an Afghan envoy.", {"PK", "RU", "AF"}),
        ("The minister flew from Islamabad to Kabul.", {"PK", "AF"}),
        ("US-led forces left; the U.S. embassy stayed.", {"US"}),
        ("The United States and America's allies.", {"US"}),
        ("Britain and the UK are one; so is the United Kingdom.", {"GB"}),
        ("Pakistan’s request was accepted.", {"PK"}),
        ("Oil from the Niger Delta.", {"NG"}),
        ("Niger and Nigeria share a border.", {"NE", "NG"}),
        ("Guinea-Bissau, Equatorial Guinea and Papua New Guinea.", {"GW", "GQ", "PG"}),
        ("Exports to Guinea rose.", {"GN"}),
        ("Turkey and Syria signed a deal.", {"TR", "SY"}),
        ("Chad closed its border.", {"TD"}),
        ("Jordan and Israel signed a treaty.", {"JO", "IL"}),
        ("Georgia's parliament met in Tbilisi.", {"GE"}),
    ],
)
def test_countries_named_in_prose(text, expected):
    assert countries_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We roasted a turkey for dinner.",
        "A hanging chad decided the count.",
        "Michael Jordan retired again.",
        "Chad Smith scored twice.",
        "Voters in Atlanta, Georgia queued for hours.",
        "Trade with Latin America grew.",
        "The Indian Ocean is warming.",
        "Property prices in New Jersey fell.",
        "LET US BEGIN THE MEETING",
        "nothing about pakistan in lower case",
        "An English-language newspaper.",
    ],
)
def test_words_that_only_look_like_countries(text):
    assert countries_in(text) == set()


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("ISLAMABAD", {"PK"}),
        ("KARACHI", {"PK"}),
        ("KABUL/ISLAMABAD", {"AF", "PK"}),
        ("NEW DELHI", {"IN"}),
        ("WASHINGTON", {"US"}),
        ("Moscow", {"RU"}),
        ("NOWHERE-IN-PARTICULAR", set()),
    ],
)
def test_datelines(dateline, expected):
    assert countries_in("", dateline=dateline) == expected


def test_ambiguous_capital_counts_in_a_dateline_but_not_in_prose():
    assert countries_in("Mr Nassau spoke.") == set()
    assert countries_in("", dateline="NASSAU") == {"BS"}


@pytest.mark.parametrize(
    ("name", "code"),
    [("pk", "PK"), ("PAK", "PK"), ("russia", "RU"), ("Britain", "GB"), ("turkey", "TR")],
)
def test_country_code_for_names_and_codes_in_any_case(name, code):
    assert country_code_for(name) == code


def test_country_code_for_unknown_name():
    assert country_code_for("Atlantis") is None


def test_topics_by_keyword_on_word_boundaries_in_any_case():
    defence = Topic(name="Defence", slug="defence", keywords="defence pact\nmilitary")
    drugs = Topic(name="Narcotics", slug="narcotics", keywords="narcotics\n\n drug trafficking ")
    empty = Topic(name="Empty", slug="empty", keywords="")
    topics = [defence, drugs, empty]

    assert topics_in("A new DEFENCE PACT was signed.", topics) == [defence]
    assert topics_in("Drug Trafficking and the Military.", topics) == [defence, drugs]
    assert topics_in("Paramilitary forces and narcoticsy words.", topics) == []


def test_country_evidence_gives_the_sentence_and_a_confidence():
    from articles.tagging import country_evidence

    text = (
        "Markets were calm. Officials from Norway arrived on Monday, and Norway's envoy spoke."
        " Nothing else happened."
    )
    found = country_evidence(text, dateline="KABUL")

    assert set(found) == {"NO", "AF"}
    assert found["NO"].sentence == (
        "Officials from Norway arrived on Monday, and Norway's envoy spoke."
    )
    assert found["NO"].matched == "Norway"
    assert found["AF"].sentence == "Dateline: KABUL"
    # Two mentions are surer than one; a dateline is surest.
    assert (
        found["AF"].confidence
        > found["NO"].confidence
        > country_evidence("In Norway.")["NO"].confidence
    )


def test_topic_evidence_sentence_and_confidence():
    from articles.tagging import topic_evidence

    water = Topic(name="Water", slug="water", keywords="dam\nirrigation")
    found = topic_evidence("Rain fell. The dam was full and irrigation resumed. End.", [water])

    assert [(t.slug, e.sentence, e.matched) for t, e in found] == [
        ("water", "The dam was full and irrigation resumed.", "dam")
    ]
    assert 0.5 < found[0][1].confidence < 1


def test_country_tagging_on_reuters_keeps_its_measured_precision_and_recall():
    import importlib.util

    from articles.tests.shared_data import REPO, require

    folder = require("corpora/reuters21578")
    spec = importlib.util.spec_from_file_location("tagging_bench", REPO / "bench/tagging_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    tp = fp = fn = 0
    for n, (title, dateline, body, places) in enumerate(bench.stories(folder)):
        if n == 1500:
            break
        truth = {bench.place_code(p) for p in places} - {None}
        found = countries_in(f"{title}\n\n{body}", bench.dateline_place(dateline))
        tp, fp, fn = tp + len(found & truth), fp + len(found - truth), fn + len(truth - found)

    assert tp / (tp + fp) > 0.65
    assert tp / (tp + fn) > 0.75
