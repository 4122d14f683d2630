//! The bundle reader, and for inputs it accepts, the checks and merge into an empty database:
//! any bytes must be refused with an error or merged, never a panic.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use eom_core::time::{SteppingClock, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.json");
    let Ok(eom_core::bundle::OpenedBundle { bundle, .. }) =
        eom_core::bundle::open_bundle_bytes(path, data)
    else {
        return;
    };
    let clock = Arc::new(SteppingClock::starting_at(Timestamp::from_millis(
        1_707_274_800_000,
    )));
    let mut store = eom_core::Store::open_in_memory(clock).expect("in-memory store");
    // Refusals are fine; panics are not.
    let _ = store.merge_bundle(path, &bundle, true, &mut |_, _| {});
});
