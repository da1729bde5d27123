//! Page kind, as the crawl needs it: is this page (or link) an annual
//! disclosure report?
//!
//! In: a title or link text, and optionally the decoded page. Out: a
//! [`PageKind`]. Never: count a notice *about* the reports, a 法治政府建设年度报告,
//! an enterprise 年报, a 政府工作报告 or a 决算 as a report.
//!
//! This is the crawl's first-pass classifier (title + standard section
//! headings). The full classifier with reasons, year and organ belongs to
//! page understanding and replaces this one behind the same function.

/// What a fetched page is, for the crawl's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    AnnualReport,
    Other,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::AnnualReport => "annual_report",
            PageKind::Other => "other",
        }
    }
}

const NEGATIVE: &[&str] = &[
    "通知",
    "编制",
    "报送",
    "自查",
    "法治政府",
    "法治建设",
    "企业",
    "公示",
    "决算",
    "预算",
    "统计公报",
    "工作要点",
    "政府工作报告",
    "征集",
    "督查",
    "考核",
    "网站年度工作报表",
    "情况的通报",
    "通报",
];

/// Whether a title (or link text) names a disclosure annual report, in
/// Simplified or Traditional script.
pub fn is_report_title(title: &str) -> bool {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let disclosure = t.contains("信息公开")
        || t.contains("資訊公開")
        || t.contains("信息公開")
        || t.contains("政务公开")
        || t.contains("政務公開");
    let annual = t.contains("年度报告")
        || t.contains("年度報告")
        || t.contains("年报")
        || t.contains("年報");
    disclosure && annual && has_year(&t) && !NEGATIVE.iter().any(|n| t.contains(n))
}

/// Whether the text names a year (`2024年`, `二〇二四年`): a report's title
/// does, the column that lists the reports does not.
fn has_year(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    chars.windows(5).any(|w| {
        w[4] == '年'
            && (w[..4].iter().all(|c| c.is_ascii_digit())
                || w[..4]
                    .iter()
                    .all(|c| "〇○零一二三四五六七八九".contains(*c)))
    })
}

/// Whether a URL path looks like a report column (`xxgknb`, `zfxxgkndbg`, …).
pub fn is_report_path(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    ["xxgknb", "gknb", "ndbg", "zfxxgkndbg", "nianbao"]
        .iter()
        .any(|k| p.contains(k))
}

/// The standard section headings of the national format, of which a report
/// body carries most.
const SECTIONS: &[&str] = &[
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
];

/// Classify a fetched page from its title and decoded text.
pub fn classify_page(title: Option<&str>, text: &str) -> PageKind {
    let sections = SECTIONS.iter().filter(|s| text.contains(*s)).count();
    match title {
        Some(t) if is_report_title(t) => PageKind::AnnualReport,
        Some(t) if NEGATIVE.iter().any(|n| t.contains(n)) => PageKind::Other,
        _ if sections >= 4 => PageKind::AnnualReport,
        _ => PageKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports() {
        for t in [
            "城关镇人民政府2024年政府信息公开工作年度报告",
            "2024年政府信息公开工作年度报告",
            "XX县2023年度政府信息公开年报",
            "涼山鄉2022年政府信息公開工作年度報告",
            "二〇二三年度政府信息公开工作年度报告",
        ] {
            assert!(is_report_title(t), "{t}");
        }
    }

    #[test]
    fn column_names_are_not_reports() {
        for t in ["政府信息公开年报", "政府信息公开工作年度报告_XX县人民政府"]
        {
            assert!(!is_report_title(t), "{t}");
            assert_eq!(classify_page(Some(t), "<a>2024年报</a>"), PageKind::Other);
        }
    }

    #[test]
    fn negatives() {
        for t in [
            "关于做好2024年政府信息公开工作年度报告编制工作的通知",
            "XX县2024年法治政府建设年度报告",
            "2024年政府工作报告",
            "XX公司企业年度报告公示",
            "2023年部门决算",
            "2024年国民经济和社会发展统计公报",
        ] {
            assert!(!is_report_title(t), "{t}");
            assert_eq!(classify_page(Some(t), ""), PageKind::Other, "{t}");
        }
    }

    #[test]
    fn body_headings_find_untitled_reports() {
        let body = "一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 \
                    四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项";
        assert_eq!(classify_page(Some("年报"), body), PageKind::AnnualReport);
        assert_eq!(classify_page(None, "新闻"), PageKind::Other);
    }

    #[test]
    fn report_paths() {
        assert!(is_report_path("/zfxxgk/zfxxgknb/xj/1.html"));
        assert!(is_report_path("/zwgk/NDBG/"));
        assert!(!is_report_path("/xwzx/index.html"));
    }
}
