"""URLs: Wagtail admin, API v2, search API; the static site is served from JINZHI_HOME/public."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("cms-pages/", include(wagtail_urls)),
]
