//! `catch_unwind` without the noise: panics the PDF reader catches are kept
//! off the process's panic hook.
//!
//! Why: pdf-extract panics on much real input. Every such panic is caught
//! (it costs a page, a font or the file, and its message becomes the
//! failure reason), but Rust runs the panic hook before unwinding starts,
//! so the default hook still prints `thread … panicked at …` to stderr,
//! which in an unattended crawl reads like a crash.
//!
//! In: a closure, run as [`catch_quietly`]. Out: exactly what
//! [`std::panic::catch_unwind`] gives. While the closure runs, a panic on
//! *this thread* skips the previous hook and becomes a `tracing::debug!`
//! line. The hook doing that is installed once per process (a [`Once`]),
//! wrapping whatever hook was set before; it consults a thread-local flag
//! that a guard sets for the closure's duration and restores on drop (also
//! on unwind, and nested calls restore the outer value).
//!
//! Must never: silence a panic that is not about to be caught (the flag
//! covers only the closure handed to `catch_unwind`, never the code around
//! it), silence another thread's panic (the flag is thread-local), or leave
//! the flag set afterwards. Panics anywhere else reach the previous hook
//! unchanged. An application that replaces the panic hook *after* the
//! first PDF was read drops this filter (its own hook then decides).

use std::cell::Cell;
use std::marker::PhantomData;
use std::panic::{self, PanicHookInfo, UnwindSafe};
use std::sync::Once;

/// A panic hook, as [`panic::take_hook`] returns it.
type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

thread_local! {
    /// Set while this thread runs a closure under [`catch_quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static INSTALL: Once = Once::new();

/// [`panic::catch_unwind`], with this thread's panics kept off the previous
/// panic hook while `f` runs (logged at debug level instead).
pub(super) fn catch_quietly<R>(f: impl FnOnce() -> R + UnwindSafe) -> std::thread::Result<R> {
    install();
    let _quiet = QuietGuard::new();
    panic::catch_unwind(f)
}

/// Put the filtering hook in front of the current one, once per process.
fn install() {
    INSTALL.call_once(|| panic::set_hook(quieting(panic::take_hook())));
}

/// `previous`, skipped for panics raised while this thread is quiet.
fn quieting(previous: Hook) -> Hook {
    Box::new(move |info| {
        if is_quiet() {
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str))
                .unwrap_or("non-string panic payload");
            let location = info.location().map(ToString::to_string).unwrap_or_default();
            tracing::debug!(%location, "PDF reader panic caught: {message}");
        } else {
            previous(info);
        }
    })
}

/// Whether this thread is inside [`catch_quietly`]. `false` while the
/// thread's locals are being torn down.
fn is_quiet() -> bool {
    QUIET.try_with(Cell::get).unwrap_or(false)
}

/// Sets this thread's quiet flag; restores the earlier value when dropped.
/// Not `Send`: it must be dropped on the thread whose flag it set.
struct QuietGuard {
    was: bool,
    _this_thread: PhantomData<*const ()>,
}

impl QuietGuard {
    fn new() -> QuietGuard {
        QuietGuard {
            was: QUIET.with(|q| q.replace(true)),
            _this_thread: PhantomData,
        }
    }
}

impl Drop for QuietGuard {
    fn drop(&mut self) {
        let was = self.was;
        let _ = QUIET.try_with(|q| q.set(was));
    }
}

/// How the panic hook saw the panics of one thread, for tests.
#[cfg(test)]
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct HookCalls {
    /// Panics raised on the thread (every panic runs the hook).
    pub raised: usize,
    /// Of those, the ones passed on to the hook that was there before.
    pub reached_previous: usize,
}

/// Run `f` with a counting hook under the filter, for tests: the filter is
/// the same [`quieting`] the process uses, wrapped around a hook that
/// counts this thread's panics and passes every panic on to the real hook
/// (so other threads' panics, and this one's, still print as before). The
/// real hook is restored afterwards; swaps are serialized.
#[cfg(test)]
pub(super) fn count_hook_calls<R>(f: impl FnOnce() -> R + UnwindSafe) -> (R, HookCalls) {
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::sync::{Arc, Mutex};

    static SWAPPING: Mutex<()> = Mutex::new(());
    let _one_at_a_time = SWAPPING.lock().unwrap_or_else(|e| e.into_inner());
    install();
    let me = std::thread::current().id();
    let raised = Arc::new(AtomicUsize::new(0));
    let reached = Arc::new(AtomicUsize::new(0));
    let real: Arc<Hook> = Arc::new(panic::take_hook());
    let previous: Hook = {
        let (reached, real) = (Arc::clone(&reached), Arc::clone(&real));
        Box::new(move |info| {
            if std::thread::current().id() == me {
                reached.fetch_add(1, SeqCst);
            }
            real(info);
        })
    };
    let filter = quieting(previous);
    let test_hook: Hook = {
        let raised = Arc::clone(&raised);
        Box::new(move |info| {
            if std::thread::current().id() == me {
                raised.fetch_add(1, SeqCst);
            }
            filter(info);
        })
    };
    panic::set_hook(test_hook);
    let outcome = panic::catch_unwind(f);
    drop(panic::take_hook());
    match Arc::try_unwrap(real) {
        Ok(real) => panic::set_hook(real),
        Err(_) => unreachable!("the test hook, the only other owner, was dropped"),
    }
    let calls = HookCalls {
        raised: raised.load(SeqCst),
        reached_previous: reached.load(SeqCst),
    };
    match outcome {
        Ok(out) => (out, calls),
        Err(payload) => panic::resume_unwind(payload),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caught_panics_skip_the_previous_hook_others_reach_it() {
        let ((inside, outside), calls) = count_hook_calls(|| {
            let inside = catch_quietly(|| panic!("expected: inside the quiet scope"));
            let outside = panic::catch_unwind(|| panic!("expected: outside the quiet scope"));
            (inside.is_err(), outside.is_err())
        });
        assert!(inside && outside);
        assert_eq!(
            calls,
            HookCalls {
                raised: 2,
                reached_previous: 1
            }
        );
        // Quiet scope only: nothing panicking reaches the previous hook.
        let (value, calls) = count_hook_calls(|| catch_quietly(|| 7).ok());
        assert_eq!(value, Some(7));
        assert_eq!(calls, HookCalls::default());
    }

    #[test]
    fn flag_is_reset_after_unwinding_and_nesting() {
        assert!(!is_quiet());
        let caught = catch_quietly(|| {
            assert!(is_quiet());
            panic!("expected: unwinds through the guard");
        });
        assert!(caught.is_err());
        assert!(!is_quiet());
        // A guard dropped by the unwinding itself resets the flag too.
        install();
        let caught = panic::catch_unwind(|| {
            let _quiet = QuietGuard::new();
            panic!("expected: guard dropped while unwinding");
        });
        assert!(caught.is_err());
        assert!(!is_quiet());
        // Nested: the inner scope ends, the outer one is still quiet.
        let outer = catch_quietly(|| {
            let inner = catch_quietly(|| panic!("expected: nested"));
            (inner.is_err(), is_quiet())
        });
        assert_eq!(outer.ok(), Some((true, true)));
        assert!(!is_quiet());
    }

    #[test]
    fn other_threads_are_not_quieted() {
        let (here, other) = {
            let _quiet = QuietGuard::new();
            (is_quiet(), std::thread::spawn(is_quiet).join().ok())
        };
        assert!(here);
        assert_eq!(other, Some(false));
    }
}
