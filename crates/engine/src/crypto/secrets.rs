//! Every value the key schedule uses, named as the RFC names it, with its formula and inputs:
//! one table, so the transcript, the key log and the page's diagram all agree.

use serde::Serialize;

use crate::msgs::suites::Group;
use crate::tls13::key_schedule::Label;

/// What a value's formula depends on besides its name: the handshake it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    /// A TLS 1.3 handshake (RFC 8446 §7.1) rather than TLS 1.2.
    pub tls13: bool,
    /// TLS 1.2: the extended master secret (RFC 7627) is in use.
    pub ems: bool,
    /// TLS 1.2: ECDHE rather than RSA key transport.
    pub ecdhe: bool,
    /// TLS 1.3: the key-exchange group of the key shares.
    pub group: Group,
    /// TLS 1.3: a HelloRetryRequest came first, so the transcript starts with message_hash.
    pub hrr: bool,
    /// The handshake resumes an earlier session: in TLS 1.3 the Early Secret is made of the
    /// ticket's PSK; in TLS 1.2 the master secret is the session's, carried over.
    pub resumed: bool,
}

/// A value of the key schedule: TLS 1.2 (RFC 5246 §8.1, §6.3, §7.4.9; RFC 7627 §4) or
/// TLS 1.3 (RFC 8446 §7.1, §7.3, §4.4.4). The two share the randoms, master_secret and the
/// Finished values, whose formulas then depend on the [`Context`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Secret {
    /// `ClientHello.random` (RFC 5246 §7.4.1.2, RFC 8446 §4.1.2).
    ClientRandom,
    /// `ServerHello.random`.
    ServerRandom,
    /// RSA key exchange: chosen by the client.
    PreMasterSecret,
    /// RSA key exchange: the pre-master secret encrypted to the server's public key.
    EncryptedPreMasterSecret,
    /// TLS 1.2 ECDHE: the client's X25519 private scalar, never sent.
    ClientEcdhPrivate,
    /// TLS 1.2 ECDHE: `ClientECDiffieHellmanPublic`, the client's X25519 public key (RFC 8422 §5.7).
    ClientEcdhPublic,
    /// TLS 1.2 ECDHE: the server's X25519 private scalar, never sent.
    ServerEcdhPrivate,
    /// TLS 1.2 ECDHE: `ServerECDHParams.public`, sent in ServerKeyExchange (RFC 8422 §5.4).
    ServerEcdhPublic,
    /// Hash of the handshake messages up to and including ClientKeyExchange (RFC 7627 §3).
    SessionHash,
    /// TLS 1.2's `master_secret` (RFC 5246 §8.1), or TLS 1.3's Master Secret stage.
    MasterSecret,
    /// TLS 1.2's `key_block`: the PRF output the write keys and IVs are cut from (RFC 5246 §6.3).
    KeyBlock,
    /// TLS 1.2's `client_write_key`.
    ClientWriteKey,
    /// TLS 1.2's `server_write_key`.
    ServerWriteKey,
    /// TLS 1.2's `client_write_IV` (AES-GCM's salt).
    ClientWriteIv,
    /// TLS 1.2's `server_write_IV` (AES-GCM's salt).
    ServerWriteIv,
    /// The client Finished's `verify_data` (RFC 5246 §7.4.9, RFC 8446 §4.4.4).
    ClientVerifyData,
    /// The server Finished's `verify_data`.
    ServerVerifyData,
    // TLS 1.3: the key shares (RFC 8446 §4.2.8) and the (EC)DHE shared secret.
    /// TLS 1.3: the private part of the client's key share, never sent.
    ClientKeySharePrivate,
    /// TLS 1.3: the ClientHello's `KeyShareEntry.key_exchange` for the group used.
    ClientKeyShare,
    /// TLS 1.3: the private part of the server's key share, never sent.
    ServerKeySharePrivate,
    /// TLS 1.3: the ServerHello's `KeyShareEntry.key_exchange`.
    ServerKeyShare,
    /// After a HelloRetryRequest: the second ClientHello's share, for the group the server
    /// asked for (the first one's was refused).
    RetryClientKeySharePrivate,
    /// The second ClientHello's `key_exchange`, for the group the server asked for.
    RetryClientKeyShare,
    /// X25519MLKEM768: the ML-KEM-768 half of the shared secret.
    MlKemSharedSecret,
    /// X25519MLKEM768: the X25519 half of the shared secret.
    X25519SharedSecret,
    /// TLS 1.3: the (EC)DHE shared secret, the IKM of the Handshake Secret.
    SharedSecret,
    // TLS 1.3: the key schedule (RFC 8446 §7.1).
    /// Early Secret, the first stage of the schedule; with no PSK, HKDF-Extract of zeros.
    EarlySecret,
    /// `Derive-Secret(Early Secret, "derived", "")`: the Handshake Secret's salt.
    DerivedForHandshake,
    /// Handshake Secret: HKDF-Extract of the shared secret.
    HandshakeSecret,
    /// Transcript-Hash(ClientHello…ServerHello): both hellos travel in the clear.
    HelloHash,
    /// `client_handshake_traffic_secret`: keys the client's handshake records.
    ClientHandshakeTrafficSecret,
    /// `server_handshake_traffic_secret`: keys the server's handshake records.
    ServerHandshakeTrafficSecret,
    /// The client's handshake `write_key` (RFC 8446 §7.3).
    ClientHandshakeKey,
    /// The client's handshake `write_iv`.
    ClientHandshakeIv,
    /// The server's handshake `write_key`.
    ServerHandshakeKey,
    /// The server's handshake `write_iv`.
    ServerHandshakeIv,
    /// The server's `finished_key` (RFC 8446 §4.4.4).
    ServerFinishedKey,
    /// `Derive-Secret(Handshake Secret, "derived", "")`: the Master Secret's salt.
    DerivedForMaster,
    /// Transcript-Hash(ClientHello…server Finished).
    ServerFinishedHash,
    /// `client_application_traffic_secret_0`: keys the client's application data.
    ClientApplicationTrafficSecret,
    /// `server_application_traffic_secret_0`: keys the server's application data.
    ServerApplicationTrafficSecret,
    /// `exporter_master_secret`, for keying material exporters (RFC 8446 §7.5).
    ExporterMasterSecret,
    /// The client's application `write_key`.
    ClientApplicationKey,
    /// The client's application `write_iv`.
    ClientApplicationIv,
    /// The server's application `write_key`.
    ServerApplicationKey,
    /// The server's application `write_iv`.
    ServerApplicationIv,
    /// The client's `finished_key`.
    ClientFinishedKey,
    /// Transcript-Hash(ClientHello…client Finished).
    ClientFinishedHash,
    /// `resumption_master_secret`: what ticket PSKs are derived from (RFC 8446 §7.1).
    ResumptionMasterSecret,
    /// The pre-shared key a NewSessionTicket stands for (RFC 8446 §4.6.1).
    TicketPsk,
    /// Mutual TLS: the hash the browser's CertificateVerify signs. TLS 1.2: of ClientHello…
    /// ClientKeyExchange (RFC 5246 §7.4.8); TLS 1.3: Transcript-Hash(ClientHello…client
    /// Certificate) (RFC 8446 §4.4.3).
    ClientCertificateVerifyHash,
    /// TLS 1.3 resumption: the PSK the ticket stands for, from the earlier connection's
    /// resumption_master_secret (RFC 8446 §4.6.1); the Early Secret is made of it.
    #[cfg(feature = "resumption")]
    Psk,
    /// TLS 1.3 resumption: `Derive-Secret(Early Secret, "res binder", "")` (RFC 8446 §7.1).
    #[cfg(feature = "resumption")]
    BinderKey,
    /// TLS 1.3 resumption: the binder's HMAC key, `HKDF-Expand-Label(binder_key, "finished", "", 32)`.
    #[cfg(feature = "resumption")]
    BinderFinishedKey,
    /// TLS 1.3 resumption: the PSK binder in the ClientHello (RFC 8446 §4.2.11.2).
    #[cfg(feature = "resumption")]
    PskBinder,
    /// TLS 1.3 0-RTT: `Derive-Secret(Early Secret, "c e traffic", ClientHello)` (RFC 8446 §7.1).
    #[cfg(feature = "resumption")]
    ClientEarlyTrafficSecret,
    /// TLS 1.3 0-RTT: the early data's write key (RFC 8446 §7.3).
    #[cfg(feature = "resumption")]
    ClientEarlyKey,
    /// TLS 1.3 0-RTT: the early data's write IV.
    #[cfg(feature = "resumption")]
    ClientEarlyIv,
}

/// The HKDF step that makes a TLS 1.3 value (RFC 8446 §7.1), named beside it in the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hkdf {
    /// `HKDF-Extract`: one stage of the schedule (Early, Handshake, Master Secret).
    Extract,
    /// `Derive-Secret(Secret, Label, Messages)`: keyed by a hash of the handshake so far.
    DeriveSecret(Label),
    /// `HKDF-Expand-Label(Secret, Label, Context, Length)`: keys, IVs, finished keys.
    ExpandLabel(Label),
}

/// Serialised as its id, e.g. `"master_secret"`.
impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl Secret {
    /// Stable identifier (used by the views and in JSON).
    pub fn id(self) -> &'static str {
        match self {
            Secret::ClientRandom => "client_random",
            Secret::ServerRandom => "server_random",
            Secret::PreMasterSecret => "pre_master_secret",
            Secret::EncryptedPreMasterSecret => "encrypted_pre_master_secret",
            Secret::ClientEcdhPrivate => "client_ecdh_private",
            Secret::ClientEcdhPublic => "client_ecdh_public",
            Secret::ServerEcdhPrivate => "server_ecdh_private",
            Secret::ServerEcdhPublic => "server_ecdh_public",
            Secret::SessionHash => "session_hash",
            Secret::MasterSecret => "master_secret",
            Secret::KeyBlock => "key_block",
            Secret::ClientWriteKey => "client_write_key",
            Secret::ServerWriteKey => "server_write_key",
            Secret::ClientWriteIv => "client_write_IV",
            Secret::ServerWriteIv => "server_write_IV",
            Secret::ClientVerifyData => "client_verify_data",
            Secret::ServerVerifyData => "server_verify_data",
            Secret::ClientKeySharePrivate => "client_key_share_private",
            Secret::ClientKeyShare => "client_key_share",
            Secret::ServerKeySharePrivate => "server_key_share_private",
            Secret::ServerKeyShare => "server_key_share",
            Secret::RetryClientKeySharePrivate => "retry_client_key_share_private",
            Secret::RetryClientKeyShare => "retry_client_key_share",
            Secret::MlKemSharedSecret => "mlkem_shared_secret",
            Secret::X25519SharedSecret => "x25519_shared_secret",
            Secret::SharedSecret => "shared_secret",
            Secret::EarlySecret => "early_secret",
            Secret::DerivedForHandshake => "derived_early",
            Secret::HandshakeSecret => "handshake_secret",
            Secret::HelloHash => "hello_hash",
            Secret::ClientHandshakeTrafficSecret => "client_handshake_traffic_secret",
            Secret::ServerHandshakeTrafficSecret => "server_handshake_traffic_secret",
            Secret::ClientHandshakeKey => "client_handshake_key",
            Secret::ClientHandshakeIv => "client_handshake_iv",
            Secret::ServerHandshakeKey => "server_handshake_key",
            Secret::ServerHandshakeIv => "server_handshake_iv",
            Secret::ServerFinishedKey => "server_finished_key",
            Secret::DerivedForMaster => "derived_handshake",
            Secret::ServerFinishedHash => "server_finished_hash",
            Secret::ClientApplicationTrafficSecret => "client_application_traffic_secret_0",
            Secret::ServerApplicationTrafficSecret => "server_application_traffic_secret_0",
            Secret::ExporterMasterSecret => "exporter_master_secret",
            Secret::ClientApplicationKey => "client_application_key",
            Secret::ClientApplicationIv => "client_application_iv",
            Secret::ServerApplicationKey => "server_application_key",
            Secret::ServerApplicationIv => "server_application_iv",
            Secret::ClientFinishedKey => "client_finished_key",
            Secret::ClientFinishedHash => "client_finished_hash",
            Secret::ResumptionMasterSecret => "resumption_master_secret",
            Secret::TicketPsk => "ticket_psk",
            Secret::ClientCertificateVerifyHash => "client_certificate_verify_hash",
            #[cfg(feature = "resumption")]
            Secret::Psk => "psk",
            #[cfg(feature = "resumption")]
            Secret::BinderKey => "binder_key",
            #[cfg(feature = "resumption")]
            Secret::BinderFinishedKey => "binder_finished_key",
            #[cfg(feature = "resumption")]
            Secret::PskBinder => "psk_binder",
            #[cfg(feature = "resumption")]
            Secret::ClientEarlyTrafficSecret => "client_early_traffic_secret",
            #[cfg(feature = "resumption")]
            Secret::ClientEarlyKey => "client_early_key",
            #[cfg(feature = "resumption")]
            Secret::ClientEarlyIv => "client_early_iv",
        }
    }

    /// The name a learner meets in the RFC.
    pub fn name(self) -> &'static str {
        match self {
            Secret::ClientRandom => "ClientHello.random",
            Secret::ServerRandom => "ServerHello.random",
            Secret::PreMasterSecret => "pre_master_secret",
            Secret::EncryptedPreMasterSecret => "EncryptedPreMasterSecret",
            Secret::ClientEcdhPrivate => "client X25519 private key",
            Secret::ClientEcdhPublic => "ClientECDiffieHellmanPublic",
            Secret::ServerEcdhPrivate => "server X25519 private key",
            Secret::ServerEcdhPublic => "ServerECDHParams.public",
            Secret::SessionHash => "session_hash",
            Secret::MasterSecret => "master_secret",
            Secret::KeyBlock => "key_block",
            Secret::ClientWriteKey => "client_write_key",
            Secret::ServerWriteKey => "server_write_key",
            Secret::ClientWriteIv => "client_write_IV",
            Secret::ServerWriteIv => "server_write_IV",
            Secret::ClientVerifyData => "client Finished.verify_data",
            Secret::ServerVerifyData => "server Finished.verify_data",
            Secret::ClientKeySharePrivate => "client key share private key",
            Secret::ClientKeyShare => "ClientHello key_share",
            Secret::ServerKeySharePrivate => "server key share private key",
            Secret::ServerKeyShare => "ServerHello key_share",
            Secret::RetryClientKeySharePrivate => "second client key share private key",
            Secret::RetryClientKeyShare => "second ClientHello key_share",
            Secret::MlKemSharedSecret => "ML-KEM-768 shared secret",
            Secret::X25519SharedSecret => "X25519 shared secret",
            Secret::SharedSecret => "(EC)DHE shared secret",
            Secret::EarlySecret => "Early Secret",
            Secret::DerivedForHandshake => "Derive-Secret(Early Secret, \"derived\")",
            Secret::HandshakeSecret => "Handshake Secret",
            Secret::HelloHash => "Transcript-Hash(ClientHello…ServerHello)",
            Secret::ClientHandshakeTrafficSecret => "client_handshake_traffic_secret",
            Secret::ServerHandshakeTrafficSecret => "server_handshake_traffic_secret",
            Secret::ClientHandshakeKey => "client handshake write_key",
            Secret::ClientHandshakeIv => "client handshake write_iv",
            Secret::ServerHandshakeKey => "server handshake write_key",
            Secret::ServerHandshakeIv => "server handshake write_iv",
            Secret::ServerFinishedKey => "server finished_key",
            Secret::DerivedForMaster => "Derive-Secret(Handshake Secret, \"derived\")",
            Secret::ServerFinishedHash => "Transcript-Hash(ClientHello…server Finished)",
            Secret::ClientApplicationTrafficSecret => "client_application_traffic_secret_0",
            Secret::ServerApplicationTrafficSecret => "server_application_traffic_secret_0",
            Secret::ExporterMasterSecret => "exporter_master_secret",
            Secret::ClientApplicationKey => "client application write_key",
            Secret::ClientApplicationIv => "client application write_iv",
            Secret::ServerApplicationKey => "server application write_key",
            Secret::ServerApplicationIv => "server application write_iv",
            Secret::ClientFinishedKey => "client finished_key",
            Secret::ClientFinishedHash => "Transcript-Hash(ClientHello…client Finished)",
            Secret::ResumptionMasterSecret => "resumption_master_secret",
            Secret::TicketPsk => "ticket PSK",
            Secret::ClientCertificateVerifyHash => "what the client's CertificateVerify signs",
            #[cfg(feature = "resumption")]
            Secret::Psk => "PSK",
            #[cfg(feature = "resumption")]
            Secret::BinderKey => "binder_key",
            #[cfg(feature = "resumption")]
            Secret::BinderFinishedKey => "binder finished_key",
            #[cfg(feature = "resumption")]
            Secret::PskBinder => "PSK binder",
            #[cfg(feature = "resumption")]
            Secret::ClientEarlyTrafficSecret => "client_early_traffic_secret",
            #[cfg(feature = "resumption")]
            Secret::ClientEarlyKey => "client early key",
            #[cfg(feature = "resumption")]
            Secret::ClientEarlyIv => "client early IV",
        }
    }

    /// How it is computed, in the RFC's words.
    pub fn formula(self, cx: &Context) -> &'static str {
        if cx.tls13 {
            self.formula13(cx)
        } else {
            self.formula12(cx.ems, cx.ecdhe, cx.resumed)
        }
    }

    /// TLS 1.2: `ems` selects the RFC 7627 master secret; `ecdhe` the X25519 pre-master secret.
    #[cfg_attr(not(feature = "resumption"), allow(unused_variables))]
    fn formula12(self, ems: bool, ecdhe: bool, resumed: bool) -> &'static str {
        match self {
            #[cfg(feature = "resumption")]
            Secret::MasterSecret if resumed => {
                "the session's master_secret, carried over from the connection that made it: an abbreviated handshake makes no new one (RFC 5246 §7.3)"
            }
            Secret::ClientRandom => "32 random bytes chosen by the client",
            Secret::ServerRandom => "32 random bytes chosen by the server",
            Secret::PreMasterSecret if ecdhe => {
                "X25519(client private key, server public key) = X25519(server private key, client public key): the shared secret Z, which each side computes from its own private key"
            }
            Secret::PreMasterSecret => {
                "client_version (03 03) ‖ 46 random bytes, chosen by the client"
            }
            Secret::EncryptedPreMasterSecret => {
                "RSAES-PKCS1-v1_5-Encrypt(server public key, pre_master_secret)"
            }
            Secret::ClientEcdhPrivate | Secret::ServerEcdhPrivate => {
                "32 random bytes (an X25519 scalar), never sent"
            }
            Secret::ClientEcdhPublic | Secret::ServerEcdhPublic => {
                "X25519(private key, 9): the public share, sent on the wire"
            }
            Secret::SessionHash => {
                "SHA-256(handshake_messages from ClientHello up to and including ClientKeyExchange)"
            }
            Secret::MasterSecret if ems => {
                "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..47]"
            }
            Secret::MasterSecret => {
                "PRF(pre_master_secret, \"master secret\", ClientHello.random + ServerHello.random)[0..47]"
            }
            Secret::KeyBlock => {
                "PRF(master_secret, \"key expansion\", server_random + client_random)[0..39]"
            }
            Secret::ClientWriteKey => "key_block[0..15]",
            Secret::ServerWriteKey => "key_block[16..31]",
            Secret::ClientWriteIv => "key_block[32..35] (the GCM salt)",
            Secret::ServerWriteIv => "key_block[36..39] (the GCM salt)",
            Secret::ClientVerifyData => {
                "PRF(master_secret, \"client finished\", SHA-256(handshake_messages))[0..11]"
            }
            Secret::ServerVerifyData => {
                "PRF(master_secret, \"server finished\", SHA-256(handshake_messages))[0..11]"
            }
            Secret::ClientCertificateVerifyHash if ems => {
                "SHA-256(handshake_messages from ClientHello up to and including ClientKeyExchange): the client signs it with its certificate's key, and it equals session_hash"
            }
            Secret::ClientCertificateVerifyHash => {
                "SHA-256(handshake_messages from ClientHello up to and including ClientKeyExchange): the client signs it with its certificate's key"
            }
            _ => "",
        }
    }

    /// TLS 1.3 (RFC 8446 §7.1, where Derive-Secret(Secret, Label, Messages) =
    /// HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), 32)).
    fn formula13(self, cx: &Context) -> &'static str {
        let hybrid = cx.group == Group::X25519MlKem768;
        match self {
            Secret::ClientRandom => "32 random bytes chosen by the client",
            Secret::ServerRandom => "32 random bytes chosen by the server",
            Secret::ClientKeySharePrivate | Secret::RetryClientKeySharePrivate if hybrid => {
                "an ML-KEM-768 decapsulation key and an X25519 scalar (32 random bytes), never sent"
            }
            Secret::ClientKeySharePrivate
            | Secret::RetryClientKeySharePrivate
            | Secret::ServerKeySharePrivate => "32 random bytes (an X25519 scalar), never sent",
            Secret::ClientKeyShare | Secret::RetryClientKeyShare if hybrid => {
                "ML-KEM-768 encapsulation key (1184 bytes) ‖ X25519(private key, 9) (32 bytes)"
            }
            Secret::ServerKeyShare if hybrid => {
                "ML-KEM-768.Encaps(the client's encapsulation key): ciphertext (1088 bytes) ‖ X25519(private key, 9) (32 bytes)"
            }
            Secret::ClientKeyShare | Secret::RetryClientKeyShare | Secret::ServerKeyShare => {
                "X25519(private key, 9): the public share, sent on the wire"
            }
            Secret::MlKemSharedSecret => {
                "ML-KEM-768.Decaps(decapsulation key, ciphertext) = the key ML-KEM-768.Encaps chose and sealed in the ciphertext: 32 bytes both sides hold"
            }
            Secret::X25519SharedSecret => {
                "X25519(client private key, server public key) = X25519(server private key, client public key)"
            }
            Secret::SharedSecret if hybrid => {
                "ML-KEM-768 shared secret ‖ X25519 shared secret (64 bytes): HKDF mixes both halves, so an attacker who breaks one (X25519 with a future quantum computer, or a flaw in the newer ML-KEM) still lacks the other: they must break both"
            }
            Secret::SharedSecret => {
                "X25519(client private key, server public key) = X25519(server private key, client public key): the shared secret, which each side computes from its own private key"
            }
            #[cfg(feature = "resumption")]
            Secret::EarlySecret if cx.resumed => "HKDF-Extract(salt = 0, IKM = PSK)",
            Secret::EarlySecret => "HKDF-Extract(salt = 0, IKM = 32 zero bytes): no pre-shared key",
            #[cfg(feature = "resumption")]
            Secret::Psk => {
                "HKDF-Expand-Label(resumption_master_secret, \"resumption\", ticket_nonce, 32), from the connection that issued the ticket"
            }
            #[cfg(feature = "resumption")]
            Secret::BinderKey => "Derive-Secret(Early Secret, \"res binder\", \"\")",
            #[cfg(feature = "resumption")]
            Secret::BinderFinishedKey => "HKDF-Expand-Label(binder_key, \"finished\", \"\", 32)",
            #[cfg(feature = "resumption")]
            Secret::PskBinder if cx.hrr => {
                "HMAC-SHA256(binder finished_key, Transcript-Hash(message_hash(ClientHello1) ‖ HelloRetryRequest ‖ ClientHello up to its binders))"
            }
            #[cfg(feature = "resumption")]
            Secret::PskBinder => {
                "HMAC-SHA256(binder finished_key, Transcript-Hash(ClientHello up to its binders))"
            }
            #[cfg(feature = "resumption")]
            Secret::ClientEarlyTrafficSecret => {
                "Derive-Secret(Early Secret, \"c e traffic\", ClientHello): made of the PSK alone, so the data it protects has no forward secrecy and can be replayed"
            }
            #[cfg(feature = "resumption")]
            Secret::ClientEarlyKey => {
                "HKDF-Expand-Label(client_early_traffic_secret, \"key\", \"\", 16)"
            }
            #[cfg(feature = "resumption")]
            Secret::ClientEarlyIv => {
                "HKDF-Expand-Label(client_early_traffic_secret, \"iv\", \"\", 12)"
            }
            Secret::DerivedForHandshake => "Derive-Secret(Early Secret, \"derived\", \"\")",
            Secret::HandshakeSecret => {
                "HKDF-Extract(salt = Derive-Secret(Early Secret, \"derived\", \"\"), IKM = (EC)DHE shared secret)"
            }
            Secret::HelloHash if cx.hrr => {
                "SHA-256(message_hash(ClientHello1) ‖ HelloRetryRequest ‖ ClientHello ‖ ServerHello): after a retry the first ClientHello is replaced by its hash"
            }
            Secret::HelloHash => "SHA-256(ClientHello ‖ ServerHello)",
            Secret::ClientHandshakeTrafficSecret => {
                "Derive-Secret(Handshake Secret, \"c hs traffic\", ClientHello…ServerHello)"
            }
            Secret::ServerHandshakeTrafficSecret => {
                "Derive-Secret(Handshake Secret, \"s hs traffic\", ClientHello…ServerHello)"
            }
            Secret::ClientHandshakeKey => {
                "HKDF-Expand-Label(client_handshake_traffic_secret, \"key\", \"\", 16)"
            }
            Secret::ClientHandshakeIv => {
                "HKDF-Expand-Label(client_handshake_traffic_secret, \"iv\", \"\", 12)"
            }
            Secret::ServerHandshakeKey => {
                "HKDF-Expand-Label(server_handshake_traffic_secret, \"key\", \"\", 16)"
            }
            Secret::ServerHandshakeIv => {
                "HKDF-Expand-Label(server_handshake_traffic_secret, \"iv\", \"\", 12)"
            }
            Secret::ServerFinishedKey => {
                "HKDF-Expand-Label(server_handshake_traffic_secret, \"finished\", \"\", 32)"
            }
            #[cfg(feature = "resumption")]
            Secret::ServerVerifyData if cx.resumed => {
                "HMAC-SHA256(server finished_key, Transcript-Hash(ClientHello…EncryptedExtensions)): a resumed handshake has no Certificate or CertificateVerify"
            }
            Secret::ServerVerifyData => {
                "HMAC-SHA256(server finished_key, Transcript-Hash(ClientHello…CertificateVerify))"
            }
            Secret::DerivedForMaster => "Derive-Secret(Handshake Secret, \"derived\", \"\")",
            Secret::MasterSecret => {
                "HKDF-Extract(salt = Derive-Secret(Handshake Secret, \"derived\", \"\"), IKM = 32 zero bytes)"
            }
            Secret::ServerFinishedHash => "SHA-256(ClientHello ‖ … ‖ server Finished)",
            Secret::ClientApplicationTrafficSecret => {
                "Derive-Secret(Master Secret, \"c ap traffic\", ClientHello…server Finished)"
            }
            Secret::ServerApplicationTrafficSecret => {
                "Derive-Secret(Master Secret, \"s ap traffic\", ClientHello…server Finished)"
            }
            Secret::ExporterMasterSecret => {
                "Derive-Secret(Master Secret, \"exp master\", ClientHello…server Finished)"
            }
            Secret::ClientApplicationKey => {
                "HKDF-Expand-Label(client_application_traffic_secret_0, \"key\", \"\", 16)"
            }
            Secret::ClientApplicationIv => {
                "HKDF-Expand-Label(client_application_traffic_secret_0, \"iv\", \"\", 12)"
            }
            Secret::ServerApplicationKey => {
                "HKDF-Expand-Label(server_application_traffic_secret_0, \"key\", \"\", 16)"
            }
            Secret::ServerApplicationIv => {
                "HKDF-Expand-Label(server_application_traffic_secret_0, \"iv\", \"\", 12)"
            }
            Secret::ClientFinishedKey => {
                "HKDF-Expand-Label(client_handshake_traffic_secret, \"finished\", \"\", 32)"
            }
            Secret::ClientVerifyData => {
                "HMAC-SHA256(client finished_key, Transcript-Hash(ClientHello…server Finished))"
            }
            Secret::ClientFinishedHash => "SHA-256(ClientHello ‖ … ‖ client Finished)",
            Secret::ResumptionMasterSecret => {
                "Derive-Secret(Master Secret, \"res master\", ClientHello…client Finished)"
            }
            Secret::TicketPsk => {
                "HKDF-Expand-Label(resumption_master_secret, \"resumption\", ticket_nonce, 32)"
            }
            Secret::ClientCertificateVerifyHash => {
                "Transcript-Hash(ClientHello…client Certificate): the client signs 64 spaces ‖ \"TLS 1.3, client CertificateVerify\" ‖ 0 ‖ it with its certificate's key"
            }
            _ => "",
        }
    }

    /// The values it is computed from.
    pub fn inputs(self, cx: &Context) -> &'static [Secret] {
        if cx.tls13 {
            self.inputs13(cx)
        } else {
            self.inputs12(cx.ems, cx.ecdhe, cx.resumed)
        }
    }

    fn inputs12(self, ems: bool, ecdhe: bool, resumed: bool) -> &'static [Secret] {
        match self {
            // Nothing of this connection goes into a resumed session's master secret.
            Secret::MasterSecret if resumed => &[],
            // Each side's own private key and the peer's public key (RFC 7748 §6.1, RFC 8422
            // §5.10): the public keys alone, which anyone on the path has, are not enough.
            Secret::PreMasterSecret if ecdhe => &[
                Secret::ClientEcdhPrivate,
                Secret::ServerEcdhPublic,
                Secret::ServerEcdhPrivate,
                Secret::ClientEcdhPublic,
            ],
            Secret::EncryptedPreMasterSecret => &[Secret::PreMasterSecret],
            Secret::ClientEcdhPublic => &[Secret::ClientEcdhPrivate],
            Secret::ServerEcdhPublic => &[Secret::ServerEcdhPrivate],
            Secret::MasterSecret if ems => &[Secret::PreMasterSecret, Secret::SessionHash],
            Secret::MasterSecret => &[
                Secret::PreMasterSecret,
                Secret::ClientRandom,
                Secret::ServerRandom,
            ],
            Secret::KeyBlock => &[
                Secret::MasterSecret,
                Secret::ServerRandom,
                Secret::ClientRandom,
            ],
            Secret::ClientWriteKey
            | Secret::ServerWriteKey
            | Secret::ClientWriteIv
            | Secret::ServerWriteIv => &[Secret::KeyBlock],
            Secret::ClientVerifyData | Secret::ServerVerifyData => &[Secret::MasterSecret],
            _ => &[],
        }
    }

    fn inputs13(self, cx: &Context) -> &'static [Secret] {
        use Secret::*;
        let hybrid = cx.group == Group::X25519MlKem768;
        // Each side's own private part and the peer's public share; the shares alone, which
        // anyone on the path has, are not enough. After a retry the second ClientHello's
        // share is the one the keys come from.
        const X25519_INPUTS: [Secret; 4] = [
            ClientKeySharePrivate,
            ServerKeyShare,
            ServerKeySharePrivate,
            ClientKeyShare,
        ];
        const X25519_INPUTS_AFTER_RETRY: [Secret; 4] = [
            RetryClientKeySharePrivate,
            ServerKeyShare,
            ServerKeySharePrivate,
            RetryClientKeyShare,
        ];
        let x25519_inputs: &'static [Secret] = if cx.hrr {
            &X25519_INPUTS_AFTER_RETRY
        } else {
            &X25519_INPUTS
        };
        match self {
            ClientKeyShare => &[ClientKeySharePrivate],
            RetryClientKeyShare => &[RetryClientKeySharePrivate],
            // The server's share answers the client's: with ML-KEM it is an encapsulation to
            // the client's key.
            ServerKeyShare if hybrid && cx.hrr => &[ServerKeySharePrivate, RetryClientKeyShare],
            ServerKeyShare if hybrid => &[ServerKeySharePrivate, ClientKeyShare],
            ServerKeyShare => &[ServerKeySharePrivate],
            MlKemSharedSecret if cx.hrr => &[RetryClientKeySharePrivate, ServerKeyShare],
            MlKemSharedSecret => &[ClientKeySharePrivate, ServerKeyShare],
            X25519SharedSecret => x25519_inputs,
            SharedSecret if hybrid => &[MlKemSharedSecret, X25519SharedSecret],
            SharedSecret => x25519_inputs,
            DerivedForHandshake => &[EarlySecret],
            HandshakeSecret => &[DerivedForHandshake, SharedSecret],
            HelloHash if cx.hrr => &[
                ClientRandom,
                ServerRandom,
                RetryClientKeyShare,
                ServerKeyShare,
            ],
            HelloHash => &[ClientRandom, ServerRandom, ClientKeyShare, ServerKeyShare],
            ClientHandshakeTrafficSecret | ServerHandshakeTrafficSecret => {
                &[HandshakeSecret, HelloHash]
            }
            ClientHandshakeKey | ClientHandshakeIv | ClientFinishedKey => {
                &[ClientHandshakeTrafficSecret]
            }
            ServerHandshakeKey | ServerHandshakeIv | ServerFinishedKey => {
                &[ServerHandshakeTrafficSecret]
            }
            ServerVerifyData => &[ServerFinishedKey],
            DerivedForMaster => &[HandshakeSecret],
            MasterSecret => &[DerivedForMaster],
            ClientApplicationTrafficSecret
            | ServerApplicationTrafficSecret
            | ExporterMasterSecret => &[MasterSecret, ServerFinishedHash],
            ClientApplicationKey | ClientApplicationIv => &[ClientApplicationTrafficSecret],
            ServerApplicationKey | ServerApplicationIv => &[ServerApplicationTrafficSecret],
            ClientVerifyData => &[ClientFinishedKey, ServerFinishedHash],
            ResumptionMasterSecret => &[MasterSecret, ClientFinishedHash],
            TicketPsk => &[ResumptionMasterSecret],
            #[cfg(feature = "resumption")]
            EarlySecret if cx.resumed => &[Psk],
            #[cfg(feature = "resumption")]
            BinderKey => &[EarlySecret],
            #[cfg(feature = "resumption")]
            BinderFinishedKey => &[BinderKey],
            #[cfg(feature = "resumption")]
            PskBinder => &[BinderFinishedKey, ClientRandom],
            #[cfg(feature = "resumption")]
            ClientEarlyTrafficSecret => &[EarlySecret, ClientRandom],
            #[cfg(feature = "resumption")]
            ClientEarlyKey | ClientEarlyIv => &[ClientEarlyTrafficSecret],
            _ => &[],
        }
    }

    /// The RFC section(s) defining it, e.g. `RFC 5246 §8.1`.
    pub fn rfc(self) -> &'static str {
        match self {
            Secret::ClientRandom | Secret::ServerRandom => "RFC 5246 §7.4.1.2",
            Secret::PreMasterSecret | Secret::EncryptedPreMasterSecret => "RFC 5246 §7.4.7.1",
            Secret::ClientEcdhPrivate
            | Secret::ClientEcdhPublic
            | Secret::ServerEcdhPrivate
            | Secret::ServerEcdhPublic => "RFC 8422 §5.10, RFC 7748 §6.1",
            Secret::SessionHash => "RFC 7627 §3",
            Secret::MasterSecret => "RFC 5246 §8.1, RFC 7627 §4",
            Secret::KeyBlock => "RFC 5246 §6.3",
            Secret::ClientWriteKey
            | Secret::ServerWriteKey
            | Secret::ClientWriteIv
            | Secret::ServerWriteIv => "RFC 5246 §6.3, RFC 5288 §3",
            Secret::ClientVerifyData | Secret::ServerVerifyData => "RFC 5246 §7.4.9",
            Secret::ClientKeySharePrivate
            | Secret::ClientKeyShare
            | Secret::RetryClientKeySharePrivate
            | Secret::RetryClientKeyShare
            | Secret::ServerKeySharePrivate
            | Secret::ServerKeyShare
            | Secret::MlKemSharedSecret
            | Secret::X25519SharedSecret
            | Secret::SharedSecret => "RFC 8446 §4.2.8, §7.4; draft-ietf-tls-ecdhe-mlkem",
            Secret::ClientHandshakeKey
            | Secret::ClientHandshakeIv
            | Secret::ServerHandshakeKey
            | Secret::ServerHandshakeIv
            | Secret::ClientApplicationKey
            | Secret::ClientApplicationIv
            | Secret::ServerApplicationKey
            | Secret::ServerApplicationIv => "RFC 8446 §7.3",
            #[cfg(feature = "resumption")]
            Secret::ClientEarlyKey | Secret::ClientEarlyIv => "RFC 8446 §7.3",
            Secret::ServerFinishedKey | Secret::ClientFinishedKey => "RFC 8446 §4.4.4",
            Secret::TicketPsk => "RFC 8446 §4.6.1",
            #[cfg(feature = "resumption")]
            Secret::Psk => "RFC 8446 §4.6.1",
            Secret::ClientCertificateVerifyHash => "RFC 5246 §7.4.8",
            #[cfg(feature = "resumption")]
            Secret::BinderFinishedKey | Secret::PskBinder => "RFC 8446 §4.2.11.2",
            _ => "RFC 8446 §7.1",
        }
    }

    /// In a TLS 1.3 handshake, the HKDF step that makes the value; `None` for the key shares,
    /// transcript hashes and Finished values (and for every TLS 1.2 value).
    pub fn hkdf(self) -> Option<Hkdf> {
        use Secret::*;
        let step = match self {
            EarlySecret | HandshakeSecret | MasterSecret => Hkdf::Extract,
            DerivedForHandshake | DerivedForMaster => Hkdf::DeriveSecret(Label::Derived),
            ClientHandshakeTrafficSecret => Hkdf::DeriveSecret(Label::ClientHandshakeTraffic),
            ServerHandshakeTrafficSecret => Hkdf::DeriveSecret(Label::ServerHandshakeTraffic),
            ClientApplicationTrafficSecret => Hkdf::DeriveSecret(Label::ClientApplicationTraffic),
            ServerApplicationTrafficSecret => Hkdf::DeriveSecret(Label::ServerApplicationTraffic),
            ExporterMasterSecret => Hkdf::DeriveSecret(Label::ExporterMaster),
            ResumptionMasterSecret => Hkdf::DeriveSecret(Label::ResumptionMaster),
            ClientHandshakeKey | ServerHandshakeKey | ClientApplicationKey
            | ServerApplicationKey => Hkdf::ExpandLabel(Label::Key),
            ClientHandshakeIv | ServerHandshakeIv | ClientApplicationIv | ServerApplicationIv => {
                Hkdf::ExpandLabel(Label::Iv)
            }
            ClientFinishedKey | ServerFinishedKey => Hkdf::ExpandLabel(Label::Finished),
            TicketPsk => Hkdf::ExpandLabel(Label::Resumption),
            #[cfg(feature = "resumption")]
            Psk => Hkdf::ExpandLabel(Label::Resumption),
            #[cfg(feature = "resumption")]
            ClientEarlyKey => Hkdf::ExpandLabel(Label::Key),
            #[cfg(feature = "resumption")]
            ClientEarlyIv => Hkdf::ExpandLabel(Label::Iv),
            #[cfg(feature = "resumption")]
            BinderKey => Hkdf::DeriveSecret(Label::ResumptionBinder),
            #[cfg(feature = "resumption")]
            ClientEarlyTrafficSecret => Hkdf::DeriveSecret(Label::ClientEarlyTraffic),
            #[cfg(feature = "resumption")]
            BinderFinishedKey => Hkdf::ExpandLabel(Label::Finished),
            _ => return None,
        };
        Some(step)
    }

    /// The section for this handshake: TLS 1.3's for the values both versions name.
    pub fn rfc_in(self, cx: &Context) -> &'static str {
        match self {
            Secret::ClientRandom | Secret::ServerRandom if cx.tls13 => "RFC 8446 §4.1.2, §4.1.3",
            Secret::MasterSecret if cx.tls13 => "RFC 8446 §7.1",
            Secret::ClientVerifyData | Secret::ServerVerifyData if cx.tls13 => "RFC 8446 §4.4.4",
            Secret::ClientCertificateVerifyHash if cx.tls13 => "RFC 8446 §4.4.3",
            _ => self.rfc(),
        }
    }

    /// A key that seals records: TLS 1.2's write keys (RFC 5246 §6.3), TLS 1.3's handshake
    /// and application traffic keys (RFC 8446 §7.3).
    pub fn is_traffic_key(self) -> bool {
        match self {
            Secret::ClientWriteKey
            | Secret::ServerWriteKey
            | Secret::ClientHandshakeKey
            | Secret::ServerHandshakeKey
            | Secret::ClientApplicationKey
            | Secret::ServerApplicationKey => true,
            #[cfg(feature = "resumption")]
            Secret::ClientEarlyKey => true,
            _ => false,
        }
    }

    /// Whether the value itself is a field of a message (it goes with the record carrying it);
    /// the other public values are computed from such fields.
    pub fn is_sent(self) -> bool {
        self.is_public()
            && !matches!(
                self,
                Secret::SessionHash
                    | Secret::HelloHash
                    | Secret::EarlySecret
                    | Secret::DerivedForHandshake
            )
    }

    /// Whether an eavesdropper learns the value in a handshake of `cx`: [`Self::is_public`],
    /// and what the client's CertificateVerify signs in TLS 1.2, a hash of messages that all
    /// travel in the clear (TLS 1.3 encrypts the client's Certificate it covers).
    pub fn is_public_in(self, cx: &Context) -> bool {
        match self {
            Secret::ClientCertificateVerifyHash => !cx.tls13,
            // Made of the PSK when resuming: only the two endpoints hold it.
            #[cfg(feature = "resumption")]
            Secret::EarlySecret | Secret::DerivedForHandshake if cx.resumed => false,
            _ => self.is_public(),
        }
    }

    /// Whether an eavesdropper learns the value: it travels in the clear, or is computed from
    /// what does.
    pub fn is_public(self) -> bool {
        // The ClientHello carries the PSK binder in the clear; it proves the PSK without
        // showing it.
        #[cfg(feature = "resumption")]
        if self == Secret::PskBinder {
            return true;
        }
        matches!(
            self,
            Secret::ClientRandom
                | Secret::ServerRandom
                // A hash of ClientHello…ClientKeyExchange, all sent in the clear: anyone on the
                // path can compute it (RFC 7627 §3).
                | Secret::SessionHash
                | Secret::EncryptedPreMasterSecret
                | Secret::ClientEcdhPublic
                | Secret::ServerEcdhPublic
                | Secret::ClientKeyShare
                | Secret::RetryClientKeyShare
                | Secret::ServerKeyShare
                // Both hellos are in the clear in TLS 1.3 too; everything after is encrypted.
                | Secret::HelloHash
                // No pre-shared key: HKDF-Extract over zeros, the same in every handshake.
                | Secret::EarlySecret
                | Secret::DerivedForHandshake
        )
    }
}
