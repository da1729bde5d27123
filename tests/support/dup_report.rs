//! The annual reports of the [`super::DUP`] portal, in the national format
//! (国办公开办函〔2021〕30号): an introduction, sections 一…六, and the
//! statistics tables of sections 二, 三 and 四 with numbers. One structured
//! [`Report`] renders both as HTML (the article body) and as DOCX (the
//! attachment), so the two carry the same title, paragraphs and tables.

use std::io::Write;

use super::chrome::esc;

/// The organ publishing every [`super::DUP`] report.
pub const ORGAN: &str = "同文县人民政府";

/// A table cell spanning `span` columns.
pub struct Cell {
    pub text: String,
    pub span: usize,
}

pub enum Block {
    /// A section heading (一、总体情况 …), bold.
    Heading(String),
    Para(String),
    Table(Vec<Vec<Cell>>),
}

pub struct Report {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// Which of the portal's reports.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Which {
    /// 2024年度.
    A,
    /// 2023年度, also as DOCX.
    B,
    /// 2022年度.
    C,
    /// 2022年度（更正）: C with one figure and one sentence changed.
    CCorrected,
    /// 2021年度, DOCX only.
    D,
    /// 2025年度, edition 2 only.
    E,
}

/// The figures a report quotes.
struct Figures {
    year: u32,
    active: u32,
    docs: u32,
    interp: u32,
    key: u32,
    press: u32,
    open_days: u32,
    made: u32,
    abolished: u32,
    valid: u32,
    licence: u32,
    penalty: u32,
    force: u32,
    fee: &'static str,
    /// New applications: natural persons, companies, law firms.
    apps: [u32; 3],
    carried: u32,
    /// Natural persons' results: disclosed, partly, unavailable, other.
    results: [u32; 4],
    /// Reviews: upheld, corrected; suits: upheld.
    review: [u32; 3],
    wechat: u32,
    training: [u32; 2],
    proposals: [u32; 2],
    /// The year's own paragraph in 一、总体情况 (so years differ in words too).
    focus: &'static str,
}

fn figures(which: Which) -> Figures {
    let base = Figures {
        year: 2024,
        active: 2316,
        docs: 128,
        interp: 46,
        key: 583,
        press: 12,
        open_days: 4,
        made: 9,
        abolished: 3,
        valid: 57,
        licence: 4127,
        penalty: 386,
        force: 21,
        fee: "1268.35",
        apps: [31, 5, 2],
        carried: 1,
        results: [17, 6, 5, 2],
        review: [2, 1, 1],
        wechat: 1542,
        training: [3, 260],
        proposals: [86, 112],
        focus: "（六）重点领域公开。围绕优化营商环境，集中公开涉企政策清单和惠企资金兑现情况；围绕民生保障，及时公开城乡低保、医疗救助、教育资助等资金分配结果；县政府常务会议审议的重要事项会后均通过门户网站发布会议信息。",
    };
    match which {
        Which::A => base,
        Which::B => Figures {
            year: 2023,
            active: 2105,
            docs: 117,
            interp: 39,
            key: 541,
            made: 7,
            abolished: 5,
            valid: 51,
            licence: 3874,
            penalty: 352,
            force: 18,
            fee: "1187.20",
            apps: [27, 4, 1],
            carried: 2,
            results: [15, 5, 6, 2],
            review: [1, 1, 0],
            wechat: 1368,
            proposals: [79, 104],
            focus: "（六）经济恢复相关信息公开。全面公开稳经济一揽子政策措施和助企纾困政策，开设“助企纾困”专题，集中发布减税降费、稳岗返还、融资支持等政策及解读，编印政策汇编发放至市场主体。",
            ..base
        },
        Which::C | Which::CCorrected => Figures {
            year: 2022,
            active: 1987,
            docs: 109,
            interp: 35,
            key: 502,
            press: 10,
            made: if which == Which::C { 12 } else { 14 },
            abolished: 4,
            valid: 49,
            licence: 3650,
            penalty: 317,
            force: 15,
            fee: "1093.68",
            apps: [24, 3, 1],
            carried: 0,
            results: [13, 4, 5, 1],
            review: [1, 0, 1],
            wechat: 1205,
            proposals: [74, 98],
            focus: "（六）乡村振兴信息公开。按照“应公开尽公开”原则，在门户网站开设乡村振兴专栏，公开衔接推进乡村振兴补助资金项目库、资金分配和项目实施情况，接受群众监督。村级事务通过村务公开栏同步公开。",
            ..base
        },
        Which::D => Figures {
            year: 2021,
            active: 1864,
            docs: 98,
            interp: 31,
            key: 466,
            press: 8,
            open_days: 3,
            made: 11,
            abolished: 6,
            valid: 43,
            licence: 3412,
            penalty: 296,
            force: 13,
            fee: "1012.47",
            apps: [19, 2, 1],
            carried: 1,
            results: [11, 3, 4, 1],
            review: [0, 0, 0],
            wechat: 1033,
            training: [2, 180],
            proposals: [71, 93],
            focus: "（六）基层政务公开标准化规范化。对照国务院部门制定的二十六个试点领域标准指引，全面梳理乡镇（街道）政务公开事项，编制发布基层政务公开标准目录，实现县乡两级目录全覆盖。",
        },
        Which::E => Figures {
            year: 2025,
            active: 2458,
            docs: 134,
            interp: 52,
            key: 617,
            press: 14,
            open_days: 5,
            made: 8,
            abolished: 2,
            valid: 63,
            licence: 4390,
            penalty: 401,
            force: 19,
            fee: "1315.02",
            apps: [35, 6, 1],
            carried: 2,
            results: [20, 7, 5, 3],
            review: [2, 0, 1],
            wechat: 1687,
            training: [4, 310],
            proposals: [90, 118],
            focus: "（六）政策文件库建设。完成县政府及部门现行有效政策文件的集中梳理，在门户网站建成统一的政策文件库，提供按主题、发文机关、成文日期等分类检索，同步关联政策解读和办事服务入口。",
        },
    }
}

fn cell(text: impl ToString) -> Cell {
    Cell {
        text: text.to_string(),
        span: 1,
    }
}

fn span(text: impl ToString, span: usize) -> Cell {
    Cell {
        text: text.to_string(),
        span,
    }
}

fn row(cells: &[&str]) -> Vec<Cell> {
    cells.iter().map(cell).collect()
}

/// The full report.
pub fn report(which: Which) -> Report {
    let f = figures(which);
    let y = f.year;
    let mut title = format!("{ORGAN}{y}年度政府信息公开工作年度报告");
    if which == Which::CCorrected {
        title.push_str("（更正）");
    }
    let apps: u32 = f.apps.iter().sum();
    let p = |s: String| Block::Para(s);
    let h = |s: &str| Block::Heading(s.to_string());
    let mut blocks = vec![
        p(format!("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。如对本报告有疑问，请与同文县人民政府办公室联系（地址：同文县文昌路1号，邮编：325800，电话：0577-68812345）。")),
        h("一、总体情况"),
        p(format!("{y}年，{ORGAN}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和上级关于政务公开工作的部署要求，围绕全县中心工作，以公开促落实、促规范、促服务，不断提升政府工作透明度。")),
        p(format!("（一）主动公开。全年通过县政府门户网站主动公开政府信息{}条，其中政策文件{}条、政策解读{}条，发布财政预决算、重大建设项目、公共资源配置等重点领域信息{}条。召开新闻发布会{}场，开展“政府开放日”活动{}次。", f.active, f.docs, f.interp, f.key, f.press, f.open_days)),
        p(format!("（二）依申请公开。全年共收到政府信息公开申请{apps}件，上年结转{}件，均在法定期限内答复。进一步规范申请登记、审核、答复、归档等环节，答复文书统一经法律顾问审查。", f.carried)),
        p(format!("（三）政府信息管理。严格落实公文公开属性源头认定机制，对拟公开的政府信息依法依规做好保密审查。开展行政规范性文件清理，废止行政规范性文件{}件，现行有效行政规范性文件{}件在门户网站集中公开。", f.abolished, f.valid)),
        p(format!("（四）平台建设。优化县政府门户网站政府信息公开专栏，完善法定主动公开内容目录，做好政务新媒体日常管理，全年通过“同文发布”微信公众号发布信息{}条。", f.wechat)),
        p(format!("（五）监督保障。将政务公开工作纳入年度综合考核，组织开展政务公开业务培训{}次，参训{}人次。", f.training[0], f.training[1])),
        p(f.focus.to_string()),
        h("二、主动公开政府信息情况"),
        Block::Table(vec![
            vec![span("第二十条第（一）项", 4)],
            row(&["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
            row(&["规章", "0", "0", "0"]),
            vec![cell("行政规范性文件"), cell(f.made), cell(f.abolished), cell(f.valid)],
            vec![span("第二十条第（五）项", 4)],
            vec![cell("信息内容"), span("本年处理决定数量", 3)],
            vec![cell("行政许可"), span(f.licence, 3)],
            vec![span("第二十条第（六）项", 4)],
            vec![cell("信息内容"), span("本年处理决定数量", 3)],
            vec![cell("行政处罚"), span(f.penalty, 3)],
            vec![cell("行政强制"), span(f.force, 3)],
            vec![span("第二十条第（八）项", 4)],
            vec![cell("信息内容"), span("本年收费金额（单位：万元）", 3)],
            vec![cell("行政事业性收费"), span(f.fee, 3)],
        ]),
        h("三、收到和处理政府信息公开申请情况"),
        Block::Table(applications(&f)),
        h("四、政府信息公开行政复议、行政诉讼情况"),
        Block::Table(reviews(&f)),
        h("五、存在的主要问题及改进情况"),
        p(format!("{y}年，我县政府信息公开工作取得了一定成效，但仍存在一些不足：一是部分单位对政策解读重视不够，解读形式较为单一；二是基层政务公开标准化规范化水平有待提高。下一步，我县将着力加强政策解读，推广图文、视频等多样化解读方式；加强对乡镇（街道）的业务指导，持续提升基层政务公开质量。")),
        h("六、其他需要报告的事项"),
        p(format!("本年度未收取信息处理费。{y}年，我县共办理人大代表建议{}件、政协提案{}件，办理结果均已按要求公开。", f.proposals[0], f.proposals[1])),
    ];
    if which == Which::CCorrected {
        blocks.push(p("注：本报告第二部分数据已更正。".to_string()));
    }
    Report { title, blocks }
}

/// Section 三: applicants as columns (自然人, 商业企业, 科研机构, 社会公益组织,
/// 法律服务机构, 其他, 总计); natural persons' applications are spread over
/// the results, the others' are all disclosed. Every column adds up.
fn applications(f: &Figures) -> Vec<Vec<Cell>> {
    let [natural, company, law] = f.apps;
    let [open, partly, unavailable, other] = f.results;
    let done = open + partly + unavailable + other;
    let next = natural + f.carried - done;
    let line = |label: &str, n: u32, c: u32, l: u32| {
        let mut r = vec![cell(label), cell(n), cell(c), cell(0), cell(0), cell(l)];
        r.push(cell(0));
        r.push(cell(n + c + l));
        r
    };
    vec![
        vec![
            cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
            span("申请人情况", 7),
        ],
        vec![
            cell(""),
            cell("自然人"),
            span("法人或其他组织", 5),
            cell("总计"),
        ],
        row(&[
            "",
            "",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "",
        ]),
        line("一、本年新收政府信息公开申请数量", natural, company, law),
        line("二、上年结转政府信息公开申请数量", f.carried, 0, 0),
        vec![span("三、本年度办理结果", 8)],
        line("（一）予以公开", open, company, law),
        line(
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            partly,
            0,
            0,
        ),
        line("（三）不予公开", 0, 0, 0),
        line("（四）本机关不掌握相关政府信息无法提供", unavailable, 0, 0),
        line("（五）不予处理", 0, 0, 0),
        line("（六）其他处理", other, 0, 0),
        line("（七）总计", done, company, law),
        line("四、结转下年度继续办理", next, 0, 0),
    ]
}

/// Section 四: 行政复议 (5 columns) and 行政诉讼 without / after review (5
/// each).
fn reviews(f: &Figures) -> Vec<Vec<Cell>> {
    let [upheld, corrected, sued] = f.review;
    let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut leaf: Vec<Cell> = (0..5).map(|_| cell("")).collect();
    leaf.extend(results.iter().chain(results.iter()).map(cell));
    let mut head: Vec<Cell> = results.iter().map(cell).collect();
    head.push(span("未经复议直接起诉", 5));
    head.push(span("复议后起诉", 5));
    let mut numbers = vec![upheld, corrected, 0, 0, upheld + corrected];
    numbers.extend([sued, 0, 0, 0, sued, 0, 0, 0, 0, 0]);
    vec![
        vec![span("行政复议", 5), span("行政诉讼", 10)],
        head,
        leaf,
        numbers.into_iter().map(cell).collect(),
    ]
}

/// The report body as article HTML (paragraphs, bold headings, bordered
/// tables), without the title.
pub fn html_body(r: &Report) -> String {
    let mut out = String::new();
    for b in &r.blocks {
        match b {
            Block::Heading(t) => out.push_str(&format!("<p><strong>{}</strong></p>\n", esc(t))),
            Block::Para(t) => {
                out.push_str(&format!("<p style=\"text-indent:2em\">{}</p>\n", esc(t)))
            }
            Block::Table(rows) => {
                out.push_str("<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse:collapse;width:100%\">\n<tbody>\n");
                for r in rows {
                    out.push_str("<tr>");
                    for c in r {
                        let text = if c.text.is_empty() {
                            "&nbsp;".to_string()
                        } else {
                            esc(&c.text)
                        };
                        match c.span {
                            1 => out.push_str(&format!("<td>{text}</td>")),
                            n => out.push_str(&format!(
                                "<td colspan=\"{n}\" style=\"text-align:center\">{text}</td>"
                            )),
                        }
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
        }
    }
    out
}

fn xml_esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The report as a DOCX: the title as the first paragraph, then the same
/// blocks (tables with `gridSpan`). Deterministic bytes (fixed timestamps).
pub fn docx(r: &Report) -> Vec<u8> {
    let para = |t: &str, bold: bool| {
        let props = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
        format!(
            "<w:p><w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_esc(t)
        )
    };
    let mut body = format!(
        "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val=\"36\"/></w:rPr><w:t>{}</w:t></w:r></w:p>",
        xml_esc(&r.title)
    );
    for b in &r.blocks {
        match b {
            Block::Heading(t) => body.push_str(&para(t, true)),
            Block::Para(t) => body.push_str(&para(t, false)),
            Block::Table(rows) => {
                body.push_str("<w:tbl><w:tblPr><w:tblBorders><w:top w:val=\"single\"/><w:left w:val=\"single\"/><w:bottom w:val=\"single\"/><w:right w:val=\"single\"/><w:insideH w:val=\"single\"/><w:insideV w:val=\"single\"/></w:tblBorders></w:tblPr>");
                for r in rows {
                    body.push_str("<w:tr>");
                    for c in r {
                        body.push_str("<w:tc>");
                        if c.span > 1 {
                            body.push_str(&format!(
                                "<w:tcPr><w:gridSpan w:val=\"{}\"/></w:tcPr>",
                                c.span
                            ));
                        }
                        body.push_str(&para(&c.text, false));
                        body.push_str("</w:tc>");
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" \
        ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        </Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
        </Relationships>";
    let stamp = zip::DateTime::from_date_and_time(2024, 1, 25, 9, 0, 0).unwrap_or_default();
    let opts = zip::write::SimpleFileOptions::default().last_modified_time(stamp);
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, text) in [
            ("[Content_Types].xml", types),
            ("_rels/.rels", rels),
            ("word/document.xml", document.as_str()),
        ] {
            zip.start_file(name, opts).expect("zip entry");
            zip.write_all(text.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip finish");
    }
    out.into_inner()
}
