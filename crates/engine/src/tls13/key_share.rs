//! The key shares of a TLS 1.3 handshake (RFC 8446 §4.2.8): X25519 alone, or the hybrid
//! X25519MLKEM768 (draft-ietf-tls-ecdhe-mlkem), and the (EC)DHE shared secret they give.
//! Each value is reported as it comes to exist, the hybrid's two halves apart.

use crate::common::Common;
use crate::crypto::key_exchange::{
    EcdhKeyPair, HybridClientKey, HybridSecret, hybrid_server_encapsulate,
};
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::suites::Group;

/// The names of a client key share's two parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShareNames {
    /// The private key's name.
    pub private: Secret,
    /// The public key's name: that of the KeyShareEntry.key_exchange sent.
    pub public: Secret,
}

impl ShareNames {
    /// The first ClientHello's share.
    pub const FIRST: ShareNames = ShareNames {
        private: Secret::ClientKeySharePrivate,
        public: Secret::ClientKeyShare,
    };
    /// The share of the ClientHello that answers a HelloRetryRequest.
    pub const RETRY: ShareNames = ShareNames {
        private: Secret::RetryClientKeySharePrivate,
        public: Secret::RetryClientKeyShare,
    };
}

/// The client's private half of one key share.
#[derive(Clone)]
pub enum ClientShare {
    /// An X25519 key pair (RFC 7748).
    X25519(EcdhKeyPair),
    /// The hybrid's ML-KEM-768 decapsulation key and X25519 key pair.
    X25519MlKem768(Box<HybridClientKey>),
}

impl ClientShare {
    /// A fresh key for `group`. `report` names its private and public parts when they are
    /// to be reported through `cx`: a client offering several shares reports the one it
    /// leads with, and after a HelloRetryRequest its new share has names of its own.
    pub fn generate(cx: &mut Common, group: Group, report: Option<ShareNames>) -> ClientShare {
        let share = match group {
            Group::X25519 => ClientShare::X25519(EcdhKeyPair::generate(&mut cx.rng)),
            Group::X25519MlKem768 => {
                ClientShare::X25519MlKem768(Box::new(HybridClientKey::generate(&mut cx.rng)))
            }
        };
        if let Some(names) = report {
            cx.secret(names.private, &share.private_bytes());
            cx.secret(names.public, &share.public());
        }
        share
    }

    /// The group the share is for.
    pub fn group(&self) -> Group {
        match self {
            ClientShare::X25519(_) => Group::X25519,
            ClientShare::X25519MlKem768(_) => Group::X25519MlKem768,
        }
    }

    /// KeyShareEntry.key_exchange.
    pub fn public(&self) -> Vec<u8> {
        match self {
            ClientShare::X25519(pair) => pair.public.to_vec(),
            ClientShare::X25519MlKem768(key) => key.key_share(),
        }
    }

    /// What never leaves the client: the X25519 scalar, and for the hybrid first the
    /// ML-KEM seed `d ‖ z` the decapsulation key is made from.
    fn private_bytes(&self) -> Vec<u8> {
        match self {
            ClientShare::X25519(pair) => pair.private_bytes().to_vec(),
            ClientShare::X25519MlKem768(key) => {
                [&key.mlkem_seed[..], &key.x25519.private_bytes()[..]].concat()
            }
        }
    }

    /// The shared secret from the server's share, reported with its halves.
    pub fn agree(&self, cx: &mut Common, server_share: &[u8]) -> Result<Vec<u8>, TlsError> {
        cx.secret(Secret::ServerKeyShare, server_share);
        let agreed = match self {
            ClientShare::X25519(pair) => Agreed::X25519(pair.agree(server_share)?),
            ClientShare::X25519MlKem768(key) => Agreed::Hybrid(key.decapsulate(server_share)?),
        };
        Ok(agreed.report(cx))
    }
}

/// The server's answer to the client's share of `group`: its own share and the shared
/// secret, each reported through `cx`.
pub fn server_agree(
    cx: &mut Common,
    group: Group,
    client_share: &[u8],
    names: ShareNames,
) -> Result<(Vec<u8>, Vec<u8>), TlsError> {
    cx.secret(names.public, client_share);
    let (private, public, shared) = match group {
        Group::X25519 => {
            let pair = EcdhKeyPair::generate(&mut cx.rng);
            let shared = pair.agree(client_share)?;
            (
                pair.private_bytes(),
                pair.public.to_vec(),
                Agreed::X25519(shared),
            )
        }
        Group::X25519MlKem768 => {
            let answer = hybrid_server_encapsulate(&mut cx.rng, client_share)?;
            let public = answer.key_share();
            (
                answer.x25519.private_bytes(),
                public,
                Agreed::Hybrid(answer.secret),
            )
        }
    };
    cx.secret(Secret::ServerKeySharePrivate, &private);
    cx.secret(Secret::ServerKeyShare, &public);
    Ok((public, shared.report(cx)))
}

/// What a key exchange gave: one X25519 secret, or the hybrid's two halves.
enum Agreed {
    X25519([u8; 32]),
    Hybrid(HybridSecret),
}

impl Agreed {
    /// Reports the halves (if any) and the shared secret, and returns the secret.
    fn report(self, cx: &mut Common) -> Vec<u8> {
        let shared = match self {
            Agreed::X25519(z) => z.to_vec(),
            Agreed::Hybrid(h) => {
                cx.secret(Secret::MlKemSharedSecret, &h.mlkem);
                cx.secret(Secret::X25519SharedSecret, &h.x25519);
                h.shared_secret().to_vec()
            }
        };
        cx.secret(Secret::SharedSecret, &shared);
        shared
    }
}
