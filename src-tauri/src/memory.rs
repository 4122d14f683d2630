//! Giving back the memory a large read freed. glibc keeps what a thread frees in that thread's
//! arena for reuse, so after the statistics of a 20,000-visit mission or a page of review rows the
//! app would stay resident at its peak (about 10 MB more, measured with `make bench-app`) although
//! nothing uses it. `malloc_trim` returns the free pages of every arena. Elsewhere (Windows,
//! macOS, musl) it does nothing: those allocators have no such call or return memory themselves.

use std::time::{Duration, Instant};

/// Work shorter than this allocated too little to be worth a trim (which walks every arena).
const WORTH_TRIMMING: Duration = Duration::from_millis(25);

/// Runs `work` (a command's, holding no lock once it returns), then gives back what it freed if it
/// ran long enough to have allocated much.
pub fn released_after<T>(work: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = work();
    if started.elapsed() >= WORTH_TRIMMING {
        release();
    }
    out
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[expect(unsafe_code, reason = "malloc_trim is a C function")]
fn release() {
    // SAFETY: malloc_trim takes no pointers; glibc locks each arena while it trims it.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release() {}
