//! Unit tests of the report-table parser, on inline excerpts written for
//! these tests (one per layout), generated full tables, table-cell input
//! and garbage.

mod formats;
mod layouts;
mod placement;
mod robust;
mod spans;
mod tables;

use super::labels::{row3, ROWS3};
use super::parse_text;
use super::schema::{Cell, Num, Parsed};

/// Parse `text` (no tables), which must be recognized.
fn parse(text: &str) -> Parsed {
    parse_text(text, &[]).expect("recognized as a report")
}

/// Integer cells.
fn ints<const N: usize>(v: [i64; N]) -> [Cell; N] {
    v.map(|i| Some(Num::Int(i)))
}

/// Section 3 row by name.
fn row(p: &Parsed, name: &str) -> [Cell; 7] {
    let i = ROWS3.iter().position(|r| *r == name).expect("row name");
    row3(&p.section3, i)
}

fn has_warning(p: &Parsed, needle: &str) -> bool {
    p.warnings.iter().any(|w| w.contains(needle))
}

fn check<'a>(p: &'a Parsed, name: &str) -> Option<&'a super::schema::Check> {
    p.checks.iter().find(|c| c.name == name)
}

/// Row labels of section 3 in the 2021 format, as a one-row-per-line table
/// prints them (group label in the first cell of the group's first row).
const LABELS_2021: [&str; 25] = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果 | （一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开 | 1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供 | 1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理 | 1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
];

/// A consistent section 3: every row's values (7 columns).
fn consistent_rows() -> [[i64; 7]; 25] {
    let mut rows = [[0i64; 7]; 25];
    rows[0] = [10, 2, 0, 0, 1, 0, 13]; // new
    rows[1] = [1, 0, 0, 0, 0, 0, 1]; // carried over
    rows[2] = [5, 1, 0, 0, 1, 0, 7]; // granted
    rows[3] = [2, 0, 0, 0, 0, 0, 2]; // partially
    rows[12] = [2, 1, 0, 0, 0, 0, 3]; // not held
    rows[22] = [1, 0, 0, 0, 0, 0, 1]; // other
    rows[23] = [10, 2, 0, 0, 1, 0, 13]; // total
    rows[24] = [1, 0, 0, 0, 0, 0, 1]; // carried forward
    rows
}

/// A 2021-format report, tables one row per line with ` | ` between cells
/// (empty cells kept).
fn report_pipes(rows: &[[i64; 7]; 25]) -> String {
    let mut s = String::from(
        "某某县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n2024年，我县认真落实条例。\n\
         二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n\
         规章 | 0 | 0 | 0\n行政规范性文件 | 3 | 1 | 45\n第二十条第（五）项\n信息内容 | 本年处理决定数量\n\
         行政许可 | 12\n第二十条第（六）项\n信息内容 | 本年处理决定数量\n行政处罚 | 7\n行政强制 | 0\n\
         第二十条第（八）项\n信息内容 | 本年收费金额（单位：万元）\n行政事业性收费 | 12.5\n\
         三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况\n\
         自然人 | 法人或其他组织 | 总计\n商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他\n",
    );
    for (label, vals) in LABELS_2021.iter().zip(rows) {
        let v: Vec<String> = vals.iter().map(i64::to_string).collect();
        s.push_str(&format!("{label} | {}\n", v.join(" | ")));
    }
    s.push_str(
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼\n\
         结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉\n\
         结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计\n\
         1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0\n\
         五、存在的主要问题及改进情况\n公开质量有待提高。\n六、其他需要报告的事项\n无。\n某某县人民政府\n2025年1月20日\n",
    );
    s
}
