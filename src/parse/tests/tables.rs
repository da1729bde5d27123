//! Reading from table cells (HTML / DOCX): merged text once at its
//! top-left slot, covered slots "", trailing empty cells trimmed.

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

/// Section 3 as an HTML table expands: three label columns (group, sub-
/// group, item), a header over three rows, data in columns 3..=9.
fn section3_table() -> Table {
    table(&[
        &[
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "",
            "",
            "申请人情况",
        ],
        &[
            "",
            "",
            "",
            "自然人",
            "法人或其他组织",
            "",
            "",
            "",
            "",
            "总计",
        ],
        &[
            "",
            "",
            "",
            "",
            "商业\n企业",
            "科研\n机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
        ],
        &[
            "一、本年新收政府信息公开申请数量",
            "",
            "",
            "21",
            "",
            "",
            "",
            "",
            "",
            "21",
        ],
        &["二、上年结转政府信息公开申请数量"],
        &[
            "三、本年度办理结果",
            "（一）予以公开",
            "",
            "20",
            "",
            "",
            "",
            "",
            "",
            "20",
        ],
        &[
            "",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ],
        &[
            "",
            "（三）不予公开",
            "1.属于国家秘密",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
        ],
        &[
            "",
            "（六）其他处理",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ],
        &[
            "",
            "",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ],
        &["", "", "3.其他", "1", "", "", "", "", "", "1"],
        &["", "（七）总计", "", "21", "", "", "", "", "", "21"],
        &[
            "四、结转下年度继续办理",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "x",
        ],
    ])
}

fn section4_table() -> Table {
    table(&[
        &["行政复议", "", "", "", "", "行政诉讼"],
        &[
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
            "未经复议直接起诉",
            "",
            "",
            "",
            "",
            "复议后起诉",
        ],
        &[
            "",
            "",
            "",
            "",
            "",
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
        ],
        &["1", "3", "0", "0", "4", "2", "", "0", "0", "2", "1"],
    ])
}

fn section2_table() -> Table {
    table(&[
        &["第二十条第（一）项"],
        &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        &["规章", "0", "", "0"],
        &["行政规范性文件", "5", "1", "20"],
        &["第二十条第（五）项"],
        &["信息内容", "本年处理决定数量"],
        &["行政许可", "174", "", ""],
        &["行政处罚", "517件"],
        &["行政强制", "3"],
        &["行政事业性收费", "2.35"],
    ])
}

#[test]
fn tables_are_read_by_position() {
    let tables = [section2_table(), section3_table(), section4_table()];
    // The body text is useless on purpose: the numbers come from the cells.
    let p = parse_text("某镇人民政府2024年政府信息公开工作年度报告", &tables).expect("parsed");
    assert_eq!(row(&p, "new"), ints([21, 0, 0, 0, 0, 0, 21]));
    assert_eq!(row(&p, "carried_over"), ints([0; 7]));
    assert_eq!(row(&p, "granted"), ints([20, 0, 0, 0, 0, 0, 20]));
    assert_eq!(row(&p, "partially_granted"), ints([0; 7]));
    assert_eq!(row(&p, "other_no_correction"), ints([0; 7]));
    assert_eq!(row(&p, "other_no_fee"), ints([0; 7]));
    assert_eq!(row(&p, "other_other"), ints([1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(row(&p, "total"), ints([21, 0, 0, 0, 0, 0, 21]));
    // Text in a data cell is not a number: null, with a warning.
    assert_eq!(row(&p, "carried_forward")[..6], ints([0; 6]));
    assert_eq!(row(&p, "carried_forward")[6], None);
    assert!(has_warning(
        &p,
        "section3.carried_forward.total: 'x' is not a number"
    ));
    assert!(has_warning(&p, "section3.denied_prohibited: row not found"));

    assert_eq!(p.section4.review, ints([1, 3, 0, 0, 4]));
    assert_eq!(p.section4.litigation_direct, ints([2, 0, 0, 0, 2]));
    assert_eq!(p.section4.litigation_after_review, ints([1, 0, 0, 0, 0]));

    assert_eq!(p.section2.rules.repealed, Some(Num::Int(0)));
    assert_eq!(p.section2.normative_documents.effective, Some(Num::Int(20)));
    assert_eq!(p.section2.licensing, Some(Num::Int(174)));
    assert_eq!(p.section2.punishment, Some(Num::Int(517)));
    assert!(has_warning(
        &p,
        "section2.punishment: read '517件' as 517 (suffix '件')"
    ));
    assert_eq!(p.section2.fees_10k_yuan, Some(Num::Dec(2.35)));
    assert_eq!(p.year, Some(2024));
    assert_eq!(p.organ.as_deref(), Some("某镇人民政府"));
    let c = check(&p, "section4.litigation_after_review.total").expect("check");
    assert!(!c.ok, "1 + 0 + 0 + 0 != 0");
}

#[test]
fn text_is_used_for_sections_the_tables_lack() {
    let text = report_pipes(&consistent_rows());
    let p = parse_text(&text, &[section4_table()]).expect("parsed");
    assert_eq!(p.section4.review, ints([1, 3, 0, 0, 4]));
    assert_eq!(row(&p, "new"), ints(consistent_rows()[0]));
    assert_eq!(p.section2.licensing, Some(Num::Int(12)));
}

#[test]
fn tables_without_the_report_are_ignored() {
    let t = table(&[&["姓名", "电话"], &["张三", "123"]]);
    assert!(parse_text("会议通知", &[t]).is_none());
}

#[test]
fn body_text_of_a_table_reads_like_its_cells() {
    // The body text an HTML page yields for the same table: cells joined by
    // ` | `, covered slots kept empty, trailing empty cells trimmed.
    let mut t = section3_table();
    if let Some(last) = t.rows.last_mut() {
        last[9] = "0".into();
    }
    let from_cells = parse_text("", std::slice::from_ref(&t)).expect("cells");
    let body = format!(
        "三、收到和处理政府信息公开申请情况\n{}\n四、政府信息公开行政复议、行政诉讼情况\n",
        t.to_lines().join("\n")
    );
    let from_text = parse(&body);
    assert_eq!(from_text.section3, from_cells.section3);
    assert_eq!(row(&from_text, "new"), ints([21, 0, 0, 0, 0, 0, 21]));
}
