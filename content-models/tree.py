"""The site skeleton: home page, one section per content type, and the Wagtail Site."""

from django.db import transaction
from wagtail.models import Page, Site

from contentmodels.pages import HomePage, SectionPage

HOME_TITLE = "金质"
HOME_SLUG = "home"
#: content type key -> (section slug = URL prefix, Chinese title).
SECTIONS: dict[str, tuple[str, str]] = {
    "notice": ("notices", "公告"),
    "spotcheck": ("spot-checks", "抽检结果"),
    "notification": ("wto", "WTO通报"),
    "guide": ("guides", "办事指南"),
    "law": ("laws", "法律法规"),
    "standard": ("standards", "标准"),
}


def _publish(page: Page) -> None:
    page.save_revision(user=None, log_action=True).publish()


def _replace_welcome_page(root: Page) -> None:
    # Wagtail's migration installs a plain "Welcome" Page with our slug; it has no content.
    for page in root.get_children().filter(slug=HOME_SLUG):
        if page.specific_class is Page and not page.get_children().exists():
            page.delete()


@transaction.atomic
def ensure_site_tree() -> HomePage:
    """Create what is missing of home, sections and default Site; return the home page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        _replace_welcome_page(root)
        home = root.add_child(instance=HomePage(title=HOME_TITLE, slug=HOME_SLUG))
        _publish(home)

    existing = set(SectionPage.objects.child_of(home).values_list("section_type", flat=True))
    for key, (slug, title) in SECTIONS.items():
        if key not in existing:
            section = home.add_child(instance=SectionPage(title=title, slug=slug, section_type=key))
            _publish(section)

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=HOME_TITLE,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = HOME_TITLE
        site.save()
    return home


def section_for(key: str) -> SectionPage:
    """The section page holding pages of content type ``key``."""
    return SectionPage.objects.get(section_type=key)
