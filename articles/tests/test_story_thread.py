"""The article page as a story thread: links both ways, editorials, neighbours, citations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models.status import Status
from articles.search.indexing import deferred
from articles.tests import factories as f

pytestmark = pytest.mark.django_db


def test_thread_shows_links_in_and_articles_beside_the_same_editorials(client):
    story = f.article("Main story", published=f.when(2014, 3, 7))
    pointing = f.article("Points here", published=f.when(2014, 3, 9))
    f.also_read(pointing, "Main story", target=story)
    hidden = f.article("Draft pointer", status=Status.DRAFT)
    f.also_read(hidden, "Main story", target=story)
    earlier = f.article("Earlier beside", published=f.when(2014, 3, 1))
    later = f.article("Later beside", published=f.when(2014, 3, 8))
    f.editorial("First view", date=f.when(2014, 3, 7).date(), articles=[story, later, earlier])
    f.editorial("Second view", date=f.when(2014, 3, 8).date(), articles=[story, later])

    response = client.get(story.get_absolute_url())

    assert [a.headline for a in response.context["linked_from"]] == ["Points here"]
    alongside = [(a.headline, e.title) for a, e in response.context["alongside"]]
    # Each other article once, oldest first within the first editorial that had it.
    assert alongside == [("Earlier beside", "First view"), ("Later beside", "First view")]
    html = response.content.decode()
    assert "The story thread" in html and "Draft pointer" not in html
    assert f'<a href="{pointing.get_absolute_url()}">Points here</a>' in html


def test_previous_and_next_follow_each_topic_timeline(client):
    defence, economy = f.topic("Defence"), f.topic("Economy")
    first = f.article("First", published=f.when(2014, 1, 1), topics=[defence])
    story = f.article("Middle", published=f.when(2014, 2, 1), topics=[defence, economy])
    # Same moment as the story: ids break the tie.
    tie = f.article("Same time", published=f.when(2014, 2, 1), topics=[defence])
    f.article("Draft", published=f.when(2014, 2, 2), topics=[economy], status=Status.DRAFT)
    f.article("Elsewhere", published=f.when(2014, 1, 15))

    response = client.get(story.get_absolute_url())

    neighbours = {
        t.name: (p and p.headline, n and n.headline) for t, p, n in response.context["neighbours"]
    }
    assert neighbours == {"Defence": ("First", "Same time"), "Economy": (None, None)}
    html = response.content.decode()
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{tie.get_absolute_url()}"' in html
    assert "The first on this topic." in html


def test_citations_and_permalink(client):
    story = f.article(
        "Talks resume in {Geneva} & beyond",
        published=f.when(2014, 3, 7),
        byline="A. Reporter",
        source="Daily Example",
    )

    response = client.get(story.get_absolute_url())

    permalink = f"http://testserver/a/{story.pk}/"
    assert response.context["permalink"] == permalink
    apa, chicago, bibtex = response.context["citations"]
    assert apa.text == (
        "A. Reporter. (2014, March 7). Talks resume in {Geneva} & beyond. "
        f"Daily Example. {permalink}"
    )
    assert chicago.text.startswith(
        'A. Reporter. "Talks resume in {Geneva} & beyond." Daily Example, March 7, 2014.'
    )
    assert bibtex.text.startswith("@article{a2014talks,\n")
    assert "  title = {Talks resume in \\{Geneva\\} \\& beyond}," in bibtex.text
    assert f"  url = {{{permalink}}}," in bibtex.text
    html = response.content.decode()
    assert "<i>Daily Example</i>" in html and "Cite this article" in html

    redirect = client.get(f"/a/{story.pk}/")
    assert redirect.status_code == 302 and redirect["Location"] == story.get_absolute_url()
    draft = f.article("Hidden", status=Status.DRAFT)
    assert client.get(f"/a/{draft.pk}/").status_code == 404


def test_thread_query_count_is_constant(client, django_assert_max_num_queries):
    story = f.article("Main", topics=["Defence"])
    f.also_read(f.article("P0"), "Main", target=story)
    f.editorial(articles=[story, f.article("B0")])
    f.article("Neighbour 0", topics=["Defence"])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(story.get_absolute_url()).status_code == 200
    small = len(ctx.captured_queries)

    for i in range(8):
        f.also_read(f.article(f"Pointer {i}", topics=["Defence"]), "Main", target=story)
        f.editorial(f"View {i}", articles=[story, f.article(f"Beside {i}"), f.article(f"More {i}")])
        story.topics.add(f.topic(f"Topic {i}"))
        f.article(f"Neighbour {i}", topics=[f"Topic {i}"])
    with django_assert_max_num_queries(small):
        client.get(story.get_absolute_url())


@pytest.mark.django_db(transaction=True)
def test_more_like_this_comes_from_the_index(client, search_index):
    story = f.article(
        "Navy drills in the Arabian Sea",
        body="<p>The navy held drills with frigates and submarines in the Arabian Sea.</p>",
    )
    f.article(
        "More naval drills",
        body="<p>Frigates and submarines of the navy drilled again in the Arabian Sea.</p>",
    )
    f.article("Wheat prices", body="<p>Flour mills raised wheat prices in Lahore.</p>")

    response = client.get(story.get_absolute_url())

    similar = [a.headline for a in response.context["similar"]]
    assert "More naval drills" in similar
    assert "Navy drills in the Arabian Sea" not in similar
    assert "Wheat prices" not in similar
    assert "More like this" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_more_like_this_when_every_word_is_in_every_document(client, search_index, caplog):
    # Words in every document once weighed 0, and Whoosh divided by that boost.
    # Whoosh skips by quality only once it holds a full page of hits: more than five.
    body = "<p>Monsoon rains flooded the delta again this week.</p>"
    with deferred():
        story = f.article("Delta floods", body=body)
        for n in range(7):
            f.article(f"Delta floods {n}", body=body)

    response = client.get(story.get_absolute_url())

    similar = [a.headline for a in response.context["similar"]]
    assert len(similar) == 5 and "Delta floods" not in similar
    assert "more_like_this failed" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_more_like_this_is_kept_a_while_but_never_shows_what_is_gone(client, search_index):
    story = f.article("Navy drills", body="<p>Frigates and submarines drilled at sea.</p>")
    more = f.article("More drills", body="<p>Frigates and submarines drilled again.</p>")

    def similar():
        response = client.get(story.get_absolute_url())
        return [a.headline for a in response.context["similar"]]

    assert similar() == ["More drills"]
    f.article("Submarine drills", body="<p>Submarines and frigates drilled all week.</p>")
    # Kept: other saves (the index changes every few seconds under editors) do not recompute it.
    assert similar() == ["More drills"]
    more.status = Status.DRAFT
    more.save()
    assert similar() == []  # unpublished: gone at once, though the kept list names it
    story.summary = "Frigates at sea."
    story.save()  # the article itself changed: its list is found again
    assert similar() == ["Submarine drills"]


def test_a_long_running_editorial_shows_the_nearest_articles_in_time(client):
    # Others every second day from 1 June; the story between two of them, so
    # the twelve nearest are six pairs at equal distances (no tie at the cut).
    story = f.article("Main story", published=f.when(2014, 6, 16))
    others = [
        f.article(f"Beside {day}", published=f.when(2014, 6 + day // 28, 1 + day % 28))
        for day in range(0, 56, 2)
    ]
    f.article("Draft beside", published=f.when(2014, 6, 15), status=Status.DRAFT)
    drafts = list(story.__class__.objects.filter(headline="Draft beside"))
    f.editorial("Long view", articles=[story, *others, *drafts])
    f.editorial("Other view", articles=[others[0]])  # not beside the story

    response = client.get(story.get_absolute_url())

    shown = [a for a, _ in response.context["alongside"]]
    nearest = sorted(others, key=lambda a: (abs(a.published - story.published), a.published))
    assert len(shown) == 12
    assert {a.pk for a in shown} == {a.pk for a in nearest[:12]}
    assert [a.published for a in shown] == sorted(a.published for a in shown)
    assert response.context["alongside_more"] == len(others) - 12
    assert {e.title for _, e in response.context["alongside"]} == {"Long view"}


@pytest.mark.django_db(transaction=True)
def test_an_empty_more_like_this_is_asked_again(client, search_index):
    f.article("More drills", body="<p>Frigates and submarines drilled again.</p>")
    with deferred():  # the new article is not in the index yet when first shown
        story = f.article("Navy drills", body="<p>Frigates and submarines drilled at sea.</p>")
        first = client.get(story.get_absolute_url()).context["similar"]
    assert first == []
    again = client.get(story.get_absolute_url()).context["similar"]
    assert [a.headline for a in again] == ["More drills"]
