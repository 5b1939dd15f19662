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


def test_documents_read_related_rows_for_all_rows_at_once(search_index, django_assert_num_queries):
    first = f.article(
        "Floods cut the Karakoram highway",
        topics=["Transport", "Climate change"],
        countries=["PK", "CN"],
        captions=["Stranded lorries", "A washed-out bridge"],
    )
    first.also_read_links.create(title="Earlier floods in Swat", order=2)
    first.also_read_links.create(title="The road's first year", order=1)
    f.article("A second story with no tags or captions")
    f.article("A third story", topics=["Transport"], countries=["IN"])
    editorial = f.editorial("Troubled waters")
    editorial.topics.set([f.topic("Climate change")])
    editorial.countries.set([f.country("PK")])
    unified = connections["default"].get_unified_index()
    for model in (Article, Editorial):
        index = unified.get_index(model)
        one_by_one = [index.document(obj) for obj in index.index_queryset().order_by("pk")]
        rows = list(index.index_queryset().prefetch_related(None).order_by("pk"))
        # Two queries a tag relation (its tags, its links), and one each for
        # an article's captions and links: however many rows.
        with django_assert_num_queries(6 if model is Article else 4):
            together = index.documents(rows)
        assert together == one_by_one
    assert together[-1]["django_id"] == str(editorial.pk)
    assert together[-1]["topics"] == "climate-change"
    article_docs = unified.get_index(Article).documents(
        list(Article.objects.published().order_by("pk"))
    )
    assert article_docs[0]["topics"] == "climate-change,transport"
    assert article_docs[0]["countries"] == "cn,pk"
    assert article_docs[0]["text"].endswith("The road's first year\nEarlier floods in Swat")
    assert article_docs[1]["topics"] == "" and article_docs[1]["caption"] == ""
