//! FNV-1a hashing for the short keys (question codes, answer values) hashed millions of times
//! during an import, where SipHash's resistance to crafted keys buys nothing.

#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type FnvBuild = std::hash::BuildHasherDefault<Fnv>;

/// A set of shown question codes.
pub type CodeSet<'a> = std::collections::HashSet<&'a str, FnvBuild>;
