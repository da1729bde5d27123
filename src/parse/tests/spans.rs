//! Rows placed by the slots of their header row (spanned header cells),
//! short data rows of layouts that keep empty cells, and the identities
//! over all seven columns.

use super::*;
use crate::understand::Table;

fn table(rows: &[&[&str]]) -> Table {
    Table {
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect(),
    }
}

/// A 2019-format section 2 whose header cells 本年新公开数量, 本年增/减,
/// 上一年项目数量 and 采购项目数量 span two slots, with rows whose own spans
/// do not line up with the header's.
fn spanned_section2() -> Table {
    table(&[
        &["第二十条第（一）项"],
        &[
            "信息内容",
            "本年新 制作数量",
            "本年新 公开数量",
            "",
            "对外公开总数量",
        ],
        &["规章"],
        &["规范性文件", "4", "4", "", "12"],
        &["第二十条第（五）项"],
        &[
            "信息内容",
            "上一年项目数量",
            "本年增/减",
            "",
            "处理决定数量",
        ],
        &["行政许可", "7", "", "", "9"],
        &["其他对外管理服务事项", "1", "2", "3", "4"],
        &["第二十条第（六）项"],
        &[
            "信息内容",
            "上一年项目数量",
            "本年增/减",
            "",
            "处理决定数量",
        ],
        &["行政处罚", "", "", "-1", "5"],
        &["行政强制"],
        &["第二十条第（八）项"],
        &["信息内容", "上一年项目数量", "", "本年增/减"],
        &["行政事业性收费", "2", "", "1"],
        &["第二十条第（九）项"],
        &["信息内容", "采购项目数量", "", "采购总金额"],
        &["政府集中采购", "6", "", "35.5万元"],
    ])
}

fn assert_spanned_section2(p: &Parsed) {
    let int = |i: i64| Some(Num::Int(i));
    let s = p.section2_2019.as_ref().expect("2019 format");
    assert_eq!(
        [
            s.rules.new_made,
            s.rules.new_published,
            s.rules.total_published
        ],
        [int(0); 3]
    );
    // The value under a spanned header cell's second slot is still its own.
    assert_eq!(s.normative_documents.new_published, int(4));
    assert_eq!(s.normative_documents.total_published, int(12));
    assert_eq!(
        [
            s.licensing.last_year,
            s.licensing.change,
            s.licensing.decisions
        ],
        [int(7), int(0), int(9)]
    );
    // A value in the second slot of 本年增/减 is 本年增/减, not 处理决定数量.
    assert_eq!(
        [
            s.punishment.last_year,
            s.punishment.change,
            s.punishment.decisions
        ],
        [int(0), int(-1), int(5)]
    );
    assert!(has_warning(
        p,
        "section2_2019.punishment: the row's cells do not line up"
    ));
    assert_eq!([s.fees.last_year, s.fees.change], [int(2), int(1)]);
    assert_eq!(s.procurement.projects, int(6));
    assert_eq!(s.procurement.amount_10k_yuan, Some(Num::Dec(35.5)));
    // Two values under one header column: which is its value is unknown.
    assert_eq!(
        [
            s.other_services.last_year,
            s.other_services.change,
            s.other_services.decisions
        ],
        [None; 3]
    );
    assert!(has_warning(
        p,
        "section2_2019.other_services: 2 values under one header column"
    ));
    assert_eq!(p.section2.licensing, int(9));
    assert_eq!(p.section2.punishment, int(5));
}

#[test]
fn section2_cells_are_placed_by_the_header_slots() {
    let p = parse_text("", &[spanned_section2()]).expect("parsed");
    assert_spanned_section2(&p);
}

#[test]
fn section2_text_rows_that_keep_empty_cells_are_placed_by_the_header_slots() {
    let body = format!(
        "二、主动公开政府信息情况\n{}\n三、收到和处理政府信息公开申请情况\n",
        spanned_section2().to_lines().join("\n")
    );
    let p = parse(&body);
    assert_spanned_section2(&p);
}

#[test]
fn section2_collapsed_rows_are_not_placed_by_the_header() {
    // No blank before a value and no more cells than columns: the empty
    // cells may have been collapsed, so two values for three columns stay
    // unknown even under a spanned header.
    let body = "二、主动公开政府信息情况
第二十条第（五）项
信息内容 | 上一年项目数量 | 本年增/减 |  | 处理决定数量
行政许可 | 7 | 9
三、收到和处理政府信息公开申请情况
";
    let p = parse(body);
    let s = p.section2_2019.as_ref().expect("2019 format");
    assert_eq!(s.licensing.last_year, None);
    assert_eq!(s.licensing.decisions, None);
    assert!(has_warning(
        &p,
        "section2_2019.licensing (行政许可): 2 values for 3 columns"
    ));
}

const S4_HEADER: &str = "四、政府信息公开行政复议、行政诉讼情况
行政复议 |  |  |  |  | 行政诉讼
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |  |  |  |  | 复议后起诉
 |  |  |  |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计
";

#[test]
fn section4_row_without_its_trailing_empty_cells() {
    let text =
        format!("{S4_HEADER}1 |  |  | 2 | 3 |  | 1 |  |  | 1\n五、存在的主要问题及改进情况\n");
    let p = parse(&text);
    assert_eq!(p.section4.review, ints([1, 0, 0, 2, 3]));
    assert_eq!(p.section4.litigation_direct, ints([0, 1, 0, 0, 1]));
    assert_eq!(p.section4.litigation_after_review, ints([0; 5]));
    assert!(has_warning(&p, "section4: the data row shows 10 cells"));
    assert!(p
        .checks
        .iter()
        .filter(|c| c.name.starts_with("section4"))
        .all(|c| c.ok));
}

#[test]
fn section4_collapsed_row_stays_unknown() {
    // The header keeps no empty slot and the row shows no blank: its
    // empty cells were collapsed, their places are unknown.
    let text = "四、政府信息公开行政复议、行政诉讼情况
行政复议 | 行政诉讼 | ||||
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 | ||||||||
1 | 2 | 3 | |||||||||||||
五、存在的主要问题及改进情况
";
    let p = parse(text);
    assert_eq!(p.section4.review, [None; 5]);
    assert!(has_warning(
        &p,
        "section4 (行政复议、行政诉讼): 3 values for 15 columns"
    ));
    // No data row at all: unknown too, not zeros.
    let p = parse(&format!("{S4_HEADER}五、存在的主要问题及改进情况\n"));
    assert_eq!(p.section4.review, [None; 5]);
    assert!(has_warning(
        &p,
        "section4: no values found after the header"
    ));
}

/// Section 3 as pipe rows with empty cells collapsed: 5 | 5 new, 1 | 1
/// carried over, 4 | 4 granted, 1 | 1 other; `total` and `forward` are
/// the (七)总计 and 四、结转 rows' cells; every other row is empty.
fn collapsed3(total: &str, forward: &str) -> String {
    let mut s = String::from(
        "三、收到和处理政府信息公开申请情况\n自然人 | 法人或其他组织 | 总计 | |||||||\n",
    );
    for (i, label) in LABELS_2021.iter().enumerate() {
        let cells = match ROWS3[i] {
            "new" => "5 | 5 | |||||||",
            "carried_over" | "other_other" => "1 | 1 | |||||||",
            "granted" => "4 | 4 | |||||||",
            "total" => total,
            "carried_forward" => forward,
            _ => "|||||||||",
        };
        s.push_str(&format!("{label} | {cells}\n"));
    }
    s.push_str("四、政府信息公开行政复议、行政诉讼情况\n");
    s
}

#[test]
fn identity_over_all_columns_survives_unplaceable_rows() {
    let p = parse(&collapsed3("5 | 5 | |||||||", "1 | 1 | |||||||"));
    // The rows cannot be placed, so the per-column checks are skipped …
    assert_eq!(row(&p, "new"), [None; 7]);
    assert!(check(&p, "section3.identity.natural_person").is_none());
    // … but each row's seven cells add up to what it prints.
    let c =
        check(&p, "section3.identity.all_columns").unwrap_or_else(|| panic!("{:#?}", p.warnings));
    assert!(c.ok, "{}", c.detail);
    let c = check(&p, "section3.results_total.all_columns").expect("all columns");
    assert!(c.ok, "{}", c.detail);
}

#[test]
fn identity_over_all_columns_fails_with_the_numbers() {
    // (七)总计 and 结转 printed empty while 本年新收 holds 5 + 5.
    let p = parse(&collapsed3("|||||||||", "|||||||||"));
    let c =
        check(&p, "section3.identity.all_columns").unwrap_or_else(|| panic!("{:#?}", p.warnings));
    assert!(!c.ok);
    assert_eq!(
        c.detail,
        "rows summed over all seven columns: new 10 + carried_over 2 = 12 != 0 = \
         total 0 + carried_forward 0; new, carried_over not placed, summed from the numbers printed"
    );
    let c = check(&p, "section3.results_total.all_columns").expect("all columns");
    assert!(!c.ok);
    assert!(
        c.detail.contains("granted 8 + other_other 2 + "),
        "{}",
        c.detail
    );
}

#[test]
fn identity_over_all_columns_skips_unknown_rows() {
    // A row not found: its sum is unknown, the check is skipped, said.
    let text = collapsed3("5 | 5 | |||||||", "1 | 1 | |||||||")
        .replace("二、上年结转政府信息公开申请数量 | 1 | 1 | |||||||\n", "");
    let p = parse(&text);
    assert!(check(&p, "section3.identity.all_columns").is_none());
    assert!(has_warning(
        &p,
        "check section3.identity.all_columns skipped: row values unknown (carried_over)"
    ));
}
