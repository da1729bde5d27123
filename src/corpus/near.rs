//! The near-duplicate index: every record's simhash, year and organ in
//! memory (about 100 bytes a record with its id), scanned linearly.
//!
//! In: records as they are stored. Out: the closest earlier record within a
//! distance. Never: pair reports of different years or of different organs
//! (two townships' reports written from one county template are alike but
//! are not duplicates). A linear scan of 100,000 records takes well under a
//! millisecond, and a county harvest holds a few thousand reports.

use super::fingerprint::distance;

#[derive(Default)]
pub struct NearIndex {
    entries: Vec<Entry>,
    ids: Vec<String>,
}

struct Entry {
    simhash: u64,
    year: Option<i32>,
    organ: u64,
}

/// Organs compared by a hash of the name; 0 = unknown.
fn organ_key(organ: Option<&str>) -> u64 {
    match organ {
        Some(o) if !o.trim().is_empty() => {
            let h = blake3::hash(o.trim().as_bytes());
            u64::from_le_bytes(h.as_bytes()[..8].try_into().unwrap_or([1; 8])) | 1
        }
        _ => 0,
    }
}

impl NearIndex {
    pub fn insert(&mut self, id: &str, simhash: u64, year: Option<i32>, organ: Option<&str>) {
        self.entries.push(Entry {
            simhash,
            year,
            organ: organ_key(organ),
        });
        self.ids.push(id.to_string());
    }

    /// The closest record within `max_bits` whose year and organ agree
    /// (unknown agrees with anything); ties go to the first found.
    pub fn closest(
        &self,
        simhash: u64,
        year: Option<i32>,
        organ: Option<&str>,
        max_bits: u32,
    ) -> Option<(String, u32)> {
        let organ = organ_key(organ);
        let mut best: Option<(usize, u32)> = None;
        for (i, e) in self.entries.iter().enumerate() {
            let d = distance(e.simhash, simhash);
            if d > max_bits || best.is_some_and(|(_, bd)| bd <= d) {
                continue;
            }
            let year_ok = match (e.year, year) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            let organ_ok = e.organ == 0 || organ == 0 || e.organ == organ;
            if year_ok && organ_ok {
                best = Some((i, d));
            }
        }
        best.map(|(i, d)| (self.ids[i].clone(), d))
    }
}
