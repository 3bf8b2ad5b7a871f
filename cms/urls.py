"""URLs: Wagtail admin, API v2, the search API, and the static site from JINZHI_HOME/public."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import static_site
from cms.api import api_router, search_view
from cms.openapi import openapi_view
from cms.search_views import search_feed, search_page

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/search", search_view, name="search-api"),
    path("api/openapi.json", openapi_view, name="openapi"),
    path("search/", search_page, name="search-page"),
    path("feeds/search", search_feed, name="search-feed"),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
    re_path(r"^(?P<path>.*)$", static_site.serve, name="static-site"),
]
