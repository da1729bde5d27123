//! Test fixtures and independent readers for the export tests: three
//! awkward records (Chinese text, nulls, commas, quotes, line breaks, `|`,
//! an empty `urls`), and jsonl/csv/parquet readers that rebuild
//! [`ExportRecord`]s without the export writers (only the column list is
//! shared), plus a field-by-field comparison.
//!
//! Only reads files the tests wrote; never writes anything.

use std::fs;
use std::path::Path;

use ::parquet::file::reader::{FileReader, SerializedFileReader};
use ::parquet::record::Field;
use serde_json::json;

use crate::corpus::record::{ExportRecord, SeedRef};
use crate::export::csv::COLUMNS;

const TEXT1: &str =
    "一、总体情况\n2023年，本机关坚持\"公开为常态、不公开为例外\"，主动公开信息1,234条。\r\n\
二、主动公开政府信息情况\n第二十条第（一）项 | 新制作数量 | 新公开数量 | 对外公开总数量\n\
规章 | 0 | 0 | 3\n'单引号', \"双引号\"\"连着\"\" end";

pub(super) fn records() -> Vec<ExportRecord> {
    vec![
        ExportRecord {
            id: "a".repeat(64),
            url: "http://www.zjpy.gov.cn/art/2024/1/15/art_1229_1.html".into(),
            urls: vec![
                "http://www.zjpy.gov.cn/art/2024/1/15/art_1229_1.html".into(),
                "http://xxgk.zjpy.gov.cn/col/col1/index.html?id=1,2".into(),
                "https://www.zjpy.gov.cn/%E5%B9%B4%E6%8A%A5.pdf".into(),
            ],
            title: Some("浦阳县2023年政府信息公开工作年度报告".into()),
            organ: Some("浦阳县人民政府办公室".into()),
            year: Some(2023),
            published: Some("2024-01-15".into()),
            seed: SeedRef {
                url: "http://www.zjpy.gov.cn/".into(),
                name: Some("浦阳县".into()),
                code: Some("330726".into()),
            },
            text: TEXT1.into(),
            content_hash: "a".repeat(64),
            source_type: "html".into(),
            fetched_at: "2024-03-01T08:00:00Z".into(),
            first_run: "run-20240301".into(),
            near_duplicate_of: None,
            parsed: Some(json!({"主动公开": {"规章": [0, 0, 3]}, "ratio": 12.5, "note": "a,b|c"})),
        },
        ExportRecord {
            id: "b".repeat(64),
            url: "http://www.zjpy.gov.cn/doc/report.pdf".into(),
            urls: vec!["http://www.zjpy.gov.cn/doc/report.pdf".into()],
            title: None,
            organ: None,
            year: None,
            published: None,
            seed: SeedRef {
                url: "http://www.zjpy.gov.cn/".into(),
                name: None,
                code: None,
            },
            text: "line one\nline two, with comma | and pipe\n\n\"quoted\"".into(),
            content_hash: "b".repeat(64),
            source_type: "pdf".into(),
            fetched_at: "2024-03-01T08:05:00+08:00".into(),
            first_run: "run-20240301".into(),
            near_duplicate_of: Some("a".repeat(64)),
            parsed: None,
        },
        ExportRecord {
            id: "c".repeat(64),
            url: "http://zwgk.example.gov.cn/x".into(),
            urls: vec![],
            title: Some("".into()),
            organ: Some("某某镇人民政府".into()),
            year: Some(2021),
            published: Some("2022-01-31".into()),
            seed: SeedRef {
                url: "http://zwgk.example.gov.cn/".into(),
                name: Some("某某镇".into()),
                code: None,
            },
            text: "短文本".into(),
            content_hash: "c".repeat(64),
            source_type: "docx".into(),
            fetched_at: "2024-03-02T00:00:00Z".into(),
            first_run: "run-20240302".into(),
            near_duplicate_of: None,
            parsed: Some(json!([])),
        },
    ]
}

/// Compare field by field, naming the field that differs.
pub(super) fn assert_same(got: &[ExportRecord], want: &[ExportRecord], lossy_empty: bool) {
    assert_eq!(got.len(), want.len(), "record count");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g.id, w.id, "record {i}: id");
        assert_eq!(g.url, w.url, "record {i}: url");
        assert_eq!(g.urls, w.urls, "record {i}: urls");
        // CSV cannot tell an empty string from a null: both are empty cells.
        let title = |t: &Option<String>| match t {
            Some(s) if lossy_empty && s.is_empty() => None,
            t => t.clone(),
        };
        assert_eq!(title(&g.title), title(&w.title), "record {i}: title");
        assert_eq!(g.organ, w.organ, "record {i}: organ");
        assert_eq!(g.year, w.year, "record {i}: year");
        assert_eq!(g.published, w.published, "record {i}: published");
        assert_eq!(g.seed, w.seed, "record {i}: seed");
        assert_eq!(g.text, w.text, "record {i}: text");
        assert_eq!(g.content_hash, w.content_hash, "record {i}: content_hash");
        assert_eq!(g.source_type, w.source_type, "record {i}: source_type");
        assert_eq!(g.fetched_at, w.fetched_at, "record {i}: fetched_at");
        assert_eq!(g.first_run, w.first_run, "record {i}: first_run");
        assert_eq!(
            g.near_duplicate_of, w.near_duplicate_of,
            "record {i}: near_duplicate_of"
        );
        assert_eq!(g.parsed, w.parsed, "record {i}: parsed");
    }
}

pub(super) fn from_jsonl(bytes: &[u8]) -> Vec<ExportRecord> {
    let s = std::str::from_utf8(bytes).expect("utf-8");
    assert!(!s.contains('\r'), "no raw CR (serde escapes it)");
    s.lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

fn none_if_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

pub(super) fn from_csv(path: &Path) -> Vec<ExportRecord> {
    let mut rdr = ::csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, COLUMNS.map(String::from).to_vec());
    rdr.records()
        .map(|row| {
            let row = row.unwrap();
            let c = |i: usize| row.get(i).unwrap().to_string();
            ExportRecord {
                id: c(0),
                url: c(1),
                urls: c(2)
                    .split(' ')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                title: none_if_empty(&c(3)),
                organ: none_if_empty(&c(4)),
                year: none_if_empty(&c(5)).map(|y| y.parse().unwrap()),
                published: none_if_empty(&c(6)),
                seed: SeedRef {
                    url: c(7),
                    name: none_if_empty(&c(8)),
                    code: none_if_empty(&c(9)),
                },
                source_type: c(10),
                fetched_at: c(11),
                first_run: c(12),
                content_hash: c(13),
                near_duplicate_of: none_if_empty(&c(14)),
                text: c(15),
                parsed: none_if_empty(&c(16)).map(|p| serde_json::from_str(&p).unwrap()),
            }
        })
        .collect()
}

fn pq_str(f: &Field) -> Option<String> {
    match f {
        Field::Null => None,
        Field::Str(s) => Some(s.clone()),
        other => panic!("expected a string, got {other:?}"),
    }
}

pub(super) fn from_parquet(path: &Path) -> Vec<ExportRecord> {
    let reader = SerializedFileReader::new(fs::File::open(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for row in reader.get_row_iter(None).unwrap() {
        let row = row.unwrap();
        let cols: Vec<(&String, &Field)> = row.get_column_iter().collect();
        let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, COLUMNS.to_vec(), "parquet columns = csv columns");
        let s = |i: usize| pq_str(cols[i].1);
        let req = |i: usize| s(i).expect("required column");
        let urls = match cols[2].1 {
            Field::ListInternal(l) => l.elements().iter().map(|e| pq_str(e).unwrap()).collect(),
            other => panic!("urls: expected a list, got {other:?}"),
        };
        let year = match cols[5].1 {
            Field::Null => None,
            Field::Int(y) => Some(*y),
            other => panic!("year: expected an int, got {other:?}"),
        };
        out.push(ExportRecord {
            id: req(0),
            url: req(1),
            urls,
            title: s(3),
            organ: s(4),
            year,
            published: s(6),
            seed: SeedRef {
                url: req(7),
                name: s(8),
                code: s(9),
            },
            source_type: req(10),
            fetched_at: req(11),
            first_run: req(12),
            content_hash: req(13),
            near_duplicate_of: s(14),
            text: req(15),
            parsed: s(16).map(|p| serde_json::from_str(&p).unwrap()),
        });
    }
    out
}
