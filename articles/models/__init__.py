from articles.models.article import AlsoReadLink, Article, Caption
from articles.models.batch import BatchStatus, ImportBatch, ImportItem
from articles.models.editorial import Editorial
from articles.models.index_task import IndexTask
from articles.models.tag_evidence import TagEvidence, TagVerdict
from articles.models.taxonomy import Country, Topic

__all__ = [
    "AlsoReadLink",
    "Article",
    "BatchStatus",
    "Caption",
    "Country",
    "Editorial",
    "ImportBatch",
    "ImportItem",
    "IndexTask",
    "TagEvidence",
    "TagVerdict",
    "Topic",
]
