//! Each text layout, on short inline excerpts.

use super::*;
use crate::parse::tokens::{detect, tokenize, Layout, Tok};

#[test]
fn full_report_in_pipes_reads_everything_and_checks_pass() {
    let rows = consistent_rows();
    let p = parse(&report_pipes(&rows));
    assert_eq!(p.format, "2021");
    assert_eq!(p.year, Some(2024));
    assert_eq!(p.organ.as_deref(), Some("某某县人民政府"));
    for (i, name) in ROWS3.iter().enumerate() {
        assert_eq!(row(&p, name), ints(rows[i]), "{name}");
    }
    assert_eq!(p.section2.normative_documents.effective, Some(Num::Int(45)));
    assert_eq!(p.section2.licensing, Some(Num::Int(12)));
    assert_eq!(p.section2.fees_10k_yuan, Some(Num::Dec(12.5)));
    assert_eq!(p.section4.review, ints([1, 0, 0, 1, 2]));
    assert_eq!(p.section4.litigation_direct, ints([0, 0, 0, 1, 1]));
    assert!(p.checks.iter().all(|c| c.ok), "{:?}", p.checks);
    // Per column, over all seven columns, per row, section 4.
    assert_eq!(p.checks.len(), 7 + 7 + 2 + 25 + 3);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

/// Empty cells collapsed: `| 21 | 21 | |||||||` says nothing about columns.
const COLLAPSED: &str = "三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||||||||
自然人 | 法人或其他组织 | 总计 | |||||||
商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||
一、本年新收政府信息公开申请数量 | 21 | 21 | |||||||
二、上年结转政府信息公开申请数量 | |||||||||
三、本年度办理结果 | (一)予以公开 | 12 | 3 | 15 | ||||||
(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 0 | 0 | |||||||
(七)总计 | 12 | 3 | 4 | 1 | 0 | 2 | |||
四、结转下年度继续办理 | |||||||||
四、政府信息公开行政复议、行政诉讼情况
";

#[test]
fn collapsed_pipe_rows_are_null_with_a_warning() {
    let p = parse(COLLAPSED);
    // Two different values for seven columns: unknowable.
    assert_eq!(row(&p, "granted"), [None; 7]);
    assert!(has_warning(
        &p,
        "section3.granted (（一）予以公开): 3 values for 7 columns"
    ));
    // Two equal values: one column and its 总计, or two columns with 总计
    // left empty — not even the total is certain.
    assert_eq!(row(&p, "new"), [None; 7]);
    assert!(has_warning(
        &p,
        "section3.new (一、本年新收): 2 equal values"
    ));
    // No values at all, or only zeros: blanks, 0.
    assert_eq!(row(&p, "carried_over"), ints([0; 7]));
    assert_eq!(row(&p, "partially_granted"), ints([0; 7]));
    assert_eq!(row(&p, "carried_forward"), ints([0; 7]));
    // Six values, the sixth not the sum of the five before: 总计 left empty.
    assert_eq!(row(&p, "total")[..6], ints([12, 3, 4, 1, 0, 2]));
    assert_eq!(row(&p, "total")[6], None);
    assert!(has_warning(&p, "section3.total (（七）总计): 6 values"));
    // Checks with nulls are skipped, with a warning.
    assert!(check(&p, "section3.identity.natural_person").is_none());
    assert!(has_warning(
        &p,
        "check section3.identity.natural_person skipped: cell null"
    ));
    // Over all columns too: the 总计 left empty makes row (七) unknown.
    assert!(check(&p, "section3.identity.all_columns").is_none());
    assert!(has_warning(
        &p,
        "check section3.identity.all_columns skipped: row values unknown (total)"
    ));
    assert!(has_warning(
        &p,
        "section3.denied_state_secret: row not found"
    ));
}

#[test]
fn kept_empty_pipe_cells_are_zero() {
    let text = "三、收到和处理政府信息公开申请情况
自然人 | 法人或其他组织 | 总计
一、本年新收政府信息公开申请数量 |  | 21 |  |  |  |  | 21
二、上年结转政府信息公开申请数量 | 3 |  |  |  |  |  | 3
四、政府信息公开行政复议、行政诉讼情况";
    assert_eq!(detect(&text.lines().collect::<Vec<_>>()), Layout::PipeRows);
    let p = parse(text);
    assert_eq!(row(&p, "new"), ints([0, 21, 0, 0, 0, 0, 21]));
    assert_eq!(row(&p, "carried_over"), ints([3, 0, 0, 0, 0, 0, 3]));
}

/// One cell per line with a trailing `|`; a blank cell is `| ||`, and a
/// cell without its `|` is closed by the next line.
const CELLS_TRAILING_PIPE: &str = "三、收到和处理政府信息公开申请情况
申请人情况 | ||||||||
自然人 |
法人或其他组织 |
总计 | |||||||
一、本年新收政府信息公开申请数量 |
48 |
3 |
0 |
0 |
1 |
0 |
52 | ||
2.没有现成信息需要另行制作 |
0 |
0 |
0 |
0 |
0 |
0 |
| ||
四、政府信息公开行政复议、行政诉讼情况
行政复议 |
行政诉讼 |
||||||||||||||
结果维持 |
总计
| ||||||
2 |
1 |
0 |
0 |
3 |
1 |
0 |
1 |
0 |
2 |
0 |
0 |
0 |
1 |
1 | |
五、存在问题与改进路径
";

#[test]
fn one_cell_per_line_with_trailing_pipes() {
    let p = parse(CELLS_TRAILING_PIPE);
    assert_eq!(row(&p, "new"), ints([48, 3, 0, 0, 1, 0, 52]));
    assert_eq!(row(&p, "unable_needs_creation"), ints([0; 7]));
    assert_eq!(p.section4.review, ints([2, 1, 0, 0, 3]));
    assert_eq!(p.section4.litigation_direct, ints([1, 0, 1, 0, 2]));
    assert_eq!(p.section4.litigation_after_review, ints([0, 0, 0, 1, 1]));
    assert!(check(&p, "section4.review.total").is_some_and(|c| c.ok));
}

/// Word-style: tab-indented cells, empty lines between rows, a tab alone
/// for an empty cell, a cell split over two lines.
const TABS: &str = "三、收到和处理政府信息公开申请情况

\t（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
\t申请人情况

\t
\t自然人
\t法人或其他组织
\t总计

\t
\t
\t商业
企业
\t科研
机构
\t其他
\t

\t一、本年新收政府信息公开申请数量
\t2
\t0
\t0
\t0
\t0
\t0
\t2

\t
\t（三）不予公开
\t1.属于国家秘密
\t1
\t
\t0
\t0
\t0
\t0
\t1

四、政府信息公开行政复议、行政诉讼情况
";

#[test]
fn tab_indented_cells() {
    let lines: Vec<&str> = TABS.lines().collect();
    assert_eq!(detect(&lines), Layout::Tabs);
    let toks = tokenize(&lines);
    assert!(toks.contains(&Tok::Text("商业企业".into())), "{toks:?}");
    let p = parse(TABS);
    assert_eq!(row(&p, "new"), ints([2, 0, 0, 0, 0, 0, 2]));
    // The blank cell in position is a 0.
    assert_eq!(row(&p, "denied_state_secret"), ints([1, 0, 0, 0, 0, 0, 1]));
}

/// A poor extractor's output: one cell per line, empty lines between cells,
/// a header split over two lines.
const DOUBLE_SPACED: &str = "二、主动公开政府信息情况

第二十条第(一)项

信息内容

本年新
制作数量

本年新
公开数量

对外公开总数量

规章

0

0

0

规范性文件

6

5

40

三、收到和处理政府信息公开申请情况

一、本年新收政府信息公开申请数量

4

0

0

0

0

0

4

四、政府信息公开行政复议、行政诉讼情况
";

#[test]
fn double_spaced_cells() {
    let lines: Vec<&str> = DOUBLE_SPACED.lines().collect();
    let end = lines
        .iter()
        .position(|l| l.starts_with("三、"))
        .expect("section 3");
    assert_eq!(detect(&lines[..end]), Layout::DoubleSpaced);
    let toks = tokenize(&lines[..end]);
    assert!(
        toks.contains(&Tok::Text("本年新制作数量".into())),
        "{toks:?}"
    );
    let p = parse(DOUBLE_SPACED);
    assert_eq!(p.format, "2019");
    let s19 = p.section2_2019.as_ref().expect("2019 section 2");
    assert_eq!(s19.normative_documents.total_published, Some(Num::Int(40)));
    assert_eq!(row(&p, "new"), ints([4, 0, 0, 0, 0, 0, 4]));
}

#[test]
fn plain_rows_with_spaces_and_split_labels() {
    let text = "三、收到和处理政府信息公开申请情况
申请人情况
自然人 法人或其他组织 总计
商业 企业 科研 机构 社会公益组织 法律服务机构 其他
一、本年新收政府信息公开申请数量 5 1 0 0 0 0 6
(二)部分公开(区分处理的,只计这一情形,不计
其他情形) 1 0 0 0 0 0 1
(三)不予公开 1.属于国家
秘密 0 0 0 0 0 0 0
四、政府信息公开行政复议、行政诉讼情况";
    let p = parse(text);
    assert_eq!(row(&p, "new"), ints([5, 1, 0, 0, 0, 0, 6]));
    assert_eq!(row(&p, "partially_granted"), ints([1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(row(&p, "denied_state_secret"), ints([0; 7]));
}

/// A converter mirror: Traditional script, pinyin after each converted
/// character, full-width punctuation, one cell per line with a trailing `|`.
const TRADITIONAL: &str = "一、總(zǒng)體(tǐ)情況(kuàng)
二、主動(dòng)公開(kāi)政府信息情況(kuàng)
第二十條(tiáo)第(一)項(xiàng) |
規(guī)章 |
0 |
0 |
0 |
行政規(guī)範(fàn)性文件 |
2 |
0 |
9 |
行政處(chǔ)罰(fá) |
5 |
行政事業(yè)性收費(fèi) |
0.5 |
三、收到和處(chǔ)理政府信息公開(kāi)申請(qǐng)情況(kuàng)
一、本年新收政府信息公開(kāi)申請(qǐng)數(shù)量(liàng) |
1 |
0 |
0 |
0 |
0 |
0 |
1 |
（六）其他處(chǔ)理 |
1.申請(qǐng)人無(wú)正當(dāng)理由逾期不補(bǔ)正、行政機(jī)關(guān)不再處(chǔ)理其政府信息公開(kāi)申請(qǐng) |
0 |
0 |
0 |
0 |
0 |
0 |
0 |
3.其他 |
1 |
0 |
0 |
0 |
0 |
0 |
1 |
（七）總(zǒng)計(jì) |
1 |
0 |
0 |
0 |
0 |
0 |
1 |
四、政府信息公開(kāi)行政復(fù)議(yì)、行政訴(sù)訟(sòng)情況(kuàng)
";

#[test]
fn traditional_with_pinyin() {
    let p = parse(TRADITIONAL);
    assert_eq!(p.format, "2021");
    assert_eq!(p.section2.normative_documents.effective, Some(Num::Int(9)));
    assert_eq!(p.section2.punishment, Some(Num::Int(5)));
    assert_eq!(p.section2.fees_10k_yuan, Some(Num::Dec(0.5)));
    assert_eq!(row(&p, "new"), ints([1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(row(&p, "other_no_correction"), ints([0; 7]));
    assert_eq!(row(&p, "other_other"), ints([1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(row(&p, "total"), ints([1, 0, 0, 0, 0, 0, 1]));
    assert!(has_warning(&p, "section3.other_no_fee: row not found"));
}

#[test]
fn headings_with_other_punctuation_and_words() {
    use crate::parse::sections::heading;
    assert_eq!(heading("二、主动公开政府信息情况"), Some(2));
    assert_eq!(heading("二.主动公开政府信息情况"), Some(2));
    assert_eq!(heading("第二部分 主动公开政府信息情况"), Some(2));
    assert_eq!(heading("三、收到和处理政府信息公开申请的情况"), Some(3));
    assert_eq!(heading("四、政府信息公开行政复议、行政诉讼情况"), Some(4));
    assert_eq!(heading("四、政府信息公开行政复议和行政诉讼情况"), Some(4));
    assert_eq!(heading("五、存在问题与改进路径"), Some(5));
    assert_eq!(heading("六、其他需要报告的事项"), Some(6));
    // Rows of the section 3 table and sentences are not headings.
    assert_eq!(heading("四、结转下年度继续办理 | 0 | 0"), None);
    assert_eq!(heading("三、本年度办理结果"), None);
    assert_eq!(heading("一、本年新收政府信息公开申请数量"), None);
    assert_eq!(heading("关于行政复议和行政诉讼的情况见下表。"), None);
}

#[test]
fn a_sentence_naming_a_row_is_not_the_row() {
    let text = "三、收到和处理政府信息公开申请情况
本年新收申请3件，均已办结。
申请人情况
自然人 | 法人或其他组织 | 总计
一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3
四、政府信息公开行政复议、行政诉讼情况";
    let p = parse(text);
    assert_eq!(row(&p, "new"), ints([3, 0, 0, 0, 0, 0, 3]));
}

#[test]
fn labels_first_numbers_after_is_not_read_as_zeros() {
    // A column-wise extraction: every label, then every number.
    let mut text = String::from("三、收到和处理政府信息公开申请情况\n");
    for l in [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（七）总计",
        "四、结转下年度继续办理",
    ] {
        text.push_str(l);
        text.push('\n');
    }
    for _ in 0..4 {
        text.push_str("1\n0\n0\n0\n0\n0\n1\n");
    }
    text.push_str("四、政府信息公开行政复议、行政诉讼情况\n");
    let p = parse(&text);
    for name in ["new", "carried_over", "total", "carried_forward"] {
        assert_eq!(row(&p, name), [None; 7], "{name}");
    }
    assert!(has_warning(&p, "not next to row labels"));
}
