//! The corpus: one record per unique report, keyed by content hash.

pub mod record;
