from articles.models.article import AlsoReadLink, Article, Caption
from articles.models.editorial import Editorial
from articles.models.index_task import IndexTask
from articles.models.taxonomy import Country, Topic

__all__ = ["AlsoReadLink", "Article", "Caption", "Country", "Editorial", "IndexTask", "Topic"]
