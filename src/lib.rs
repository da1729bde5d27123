//! harvester: seeds → a polite, resumable crawl → annual reports.
//!
//! The crate is laid out as the pipeline it runs:
//!
//! | stage | module | in → out |
//! |---|---|---|
//! | seeds | [`seeds`] | seed files → [`seeds::Seed`]s (bad lines reported, never fatal) |
//! | config | [`config`] | `config.toml` → [`config::Config`] |
//! | frontier | [`frontier`] | discovered URLs → persisted states and per-host queues (sled) |
//! | fetch | [`fetch`] | a request → bytes, status and headers (polite, capped, retried) |
//! | page understanding | [`discover`], [`understand`] | decoded page → links to follow; page or attachment → clean document, kind, year, organ |
//! | store | [`store`] | the data directory: one sled database, locked |
//! | corpus | [`corpus`] | a fetched report → one record per content hash, raw bytes kept, near-duplicates flagged |
//! | parse | [`parse`] | a stored report → its tables as numbers (the hand-off trait) |
//! | export | [`export`] | the corpus → snapshot files (jsonl, jsonl.zst, csv, parquet), written atomically |
//! | archive | [`warc`] | every response → WARC files |
//! | stats | [`stats`] | the data dir → counts per seed, site, year and kind |
//! | engine | [`crawl`] | the async loop tying the stages together |
//! | benchmark | [`bench`] | a synthetic portal network on loopback → pages/s, CPU per page, peak RSS |

pub mod bench;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod crawl;
pub mod discover;
pub mod export;
pub mod fetch;
pub mod frontier;
pub mod parse;
pub mod seeds;
pub mod stats;
pub mod store;
pub mod understand;
pub mod warc;
