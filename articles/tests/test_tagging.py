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
