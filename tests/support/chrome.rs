//! Shared page furniture for the mock sites: response helpers, the site
//! chrome every county portal wraps around its content (top bar, header,
//! nav, breadcrumbs, footer) and the body of an annual report.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;

/// A `200 text/html; charset=utf-8` response.
pub fn html(body: String) -> Response {
    with_type(
        StatusCode::OK,
        "text/html; charset=utf-8",
        body.into_bytes(),
    )
}

/// A response with the given status, `Content-Type` and bytes.
pub fn with_type(status: StatusCode, content_type: &str, bytes: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(bytes));
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

/// `text/plain` (robots.txt).
pub fn text(status: StatusCode, body: &str) -> Response {
    with_type(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

/// The 404 page every mock host answers for paths it does not serve.
pub fn not_found() -> Response {
    with_type(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        "<html><head><title>404 页面不存在</title></head><body><h1>404</h1><p>您访问的页面不存在或已删除。</p></body></html>"
            .as_bytes()
            .to_vec(),
    )
}

/// A redirect (301/302) to `location`.
pub fn redirect(status: StatusCode, location: &str) -> Response {
    let mut r = with_type(
        status,
        "text/html; charset=utf-8",
        format!("<html><body>Moved: <a href=\"{location}\">here</a></body></html>").into_bytes(),
    );
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Escape text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Everything a portal page shows around its content.
pub struct Chrome<'a> {
    /// Site name, e.g. `测试县人民政府`.
    pub site: &'a str,
    /// `<head>` charset declaration, e.g. `<meta charset="utf-8">`.
    pub charset_meta: &'a str,
    /// Nav menu entries (href, text); hrefs must be pages the site serves.
    pub nav: &'a [(&'a str, &'a str)],
    /// Extra `<head>` content (meta tags, styles, scripts).
    pub head: String,
    /// Breadcrumb trail after 首页 (text only).
    pub crumbs: &'a [&'a str],
    /// `网站标识码` in the footer.
    pub site_code: &'a str,
}

impl Chrome<'_> {
    /// A whole page: chrome around `content`, titled `title`.
    pub fn page(&self, title: &str, content: &str) -> String {
        let nav: String = self
            .nav
            .iter()
            .map(|(href, text)| format!("<li><a href=\"{href}\">{text}</a></li>"))
            .collect();
        let crumbs: String = self
            .crumbs
            .iter()
            .map(|c| format!(" &gt; <span>{c}</span>"))
            .collect();
        format!(
            r#"<!DOCTYPE html>
<html>
<head>
{charset}
<title>{title}_{site}</title>
<meta name="SiteName" content="{site}">
<meta name="SiteIDCode" content="{code}">
{head}
<link rel="stylesheet" type="text/css" href="/images/common.css">
</head>
<body>
<div class="topbar"><div class="w1200"><span>欢迎访问{site}门户网站</span>
<span class="fr"><a href="javascript:void(0);" id="StranLink">繁體版</a> | <a href="javascript:;" onclick="aria.start()">无障碍</a> | <a href="javascript:;">长者版</a> | <a href="javascript:;">手机版</a></span></div></div>
<div class="header"><div class="logo">{site}</div>
<form class="search" action="javascript:;"><input type="text" placeholder="全文检索"><button type="button">搜索</button></form></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="position">当前位置：<a href="/">首页</a>{crumbs}</div>
<div class="main">
{content}
</div>
<div class="footer">
<p>主办单位：{site}办公室 承办单位：县大数据中心</p>
<p>网站标识码：{code} 浙ICP备05012345号-1 浙公网安备 33032602000123号</p>
<p>联系电话：0577-63712345 版权所有 © {site}</p>
</div>
</body>
</html>
"#,
            charset = self.charset_meta,
            site = self.site,
            code = self.site_code,
            head = self.head,
        )
    }
}

/// The six standard section headings of a 政府信息公开工作年度报告.
pub const REPORT_SECTIONS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// The body of a (short) annual report for `unit` and `year`, with all six
/// section headings and a small statistics table.
pub fn report_body(unit: &str, year: u32, seed: u32) -> String {
    let n = |k: u32| (seed * 7 + k * 13) % 90 + 3;
    let [s1, s2, s3, s4, s5, s6] = REPORT_SECTIONS;
    format!(
        r#"<p style="text-indent:2em">本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。</p>
<p><strong>{s1}</strong></p>
<p style="text-indent:2em">{year}年，{unit}认真贯彻落实《条例》，围绕中心工作，全面推进政务公开，主动公开政府信息{a}条。</p>
<p><strong>{s2}</strong></p>
<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">
<tbody>
<tr><td colspan="4" style="text-align:center">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td>{b}</td><td>&nbsp;</td><td>{c}</td></tr>
</tbody>
</table>
<p><strong>{s3}</strong></p>
<p style="text-indent:2em">本年新收政府信息公开申请{d}件，均已按期答复。</p>
<p><strong>{s4}</strong></p>
<p style="text-indent:2em">本年度未发生政府信息公开行政复议、行政诉讼情况。</p>
<p><strong>{s5}</strong></p>
<p style="text-indent:2em">政务公开的深度和广度有待进一步提升。下一步，我们将加强培训，规范公开流程。</p>
<p><strong>{s6}</strong></p>
<p style="text-indent:2em">本年度未收取信息处理费。</p>"#,
        a = n(1) * 10,
        b = n(2),
        c = n(3),
        d = n(4) % 9,
    )
}

/// A short news/notice body (not a report).
pub fn news_body(title: &str) -> String {
    format!(
        "<p style=\"text-indent:2em\">近日，{t}。会议强调，要提高政治站位，压实工作责任，确保各项工作落到实处。</p>\n<p style=\"text-indent:2em\">各乡镇（街道）、县直各单位负责同志参加。</p>",
        t = esc(title)
    )
}

/// A few bytes that look like a PDF file.
pub fn pdf_bytes(title: &str) -> Vec<u8> {
    let mut v =
        b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            .to_vec();
    v.extend_from_slice(format!("% {}\n", title.len()).as_bytes());
    v.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    v
}

/// A small but real DOCX: a 2024 annual report with the six standard
/// section headings and one table, built with the `zip` crate.
pub fn docx_bytes() -> Vec<u8> {
    use std::io::Write;
    let paragraphs = [
        "县人民政府2024年政府信息公开工作年度报告",
        "一、总体情况",
        "2024年，县人民政府认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "无。",
    ];
    let para = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let mut body: String = paragraphs.iter().map(|p| para(p)).collect();
    body.push_str(
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>信息内容</w:t></w:r></w:p></w:tc>\
         <w:tc><w:p><w:r><w:t>本年制发件数</w:t></w:r></w:p></w:tc></w:tr>\
         <w:tr><w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc>\
         <w:tc><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    );
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    );
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Override PartName=\"/word/document.xml\" \
        ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        </Types>";
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", opts).unwrap();
        zip.write_all(types.as_bytes()).unwrap();
        zip.start_file("word/document.xml", opts).unwrap();
        zip.write_all(document.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    out.into_inner()
}
