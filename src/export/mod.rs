//! Snapshots of the corpus (placeholder; being written).
