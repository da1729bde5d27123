//! DOCX reader tests. The archives are built here with `zip` (no files
//! needed); the official template in `/work/shared/real` is used when
//! present.

use std::io::{Cursor, Write};

use super::*;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn para(text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
    )
}

fn cell(text: &str, props: &str) -> String {
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"#
    )
}

fn sample() -> Vec<u8> {
    let table = format!(
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
         <w:tr>{}{}{}</w:tr>\
         <w:tr>{}{}{}{}</w:tr>\
         <w:tr>{}{}{}{}</w:tr>\
         <w:tr>{}{}</w:tr>\
         </w:tbl>",
        cell("信息内容", r#"<w:vMerge w:val="restart"/>"#),
        cell("申请人情况", r#"<w:gridSpan w:val="2"/>"#),
        cell("总计", r#"<w:vMerge w:val="restart"/>"#),
        cell("", "<w:vMerge/>"),
        cell("自然人", ""),
        cell("法人", ""),
        cell("", r#"<w:vMerge w:val="continue"/>"#),
        cell("新收申请", ""),
        cell("3", ""),
        cell("1", ""),
        cell("4", ""),
        cell("", ""),
        cell("", ""),
    );
    let body = format!(
        "{}{}{}{}{}{}",
        para("XX县人民政府"),
        para("2023年政府信息公开工作年度报告"),
        r#"<w:p><w:r><w:t>一、</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>总体情况</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t xml:space="preserve">本年度  共公开</w:t><w:tab/><w:t>信息 12 条 &amp; 解读&#x4E00;件。</w:t><w:br/><w:t>第二行</w:t></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del></w:p>"#,
        table,
        para("二、其他"),
    );
    docx(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/document.xml", &document_xml(&body)),
    ])
}

#[test]
fn paragraphs_and_merged_table() {
    let doc = extract(&sample());
    assert_eq!(doc.readability, Readability::Ok);
    assert_eq!(doc.source_type, SourceType::Docx);
    let lines: Vec<&str> = doc.body.lines().collect();
    assert_eq!(
        lines,
        vec![
            "XX县人民政府",
            "2023年政府信息公开工作年度报告",
            "一、总体情况",
            "本年度 共公开 信息 12 条 & 解读一件。",
            "第二行",
            "信息内容 | 申请人情况 |  | 总计",
            " | 自然人 | 法人",
            "新收申请 | 3 | 1 | 4",
            "二、其他",
        ]
    );
    assert_eq!(doc.tables.len(), 1);
    assert_eq!(
        doc.tables[0].rows,
        vec![
            vec!["信息内容", "申请人情况", "", "总计"],
            vec!["", "自然人", "法人"],
            vec!["新收申请", "3", "1", "4"],
        ]
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("XX县人民政府2023年政府信息公开工作年度报告")
    );
}

#[test]
fn title_only_when_title_like() {
    let body = format!(
        "{}{}",
        para("在县委、县政府的正确领导下，我乡认真贯彻落实条例。"),
        para("一、总体情况")
    );
    let doc = extract(&docx(&[("word/document.xml", &document_xml(&body))]));
    assert_eq!(doc.title, None);
    let body = para("2023年政府信息公开工作年度报告");
    let doc = extract(&docx(&[("word/document.xml", &document_xml(&body))]));
    assert_eq!(doc.title.as_deref(), Some("2023年政府信息公开工作年度报告"));
}

#[test]
fn text_box_fallback_read_once_and_grid_before() {
    let body = r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:tbl><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"#;
    let doc = extract(&docx(&[("word/document.xml", &document_xml(body))]));
    assert_eq!(doc.body, "文本框\n正文\n | a b");
    assert_eq!(doc.tables[0].rows, vec![vec!["", "a b"]]);
}

#[test]
fn nested_table_is_flattened_into_its_cell() {
    let body = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>内2</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>";
    let doc = extract(&docx(&[("word/document.xml", &document_xml(body))]));
    assert_eq!(doc.body, "外 | 内1 内2");
    assert_eq!(doc.tables.len(), 1);
}

#[test]
fn corrupt_and_missing_parts_fail() {
    for bytes in [
        &b""[..],
        b"PK\x03\x04garbage",
        b"not a zip at all",
        &sample()[..200],
    ] {
        let doc = extract(bytes);
        assert!(
            matches!(doc.readability, Readability::Failed(_)),
            "{:?}",
            doc.readability
        );
    }
    let doc = extract(&docx(&[("[Content_Types].xml", CONTENT_TYPES)]));
    assert_eq!(
        doc.readability,
        Readability::Failed("DOCX has no word/document.xml".into())
    );
    let doc = extract(&docx(&[(
        "word/document.xml",
        "<w:document><w:body><w:p><w:t>x</w:t></w:p>",
    )]));
    // Unclosed elements at the end: what was read is kept.
    assert_eq!(doc.readability, Readability::Ok);
    assert_eq!(doc.body, "x");
    let doc = extract(&docx(&[(
        "word/document.xml",
        "<w:document><w:body><w:p><w:t>x</w:t></w:p",
    )]));
    assert!(
        matches!(doc.readability, Readability::Failed(_)),
        "{:?}",
        doc.readability
    );
}

#[test]
fn main_part_found_through_rels() {
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
    let doc = extract(&docx(&[
        ("_rels/.rels", rels),
        ("word/document2.xml", &document_xml(&para("正文"))),
    ]));
    assert_eq!(doc.body, "正文");
}

#[test]
fn zip_bomb_refused() {
    // A highly compressible document.xml just over the limit.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file("word/document.xml", opts).unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..=64 {
        w.write_all(&chunk).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < 1024 * 1024);
    match extract(&bytes).readability {
        Readability::Failed(reason) => assert!(reason.contains("too large"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

/// The official 2021-format template (three empty tables), when the
/// shared material is present; skipped silently otherwise.
#[test]
fn real_template_tables() {
    let Ok(bytes) =
        std::fs::read("/work/shared/real/govnianbao_zhengwugongkai_nianbao_template.docx")
    else {
        return;
    };
    let doc = extract(&bytes);
    assert_eq!(doc.readability, Readability::Ok);
    assert_eq!(doc.tables.len(), 3, "{}", doc.body);
    let first = doc.tables[0].to_lines().join("\n");
    assert!(
        first.contains("第二十条第（一）项") || first.contains("第二十条 第（一）项"),
        "{first}"
    );
    assert!(first.contains("本年制发件数"), "{first}");
    let second = doc.tables[1].to_lines().join("\n");
    assert!(second.contains("申请人情况"), "{second}");
    assert!(second.contains("自然人"), "{second}");
    let third = doc.tables[2].to_lines().join("\n");
    assert!(third.contains("行政复议"), "{third}");
    assert!(third.contains("行政诉讼"), "{third}");
    assert!(doc.body.contains("一、总体情况"));
}
