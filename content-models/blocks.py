"""StreamField blocks shared by the content types."""

from wagtail import blocks

#: The standard sections of a service guide, in the order a guide usually presents them.
STANDARD_SECTIONS: tuple[str, ...] = (
    "事项名称",
    "事项类型",
    "设定依据",
    "实施机关",
    "服务对象",
    "申请条件",
    "申请材料",
    "办理流程",
    "办理时限",
    "收费标准",
    "受理地点",
    "办理时间",
    "咨询方式",
    "监督投诉",
    "办理结果",
)


class GuideSectionBlock(blocks.StructBlock):
    """One section of a service guide: a heading as printed (may be empty), the standard
    section it stands for (empty: derived from the heading), and its text."""

    heading = blocks.CharBlock(label="标题", required=False)
    standard = blocks.ChoiceBlock(
        label="标准栏目",
        choices=[(name, name) for name in STANDARD_SECTIONS],
        required=False,
        help_text="留空则按标题自动对应；不属于标准栏目的可留空。",
    )
    text = blocks.TextBlock(label="内容", required=False)

    class Meta:
        label = "章节"
        icon = "doc-full"
