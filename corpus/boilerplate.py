"""Boilerplate: the lines of a scraped article that are not the article.

Web and app copies of news articles carry the same kinds of debris whatever the site:
image file names and inline images, "Related reading" link lists, app promotion
("展开", "APP内打开"), disclaimers and platform statements, source and credit lines, bylines,
a site name and a relative date above the body, page furniture (share/print links,
breadcrumbs, tag lists, counters), and sometimes the whole body twice.
:func:`classify_lines` recognises these *kinds* with patterns and with the document's own
structure (repeated blocks found by hashing normalised lines), and gives every line either
``None`` (article text) or the reason it was set aside.

Precision on article text comes first: a heading or a photo caption without a final stop
("Zheng Nianhua, President of Zhejiang Garment Industry Association") must stay, so a line
is set aside only when a rule names what it is; nothing is removed for merely being short.
Nothing is deleted either: the caller stores set-aside lines with their reason, and
``bitextual restore`` brings them back.

The set-aside lines of a project are listed (:func:`list_set_aside`, ``bitextual
boilerplate``) and restored (:func:`restore_boilerplate`) here too.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from corpus.decisions import Action, record
from corpus.errors import IngestError
from corpus.language import normalise
from corpus.segment import sentence_spans
from corpus.store import Project, SegmentIds, delete_beads_using, now_iso
from corpus.unwrap import block_split_lang

# --- reasons (stored in segments.boilerplate) ------------------------------------------------
IMAGE = "image"
RELATED = "related links"
PROMOTION = "app/site promotion"
DISCLAIMER = "disclaimer"
SOURCE = "source/credit line"
HEADER_SITE = "header: site name"
HEADER_DATE = "date/time stamp"
FURNITURE = "page furniture"
REPEATED = "repeated block"
REPEATED_LEAD = "repeated lead"

MIN_REPEATED_CHARS = 300
"""A block of lines repeated verbatim is set aside when it holds at least this many
characters (spaces not counted): a body or a long paragraph pasted twice. Shorter repeats
are kept: literature and scripture repeat verses and refrains on purpose (the Bible's
Numbers 7 repeats a five-verse offering list twelve times, ~150 characters each)."""
MIN_REPEATED_CHARS_MANY_COPIES = 1500
"""When a block's text occurs three or more times, it is set aside only from this size."""
MAX_TITLE_CHARS = 250
"""Lines longer than this are prose, never a link title."""
MAX_SHORT_LINE = 120
"""Promotion and credit patterns only apply to lines at most this long (in characters)."""

# --- patterns --------------------------------------------------------------------------------
_IMAGE_EXT = r"(?:png|jpe?g|gif|webp|bmp|svg|tiff?|heic|avif)"
_IMAGE_FILE = re.compile(
    rf"^\s*(?:\S*/)?[\w\-.%~]+\.{_IMAGE_EXT}(?:\?\S*)?\s*$", re.I)
_INLINE_IMAGE = re.compile(
    r"<(?:[\w-]+:)?image\b[^>]*>.*?</(?:[\w-]+:)?image\s*>"   # <image>…</image>, any prefix
    r"|<(?:[\w-]+:)?(?:image|img)\b[^>]*>"                      # <img …>, <image …/>
    r"|!\[[^\]]*\]\([^)]*\)"                                   # Markdown
    r"|data:image/[^\s<>]*"                                     # a bare data URI
    r"|\[(?:图片|圖片|image|img|photo|picture)\]",
    re.I | re.S)
# What may remain on an image line once the images are gone: separators and a caption
# marker, nothing that reads as text.
_ONLY_SEPARATORS = re.compile(r"^[\s|│¦•·*\-–—_/\\]*$")

_BULLET = r"[-*•·▪◆●○■□>›»]"
_RELATED_HEADING = re.compile(
    rf"^\s*\|?\s*(?:{_BULLET}\s*)?(?:"
    r"related(?:\s+(?:reading|readings|articles?|news|stories|posts|links|content))?"
    r"|further reading|recommended(?:\s+(?:reading|for you|articles?|stories))?"
    r"|read (?:more|also|next)|see also|more (?:news|stories|articles|from [\w .]+)"
    r"|you may (?:also )?(?:like|be interested(?: in)?)|popular (?:posts|articles|news)"
    r"|most (?:read|popular|viewed|shared)|trending(?: now| stories| news)?|top stories"
    r"|editor'?s'? picks|热点(?:推荐|新闻|阅读|资讯)|热门新闻|为你推荐|为您推荐|大家都在看"
    r"|相关(?:阅读|文章|新闻|推荐|报道|链接|资讯)|延伸阅读|推荐阅读|扩展阅读|拓展阅读|热门(?:推荐|文章|阅读|资讯)"
    r"|猜你喜欢|更多(?:阅读|新闻|文章|推荐)|往期(?:回顾|推荐|精选)|精彩推荐|相關(?:閱讀|文章|新聞)|延伸閱讀"
    r")\s*[:：>»]*\s*$", re.I)
# "- Category | Title": a short label, a bar, then a headline (as link lists print them).
# "Read more: <title>" on one line, and previous/next article navigation.
_RELATED_INLINE = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:read more|related|see also|also read|read also|recommended"
    r"|相关阅读|延伸阅读|推荐阅读|相关新闻|相关文章|上一篇|下一篇|previous(?: article| post)?"
    r"|next(?: article| post)?)\s*[:：>»]\s*\S.{0,200}$", re.I)
_CATEGORY_LINK = re.compile(
    rf"^\s*\|?\s*{_BULLET}\s*[^|]{{1,40}}?\s+[|｜丨]\s+\S.*$")
_BULLET_LINE = re.compile(rf"^\s*\|?\s*{_BULLET}\s*\S")
_SEPARATOR_LINE = re.compile(r"^\s*[|｜丨•·\-–—_]+\s*$")

# Promotion that says what it is wherever it appears (on a short line).
_PROMOTION = re.compile(
    r"^\s*(?:展开(?:全文|更多)?|收起|阅读全文|查看全文|点击展开|展開(?:全文)?)\s*[>»︾∨]*\s*$"
    r"|APP\s*内打开|APP\s*內打開"
    r"|(?:打开|打開|下载|下載|前往|尽在|盡在|就在)\s*.{0,20}(?:APP|App|app|客户端|客戶端)"
    r"|阅读更多|閱讀更多|更多精彩|查看更多"
    r"|\bopen (?:it )?in (?:the )?app\b|\b(?:download|get|install) (?:the|our) app\b"
    r"|\bread (?:the full|more) (?:story|article)\b|^\s*sign up (?:here|now|today)\b"
    r"|^\s*(?:for )?more (?:wonderful|exciting|great|interesting|latest|related)\s+"
    r"(?:information|news|content|stories|articles|reports)\s+(?:about|on|from|at|in|please)\b",
    re.I)
# Page furniture: advertisement labels, end-of-article marks, counters, reading time, tools.
_FURNITURE_WORD = (
    r"(?:advertisement|sponsored(?: content)?|广告|推广|赞助内容"
    r"|完|全文完|(?:the\s+)?end|-\s*(?:the\s+)?end\s*-|返回顶部|back to top|打印(?:本页|此文)?"
    r"|previous (?:article|post|story|page)|next (?:article|post|story|page)|上一篇|下一篇"
    r"|关闭窗口|关闭|纠错|我要纠错|收藏|分享|点赞|举报|反馈|我要反馈|举报\s*/\s*反馈"
    r"|print|email|e-mail|save|share|comments?|listen to this (?:article|story)"
    r"|contact us|about us|privacy policy|cookie policy|terms of (?:service|use)"
    r"|sitemap|site map|联系我们|关于我们|隐私政策|用户协议|网站地图|版权信息"
    r"|字号\s*[:：]?\s*大\s*中\s*小"
    r"|(?:阅读|浏览|阅读量|浏览量|点赞|评论|在看|views?|reads?|likes?|comments?)\s*[:：(（]?\s*[\d,.]+\s*[万kK]?[)）]?"
    r"|[\d,.]+\s*[万kK]?\s*(?:次阅读|人阅读|次浏览|人看过|views|reads|likes|comments)"
    r"|\d+\s*(?:min|mins|minute|minutes)\s+read)")
# Page furniture: advertisement labels, end-of-article marks, counters, reading time, tools,
# site links; a line made only of such words ("打印本页 关闭窗口", "Print | Email").
_PAGE_FURNITURE = re.compile(
    rf"^\s*[\[(（【]?\s*{_FURNITURE_WORD}(?:\s*[|｜丨/·•]?\s*{_FURNITURE_WORD})*"
    r"\s*[\])）】]?\s*$", re.I)
# Keyword and tag lists printed under an article.
_TAGS = re.compile(r"^\s*(?:文章)?(?:关键词|关键字|标签|tags?|keywords?)\s*[:：]", re.I)
# Breadcrumbs: "首页 > 新闻 > 正文", "当前位置：首页 > 纺织", "Home > News > China".
_BREADCRUMB = re.compile(
    r"^\s*(?:(?:当前位置|您的位置|你的位置|you are here)\s*[:：]\s*)?"
    r"(?:\S{0,8}首页|主页|home)\s*[>»›/]\s*\S.{0,80}$", re.I)
# Calls to action that a sentence of an article might also contain ("扫码支付已经普及。"):
# only on lines that do not read as prose.
_CALL_TO_ACTION = re.compile(
    r"点击(?:查看|阅读|关注|下载|进入|这里|链接|上方|下方)|點擊|扫一扫|扫码关注|扫描二维码"
    r"|长按(?:识别|扫码|二维码)|关注(?:我们|公众号|微信公众号)|关注.{0,20}(?:公众号|微信号|视频号|抖音号)"
    r"|分享到|分享至|转发给朋友|点个?[“\"]?(?:赞|在看)|点赞、?(?:转发|在看|分享)"
    r"|\bclick here\b|\bsubscribe (?:to|now)\b|\bfollow us\b|\bshare (?:this|on|via)\b"
    r"|\bsign up for (?:our|the) newsletter\b",
    re.I)
MAX_DISCLAIMER_CHARS = 400
"""Disclaimer phrases inside a line longer than this are taken as article text."""
_DISCLAIMER_HEAD = re.compile(
    r"^\s*[\[(（【]?\s*(?:(?:免责|版权|特别|郑重|平台|法律|原创|转载)?声明|免責聲明|版權聲明|聲明"
    r"|declaration|disclaimer|copyright(?: notice| statement)?|statement)\s*[:：】\])）]", re.I)
_DISCLAIMER = re.compile(
    r"转载请注明|未经(?:授权|许可)[，,]?\s*(?:不得|禁止|严禁)转载|版权所有"
    r"|版权归原作者|版权归原作者所有|如有侵权|如涉及侵权|若有侵权|侵权请联系|侵删"
    r"|本文(?:内容)?(?:来源于|转载自|整理自|来自)(?:互联网|网络)|仅供(?:参考|学习交流)"
    r"|不代表本(?:站|网|平台|号)(?:观点|立场)|仅提供信息(?:存储|发布)(?:空间)?(?:服务|平台)"
    r"|(?:观点)?仅代表(?:该)?作者(?:或机构)?(?:本人|个人)?(?:的)?(?:观点|立场)"
    r"|copyright belongs to the (?:original )?author|if there is (?:any )?infringement"
    r"|contact (?:us )?to delete|all rights reserved|does not represent the (?:views|position)"
    r"|for reference only|only provides? information storage|trust principles|©",
    re.I)
_SOURCE = re.compile(
    r"^\s*[\[(（【]?\s*(?:(?:本文|文章|信息|稿件|内容|图片|新闻|消息)?(?:来源|來源|来自|稿源|转载自|转自|摘自)"
    r"|图源|原标题|原文链接|原文地址|本文链接|出处"
    r"|sources?|via|original title|original link|photo(?: credit)?|photograph"
    r"|image(?: credit| source)?"
    r"|credits?)\s*[:：]"
    r"\s*[^。!?！？]{0,80}[\])）】]?\s*$",
    re.I)
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
_CREDIT = re.compile(
    r"(?i:^\s*[\[(（【]?\s*(?:[\u4e00-\u9fff]{0,4}编辑|主编|责编|作者|记者|通讯员|撰文|文字|文|图|摄影|摄|校对|审核|审校|编审"
    r"|排版|美编|監製|监制|編輯|責任編輯|作者|記者|"
    r"editor|edited by|author|reporter|written by|writer|translator|translated by|photos?(?: by)?)"
    r"\s*[:：|丨/]\s*[^。!?！？]{0,60}[\])）】]?\s*$)"
    # "（记者 王明 李华）": a role and Chinese names separated by spaces only
    r"|^\s*[\[(（【]?\s*(?:本报|本台)?(?:记者|通讯员|实习生|编辑|责编)(?:\s+[\u4e00-\u9fff·]{2,5})+"
    r"\s*[\])）】]?\s*$"
    # "By Jane Doe and John Smith" (capitalised names only, so "By the river, …" is prose)
    rf"|^\s*[Bb]y\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*\s*$"
    r"|(?i:^\s*(?:reporting|writing|editing|additional reporting|compiled) by\b.{0,100}$)"
    # BBC-style credits with a comma: "Image source, Getty Images"
    r"|(?i:^\s*(?:image|photo|video) source\s*,\s*[^。!?！？]{1,60}$)"
    # "This article was originally published on Sixth Tone."
    r"|(?i:^\s*this (?:article|story|piece|post) (?:was |is |first )?(?:originally |first )?"
    r"(?:published|appeared|posted)\b.{0,80}$)")

_DATE = (r"(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
         r"|\d{1,2}\s*月\s*\d{1,2}\s*日"
         r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
         r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4})")
_TIME = r"(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)"
_RELATIVE = (r"(?:\d+\s*(?:秒|分钟|分鐘|小时|小時|天|日|周|週|星期|个月|個月|月|年)前"
             r"|刚刚|剛剛|今天|昨天|前天"
             r"|\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago"
             r"|just now|yesterday|today)")
_STAMP_PIECE = (rf"(?:{_DATE}|{_TIME}|{_RELATIVE}"
                r"|发布于|發佈於|发布时间[:：]?|published:?|updated:?)")
_DATE_LINE = re.compile(rf"^\s*{_STAMP_PIECE}(?:[\s,|丨·•/]*{_STAMP_PIECE})*\s*$", re.I)

# A byline made of several pieces: "2025-04-10 09:30 来源：中国纺织报 作者：王明".
_LABELLED = (r"(?:来源|來源|作者|编辑|責任編輯|责任编辑|记者|發佈者|发布者|source|by|author|editor)"
             r"\s*[:：]\s*[^\s|丨:：]{1,24}")
_META_PIECE = rf"(?:{_STAMP_PIECE}|{_LABELLED})"
_META_LINE = re.compile(rf"^\s*{_META_PIECE}(?:[\s|丨·•/]+{_META_PIECE})+\s*$", re.I)
_META_PIECE_LINE = re.compile(rf"^\s*{_META_PIECE}(?:\s+{_META_PIECE})*\s*$", re.I)
_BAR = re.compile(r"\s[|｜丨]\s|[｜丨]")
_BYLINE_CREDIT = re.compile(
    rf"^\s*(?:[Bb]y\s+{_NAME}|{_LABELLED}|(?i:updated|published|发布于|发布时间|更新时间)\s*[:：]?\s*\S)")
MAX_BYLINE_PIECE = 40
"""Pieces of a bar-separated byline are short: a name, a site, a date."""
# "Photo: Workers sew garments at a factory in Humen." is a caption (article text), unlike
# the credit "Photo: Xinhua": a picture label followed by four words or more and a stop.
_PICTURE_CAPTION = re.compile(
    r"^\s*[\[(（【]?\s*(?:photo|photograph|image|picture)\s*[:：]\s*"
    r"(?:\S+\s+){3,}\S*[.!?]\s*$", re.I)

# News agencies and portals whose names carry no site suffix (a site name, a dateline).
_AGENCY = (r"(?:Xinhua|Reuters|Bloomberg|AFP|AP|Associated Press|CGTN|CCTV|BBC|CNN|Caixin|Yicai"
           r"|Sixth Tone|Nikkei Asia|财新|第一财经|凤凰网|腾讯新闻|网易新闻|搜狐新闻)")
# A wire dateline printed on its own line above the lead: "BEIJING, March 3 (Xinhua) --",
# "WASHINGTON (AP) —", "(Reuters) -". Places are capitalised words (ST. LOUIS,
# HONG KONG/SHANGHAI); only a line that ends at the dash, so a lead sentence that opens
# with its dateline is article text.
_DATELINE_DATE = (r"(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
                  r"\s+\d{1,2}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov"
                  r"|dec)[a-z]*\.?)(?:,?\s+\d{4})?")
_DATELINE = re.compile(
    rf"^\s*(?:{_NAME}(?:\s*[,/]\s*{_NAME})*(?:\s*,\s*{_DATELINE_DATE})?\s*)?"
    rf"[(（]\s*(?i:{_AGENCY})(?:\s*/\s*(?i:{_AGENCY}))*\s*[)）]\s*(?:-{{1,2}}|[–—]{{1,2}})\s*$")

_SITE_SUFFIX_ZH = (r"(?:网|網|网站|報|报|日报|晚报|早报|时报|商报|周刊|週刊"
                   r"|新闻|新聞|头条|頭條|资讯|資訊"
                   r"|客户端|杂志|雜誌|社|电视台|电台)")
# Chinese agencies whose name alone, in parentheses, credits a story: "（新华社）".
_AGENCY_ZH = (r"(?:新华社|中新社|中国新闻社|新华网|人民网|中新网|中国新闻网|央视网|央视新闻|央广网"
              r"|国际在线|中国网|光明网|环球网|人民日报|光明日报|经济日报|中国日报|澎湃新闻"
              r"|财新|第一财经|凤凰网|腾讯新闻|网易新闻|搜狐新闻)")
# A Chinese wire dateline alone on a line, the lead on the next: "新华社北京3月3日电",
# "人民网北京11月21日电 （记者 李四）", "本报讯（记者 张三）", "据新华社电". An outlet (an agency,
# 本报/本台/本刊, or a name with a site suffix: 湖南日报), a place, a date, 电 or 讯, and at most a
# parenthesised credit; a lead that follows on the same line makes it article text.
_DATE_ZH = r"(?:[0-9０-９]{4}年)?[0-9０-９]{1,2}月[0-9０-９]{1,2}日"
_HOUSE_ZH = r"(?:本报|本台|本刊|本网|本站)"
_DATELINE_ZH = re.compile(
    rf"^\s*据?(?:(?:{_AGENCY_ZH}|{_HOUSE_ZH}|[\u4e00-\u9fff]{{1,8}}?{_SITE_SUFFIX_ZH})"
    rf"[\u4e00-\u9fff]{{0,10}}?{_DATE_ZH}|{_AGENCY_ZH}|{_HOUSE_ZH})[电讯]"
    r"(?:\s*[(（][^()（）。！？!?]{1,40}[)）])?\s*$")
# "（新华社）", "（中新社电）": an agency credited at the end of a story.
_AGENCY_CREDIT_ZH = re.compile(rf"^\s*[(（]\s*据?{_AGENCY_ZH}(?:电|发|供图|供稿)?\s*[)）]\s*$")
# Photo credits: "（记者 王五 摄）", "新华社记者 王五 摄", "新华社发（王五 摄）",
# "（新华社记者王五摄）".
_PHOTO_CREDIT_ZH = re.compile(
    rf"^\s*[(（]?\s*(?:(?:{_AGENCY_ZH}|本报|本台)?(?:全媒体|特约|摄影)?记者|通讯员|实习生"
    rf"|{_AGENCY_ZH}发)\s*[(（]?\s*[\u4e00-\u9fff·]{{2,5}}(?:[\s、，,]*[\u4e00-\u9fff·]{{2,5}}){{0,3}}"
    r"\s*摄(?:影)?\s*[)）]?\s*[)）]?\s*$")
# Site names are short; a longer line ending in 报/社 is more likely a subtitle.
_SITE_NAME = re.compile(
    rf"^\s*(?:[\u4e00-\u9fff\w·]{{1,8}}{_SITE_SUFFIX_ZH}"
    r"|(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|cn|net|org|hk|tw|io|co)(?:\.[a-z]{2})?"
    r"|(?:[A-Z][\w&'’.-]*\s+){0,3}(?:News|Daily|Times|Post|Net|Online|Network|Weekly|Magazine"
    r"|Herald|Tribune|Gazette|Journal|Press|Wire)"
    # news agencies and portals whose names carry no such suffix
    rf"|{_AGENCY}"
    rf")(?:[\s|丨·•/]+{_STAMP_PIECE})*\s*$")

# A "prose" line ends the header zone: a full sentence of some length.
_SENTENCE_END = re.compile(r"[。！？!?.…]['\"”’」』)）]*\s*$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_INTERNAL_STOP = re.compile(r"[。！？!?](?=\s*\S)|\.(?=\s+[A-Z\"“])")


def classify_lines(lines: Sequence[str]) -> list[str | None]:
    """Reason each line is boilerplate, or None for article text (and for empty lines).

    ``lines`` are the document's lines as in the source (Markdown with its markup).
    """
    reasons: list[str | None] = [line_reason(line) for line in lines]
    _mark_header(lines, reasons)
    _mark_related_blocks(lines, reasons)
    _mark_repeated_blocks(lines, reasons)
    _mark_repeated_leads(lines, reasons)
    return reasons


def line_reason(line: str) -> str | None:
    """Reason a single line is boilerplate by its own content (no context), or None."""
    text = line.strip()
    if not text:
        return None
    if _IMAGE_FILE.match(text):
        return IMAGE
    if _INLINE_IMAGE.search(text) and _ONLY_SEPARATORS.match(_INLINE_IMAGE.sub("", text)):
        return IMAGE
    if _RELATED_HEADING.match(text):
        return RELATED
    if _DISCLAIMER_HEAD.match(text) or (len(text) <= MAX_DISCLAIMER_CHARS
                                        and _DISCLAIMER.search(text)):
        return DISCLAIMER
    short = len(text) <= MAX_SHORT_LINE
    if short and (_SOURCE.match(text) or _CREDIT.match(text) or _DATELINE.match(text)
                  or _DATELINE_ZH.match(text) or _AGENCY_CREDIT_ZH.match(text)
                  or _PHOTO_CREDIT_ZH.match(text)) \
            and not _PICTURE_CAPTION.match(text):
        return SOURCE
    if short and _PROMOTION.search(text):
        return PROMOTION
    if short and _PAGE_FURNITURE.match(text):
        return FURNITURE
    if _DATE_LINE.match(text):
        return HEADER_DATE
    if short and (_META_LINE.match(text) or _is_piped_byline(text)
                  and not _SITE_NAME.match(text)):  # site | date: the header rule decides
        return SOURCE
    if short and (_TAGS.match(text) or _BREADCRUMB.match(text)) and not is_prose(text):
        return FURNITURE
    if short and _RELATED_INLINE.match(text) and not is_prose(text):
        return RELATED
    if short and _CALL_TO_ACTION.search(text) and not is_prose(text):
        return PROMOTION
    return None


def _is_piped_byline(text: str) -> bool:
    """A header made of short pieces between bars, with a date and a credit (a byline, a
    site name, a labelled source or an "Updated:" stamp):
    "By Zhang Wei | China Daily | Updated: 2025-03-10 09:12". A table row with a date
    ("2025-03-10 | 开幕式 | 上海") has no credit and is kept."""
    pieces = [piece.strip() for piece in _BAR.split(text)]
    if len(pieces) < 2 or not all(pieces):
        return False
    if any(len(piece) > MAX_BYLINE_PIECE or _INTERNAL_STOP.search(piece) for piece in pieces):
        return False
    dated = any(_DATE_LINE.match(piece) or _META_PIECE_LINE.match(piece) for piece in pieces)
    credited = any(_BYLINE_CREDIT.match(piece) or _SITE_NAME.match(piece) for piece in pieces)
    return dated and credited


def is_prose(line: str) -> bool:
    """A line that reads as article prose: it ends like a sentence and is not short."""
    text = line.strip()
    han = len(_HAN.findall(text))
    long_enough = han >= 20 if han * 3 >= len(text) else len(text) >= 60
    return long_enough and bool(_SENTENCE_END.search(text))


def is_title_like(line: str) -> bool:
    """A line that could be a link title: not long, at most a few sentences."""
    text = line.strip()
    if len(text) > MAX_TITLE_CHARS or len(_HAN.findall(text)) > 80:
        return False
    return len(_INTERNAL_STOP.findall(text)) <= 2


def _mark_header(lines: Sequence[str], reasons: list[str | None]) -> None:
    """Site name lines between the title and the first paragraph of prose."""
    non_empty = [i for i, line in enumerate(lines) if line.strip()]
    for index in non_empty[1:]:  # the first line is the title, whatever it looks like
        if is_prose(lines[index]):
            break
        if reasons[index] is None and _SITE_NAME.match(lines[index].strip()):
            reasons[index] = HEADER_SITE


def _mark_related_blocks(lines: Sequence[str], reasons: list[str | None]) -> None:
    """Link lists: from a "Related reading" heading forward over title-like lines, and
    around "- Category | Title" lines over bullets and separators."""

    def link_like(index: int, titles: bool) -> bool:
        text = lines[index].strip()
        if not text or _SEPARATOR_LINE.match(text) or reasons[index] in (IMAGE, RELATED):
            return True
        if not is_title_like(text):
            return False
        return titles or bool(_BULLET_LINE.match(text))

    for anchor, line in enumerate(lines):
        heading = reasons[anchor] == RELATED and _RELATED_HEADING.match(line.strip())
        category = reasons[anchor] is None and _CATEGORY_LINK.match(line)
        if not (heading or category):
            continue
        reasons[anchor] = RELATED
        index = anchor + 1
        while index < len(lines) and link_like(index, titles=bool(heading)):
            if lines[index].strip() and reasons[index] is None:
                reasons[index] = RELATED
            index += 1
        if category:
            index = anchor - 1
            while index >= 0 and link_like(index, titles=False):
                if lines[index].strip() and reasons[index] is None:
                    reasons[index] = RELATED
                index -= 1


def normalised_key(line: str) -> str:
    """Key under which two lines count as the same: NFKC, no spaces, case-folded."""
    return "".join(unicodedata.normalize("NFKC", line).split()).casefold()


def _mark_repeated_blocks(lines: Sequence[str], reasons: list[str | None]) -> None:
    """A run of non-empty lines that repeats an earlier run verbatim (blank lines ignored):
    the later copy is set aside, so a body pasted twice is kept once."""
    index_of = [i for i, line in enumerate(lines) if line.strip()]
    keys = [normalised_key(lines[i]) for i in index_of]
    n = len(keys)
    first_at: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        first_at.setdefault(key, []).append(k)
    covered = [False] * n
    k = 0
    while k < n:
        best_len, best_src = 0, -1
        for src in first_at[keys[k]]:
            if src >= k:
                break
            length = 0
            while k + length < n and src + length < k and keys[src + length] == keys[k + length]:
                length += 1
            if length > best_len:
                best_len, best_src = length, src
        chars = sum(len(keys[k + j]) for j in range(best_len))
        # A text repeated many times over is a refrain or a formula, not a pasting accident,
        # unless the repeated block is very long.
        copies = max((len(first_at[keys[k + j]]) for j in range(best_len)), default=0)
        if best_len >= 1 and chars >= MIN_REPEATED_CHARS and (
                copies <= 2 or chars >= MIN_REPEATED_CHARS_MANY_COPIES):
            first_line = index_of[best_src] + 1
            last_line = index_of[best_src + best_len - 1] + 1
            for j in range(best_len):
                covered[k + j] = True
                line_index = index_of[k + j]
                if reasons[line_index] is None:
                    reasons[line_index] = f"{REPEATED} (copy of lines {first_line}-{last_line})"
            k += best_len
        else:
            k += 1


def _mark_repeated_leads(lines: Sequence[str], reasons: list[str | None]) -> None:
    """A lead sentence standing alone and then opening the next paragraph word for word
    (news apps print the summary above the body): the standalone copy is set aside."""
    non_empty = [i for i, line in enumerate(lines) if line.strip()]
    for pos, index in enumerate(non_empty[1:-1], start=1):  # never the title line
        if reasons[index] is not None:
            continue
        following = non_empty[pos + 1]
        key, next_key = normalised_key(lines[index]), normalised_key(lines[following])
        if len(key) >= 10 and len(next_key) > len(key) and next_key.startswith(key) \
                and _SENTENCE_END.search(lines[index].strip()):
            reasons[index] = f"{REPEATED_LEAD} (opens line {following + 1})"


# --- boilerplate: listing and restoring ---------------------------------------------------

@dataclass(frozen=True)
class SetAsideLine:
    """A boilerplate segment as ``bitextual boilerplate`` lists it."""

    document: str
    segment_id: str
    position: int
    line: int | None
    reason: str
    text: str


def find_document(project: Project, name: str) -> Any:
    """The documents row named ``name``; raises ``IngestError`` listing close names if none."""
    row = project.conn.execute("SELECT * FROM documents WHERE name = ?", (name,)).fetchone()
    if row is None:
        names = [r[0] for r in project.conn.execute(
            "SELECT name FROM documents WHERE name LIKE ? ORDER BY name LIMIT 5",
            (f"%{name}%",))]
        hint = f"did you mean: {', '.join(names)}" if names else \
            "see 'bitextual status' for the document names"
        raise IngestError(f"no document named '{name}' in the project", hint=hint)
    return row


def list_set_aside(project: Project, document: str | None = None) -> list[SetAsideLine]:
    """Every boilerplate segment (of one document, or of all), in document order."""
    sql = ("SELECT d.name, s.id, s.position, s.line, s.boilerplate, s.text FROM segments s "
           "JOIN documents d ON d.id = s.document_id WHERE s.boilerplate IS NOT NULL")
    args: tuple[Any, ...] = ()
    if document is not None:
        find_document(project, document)
        sql += " AND d.name = ?"
        args = (document,)
    rows = project.conn.execute(sql + " ORDER BY d.name, s.position", args).fetchall()
    return [SetAsideLine(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


@dataclass
class RestoreResult:
    """What ``restore_boilerplate`` did."""

    document: str
    lines: list[int | None]
    sentences_added: int
    beads_removed: int


def restore_boilerplate(project: Project, document: str, line: int | None = None,
                        restore_all: bool = False) -> RestoreResult:
    """Bring set-aside lines of ``document`` back into the article text: each is split into
    sentences, positions are renumbered, all in one transaction. Either ``line`` (1-based
    source line) or ``restore_all`` must be given."""
    with project.exclusive("restore"):
        return _restore_boilerplate(project, document, line, restore_all)


def _restore_boilerplate(project: Project, document: str, line: int | None,
                         restore_all: bool) -> RestoreResult:
    if (line is None) == (not restore_all):
        raise IngestError("say which lines to restore: --line N or --all")
    with project.transaction() as conn:
        doc = find_document(project, document)
        rows = conn.execute("SELECT * FROM segments WHERE document_id = ? ORDER BY position",
                            (doc["id"],)).fetchall()
        chosen = [r for r in rows if r["boilerplate"] is not None
                  and (restore_all or r["line"] == line)]
        if not chosen:
            where = f"at line {line}" if line is not None else "at all"
            raise IngestError(f"document '{document}' has no set-aside line {where}",
                              hint=f"list them with 'bitextual boilerplate {document}'")
        lang = "zh" if doc["lang"] == "zh" or (doc["lang"] == "mixed" and json.loads(
            doc["meta"] or "{}").get("han_share", 0) >= 0.5) else "en"
        chosen_ids = {r["id"] for r in chosen}
        # The document's segments in their new order: kept rows, and the sentences of each
        # restored line in its place (None: not stored yet).
        order: list[tuple[str | None, str, Any]] = []  # (current id, norm, row)
        pieces: dict[int, str] = {}  # index in order → text of a restored sentence
        for r in rows:
            if r["id"] not in chosen_ids:
                order.append((r["id"], r["norm"], r))
                continue
            line_lang = block_split_lang(r["text"], lang)
            for start, end in sentence_spans(r["text"], line_lang):
                text = r["text"][start:end]
                pieces[len(order)] = text
                order.append((None, normalise(text, lang), r))
        # Ids as a re-import of the file would compute them (occurrences counted in document
        # order), so a later re-import keeps the restored sentences and what hangs on them.
        # A restored sentence whose text is that of its whole line gets the line's own id.
        planned = SegmentIds(doc["name"])
        kept = {r["id"] for r in rows} - chosen_ids
        fallback = SegmentIds(doc["name"], taken=[r["id"] for r in rows])
        new_ids: list[str] = []
        for current, norm, _row in order:
            ident = planned.make(norm)
            if current is None and (ident in kept or ident in new_ids):
                # the text repeats one kept before it: any free id will do
                ident = fallback.make(norm)
            new_ids.append(current if current is not None else ident)
        reused = chosen_ids & {new_ids[i] for i in pieces}
        beads_removed = len(delete_beads_using(project, [doc["id"]], chosen_ids - reused))
        for ident in chosen_ids - reused:
            conn.execute("DELETE FROM segments WHERE id = ?", (ident,))
        added = 0
        for index, text in pieces.items():
            ident, norm, r = new_ids[index], order[index][1], order[index][2]
            if ident in reused:
                conn.execute("UPDATE segments SET text = ?, norm = ?, paragraph = ?, line = ?, "
                             "boilerplate = NULL WHERE id = ?",
                             (text, norm, r["paragraph"], r["line"], ident))
            else:
                conn.execute(
                    "INSERT INTO segments(id, document_id, position, paragraph, line, text, "
                    "norm, boilerplate) VALUES (?,?,?,?,?,?,?,NULL)",
                    (ident, doc["id"], -1, r["paragraph"], r["line"], text, norm))
            added += 1
        for position, ident in enumerate(new_ids):
            conn.execute("UPDATE segments SET position = ? WHERE id = ?", (position, ident))
        meta = json.loads(doc["meta"] or "{}")
        entries = list(meta.get("restored") or [])
        entries += [{"key": normalised_key(r["text"]), "line": r["line"]} for r in chosen]
        meta["restored"] = entries
        conn.execute("UPDATE documents SET meta = ?, updated_at = ? WHERE id = ?",
                     (json.dumps(meta, ensure_ascii=False, sort_keys=True), now_iso(),
                      doc["id"]))
        record(project, Action.RESTORE_BOILERPLATE, f"document:{doc['name']}", {
            "lines": [r["line"] for r in chosen],
            "segments": [{"id": r["id"], "reason": r["boilerplate"], "text": r["text"]}
                         for r in chosen],
        })
    return RestoreResult(document, [r["line"] for r in chosen], added, beads_removed)
