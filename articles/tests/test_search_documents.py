"""The documents our backend writes equal what haystack's own preparation gives."""

from haystack import connections

from articles.models import Article, Editorial
from articles.tests import factories as f


def _haystack_document(index, obj):
    backend = connections["default"].get_backend()
    prepared = index.full_prepare(obj)
    prepared.pop("boost", None)
    return {key: backend._from_python(value) for key, value in prepared.items()}


def test_article_and_editorial_documents_match_haystack_preparation(search_index):
    article = f.article(
        "Floods cut the Karakoram highway",
        body="<p>GILGIT: Landslides blocked traffic.</p><p>Relief waited.</p>",
        topics=["Climate change", "Transport"],
        countries=["PK", "CN"],
        captions=["Stranded lorries"],
        published=f.when(2015, 8, 3),
    )
    article.also_read_links.create(title="Earlier floods in Swat")
    editorial = f.editorial("Troubled waters", teaser="<p>Weak embankments.</p>")
    unified = connections["default"].get_unified_index()
    for model, pk in ((Article, article.pk), (Editorial, editorial.pk)):
        index = unified.get_index(model)
        obj = index.index_queryset().get(pk=pk)
        ours = index.document(obj)
        assert ours == _haystack_document(index, obj)
    text = unified.get_index(Article).document(
        unified.get_index(Article).index_queryset().get(pk=article.pk)
    )["text"]
    for words in ("Karakoram", "GILGIT", "Relief", "Stranded lorries", "Earlier floods in Swat"):
        assert words in text
