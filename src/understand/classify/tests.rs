use super::*;
use crate::understand::{Document, Readability, SourceType};

const ARTICLE: &str = "https://www.pingan.gov.cn/zwgk/art/2025/1/20/art_1229_8890.html";

fn doc(title: Option<&str>, body: &str) -> Document {
    let mut d = Document::empty(SourceType::Html, Readability::Ok);
    d.title = title.map(str::to_string);
    d.body = body.to_string();
    d
}

fn url(s: &str) -> url::Url {
    url::Url::parse(s).expect("test URL")
}

fn run(d: &Document) -> Classification {
    classify(d, &url(ARTICLE), None)
}

/// A short 2021-format report: the six headings, some of each table.
fn report_body(intro: &str, signature: &str) -> String {
    format!(
        "{intro}
一、总体情况
2024年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数
规章 | 0 | 0 | 0
行政规范性文件 | 2 | 0 | 5
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3
（一）予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2
（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1
四、结转下年度继续办理 | 0
四、政府信息公开行政复议、行政诉讼情况
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计
0 | 0 | 0 | 0 | 0
五、存在的主要问题及改进情况
信息公开的及时性有待提高，下一步将加强培训。
六、其他需要报告的事项
本年度未收取信息处理费。
{signature}"
    )
}

fn six_headings_only() -> &'static str {
    "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n\
     四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项"
}

// ------------------------------------------------------------ reports

#[test]
fn titled_report_takes_fullest_organ_from_signature() {
    let d = doc(
        Some("城关镇2024年政府信息公开工作年度报告"),
        &report_body("", "城关镇人民政府\n2025年1月15日"),
    );
    let c = run(&d);
    assert_eq!(c.kind, Kind::AnnualReport, "{:?}", c.reasons);
    assert_eq!(c.year, Some(2024));
    assert_eq!(c.organ.as_deref(), Some("城关镇人民政府"));
    assert!(c
        .reasons
        .contains(&"title names a disclosure annual report (2024)".to_string()));
    assert!(c
        .reasons
        .contains(&"body has 6/6 standard sections".to_string()));
}

#[test]
fn bare_title_report_takes_organ_from_signature() {
    let d = doc(
        Some("2024年政府信息公开工作年度报告"),
        &report_body("", "平安县教育局\n2025年1月20日"),
    );
    let c = run(&d);
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(c.year, Some(2024));
    assert_eq!(c.organ.as_deref(), Some("平安县教育局"));
}

#[test]
fn untitled_report_takes_organ_from_compiled_by_and_year_from_period() {
    let intro = "本报告依据《中华人民共和国政府信息公开条例》要求，由昆阳镇结合有关统计数据编制。\
                 本年度报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。";
    let body = report_body(intro, "").replace("2024年，", "今年，");
    let c = run(&doc(None, &body));
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(c.year, Some(2023));
    assert_eq!(c.organ.as_deref(), Some("昆阳镇"));
}

#[test]
fn signature_on_one_line_with_its_date() {
    let d = doc(None, &report_body("", "东湖街道办事处 2025年1月10日"));
    let c = run(&d);
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(c.organ.as_deref(), Some("东湖街道办事处"));
    assert_eq!(c.year, Some(2024));
}

#[test]
fn sections_with_full_width_punctuation_and_extra_words() {
    let body = "一．总体情况\n某某内容。\n二，主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n\
                四、政府信息公开行政复议、行政诉讼情况\n五、存在问题与改进路径\n六、其他需要报告的事项\n无";
    let c = run(&doc(Some("2024年政府信息公开工作年度报告"), body));
    assert_eq!(c.kind, Kind::AnnualReport);
    assert!(c
        .reasons
        .contains(&"body has 6/6 standard sections".to_string()));
}

#[test]
fn traditional_with_pinyin_report() {
    let body = "一、總(zǒng)體(tǐ)情況(kuàng)\n\
                在縣委、縣政府的正確領(lǐng)導(dǎo)下，我鄉(xiāng)積極推進政府信息公開工作。\n\
                二、主動(dòng)公開政府信息情況(kuàng)\n\
                第二十條(tiáo)第（一）項(xiàng)\n本年製發件數(shù)\n本年廢(fèi)止件數(shù)\n\
                三、收到和處(chǔ)理政府信息公開申請(qǐng)情況(kuàng)\n\
                四、政府信息公開行政復(fù)議(yì)、行政訴(sù)訟(sòng)情況(kuàng)\n\
                五、存在的主要問(wèn)題(tí)及改進(jìn)情況(kuàng)\n\
                六、其他需要報(bào)告的事項(xiàng)\n\
                2022年，涼山鄉(xiāng)未收取信息處(chǔ)理費(fèi)。\n\
                涼山鄉人民政府\n2023年1月12日";
    let d = doc(Some("涼山鄉2022年政府信息公開工作年度報(bào)告"), body);
    let c = run(&d);
    assert_eq!(c.kind, Kind::AnnualReport, "{:?}", c.reasons);
    assert_eq!(c.year, Some(2022));
    assert_eq!(c.organ.as_deref(), Some("凉山乡人民政府"));
    assert!(c
        .reasons
        .contains(&"body has 6/6 standard sections".to_string()));
    // Untitled, the body alone suffices.
    let c = run(&doc(None, body));
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(c.year, Some(2022));
}

#[test]
fn format_2019_report_with_bare_title() {
    let body = "一、总体情况\n2019年，新添镇认真贯彻落实新修订的《条例》。\n\
                二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量\n\
                第二十条第（九）项\n信息内容 | 采购项目数量 | 采购总金额\n政府集中采购 | 0 | 0\n\
                三、收到和处理政府信息公开申请情况\n（六）其他处理 | 0\n\
                四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n无。";
    let c = run(&doc(Some("政府信息公开工作年度报告"), body));
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(c.year, Some(2019));
    assert_eq!(c.organ, None);
}

#[test]
fn tables_alone_make_a_report() {
    let mut d = doc(None, "");
    d.tables.push(crate::understand::Table {
        rows: vec![
            vec!["本年新收政府信息公开申请数量".into(), "0".into()],
            vec!["上年结转政府信息公开申请数量".into(), "0".into()],
            vec!["予以公开".into(), "部分公开".into(), "不予公开".into()],
            vec![
                "无法提供".into(),
                "不予处理".into(),
                "结转下年度继续办理".into(),
            ],
            vec!["商业企业".into(), "科研机构".into(), "社会公益组织".into()],
            vec!["法律服务机构".into(), "结果维持".into(), "结果纠正".into()],
        ],
    });
    let c = run(&d);
    assert_eq!(c.kind, Kind::AnnualReport, "{:?}", c.reasons);
}

// ------------------------------------------------------------ negatives

fn assert_other(title: &str, body: &str, why: &str) {
    let c = run(&doc(Some(title), body));
    assert_eq!(c.kind, Kind::Other, "{title}: {:?}", c.reasons);
    assert_eq!(c.year, None, "{title}");
    assert_eq!(c.organ, None, "{title}");
    assert!(
        c.reasons.iter().any(|r| r.contains(why)),
        "{title}: {:?} lacks {why}",
        c.reasons
    );
    assert!(!is_report_title(title), "{title}");
}

#[test]
fn notice_about_compiling_reports_quoting_the_headings() {
    let body = format!(
        "各乡镇人民政府，县直各部门：\n现就做好年度报告编制发布工作通知如下。报告应包括以下内容：\n{}",
        six_headings_only()
    );
    assert_other(
        "关于做好2024年政府信息公开工作年度报告编制发布工作的通知",
        &body,
        "negative: notice about reports (通知)",
    );
}

#[test]
fn untitled_notice_is_known_by_its_heading_line() {
    let body = format!(
        "平安县人民政府办公室关于做好2024年政府信息公开工作年度报告编制发布工作的通知\n\
         各乡镇人民政府：\n报告包括：\n{}",
        six_headings_only()
    );
    let c = run(&doc(None, &body));
    assert_eq!(c.kind, Kind::Other, "{:?}", c.reasons);
    assert!(c.reasons[0].starts_with("negative: notice about reports"));
}

#[test]
fn notices_letters_and_checks_about_reports() {
    for (t, why) in [
        (
            "平安县人民政府办公室关于报送2024年度政府信息公开工作年度报告的函",
            "(函)",
        ),
        (
            "关于2023年度政府信息公开工作年度报告督查情况的通报",
            "(通报)",
        ),
        ("平安县2024年政府信息公开工作年度报告自查情况", "(自查)"),
        ("2024年度政府信息公开工作年度报告报送情况", "(报送)"),
        ("平安县政务公开工作考核2024年度报告评分细则", "考核"),
        ("关于2024年政府信息公开工作年度报告的说明", "(关于…的)"),
    ] {
        assert_other(t, six_headings_only(), why);
    }
}

#[test]
fn other_kinds_of_annual_documents() {
    for (t, why) in [
        ("平安县2024年法治政府建设年度报告", "法治政府建设年度报告"),
        ("2025年平安县政府工作报告", "政府工作报告"),
        ("平安县某某有限公司2024年度企业年度报告", "企业年度报告"),
        ("2024年度企业年报公示", "企业年报"),
        ("平安县财政局2023年部门决算", "决算"),
        ("平安县2024年国民经济和社会发展统计公报", "统计公报"),
        ("平安县2025年政务公开工作要点", "政务公开工作要点"),
        ("平安县人民政府网站2024年度工作报表", "网站年度工作报表"),
        ("平安县政府网站2024年年度报表", "政府网站年度报表"),
        ("图文解读：平安县2024年政府信息公开工作年度报告", "解读"),
    ] {
        assert_other(t, six_headings_only(), why);
    }
}

#[test]
fn news_is_other() {
    let c = run(&doc(
        Some("城关镇召开安全生产工作会议"),
        "1月20日，城关镇召开安全生产工作会议。会议要求各村做好节日期间安全工作。",
    ));
    assert_eq!(c.kind, Kind::Other);
}

// ------------------------------------------------------------ listings

fn listing_body() -> String {
    let mut s = String::new();
    for (town, d) in [
        ("城关镇", "2025-01-20"),
        ("新添镇", "2025-01-19"),
        ("东湖街道", "2025-01-18"),
        ("凉山乡", "2025-01-17"),
        ("平安县教育局", "2025-01-16"),
        ("平安县人民政府办公室", "2025-01-15"),
    ] {
        s.push_str(&format!("{town}2024年政府信息公开工作年度报告 {d}\n"));
    }
    s.push_str("首页 上一页 下一页 尾页 共3页");
    s
}

#[test]
fn column_page_is_a_listing() {
    let c = run(&doc(Some("政府信息公开年报"), &listing_body()));
    assert_eq!(c.kind, Kind::Listing, "{:?}", c.reasons);
    assert_eq!(c.year, None);
    assert_eq!(c.organ, None);
    assert!(c.reasons[0].starts_with("listing: "));
}

#[test]
fn year_folder_column_titled_like_a_report_is_a_listing() {
    let c = run(&doc(
        Some("2024年政府信息公开工作年度报告"),
        &listing_body(),
    ));
    assert_eq!(c.kind, Kind::Listing, "{:?}", c.reasons);
}

#[test]
fn column_name_title_with_empty_body_is_a_listing() {
    let d = doc(Some("年度报告"), "");
    let c = classify(
        &d,
        &url("https://www.pingan.gov.cn/zfxxgk/zfxxgknb/index.html"),
        None,
    );
    assert_eq!(c.kind, Kind::Listing);
    assert_eq!(
        c.reasons,
        vec!["listing: title is a column name (年度报告)".to_string()]
    );
}

// ------------------------------------------------------------ attachments

#[test]
fn attachment_only_page_with_a_dated_title() {
    let mut d = doc(
        Some("新添镇2024年政府信息公开工作年度报告"),
        "附件：新添镇2024年政府信息公开工作年度报告.pdf",
    );
    d.attachments
        .push("https://www.pingan.gov.cn/u/cms/P020250120.pdf".into());
    let c = run(&d);
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(c.year, Some(2024));
    assert_eq!(c.organ.as_deref(), Some("新添镇"));
}

#[test]
fn attachment_only_page_year_from_the_attachment_name() {
    let mut d = doc(
        Some("新添镇政府信息公开工作年度报告"),
        "附件：新添镇人民政府2023年度政府信息公开工作年度报告.docx",
    );
    d.attachments
        .push("https://www.pingan.gov.cn/u/cms/P020240120.docx".into());
    let c = run(&d);
    assert_eq!(c.kind, Kind::AnnualReport, "{:?}", c.reasons);
    assert_eq!(c.year, Some(2023));
    assert_eq!(c.organ.as_deref(), Some("新添镇人民政府"));
    assert!(c.reasons[0].starts_with("attachment-only page"));
}

#[test]
fn attachment_only_page_year_from_publish_date() {
    let mut d = doc(Some("新添镇政府信息公开工作年度报告"), "");
    d.attachments
        .push("https://www.pingan.gov.cn/u/cms/P020250210.pdf".into());
    d.published = Some("2025-02-10".into());
    let c = run(&d);
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(c.year, Some(2024));
    d.published = Some("2025-06-10".into());
    assert_eq!(run(&d).year, None);
}

#[test]
fn unreadable_attachment_named_by_its_link() {
    let d = Document::empty(SourceType::Pdf, Readability::NeedsOcr("image-only".into()));
    let c = classify(
        &d,
        &url("https://www.pingan.gov.cn/u/cms/P020250120.pdf"),
        Some("附件1：城关镇2024年政府信息公开工作年度报告.pdf"),
    );
    assert_eq!(c.kind, Kind::AnnualReport, "{:?}", c.reasons);
    assert_eq!(c.year, Some(2024));
    assert_eq!(c.organ.as_deref(), Some("城关镇"));
}

// ------------------------------------------------------------ years

#[test]
fn year_from_title_beats_body_and_publish_date() {
    let mut d = doc(
        Some("城关镇2023年度政府信息公开工作年度报告"),
        &report_body("", "城关镇人民政府"),
    );
    d.published = Some("2024-01-20".into());
    assert_eq!(run(&d).year, Some(2023));
}

#[test]
fn year_from_chinese_numerals() {
    let c = run(&doc(
        Some("二〇二四年政府信息公开工作年度报告"),
        six_headings_only(),
    ));
    assert_eq!(c.year, Some(2024));
}

#[test]
fn year_from_publish_date_only_in_first_quarter() {
    let body = report_body("", "").replace("2024年，", "");
    let mut d = doc(Some("政府信息公开工作年度报告"), &body);
    d.published = Some("2025-01-28".into());
    assert_eq!(run(&d).year, Some(2024));
    d.published = Some("2025-05-28".into());
    let c = run(&d);
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(c.year, None, "never the publish year blindly");
}

#[test]
fn year_from_report_column_url() {
    let body = report_body("", "洪川镇人民政府").replace("2024年，", "");
    let c = classify(
        &doc(Some("洪川镇"), &body),
        &url("https://www.hongya.gov.cn/zfxxgk/zfxxgknb/n2024n/xz/hcz.htm"),
        None,
    );
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(c.year, Some(2024));
    assert_eq!(c.organ.as_deref(), Some("洪川镇人民政府"));
}

// ------------------------------------------------------------ organs

#[test]
fn organ_forms() {
    for (title, organ) in [
        (
            "平安县人民政府办公室2024年政府信息公开工作年度报告",
            Some("平安县人民政府办公室"),
        ),
        ("2024年新添镇政府信息公开工作年度报告", Some("新添镇")),
        (
            "平安县人民政府2024年度政府信息公开工作年度报告",
            Some("平安县人民政府"),
        ),
        ("平安县教育局2024年政府信息公开年报", Some("平安县教育局")),
        ("2024年政府信息公开工作年度报告", None),
    ] {
        let c = run(&doc(Some(title), six_headings_only()));
        assert_eq!(c.kind, Kind::AnnualReport, "{title}");
        assert_eq!(c.organ.as_deref(), organ, "{title}: {:?}", c.reasons);
    }
}

#[test]
fn township_report_on_the_county_portal_keeps_the_township() {
    let mut d = doc(
        Some("新添镇2024年政府信息公开工作年度报告"),
        six_headings_only(),
    );
    d.organ = Some("平安县人民政府".into());
    d.fields
        .insert("发布机构".into(), "平安县人民政府办公室".into());
    assert_eq!(run(&d).organ.as_deref(), Some("新添镇"));
}

#[test]
fn organ_from_metadata_when_the_page_names_none() {
    let mut d = doc(Some("2024年政府信息公开工作年度报告"), six_headings_only());
    d.fields
        .insert("发布机构".into(), "平安县卫生健康局".into());
    let c = run(&d);
    assert_eq!(c.organ.as_deref(), Some("平安县卫生健康局"));
}

#[test]
fn street_office_fullest_form() {
    let d = doc(
        Some("东湖街道2024年政府信息公开工作年度报告"),
        &report_body("", "东湖街道办事处\n2025年1月8日"),
    );
    assert_eq!(run(&d).organ.as_deref(), Some("东湖街道办事处"));
}

// ------------------------------------------------------------ titles

#[test]
fn report_titles() {
    for t in [
        "城关镇人民政府2024年政府信息公开工作年度报告",
        "2024年政府信息公开工作年度报告",
        "平安县2023年度政府信息公开年报",
        "涼山鄉2022年政府信息公開工作年度報告",
        "平安縣2023年政府資訊公開工作年度報告",
        "涼(liáng)山鄉(xiāng)2022年政府信息公開工作年度報(bào)告",
        "二〇二三年度政府信息公开工作年度报告",
        "附件：新添镇2024年政府信息公开工作年度报告.pdf",
        "2024年年报.pdf",
        "平安县2012年政府信息公开工作报告",
    ] {
        assert!(is_report_title(t), "{t}");
    }
    for t in [
        "政府信息公开年报",
        "政府信息公开工作年度报告",
        "政府信息公开工作年度报告_平安县人民政府",
        "年度报告",
        "关于做好2024年政府信息公开工作年度报告编制发布工作的通知",
        "2024年部门决算",
        "2024年度企业年报",
        "平安县2024年法治政府建设年度报告",
        "2024年政府工作报告",
        "",
        "2024",
    ] {
        assert!(!is_report_title(t), "{t}");
    }
}

#[test]
fn never_panics_on_odd_input() {
    for s in [
        "",
        "(",
        "(ǎ",
        "附件",
        "附件：",
        "2024",
        "2024年",
        "一、",
        "二〇二",
        "😀😀 (pdf) 報(bào",
        "由",
        "由由由编制",
        "|||\n|||",
        "2025-13-45",
    ] {
        let d = doc(Some(s), s);
        let _ = classify(&d, &url(ARTICLE), Some(s));
        let _ = is_report_title(s);
    }
}

// ------------------------------------------------------------ examples

/// The five shared example reports, when the shared folder is present
/// (CI has none: skipped silently).
#[test]
fn shared_examples() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples");
    let cases = [
        ("kunyang-town-2024-pipes.txt", 2024),
        ("wating-town-2024-cells-per-line.txt", 2024),
        ("gucheng-town-2020-with-site-chrome.txt", 2020),
        ("liangshan-township-2022-traditional-pinyin.txt", 2022),
        ("qianjiang-district-2024-rows.txt", 2024),
    ];
    for (file, year) in cases {
        let Ok(body) = std::fs::read_to_string(dir.join(file)) else {
            return;
        };
        let c = run(&doc(None, &body));
        assert_eq!(c.kind, Kind::AnnualReport, "{file}: {:?}", c.reasons);
        assert_eq!(c.year, Some(year), "{file}: {:?}", c.reasons);
        eprintln!("{file}: organ {:?}; {:?}", c.organ, c.reasons);
    }
}

#[test]
fn report_page_with_related_links_is_not_a_listing() {
    let body = "附件：新添镇2024年政府信息公开工作年度报告.pdf\n相关阅读\n\
                城关镇2024年政府信息公开工作年度报告 2025-01-20\n\
                东湖街道2024年政府信息公开工作年度报告 2025-01-19\n\
                凉山乡2024年政府信息公开工作年度报告 2025-01-18\n\
                平安县2024年政府信息公开工作年度报告 2025-01-17";
    let c = run(&doc(Some("新添镇2024年政府信息公开工作年度报告"), body));
    assert_eq!(c.kind, Kind::AnnualReport, "{:?}", c.reasons);
    assert_eq!(c.organ.as_deref(), Some("新添镇"));
}

#[test]
fn homepage_is_a_listing() {
    let body = "首页\n要闻动态\n县委常委会召开会议 2025-03-01\n县长调研安全生产 2025-03-01\n\
                全县春耕备耕有序推进 2025-02-28\n城关镇开展义诊活动 2025-02-27\n政务公开\n政府信息公开指南";
    let c = classify(
        &doc(Some("平安县人民政府门户网站"), body),
        &url("https://www.pingan.gov.cn/"),
        None,
    );
    assert_eq!(c.kind, Kind::Listing);
}

#[test]
fn one_line_body_still_shows_its_sections() {
    let body = six_headings_only().replace('\n', "内容。");
    let c = run(&doc(None, &body));
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(
        c.reasons,
        vec!["body has 6/6 standard sections".to_string()]
    );
}

#[test]
fn title_forms_around_the_report_name() {
    for (title, year, organ) in [
        (
            "城关镇2024年政府信息公开工作年度报告_平安县人民政府",
            2024,
            "城关镇",
        ),
        (
            "城关镇人民政府政府信息公开工作年度报告（2024年）",
            2024,
            "城关镇人民政府",
        ),
        (
            "平安县教育局关于2024年度政府信息公开工作情况的报告",
            2024,
            "平安县教育局",
        ),
        ("图解：平安县2023年政府信息公开工作年度报告", 2023, "平安县"),
    ] {
        let c = run(&doc(Some(title), ""));
        assert_eq!(c.kind, Kind::AnnualReport, "{title}");
        assert_eq!(c.year, Some(year), "{title}");
        assert_eq!(c.organ.as_deref(), Some(organ), "{title}");
    }
}

#[test]
fn notice_printing_a_report_is_not_a_report() {
    assert_other(
        "平安县人民政府办公室关于印发《平安县2024年政府信息公开工作年度报告》的通知",
        &report_body("", "平安县人民政府办公室"),
        "(通知)",
    );
}

#[test]
fn traditional_link_text_names_an_unreadable_report() {
    let d = Document::empty(
        SourceType::Other,
        Readability::Unsupported("legacy .doc".into()),
    );
    let c = classify(
        &d,
        &url("https://www.pingan.gov.cn/u/cms/P020240120.doc"),
        Some("平安縣2023年政府資訊公開工作年度報告"),
    );
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(c.year, Some(2023));
    assert_eq!(c.organ.as_deref(), Some("平安县"));
}

#[test]
fn year_column_index_titled_by_its_year_is_a_listing() {
    let c = classify(
        &doc(Some("2024年度政府信息公开年报"), ""),
        &url("https://www.pingan.gov.cn/xxgk/xxgknb/2024/index.html"),
        None,
    );
    assert_eq!(c.kind, Kind::Listing, "{:?}", c.reasons);
    // The same title on an article URL is a report.
    let c = run(&doc(Some("2024年度政府信息公开年报"), ""));
    assert_eq!(c.kind, Kind::AnnualReport);
}

#[test]
fn pre_2019_numbering_counts() {
    let body = "一、概述\n二、主动公开政府信息情况\n三、依申请公开政府信息情况\n\
                四、政府信息公开的收费及减免情况\n五、因政府信息公开申请行政复议、提起行政诉讼的情况\n\
                六、政府信息公开工作存在的主要问题及改进情况\n七、其他需要报告的事项";
    let c = run(&doc(None, body));
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(
        c.reasons,
        vec!["body has 6/6 standard sections".to_string()]
    );
}

#[test]
fn pdf_metadata_title_names_a_bare_annual_report() {
    assert!(is_report_title("Microsoft Word - 2024年报.docx"));
    assert!(is_report_title("2024年度报告"));
    assert!(!is_report_title("2024年度工作总结"));
}

#[test]
fn full_name_from_the_body_text_but_not_a_sub_office() {
    let body = format!(
        "{}\n本年度制定了《城关镇人民政府信息公开制度》。",
        six_headings_only()
    );
    let c = run(&doc(Some("城关镇2024年政府信息公开工作年度报告"), &body));
    assert_eq!(c.organ.as_deref(), Some("城关镇人民政府"));
    let body = format!("{}\n联系城关镇人民政府办公室。", six_headings_only());
    let c = run(&doc(Some("城关镇2024年政府信息公开工作年度报告"), &body));
    assert_eq!(c.organ.as_deref(), Some("城关镇"));
}

#[test]
fn issuer_before_guanyu_in_the_title() {
    let c = run(&doc(
        Some("平安县人民政府办公室关于平安县2024年政府信息公开工作年度报告"),
        six_headings_only(),
    ));
    assert_eq!(c.kind, Kind::AnnualReport);
    assert_eq!(c.organ.as_deref(), Some("平安县人民政府办公室"));
}

#[test]
fn list_rows_with_month_day_dates() {
    let body = "城关镇2016年政府信息公开工作年度报告\n03-01\n新添镇2016年政府信息公开工作年度报告\n02-28\n\
                平安县教育局2016年政府信息公开工作年度报告\n02-27\n共3页 下一页";
    let c = run(&doc(Some("信息公开年报"), body));
    assert_eq!(c.kind, Kind::Listing, "{:?}", c.reasons);
}

#[test]
fn empty_page_at_a_column_url_is_a_listing() {
    let at = |u: &str, title: &str| classify(&doc(Some(title), ""), &url(u), None);
    let c = at(
        "http://www.zhangshu.gov.cn/zwgk/zhxx/index.html",
        "综合信息",
    );
    assert_eq!(c.kind, Kind::Listing);
    // A column of notices is a listing too, not a negative.
    let c = at("http://www.pingan.gov.cn/tzgg/", "通知公告");
    assert_eq!(c.kind, Kind::Listing, "{:?}", c.reasons);
    // An empty article is not.
    assert_eq!(run(&doc(Some("综合信息"), "")).kind, Kind::Other);
}
