//! The engine's only source of randomness: a ChaCha20 stream from a 64-bit seed, so a seed
//! reproduces a whole run. Each endpoint gets its own stream, derived from the seed.

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};

/// A seeded ChaCha20 stream: every random byte an endpoint uses (randoms, private keys,
/// nonces) comes from its own one, so the same seed draws the same bytes.
#[derive(Clone)]
pub struct TlsRng(ChaCha20Rng);

impl TlsRng {
    /// `stream` separates the client's randomness from the server's.
    pub fn new(seed: u64, stream: u64) -> TlsRng {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        TlsRng(rng)
    }

    /// The next `N` bytes of the stream.
    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut b = [0u8; N];
        self.0.fill_bytes(&mut b);
        b
    }

    /// The underlying generator, for RustCrypto APIs that take one.
    pub fn inner(&mut self) -> &mut ChaCha20Rng {
        &mut self.0
    }
}

impl TlsRng {
    /// A generator from 32 bytes of fresh entropy (for real connections, e.g. the CLI's).
    pub fn from_entropy(seed: [u8; 32]) -> TlsRng {
        TlsRng(ChaCha20Rng::from_seed(seed))
    }
}
