from django.urls import path

from articles import feeds
from articles.views import api, api_v1, archive, browse, exports, health, search, tags, timelines

app_name = "articles"

urlpatterns = [
    path("", browse.HomeView.as_view(), name="home"),
    path("articles/", browse.ArticleListView.as_view(), name="article-list"),
    path(
        "articles/<int:year>/<int:month>/<int:day>/<slug:slug>/",
        browse.ArticleDetailView.as_view(),
        name="article-detail",
    ),
    path("editorials/", browse.EditorialListView.as_view(), name="editorial-list"),
    path(
        "editorials/<int:year>/<int:month>/<int:day>/<slug:slug>/",
        browse.EditorialDetailView.as_view(),
        name="editorial-detail",
    ),
    path("topics/", tags.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", timelines.TopicTimelineView.as_view(), name="topic-timeline"),
    path("countries/", tags.CountryListView.as_view(), name="country-list"),
    path("countries/<str:code>/", timelines.CountryTimelineView.as_view(), name="country-timeline"),
    path("search/", search.search_view, name="search"),
    path("search/help/", search.search_help, name="search-help"),
    path("search/export.csv", exports.export_csv, name="search-export-csv"),
    path("search/export.json", exports.export_json, name="search-export-json"),
    path("search/feed.atom", exports.search_feed, name="search-feed"),
    # Browse by date, feeds, permalinks and the versioned API (issue 4).
    path("a/<int:pk>/", browse.ArticlePermalinkView.as_view(), name="article-permalink"),
    path("archive/", archive.ArchiveIndexView.as_view(), name="archive-index"),
    path("archive/<int:year>/", archive.ArchiveYearView.as_view(), name="archive-year"),
    path(
        "archive/<int:year>/<int:month>/",
        archive.ArchiveMonthView.as_view(),
        name="archive-month",
    ),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        archive.ArchiveDayView.as_view(),
        name="archive-day",
    ),
    path("feeds/latest.rss", feeds.LatestArticlesFeed(), name="feed-latest-rss"),
    path("feeds/latest.atom", feeds.LatestArticlesAtomFeed(), name="feed-latest-atom"),
    path("topics/<slug:slug>/feed.rss", feeds.TopicFeed(), name="feed-topic-rss"),
    path("topics/<slug:slug>/feed.atom", feeds.TopicAtomFeed(), name="feed-topic-atom"),
    path("countries/<str:code>/feed.rss", feeds.CountryFeed(), name="feed-country-rss"),
    path("countries/<str:code>/feed.atom", feeds.CountryAtomFeed(), name="feed-country-atom"),
    path("api/v1/", api_v1.ApiRootView.as_view(), name="api-v1-root"),
    path("api/v1/articles/", api_v1.ArticleListApi.as_view(), name="api-v1-articles"),
    path("api/v1/articles/<int:pk>/", api_v1.ArticleDetailApi.as_view(), name="api-v1-article"),
    path("api/v1/editorials/", api_v1.EditorialListApi.as_view(), name="api-v1-editorials"),
    path(
        "api/v1/editorials/<int:pk>/",
        api_v1.EditorialDetailApi.as_view(),
        name="api-v1-editorial",
    ),
    path("api/v1/topics/", api_v1.TopicListApi.as_view(), name="api-v1-topics"),
    path("api/v1/countries/", api_v1.CountryListApi.as_view(), name="api-v1-countries"),
    path("api/v1/timeline/", api_v1.TimelineApi.as_view(), name="api-v1-timeline"),
    path("api/v1/search/", api_v1.SearchApi.as_view(), name="api-v1-search"),
    path("api/search", api.search_api, name="api-search"),
    path("api/autocomplete", api.autocomplete_api, name="api-autocomplete"),
    path("healthz", health.healthz, name="healthz"),
]
