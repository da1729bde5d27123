//! Process figures from Linux `/proc`: CPU time and peak resident memory.
//!
//! In: a process id (or this process). Out: CPU seconds (user + system,
//! every thread, living or exited) and `VmHWM` / `VmRSS`. Never: fail
//! loudly — on a system without `/proc` the figures are `None`.
//!
//! CPU comes from fields 14 and 15 of `/proc/PID/stat`, in clock ticks of
//! 1/100 s (`USER_HZ`, 100 on every Linux architecture the crate targets).

/// Clock ticks per second of `/proc/*/stat` times.
const USER_HZ: f64 = 100.0;

/// User + system CPU seconds of process `pid` ("self" for this one).
pub fn cpu_secs(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces; count after its ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // rest starts at field 3 (state): utime is field 14, stime field 15.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / USER_HZ)
}

/// A `kB` line of `/proc/PID/status` (`VmHWM`, `VmRSS`), in bytes.
pub fn status_bytes(pid: &str, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status
        .lines()
        .find(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))?;
    let kb: u64 = line[key.len() + 1..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// Peak resident set size of this process so far.
pub fn peak_rss() -> Option<u64> {
    status_bytes("self", "VmHWM")
}

/// The `q`-quantile (0..=1) of sorted values (nearest rank).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Bytes on disk under `dir` (recursively).
pub fn dir_bytes(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_figures_are_readable_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(cpu_secs("self").is_some());
            assert!(peak_rss().unwrap() > 0);
            assert!(status_bytes("self", "VmRSS").unwrap() > 0);
        }
    }

    #[test]
    fn quantiles() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), 2.0);
        assert_eq!(quantile(&v, 0.95), 4.0);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }
}
