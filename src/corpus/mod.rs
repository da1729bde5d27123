//! The corpus: every unique report once, keyed by the hash of its
//! normalized text, with every URL it was found at.
//!
//! In: [`Capture`]s — a report page or attachment as fetched and understood
//! (text, metadata, raw response bytes). Out: [`ReportRecord`]s in sled, the
//! raw bytes zstd-compressed beside them, and for each capture what it
//! became ([`Ingested`]). Never: make a second record for a text it already
//! holds, merge two different texts silently (a near-duplicate is a record
//! of its own that says `near_duplicate_of`), or lose a URL.
//!
//! # Duplicate policy
//! 1. **Same text** (same content hash, see [`fingerprint`]): one record;
//!    the URL joins its `urls`. This covers republished columns, 繁體
//!    mirrors, print views, session-id variants and attachments whose text
//!    equals the page's.
//! 2. **Report page without a text of its own** ("详见附件", fewer than
//!    [`THIN_CHARS`] normalized characters): no record; its URL joins the
//!    record of each report attachment found on it.
//! 3. **Another format of a report page** (an attachment found on a report
//!    page whose record's simhash is within [`ALT_FORMAT_BITS`] bits and whose
//!    year agrees, or an unreadable attachment — a scan, a .doc — found on
//!    such a page): the same report; its URL joins the page's record, its
//!    bytes are kept as one more source.
//! 4. **Near-duplicate** (simhash within [`NEAR_BITS`] bits of another
//!    record of the same year and organ, when both are known): a record of its
//!    own. Of the two, the later edition (published later; ties by id) gets
//!    `near_duplicate_of` = the other, whichever was crawled first, so a
//!    resumed crawl ends with the same flags. A corrected edition and a page
//!    with a leftover line of chrome land here; users decide which to keep.
//!
//! Layout (sled trees): `corpus.reports` id → [`ReportRecord`] (JSON);
//! `corpus.urls` URL → id of the text last seen there; `corpus.thin` URL of
//! a text-less report page → its seed; `corpus.raw` BLAKE3 of the bytes →
//! zstd of the bytes; `corpus.sketches` id → simhash, year and organ (the
//! near-duplicate index, loaded into memory on open without reading texts).

pub mod fingerprint;
mod near;
pub mod record;
mod reextract;

use std::collections::HashSet;

use crate::parse::ReportParser;
use crate::store::{Store, StoreError};
use fingerprint::Fingerprint;
use near::NearIndex;
pub use record::{ExportRecord, ReportRecord, SeedRef, Source};
pub use reextract::{reextract, reparse, Reextracted, Reparsed};

/// A report page with fewer normalized characters than this has no text of its own.
pub const THIN_CHARS: usize = 200;
/// Simhash distance within which an attachment is its page in another format.
pub const ALT_FORMAT_BITS: u32 = 10;
/// Simhash distance within which two texts are near-duplicates.
pub const NEAR_BITS: u32 = 6;

/// zstd level for raw bytes (fast; HTML compresses ~8× at this level).
const RAW_LEVEL: i32 = 3;

/// One fetched report page or attachment, as the crawl hands it over.
#[derive(Debug, Clone)]
pub struct Capture {
    pub url: String,
    /// The page it was found on.
    pub found_on: Option<String>,
    pub seed: SeedRef,
    pub title: Option<String>,
    pub organ: Option<String>,
    pub year: Option<i32>,
    pub published: Option<String>,
    /// Body, tables as ` | ` rows.
    pub text: String,
    /// The document's tables, for the parser.
    pub tables: Vec<crate::understand::Table>,
    /// "html", "pdf", "docx", "other".
    pub source_type: String,
    pub content_type: Option<String>,
    pub fetched_at: String,
    /// Whether the text could be read ("ok") or why not.
    pub readable: bool,
    /// The response bytes as received (after content decoding).
    pub raw: Vec<u8>,
}

/// What a capture became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ingested {
    /// A new record.
    New {
        id: String,
        near_duplicate_of: Option<String>,
    },
    /// Its URL joined an existing record.
    Merged { id: String },
    /// The record already lists this URL (an unchanged re-fetch).
    Unchanged { id: String },
    /// A report page without a text of its own, kept for its attachments.
    Thin,
}

impl Ingested {
    pub fn id(&self) -> Option<&str> {
        match self {
            Ingested::New { id, .. } | Ingested::Merged { id } | Ingested::Unchanged { id } => {
                Some(id)
            }
            Ingested::Thin => None,
        }
    }
}

/// The corpus trees of a store.
pub struct Corpus {
    reports: sled::Tree,
    urls: sled::Tree,
    thin: sled::Tree,
    raw: sled::Tree,
    /// id → [`Sketch`]: what the near-duplicate index needs, so that opening
    /// the corpus does not read every report's text.
    sketches: sled::Tree,
    near: NearIndex,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Sketch {
    simhash: u64,
    year: Option<i32>,
    organ: Option<String>,
    readable: bool,
}

/// Which of two near-duplicates is the later edition: published date
/// (unknown sorts first), then id.
fn edition_key(r: &ReportRecord) -> (String, String) {
    (r.published.clone().unwrap_or_default(), r.id.clone())
}

fn corrupt(key: &[u8], e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        message: e.to_string(),
    }
}

impl Corpus {
    /// Open the corpus trees of `store` and load the near-duplicate index.
    pub fn open(store: &Store) -> Result<Corpus, StoreError> {
        let db = store.db();
        let mut c = Corpus {
            reports: db.open_tree("corpus.reports")?,
            urls: db.open_tree("corpus.urls")?,
            thin: db.open_tree("corpus.thin")?,
            raw: db.open_tree("corpus.raw")?,
            sketches: db.open_tree("corpus.sketches")?,
            near: NearIndex::default(),
        };
        if c.sketches.len() != c.reports.len() {
            // Written by a version without sketches, or cut short: rebuild.
            c.sketches.clear()?;
            for r in c.records() {
                c.put_sketch(&r?)?;
            }
        }
        let mut near = NearIndex::default();
        for item in c.sketches.iter() {
            let (k, v) = item?;
            let s: Sketch = serde_json::from_slice(&v).map_err(|e| corrupt(&k, e))?;
            if s.readable {
                near.insert(
                    &String::from_utf8_lossy(&k),
                    s.simhash,
                    s.year,
                    s.organ.as_deref(),
                );
            }
        }
        c.near = near;
        Ok(c)
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.reports.len()
    }

    pub fn is_empty(&self) -> bool {
        self.reports.is_empty()
    }

    /// Every record, in id order.
    pub fn records(&self) -> impl Iterator<Item = Result<ReportRecord, StoreError>> + '_ {
        self.reports.iter().map(|item| {
            let (k, v) = item?;
            serde_json::from_slice(&v).map_err(|e| corrupt(&k, e))
        })
    }

    pub fn get(&self, id: &str) -> Result<Option<ReportRecord>, StoreError> {
        match self.reports.get(id.as_bytes())? {
            Some(v) => Ok(Some(
                serde_json::from_slice(&v).map_err(|e| corrupt(id.as_bytes(), e))?,
            )),
            None => Ok(None),
        }
    }

    /// The id of the text last seen at `url`.
    pub fn id_at(&self, url: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .urls
            .get(url.as_bytes())?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    /// Raw response bytes stored under `key` (see [`Source::raw`]).
    pub fn raw(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self.raw.get(key.as_bytes())? {
            Some(z) => zstd::decode_all(&z[..])
                .map(Some)
                .map_err(|e| corrupt(key.as_bytes(), format!("raw bytes: {e}"))),
            None => Ok(None),
        }
    }

    /// Store one capture under the duplicate policy (module docs); the
    /// parser runs on new records. `run` is the current run's id.
    pub fn ingest(
        &mut self,
        cap: &Capture,
        run: &str,
        parser: &dyn ReportParser,
    ) -> Result<Ingested, StoreError> {
        let fp = if cap.readable {
            fingerprint::fingerprint(&cap.text, cap.title.as_deref())
        } else {
            // Unreadable (scan, legacy format): identified by its bytes.
            Fingerprint {
                id: fingerprint::raw_key(&cap.raw),
                simhash: 0,
                chars: 0,
            }
        };
        if cap.readable && fp.chars < THIN_CHARS && cap.source_type == "html" {
            self.thin
                .insert(cap.url.as_bytes(), cap.seed.url.as_bytes())?;
            return Ok(Ingested::Thin);
        }
        let mut extra_urls: Vec<String> = Vec::new();
        if let Some(page) = &cap.found_on {
            if self.thin.contains_key(page.as_bytes())? {
                extra_urls.push(page.clone());
            }
        }
        if let Some(mut rec) = self.get(&fp.id)? {
            return self.merge(&mut rec, cap, extra_urls);
        }
        if let Some(mut page_rec) = self.alternate_format_of(cap, &fp)? {
            return self.merge(&mut page_rec, cap, extra_urls);
        }
        let source = self.source(cap)?;
        let near = if cap.readable {
            self.near
                .closest(fp.simhash, cap.year, cap.organ.as_deref(), NEAR_BITS)
        } else {
            None
        };
        let mut urls = vec![cap.url.clone()];
        urls.extend(extra_urls.into_iter().filter(|u| *u != cap.url));
        let mut rec = ReportRecord {
            id: fp.id.clone(),
            url: cap.url.clone(),
            urls,
            title: cap.title.clone(),
            organ: cap.organ.clone(),
            year: cap.year,
            published: cap.published.clone(),
            seed: cap.seed.clone(),
            text: cap.text.clone(),
            source_type: cap.source_type.clone(),
            fetched_at: cap.fetched_at.clone(),
            first_run: run.to_string(),
            simhash: fp.simhash,
            near_duplicate_of: near.as_ref().map(|(id, _)| id.clone()),
            near_distance: near.as_ref().map(|(_, d)| *d),
            sources: vec![source],
            parsed: None,
        };
        rec.parsed = parser.parse(&crate::parse::ParseInput {
            text: &cap.text,
            tables: &cap.tables,
            source_type: &cap.source_type,
            title: cap.title.as_deref(),
            year: cap.year,
            organ: cap.organ.as_deref(),
        });
        if let Some((other_id, d)) = &near {
            // The flag points from the later edition to the earlier one,
            // whatever order they were crawled in (a resumed crawl must end
            // with the same corpus): later = published later, ties by id.
            if let Some(mut other) = self.get(other_id)? {
                if edition_key(&rec) < edition_key(&other) {
                    rec.near_duplicate_of = None;
                    rec.near_distance = None;
                    if other.near_duplicate_of.is_none() {
                        other.near_duplicate_of = Some(rec.id.clone());
                        other.near_distance = Some(*d);
                        self.put(&other)?;
                    }
                }
            }
        }
        self.put(&rec)?;
        self.near
            .insert(&rec.id, rec.simhash, rec.year, rec.organ.as_deref());
        Ok(Ingested::New {
            id: rec.id,
            near_duplicate_of: rec.near_duplicate_of,
        })
    }

    /// The record of the report page `cap` was found on, when `cap` is that
    /// page in another format (policy 3).
    fn alternate_format_of(
        &self,
        cap: &Capture,
        fp: &Fingerprint,
    ) -> Result<Option<ReportRecord>, StoreError> {
        if cap.source_type == "html" {
            return Ok(None);
        }
        let Some(page) = &cap.found_on else {
            return Ok(None);
        };
        let Some(id) = self.id_at(page)? else {
            return Ok(None);
        };
        let Some(rec) = self.get(&id)? else {
            return Ok(None);
        };
        let years_agree = match (rec.year, cap.year) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        // An unreadable attachment (a scan, a legacy format) cannot be
        // compared: on a report page with a text of its own it is taken to
        // be that report in another format, as it nearly always is.
        let close =
            !cap.readable || fingerprint::distance(rec.simhash, fp.simhash) <= ALT_FORMAT_BITS;
        Ok((years_agree && close).then_some(rec))
    }

    fn merge(
        &mut self,
        rec: &mut ReportRecord,
        cap: &Capture,
        extra_urls: Vec<String>,
    ) -> Result<Ingested, StoreError> {
        let known: HashSet<String> = rec.urls.iter().cloned().collect();
        let mut added = false;
        for u in std::iter::once(cap.url.clone()).chain(extra_urls) {
            if !known.contains(&u) && !rec.urls.contains(&u) {
                rec.urls.push(u);
                added = true;
            }
        }
        // One source per URL: the first fetch that gave this text (a
        // re-fetch with a new view counter in its chrome adds nothing).
        if !rec.sources.iter().any(|s| s.url == cap.url) {
            rec.sources.push(self.source(cap)?);
            added = true;
        }
        // Fill what the first source did not say.
        if rec.published.is_none() {
            rec.published = cap.published.clone();
        }
        if rec.organ.is_none() {
            rec.organ = cap.organ.clone();
        }
        if rec.year.is_none() {
            rec.year = cap.year;
        }
        if added {
            self.put(rec)?;
            Ok(Ingested::Merged { id: rec.id.clone() })
        } else {
            self.urls.insert(cap.url.as_bytes(), rec.id.as_bytes())?;
            Ok(Ingested::Unchanged { id: rec.id.clone() })
        }
    }

    /// Keep the raw bytes (once per distinct body) and describe the source.
    fn source(&self, cap: &Capture) -> Result<Source, StoreError> {
        let key = fingerprint::raw_key(&cap.raw);
        if !self.raw.contains_key(key.as_bytes())? {
            let z = zstd::encode_all(&cap.raw[..], RAW_LEVEL)
                .map_err(|e| corrupt(key.as_bytes(), format!("compressing raw bytes: {e}")))?;
            self.raw.insert(key.as_bytes(), z)?;
        }
        Ok(Source {
            url: cap.url.clone(),
            source_type: cap.source_type.clone(),
            content_type: cap.content_type.clone(),
            fetched_at: cap.fetched_at.clone(),
            raw: Some(key),
            bytes: cap.raw.len() as u64,
            found_on: cap.found_on.clone(),
        })
    }

    /// Write a record and point each of its URLs at it, in one batch per tree.
    fn put(&self, rec: &ReportRecord) -> Result<(), StoreError> {
        let json = serde_json::to_vec(rec).map_err(|e| corrupt(rec.id.as_bytes(), e))?;
        let mut urls = sled::Batch::default();
        for u in &rec.urls {
            urls.insert(u.as_bytes(), rec.id.as_bytes());
        }
        // URLs first: a crash between the two leaves URLs pointing at a
        // record that is written again when the URL is fetched again.
        self.urls.apply_batch(urls)?;
        self.put_sketch(rec)?;
        self.reports.insert(rec.id.as_bytes(), json)?;
        Ok(())
    }

    fn put_sketch(&self, rec: &ReportRecord) -> Result<(), StoreError> {
        let sketch = Sketch {
            simhash: rec.simhash,
            year: rec.year,
            organ: rec.organ.clone(),
            readable: !(rec.simhash == 0 && rec.text.is_empty()),
        };
        let json = serde_json::to_vec(&sketch).map_err(|e| corrupt(rec.id.as_bytes(), e))?;
        self.sketches.insert(rec.id.as_bytes(), json)?;
        Ok(())
    }

    /// Remove every record and URL mapping (raw bytes and thin pages stay),
    /// for [`crate::corpus`] rebuilds by `reextract`.
    pub fn clear_records(&mut self) -> Result<(), StoreError> {
        self.reports.clear()?;
        self.urls.clear()?;
        self.sketches.clear()?;
        self.near = NearIndex::default();
        Ok(())
    }

    /// Replace a record's `parsed` field.
    pub fn set_parsed(
        &self,
        id: &str,
        parsed: Option<serde_json::Value>,
    ) -> Result<(), StoreError> {
        if let Some(mut rec) = self.get(id)? {
            rec.parsed = parsed;
            self.put(&rec)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
