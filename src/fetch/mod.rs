//! The fetch stage: everything between a URL and its bytes.
//!
//! - [`client`]: one HTTP request with timeouts, streamed size caps and
//!   bounded headers.
//! - [`ssrf`]: which addresses a request may go to.
//! - [`retry`]: which failures get another try, and when.
//! - [`robots`]: robots.txt status rules, rules and Crawl-delay.
//! - [`charset`]: bytes → text, the way Chinese portals need.
//! - [`antibot`]: recognising challenge pages we must not loop on.
//!
//! Nothing here knows about the frontier or schedules anything: politeness
//! lives in the engine's host table (`crawl::hosts`).

pub mod antibot;
pub mod charset;
pub mod client;
pub mod retry;
pub mod robots;
pub mod ssrf;
