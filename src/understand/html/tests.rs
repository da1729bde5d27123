use super::*;

fn url() -> Url {
    Url::parse("http://www.hsx.gov.cn/zwgk/xxgknb/202102/t20210219_123.html").unwrap()
}

fn ex(html: &str) -> Document {
    extract(html, &url())
}

fn lines(d: &Document) -> Vec<&str> {
    d.body.lines().collect()
}

/// Chrome words that must never reach a body.
const LEAKS: &[&str] = &[
    "繁體版",
    "无障碍",
    "本站地图",
    "关怀版",
    "全文检索",
    "当前位置",
    "您的位置",
    "浏览次数",
    "【字体",
    "分享到",
    "打印本页",
    "关闭窗口",
    "上一篇",
    "下一篇",
    "相关链接",
    "主办单位",
    "网站标识码",
    "ICP备",
    "公网安备",
    "版权所有",
    "扫一扫",
    "索引号",
    "发布机构",
];

fn assert_no_leak(d: &Document) {
    for l in LEAKS {
        assert!(
            !d.body.contains(l),
            "chrome {l:?} leaked into body:\n{}",
            d.body
        );
    }
}

const TRS_PAGE: &str = r##"<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta name="SiteName" content="合水县人民政府">
<title>固城镇2020年度政府信息公开工作年度报告_合水县人民政府</title>
<script>var s = "<p>不是正文</p>";</script><style>.x{color:red}</style>
</head><body>
<div class="topbar"><ul><li><a href="#">繁體版</a></li><li><a href="#">无障碍</a></li><li><a href="/sitemap.html">本站地图</a></li><li><a href="#">关怀版</a></li></ul><a href="/login">登录</a></div>
<div class="logo-area"><h1 class="logo"><a href="/">合水县人民政府</a></h1><input value="请输入关键字"><a href="/search">全文检索</a></div>
<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/zwfw/">政务服务</a><a href="/hdjl/">互动交流</a></div>
<div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 年报</div>
<table class="xxgk_table">
 <tr><td>索 引 号：</td><td>620000-2021-000123</td><td>主题分类：</td><td>政务公开</td></tr>
 <tr><td>发布机构：</td><td>固城镇人民政府</td><td>生成日期：</td><td>2021-02-18</td></tr>
 <tr><td>文　　号：</td><td></td><td>公开方式：</td><td>主动公开</td></tr>
</table>
<div class="article">
 <h2 class="article-title">固城镇2020年度政府信息公开工作年度报告</h2>
 <div class="article-info">来源：固城镇 发布时间：2021-02-19 08:39:37 浏览次数：<span>123</span> 【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
 <div class="TRS_Editor"><style type="text/css">.TRS_Editor P{margin-top:5px;font-size:12pt;}</style>
  <div class="Custom_UnionStyle">
  <p>&nbsp;&nbsp;今年以来，我镇严格按照我县政务公开工作要求，全力推动政务公开工作并取得了明显的成效。</p>
  <p>　　<strong>一、总体情况</strong></p>
  <p>　　2020年，固城镇不断完善制度建设。本报告电子版可在合水县人民政府网站下载，数据来源：镇党政办。</p>
  <table border="1">
   <tr><td colspan="4"><p>第二十条第（一）项</p></td></tr>
   <tr><td>信息内容</td><td>本年新<br>制作数量</td><td>本年新<br>公开数量</td><td>对外公开总数量</td></tr>
   <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
   <tr><td>规范性文件</td><td>&nbsp;</td><td>2</td><td>5</td></tr>
  </table>
  <p>六、其他需要报告的事项</p>
  <p>无。</p>
  </div>
 </div>
 <div class="fj">附件：<a href="./P020210219.pdf">固城镇2020年度报告.pdf</a></div>
 <div class="bdsharebuttonbox"><span>分享到：</span><a class="bds_weixin" href="#"></a></div>
 <div>【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
 <div><p>上一篇：<a href="./t1.html">固城镇2019年度报告</a></p><p>下一篇：<a href="./t2.html">没有了</a></p></div>
</div>
<div class="footer"><p>主办单位：合水县人民政府办公室 承办单位：合水县融媒体中心</p><p>网站标识码：6210240001 陇ICP备05001234号 甘公网安备 62102402000123号</p><p>联系电话：0934-5521234</p><p>扫一扫在手机打开当前页</p></div>
</body></html>"##;

const TRS_BODY: &str =
    "今年以来，我镇严格按照我县政务公开工作要求，全力推动政务公开工作并取得了明显的成效。
一、总体情况
2020年，固城镇不断完善制度建设。本报告电子版可在合水县人民政府网站下载，数据来源：镇党政办。
第二十条第（一）项
信息内容 | 本年新 制作数量 | 本年新 公开数量 | 对外公开总数量
规章 | 0 | 0 | 0
规范性文件 |  | 2 | 5
六、其他需要报告的事项
无。";

#[test]
fn trs_editor_container_with_inline_style_chrome_and_metadata() {
    let d = ex(TRS_PAGE);
    assert_eq!(d.source_type, SourceType::Html);
    assert_eq!(d.readability, Readability::Ok);
    assert_eq!(d.body, TRS_BODY);
    assert_eq!(
        d.title.as_deref(),
        Some("固城镇2020年度政府信息公开工作年度报告")
    );
    assert_eq!(d.published.as_deref(), Some("2021-02-19"));
    assert_eq!(d.organ.as_deref(), Some("固城镇人民政府"));
    assert_eq!(
        d.fields.get("索引号").map(String::as_str),
        Some("620000-2021-000123")
    );
    assert_eq!(
        d.fields.get("发布机构").map(String::as_str),
        Some("固城镇人民政府")
    );
    assert_eq!(
        d.fields.get("生成日期").map(String::as_str),
        Some("2021-02-18")
    );
    assert_eq!(
        d.fields.get("公开方式").map(String::as_str),
        Some("主动公开")
    );
    assert!(
        !d.fields.contains_key("文号"),
        "empty values are not fields"
    );
    assert_eq!(
        d.attachments,
        ["http://www.hsx.gov.cn/zwgk/xxgknb/202102/P020210219.pdf"]
    );
    assert_eq!(d.tables.len(), 1);
    assert_eq!(d.tables[0].rows[3], ["规范性文件", "", "2", "5"]);
    assert!(!d.body.contains("不是正文") && !d.body.contains("margin-top"));
    assert_no_leak(&d);
}

#[test]
fn density_path_on_div_soup_without_class_names() {
    let soup = regex::Regex::new(r##" (class|id)="[^"]*""##)
        .unwrap()
        .replace_all(TRS_PAGE, "");
    let d = ex(&soup);
    // A body this short does not outweigh the attachment line below it, so
    // the article block is taken whole (its heading is the page's title,
    // not a body line).
    assert_eq!(d.body, format!("{TRS_BODY}\n附件：固城镇2020年度报告.pdf"));
    assert_eq!(d.tables.len(), 1);
    assert_no_leak(&d);
}

#[test]
fn flat_soup_keeps_paragraphs_and_drops_sibling_chrome() {
    // Paragraphs are direct children of the article block, beside the
    // title heading, the info line, share and prev/next bars.
    let html = r##"<html><body>
<div><a href="/">首页</a> <a href="/a">政务公开</a> <a href="/b">政务服务</a> <a href="/c">互动交流</a></div>
<div>
 <div>您的位置：<a href="/">首页</a> &gt; 年度报告</div>
 <h1>某镇2023年政府信息公开工作年度报告</h1>
 <div>发布日期：2024-01-10 来源：某镇人民政府 点击数：12</div>
 <p>一、总体情况</p>
 <p>2023年，某镇认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开工作。</p>
 <p>二、主动公开政府信息情况</p>
 <p>全年主动公开政府信息86条，其中来源于镇网站的信息54条。</p>
 <div>分享到：<a href="#">微信</a> <a href="#">微博</a></div>
 <div>上一篇：<a href="/p">某镇2022年报告</a></div>
 <div>相关阅读</div>
 <ul><li><a href="/r1">关于做好年度报告工作的通知</a></li><li><a href="/r2">某县2023年度报告</a></li></ul>
</div>
<div>版权所有：某县人民政府 网站标识码：1234567890</div>
</body></html>"##;
    let d = ex(html);
    assert_eq!(
        lines(&d),
        [
            "一、总体情况",
            "2023年，某镇认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开工作。",
            "二、主动公开政府信息情况",
            "全年主动公开信息86条，其中来源于镇网站的信息54条。"
                .replace("公开信息", "公开政府信息")
                .as_str(),
        ]
    );
    assert_eq!(d.published.as_deref(), Some("2024-01-10"));
    assert_eq!(d.organ.as_deref(), Some("某镇人民政府"));
    assert_eq!(
        d.title.as_deref(),
        Some("某镇2023年政府信息公开工作年度报告")
    );
    assert_no_leak(&d);
}

const HANWEB_PAGE: &str = r##"<html><head>
<title>平阳县昆阳镇2024年政府信息公开工作年度报告 - 平阳县人民政府门户网站</title>
<meta name="ArticleTitle" content="平阳县昆阳镇2024年政府信息公开工作年度报告">
</head><body>
<table width="1000" align="center">
<tr><td><table width="100%"><tr><td><a href="/">网站首页</a></td><td><a href="/col/col1/">政务公开</a></td><td><a href="/col/col2/">政务服务</a></td><td><a href="/col/col3/">互动交流</a></td></tr></table></td></tr>
<tr><td>您现在的位置：<a href="/">首页</a> &gt; <a href="/col/col1/">信息公开</a> &gt; 年度报告</td></tr>
<tr><td><table width="100%">
  <tr><td>索引号：</td><td>002587148/2025-12345</td><td>公开方式：</td><td>主动公开</td></tr>
  <tr><td>发布机构：</td><td>平阳县昆阳镇人民政府</td><td>成文日期：</td><td>2025年1月20日</td></tr>
</table></td></tr>
<tr><td align="center">平阳县昆阳镇2024年政府信息公开工作年度报告</td></tr>
<tr><td align="center">发布日期：2025/1/21 &nbsp; 信息来源：昆阳镇 &nbsp; 访问量：<script>document.write(99)</script></td></tr>
<tr><td><div id="zoom">
 <p>本报告由昆阳镇结合有关统计数据编制，全文包括总体情况、主动公开政府信息情况等方面。</p>
 <p>一、总体情况</p>
 <p>2024年昆阳镇严格落实《条例》要求，持续提升公开质量。</p>
 <table border="1"><tr><td colspan="4">第二十条第（五）项</td></tr><tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr><tr><td>行政许可</td><td colspan="3">174</td></tr></table>
 <p>（地址：昆阳镇人民政府402办公室，电话：0577-63882668，邮编：325400）</p>
</div></td></tr>
<tr><td align="center"><a href="javascript:window.print()">[打印本页]</a> <a href="javascript:window.close()">[关闭窗口]</a></td></tr>
<tr><td align="center">版权所有：平阳县人民政府办公室 浙ICP备12345678号</td></tr>
</table></body></html>"##;

#[test]
fn hanweb_zoom_inside_layout_tables() {
    let d = ex(HANWEB_PAGE);
    assert_eq!(
        lines(&d),
        [
            "本报告由昆阳镇结合有关统计数据编制，全文包括总体情况、主动公开政府信息情况等方面。",
            "一、总体情况",
            "2024年昆阳镇严格落实《条例》要求，持续提升公开质量。",
            "第二十条第（五）项",
            "信息内容 | 本年处理决定数量",
            "行政许可 | 174",
            "（地址：昆阳镇人民政府402办公室，电话：0577-63882668，邮编：325400）",
        ]
    );
    assert_eq!(
        d.title.as_deref(),
        Some("平阳县昆阳镇2024年政府信息公开工作年度报告")
    );
    assert_eq!(d.published.as_deref(), Some("2025-01-21"));
    assert_eq!(d.organ.as_deref(), Some("平阳县昆阳镇人民政府"));
    assert_eq!(
        d.fields.get("成文日期").map(String::as_str),
        Some("2025年1月20日")
    );
    assert_eq!(d.tables.len(), 1);
    assert_eq!(
        d.tables[0].rows,
        [
            vec!["第二十条第（五）项"],
            vec!["信息内容", "本年处理决定数量"],
            vec!["行政许可", "174"],
        ]
    );
    assert_no_leak(&d);
}

#[test]
fn br_separated_paragraphs_in_a_layout_table_page() {
    let html = r##"<html><head><title>城关镇2022年政府信息公开工作年度报告——某某县人民政府</title></head><body>
<table width="980"><tr><td colspan="2"><a href="/">首 页</a> | <a href="/zwgk">政务公开</a> | <a href="/bsfw">办事服务</a> | <a href="/xxgk">信息公开</a></td></tr>
<tr><td width="200"><table><tr><td><b>栏目导航</b></td></tr><tr><td><a href="/a">工作动态</a></td></tr><tr><td><a href="/b">通知公告</a></td></tr><tr><td><a href="/c">年度报告</a></td></tr></table></td>
<td width="780"><table width="100%"><tr><td align="center"><font size="4"><b>城关镇2022年政府信息公开工作年度报告</b></font></td></tr>
 <tr><td align="center">作者：admin&nbsp;&nbsp;来源：城关镇&nbsp;&nbsp;点击数：88&nbsp;&nbsp;更新时间：2023-1-9</td></tr>
 <tr><td><font face="宋体">&nbsp;&nbsp;&nbsp;&nbsp;根据《中华人民共和国政府信息公开条例》规定，现公布城关镇2022年政府信息公开工作年度报告。<br>
&nbsp;&nbsp;&nbsp;&nbsp;一、总体情况<br>
&nbsp;&nbsp;&nbsp;&nbsp;2022年，城关镇坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。<br><br>
&nbsp;&nbsp;&nbsp;&nbsp;全年主动公开信息120条。English  words   stay single  spaced.<br>
&nbsp;&nbsp;&nbsp;&nbsp;六、其他需要报告的事项<br>&nbsp;&nbsp;&nbsp;&nbsp;无。</font></td></tr></table></td></tr>
<tr><td colspan="2" align="center">Copyright 2023 某某县人民政府 All Rights Reserved<br>某ICP备10001234号</td></tr>
</table></body></html>"##;
    let d = ex(html);
    // The title shown above the text (no CMS container) is the title, not
    // a body line.
    assert_eq!(
        d.title.as_deref(),
        Some("城关镇2022年政府信息公开工作年度报告")
    );
    assert_eq!(
        lines(&d),
        [
            "根据《中华人民共和国政府信息公开条例》规定，现公布城关镇2022年政府信息公开工作年度报告。",
            "一、总体情况",
            "2022年，城关镇坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。",
            "全年主动公开信息120条。English words stay single spaced.",
            "六、其他需要报告的事项",
            "无。",
        ]
    );
    assert!(d.tables.is_empty(), "layout tables are not data tables");
    assert!(!d.body.contains(" | "));
    assert_eq!(
        d.title.as_deref(),
        Some("城关镇2022年政府信息公开工作年度报告")
    );
    assert_eq!(d.published.as_deref(), Some("2023-01-09"));
    assert_eq!(d.organ.as_deref(), Some("城关镇"));
}

#[test]
fn rowspan_colspan_grid_follows_the_convention() {
    let html = r##"<div class="TRS_Editor"><p>三、收到和处理政府信息公开申请情况</p>
<table border="1"><tbody>
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br>企业</td><td>科研<p>机构</p></td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>21</td><td>&nbsp;</td><td></td><td></td><td></td><td></td><td>21</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>20</td><td></td><td></td><td></td><td></td><td></td><td>20</td></tr>
<tr><td rowspan="1">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr>
<tr><td>&nbsp;</td><td> </td></tr>
</tbody></table></div>"##;
    let d = ex(html);
    let want = [
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |  |  | 申请人情况",
        " |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计",
        " |  |  |  | 商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他",
        "一、本年新收政府信息公开申请数量 |  |  | 21 |  |  |  |  |  | 21",
        "三、本年度办理结果 | （一）予以公开 |  | 20 |  |  |  |  |  | 20",
        " | （三）不予公开 | 1.属于国家秘密 | 0",
    ];
    assert_eq!(lines(&d), want);
    assert_eq!(d.tables.len(), 1);
    assert_eq!(d.tables[0].to_lines(), want[1..]);
    assert_eq!(d.tables[0].rows[1].len(), 10);
    assert_eq!(d.tables[0].rows[1][3], "自然人");
}

#[test]
fn layout_table_wrapping_the_page_is_not_turned_into_rows() {
    let para = "政府信息公开工作稳步推进，主动公开信息数量持续增长，依申请公开办理规范有序，平台建设不断加强。";
    let html = format!(
        r##"<table><tr><td><a href="/">首页</a></td><td><a href="/a">政务公开</a></td><td><a href="/b">办事服务</a></td></tr>
<tr><td colspan="3"><p>一、总体情况</p><p>{para}</p><p>{para}</p>
<table border="1"><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table>
<p>{para}</p></td></tr>
<tr><td colspan="3">主办单位：某县人民政府办公室</td></tr></table>"##
    );
    let d = ex(&html);
    assert_eq!(
        lines(&d),
        [
            "一、总体情况",
            para,
            para,
            "信息内容 | 本年制发件数",
            "规章 | 0",
            para
        ]
    );
    assert_eq!(d.tables.len(), 1, "only the data table inside counts");
}

#[test]
fn table_caption_and_header_cells_are_kept() {
    let html = r##"<div class="TRS_Editor"><p>四、政府信息公开行政复议、行政诉讼情况</p>
<table border="1"><caption>表4 行政复议、行政诉讼</caption>
<thead><tr><th colspan="2">行政复议</th><th>行政诉讼</th></tr></thead>
<tbody><tr><td>结果维持</td><td>总计</td><td>总计</td></tr><tr><td>0</td><td>0</td><td>0</td></tr></tbody></table></div>"##;
    assert_eq!(
        lines(&ex(html)),
        [
            "四、政府信息公开行政复议、行政诉讼情况",
            "表4 行政复议、行政诉讼",
            "行政复议 |  | 行政诉讼",
            "结果维持 | 总计 | 总计",
            "0 | 0 | 0",
        ]
    );
}

#[test]
fn nested_table_in_a_cell_is_flattened() {
    let html = r##"<div id="zoom"><p>二、主动公开政府信息情况如下表所示，数据截至2024年12月31日。</p>
<table border="1"><tr><td>项目</td><td>数量</td></tr>
<tr><td><table><tr><td>行政</td><td>许可</td></tr></table></td><td>174</td></tr></table></div>"##;
    let d = ex(html);
    assert_eq!(
        lines(&d),
        [
            "二、主动公开政府信息情况如下表所示，数据截至2024年12月31日。",
            "项目 | 数量",
            "行政 许可 | 174",
        ]
    );
}

#[test]
fn metadata_as_list_and_as_lines_become_fields() {
    let html = r##"<html><body>
<ul class="xxgk-info"><li><span>索引号：</span>11330326MB0000000X/2025-00001</li><li><span>发布机构：</span>某县人民政府办公室</li>
<li><span>发文日期：</span>2025-01-16</li><li><span>主题分类：</span>综合政务</li></ul>
<div class="article-content">
<p>索引号：ABC-2025-1</p><p>文号：某政办〔2025〕1号</p>
<p>一、总体情况</p><p>2024年，我县政务公开工作坚持以人民为中心，信息来源：各部门报送。</p>
</div></body></html>"##;
    let d = ex(html);
    assert_eq!(
        lines(&d),
        [
            "一、总体情况",
            "2024年，我县政务公开工作坚持以人民为中心，信息来源：各部门报送。"
        ]
    );
    assert_eq!(
        d.fields.get("索引号").map(String::as_str),
        Some("11330326MB0000000X/2025-00001")
    );
    assert_eq!(
        d.fields.get("发文日期").map(String::as_str),
        Some("2025-01-16")
    );
    assert_eq!(
        d.fields.get("主题分类").map(String::as_str),
        Some("综合政务")
    );
    assert_eq!(
        d.fields.get("文号").map(String::as_str),
        Some("某政办〔2025〕1号")
    );
    assert_eq!(d.organ.as_deref(), Some("某县人民政府办公室"));
    assert_eq!(d.published.as_deref(), Some("2025-01-16"));
}

#[test]
fn metadata_table_with_label_cells_without_colons() {
    let html = r##"<table class="detail-meta"><tr><th>索引号</th><td>000014349/2024-00123</td><th>信息分类</th><td>年度报告</td></tr>
<tr><th>发布机构</th><td>某区政务服务数据管理局</td><th>发文日期</th><td>2024年01月31日</td></tr>
<tr><th>名称</th><td colspan="3">某区政务服务数据管理局2023年政府信息公开工作年度报告</td></tr></table>
<div class="view"><p>本年度报告根据《条例》编制，现予公布。全文包括总体情况等六个部分。</p></div>"##;
    let d = ex(html);
    assert_eq!(
        d.body,
        "本年度报告根据《条例》编制，现予公布。全文包括总体情况等六个部分。"
    );
    assert!(
        d.tables.is_empty(),
        "the metadata table is not a report table"
    );
    assert_eq!(
        d.fields.get("索引号").map(String::as_str),
        Some("000014349/2024-00123")
    );
    assert_eq!(
        d.fields.get("信息分类").map(String::as_str),
        Some("年度报告")
    );
    assert_eq!(
        d.fields.get("发布机构").map(String::as_str),
        Some("某区政务服务数据管理局")
    );
    assert_eq!(
        d.fields.get("名称").map(String::as_str),
        Some("某区政务服务数据管理局2023年政府信息公开工作年度报告")
    );
    assert_eq!(d.published.as_deref(), Some("2024-01-31"));
}

#[test]
fn title_suffixes_are_stripped_only_after_a_separator() {
    let cases = [
        (
            "某县2024年政府信息公开工作年度报告_某县人民政府",
            "某县2024年政府信息公开工作年度报告",
        ),
        ("某区2024年年度报告 - 某区政府网", "某区2024年年度报告"),
        (
            "某市2024年年度报告|某市人民政府门户网站",
            "某市2024年年度报告",
        ),
        ("某镇2024年年度报告——某县人民政府", "某镇2024年年度报告"),
        (
            "某镇2024年年度报告_信息公开_某县人民政府网站",
            "某镇2024年年度报告_信息公开",
        ),
        (
            "某县人民政府2024年政府信息公开工作年度报告",
            "某县人民政府2024年政府信息公开工作年度报告",
        ),
        ("2023-2024年度报告", "2023-2024年度报告"),
        ("年度报告 - 某某县人民政府", "年度报告"),
    ];
    for (raw, want) in cases {
        let html =
            format!("<html><head><title>{raw}</title></head><body><p>正文内容。</p></body></html>");
        assert_eq!(ex(&html).title.as_deref(), Some(want), "{raw}");
    }
    // A <title> that is only the site name gives way to the heading.
    let html = "<title>某某县人民政府</title><div><h1>某某县2024年度报告</h1><p>正文。</p></div>";
    assert_eq!(ex(html).title.as_deref(), Some("某某县2024年度报告"));
    // A <title> naming the column loses to the longer article heading.
    let html = "<title>信息公开年报_某县人民政府</title><div><h1>某镇2024年政府信息公开工作年度报告</h1><div id=\"zoom\"><p>正文内容如下，共六个部分。</p></div></div>";
    assert_eq!(
        ex(html).title.as_deref(),
        Some("某镇2024年政府信息公开工作年度报告")
    );
    // ArticleTitle wins.
    let html = r##"<meta name="ArticleTitle" content="甲报告"><title>乙报告_某县人民政府</title><h1>丙报告</h1>"##;
    assert_eq!(ex(html).title.as_deref(), Some("甲报告"));
}

#[test]
fn published_date_formats_and_sources() {
    let info = |s: &str| {
        format!(
            "<div class=\"info\">{s}</div><div id=\"zoom\"><p>本年度报告根据条例编制。</p></div>"
        )
    };
    assert_eq!(
        ex(&info("发布时间：2025-01-15 10:00")).published.as_deref(),
        Some("2025-01-15")
    );
    assert_eq!(
        ex(&info("发布日期：2025年1月5日")).published.as_deref(),
        Some("2025-01-05")
    );
    assert_eq!(
        ex(&info("【发布时间：2025/1/15】")).published.as_deref(),
        Some("2025-01-15")
    );
    assert_eq!(
        ex(&info("日期：2024.12.3 来源：某县")).published.as_deref(),
        Some("2024-12-03")
    );
    // 成文日期 in an info line is not a bare 日期.
    assert_eq!(ex(&info("成文日期：2024-12-03")).published, None);
    assert_eq!(
        ex(r##"<meta name="PubDate" content="2025-01-31 09:00"><p>正文</p>"##)
            .published
            .as_deref(),
        Some("2025-01-31")
    );
    assert_eq!(
        ex(r##"<meta name="firstpublishedtime" content="2025-01-08-10:00:00"><p>正文</p>"##)
            .published
            .as_deref(),
        Some("2025-01-08")
    );
    assert_eq!(
        ex(&info("2024-12-30 来源：某县 浏览：3"))
            .published
            .as_deref(),
        Some("2024-12-30")
    );
    assert_eq!(
        ex(&info("2024-12-30 09:12")).published.as_deref(),
        Some("2024-12-30")
    );
    // Impossible dates are not dates.
    assert_eq!(ex(&info("发布时间：2025-13-45")).published, None);
}

#[test]
fn organ_from_the_info_line_without_trailing_junk() {
    let page =
        |s: &str| format!("<div>{s}</div><div id=\"zoom\"><p>本年度报告根据条例编制。</p></div>");
    assert_eq!(
        ex(&page("来源：某某镇人民政府 发布时间：2025-01-15"))
            .organ
            .as_deref(),
        Some("某某镇人民政府")
    );
    assert_eq!(
        ex(&page("<span>发布时间：2025-01-15</span><span>信息来源：某县民政局</span><span>浏览次数：3</span>"))
            .organ
            .as_deref(),
        Some("某县民政局")
    );
    assert_eq!(
        ex(&page("文章来源：某县财政局，")).organ.as_deref(),
        Some("某县财政局")
    );
    assert_eq!(ex(&page("来源：本站")).organ, None);
    // A source named in the body is no info line.
    assert_eq!(
        ex("<div id=\"zoom\"><p>全年公开信息100条。</p><p>（数据来源：县统计局）</p></div>").organ,
        None
    );
    assert_eq!(
        ex(r##"<meta name="ContentSource" content="某县统计局"><div id="zoom"><p>正文内容如下。</p></div>"##)
            .organ
            .as_deref(),
        Some("某县统计局")
    );
}

#[test]
fn attachments_are_absolute_deduplicated_documents() {
    let html = r##"<div class="article"><div class="TRS_Editor"><p>附件：</p>
<p><a href="./P020250115.pdf">报告.pdf</a> <a href="./P020250115.pdf">再次</a></p>
<p><a href="/upload/2025/report.DOCX">docx</a> <a href="download.jsp?filename=a.wps">wps</a></p>
<p><a href="./t1.html">另一页</a> <a href="javascript:void(0)">x.pdf</a> <a href="mailto:a@b.cn">mail</a></p></div>
<div class="fj"><a href="../files/report.ofd">ofd</a></div></div>"##;
    let d = ex(html);
    assert_eq!(
        d.attachments,
        [
            "http://www.hsx.gov.cn/zwgk/xxgknb/202102/P020250115.pdf",
            "http://www.hsx.gov.cn/upload/2025/report.DOCX",
            "http://www.hsx.gov.cn/zwgk/xxgknb/202102/download.jsp?filename=a.wps",
            "http://www.hsx.gov.cn/zwgk/xxgknb/files/report.ofd",
        ]
    );
}

#[test]
fn a_known_container_holding_a_fragment_gives_way_to_the_scorer() {
    let para = "政务公开工作稳步推进，主动公开信息数量持续增长，依申请公开办理规范有序，平台建设不断加强。";
    let html = format!(
        r##"<div class="nav"><a href="/">首页</a><a href="/a">政务公开</a><a href="/b">政务服务</a></div>
<div class="TRS_Editor"><p>内容摘要：本报告介绍2024年政府信息公开工作情况，共六个部分。</p></div>
<div class="main"><p>一、总体情况</p><p>{para}</p><p>{para}</p><p>{para}</p><p>{para}</p><p>{para}</p><p>{para}</p></div>"##
    );
    let d = ex(&html);
    assert!(
        d.body.contains(&format!("一、总体情况\n{para}")),
        "{}",
        d.body
    );
    assert_eq!(lines(&d).iter().filter(|l| **l == para).count(), 6);
    assert!(!d.body.contains("首页"));
}

#[test]
fn attachment_only_report_keeps_its_short_body() {
    let html = r##"<html><body><div class="nav"><a href="/">首页</a><a href="/a">政务公开</a><a href="/b">政务服务</a></div>
<h1>某镇2024年政府信息公开工作年度报告</h1>
<div class="TRS_Editor"><p>附件：<a href="./P0202501.pdf">某镇2024年政府信息公开工作年度报告.pdf</a></p></div>
<div class="footer">主办单位：某县人民政府办公室 版权所有 网站标识码：1234</div>
<p>这是一段很长的页脚说明文字，介绍网站的建设单位、维护单位、联系方式和其他各种与正文无关的内容，用来让页面上的其他文字多于正文。</p>
</body></html>"##;
    let d = ex(html);
    assert_eq!(d.body, "附件：某镇2024年政府信息公开工作年度报告.pdf");
    assert_eq!(
        d.attachments,
        ["http://www.hsx.gov.cn/zwgk/xxgknb/202102/P0202501.pdf"]
    );
}

#[test]
fn the_site_name_heads_the_page_but_signs_the_report() {
    let html = r##"<html><head><title>某县2024年政府信息公开工作年度报告_某县人民政府</title></head><body>
<div>某县人民政府</div>
<div><p>本年度报告根据《中华人民共和国政府信息公开条例》编制，全文包括总体情况等六个部分。</p>
<p>六、其他需要报告的事项</p><p>无。</p><p align="right">某县人民政府</p><p align="right">2025年1月20日</p></div>
<div>版权所有：某县人民政府 ICP备12345678号</div></body></html>"##;
    assert_eq!(
        lines(&ex(html)),
        [
            "本年度报告根据《中华人民共和国政府信息公开条例》编制，全文包括总体情况等六个部分。",
            "六、其他需要报告的事项",
            "无。",
            "某县人民政府",
            "2025年1月20日",
        ]
    );
}

#[test]
fn a_title_the_article_repeats_inside_its_body_stays() {
    let html = r##"<html><head><title>某县2024年政府信息公开工作年度报告_某县人民政府</title></head><body>
<h1 class="art-title">某县2024年政府信息公开工作年度报告</h1>
<div class="TRS_UEDITOR"><p style="text-align:center"><b>某县2024年政府信息公开工作年度报告</b></p>
<p>本年度报告根据《中华人民共和国政府信息公开条例》编制，全文包括总体情况等六个部分。</p></div></body></html>"##;
    assert_eq!(
        lines(&ex(html)),
        [
            "某县2024年政府信息公开工作年度报告",
            "本年度报告根据《中华人民共和国政府信息公开条例》编制，全文包括总体情况等六个部分。",
        ]
    );
}

#[test]
fn listing_pages_give_their_items() {
    let mut items = String::new();
    for (k, town) in ["昆阳镇", "鳌江镇", "万全镇", "水头镇", "萧江镇", "腾蛟镇"]
        .iter()
        .enumerate()
    {
        items.push_str(&format!(
            r#"<li><a href="./202501/t2025011{k}_1.html">{town}2024年政府信息公开工作年度报告</a><span>2025-01-1{k}</span></li>"#
        ));
    }
    let html = format!(
        r##"<html><head><title>政府信息公开年报_某县人民政府</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
<div class="left"><ul><li><a href="/a/">政府信息公开指南</a></li><li><a href="/b/">政府信息公开制度</a></li><li><a href="/c/">政府信息公开年报</a></li></ul></div>
<div class="right"><div class="col-name">政府信息公开年报</div><ul class="list">{items}</ul>
<div class="page">共6条 <a href="index.html">首页</a> <a href="index_1.html">下一页</a> <a href="index_1.html">尾页</a></div></div>
<div class="footer">版权所有：某县人民政府</div></body></html>"##
    );
    let d = ex(&html);
    assert_eq!(lines(&d).len(), 6);
    assert_eq!(
        lines(&d)[0],
        "昆阳镇2024年政府信息公开工作年度报告 2025-01-10"
    );
    assert!(d.tables.is_empty());
    assert_eq!(d.title.as_deref(), Some("政府信息公开年报"));
    // An article with a long related-news list stays an article.
    let article = format!(
        r##"<div class="art"><h1>某县召开政务公开工作会议</h1><div class="con"><p>1月9日，县政务公开办召开工作会议，部署2025年政务公开重点工作，各乡镇、县直各单位分管负责同志参加会议。</p></div></div><ul class="list">{items}</ul>"##
    );
    assert!(ex(&article).body.starts_with("1月9日"));
}

#[test]
fn chrome_line_variants_are_dropped_whole() {
    let chrome = [
        "繁體版 | 简体版 | 无障碍 | 关怀版 | 本站地图 | 手机版 | 登录 | 注册",
        "全文检索",
        "请输入关键字 搜索",
        "当前位置：首页 > 政务公开 > 年度报告",
        "您所在的位置：首页 » 信息公开",
        "政务公开 > 政府信息公开 > 年度报告 > 正文",
        "首页 / 信息公开 / 年报",
        "来源：某县人民政府 发布时间：2025-01-15 10:00 浏览次数： 【字体：大 中 小】",
        "发布时间 2025-01-15",
        "浏览次数 123",
        "点击数：",
        "2025-01-15 10:32:08",
        "责任编辑：张三",
        "分享到：微信 微博 QQ空间",
        "【打印本页】【关闭窗口】",
        "[ 打印 ] [ 关闭 ]",
        "【收藏】【纠错】【返回顶部】",
        "上一篇：某县2023年度报告",
        "下一篇：没有了",
        "相关链接",
        "主办单位：某县人民政府办公室 承办单位：某县大数据中心",
        "网站标识码：5101000001 蜀ICP备12345678号-1 川公网安备 51010002000123号",
        "Copyright © 2025 某县人民政府 版权所有",
        "地址：某县人民路1号 邮编：610000",
        "本网站支持IPv6 建议使用1920×1080分辨率",
        "扫一扫在手机打开当前页",
        "微信公众号",
        "今天是：2025年1月15日 星期三",
        "政府信息公开",
    ];
    let mut html = String::from("<div id=\"zoom\"><p>一、总体情况</p>");
    for c in chrome {
        html.push_str(&format!("<p>{c}</p>"));
    }
    html.push_str("<p>二、主动公开政府信息情况</p><p>联系电话：0817-1234567</p></div>");
    // A contact line far from any footer is report text.
    assert_eq!(
        lines(&ex(&html)),
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "联系电话：0817-1234567"
        ]
    );
}

#[test]
fn report_sentences_mentioning_chrome_words_survive() {
    let html = r##"<div id="zoom">
<p>本年度报告的电子版可以从某县人民政府网站下载，网站地图和全文检索功能进一步优化。</p>
<p>来源于群众的意见建议全部办结，主办单位和承办单位分工明确。</p>
<p>搜索</p>
<p>（二）加强网站建设，提升平台搜索和无障碍浏览功能。</p>
<p>（三）推行扫码办事</p><p>相关信息公开情况</p><p>网站总访问量1234567次，点击量稳步上升</p></div>"##;
    let d = ex(html);
    assert_eq!(
        lines(&d),
        [
            "本年度报告的电子版可以从某县人民政府网站下载，网站地图和全文检索功能进一步优化。",
            "来源于群众的意见建议全部办结，主办单位和承办单位分工明确。",
            "（二）加强网站建设，提升平台搜索和无障碍浏览功能。",
            "（三）推行扫码办事",
            "相关信息公开情况",
            "网站总访问量1234567次，点击量稳步上升",
        ]
    );
}

#[test]
fn hidden_elements_and_scripts_are_not_text_but_a_hidden_body_is_read() {
    let html = r##"<div id="zoom"><p>正文第一段，政务公开工作取得新成效，群众满意度持续提升，各项制度不断完善。</p>
<p style="display:none">隐藏的文字</p><script>document.write("脚本")</script><noscript>请开启脚本</noscript></div>"##;
    let d = ex(html);
    assert_eq!(
        d.body,
        "正文第一段，政务公开工作取得新成效，群众满意度持续提升，各项制度不断完善。"
    );
    let para = "政务公开工作取得新成效，群众满意度持续提升，各项制度不断完善，依申请公开办理规范。";
    let html = format!(
        r##"<div>首页</div><div id="content" style="display: none"><p>{para}</p><p>{para}</p><p>{para}</p></div>"##
    );
    assert_eq!(lines(&ex(&html)), [para, para, para]);
}

#[test]
fn malformed_html_never_panics() {
    let inputs: Vec<String> = vec![
        String::new(),
        " ".into(),
        "纯文本，没有任何标签。".into(),
        "<html><body></body></html>".into(),
        "<div><p>未闭合的段落<p>第二段<table><tr><td>单元格<td>第二格<tr><td>下一行".into(),
        "<table><tr><td rowspan=\"-3\" colspan=\"abc\">x</td><td rowspan=0>y</td></tr><tr><td colspan=99999>z</td></tr></table>".into(),
        "</div></div></p><<<>>><!-- unterminated".into(),
        "<script>never closed".into(),
        "<a href=\"http://[::1\">bad url.pdf</a>".into(),
        "\u{0}\u{feff}<p>\u{200b}零宽\u{0}</p>".into(),
        "<div>".repeat(50_000) + "很深的文字",
        "<font><b><i>".repeat(5_000) + "格式",
        "<table><tr><td>".repeat(2_000) + "表中表",
        String::from_utf8_lossy(&(0..=255u8).cycle().take(5000).collect::<Vec<_>>()).into_owned(),
    ];
    for html in &inputs {
        let d = ex(html);
        assert_eq!(d.source_type, SourceType::Html);
        assert!(!d.body.contains("\n\n"));
    }
    assert_eq!(ex("").body, "");
    assert!(ex(&("<div>".repeat(50_000) + "很深的文字"))
        .body
        .contains("很深的文字"));
    let d = ex("<div><p>未闭合的段落<p>第二段</div>");
    assert_eq!(lines(&d), ["未闭合的段落", "第二段"]);
}

#[test]
fn real_shanghai_report_keeps_every_cell() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real/shanghai_2019_annual_report_body.fragment.html");
    let Ok(html) = std::fs::read_to_string(path) else {
        return;
    };
    let d = ex(&html);
    let doc = Html::parse_fragment(&html);
    let td = scraper::Selector::parse("td").unwrap();
    let squeezed: String = d.body.split_whitespace().collect();
    let mut n = 0;
    for cell in doc.select(&td) {
        let mut c = text::Collapser::default();
        for t in cell.text() {
            c.push(t);
        }
        let text: String = c.finish().split_whitespace().collect();
        if !text.is_empty() {
            n += 1;
            assert!(squeezed.contains(&text), "cell {text:?} lost");
        }
    }
    assert!(n > 100);
    assert_eq!(d.tables.len(), 3);
    assert!(d
        .body
        .contains(" |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计"));
    assert!(d
        .body
        .starts_with("2019年上海市人民政府办公厅政府信息公开工作年度报告\n"));
    assert!(d.body.ends_with("六、其他需要报告的事项\n无。"));
    assert_no_leak(&d);
}

#[test]
fn traditional_mirror_chrome_is_judged_in_simplified() {
    let Ok(s2t) = ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::S2t)
    else {
        return;
    };
    let page = s2t.convert(TRS_PAGE).replace(
        "<div class=\"TRS_Editor\">",
        "<div>當(dāng)前位置：首頁 &gt; 年報</div><div>瀏(liú)覽(lǎn)次數(shù)：5</div><div class=\"TRS_Editor\">",
    );
    let d = ex(&page);
    let want: Vec<String> = TRS_BODY.lines().map(|l| s2t.convert(l)).collect();
    assert_eq!(lines(&d), want);
    let t2s =
        ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s).unwrap();
    let back = Document {
        body: t2s.convert(&d.body),
        ..d.clone()
    };
    assert_no_leak(&back);
    assert_eq!(d.published.as_deref(), Some("2021-02-19"));
}

#[test]
#[ignore = "timing; run with: cargo test --release --lib understand::html -- --ignored"]
fn a_60kb_page_takes_a_few_milliseconds() {
    use std::time::{Duration, Instant};
    let para = "<p>　　2024年，我镇坚持以公开为常态、不公开为例外，围绕中心工作，持续推进决策、执行、管理、服务、结果公开，主动公开政府信息120条，其中规范性文件3件。</p>";
    let table = "<table border=\"1\"><tr><td colspan=\"3\">第二十条第（一）项</td></tr><tr><td>信息内容</td><td>本年制发件数</td><td>现行有效件数</td></tr><tr><td>规章</td><td>0</td><td>0</td></tr></table>";
    let mut extra = String::new();
    while extra.len() < 60_000 {
        extra.push_str(para);
        extra.push_str(para);
        extra.push_str(table);
    }
    let page = TRS_PAGE.replace(
        "<p>六、其他需要报告的事项</p>",
        &format!("{extra}<p>六、其他需要报告的事项</p>"),
    );
    assert!(page.len() > 60_000);
    ex(&page);
    let n = 20;
    let t = Instant::now();
    for _ in 0..n {
        ex(&page);
    }
    let per = t.elapsed() / n;
    eprintln!("{} bytes: {per:?} per page", page.len());
    assert!(per < Duration::from_millis(20), "{per:?} per page");
    for hostile in [
        "<div>".repeat(200_000),
        "<font><b><i>".repeat(100_000),
        format!(
            "<table>{}</table>",
            "<tr><td rowspan=65534 colspan=1000>x</td></tr>".repeat(3000)
        ),
    ] {
        let t = Instant::now();
        ex(&hostile);
        assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    }
}
