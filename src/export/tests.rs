//! Tests of the export module: records → each format → read back with an
//! independent reader (serde_json, zstd, the csv crate, the parquet row API)
//! → compared field by field; atomicity on failure; format choice.
//!
//! Everything happens in fresh temporary directories; no test depends on
//! another, on the clock or on the network, and none must leave files behind.

use std::fs;
use std::path::{Path, PathBuf};

use ::parquet::file::reader::{FileReader, SerializedFileReader};

use super::{write_jsonl, write_snapshot, ExportError, Format, Written};
use crate::corpus::record::ExportRecord;

mod readback;
use readback::{assert_same, from_csv, from_jsonl, from_parquet, records};

fn oks(v: Vec<ExportRecord>) -> impl Iterator<Item = Result<ExportRecord, String>> {
    v.into_iter().map(Ok)
}

fn write(dir: &Path, name: &str, format: Format, recs: Vec<ExportRecord>) -> (PathBuf, Written) {
    let out = dir.join(name);
    let n = recs.len() as u64;
    let w = write_snapshot(oks(recs), &out, format).expect("write_snapshot");
    assert_eq!(w.path, out);
    assert_eq!(w.records, n);
    assert_eq!(w.bytes, fs::metadata(&out).unwrap().len());
    assert_eq!(
        dir_names(dir),
        vec![name.to_string()],
        "only the snapshot is left"
    );
    (out, w)
}

fn dir_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn jsonl_round_trip_is_exact_serde_shape() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = write(dir.path(), "snap.jsonl", Format::Jsonl, records());
    let bytes = fs::read(&out).unwrap();
    let mut want = String::new();
    for r in records() {
        want.push_str(&serde_json::to_string(&r).unwrap());
        want.push('\n');
    }
    assert_eq!(String::from_utf8(bytes.clone()).unwrap(), want);
    let first: serde_json::Value = serde_json::from_str(want.lines().next().unwrap()).unwrap();
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "id",
        "url",
        "urls",
        "title",
        "organ",
        "year",
        "published",
        "seed",
        "text",
        "content_hash",
        "source_type",
        "fetched_at",
        "first_run",
        "near_duplicate_of",
        "parsed",
    ];
    expected.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, expected);
    assert_same(&from_jsonl(&bytes), &records(), false);
}

#[test]
fn write_jsonl_matches_snapshot_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = write(dir.path(), "snap.jsonl", Format::Jsonl, records());
    let mut buf = Vec::new();
    let recs = records();
    assert_eq!(write_jsonl(&mut buf, &recs).unwrap(), 3);
    assert_eq!(buf, fs::read(out).unwrap());
    let mut one = Vec::new();
    assert_eq!(
        write_jsonl(&mut one, std::iter::once(recs[1].clone())).unwrap(),
        1
    );
    assert_same(&from_jsonl(&one), &recs[1..2], false);
}

#[test]
fn zst_round_trip_decodes_to_jsonl_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, _) = write(dir.path(), "a.jsonl", Format::Jsonl, records());
    let sub = dir.path().join("z");
    fs::create_dir(&sub).unwrap();
    let (out, _) = write(&sub, "snap.jsonl.zst", Format::JsonlZst, records());
    let decoded = zstd::decode_all(fs::File::open(&out).unwrap()).unwrap();
    assert_eq!(decoded, fs::read(plain).unwrap());
    assert_same(&from_jsonl(&decoded), &records(), false);
}

#[test]
fn csv_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = write(dir.path(), "snap.csv", Format::Csv, records());
    let bytes = fs::read(&out).unwrap();
    assert!(!bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no BOM");
    assert!(bytes.starts_with(b"id,url,urls,title,organ,year,published,seed_url,"));
    assert_same(&from_csv(&out), &records(), true);
}

#[test]
fn parquet_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = write(dir.path(), "snap.parquet", Format::Parquet, records());
    let reader = SerializedFileReader::new(fs::File::open(&out).unwrap()).unwrap();
    let meta = reader.metadata();
    assert_eq!(meta.file_metadata().num_rows(), 3);
    assert_eq!(meta.num_row_groups(), 1);
    let col = meta.row_group(0).column(0);
    assert_eq!(col.compression(), ::parquet::basic::Compression::SNAPPY);
    assert_same(&from_parquet(&out), &records(), false);
}

#[test]
fn parquet_splits_row_groups_and_keeps_order() {
    let dir = tempfile::tempdir().unwrap();
    let n = super::parquet::ROW_GROUP_ROWS + 5;
    let base = records();
    let many: Vec<ExportRecord> = (0..n)
        .map(|i| {
            let mut r = base[i % 3].clone();
            r.id = format!("{i:064}");
            r
        })
        .collect();
    let (out, w) = write(dir.path(), "big.parquet", Format::Parquet, many.clone());
    assert_eq!(w.records, n as u64);
    let reader = SerializedFileReader::new(fs::File::open(&out).unwrap()).unwrap();
    assert_eq!(reader.metadata().num_row_groups(), 2);
    assert_eq!(
        reader.metadata().row_group(0).num_rows(),
        super::parquet::ROW_GROUP_ROWS as i64
    );
    assert_same(&from_parquet(&out), &many, false);
}

#[test]
fn empty_corpus_gives_valid_empty_files() {
    let empty = |name: &str, format: Format| {
        let dir = tempfile::tempdir().unwrap();
        let (out, w) = write(dir.path(), name, format, Vec::new());
        assert_eq!(w.records, 0);
        (dir, out)
    };
    let (_d1, jsonl) = empty("e.jsonl", Format::Jsonl);
    assert_eq!(fs::read(jsonl).unwrap(), b"");
    let (_d2, zst) = empty("e.jsonl.zst", Format::JsonlZst);
    assert_eq!(zstd::decode_all(fs::File::open(zst).unwrap()).unwrap(), b"");
    let (_d3, csv) = empty("e.csv", Format::Csv);
    assert_eq!(
        fs::read_to_string(&csv).unwrap(),
        format!("{}\n", super::csv::COLUMNS.join(","))
    );
    assert!(from_csv(&csv).is_empty());
    let (_d4, pq) = empty("e.parquet", Format::Parquet);
    let reader = SerializedFileReader::new(fs::File::open(&pq).unwrap()).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), 0);
    assert_eq!(
        reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .num_columns(),
        17
    );
    assert!(from_parquet(&pq).is_empty());
}

#[test]
fn error_item_leaves_old_snapshot_intact_and_no_temp_file() {
    for format in Format::ALL {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join(format!("snap.{}", format.as_str()));
        let old = b"old snapshot \xE6\x97\xA7\n".to_vec();
        fs::write(&out, &old).unwrap();
        let mut recs = records().into_iter();
        let items: Vec<Result<ExportRecord, String>> = vec![
            Ok(recs.next().unwrap()),
            Err("sled: corrupt record".into()),
            Ok(recs.next().unwrap()),
        ];
        let err = write_snapshot(items, &out, format).unwrap_err();
        match &err {
            ExportError::Record {
                path,
                index,
                message,
            } => {
                assert_eq!(path, &out);
                assert_eq!(*index, 1);
                assert_eq!(message, "sled: corrupt record");
            }
            other => panic!("{format}: expected a record error, got {other:?}"),
        }
        assert!(err.to_string().contains(&out.display().to_string()));
        assert_eq!(fs::read(&out).unwrap(), old, "{format}: old content kept");
        let file_name = out.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            dir_names(dir.path()),
            vec![file_name],
            "{format}: no temp file left"
        );
    }
}

#[test]
fn success_replaces_older_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snap.jsonl");
    fs::write(&out, "old\n").unwrap();
    write_snapshot(oks(records()), &out, Format::Jsonl).unwrap();
    assert_same(&from_jsonl(&fs::read(&out).unwrap()), &records(), false);
    assert_eq!(dir_names(dir.path()), vec!["snap.jsonl".to_string()]);
}

#[test]
fn missing_directory_is_an_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    for format in Format::ALL {
        let out = dir.path().join("no-such-dir").join("snap.out");
        let err = write_snapshot(oks(records()), &out, format).unwrap_err();
        assert!(
            matches!(err, ExportError::Create { .. }),
            "{format}: {err:?}"
        );
        let msg = err.to_string();
        assert!(msg.contains(&out.display().to_string()), "{format}: {msg}");
        assert!(!out.exists());
    }
    assert!(dir_names(dir.path()).is_empty());
}

#[test]
fn format_choice_from_flag_and_extension() {
    let p = |s: &str| PathBuf::from(s);
    let cases = [
        (Some("jsonl"), "x.parquet", Format::Jsonl),
        (Some("jsonl.zst"), "x", Format::JsonlZst),
        (Some("csv"), "x.jsonl", Format::Csv),
        (Some("parquet"), "x.csv", Format::Parquet),
        (None, "out/corpus.jsonl.zst", Format::JsonlZst),
        (None, "corpus.zst", Format::JsonlZst),
        (None, "corpus.CSV", Format::Csv),
        (None, "dir.csv/corpus.parquet", Format::Parquet),
        (None, "corpus.jsonl", Format::Jsonl),
        (None, "corpus.json", Format::Jsonl),
        (None, "corpus", Format::Jsonl),
        (None, "parquet", Format::Jsonl),
    ];
    for (flag, path, want) in cases {
        assert_eq!(
            Format::choose(flag, &p(path)).unwrap(),
            want,
            "{flag:?} {path}"
        );
    }
    for f in Format::ALL {
        assert_eq!(Format::choose(Some(f.as_str()), &p("x")).unwrap(), f);
    }
    for bad in ["json", "JSONL", "zst", "", "xlsx"] {
        let err = Format::choose(Some(bad), &p("out/corpus.csv")).unwrap_err();
        assert!(matches!(err, ExportError::UnknownFormat { .. }));
        let msg = err.to_string();
        assert!(
            msg.contains("out/corpus.csv") && msg.contains("jsonl.zst"),
            "{msg}"
        );
    }
}
