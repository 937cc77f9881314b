"""Paragraphs broken mid-sentence by the Word conversion are rejoined; real paragraphs are kept."""

from django.template import Context, Template

from plans.reflow import rejoin_paragraphs

BROKEN = (
    "坚持以习近平新时代中国特色社会主义思想为指导，持续推进体制机制改革创新，加快推进卫生健康事\n\n"
    "业高质量发展，全方位、全周期维护和保障人民健康。\n\n"
    "人民至上，需求导向。健全完善居民基本医疗卫生制度。"
)


def test_a_sentence_split_by_a_page_break_is_one_paragraph_again():
    assert rejoin_paragraphs(BROKEN) == [
        "坚持以习近平新时代中国特色社会主义思想为指导，持续推进体制机制改革创新，加快推进卫生健康事业高质量发展，"
        "全方位、全周期维护和保障人民健康。",
        "人民至上，需求导向。健全完善居民基本医疗卫生制度。",
    ]


def test_short_titles_and_new_items_are_not_glued_to_their_neighbours():
    text = "（一）指导思想\n\n坚持人民至上的原则推进卫生健康事业发展并不断完善各项制度安排和服务体系\n\n（二）基本原则\n\n1. 预防为主"
    assert rejoin_paragraphs(text) == [
        "（一）指导思想",
        "坚持人民至上的原则推进卫生健康事业发展并不断完善各项制度安排和服务体系",
        "（二）基本原则",
        "1. 预防为主",
    ]


def test_lines_inside_a_paragraph_are_unwrapped_and_latin_words_keep_a_space():
    assert rejoin_paragraphs("医疗卫生\n服务体系\n\nPM2.5\nconcentration") == [
        "医疗卫生服务体系",
        "PM2.5 concentration",
    ]
    assert rejoin_paragraphs("") == [] and rejoin_paragraphs("\n\n  \n") == []


def test_the_filter_escapes_document_text():
    html = Template("{% load plan_text %}{{ text|paragraphs }}").render(
        Context({"text": "<b>加粗</b>。\n\n第二段。"})
    )
    assert html == "<p>&lt;b&gt;加粗&lt;/b&gt;。</p>\n<p>第二段。</p>"
