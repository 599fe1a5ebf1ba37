//! The browser's ClientHello, and the ServerHello that says which version the handshake
//! continues in.

use crate::client::ClientConfig;
use crate::common::Common;
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::enums::{
    CipherSuite, Compression, ExtensionType, NamedGroup, ProtocolVersion, SignatureScheme,
};
use crate::msgs::extensions::Extension;
use crate::msgs::handshake::{ClientHello, Handshake, ServerHello};
use crate::msgs::suites::KeyExchange;
use crate::tls12;

use super::State;

/// The version this client offers in a TLS 1.2 ClientHello's client_version (and so puts in
/// an RSA pre-master secret).
pub const CLIENT_VERSION: ProtocolVersion = ProtocolVersion::Tls12;

/// The ClientHello is sent; the ServerHello says how to go on.
pub struct ExpectServerHello {
    client_random: [u8; 32],
}

impl ExpectServerHello {
    pub fn send_client_hello(cx: &mut Common, config: &ClientConfig) -> Result<Self, TlsError> {
        let client_random: [u8; 32] = cx.rng.bytes();
        cx.secret(Secret::ClientRandom, &client_random);
        let mut cipher_suites: Vec<CipherSuite> =
            config.offer.iter().map(|kx| kx.suite()).collect();
        // RFC 5746 §3.4: signal secure renegotiation support; the SCSV is what most browsers send.
        cipher_suites.push(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        let mut ext = vec![Extension::server_name(&config.server_name)];
        if config.ems {
            ext.push(Extension::empty(ExtensionType::ExtendedMasterSecret));
        }
        if config.offer.contains(&KeyExchange::Ecdhe) {
            ext.push(Extension::supported_groups(&[NamedGroup::x25519]));
            ext.push(Extension::ec_point_formats());
        }
        ext.push(Extension::signature_algorithms(&[
            SignatureScheme::rsa_pkcs1_sha256,
        ]));
        let hello = ClientHello {
            client_version: CLIENT_VERSION,
            random: client_random,
            session_id: Vec::new(),
            cipher_suites,
            compression_methods: vec![Compression::Null],
            extensions: ext,
        };
        cx.send_handshake(&Handshake::ClientHello(hello))?;
        Ok(ExpectServerHello { client_random })
    }

    /// Reads the ServerHello (already added to handshake_messages).
    pub fn handle(
        self,
        cx: &mut Common,
        config: &ClientConfig,
        m: ServerHello,
    ) -> Result<State, TlsError> {
        tls12::client::accept(cx, config, self.client_random, m).map(State::Tls12)
    }
}
