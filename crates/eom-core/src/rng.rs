//! A small deterministic generator (xorshift64*): the same seed gives the same sequence on every
//! machine, so the sample mission is byte-identical everywhere and a failing randomized test can
//! be replayed from its seed. Not for secrets: keys and nonces come from the operating system
//! (`getrandom`).

/// xorshift64* (Vigna 2016): 64 bits of state, period 2^64 − 1.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// The seed is spread over the state, and the state is never zero (a zero state stays zero).
    pub fn new(seed: u64) -> Self {
        XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (up to the modulo's tiny bias); `0` when `n` is `0`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

#[cfg(test)]
mod tests {
    use super::XorShift;

    #[test]
    fn the_sequence_is_fixed() {
        // The sample mission and the generated ones are built from this sequence: a change here
        // changes every file made from a seed.
        let mut r = XorShift::new(20_240_207);
        let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        assert_eq!(
            first,
            [
                1_729_260_509_674_913_136,
                12_631_029_347_984_104_582,
                3_545_231_123_061_480_493
            ]
        );
        assert_eq!(XorShift::new(0).below(0), 0);
    }
}
