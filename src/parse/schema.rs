//! The parser's output: the `parsed` field of every exported record.
//!
//! Plain serde data whose keys are a contract with users' scripts (never
//! renamed). A value the parser cannot place with certainty is `None`
//! (JSON null) with a warning; a cell the layout shows as blank is 0.

use serde::{Deserialize, Serialize};

/// A number as printed: an integer (counts) or a decimal (万元).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Num {
    Int(i64),
    Dec(f64),
}

/// One table cell: a number, or `None` when it cannot be placed.
pub type Cell = Option<Num>;

/// Section 2 (一) rows in the 2021 format: 本年制发件数 · 本年废止件数 · 现行有效件数.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Documents {
    pub made: Cell,
    pub repealed: Cell,
    pub effective: Cell,
}

/// 二、主动公开政府信息情况 (2021 format; for 2019 reports, what maps: see `section2_2019`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Section2 {
    pub rules: Documents,
    pub normative_documents: Documents,
    /// 行政许可 本年处理决定数量.
    pub licensing: Cell,
    /// 行政处罚 本年处理决定数量.
    pub punishment: Cell,
    /// 行政强制 本年处理决定数量.
    pub coercion: Cell,
    /// 行政事业性收费 本年收费金额（万元）.
    pub fees_10k_yuan: Cell,
}

/// One row of section 3, by applicant column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Row3 {
    pub natural_person: Cell,
    pub commercial: Cell,
    pub research: Cell,
    pub public_interest: Cell,
    pub legal_service: Cell,
    pub other_org: Cell,
    pub total: Cell,
}

/// 三、收到和处理政府信息公开申请情况: 25 rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Section3 {
    pub new: Row3,
    pub carried_over: Row3,
    pub granted: Row3,
    pub partially_granted: Row3,
    pub denied_state_secret: Row3,
    pub denied_prohibited: Row3,
    pub denied_three_safety: Row3,
    pub denied_third_party: Row3,
    pub denied_internal: Row3,
    pub denied_process: Row3,
    pub denied_enforcement_file: Row3,
    pub denied_query: Row3,
    pub unable_not_held: Row3,
    pub unable_needs_creation: Row3,
    pub unable_unclear: Row3,
    pub not_processed_petition: Row3,
    pub not_processed_repeat: Row3,
    pub not_processed_publication: Row3,
    pub not_processed_excessive: Row3,
    pub not_processed_confirm: Row3,
    pub other_no_correction: Row3,
    pub other_no_fee: Row3,
    pub other_other: Row3,
    pub total: Row3,
    pub carried_forward: Row3,
}

/// 四、行政复议、行政诉讼: each `[upheld, corrected, other, pending, total]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Section4 {
    pub review: [Cell; 5],
    pub litigation_direct: [Cell; 5],
    pub litigation_after_review: [Cell; 5],
}

/// 2019 format, 第二十条第（一）项: 本年新制作数量 · 本年新公开数量 · 对外公开总数量.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Documents2019 {
    pub new_made: Cell,
    pub new_published: Cell,
    pub total_published: Cell,
}

/// 2019 format, (五)(六)(八): 上一年项目数量 · 本年增/减 · 处理决定数量.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Items2019 {
    pub last_year: Cell,
    pub change: Cell,
    pub decisions: Cell,
}

/// 2019 format, (九) 政府集中采购.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Procurement2019 {
    pub projects: Cell,
    pub amount_10k_yuan: Cell,
}

/// Section 2 of a 2019-format report, in its own columns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Section2In2019 {
    pub rules: Documents2019,
    pub normative_documents: Documents2019,
    pub licensing: Items2019,
    pub other_services: Items2019,
    pub punishment: Items2019,
    pub coercion: Items2019,
    /// 行政事业性收费: 上一年项目数量 · 本年增/减 (no decisions column).
    pub fees: Items2019,
    pub procurement: Procurement2019,
}

/// One arithmetic identity of the report, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

/// Everything the parser read from one report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parsed {
    /// "2021" or "2019".
    pub format: String,
    pub year: Option<i32>,
    pub organ: Option<String>,
    pub section2: Section2,
    pub section3: Section3,
    pub section4: Section4,
    pub checks: Vec<Check>,
    pub warnings: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section2_2019: Option<Section2In2019>,
}
