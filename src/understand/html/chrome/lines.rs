//! Chrome by words: rendered lines *made of* chrome (the top bar, search,
//! breadcrumbs, the info line, share bars, 上一篇/下一篇, 相关链接 and its
//! links, footer and contact lines, 扫一扫, the site's name in the page
//! head), and the filter that drops them.
//!
//! Why: chrome that the markup does not name still sits in the body
//! container on many CMSs. In: rendered lines with their link measure, the
//! site's names (from `<title>` and `sitename`), and whether to be loose
//! (the whole-page fallback also drops short link-only lines). Out: the
//! lines kept, in order. Never: judge a table row, cut words out of a
//! line, or drop running text (ends in 。 or has several clauses) as a
//! footer.

use std::sync::LazyLock;

use regex::Regex;

use super::super::render::Line;
use super::mirror::{judged_text, looks_traditional};

/// Words a chrome-only line is made of (top bar, search box, tool bars).
const TOKENS: &[&str] = &[
    "繁體版",
    "繁体版",
    "简体版",
    "簡體版",
    "繁體中文",
    "简体中文",
    "繁體",
    "繁体",
    "简体",
    "簡體",
    "无障碍浏览",
    "无障碍阅读",
    "无障碍",
    "無障礙",
    "关怀版",
    "长者版",
    "适老版",
    "适老化",
    "老年版",
    "长辈版",
    "关爱版",
    "本站地图",
    "网站地图",
    "站点地图",
    "手机版",
    "移动版",
    "手机门户",
    "手机网站",
    "APP下载",
    "客户端",
    "用户登录",
    "个人登录",
    "法人登录",
    "登录",
    "登陆",
    "注册",
    "个人中心",
    "退出",
    "English",
    "ENGLISH",
    "设为首页",
    "加入收藏",
    "收藏本站",
    "收藏",
    "全文检索",
    "高级检索",
    "站内搜索",
    "站内检索",
    "搜索",
    "搜 索",
    "检索",
    "请输入关键字",
    "请输入关键词",
    "请输入搜索内容",
    "请输入检索内容",
    "打印本页",
    "打印此页",
    "打印文章",
    "打印",
    "关闭窗口",
    "关闭本页",
    "关闭",
    "返回顶部",
    "回到顶部",
    "返回首页",
    "返回列表",
    "返回",
    "顶部",
    "分享到",
    "分享",
    "微信",
    "微博",
    "QQ空间",
    "QQ",
    "朋友圈",
    "新浪微博",
    "腾讯微博",
    "字体",
    "字号",
    "大",
    "中",
    "小",
    "默认",
    "放大",
    "缩小",
    "视力保护色",
    "护眼模式",
    "背景色",
    "语音播报",
    "语音朗读",
    "朗读",
    "阅读模式",
    "网站首页",
    "首页",
    "政务微博",
    "政务微信",
    "官方微博",
    "官方微信",
    "扫一扫",
    "在手机打开当前页",
    "智能问答",
    "我为政府网站找错",
    "政府网站找错",
    "党政机关",
    "微信公众号",
    "官方公众号",
    "公众号",
    "我要纠错",
    "纠错",
    "保存",
    "下载",
    "阅读",
];

static TOKEN_RE: LazyLock<Regex> = LazyLock::new(|| {
    let mut toks: Vec<&str> = TOKENS.to_vec();
    toks.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    let alt: Vec<String> = toks.iter().map(|t| regex::escape(t)).collect();
    Regex::new(&format!(
        r"(?:{})|[\s|｜·•●■□◆▪/＼\\:：\-—_丨︱,，、;；【】\[\]()（）<>《》＞»«›‹〈〉★☆]",
        alt.join("|")
    ))
    .expect("token regex")
});

static BREADCRUMB_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:您|你)?(?:现在|当前)?(?:所在)?的?位置\s*[:：]|^当前页面\s*[:：]|^(?:首页|网站首页|主页)\s*(?:>|＞|»|›|→|/|\\|-)",
    )
    .expect("breadcrumb regex")
});

/// Breadcrumb separators (a trail of short names: 政务公开 > 年报 > 正文).
static TRAIL_SEP_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:>>|>|＞|»|›|→)\s*").expect("trail regex"));

fn is_trail(t: &str) -> bool {
    if t.chars().count() > 100 {
        return false;
    }
    let parts: Vec<&str> = TRAIL_SEP_RE.split(t).collect();
    parts.len() >= 3
        && parts.iter().enumerate().all(|(k, p)| {
            (1..=15).contains(&p.chars().count()) || (k + 1 == parts.len() && p.is_empty())
        })
}

/// The view counter without a colon (`浏览次数 123`, `点击数：`).
static COUNTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:浏览次数|浏览量|点击数|点击量|点击次数|阅读次数|阅读数|阅读量|访问次数)\s*[:：]?\s*\d*\s*次?\s*$")
        .expect("counter regex")
});

/// A publication stamp opening a line, colon or not (`发布时间 2025-01-15`).
static STAMP_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[【\[]?\s*(?:发布|更新|发表|录入|发稿)(?:时间|日期)\s*[:：]?\s*\d{4}")
        .expect("stamp regex")
});

static INFO_ANY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:浏览次数|浏览量|浏览人次|访问量|访问次数|点击数|点击量|点击次数|点击率|阅读次数|阅读量|阅读数)\s*[:：]|[【\[]\s*字[体号]|字[体号]\s*[:：]|[【\[]\s*打印|[【\[]\s*关闭|打印本页|关闭窗口",
    )
    .expect("info regex")
});

static INFO_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[【\[(（]?\s*(?:信息来源|文章来源|稿件来源|新闻来源|来源单位|来\s*源|发布时间|发布日期|发表时间|发稿时间|更新时间|更新日期|录入时间|作\s*者|责任编辑|编\s*辑|供\s*稿|撰稿人?|审\s*核|审\s*稿|校\s*对|时\s*间|日\s*期|发布者|发布人|发布机构)\s*[:：]",
    )
    .expect("info start regex")
});

static DATETIME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+\d{1,2}:\d{2}(?::\d{2})?$")
        .expect("datetime regex")
});

static SHARE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"分享到|分享至|一键分享").expect("share regex"));

static PREVNEXT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[【\[]?\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上\s*篇|下\s*篇|前一篇|后一篇)",
    )
    .expect("prev/next regex")
});

const RELATED: &str = "相关阅读|相关链接|相关文章|相关信息|相关文件|相关新闻|相关稿件|相关政策|相关解读|相关推荐|推荐阅读|延伸阅读|热点推荐|猜你喜欢|热门文章|最新文章|热点新闻|友情链接";

/// A 相关链接 heading alone on its line.
static RELATED_HEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[【\[]?\s*(?:{RELATED})\s*[】\]]?\s*[:：]?\s*(?:更多\s*>*)?$"
    ))
    .expect("related regex")
});

/// A 相关链接： label opening a line (of links).
static RELATED_LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[【\[]?\s*(?:{RELATED})\s*[】\]]?\s*[:：]")).expect("related regex")
});

/// Footer marks that never occur in report prose.
static FOOTER_STRONG_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)网站标识码|网站识别码|标识码\s*[:：]|ICP\s*备|ICP\s*证|公网安备|网安备|版权所有|copyright|©|技术支持\s*[:：]|(?:主办|承办|协办)(?:单位)?\s*[:：]",
    )
    .expect("footer regex")
});

/// Footer marks a report sentence could mention.
static FOOTER_WEAK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)主办单位|承办单位|协办单位|支持\s*IPv6|网站维护|维护单位|运维单位|建议使用|分辨率|浏览器.{0,10}访问|最佳浏览|网站声明|隐私声明|联系我们",
    )
    .expect("footer regex")
});

static CONTACT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:地址|通讯地址|邮编|邮政编码|联系电话|电话|传真|邮箱|电子邮箱|e-?mail|举报电话|值班电话|投诉电话)\s*[:：]",
    )
    .expect("contact regex")
});

static QR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"扫一扫|扫描二维码|手机扫码|微信扫描|手机扫描|手机阅读|手机浏览|在手机上?打开|关注.{0,8}(?:公众号|微信)")
        .expect("qr regex")
});

static WELCOME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:今天是|今日是|欢迎(?:访问|光临|来到|进入|您))").expect("welcome regex")
});

/// Whole lines that are section banners of a disclosure site, not report text.
const BANNERS: &[&str] = &[
    "政府信息公开",
    "政务公开",
    "信息公开",
    "政府信息公开专栏",
    "政府信息公开平台",
    "政府信息公开目录",
    "信息公开目录",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Keep,
    Chrome,
    /// A footer line: contact lines next to it go too.
    Footer,
    /// A contact line (地址/电话/邮编…): chrome only next to a footer.
    Contact,
    /// 相关链接 and the like: the link lines after it go too.
    Related,
    /// The site's name alone: chrome in the page head, a signature after
    /// the body has begun (a county government signs its own report).
    SiteName,
}

/// Whether a text is made only of chrome words and separators.
pub(crate) fn only_chrome_tokens(text: &str) -> bool {
    text.chars().count() <= 80 && TOKEN_RE.replace_all(text, "").trim().is_empty()
}

/// Endings of a site's own name (某某区人民政府, XX政府网, XX门户网站).
const SITE_ENDINGS: &[&str] = &[
    "人民政府",
    "人民政府网",
    "政府网",
    "政府门户网站",
    "门户网站",
    "网站",
    "办事处",
];

/// A short head line holding a site name next to chrome words
/// (`某某区人民政府 返回首页 网站地图`): the page head, not the body.
fn site_name_and_chrome(text: &str) -> bool {
    if text.chars().count() > 60 || text.ends_with('。') {
        return false;
    }
    let rest = TOKEN_RE.replace_all(text, "");
    let rest = rest.trim();
    let removed = rest.chars().count() + 2 <= text.chars().count();
    removed
        && (2..=20).contains(&rest.chars().count())
        && SITE_ENDINGS.iter().any(|e| rest.ends_with(e))
}

fn judge(line: &Line, site_names: &[String], traditional: bool) -> Verdict {
    if site_names.contains(&line.text) {
        return Verdict::SiteName;
    }
    if line.text.chars().count() > 250 {
        return Verdict::Keep;
    }
    let judged = judged_text(&line.text, traditional);
    let t = judged.as_ref();
    let n = t.chars().count();
    let link_heavy = line.m > 0 && line.lm * 2 >= line.m;
    if RELATED_HEAD_RE.is_match(t) || (link_heavy && RELATED_LABEL_RE.is_match(t)) {
        return Verdict::Related;
    }
    if only_chrome_tokens(t)
        || site_name_and_chrome(t)
        || BREADCRUMB_RE.is_match(t)
        || PREVNEXT_RE.is_match(t)
        || DATETIME_RE.is_match(t)
        || STAMP_START_RE.is_match(t)
        || is_trail(t)
        || (n <= 80 && !t.ends_with('。') && COUNTER_RE.is_match(t))
        || (n <= 150 && INFO_ANY_RE.is_match(t))
        || (n <= 100 && INFO_START_RE.is_match(t))
        || (n <= 60 && SHARE_RE.is_match(t))
        || (n <= 40 && !t.ends_with('。') && QR_RE.is_match(t))
        || (n <= 80 && WELCOME_RE.is_match(t))
        || BANNERS.contains(&t)
    {
        return Verdict::Chrome;
    }
    if n <= 250 && FOOTER_STRONG_RE.is_match(t) {
        return Verdict::Footer;
    }
    if is_prose(t) {
        return Verdict::Keep;
    }
    if n <= 250 && FOOTER_WEAK_RE.is_match(t) {
        return Verdict::Footer;
    }
    if n <= 120 && CONTACT_RE.is_match(t) {
        return Verdict::Contact;
    }
    Verdict::Keep
}

/// A sentence of running text (ends with 。 or has several clauses):
/// never a footer or contact line, whatever words it mentions.
fn is_prose(t: &str) -> bool {
    let clauses = t.matches(['，', '；']).count();
    (t.ends_with(['。', '；']) && t.chars().count() > 15) || clauses >= 3
}

/// Drop chrome lines. `loose` (the whole-page fallback) also drops short
/// lines that are nothing but a link (menu items).
pub(crate) fn filter_lines(lines: Vec<Line>, site_names: &[String], loose: bool) -> Vec<Line> {
    let traditional = looks_traditional(&lines);
    let mut verdicts: Vec<Verdict> = lines
        .iter()
        .map(|l| {
            if l.table {
                Verdict::Keep
            } else {
                judge(l, site_names, traditional)
            }
        })
        .collect();
    // The site name before any substantive line is the page head.
    let first_text = lines
        .iter()
        .position(|l| l.table || l.m >= 30)
        .unwrap_or(lines.len());
    for (i, v) in verdicts.iter_mut().enumerate() {
        if *v == Verdict::SiteName {
            *v = if i < first_text {
                Verdict::Chrome
            } else {
                Verdict::Keep
            };
        }
    }
    // Link lines under a 相关链接 heading.
    let mut related = false;
    for (l, v) in lines.iter().zip(verdicts.iter_mut()) {
        match *v {
            Verdict::Related => related = true,
            Verdict::Keep if related && !l.table && l.m > 0 && l.lm * 10 >= l.m * 8 => {
                *v = Verdict::Chrome;
            }
            _ => related = false,
        }
    }
    // Contact lines within three lines of a footer line.
    let footers: Vec<usize> = (0..verdicts.len())
        .filter(|&i| verdicts[i] == Verdict::Footer)
        .collect();
    for (i, v) in verdicts.iter_mut().enumerate() {
        if *v == Verdict::Contact {
            let near = footers.iter().any(|&f| f.abs_diff(i) <= 3);
            *v = if near { Verdict::Chrome } else { Verdict::Keep };
        }
    }
    lines
        .into_iter()
        .zip(verdicts)
        .filter(|(l, v)| {
            *v == Verdict::Keep
                && !(loose
                    && !l.table
                    && l.m > 0
                    && l.lm * 10 >= l.m * 8
                    && l.text.chars().count() <= 30)
        })
        .map(|(l, _)| l)
        .collect()
}

#[cfg(test)]
mod site_line_tests {
    use super::site_name_and_chrome;

    #[test]
    fn site_name_beside_chrome_words_is_head() {
        assert!(site_name_and_chrome("某某区人民政府 返回首页 网站地图"));
        assert!(site_name_and_chrome(
            "平阳县人民政府门户网站 | 无障碍 | 繁體版"
        ));
        // A bare site name (a signature) is judged elsewhere; prose stays.
        assert!(!site_name_and_chrome("某某区人民政府"));
        assert!(!site_name_and_chrome(
            "请登录某某区人民政府网站首页查询办理进度。"
        ));
        assert!(!site_name_and_chrome("一、总体情况"));
    }
}
