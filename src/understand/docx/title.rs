//! Choosing a document's title from its first lines.
//!
//! Exists because DOCX and PDF readers share one rule for what a title
//! looks like (short, no sentence punctuation, a two-line
//! `XX县人民政府` + `…年度报告` title joined). In: the first lines of a
//! document's text. Out: the title, or `None` when the first line is not
//! title-like. Must never guess from further down the document (a body
//! sentence is not a title) and never alter the lines it is given.

/// Pick a title from the first lines of a document: the first line if it is
/// short and has no sentence punctuation; joined with the second line when
/// the first does not name the report and the second does
/// (`XX县人民政府` + `2023年政府信息公开工作年度报告`). Also used by the PDF
/// reader.
pub(crate) fn title_from_lines(lines: &[&str]) -> Option<String> {
    let mut it = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty());
    let first = it.next()?;
    if !looks_like_title(first) {
        return None;
    }
    if !first.contains("报告") && !first.contains("報告") {
        if let Some(second) = it.next() {
            if looks_like_title(second)
                && (second.contains("报告") || second.contains("報告"))
                && first.chars().count() + second.chars().count() <= 80
            {
                return Some(format!("{first}{second}"));
            }
        }
    }
    Some(first.to_string())
}

fn looks_like_title(line: &str) -> bool {
    let n = line.chars().count();
    let limit = if line.contains("年度报告") || line.contains("年度報告") {
        80
    } else {
        40
    };
    (2..=limit).contains(&n)
        && !line.contains(['。', '，', '；', '！', '？', ',', ';', '!', '?', '|'])
        && !line.ends_with(['：', ':'])
}
