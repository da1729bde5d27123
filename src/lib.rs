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
//! | engine | [`crawl`] | the async loop tying the stages together |

pub mod cli;
pub mod config;
pub mod crawl;
pub mod discover;
pub mod fetch;
pub mod frontier;
pub mod seeds;
pub mod store;
pub mod understand;
