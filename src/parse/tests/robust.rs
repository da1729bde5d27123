//! Garbage, truncated reports and odd inputs: never a panic, and `None`
//! only when nothing of the tables shows.

use super::*;
use crate::parse::{ReportParser, ReportTablesParser};
use crate::understand::Table;

/// A small deterministic generator (no external crates needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

const ALPHABET: &[&str] = &[
    "|",
    " | ",
    "\n",
    "\n\n",
    "\t",
    "0",
    "1",
    "21",
    "-",
    "－",
    "—",
    "/",
    "万",
    "件数",
    "(",
    ")",
    "（六）",
    "其他处理",
    "3.其他",
    "总计",
    "合计",
    "本年新收",
    "结转下年度",
    "予以公开",
    "二、",
    "三、",
    "四、",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "行政复议",
    "结果维持",
    "审结",
    "规章",
    "行政许可",
    "政府集中采购",
    "本年新制作数量",
    "年",
    "2024",
    "9999999999999999999",
    "7926.3139",
    "領(lǐng)",
    "\u{200B}",
    "é",
    "𝟘",
    "１２",
    "，",
    "、",
];

fn garbage(seed: u64, len: usize) -> String {
    let mut g = Lcg(seed);
    (0..len)
        .map(|_| ALPHABET[(g.next() as usize) % ALPHABET.len()])
        .collect()
}

#[test]
fn garbage_never_panics() {
    let parser = ReportTablesParser;
    for seed in 0..300u64 {
        let text = garbage(seed, 20 + (seed as usize % 200));
        let input = crate::parse::ParseInput {
            text: &text,
            tables: &[],
            source_type: "pdf",
            title: Some(&text),
            year: None,
            organ: None,
        };
        if let Some(v) = parser.parse(&input) {
            assert!(v.get("section3").is_some());
        }
    }
}

#[test]
fn garbage_tables_never_panic() {
    for seed in 0..100u64 {
        let mut g = Lcg(seed);
        let rows: Vec<Vec<String>> = (0..(g.next() % 20))
            .map(|r| {
                (0..(g.next() % 18))
                    .map(|c| garbage(seed * 1000 + r * 31 + c, (g.next() % 4) as usize))
                    .collect()
            })
            .collect();
        let t = [Table { rows }];
        let _ = parse_text(&garbage(seed, 50), &t);
    }
}

#[test]
fn truncated_reports_never_panic() {
    let full = report_pipes(&consistent_rows());
    let chars: Vec<(usize, char)> = full.char_indices().collect();
    for step in (0..chars.len()).step_by(7) {
        let cut = &full[..chars[step].0];
        let _ = parse_text(cut, &[]);
        let _ = parse_text(&full[chars[step].0..], &[]);
    }
    for text in [COLLAPSED_TAIL, "", "\n\n\n", "|||||", "\t\t\n\t", "四、"] {
        let _ = parse_text(text, &[]);
    }
}

const COLLAPSED_TAIL: &str =
    "三、收到和处理政府信息公开申请情况\n（六）其他处理 | ||||\n（七）总计 |";

#[test]
fn none_only_without_any_sign_of_the_tables() {
    assert!(parse_text("", &[]).is_none());
    assert!(parse_text("关于召开会议的通知\n请各单位准时参加。", &[]).is_none());
    assert!(parse_text("一、总体情况\n本年度工作顺利。", &[]).is_none());
    let p = parse_text("三、收到和处理政府信息公开申请情况\n无。", &[]).expect("some");
    assert!(has_warning(&p, "section3: table not found"));
    assert_eq!(row(&p, "new"), [None; 7]);
}

#[test]
fn huge_numbers_and_odd_cells() {
    let text = "三、收到和处理政府信息公开申请情况\n\
        一、本年新收政府信息公开申请数量 | 9223372036854775807 | 9223372036854775807 | 0 | 0 | 0 | 0 | 1\n\
        二、上年结转政府信息公开申请数量 | 99999999999999999999 | 0 | 0 | 0 | 0 | 0 | 0";
    let p = parse(text);
    assert_eq!(row(&p, "new")[0], Some(Num::Int(i64::MAX)));
    let c = check(&p, "section3.total_column.new").expect("check");
    assert!(!c.ok);
    // Too long to be a number: that cell is null, the others are placed.
    assert_eq!(row(&p, "carried_over")[0], None);
    assert_eq!(row(&p, "carried_over")[1..], ints([0; 6]));
    assert!(has_warning(
        &p,
        "section3.carried_over.natural_person: '99999999999999999999' is not a number"
    ));
}
