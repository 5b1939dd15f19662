from haystack import connections
from haystack.inputs import Raw
from haystack.query import SearchQuerySet
from articles.tests import factories as f


def test_probe(search_index):
    f.article("Shoigu visits Islamabad", body="<p>The Russian minister Shoigu met elections officials about arms supply.</p>", topics=["Climate change"], byline="Staff Reporter", dateline="ISLAMABAD", captions=["Minister at airport"], published=f.when(2014, 1, 1, 2))
    f.article("Arms and supply", body="<p>arms were many; the supply chain broke.</p>", published=f.when(2014, 3, 1))
    f.editorial("Troubled waters", teaser="<p>Floods expose weak arms supply.</p>")
    b = connections["default"].get_backend()
    p = b.parser
    for q in ['(arms AND supply) ANDMAYBE "arms supply"^2', 'NOT (shoigu)', 'topics:climate-change', 'headline:(arms OR shoigu)', '(type:editorial AND (arms))', 'NOT (arms)', 'shoigu~2/1']:
        parsed = p.parse(q)
        sqs = SearchQuerySet().filter(content=Raw(q)).filter(countries="pk")
        print(repr(q), '=>', parsed, '|', sqs.query.build_query(), '|', SearchQuerySet().filter(content=Raw(q)).count(), [(r.score, r.headline) for r in SearchQuerySet().filter(content=Raw(q))])
    s = b.searcher()
    print(p.parse('arms OR shoigu* OR shoygu~2/1 OR NOT floods').existing_terms(s.reader(), expand=True))
