//! PDF reader tests. The PDFs are built here with lopdf (no files needed);
//! the real report in `/work/shared/real` is used when present.

mod build;

use pdf_extract::{Dictionary, Object, Stream, StringFormat};

use super::*;
use build::{dict, fonts, gbk, hex, name, nums, ucs2, Builder};

/// Two pages of Helvetica text, with a table row and page numbers.
fn text_pdf() -> Vec<u8> {
    let mut b = Builder::new();
    let f1 = b.helvetica();
    b.page(
        b"BT /F1 16 Tf 72 780 Td (2023 Annual Report) Tj ET\n\
          BT /F1 11 Tf 72 740 Td (Section one: an overview of the work done this year.) Tj\n\
          0 -16 Td (The office published   126 items.) Tj ET\n\
          BT /F1 11 Tf 300 700 Td (447228) Tj ET\n\
          BT /F1 11 Tf 72 700 Td (Licences) Tj ET\n\
          0 0 1 rg 72 600 100 20 re f\n\
          BT /F1 10 Tf 280 40 Td (- 1 -) Tj ET",
        fonts(vec![("F1", f1)]),
        vec![],
    );
    b.page(
        b"BT /F1 11 Tf 72 780 Td [(Section) -250 (two: requests received and answered.)] TJ ET\n\
          BT /F1 10 Tf 280 40 Td (- 2 -) Tj ET",
        fonts(vec![("F1", f1)]),
        vec![],
    );
    b.finish()
}

#[test]
fn text_pdf_lines_in_reading_order() {
    let doc = extract(&text_pdf());
    assert_eq!(doc.readability, Readability::Ok, "{}", doc.body);
    assert_eq!(doc.source_type, SourceType::Pdf);
    assert_eq!(
        doc.body.lines().collect::<Vec<_>>(),
        vec![
            "2023 Annual Report",
            "Section one: an overview of the work done this year.",
            "The office published 126 items.",
            "Licences 447228",
            "Section two: requests received and answered.",
        ]
    );
    assert_eq!(doc.title.as_deref(), Some("2023 Annual Report"));
    assert!(doc.tables.is_empty());
    assert!(doc.fields.is_empty());
}

fn image_only_pdf(pages: usize) -> Vec<u8> {
    let mut b = Builder::new();
    let image = b.add(Stream::new(
        dict(vec![
            ("Type", name("XObject")),
            ("Subtype", name("Image")),
            ("Width", Object::Integer(2)),
            ("Height", Object::Integer(2)),
            ("ColorSpace", name("DeviceGray")),
            ("BitsPerComponent", Object::Integer(8)),
        ]),
        vec![0, 255, 255, 0],
    ));
    for _ in 0..pages {
        let mut xobjects = Dictionary::new();
        xobjects.set("Im1", Object::Reference(image));
        b.page(
            b"q 595 0 0 842 0 0 cm /Im1 Do Q",
            dict(vec![("XObject", Object::Dictionary(xobjects))]),
            vec![],
        );
    }
    b.finish()
}

#[test]
fn image_only_pdf_needs_ocr() {
    let doc = extract(&image_only_pdf(3));
    assert_eq!(
        doc.readability,
        Readability::NeedsOcr("image-only PDF: 3 pages, 0 chars of text, 3 images".into())
    );
    assert_eq!(doc.body, "");
    assert_eq!(doc.title, None);
}

#[test]
fn garbage_and_truncated_pdfs_fail() {
    let text = text_pdf();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("garbage", (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect()),
        ("header only", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec()),
        ("header and junk", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF".to_vec()),
        ("truncated", text[..text.len() / 2].to_vec()),
        ("truncated short", text[..200].to_vec()),
        ("html", b"<html><body>404 Not Found</body></html>".to_vec()),
    ];
    for (what, bytes) in cases {
        let doc = extract(&bytes);
        assert!(
            matches!(doc.readability, Readability::Failed(_)),
            "{what}: {:?} {:?}",
            doc.readability,
            doc.body
        );
    }
}

#[test]
fn never_panics_on_mangled_files() {
    // Flip bytes all over a valid file: every outcome is fine but a panic.
    let text = text_pdf();
    for step in [7usize, 13, 31, 97] {
        let mut bytes = text.clone();
        for i in (0..bytes.len()).step_by(step) {
            bytes[i] = bytes[i].wrapping_add(1);
        }
        let _ = extract(&bytes);
    }
    for cut in (100..text.len()).step_by(97) {
        let _ = extract(&text[..cut]);
    }
}

#[test]
fn too_large_is_refused_without_parsing() {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(MAX_PDF_BYTES + 1, b' ');
    match extract(&bytes).readability {
        Readability::Failed(reason) => assert!(reason.contains("too large"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn predefined_chinese_cmaps_are_decoded() {
    let mut b = Builder::new();
    let ucs = b.cid_font("UniGB-UCS2-H");
    let gb = b.cid_font("GBK-EUC-H");
    let content = format!(
        "BT /F1 16 Tf 100 780 Td {} Tj ET\n\
         BT /F1 12 Tf 72 740 Td {} Tj ET\n\
         BT /F2 12 Tf 72 720 Td {} Tj ET\n\
         BT /F2 12 Tf 72 700 Td [{} 120 {}] TJ ET",
        ucs2("政府信息公开工作年度报告"),
        ucs2("一、总体情况"),
        gbk("2024年，本机关主动公开政府信息126条。"),
        gbk("二、主动公开"),
        gbk("政府信息情况"),
    );
    b.page(
        content.as_bytes(),
        fonts(vec![("F1", ucs), ("F2", gb)]),
        vec![],
    );
    let doc = extract(&b.finish());
    assert_eq!(doc.readability, Readability::Ok, "{}", doc.body);
    assert_eq!(
        doc.body.lines().collect::<Vec<_>>(),
        vec![
            "政府信息公开工作年度报告",
            "一、总体情况",
            "2024年，本机关主动公开政府信息126条。",
            "二、主动公开政府信息情况",
        ]
    );
    assert_eq!(doc.title.as_deref(), Some("政府信息公开工作年度报告"));
}

#[test]
fn cid_font_without_to_unicode_needs_ocr() {
    let mut b = Builder::new();
    let f = b.cid_font("Identity-H");
    let codes: Vec<u8> = (0x1000u16..0x1040).flat_map(u16::to_be_bytes).collect();
    let content = format!("BT /F1 12 Tf 72 740 Td {} Tj ET", hex(&codes));
    b.page(content.as_bytes(), fonts(vec![("F1", f)]), vec![]);
    match extract(&b.finish()).readability {
        Readability::NeedsOcr(reason) => {
            assert!(reason.contains("without Unicode mapping"), "{reason}");
            assert!(reason.contains("64 of 64 glyphs"), "{reason}");
            assert!(reason.contains("Identity-H without ToUnicode"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unsupported_cmap_text_is_dropped_not_fatal() {
    let mut b = Builder::new();
    let jp = b.cid_font("90ms-RKSJ-H");
    let f1 = b.helvetica();
    let content = format!(
        "BT /F1 12 Tf 72 740 Td {} Tj ET BT /F2 12 Tf 72 700 Td (Readable text on the same page, long enough.) Tj ET",
        hex(b"\x82\xa0\x82\xa2")
    );
    b.page(
        content.as_bytes(),
        fonts(vec![("F1", jp), ("F2", f1)]),
        vec![],
    );
    let doc = extract(&b.finish());
    assert_eq!(doc.readability, Readability::Ok);
    assert_eq!(doc.body, "Readable text on the same page, long enough.");
}

#[test]
fn form_xobject_cycles_are_cut() {
    let mut b = Builder::new();
    let f1 = b.helvetica();
    let form_id = b.doc.new_object_id();
    let mut xobjects = Dictionary::new();
    xobjects.set("Fm1", Object::Reference(form_id));
    let form_resources = dict(vec![
        ("XObject", Object::Dictionary(xobjects.clone())),
        (
            "Font",
            fonts(vec![("F1", f1)]).get(b"Font").unwrap().clone(),
        ),
    ]);
    let form = Stream::new(
        dict(vec![
            ("Type", name("XObject")),
            ("Subtype", name("Form")),
            ("BBox", nums(&[0.0, 0.0, 595.0, 842.0])),
            ("Resources", Object::Dictionary(form_resources)),
        ]),
        b"/Fm1 Do BT /F1 12 Tf 72 700 Td (Text inside a form that draws itself.) Tj ET".to_vec(),
    );
    b.doc.objects.insert(form_id, Object::Stream(form));
    b.page(
        b"/Fm1 Do /Missing Do",
        dict(vec![("XObject", Object::Dictionary(xobjects))]),
        vec![],
    );
    let doc = extract(&b.finish());
    assert_eq!(doc.readability, Readability::Ok, "{}", doc.body);
    assert_eq!(doc.body, "Text inside a form that draws itself.");
}

#[test]
fn encrypted_with_unknown_password_fails() {
    let mut b = Builder::new();
    let f1 = b.helvetica();
    b.page(
        b"BT /F1 12 Tf 72 700 Td (Secret text that nobody can read here.) Tj ET",
        fonts(vec![("F1", f1)]),
        vec![],
    );
    // An encryption dictionary whose password is not empty (O/U are junk).
    let enc = b.add(dict(vec![
        ("Filter", name("Standard")),
        ("V", Object::Integer(2)),
        ("R", Object::Integer(3)),
        ("Length", Object::Integer(128)),
        ("P", Object::Integer(-3904)),
        (
            "O",
            Object::String(vec![0x11; 32], StringFormat::Hexadecimal),
        ),
        (
            "U",
            Object::String(vec![0x22; 32], StringFormat::Hexadecimal),
        ),
    ]));
    b.doc.trailer.set("Encrypt", Object::Reference(enc));
    let id = Object::String(vec![0x42; 16], StringFormat::Hexadecimal);
    b.doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    let doc = extract(&b.finish());
    assert!(
        matches!(doc.readability, Readability::Failed(_)),
        "{:?}",
        doc.readability
    );
    assert_eq!(doc.body, "");
}

#[test]
fn rotated_page_reads_in_display_order() {
    let mut b = Builder::new();
    let f1 = b.helvetica();
    // Landscape content on a portrait page shown with /Rotate 90: the text
    // runs up the page in user space; the first line has the smallest x.
    b.page(
        b"BT /F1 12 Tf 0 1 -1 0 100 72 Tm (First line of the rotated table) Tj ET\n\
          BT /F1 12 Tf 0 1 -1 0 100 400 Tm (123) Tj ET\n\
          BT /F1 12 Tf 0 1 -1 0 120 72 Tm (Second line of the rotated table) Tj ET",
        fonts(vec![("F1", f1)]),
        vec![("Rotate", Object::Integer(90))],
    );
    let doc = extract(&b.finish());
    assert_eq!(
        doc.body,
        "First line of the rotated table 123\nSecond line of the rotated table"
    );
}

/// A page with a simple font on an unknown encoding and a CID font whose
/// `ToUnicode` is junk (pdf-extract panics on it).
fn odd_fonts_pdf() -> Vec<u8> {
    let mut b = Builder::new();
    // A simple font with an encoding pdf-extract does not know.
    let standard = b.add(dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type1")),
        ("BaseFont", name("Helvetica")),
        ("Encoding", name("StandardEncoding")),
    ]));
    // A CID font whose ToUnicode is junk.
    let damaged = b.cid_font("Identity-H");
    let junk = b.add(Stream::new(
        Dictionary::new(),
        b"begincmap 1 beginbfchar <01> endbfchar garbage".to_vec(),
    ));
    if let Ok(font) = b.doc.get_dictionary_mut(damaged) {
        font.set("ToUnicode", Object::Reference(junk));
    }
    let content = format!(
        "BT /F1 12 Tf 72 740 Td (Text in a StandardEncoding font, long enough to count.) Tj ET\n\
         BT /F2 12 Tf 72 700 Td {} Tj ET",
        hex(&[0, 1, 0, 2])
    );
    b.page(
        content.as_bytes(),
        fonts(vec![("F1", standard), ("F2", damaged)]),
        vec![],
    );
    b.finish()
}

#[test]
fn odd_fonts_are_repaired_or_contained() {
    let doc = extract(&odd_fonts_pdf());
    assert_eq!(doc.readability, Readability::Ok, "{}", doc.body);
    assert_eq!(
        doc.body,
        "Text in a StandardEncoding font, long enough to count."
    );
    let warning = doc
        .fields
        .get("pdf_warning")
        .expect("warning for the unmapped glyphs");
    assert!(warning.contains("2 of "), "{warning}");
}

/// The panics pdf-extract raises while a file is read are caught and kept
/// off the process's panic hook; the document still comes out.
#[test]
fn caught_reader_panics_stay_off_the_panic_hook() {
    let bytes = odd_fonts_pdf();
    let (doc, calls) = quiet_panic::count_hook_calls(|| extract(&bytes));
    assert!(
        calls.raised >= 1,
        "the damaged ToUnicode no longer panics; pick another input: {calls:?}"
    );
    assert_eq!(calls.reached_previous, 0, "{calls:?}");
    assert_eq!(doc.readability, Readability::Ok, "{}", doc.body);
}

#[test]
fn kangxi_radicals_become_ideographs() {
    assert_eq!(
        unify_ideographs("⼀、总体情况 ⼆、⽀出"),
        "一、总体情况 二、支出"
    );
    assert_eq!(unify_ideographs("一、总体情况"), "一、总体情况");
}

#[test]
fn page_numbers() {
    for yes in [
        "- 1 -",
        "—3—",
        "－ 12 －",
        "第 3 页",
        "第3页共6页",
        "3 / 6",
        "Page 2 of 9",
    ] {
        assert!(is_page_number(yes), "{yes}");
    }
    for no in [
        "一、总体情况",
        "3",
        "447228",
        "2024-2025",
        "第二十条 第（一）项",
        "- 总体 -",
    ] {
        assert!(!is_page_number(no), "{no}");
    }
}

#[test]
fn garbled_text_is_not_passed_as_ok() {
    let stats = Stats {
        page_count: 1,
        images: 0,
        dropped_text_ops: 0,
        total_glyphs: 100,
        unmapped_glyphs: 0,
        font_notes: &[],
    };
    let pua: String = ('\u{E000}'..'\u{E040}').collect();
    assert!(matches!(verdict(&pua, &stats), Readability::NeedsOcr(r) if r.contains("private-use")));
    let mojibake = "Õþø®ÐÅÏ¢¹«¿ª¹¤×÷Äê¶È±¨¸æ Õþø®ÐÅÏ¢¹«¿ª¹¤×÷Äê¶È±¨¸æ Õþø®ÐÅÏ¢¹«¿ª";
    assert!(matches!(verdict(mojibake, &stats), Readability::NeedsOcr(r) if r.contains("Latin-1")));
    let fine = "一、总体情况 2024年，本机关主动公开政府信息126条，行政许可447228件。";
    assert_eq!(verdict(fine, &stats), Readability::Ok);
}

/// The real 6-page WPS report, when the shared material is present.
#[test]
fn real_report_pdf() {
    let Ok(bytes) = std::fs::read("/work/shared/real/govnianbao_szfgs2024.pdf") else {
        return;
    };
    let started = std::time::Instant::now();
    let doc = extract(&bytes);
    let elapsed = started.elapsed();
    assert_eq!(doc.readability, Readability::Ok, "{}", doc.body);
    for needle in [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "行政许可 447228",
        "3940元",
    ] {
        assert!(doc.body.contains(needle), "{needle} missing:\n{}", doc.body);
    }
    assert!(!doc.body.lines().any(is_page_number), "{}", doc.body);
    assert_eq!(
        doc.title.as_deref(),
        Some("淮安市人民政府2024年政府信息公开工作年度报告")
    );
    eprintln!(
        "real report: {} chars in {elapsed:?}",
        doc.body.chars().count()
    );
}
