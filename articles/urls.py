from django.urls import path

from articles.views import api, browse, search

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
    path("topics/", browse.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", browse.TopicTimelineView.as_view(), name="topic-timeline"),
    path("countries/", browse.CountryListView.as_view(), name="country-list"),
    path("countries/<str:code>/", browse.CountryTimelineView.as_view(), name="country-timeline"),
    path("search/", search.search_view, name="search"),
    path("api/search", api.search_api, name="api-search"),
]
