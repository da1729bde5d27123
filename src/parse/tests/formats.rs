//! The 2019 format, identities, year and organ.

use super::*;

/// A 2019-format report (item (九) 政府集中采购, 本年增/减 with a negative
/// change, a single 其他处理 row), one row per line.
const REPORT_2019: &str = "某某街道办事处2019年政府信息公开工作年度报告
一、总体情况
本报告统计期限自2019年1月1日起至2019年12月31日止。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量
规章 | 0 | 0 | 0
规范性文件 | 4 | 4 | 30
第二十条第（五）项
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量
行政许可 | 12 | －2 | 150
其他对外管理服务事项 | 3 | 0 | 8
第二十条第（六）项
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量
行政处罚 | 20 | 1 | 66
行政强制 | 2 | 0 | 1
第二十条第（八）项
信息内容 | 上一年项目数量 | 本年增/减
行政事业性收费 | 1 | 0
第二十条第（九）项
信息内容 | 采购项目数量 | 采购总金额
政府集中采购 | 4 | 35.6
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2
二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0
三、本年度办理结果 | （一）予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1
（六）其他处理 | 1 | 0 | 0 | 0 | 0 | 0 | 1
（七）总计 | 2 | 0 | 0 | 0 | 0 | 0 | 2
四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0
四、政府信息公开行政复议、行政诉讼情况
行政复议 | 行政诉讼
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉
0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0
五、存在的主要问题及改进情况
";

#[test]
fn format_2019_is_mapped() {
    let p = parse(REPORT_2019);
    assert_eq!(p.format, "2019");
    assert_eq!(p.year, Some(2019));
    assert_eq!(p.organ.as_deref(), Some("某某街道办事处"));
    let s = p.section2_2019.as_ref().expect("section2_2019");
    assert_eq!(s.normative_documents.new_made, Some(Num::Int(4)));
    assert_eq!(s.normative_documents.total_published, Some(Num::Int(30)));
    assert_eq!(s.licensing.last_year, Some(Num::Int(12)));
    assert_eq!(s.licensing.change, Some(Num::Int(-2)));
    assert_eq!(s.licensing.decisions, Some(Num::Int(150)));
    assert_eq!(s.other_services.decisions, Some(Num::Int(8)));
    assert_eq!(s.punishment.decisions, Some(Num::Int(66)));
    assert_eq!(s.coercion.last_year, Some(Num::Int(2)));
    assert_eq!(s.fees.last_year, Some(Num::Int(1)));
    assert_eq!(s.fees.decisions, None);
    assert_eq!(s.procurement.projects, Some(Num::Int(4)));
    assert_eq!(s.procurement.amount_10k_yuan, Some(Num::Dec(35.6)));
    // What maps into the 2021 fields.
    assert_eq!(p.section2.rules.made, Some(Num::Int(0)));
    assert_eq!(p.section2.normative_documents.made, Some(Num::Int(4)));
    assert_eq!(p.section2.normative_documents.repealed, None);
    assert_eq!(p.section2.normative_documents.effective, None);
    assert_eq!(p.section2.licensing, Some(Num::Int(150)));
    assert_eq!(p.section2.punishment, Some(Num::Int(66)));
    assert_eq!(p.section2.coercion, Some(Num::Int(1)));
    assert_eq!(p.section2.fees_10k_yuan, None);
    // Section 3: one 其他处理 row, said once.
    assert_eq!(row(&p, "other_other"), ints([1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(row(&p, "other_no_correction"), [None; 7]);
    assert_eq!(row(&p, "other_no_fee"), [None; 7]);
    assert!(has_warning(
        &p,
        "2019 format: 其他处理 is one row, read as other_other"
    ));
    assert!(!has_warning(&p, "other_no_correction"));
    assert!(check(&p, "section3.identity.total").is_some_and(|c| c.ok));
    assert!(check(&p, "section3.total_column.other_no_fee").is_none());
}

#[test]
fn failing_identities_give_the_numbers() {
    let mut rows = consistent_rows();
    rows[0][0] = 11; // new.natural_person: 11 + 1 != 10 + 1, and the row no longer adds up
    let p = parse(&report_pipes(&rows));
    let c = check(&p, "section3.identity.natural_person").expect("identity");
    assert!(!c.ok);
    assert_eq!(c.detail, "11 + 1 = 12 != 11 = 10 + 1");
    let c = check(&p, "section3.total_column.new").expect("total column");
    assert!(!c.ok);
    assert_eq!(c.detail, "11 + 2 + 0 + 0 + 1 + 0 = 14 != 13 = 13");
    assert!(check(&p, "section3.identity.commercial").is_some_and(|c| c.ok));
    assert!(check(&p, "section4.review.total").is_some_and(|c| c.ok));
}

#[test]
fn failing_section4_total() {
    let text = report_pipes(&consistent_rows()).replace(
        "1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 1 | 1",
        "1 | 0 | 0 | 1 | 5 | 0 | 0 | 0 | 1 | 1",
    );
    let p = parse(&text);
    let c = check(&p, "section4.review.total").expect("check");
    assert!(!c.ok);
    assert_eq!(c.detail, "1 + 0 + 0 + 1 = 2 != 5 = 5");
}

#[test]
fn year_and_organ_from_signature_and_caller() {
    let text = "一、总体情况\n2022年,我乡认真落实。\n三、收到和处理政府信息公开申请情况\n\
                一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n\
                六、其他需要报告的事项\n无。\n凉山乡人民政府\n2023年1月12日";
    let p = parse(text);
    assert_eq!(p.year, Some(2022));
    assert_eq!(p.organ.as_deref(), Some("凉山乡人民政府"));
    let input = crate::parse::ParseInput {
        text: "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
        tables: &[],
        source_type: "pdf",
        title: Some("2021年度瓦亭镇人民政府政府信息公开工作年度报告"),
        year: Some(2020),
        organ: Some("某单位"),
    };
    let p = crate::parse::parse_report(&input).expect("parsed");
    assert_eq!(p.year, Some(2021));
    assert_eq!(p.organ.as_deref(), Some("瓦亭镇人民政府"));
    let input = crate::parse::ParseInput {
        title: None,
        ..input
    };
    let p = crate::parse::parse_report(&input).expect("parsed");
    assert_eq!(p.year, Some(2020));
    assert_eq!(p.organ.as_deref(), Some("某单位"));
}

#[test]
fn traditional_title_gives_simplified_organ() {
    let text = "涼(liáng)山鄉(xiāng)人民政府2022年政府信息公開(kāi)工作年度報(bào)告\n\
                三、收到和處(chǔ)理政府信息公開(kāi)申請(qǐng)情況(kuàng)\n\
                一、本年新收政府信息公開(kāi)申請(qǐng)數(shù)量(liàng) | 0 | 0 | 0 | 0 | 0 | 0 | 0";
    let p = parse(text);
    assert_eq!(p.organ.as_deref(), Some("凉山乡人民政府"));
    assert_eq!(p.year, Some(2022));
}

#[test]
fn serializes_with_the_schema_keys() {
    let p = parse(&report_pipes(&consistent_rows()));
    let v = serde_json::to_value(&p).expect("json");
    assert_eq!(v["format"], "2021");
    assert_eq!(v["section3"]["new"]["total"], 13);
    assert_eq!(v["section2"]["fees_10k_yuan"], 12.5);
    assert!(v.get("section2_2019").is_none());
    let parser = crate::parse::default_parser();
    assert_eq!(parser.name(), "report-tables/1");
}
