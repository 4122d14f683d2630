//! A fast hash for the short keys (question codes, answer values, record ids as text) hashed
//! millions of times during an import or the statistics, where SipHash's resistance to crafted
//! keys buys nothing: FNV-1a's multiply-xor, eight bytes at a time.

#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        // One more round so the high bits (which hashbrown uses for its control bytes) depend on
        // every input byte.
        (self.0 ^ (self.0 >> 32)).wrapping_mul(PRIME)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { OFFSET } else { self.0 };
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h ^ word).wrapping_mul(PRIME).rotate_left(29);
        }
        for b in chunks.remainder() {
            h = (h ^ u64::from(*b)).wrapping_mul(PRIME);
        }
        self.0 = h;
    }
}

pub type FnvBuild = std::hash::BuildHasherDefault<Fnv>;

/// A set of shown question codes.
pub type CodeSet<'a> = std::collections::HashSet<&'a str, FnvBuild>;

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, Hasher};

    use super::*;

    #[test]
    fn distinguishes_keys_that_differ_in_one_byte_anywhere() {
        let hash = |s: &str| FnvBuild::default().hash_one(s);
        let base = "019a5f3e-7c41-7d2a-9b1e-3f5c8a2d4e61";
        let mut seen = std::collections::HashSet::new();
        assert!(seen.insert(hash(base)));
        for i in 0..base.len() {
            let mut b = base.as_bytes().to_vec();
            b[i] ^= 1;
            assert!(
                seen.insert(hash(std::str::from_utf8(&b).unwrap())),
                "byte {i}"
            );
        }
        let mut h = Fnv::default();
        h.write(b"");
        assert_ne!(h.finish(), Fnv::default().finish() ^ 1);
    }
}
