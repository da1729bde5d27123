//! `harvester reextract`: run page understanding again over the raw bytes
//! the corpus kept, and rebuild the records, without fetching anything.
//!
//! In: the corpus (every source of every record, with its raw bytes) and the
//! frontier (each URL's link text, which classification reads). Out: the
//! corpus rebuilt as if every source had just been fetched, in the order
//! first fetched, keeping each source's seed and first run; a
//! [`Reextracted`] tally. Never: fetch, or drop a source whose raw bytes
//! are missing (it is reported and its record kept as it was).

use std::collections::HashSet;

use url::Url;

use super::{Capture, Corpus, Ingested, ReportRecord, Source};
use crate::fetch::client::Response;
use crate::frontier::Frontier;
use crate::parse::ReportParser;
use crate::store::StoreError;
use crate::understand::classify::Kind;

/// What a rebuild did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reextracted {
    pub records_before: u64,
    pub records_after: u64,
    /// Sources read again.
    pub sources: u64,
    /// Sources no longer classified as reports (left out of the corpus).
    pub no_longer_reports: u64,
    /// Records whose id (content hash) is new after the rebuild.
    pub new_ids: u64,
    /// Sources whose raw bytes were missing (their old records are kept).
    pub missing_raw: u64,
}

/// One source to read again, with what its old record knew.
struct Pending {
    source: Source,
    record: ReportRecord,
}

/// Rebuild the corpus from its raw bytes.
pub fn reextract(
    corpus: &mut Corpus,
    frontier: &Frontier,
    parser: &dyn ReportParser,
) -> Result<Reextracted, StoreError> {
    let mut tally = Reextracted::default();
    let old: Vec<ReportRecord> = corpus.records().collect::<Result<_, _>>()?;
    tally.records_before = old.len() as u64;
    let old_ids: HashSet<String> = old.iter().map(|r| r.id.clone()).collect();
    let mut pending = Vec::new();
    let mut kept = Vec::new();
    for rec in &old {
        let mut complete = true;
        for s in &rec.sources {
            match &s.raw {
                Some(key) if corpus.raw.contains_key(key.as_bytes())? => {}
                _ => complete = false,
            }
        }
        if !complete {
            tally.missing_raw += 1;
            kept.push(rec.clone());
            continue;
        }
        for s in &rec.sources {
            pending.push(Pending {
                source: s.clone(),
                record: rec.clone(),
            });
        }
    }
    pending.sort_by(|a, b| a.source.fetched_at.cmp(&b.source.fetched_at));
    corpus.clear_records()?;
    for rec in &kept {
        corpus.put(rec)?;
        corpus
            .near
            .insert(&rec.id, rec.simhash, rec.year, rec.organ.as_deref());
    }
    for p in pending {
        let Some(raw) = p
            .source
            .raw
            .as_deref()
            .map(|k| corpus.raw(k))
            .transpose()?
            .flatten()
        else {
            continue;
        };
        tally.sources += 1;
        let Some(page) = read_again(frontier, &p.source, raw.clone())? else {
            continue;
        };
        let Some(doc) = page
            .report
            .filter(|_| page.kind == Some(Kind::AnnualReport))
        else {
            tally.no_longer_reports += 1;
            continue;
        };
        let cap = Capture {
            url: p.source.url.clone(),
            found_on: p.source.found_on.clone(),
            seed: p.record.seed.clone(),
            title: page.meta.title.clone(),
            organ: page.meta.organ.clone(),
            year: page.meta.year,
            published: page.meta.published.clone(),
            text: doc.body.clone(),
            tables: doc.tables.clone(),
            source_type: page.meta.source_type.clone().unwrap_or_default(),
            content_type: p.source.content_type.clone(),
            fetched_at: p.source.fetched_at.clone(),
            readable: doc.readability == crate::understand::Readability::Ok,
            raw,
        };
        if let Ingested::New { id, .. } = corpus.ingest(&cap, &p.record.first_run, parser)? {
            if !old_ids.contains(&id) {
                tally.new_ids += 1;
            }
        }
    }
    tally.records_after = corpus.len() as u64;
    Ok(tally)
}

/// Understand a source's raw bytes again, as the crawl did when it fetched
/// them (its link text from the frontier feeds classification). `None`
/// when its URL no longer parses.
pub(crate) fn read_again(
    frontier: &Frontier,
    source: &Source,
    raw: Vec<u8>,
) -> Result<Option<crate::crawl::work::Page>, StoreError> {
    let Ok(url) = Url::parse(&source.url) else {
        return Ok(None);
    };
    let (anchor, document) = match frontier.get(&source.url)? {
        Some(r) => (r.anchor, r.document),
        None => (String::new(), source.source_type != "html"),
    };
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(ct) = source
        .content_type
        .as_deref()
        .and_then(|c| reqwest::header::HeaderValue::from_str(c).ok())
    {
        headers.insert(reqwest::header::CONTENT_TYPE, ct);
    }
    let resp = Response {
        status: 200,
        remote: None,
        headers,
        body: raw,
    };
    Ok(Some(crate::crawl::work::understand(
        &url, &resp, document, &anchor,
    )))
}

/// What `harvester parse` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reparsed {
    pub records: u64,
    /// Records the parser gave a result for.
    pub parsed: u64,
    /// Records whose `parsed` changed.
    pub changed: u64,
    /// Records parsed from their stored text because no raw bytes were kept.
    pub from_text: u64,
}

/// Run `parser` again over every record: over the document understood from
/// its first source's raw bytes (tables included), else over its text.
pub fn reparse(
    corpus: &Corpus,
    frontier: &Frontier,
    parser: &dyn ReportParser,
) -> Result<Reparsed, StoreError> {
    let mut tally = Reparsed::default();
    let ids: Vec<String> = corpus
        .records()
        .map(|r| r.map(|r| r.id))
        .collect::<Result<_, _>>()?;
    for id in ids {
        let Some(rec) = corpus.get(&id)? else {
            continue;
        };
        tally.records += 1;
        let mut doc = None;
        for s in &rec.sources {
            let Some(raw) = s
                .raw
                .as_deref()
                .map(|k| corpus.raw(k))
                .transpose()?
                .flatten()
            else {
                continue;
            };
            if let Some(page) = read_again(frontier, s, raw)? {
                if let Some(d) = page.report {
                    doc = Some(d);
                    break;
                }
            }
        }
        let (text, tables) = match &doc {
            Some(d) => (d.body.as_str(), d.tables.as_slice()),
            None => {
                tally.from_text += 1;
                (rec.text.as_str(), &[][..])
            }
        };
        let parsed = parser.parse(&crate::parse::ParseInput {
            text,
            tables,
            source_type: &rec.source_type,
            title: rec.title.as_deref(),
            year: rec.year,
            organ: rec.organ.as_deref(),
        });
        if parsed.is_some() {
            tally.parsed += 1;
        }
        if parsed != rec.parsed {
            tally.changed += 1;
            corpus.set_parsed(&id, parsed)?;
        }
    }
    Ok(tally)
}
