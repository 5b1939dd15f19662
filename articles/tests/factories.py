"""Small factories: each test builds exactly the rows it talks about."""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from articles.countries import ensure_countries
from articles.models import Article, Caption, Country, Editorial, Topic

KARACHI = ZoneInfo("Asia/Karachi")
_counter = itertools.count(1)


def when(year=2014, month=11, day=21, hour=9):
    return datetime(year, month, day, hour, tzinfo=KARACHI)


def country(code):
    """The ISO country row (the data migration made them; transactional tests flush them)."""
    code = code.upper()
    if not Country.objects.filter(code=code).exists():
        ensure_countries(Country)
    return Country.objects.get(code=code)


def topic(name="Defence", **kwargs):
    slug = kwargs.pop("slug", slugify(name))
    obj, _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name, **kwargs})
    return obj


def article(headline=None, *, topics=(), countries=(), captions=(), **kwargs):
    n = next(_counter)
    headline = headline or f"Test article number {n}"
    kwargs.setdefault("slug", slugify(headline)[:200] or f"article-{n}")
    kwargs.setdefault("published", when())
    kwargs.setdefault("body", f"<p>Body of test article {n}.</p>")
    obj = Article.objects.create(headline=headline, **kwargs)
    if topics:
        obj.topics.set([t if isinstance(t, Topic) else topic(t) for t in topics])
    if countries:
        obj.countries.set([c if isinstance(c, Country) else country(c) for c in countries])
    for order, text in enumerate(captions):
        Caption.objects.create(article=obj, text=text, order=order)
    return obj


def editorial(title=None, *, articles=(), **kwargs):
    n = next(_counter)
    title = title or f"Test editorial {n}"
    kwargs.setdefault("slug", slugify(title)[:200])
    kwargs.setdefault("date", when().date())
    kwargs.setdefault("teaser", f"Teaser of editorial {n}.")
    obj = Editorial.objects.create(title=title, **kwargs)
    if articles:
        obj.articles.set(articles)
    return obj


def caption(article, text="A photo caption.", **kwargs):
    kwargs.setdefault("order", article.captions.count())
    return Caption.objects.create(article=article, text=text, **kwargs)


def also_read(article, title="Read this too", **kwargs):
    from articles.models import AlsoReadLink

    kwargs.setdefault("order", article.also_read_links.count())
    return AlsoReadLink.objects.create(article=article, title=title, **kwargs)


def four_stories():
    """Three articles and an editorial across two topics, three countries, two years."""
    shoigu = article(
        "Moscow offers counter-terrorism training to Islamabad",
        body="<p>ISLAMABAD: Defence Minister Sergei Shoigu met officials.</p>",
        topics=["Defence"],
        countries=["PK", "RU"],
        captions=["The minister arrives at the airport"],
        published=when(2014, 11, 21),
    )
    floods = article(
        "Monsoon floods cut the Karakoram highway",
        body="<p>Landslides blocked traffic for a week; relief convoys waited.</p>",
        topics=["Climate change"],
        countries=["PK"],
        published=when(2015, 8, 3),
    )
    talks = article(
        "Defence ministers discuss arms supplies",
        body="<p>Talks on helicopters continued in New Delhi.</p>",
        topics=["Defence"],
        countries=["IN"],
        published=when(2015, 2, 10),
    )
    troubled = editorial(
        "Troubled waters", teaser="<p>The floods expose weak defence of embankments.</p>"
    )
    return {"shoigu": shoigu, "floods": floods, "talks": talks, "editorial": troubled}
