"""Article cards and tag chips: the pieces every list of articles repeats.

A timeline page shows 25 cards, each with its chips; written through
templates (an include per card and per chip list) they were a third of the
page's time. The markup is built here with ``format_html``, which escapes
every value as the template did.
"""

from django import template
from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.templatetags.archive_tags import first_words

register = template.Library()


@register.simple_tag
def tag_chips(topics, countries):
    """A list of links to the topics' and countries' timelines, or nothing."""
    topics, countries = list(topics), list(countries)
    if not topics and not countries:
        return ""
    items = format_html_join(
        "",
        '<li><a class="chip chip--{}" href="{}">'
        '<span class="visually-hidden">{}: </span>{}</a></li>',
        [("topic", t.get_absolute_url(), "Topic", t.name) for t in topics]
        + [("country", c.get_absolute_url(), "Country", c.name) for c in countries],
    )
    return format_html('<ul class="chips" aria-label="Topics and countries">{}</ul>', items)


@register.simple_tag
def article_card(article, heading_level=3):
    """One article in a list: headline link, date, dateline, a taster and its tags."""
    when = timezone.localtime(article.published)
    demo = article.is_demo
    taster = first_words(article, 40)
    meta = [
        format_html(
            '<time datetime="{}">{}</time>',
            dateformat.format(when, "c"),
            date_format(when, "j F Y"),
        )
    ]
    if article.dateline:
        meta.append(format_html('<span class="card__dateline">{}</span>', article.dateline))
    if demo:
        meta.append(mark_safe('<span class="badge badge--demo">Demo</span>'))
    level = int(heading_level)
    return format_html(
        '<article class="card{}"><h{} class="card__title"><a href="{}">{}</a></h{}>'
        '<p class="card__meta">{}</p>{}{}</article>',
        " card--demo" if demo else "",
        level,
        article.get_absolute_url(),
        article.headline,
        level,
        mark_safe(" ".join(meta)),  # noqa: S308 - each piece is format_html's
        format_html('<p class="card__summary">{}</p>', taster) if taster else "",
        tag_chips(article.topics.all(), article.countries.all()),
    )
