"""Boilerplate rules: case tables of line kinds (from many sites, not only the seeds), the
structural rules, and the five seed documents line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.boilerplate import (
    DISCLAIMER,
    FURNITURE,
    HEADER_DATE,
    HEADER_SITE,
    IMAGE,
    PROMOTION,
    RELATED,
    REPEATED,
    REPEATED_LEAD,
    SOURCE,
    classify_lines,
    line_reason,
    normalised_key,
)


@pytest.mark.parametrize(("line", "reason"), [
    # images: file names, URLs, inline data URIs, Markdown and HTML images, placeholders
    ("1741742677721.png", IMAGE),
    ("IMG_2034.JPG", IMAGE),
    ("https://cdn.example.com/news/2025/photo-1.webp?w=640", IMAGE),
    ('<image>data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==</image>', IMAGE),
    ('|<image>data:image/jpeg;base64,/9j/4AAQSkZJRg==</image>', IMAGE),
    ('<ns:image>data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==</ns:image>', IMAGE),
    ("data:image/png;base64,iVBORw0KGgo=", IMAGE),
    ("![Exhibition hall](hall.jpg)", IMAGE),
    ('<img src="a.png" alt="">', IMAGE),
    ("[图片]", IMAGE),
    # related-link headings in both languages
    ("- Related reading", RELATED),
    ("Related articles:", RELATED),
    ("You may also like", RELATED),
    ("相关阅读", RELATED),
    ("延伸阅读：", RELATED),
    ("【相关新闻】".strip("【】"), RELATED),
    ("猜你喜欢", RELATED),
    # app and site promotion
    ("展开", PROMOTION),
    ("展开全文", PROMOTION),
    ("APP内打开", PROMOTION),
    ("打开“财经头条”阅读更多精彩资讯", PROMOTION),
    ("下载新浪新闻客户端", PROMOTION),
    ("扫码关注我们", PROMOTION),
    ("长按识别二维码，关注公众号", PROMOTION),
    ("More wonderful information about the world clothing shoes and hats net!", PROMOTION),
    ("Open in app", PROMOTION),
    ("Download the app for more stories", PROMOTION),
    # disclaimers
    ("Declaration: The content of this article is organized from the Internet, and the "
     "copyright belongs to the original author; If there is infringement, please inform in "
     "time and contact to delete.", DISCLAIMER),
    ("声明：本文转载自网络，版权归原作者所有，如有侵权请联系删除。", DISCLAIMER),
    ("免责声明：本文仅代表作者个人观点，与本站无关。", DISCLAIMER),
    ("© 2025 Example Textile News", DISCLAIMER),
    ("All rights reserved.", DISCLAIMER),
    # sources and credits
    ("(Source: China Garment Association)", SOURCE),
    ("来源：中国服装协会", SOURCE),
    ("（来源：新华社）", SOURCE),
    ("原标题：浙江服装业迎来新机遇", SOURCE),
    ("责任编辑：王小明", SOURCE),
    ("编辑 | 李华", SOURCE),
    ("Source: Reuters", SOURCE),
    ("Editor: Jane Doe", SOURCE),
    ("By Jane Doe", SOURCE),
    ("图片来源：网络", SOURCE),
    # date and time stamps
    ("1周前", HEADER_DATE),
    ("3小时前", HEADER_DATE),
    ("2 hours ago", HEADER_DATE),
    ("2025-03-10 10:23", HEADER_DATE),
    ("2025年3月10日 10:23", HEADER_DATE),
    ("March 10, 2025", HEADER_DATE),
    ("发布时间：2025-03-10", HEADER_DATE),
    # kinds seen on other sites than the seeds'
    ("（本文来源：中国纺织报）", SOURCE),
    ("责任编辑：", SOURCE),
    ("（记者 王明 李华）", SOURCE),
    ("By Jane Doe and John Smith", SOURCE),
    ("Reporting by Jane Doe; Editing by Tom Hogue", SOURCE),
    ("2025-04-10 09:30 来源：中国纺织报 作者：王明", SOURCE),
    ("Source: Reuters | April 10, 2025", SOURCE),
    ("平台声明：该文观点仅代表作者本人，本平台仅提供信息存储空间服务。", DISCLAIMER),
    ("转载请注明出处", DISCLAIMER),
    ("Read more: China textile exports rise in March", RELATED),
    ("上一篇：浙江服装业迎来新机遇", RELATED),
    ("返回搜狐，查看更多", PROMOTION),
    ("（完）", FURNITURE),
    ("-END-", FURNITURE),
    ("Advertisement", FURNITURE),
    ("阅读 (1234)", FURNITURE),
    ("1.2万次阅读", FURNITURE),
    ("3 min read", FURNITURE),
    # more kinds from other Chinese and English news sites (none of them in the seeds)
    ("海量资讯、精准解读，尽在新浪财经APP", PROMOTION),
    ("欢迎关注“纺织服装周刊”微信公众号", PROMOTION),
    ("喜欢就点个“在看”吧", PROMOTION),
    ("点击上方蓝字关注我们", PROMOTION),
    ("Sign up here.", PROMOTION),
    ("Share via Email", PROMOTION),
    ("文章关键词：服装 纺织", FURNITURE),
    ("Tags: textile, China", FURNITURE),
    ("举报/反馈", FURNITURE),
    ("打印本页 关闭窗口", FURNITURE),
    ("Print | Email | Share", FURNITURE),
    ("- THE END -", FURNITURE),
    ("首页 > 新闻 > 正文", FURNITURE),
    ("当前位置：首页 > 纺织资讯", FURNITURE),
    ("Home > News > China", FURNITURE),
    ("Previous article", FURNITURE),
    ("Listen to this article", FURNITURE),
    ("Privacy Policy", FURNITURE),
    ("热点推荐", RELATED),
    ("Most Read", RELATED),
    ("Trending", RELATED),
    ("本文为澎湃号作者或机构在澎湃新闻上传并发布，仅代表该作者或机构观点，不代表澎湃新闻的观点或立场，"
     "澎湃新闻仅提供信息发布平台。", DISCLAIMER),
    ("特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。",
     DISCLAIMER),
    ("Notice: The content above (including the pictures and videos if any) is uploaded and "
     "posted by a user of NetEase Hao, which is a social media platform and only provides "
     "information storage services.", DISCLAIMER),
    ("Our Standards: The Thomson Reuters Trust Principles.", DISCLAIMER),
    ("本文转自：中国纺织报", SOURCE),
    ("微信编辑：王明", SOURCE),
    ("Photograph: Alamy", SOURCE),
    ("Photo: Xinhua", SOURCE),
    ("Image source, Getty Images", SOURCE),
    ("This article was originally published on Sixth Tone.", SOURCE),
    ("By Zhang Wei | China Daily | Updated: 2025-03-10 09:12", SOURCE),
    ("Xinhua | Updated: 2025-03-10 10:00", SOURCE),
    # wire datelines alone on a line, the lead on the next one
    ("(Reuters) -", SOURCE),
    ("BEIJING, March 3 (Reuters) -", SOURCE),
    ("(Xinhua) --", SOURCE),
    ("WASHINGTON (AP) —", SOURCE),
    ("(CNN) —", SOURCE),
    ("BEIJING, Dec. 5 (Xinhua) --", SOURCE),
    ("Beijing, March 3 (XINHUA) --", SOURCE),
    ("BEIJING, 3 March (AFP) –", SOURCE),
    ("UNITED NATIONS, March 3, 2025 (Xinhua) --", SOURCE),
    ("HONG KONG/SHANGHAI, March 3 (Reuters) -", SOURCE),
    ("ST. PETERSBURG, Russia, March 3 (Reuters) -", SOURCE),
    ("NEW YORK (Reuters/Bloomberg) -", SOURCE),
    ("（Xinhua）——", SOURCE),
    # Chinese datelines alone on a line (full-width digits as printed), agency and photo credits
    ("新华社北京3月3日电", SOURCE),
    ("新华社北京3月3日电（记者张三）", SOURCE),
    ("中新网3月3日电", SOURCE),
    ("人民网北京11月21日电 （记者 李四）", SOURCE),
    ("新华社华盛顿2025年3月3日电", SOURCE),
    ("新华社北京５月２０日电（黄小希 周珊珊）", SOURCE),
    ("湖南日报12月10日讯（全媒体记者 张尚武 通讯员 刘洋）", SOURCE),
    ("本报北京3月3日讯", SOURCE),
    ("本报讯", SOURCE),
    ("本报讯（记者 张三 通讯员 李四）", SOURCE),
    ("据新华社电", SOURCE),
    ("（新华社）", SOURCE),
    ("（中新社电）", SOURCE),
    ("（记者 王五 摄）", SOURCE),
    ("新华社记者 王五 摄", SOURCE),
    ("新华社记者 王五、李六 摄", SOURCE),
    ("新华社发（王五 摄）", SOURCE),
    ("（新华社记者王五摄）", SOURCE),
])
def test_boilerplate_line_kinds(line: str, reason: str) -> None:
    assert line_reason(line) == reason


@pytest.mark.parametrize("line", [
    # headings and captions without a final stop are article text
    "Zheng Nianhua, President of Zhejiang Garment Industry Association",
    "Practice sharing: unlock the innovation password and build the development engine together",
    "Strategic leadership: anchoring the development blueprint of the \"15th Five Year Plan\"",
    "浙江省服装行业协会会长郑念华",
    "Plan the industrial blueprint from a strategic perspective",
    # sentences that contain boilerplate words but are prose
    "By the Huangpu River, the spring tide of Pengbai is surging with innovation vitality.",
    "April 10, 2025, by China Garment Association host, the conference was held in Hangzhou.",
    "2025年3月10日,浙江省服装行业协会各地(市)秘书长联席会议在中国服装科创研究院成功召开。",
    "来源于市场的需求推动了今年的增长。",
    "扫码支付在中国已经非常普及，很多商家都支持这种方式。",
    "各方高度关注官方发布的数据。",
    "在交流环节,各协会秘书长积极发言,就如何加强区域间的合作展开热烈讨论。",
    "More exciting news will come from the fair next year.",
    "The source of growth was exports, the report said.",
    "Photo exhibitions drew large crowds.",
    "中国服装网",  # a site name is boilerplate only in the header (see the structure tests)
    "The report.png format was used by the ministry in its filing of 2024 statistics.",
    "中美联合声明：双方同意加强纺织品贸易合作。",
    "记者 王明报道，会议在杭州举行。",
    "会议于2025-04-10 09:30 在杭州召开。",
    "The end of the year brought record exports.",
    "完成了全年任务",
    "Related industries also grew quickly in the first quarter, the report said.",
    # lines that look like the kinds above but are article text
    "Photo: Workers sew garments at a factory in Humen.",  # a caption, not a credit
    "2025-03-10 | 开幕式 | 上海",  # a table row with a date, no credit
    "Share prices of garment makers rose 3% on Monday.",
    "Trending products included linen shirts and cotton dresses.",
    "Comments from the ministry were not available.",
    "Home sales rose 5% in March.",
    "Topic: supply chain resilience",
    "Print runs of the magazine doubled.",
    "Copyright law was amended in 2020 to protect designers.",
    "Updated rules take effect on April 1.",
    "相关部门正在调查此事。",
    "点击率最高的是一家服装品牌的广告。",
    "记者从会上获悉，今年的展会将扩大规模。",
    "他表示，这一决定并不代表政府的立场。",
    "Privacy",
    "Terms",
    # a lead that opens with its dateline is article text; so is a dash after another name
    "BEIJING, March 3 (Reuters) - China's exports rose 5.2% in March from a year earlier.",
    "BEIJING, March 3 (Xinhua) -- China's textile exports rose in the first two months.",
    "(Reuters) - The yuan firmed on Monday.",
    "WASHINGTON (AP) — Stocks fell.",
    "(Friends of the Earth) -",
    "Exports rose, traders said (Reuters) -",
    "BEIJING, March 3 -",
    # a Chinese lead that opens with its dateline is article text, as are words like them
    "新华社北京3月3日电 中国3月出口增长了5%。",
    "新华社北京3月3日电（记者张三）中国3月出口增长了5%。",
    "本报讯 记者从会上获悉，今年的展会将扩大规模。",
    "新华社记者从北京获悉，展会将扩大规模。",
    "记者王五摄制的纪录片获奖。",
    "（合作社）",  # a name with a site suffix, not an agency
    "3月3日电",
    "快讯",
    "行业资讯",
])
def test_article_lines_are_kept(line: str) -> None:
    assert line_reason(line) is None


def test_header_zone_site_name_and_relative_date() -> None:
    lines = ["会议共探行业发展新路径", "", "纺织头条网", "", "3天前", "",
             "会议在杭州举行，来自全省的代表参加了会议并交流了经验。",
             "纺织头条网"]
    reasons = classify_lines(lines)
    assert reasons[2] == HEADER_SITE
    assert reasons[4] == HEADER_DATE
    assert reasons[0] is None  # the title
    assert reasons[6] is None
    assert reasons[7] is None  # past the header zone, a bare name is not removed


def test_header_zone_keeps_subtitles() -> None:
    lines = ["Round Table Conference On Industrial Clusters Held In Humen",
             "2017 industrial cluster upgrading Collaborative Innovation Alliance",
             "Humen round table conference",
             "It was held in the conference room on the third floor of the exhibition centre."]
    assert classify_lines(lines) == [None, None, None, None]


def test_related_block_from_heading_covers_titles_until_prose() -> None:
    lines = [
        "The fair closed on Sunday after four days of trading and record attendance.",
        "Related reading",
        "",
        "Autumn Fair Dates Announced",
        "|",
        "- Industry news | Cotton Prices Rise In March",
        "- 山东聊城展团首次亮相纱线展",
        "A long paragraph follows here that is clearly prose. It has several sentences. "
        "They go on and on. And on, well past any headline length, because it is the next "
        "part of the article that a careless rule would swallow whole without noticing.",
    ]
    reasons = classify_lines(lines)
    assert reasons[1:7] == [RELATED, None, RELATED, RELATED, RELATED, RELATED]
    assert reasons[0] is None
    assert reasons[7] is None


def test_category_link_lines_without_heading() -> None:
    lines = [
        "The fair closed on Sunday after four days of trading and record attendance.",
        "- Local hotspot | Industrial Cluster Meets In Dalang",
        "- Expo News | The 5th Consumer Expo Attracts Merchants",
        "- Threats And Blackmail Are Not The Right Way",
    ]
    assert classify_lines(lines) == [None, RELATED, RELATED, RELATED]


def test_plain_markdown_list_is_article_text() -> None:
    lines = ["Highlights of the fair:", "- recycled polyester fabrics", "- smart looms",
             "- a fashion show on the last day"]
    assert classify_lines(lines) == [None, None, None, None]


def test_repeated_block_keeps_the_first_copy() -> None:
    body = ["第一段正文，介绍会议的背景。" * 10, "第二段正文，介绍与会者。" * 10,
            "第三段正文，介绍结论。" * 10]
    lines = ["标题", *body, "", *body, "展开"]
    reasons = classify_lines(lines)
    assert reasons[:4] == [None, None, None, None]
    assert all(r is not None and r.startswith(REPEATED) for r in reasons[5:8])
    assert reasons[5] == f"{REPEATED} (copy of lines 2-4)"
    assert reasons[8] == PROMOTION


@pytest.mark.parametrize(("lines", "expected"), [
    # short repeats are kept: a refrain, a repeated caption
    (["标题", "好。", "对。", "中间的句子。", "好。", "对。"], [None] * 6),
    # one long paragraph pasted twice is set aside
    (["Title", "x" * 320, "middle", "x" * 320],
     [None, None, None, f"{REPEATED} (copy of lines 2-2)"]),
    # a formula repeated many times over is text, not a pasting accident (cf. Numbers 7)
    (["Title", *(["His offering was one silver charger. " * 3, "One golden spoon of ten "
                  "shekels, full of incense. " * 3, "One kid of the goats for a sin offering."]
                 * 3)], [None] * 10),
])
def test_repeated_block_thresholds(lines: list[str], expected: list[str | None]) -> None:
    assert classify_lines(lines) == expected


def test_reference_texts_have_no_boilerplate(data_dir: Path) -> None:
    """Clean news (WMT22), literature (MAC-Dev) and the Bible: nothing may be set aside."""
    removed: list[tuple[str, str]] = []
    files = [*data_dir.glob("wmt22-zhen-news/*/*.txt"), *data_dir.glob("mac-dev/[ez][nh]/*"),
             *data_dir.glob("bible/[ez][nh]/*")]
    assert len(files) > 40
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        removed += [(str(path), line) for line, reason in
                    zip(lines, classify_lines(lines), strict=True) if reason]
    assert removed == []


def test_repeated_lead() -> None:
    lines = ["标题", "2025年3月10日，会议在杭州成功召开。",
             "2025年3月10日，会议在杭州成功召开。此次会议汇聚了全省的秘书长。"]
    assert classify_lines(lines) == [None, f"{REPEATED_LEAD} (opens line 3)", None]


# --- the seeds, line by line ----------------------------------------------------------------

SEED_EXPECTATIONS = {
    # file prefix: (last line of the article, boilerplate lines inside the article range)
    "000": (39, {}),
    "001": (8, {}),
    "002": (35, {}),
    "003": (26, {}),
    "004": (33, {3: HEADER_SITE, 5: HEADER_DATE, 7: REPEATED_LEAD, 11: IMAGE, 15: IMAGE,
                 21: IMAGE, 25: IMAGE, 31: IMAGE}),
}
KNOWN_BOILERPLATE = {
    "000": {40: SOURCE, 41: RELATED, 48: RELATED, 67: RELATED},
    "001": {9: DISCLAIMER},
    "002": {36: PROMOTION, 37: RELATED, 38: IMAGE, 40: IMAGE, 44: RELATED, 63: RELATED},
    "003": {27: RELATED, 33: RELATED, 34: RELATED, 44: RELATED, 53: RELATED},
    "004": {35: REPEATED, 37: REPEATED, 39: IMAGE, 61: REPEATED, 63: PROMOTION,
            64: PROMOTION, 65: PROMOTION},
}
KNOWN_ARTICLE = {
    "000": [1, 2, 4, 5, 7, 29, 36, 37, 39],  # title, captions without a stop, last paragraph
    "001": [1, 8],
    "002": [1, 2, 3, 6, 7, 10, 11, 21, 35],
    "003": [1, 2, 5, 15, 26],
    "004": [1, 9, 13, 33],
}


def _seed(seeds_dir: Path, prefix: str) -> list[str]:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTATIONS))
def test_seed_boilerplate_line_by_line(seeds_dir: Path, prefix: str) -> None:
    lines = _seed(seeds_dir, prefix)
    reasons = classify_lines(lines)
    last_article, inside = SEED_EXPECTATIONS[prefix]
    removed = {n: r for n, r in enumerate(reasons, start=1) if r is not None}
    # inside the article, exactly the expected lines are set aside, for the expected reason
    assert {n: r.split(" (")[0] for n, r in removed.items() if n <= last_article} == inside
    # after it, every non-empty line is set aside
    tail = [n for n in range(last_article + 1, len(lines) + 1) if lines[n - 1].strip()]
    assert tail and all(n in removed for n in tail)
    for number, reason in KNOWN_BOILERPLATE[prefix].items():
        assert removed.get(number, "").split(" (")[0] == reason, (number, lines[number - 1])
    for number in KNOWN_ARTICLE[prefix]:
        assert reasons[number - 1] is None, (number, lines[number - 1])


def test_seed_004_nothing_of_the_article_is_lost(seeds_dir: Path) -> None:
    """What is set aside as a repeat really is a copy of text that is kept."""
    lines = _seed(seeds_dir, "004")
    reasons = classify_lines(lines)
    kept = {normalised_key(line) for line, r in zip(lines, reasons, strict=True) if r is None}
    kept_text = "".join(normalised_key(line)
                        for line, r in zip(lines, reasons, strict=True) if r is None)
    for line, reason in zip(lines, reasons, strict=True):
        if reason and reason.startswith(REPEATED + " "):
            assert normalised_key(line) in kept or lines.count(line) > 1
        if reason and reason.startswith(REPEATED_LEAD):
            assert normalised_key(line) in kept_text
    # every distinct article paragraph of the first copy is kept once
    body = [line for line in lines[8:33] if line.strip() and not line.endswith(".png")]
    assert all(normalised_key(line) in kept for line in body)


@pytest.mark.parametrize(("second_line", "reason"), [
    ("新华社", HEADER_SITE),
    ("澎湃新闻", HEADER_SITE),
    ("www.example.com.cn", HEADER_SITE),
    ("China Daily", HEADER_SITE),
    ("中国服装网 | 1周前", HEADER_SITE),
    ("Reuters", HEADER_SITE),
    ("Xinhua | 2025-03-12", HEADER_SITE),
    ("第一财经", HEADER_SITE),
    # subtitles and kickers stay
    ("Reuters reporters visit the fair", None),
    ("AP photographers on the ground", None),
    ("——记浙江省一家服装专业合作社", None),
    ("聚焦行业转型升级", None),
    ("2017 industrial cluster upgrading Collaborative Innovation Alliance", None),
])
def test_header_zone_cases(second_line: str, reason: str | None) -> None:
    lines = ["会议共探行业发展新路径", second_line,
             "会议在杭州举行，来自全省的代表参加了会议并交流了经验。"]
    assert classify_lines(lines)[1] == reason


# Whole articles in the layout of two other sites (written for this test, not from the seeds):
# a Chinese portal page and an English newspaper page. (line, expected reason or None)
OTHER_SITE_ZH: list[tuple[str, str | None]] = [
    ("纺织服装出口连续三个月增长", None),
    ("2025-03-12 09:15 来源：纺织服装周刊 作者：李明", SOURCE),
    ("首页 > 行业资讯 > 正文", FURNITURE),
    ("字号：大 中 小", FURNITURE),
    ("据海关总署最新数据，今年前两个月我国纺织服装累计出口额同比增长5.2%。", None),
    ("其中，纺织品出口增长6.1%，服装出口增长4.3%。", None),
    ("图为某纺织企业生产车间。", None),
    ("IMG_20250312_091500.jpg", IMAGE),
    ("中国纺织品进出口商会有关负责人指出，企业应加快开拓新兴市场。", None),
    ("（完）", FURNITURE),
    ("责任编辑：王芳", SOURCE),
    ("文章关键词：纺织 出口", FURNITURE),
    ("相关阅读", RELATED),
    ("纺织行业一季度运行平稳", RELATED),
    ("服装企业加快数字化转型", RELATED),
    ("特别声明：以上内容仅代表作者本人观点，不代表本网站立场。本网站仅提供信息存储空间服务。",
     DISCLAIMER),
    ("举报/反馈", FURNITURE),
]
OTHER_SITE_EN: list[tuple[str, str | None]] = [
    ("Textile exports rise for third month", None),
    ("By Li Ming | China Daily | Updated: 2025-03-12 09:15", SOURCE),
    ("Share on Facebook", PROMOTION),
    ("China's textile and garment exports rose 5.2 percent year-on-year in the first two "
     "months, customs data showed.", None),
    ("Workers sew garments at a factory in Humen, Guangdong province. [Photo/Xinhua]", None),
    ('"Companies should speed up expansion into emerging markets," said an official.', None),
    ("Advertisement", FURNITURE),
    ("Most Read", RELATED),
    ("Textile industry steady in first quarter", RELATED),
    ("Cotton prices edge up", RELATED),
    ("Copyright 1995 - 2025. All rights reserved.", DISCLAIMER),
    ("Contact us", FURNITURE),
]


@pytest.mark.parametrize("document", [OTHER_SITE_ZH, OTHER_SITE_EN], ids=["zh", "en"])
def test_articles_from_other_sites(document: list[tuple[str, str | None]]) -> None:
    lines = [line for line, _ in document]
    assert list(zip(lines, classify_lines(lines), strict=True)) == document
