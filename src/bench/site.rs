//! The synthetic county-portal network: which pages exist and what they are.
//!
//! In: the network's size (hosts × articles per host) and a request's host
//! and path. Out: the page to answer (rendered by `pages.rs`), or none (404).
//! Never: keep per-page state — every page is a pure function of (host,
//! index), so memory does not grow with the network, and the same request
//! always gets the same bytes.
//!
//! Each host `k` (`c0001.bench-county.gov.cn` …, or the path prefix
//! `/c0001` on a loopback address) serves:
//!
//! | path | page |
//! |---|---|
//! | `/`, `/index.html` | home: nav, latest items of both columns, a 网站地图 link |
//! | `/sitemap.html` | 网站地图: every list page of both columns (how a crawler that does not read scripts finds the TRS list pages) |
//! | `/zwgk/xxgknb/index.html`, `index_1.html` … | 政府信息公开年报 column: reports and notices, 20 per page, pager only via TRS `createPageHTML(n, i, "index", "html")` |
//! | `/xwzx/index.html`, `index_1.html` … | 新闻动态 column: news, 20 per page, plain 首页/上一页/下一页/尾页 anchors |
//! | `/{column}/YYYYMM/tYYYYMMDD_{100000+a}.html` | article `a` (0 ≤ a < P): `a % 5 == 0` a 政府信息公开工作年度报告, `a % 5 == 1` a notice (most of them about the reports, none a report), otherwise news |
//! | `/robots.txt` | allow all |

use time::{Date, Duration, Month};

/// Registrable domain of every virtual host.
pub const DOMAIN: &str = "bench-county.gov.cn";
/// Items per list page.
pub const PER_LIST: usize = 20;
/// Article `a` has id `FIRST_ID + a` in its file name.
pub const FIRST_ID: usize = 100_000;

/// The two columns of every host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// 政府信息公开年报 (TRS pager): reports and notices.
    Reports,
    /// 新闻动态 (下一页 pager): news.
    News,
}

impl Column {
    pub fn dir(self) -> &'static str {
        match self {
            Column::Reports => "/zwgk/xxgknb/",
            Column::News => "/xwzx/",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Column::Reports => "政府信息公开年报",
            Column::News => "新闻动态",
        }
    }

    /// `index.html`, `index_1.html`, … (page `i`, 0-based).
    pub fn list_file(i: usize) -> String {
        match i {
            0 => "index.html".to_string(),
            i => format!("index_{i}.html"),
        }
    }
}

/// What an article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Report,
    Notice,
    News,
}

/// One article of one host.
#[derive(Debug, Clone, Copy)]
pub struct Article {
    pub index: usize,
    pub kind: Kind,
    pub date: Date,
    /// Deterministic noise for titles, figures and sizes.
    pub seed: u64,
}

impl Article {
    pub fn column(&self) -> Column {
        match self.kind {
            Kind::News => Column::News,
            _ => Column::Reports,
        }
    }

    pub fn id(&self) -> usize {
        FIRST_ID + self.index
    }

    /// `YYYYMM/tYYYYMMDD_ID.html`, relative to the column directory.
    pub fn file(&self) -> String {
        let (y, m, d) = ymd(self.date);
        format!("{y}{m:02}/t{y}{m:02}{d:02}_{}.html", self.id())
    }

    /// Path on its host (without any prefix).
    pub fn path(&self) -> String {
        format!("{}{}", self.column().dir(), self.file())
    }

    /// `YYYY-MM-DD`.
    pub fn date_str(&self) -> String {
        let (y, m, d) = ymd(self.date);
        format!("{y}-{m:02}-{d:02}")
    }
}

pub fn ymd(d: Date) -> (i32, u8, u8) {
    (d.year(), d.month() as u8, d.day())
}

/// A page of one host.
#[derive(Debug, Clone, Copy)]
pub enum Page {
    Home,
    Sitemap,
    List(Column, usize),
    Article(Article),
}

/// splitmix64: deterministic noise from a number.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const COUNTY_A: [&str; 17] = [
    "清", "安", "永", "平", "龙", "云", "青", "兴", "长", "建", "宁", "泰", "和", "新", "东", "西",
    "南",
];
const COUNTY_B: [&str; 13] = [
    "溪", "阳", "川", "山", "江", "丰", "源", "宁", "林", "乐", "城", "湖", "德",
];

/// The network: `hosts` portals with `pages` articles each.
#[derive(Debug, Clone, Copy)]
pub struct Portal {
    pub hosts: usize,
    pub pages: usize,
}

impl Portal {
    /// `c0001.bench-county.gov.cn` for host 0.
    pub fn host_name(k: usize) -> String {
        format!("c{:04}.{DOMAIN}", k + 1)
    }

    /// `/c0001` for host 0: the path prefix of the path-prefixed layout.
    pub fn prefix(k: usize) -> String {
        format!("/c{:04}", k + 1)
    }

    /// Host index of a `cNNNN` label (virtual host or path prefix).
    fn label_index(&self, label: &str) -> Option<usize> {
        let n: usize = label.strip_prefix('c')?.parse().ok()?;
        (label.len() >= 5 && n >= 1 && n <= self.hosts).then(|| n - 1)
    }

    /// Host index of a virtual host name.
    pub fn host_index(&self, host: &str) -> Option<usize> {
        let label = host.strip_suffix(DOMAIN)?.strip_suffix('.')?;
        self.label_index(label)
    }

    /// Host index and the rest of a path-prefixed path (`/c0001/x` → (0, `/x`)).
    pub fn split_prefix<'a>(&self, path: &'a str) -> Option<(usize, &'a str)> {
        let rest = path.strip_prefix('/')?;
        let (label, tail) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        Some((self.label_index(label)?, tail))
    }

    /// The county a host belongs to, e.g. `清溪县`.
    pub fn county(k: usize) -> String {
        format!(
            "{}{}县",
            COUNTY_A[k % COUNTY_A.len()],
            COUNTY_B[(k / COUNTY_A.len() + k) % COUNTY_B.len()]
        )
    }

    /// Articles in a column.
    pub fn column_len(&self, col: Column) -> usize {
        let (full, rest) = (self.pages / 5, self.pages % 5);
        match col {
            Column::Reports => full * 2 + rest.min(2),
            Column::News => full * 3 + rest.saturating_sub(2),
        }
    }

    /// List pages of a column (at least one, even when empty).
    pub fn list_pages(&self, col: Column) -> usize {
        self.column_len(col).div_ceil(PER_LIST).max(1)
    }

    /// The article index of a column's `i`-th item (newest first).
    pub fn column_item(col: Column, i: usize) -> usize {
        match col {
            Column::Reports => i / 2 * 5 + i % 2,
            Column::News => i / 3 * 5 + 2 + i % 3,
        }
    }

    /// Pages a complete crawl of one host fetches (robots.txt not counted).
    pub fn pages_per_host(&self) -> u64 {
        (2 + self.list_pages(Column::Reports) + self.list_pages(Column::News) + self.pages) as u64
    }

    /// Annual reports per host.
    pub fn reports_per_host(&self) -> u64 {
        self.pages.div_ceil(5) as u64
    }

    pub fn article(&self, k: usize, a: usize) -> Article {
        let kind = match a % 5 {
            0 => Kind::Report,
            1 => Kind::Notice,
            _ => Kind::News,
        };
        let start = Date::from_calendar_date(2025, Month::June, 30).expect("valid date");
        let back = (a as i64) * 2 + (k % 3) as i64;
        let date = start
            .checked_sub(Duration::days(back.min(365 * 200)))
            .unwrap_or(start);
        Article {
            index: a,
            kind,
            date,
            seed: mix(((k as u64) << 32) ^ a as u64),
        }
    }

    /// The page at `path` (prefix already removed) of host `k`.
    pub fn route(&self, k: usize, path: &str) -> Option<Page> {
        match path {
            "/" | "/index.html" => return Some(Page::Home),
            "/sitemap.html" => return Some(Page::Sitemap),
            _ => {}
        }
        let (col, rest) = [Column::Reports, Column::News]
            .into_iter()
            .find_map(|c| path.strip_prefix(c.dir()).map(|r| (c, r)))?;
        if let Some(i) = list_index(rest) {
            return (i < self.list_pages(col)).then_some(Page::List(col, i));
        }
        // YYYYMM/tYYYYMMDD_ID.html
        let id: usize = rest
            .strip_suffix(".html")?
            .rsplit('_')
            .next()?
            .parse()
            .ok()?;
        let a = id.checked_sub(FIRST_ID)?;
        if a >= self.pages {
            return None;
        }
        let art = self.article(k, a);
        (art.column() == col && art.file() == rest).then_some(Page::Article(art))
    }
}

/// `index.html` → 0, `index_3.html` → 3.
fn list_index(file: &str) -> Option<usize> {
    if file == "index.html" {
        return Some(0);
    }
    let n = file.strip_prefix("index_")?.strip_suffix(".html")?;
    if n.starts_with('0') {
        return None;
    }
    n.parse().ok().filter(|&i| i > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_partition_the_articles() {
        for pages in [0, 1, 2, 3, 7, 20, 499, 500] {
            let p = Portal { hosts: 3, pages };
            let r = p.column_len(Column::Reports);
            let n = p.column_len(Column::News);
            assert_eq!(r + n, pages);
            let mut seen: Vec<usize> = (0..r)
                .map(|i| Portal::column_item(Column::Reports, i))
                .chain((0..n).map(|i| Portal::column_item(Column::News, i)))
                .collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..pages).collect::<Vec<_>>());
        }
    }

    #[test]
    fn routes_round_trip() {
        let p = Portal {
            hosts: 4,
            pages: 50,
        };
        for a in 0..50 {
            let art = p.article(2, a);
            match p.route(2, &art.path()) {
                Some(Page::Article(b)) => assert_eq!(b.index, a),
                other => panic!("{a}: {other:?}"),
            }
        }
        assert!(p.route(0, "/xwzx/index_1.html").is_some());
        assert!(p.route(0, "/zwgk/xxgknb/index_1.html").is_none());
        assert!(p.route(0, "/xwzx/index_2.html").is_none());
        assert!(p.route(0, "/xwzx/202506/t20250630_100000.html").is_none());
        assert_eq!(p.host_index("c0004.bench-county.gov.cn"), Some(3));
        assert_eq!(p.host_index("c0005.bench-county.gov.cn"), None);
        assert_eq!(p.split_prefix("/c0001/xwzx/"), Some((0, "/xwzx/")));
        assert_eq!(p.split_prefix("/c0002"), Some((1, "/")));
    }
}
