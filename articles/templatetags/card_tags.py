"""Article cards and tag chips: the pieces every list of articles repeats.

A timeline page shows 25 cards, each with its chips; written through
templates (an include per card and per chip list) they were a third of the
page's time. The markup is built here as strings, every value escaped as
the template did (the standard library's ``escape`` is what Django's calls,
without its check for lazy strings: a few thousand calls a page).
"""

from html import escape

from django import template
from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from articles.templatetags.archive_tags import first_words

register = template.Library()


@register.simple_tag
def tag_chips(topics, countries):
    """A list of links to the topics' and countries' timelines, or nothing."""
    items = [("topic", "Topic", tag) for tag in topics]
    items += [("country", "Country", tag) for tag in countries]
    if not items:
        return ""
    chips = "".join(
        f'<li><a class="chip chip--{kind}" href="{escape(tag.get_absolute_url())}">'
        f'<span class="visually-hidden">{label}: </span>{escape(tag.name)}</a></li>'
        for kind, label, tag in items
    )
    return mark_safe(f'<ul class="chips" aria-label="Topics and countries">{chips}</ul>')  # noqa: S308 - escaped above


@register.simple_tag
def article_card(article, heading_level=3):
    """One article in a list: headline link, date, dateline, a taster and its tags."""
    when = timezone.localtime(article.published)
    demo = article.is_demo
    taster = first_words(article, 40)
    meta = f'<time datetime="{dateformat.format(when, "c")}">{date_format(when, "j F Y")}</time>'
    if article.dateline:
        meta += f' <span class="card__dateline">{escape(article.dateline)}</span>'
    if demo:
        meta += ' <span class="badge badge--demo">Demo</span>'
    level = int(heading_level)
    summary = f'<p class="card__summary">{escape(taster)}</p>' if taster else ""
    return mark_safe(  # noqa: S308 - every outside value is escaped here or in tag_chips
        f'<article class="card{" card--demo" if demo else ""}"><h{level} class="card__title">'
        f'<a href="{escape(article.get_absolute_url())}">{escape(article.headline)}</a></h{level}>'
        f'<p class="card__meta">{meta}</p>{summary}'
        f"{tag_chips(*article.tag_lists())}</article>"
    )
