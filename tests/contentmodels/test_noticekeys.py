"""Notice keys without a database: subjects that tie interpretations to announcements,
attachment names from the text, index numbers."""

from __future__ import annotations

from contentmodels.noticekeys import (
    attachment_names,
    index_number,
    index_sequence,
    interpreted_number,
    interpreted_subject,
    notice_subject,
)


def test_interpretation_subject_matches_the_announcement_subject():
    announcement = "海关总署 农业农村部公告2024年第151号（关于防止北马其顿蓝舌病传入我国的公告）"
    assert notice_subject(announcement) == "防止北马其顿蓝舌病传入我国"
    for title in (
        "关于《海关总署 农业农村部关于防止北马其顿蓝舌病传入我国的公告》的政策解读",
        "公告解读：关于防止北马其顿蓝舌病传入我国的公告",
    ):
        assert interpreted_subject(title) == notice_subject(announcement)
    order = "海关总署令第271号（中华人民共和国海关风险管理办法）"
    interpretation = "海关总署关于《中华人民共和国海关风险管理办法》的解读"
    assert interpreted_subject(interpretation) == notice_subject(order)
    assert interpreted_number("海关总署公告2021年第122号（关于…的公告）的解读") == (
        "公告〔2021〕122号"
    )


def test_attachment_names_drop_list_numbers_and_repeats():
    text = "附件：1.出口前冷处理操作程序.doc2.运输途中冷处理操作程序.doc 1.出口前冷处理操作程序.doc"
    assert attachment_names(text) == ["出口前冷处理操作程序.doc", "运输途中冷处理操作程序.doc"]
    assert attachment_names("附件：2024年进出口商品编号表.pdf") == ["2024年进出口商品编号表.pdf"]


def test_index_number_format():
    assert index_number(2024, 151) == "JZ-2024-000151"
    assert index_sequence("JZ-2024-000151", 2024) == 151
    assert index_sequence("JZ-2023-000151", 2024) is None
