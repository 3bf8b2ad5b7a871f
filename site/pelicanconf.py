"""Pelican settings for the jinzhi site (development: site paths, local feed domain).

Pelican is used for its theme environment, Writer and pagination only: the `sitebuild`
plugin renders exported Documents (HTML, never Markdown), so the stock generators are
given nothing to read or write, and every Pelican feed is off (feeds come from
`sitebuild.feeds`). The build driver `sitebuild.build.publish_site` overrides PATH
(the export folder), OUTPUT_PATH (a new release) and FEED_DOMAIN.
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent

SITENAME = "金质 · 质量技术监督公共信息服务"
SITESUBTITLE = "公告 · 抽检结果 · WTO通报 · 办事指南 · 法律法规 · 标准"
SITEURL = ""  # pages link by site path; feeds use FEED_DOMAIN
FEED_DOMAIN = "http://127.0.0.1:8000"
DEFAULT_LANG = "zh"
TIMEZONE = "Asia/Shanghai"

PATH = str(_HERE / "content")  # the export folder (git-ignored)
OUTPUT_PATH = str(_HERE / "output")
THEME = str(_HERE.parent / "themes" / "jinzhi")
PLUGINS = ["sitebuild"]

# Stock generators: read nothing, write nothing (no reader either: we feed HTML Documents).
READERS = {"rst": None, "html": None, "htm": None, "md": None, "markdown": None}
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = PAGE_SAVE_AS = DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = PAGE_LANG_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False  # every build writes into a fresh release folder

# Feeds are ours (sitebuild.feeds, feedgen).
FEED_ATOM = FEED_RSS = FEED_ALL_ATOM = FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None

# Chinese needs the Document's own summary, never Pelican's word-count truncation.
SUMMARY_MAX_LENGTH = None
FORMATTED_FIELDS = []
TYPOGRIFY = False

# Listings: /<section>/, then /<section>/page/2/ ...
PAGINATED_TEMPLATES = {"listing": 20}  # entries per listing page
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]

JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,  # only body_html and search snippets are marked safe
    "extensions": [],
}

SEARCH_API = "/api/search"
CANONICAL_LINKS = False
