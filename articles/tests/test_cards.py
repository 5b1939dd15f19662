"""Article cards and tag chips (articles/templatetags/card_tags.py) write the markup
the templates they replaced wrote, escaped the same way."""

import pytest
from django.template import Context, Template

from articles.models import Article
from articles.templatetags.card_tags import article_card, tag_chips
from articles.tests import factories as f
from articles.tests.html_events import parsed

# The include templates the tags replaced, kept here as the reference.
CHIPS = (
    "{% if topics or countries %}"
    '<ul class="chips" aria-label="Topics and countries">'
    "{% for topic in topics %}"
    '<li><a class="chip chip--topic" href="{{ topic.get_absolute_url }}">'
    '<span class="visually-hidden">Topic: </span>{{ topic.name }}</a></li>'
    "{% endfor %}"
    "{% for country in countries %}"
    '<li><a class="chip chip--country" href="{{ country.get_absolute_url }}">'
    '<span class="visually-hidden">Country: </span>{{ country.name }}</a></li>'
    "{% endfor %}"
    "</ul>{% endif %}"
)
CARD = (
    "{% load archive_tags %}"
    '<article class="card{% if article.is_demo %} card--demo{% endif %}">'
    '<h{{ heading_level|default:3 }} class="card__title">'
    '<a href="{{ article.get_absolute_url }}">{{ article.headline }}</a>'
    "</h{{ heading_level|default:3 }}>"
    '<p class="card__meta">'
    "<time datetime=\"{{ article.published|date:'c' }}\">"
    '{{ article.published|date:"j F Y" }}</time>'
    "{% if article.dateline %}"
    '<span class="card__dateline">{{ article.dateline }}</span>{% endif %}'
    "{% if article.is_demo %}"
    '<span class="badge badge--demo">Demo</span>{% endif %}'
    "</p>"
    "{% with taster=article|first_words:40 %}{% if taster %}"
    '<p class="card__summary">{{ taster }}</p>{% endif %}{% endwith %}'
    "{% with topics=article.topics.all countries=article.countries.all %}"
    + CHIPS
    + "{% endwith %}</article>"
)


def _reference(article, heading_level=None):
    context = {"article": article}
    if heading_level is not None:
        context["heading_level"] = heading_level
    return Template(CARD).render(Context(context))


@pytest.mark.django_db
@pytest.mark.parametrize("heading_level", [None, 2, 5])
def test_card_equals_the_template_it_replaced(heading_level):
    f.article(
        'Talks & "truce" <script>alert(1)</script>',
        dateline="KARACHI <b>",
        summary="Both sides <i>met</i> & talked.",
        topics=["Arms & <supply>"],
        countries=["PK", "RU"],
        published=f.when(2015, 1, 1, 2),  # still 2014 in UTC: the card shows the local day
        is_demo=True,
    )
    article = Article.objects.prefetch_related("topics", "countries").get()
    level = {} if heading_level is None else {"heading_level": heading_level}
    ours = article_card(article, **level)

    assert parsed(ours) == parsed(_reference(article, heading_level))
    assert "<script>" not in ours and "&lt;script&gt;" in ours
    assert "1 January 2015" in ours and 'class="card card--demo"' in ours
    assert f"<h{heading_level or 3} " in ours


@pytest.mark.django_db
def test_plain_card_without_dateline_summary_or_tags():
    f.article("Quiet day", body="<p>Nothing <b>much</b> happened &amp; that was all.</p>")
    article = Article.objects.get()
    ours = article_card(article)
    assert parsed(ours) == parsed(_reference(article))
    assert "chips" not in ours and "badge" not in ours and "card__dateline" not in ours
    assert "Nothing much happened &amp; that was all." in ours


@pytest.mark.django_db
def test_chips_equal_the_template_and_are_empty_without_tags():
    topics = [f.topic('Floods "2015"'), f.topic("Trade")]
    countries = [f.country("PK")]
    reference = Template(CHIPS).render(Context({"topics": topics, "countries": countries}))
    assert parsed(tag_chips(topics, countries)) == parsed(reference)
    assert tag_chips([], []) == ""


def test_a_listing_reads_the_tags_the_rows_would_read_in_the_same_order(
    db, django_assert_num_queries
):
    f.article("Dry wells", topics=["Water", "Drought"], countries=["PK", "IN"])
    f.article("Untagged note")
    listed = list(Article.objects.for_listing())
    with django_assert_num_queries(0):
        from_listing = [article.tag_lists() for article in listed]
    read_now = [article.tag_lists() for article in Article.objects.order_by("-published", "-id")]
    assert from_listing == read_now
    untagged, tagged = sorted(from_listing, key=lambda tags: len(tags[0]))
    assert untagged == ([], [])
    assert [t.name for t in tagged[0]] == ["Drought", "Water"]
    assert [c.name for c in tagged[1]] == ["India", "Pakistan"]


def test_timeline_page_shows_cards(client, db):
    story = f.article("Harbour reopens", topics=["Trade"], countries=["PK"])
    response = client.get(f.topic("Trade").get_absolute_url())
    html = response.content.decode()
    assert f'<a href="{story.get_absolute_url()}">Harbour reopens</a>' in html
    assert '<a class="chip chip--country" href="/countries/pk/">' in html
