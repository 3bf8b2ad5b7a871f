"""StreamField blocks shared by the content types."""

from wagtail import blocks


class GuideSectionBlock(blocks.StructBlock):
    """One section of a service guide: a heading as printed (may be empty) and its text."""

    heading = blocks.CharBlock(label="标题", required=False)
    text = blocks.TextBlock(label="内容", required=False)

    class Meta:
        label = "章节"
        icon = "doc-full"
