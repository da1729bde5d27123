//! Report parsing (placeholder).
