//! HTML of the synthetic portals: the site chrome real county portals wrap
//! around everything (繁體版/无障碍 bar, header, mega-menu nav, breadcrumbs,
//! sidebars, link farms, footer), home, 网站地图, list pages with TRS and
//! 下一页 pagers, and articles of 30–80 KB.
//!
//! In: a [`Ctx`] (network, host, path prefix) and a [`Page`]. Out: the page
//! as a `String`. Never: a link to a page the network does not serve
//! (menu entries the network has no page for are `javascript:;`, as on
//! many real portals), so a complete crawl fetches exactly
//! [`Portal::pages_per_host`] pages per host; the only other links are a
//! few external government sites in the footer (out of scope).
//!
//! The body container varies by host (`k % 4`): `.TRS_Editor`, `#zoom`,
//! `#vsb_content`, or a plain `div` that only the density scorer finds.

use std::fmt::Write as _;

use super::site::{Article, Column, Kind, Page, Portal, PER_LIST};
use super::text;

/// Where a page is rendered: which network, host, and path prefix.
pub struct Ctx<'a> {
    pub portal: &'a Portal,
    pub k: usize,
    /// `""` for virtual hosts, `/c0001` for the path-prefixed layout.
    pub base: &'a str,
}

/// Render one page.
pub fn render(ctx: &Ctx, page: Page) -> String {
    match page {
        Page::Home => home(ctx),
        Page::Sitemap => sitemap(ctx),
        Page::List(col, i) => list(ctx, col, i),
        Page::Article(art) => article(ctx, &art),
    }
}

const MENU: [&str; 16] = [
    "机构概况",
    "领导信息",
    "政策文件",
    "政策解读",
    "规划计划",
    "财政预决算",
    "人事信息",
    "统计信息",
    "重大项目",
    "公共资源交易",
    "应急管理",
    "环境保护",
    "教育信息",
    "医疗卫生",
    "社会救助",
    "乡村振兴",
];

const SITES: [(&str, &str); 6] = [
    ("http://www.gov.cn/", "中国政府网"),
    ("http://www.zj.gov.cn/", "浙江省人民政府"),
    ("http://www.wenzhou.gov.cn/", "温州市人民政府"),
    ("http://www.rayn.gov.cn/", "瑞安市人民政府"),
    ("http://www.yq.gov.cn/", "乐清市人民政府"),
    ("http://www.wencheng.gov.cn/", "文成县人民政府"),
];

impl Ctx<'_> {
    fn site(&self) -> String {
        format!("{}人民政府", Portal::county(self.k))
    }

    fn list_href(&self, col: Column, i: usize) -> String {
        format!("{}{}{}", self.base, col.dir(), Column::list_file(i))
    }

    fn article_href(&self, art: &Article) -> String {
        format!("{}{}", self.base, art.path())
    }

    /// The `n` newest articles of a column.
    fn latest(&self, col: Column, n: usize) -> Vec<Article> {
        let len = self.portal.column_len(col);
        (0..n.min(len))
            .map(|i| self.portal.article(self.k, Portal::column_item(col, i)))
            .collect()
    }

    /// Everything before the content: head, top bar, header, nav, crumbs.
    fn open(&self, out: &mut String, title: &str, head: &str, crumbs: &[&str]) {
        let site = self.site();
        let b = self.base;
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\n\
             <title>{title}_{site}</title>\n<meta name=\"SiteName\" content=\"{site}\">\n<meta name=\"SiteDomain\" content=\"{host}\">\n\
             <meta name=\"SiteIDCode\" content=\"33032{k:05}\">\n{head}\n\
             <link rel=\"stylesheet\" type=\"text/css\" href=\"{b}/images/common.css\">\n\
             <script type=\"text/javascript\" src=\"{b}/images/jquery.min.js\"></script>\n{style}\n</head>\n<body>\n\
             <div class=\"topbar\"><div class=\"w1200\"><span>欢迎访问{site}门户网站</span><span class=\"fr\">\
             <a href=\"javascript:void(0);\" id=\"StranLink\">繁體版</a> | <a href=\"javascript:;\" onclick=\"aria.start()\">无障碍</a> | \
             <a href=\"javascript:;\">长者版</a> | <a href=\"javascript:;\">手机版</a> | <a href=\"{b}/sitemap.html\">网站地图</a></span></div></div>\n\
             <div class=\"header\"><div class=\"logo\">{site}</div><form class=\"search\" action=\"javascript:;\">\
             <input type=\"text\" placeholder=\"全文检索\"><button type=\"button\">搜索</button></form></div>\n\
             <div class=\"nav\"><ul><li><a href=\"{b}/\">首页</a></li><li><a href=\"{r}\">{rn}</a></li><li><a href=\"{n}\">{nn}</a></li>",
            host = Portal::host_name(self.k),
            k = self.k,
            style = STYLE,
            r = self.list_href(Column::Reports, 0),
            rn = Column::Reports.name(),
            n = self.list_href(Column::News, 0),
            nn = Column::News.name(),
        );
        // The mega-menu: sub-columns this network does not serve.
        for (i, m) in MENU.iter().enumerate() {
            let _ = write!(
                out,
                "<li class=\"sub\"><a href=\"javascript:;\">{m}</a><dl>"
            );
            for town in ["城关镇", "东溪镇", "西山乡"] {
                let _ = write!(
                    out,
                    "<dd><a href=\"javascript:;\" data-col=\"{i}\">{town}{m}</a></dd>"
                );
            }
            out.push_str("</dl></li>");
        }
        out.push_str("</ul></div>\n<div class=\"position\">当前位置：");
        let _ = write!(out, "<a href=\"{b}/\">首页</a>");
        for c in crumbs {
            let _ = write!(out, " &gt; <span>{c}</span>");
        }
        out.push_str("</div>\n<div class=\"main\">\n");
    }

    /// Sidebars and link farms until the page is `target` bytes, then the footer.
    fn close(&self, out: &mut String, target: usize) {
        out.push_str("</div>\n");
        let mut block = 0;
        while out.len() + 1200 < target {
            self.padding(out, block);
            block += 1;
        }
        let site = self.site();
        out.push_str("<div class=\"footer\"><div class=\"links\">相关链接：");
        for (href, name) in SITES {
            let _ = write!(out, "<a href=\"{href}\" target=\"_blank\">{name}</a> ");
        }
        let _ = write!(
            out,
            "</div>\n<p>主办单位：{site}办公室 承办单位：县大数据中心</p>\n\
             <p>网站标识码：33032{k:05} 浙ICP备05012345号-1 浙公网安备 33032602000123号</p>\n\
             <p>联系电话：0577-63712345 版权所有 © {site}</p>\n</div>\n</body>\n</html>\n",
            k = self.k
        );
    }

    /// One block of about 1–2 KB of the chrome real portals carry.
    fn padding(&self, out: &mut String, block: usize) {
        match block % 4 {
            0 => {
                out.push_str("<div class=\"side-box\"><div class=\"side-tit\">最新信息</div><ul class=\"side-list\">\n");
                let col = if block % 8 == 0 {
                    Column::News
                } else {
                    Column::Reports
                };
                for art in self.latest(col, 6) {
                    let t = text::title(&Portal::county(self.k), &art);
                    let _ = writeln!(
                        out,
                        "<li><span class=\"date\">{}</span><a href=\"{}\" title=\"{t}\" target=\"_blank\">{t}</a></li>",
                        art.date_str(),
                        self.article_href(&art)
                    );
                }
                out.push_str("</ul></div>\n");
            }
            1 => {
                out.push_str("<div class=\"zt-box\"><div class=\"side-tit\">专题专栏</div><ul>");
                for (i, m) in MENU.iter().enumerate() {
                    let _ = write!(
                        out,
                        "<li><a href=\"javascript:;\" data-zt=\"{block}-{i}\"><img alt=\"{m}专题\" src=\"{}/images/zt{i}.jpg\"></a></li>",
                        self.base
                    );
                }
                out.push_str("</ul></div>\n");
            }
            2 => {
                out.push_str("<div class=\"foot-sites\"><select onchange=\"window.open(this.value)\"><option>政府网站</option>");
                for (href, name) in SITES.iter().chain(SITES.iter()) {
                    let _ = write!(out, "<option value=\"{href}?from={block}\">{name}</option>");
                }
                out.push_str("</select><select><option>部门网站</option>");
                for m in MENU {
                    let _ = write!(out, "<option value=\"javascript:;\">县{m}</option>");
                }
                out.push_str("</select></div>\n");
            }
            _ => {
                let _ = write!(
                    out,
                    "<script type=\"text/javascript\">\n(function(){{var _hm=document.createElement(\"script\");_hm.src=\"{b}/images/stat.js?b={block}\";\
                     var s=document.getElementsByTagName(\"script\")[0];s.parentNode.insertBefore(_hm,s);}})();\n\
                     function setFontSize(n){{var e=document.getElementById('zoom');if(!e)return;e.style.fontSize=n+'px';\
                     var ps=e.getElementsByTagName('p');for(var i=0;i<ps.length;i++){{ps[i].style.fontSize=n+'px';}}}}\n\
                     var aria={{start:function(){{var d=document.createElement('div');d.id='aria-toolbar';d.innerHTML='<span>无障碍浏览</span>';document.body.appendChild(d);}}}};\n\
                     </script>\n",
                    b = self.base
                );
            }
        }
    }
}

const STYLE: &str = "<style type=\"text/css\">\nbody{margin:0;padding:0;font-family:\"Microsoft YaHei\",SimSun;font-size:14px;color:#333;}\
.w1200{width:1200px;margin:0 auto;}.topbar{height:36px;line-height:36px;background:#f5f5f5;border-bottom:1px solid #e5e5e5;}\
.header{height:140px;background:url(/images/banner.jpg) no-repeat center;}.nav{background:#c00;height:48px;}\
.nav li{float:left;width:120px;text-align:center;position:relative;}.nav li a{color:#fff;font-size:16px;}\
.nav li dl{display:none;position:absolute;top:48px;background:#fff;}.nav li:hover dl{display:block;}\
.position{height:40px;line-height:40px;border-bottom:1px dashed #ccc;}.main{width:1200px;margin:20px auto;overflow:hidden;}\
.list li{height:36px;line-height:36px;border-bottom:1px dotted #ddd;}.list li span{float:right;color:#999;}\
.article h1{font-size:24px;text-align:center;color:#c00;}.info{text-align:center;color:#999;padding:10px 0;}\
.side-box{width:280px;float:right;}.footer{background:#eee;padding:20px 0;text-align:center;line-height:28px;}\n</style>";

/// Content size of a typical non-article page (home, lists, sitemap).
const INDEX_PAGE_BYTES: usize = 24 * 1024;

fn home(ctx: &Ctx) -> String {
    let mut out = String::with_capacity(INDEX_PAGE_BYTES + 4096);
    ctx.open(&mut out, "首页", "", &[]);
    let county = Portal::county(ctx.k);
    for col in [Column::Reports, Column::News] {
        let _ = write!(
            out,
            "<div class=\"block\"><div class=\"hd\"><span>{}</span><a class=\"more\" href=\"{}\">更多&gt;&gt;</a></div><ul>",
            col.name(),
            ctx.list_href(col, 0)
        );
        for art in ctx.latest(col, 8) {
            let t = text::title(&county, &art);
            let _ = write!(
                out,
                "<li><a href=\"{}\" target=\"_blank\" title=\"{t}\">{t}</a><span>{}</span></li>",
                ctx.article_href(&art),
                &art.date_str()[5..]
            );
        }
        out.push_str("</ul></div>\n");
    }
    ctx.close(&mut out, INDEX_PAGE_BYTES);
    out
}

fn sitemap(ctx: &Ctx) -> String {
    let mut out = String::with_capacity(INDEX_PAGE_BYTES + 4096);
    ctx.open(&mut out, "网站地图", "", &["网站地图"]);
    out.push_str("<div class=\"sitemap\">");
    for col in [Column::Reports, Column::News] {
        let _ = write!(out, "<dl><dt>{}</dt>", col.name());
        for i in 0..ctx.portal.list_pages(col) {
            let _ = write!(
                out,
                "<dd><a href=\"{}\">{}（第{}页）</a></dd>",
                ctx.list_href(col, i),
                col.name(),
                i + 1
            );
        }
        out.push_str("</dl>");
    }
    for m in MENU {
        let _ = write!(
            out,
            "<dl><dt>{m}</dt><dd><a href=\"javascript:;\">{m}</a></dd></dl>"
        );
    }
    out.push_str("</div>\n");
    ctx.close(&mut out, INDEX_PAGE_BYTES);
    out
}

/// The TRS pager function, inline as on real TRS pages.
const PAGER_FN: &str = "<script language=\"javascript\">\n<!--\nfunction createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){\n\
if(_nPageCount == null || _nPageCount<=1){ return; }\nvar nCurrIndex = _nCurrIndex || 0;\n\
if(nCurrIndex == 0) document.write(\"<span>首页</span> <span>上一页</span> \");\n\
else { var prev = (nCurrIndex == 1) ? _sPageName + \".\" + _sPageExt : _sPageName + \"_\" + (nCurrIndex - 1) + \".\" + _sPageExt;\n\
document.write(\"<a href=\\\"\" + _sPageName + \".\" + _sPageExt + \"\\\">首页</a> <a href=\\\"\" + prev + \"\\\">上一页</a> \"); }\n\
if(nCurrIndex + 1 >= _nPageCount) document.write(\"<span>下一页</span> <span>尾页</span>\");\n\
else document.write(\"<a href=\\\"\" + _sPageName + \"_\" + (nCurrIndex + 1) + \".\" + _sPageExt + \"\\\">下一页</a> <a href=\\\"\" + _sPageName + \"_\" + (_nPageCount - 1) + \".\" + _sPageExt + \"\\\">尾页</a>\");\n\
document.write(\"&nbsp;共\" + _nPageCount + \"页\");\n}\n//-->\n</script>";

fn list(ctx: &Ctx, col: Column, page: usize) -> String {
    let mut out = String::with_capacity(INDEX_PAGE_BYTES + 4096);
    let head = format!("<meta name=\"ColumnName\" content=\"{}\">", col.name());
    ctx.open(&mut out, col.name(), &head, &[col.name()]);
    let _ = write!(
        out,
        "<div class=\"list_box\"><div class=\"list_title\">{}</div>\n<ul class=\"list\">\n",
        col.name()
    );
    let county = Portal::county(ctx.k);
    let len = ctx.portal.column_len(col);
    for i in page * PER_LIST..((page + 1) * PER_LIST).min(len) {
        let art = ctx.portal.article(ctx.k, Portal::column_item(col, i));
        let _ = writeln!(
            out,
            "<li><a href=\"./{}\" target=\"_blank\" title=\"{t}\">{t}</a><span class=\"date\">{}</span></li>",
            art.file(),
            art.date_str(),
            t = text::title(&county, &art)
        );
    }
    out.push_str("</ul>\n");
    let n = ctx.portal.list_pages(col);
    match col {
        Column::Reports => {
            let _ = write!(
                out,
                "<div class=\"page\">{PAGER_FN}\n<script>createPageHTML({n}, {page}, \"index\", \"html\");</script></div>\n"
            );
        }
        Column::News => {
            out.push_str("<div class=\"pagination\">");
            let file = Column::list_file;
            if page == 0 {
                out.push_str("<span>首页</span> <span>上一页</span> ");
            } else {
                let _ = write!(
                    out,
                    "<a href=\"{}\">首页</a> <a href=\"{}\">上一页</a> ",
                    file(0),
                    file(page - 1)
                );
            }
            for i in page.saturating_sub(2)..(page + 3).min(n) {
                if i == page {
                    let _ = write!(out, "<span class=\"cur\">{}</span> ", i + 1);
                } else {
                    let _ = write!(out, "<a href=\"{}\">{}</a> ", file(i), i + 1);
                }
            }
            if page + 1 >= n {
                out.push_str("<span>下一页</span> <span>尾页</span>");
            } else {
                let _ = write!(
                    out,
                    "<a href=\"{}\">下一页</a> <a href=\"{}\">尾页</a>",
                    file(page + 1),
                    file(n - 1)
                );
            }
            let _ = writeln!(out, " 共{n}页</div>");
        }
    }
    out.push_str("</div>\n");
    ctx.close(&mut out, INDEX_PAGE_BYTES);
    out
}

/// Article size: 30–80 KB, fixed per article.
fn article_bytes(art: &Article) -> usize {
    30 * 1024 + (art.seed >> 40) as usize % (50 * 1024)
}

fn article(ctx: &Ctx, art: &Article) -> String {
    let county = Portal::county(ctx.k);
    let title = text::title(&county, art);
    let organ = text::organ(&county, art);
    let date = art.date_str();
    let target = article_bytes(art);
    let mut out = String::with_capacity(target + 8192);
    let col = art.column();
    let head = format!(
        "<meta name=\"ArticleTitle\" content=\"{title}\">\n<meta name=\"PubDate\" content=\"{date} 09:30\">\n\
         <meta name=\"ColumnName\" content=\"{}\">\n<meta name=\"ContentSource\" content=\"{organ}\">",
        col.name()
    );
    ctx.open(&mut out, &title, &head, &[col.name(), "正文"]);
    if col == Column::Reports {
        let _ = writeln!(
            out,
            "<table class=\"xxgk_table\"><tr><td>索引号：</td><td>11330326MB{:07}/{}-{}</td><td>发布机构：</td><td>{organ}</td></tr>\
             <tr><td>生成日期：</td><td>{date}</td><td>公开方式：</td><td>主动公开</td></tr></table>",
            art.seed % 10_000_000,
            art.date.year(),
            art.id()
        );
    }
    let _ = write!(
        out,
        "<div class=\"article\">\n<h1 class=\"title\">{title}</h1>\n\
         <div class=\"info\">来源：{organ} 发布时间：{date} 09:30 浏览次数：<span id=\"view\">{}</span> \
         【字体：<a href=\"javascript:setFontSize(18)\">大</a> <a href=\"javascript:setFontSize(16)\">中</a> <a href=\"javascript:setFontSize(14)\">小</a>】</div>\n",
        art.seed % 997
    );
    let (open, close) = match ctx.k % 4 {
        0 => ("<div class=\"TRS_Editor\">", "</div>"),
        1 => ("<div id=\"zoom\">", "</div>"),
        2 => (
            "<div id=\"vsb_content\"><div class=\"v_news_content\">",
            "</div></div>",
        ),
        _ => (
            "<div class=\"main-txt\"><div class=\"txt-body\">",
            "</div></div>",
        ),
    };
    out.push_str(open);
    out.push('\n');
    text::body(&mut out, &county, art);
    out.push_str(close);
    let _ = write!(
        out,
        "\n<div class=\"share\">分享到：<a href=\"javascript:;\">微信</a> <a href=\"javascript:;\">微博</a></div>\n\
         <div class=\"print\">【<a href=\"javascript:window.print()\">打印本页</a>】【<a href=\"javascript:window.close()\">关闭窗口</a>】</div>\n</div>\n"
    );
    if art.kind == Kind::News && art.index + 1 < ctx.portal.pages {
        // 上一篇/下一篇 within the column, as real articles have.
        let next = ctx.portal.article(ctx.k, art.index + 1);
        if next.column() == col {
            let _ = writeln!(
                out,
                "<div class=\"pre-next\">下一篇：<a href=\"../{}\">{}</a></div>",
                next.file(),
                text::title(&county, &next)
            );
        }
    }
    ctx.close(&mut out, target);
    out
}
