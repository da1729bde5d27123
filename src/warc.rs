//! WARC output (placeholder; being written).
