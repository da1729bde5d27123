//! Row labels of the report's tables → which row they are.
//!
//! In: a label cell's text, normalized and without whitespace. Out: the
//! section 3 row ([`match_row3`]: one of the 25 rows, the `（六）其他处理`
//! group, or a bare `总计` / `其他` that is only a row label in the right
//! place) or the section 2 row ([`match_row2`]). Also the accessors from a
//! row index to the fields of [`Section3`]. Never: match on a sentence (long
//! texts are not labels), or guess a row from its position.

use std::sync::LazyLock;

use regex::Regex;

use super::schema::{Cell, Row3, Section3};

/// The 25 rows of section 3, in table order, by their output field names.
pub(crate) const ROWS3: [&str; 25] = [
    "new",
    "carried_over",
    "granted",
    "partially_granted",
    "denied_state_secret",
    "denied_prohibited",
    "denied_three_safety",
    "denied_third_party",
    "denied_internal",
    "denied_process",
    "denied_enforcement_file",
    "denied_query",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "not_processed_petition",
    "not_processed_repeat",
    "not_processed_publication",
    "not_processed_excessive",
    "not_processed_confirm",
    "other_no_correction",
    "other_no_fee",
    "other_other",
    "total",
    "carried_forward",
];

/// The 25 rows of section 3 as the table names them, for warnings.
pub(crate) const NAMES3: [&str; 25] = [
    "一、本年新收",
    "二、上年结转",
    "（一）予以公开",
    "（二）部分公开",
    "不予公开 1.国家秘密",
    "不予公开 2.禁止公开",
    "不予公开 3.三安全一稳定",
    "不予公开 4.第三方合法权益",
    "不予公开 5.内部事务信息",
    "不予公开 6.过程性信息",
    "不予公开 7.行政执法案卷",
    "不予公开 8.行政查询事项",
    "无法提供 1.不掌握相关信息",
    "无法提供 2.需要另行制作",
    "无法提供 3.补正后仍不明确",
    "不予处理 1.信访举报投诉",
    "不予处理 2.重复申请",
    "不予处理 3.公开出版物",
    "不予处理 4.大量反复申请",
    "不予处理 5.确认或重新出具",
    "其他处理 1.逾期不补正",
    "其他处理 2.逾期未缴纳费用",
    "其他处理 3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
];

/// The seven applicant columns of section 3, by output field name.
pub(crate) const COLS3: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_service",
    "other_org",
    "total",
];

pub(crate) const NEW: usize = 0;
pub(crate) const CARRIED_OVER: usize = 1;
pub(crate) const GRANTED: usize = 2;
pub(crate) const NOT_PROCESSED_FIRST: usize = 15;
pub(crate) const OTHER_NO_CORRECTION: usize = 20;
pub(crate) const OTHER_NO_FEE: usize = 21;
pub(crate) const OTHER_OTHER: usize = 22;
pub(crate) const TOTAL: usize = 23;
pub(crate) const CARRIED_FORWARD: usize = 24;

/// What a section 3 label cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label3 {
    /// Unambiguously this row.
    Row(usize),
    /// A bare `总计` or `其他`: also a column header, so only a row label
    /// after the rows that precede it.
    Weak(usize),
    /// `（六）其他处理`: a group label (2021) or the single row (2019).
    OtherGroup,
}

static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:第[一二三四五六七八九十]+[部分项条]|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|[0-9]{1,2}[.、]|\([0-9]{1,2}\))",
    )
    .expect("static regex")
});

/// Does the text start like a numbered row label (`一、`, `(三)`, `1.`)?
pub(crate) fn starts_with_enumerator(t: &str) -> bool {
    ENUMERATOR.is_match(t)
}

/// The text without its leading enumerators (`(六)3.其他` → `其他`).
pub(crate) fn strip_enumerators(t: &str) -> &str {
    let mut s = t;
    while let Some(m) = ENUMERATOR.find(s) {
        if m.end() == 0 || m.end() >= s.len() {
            break;
        }
        s = &s[m.end()..];
    }
    s
}

/// Sentence punctuation: a cell holding it is narrative, not a row label.
fn is_sentence(t: &str) -> bool {
    t.contains(['。', ';', '；', '!', '?'])
}

/// Which section 3 row a label cell names.
pub(crate) fn match_row3(label: &str) -> Option<Label3> {
    if label.is_empty() || label.chars().count() > 80 || is_sentence(label) {
        return None;
    }
    let has = |k: &str| label.contains(k);
    let row = if has("本年新收") {
        NEW
    } else if has("上年结转") {
        CARRIED_OVER
    } else if has("结转下年度") || has("下年度继续") {
        CARRIED_FORWARD
    } else if has("逾期不补正") || (has("无正当理由") && has("补正")) {
        OTHER_NO_CORRECTION
    } else if has("缴纳费用") || has("收费通知") {
        OTHER_NO_FEE
    } else if has("予以公开") {
        GRANTED
    } else if has("部分公开") {
        3
    } else if has("国家秘密") {
        4
    } else if has("禁止公开") {
        5
    } else if has("三安全一稳定") || has("危及") {
        6
    } else if has("第三方") {
        7
    } else if has("内部事务") {
        8
    } else if has("过程性") {
        9
    } else if has("执法案卷") {
        10
    } else if has("查询事项") {
        11
    } else if has("不掌握") {
        12
    } else if has("另行制作") || has("没有现成") {
        13
    } else if has("仍不明确") || has("补正后") {
        14
    } else if has("信访") || has("举报投诉") {
        NOT_PROCESSED_FIRST
    } else if has("重复申请") {
        16
    } else if has("出版物") {
        17
    } else if has("大量反复") || has("反复申请") {
        18
    } else if has("重新出具") || has("确认或") {
        19
    } else if has("(七)总计") || has("七、总计") {
        TOTAL
    } else {
        let bare = strip_enumerators(label);
        if bare == "总计" || bare == "合计" {
            return Some(Label3::Weak(TOTAL));
        }
        if bare == "其他" && label != "其他" {
            // `3.其他`: numbered, so a row label.
            return Some(Label3::Row(OTHER_OTHER));
        }
        if bare == "其他" {
            return Some(Label3::Weak(OTHER_OTHER));
        }
        if has("其他处理") {
            return Some(Label3::OtherGroup);
        }
        return None;
    };
    Some(Label3::Row(row))
}

/// Is the text a section 3 row label or a numbered group label?
pub(crate) fn is_label3(t: &str) -> bool {
    starts_with_enumerator(t) || match_row3(t).is_some()
}

/// The rows of section 2 (both formats).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label2 {
    Rules,
    Normative,
    Licensing,
    OtherServices,
    Punishment,
    Coercion,
    Fees,
    Procurement,
}

impl Label2 {
    /// The row as the table names it, for warnings.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Label2::Rules => "规章",
            Label2::Normative => "规范性文件",
            Label2::Licensing => "行政许可",
            Label2::OtherServices => "其他对外管理服务事项",
            Label2::Punishment => "行政处罚",
            Label2::Coercion => "行政强制",
            Label2::Fees => "行政事业性收费",
            Label2::Procurement => "政府集中采购",
        }
    }
}

/// Which section 2 row a label cell names.
pub(crate) fn match_row2(label: &str) -> Option<Label2> {
    if label.is_empty() || label.chars().count() > 24 || is_sentence(label) {
        return None;
    }
    let has = |k: &str| label.contains(k);
    Some(if has("规范性文件") {
        Label2::Normative
    } else if has("规章") {
        Label2::Rules
    } else if has("行政许可") {
        Label2::Licensing
    } else if has("对外管理服务") {
        Label2::OtherServices
    } else if has("行政处罚") {
        Label2::Punishment
    } else if has("行政强制") {
        Label2::Coercion
    } else if has("事业性收费") {
        Label2::Fees
    } else if has("集中采购") {
        Label2::Procurement
    } else {
        return None;
    })
}

/// Is the text a section 2 row label or a numbered item heading?
pub(crate) fn is_label2(t: &str) -> bool {
    starts_with_enumerator(t) || match_row2(t).is_some() || t.contains("第二十条")
}

/// The row of `s` at index `i` of [`ROWS3`].
pub(crate) fn row3_mut(s: &mut Section3, i: usize) -> Option<&mut Row3> {
    Some(match i {
        0 => &mut s.new,
        1 => &mut s.carried_over,
        2 => &mut s.granted,
        3 => &mut s.partially_granted,
        4 => &mut s.denied_state_secret,
        5 => &mut s.denied_prohibited,
        6 => &mut s.denied_three_safety,
        7 => &mut s.denied_third_party,
        8 => &mut s.denied_internal,
        9 => &mut s.denied_process,
        10 => &mut s.denied_enforcement_file,
        11 => &mut s.denied_query,
        12 => &mut s.unable_not_held,
        13 => &mut s.unable_needs_creation,
        14 => &mut s.unable_unclear,
        15 => &mut s.not_processed_petition,
        16 => &mut s.not_processed_repeat,
        17 => &mut s.not_processed_publication,
        18 => &mut s.not_processed_excessive,
        19 => &mut s.not_processed_confirm,
        20 => &mut s.other_no_correction,
        21 => &mut s.other_no_fee,
        22 => &mut s.other_other,
        23 => &mut s.total,
        24 => &mut s.carried_forward,
        _ => return None,
    })
}

/// The row of `s` at index `i` of [`ROWS3`], as its seven cells.
pub(crate) fn row3(s: &Section3, i: usize) -> [Cell; 7] {
    let rows: [&Row3; 25] = [
        &s.new,
        &s.carried_over,
        &s.granted,
        &s.partially_granted,
        &s.denied_state_secret,
        &s.denied_prohibited,
        &s.denied_three_safety,
        &s.denied_third_party,
        &s.denied_internal,
        &s.denied_process,
        &s.denied_enforcement_file,
        &s.denied_query,
        &s.unable_not_held,
        &s.unable_needs_creation,
        &s.unable_unclear,
        &s.not_processed_petition,
        &s.not_processed_repeat,
        &s.not_processed_publication,
        &s.not_processed_excessive,
        &s.not_processed_confirm,
        &s.other_no_correction,
        &s.other_no_fee,
        &s.other_other,
        &s.total,
        &s.carried_forward,
    ];
    rows.get(i).map_or([None; 7], |r| row_cells(r))
}

/// A row's cells in column order.
pub(crate) fn row_cells(r: &Row3) -> [Cell; 7] {
    [
        r.natural_person,
        r.commercial,
        r.research,
        r.public_interest,
        r.legal_service,
        r.other_org,
        r.total,
    ]
}

/// A row from cells in column order (missing cells are null).
pub(crate) fn row_from(cells: &[Cell]) -> Row3 {
    let c = |i: usize| cells.get(i).copied().flatten();
    Row3 {
        natural_person: c(0),
        commercial: c(1),
        research: c(2),
        public_interest: c(3),
        legal_service: c(4),
        other_org: c(5),
        total: c(6),
    }
}
