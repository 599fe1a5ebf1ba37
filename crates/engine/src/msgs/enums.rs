//! IANA registry values the engine speaks (TLS Parameters registry).

use super::macros::wire_enum;

wire_enum! {
    /// TLSPlaintext.type (RFC 5246 §6.2.1).
    pub enum ContentType: u8 {
        ChangeCipherSpec = 20 => "change_cipher_spec",
        Alert = 21 => "alert",
        Handshake = 22 => "handshake",
        ApplicationData = 23 => "application_data",
    }
}

wire_enum! {
    /// ProtocolVersion (RFC 5246 §6.2.1, Appendix E).
    pub enum ProtocolVersion: u16 {
        Ssl3 = 0x0300 => "SSL 3.0",
        Tls10 = 0x0301 => "TLS 1.0",
        Tls11 = 0x0302 => "TLS 1.1",
        Tls12 = 0x0303 => "TLS 1.2",
        Tls13 = 0x0304 => "TLS 1.3",
    }
}

wire_enum! {
    /// HandshakeType (RFC 5246 §7.4, RFC 8446 §4).
    pub enum HandshakeType: u8 {
        HelloRequest = 0 => "HelloRequest",
        ClientHello = 1 => "ClientHello",
        ServerHello = 2 => "ServerHello",
        NewSessionTicket = 4 => "NewSessionTicket",
        /// TLS 1.3: the client ends its 0-RTT data (RFC 8446 §4.5).
        EndOfEarlyData = 5 => "EndOfEarlyData",
        /// TLS 1.3: the server's extensions that need no cleartext (RFC 8446 §4.3.1).
        EncryptedExtensions = 8 => "EncryptedExtensions",
        Certificate = 11 => "Certificate",
        ServerKeyExchange = 12 => "ServerKeyExchange",
        CertificateRequest = 13 => "CertificateRequest",
        ServerHelloDone = 14 => "ServerHelloDone",
        CertificateVerify = 15 => "CertificateVerify",
        ClientKeyExchange = 16 => "ClientKeyExchange",
        Finished = 20 => "Finished",
        /// TLS 1.3: new traffic keys for one direction (RFC 8446 §4.6.3).
        KeyUpdate = 24 => "KeyUpdate",
        /// Never on the wire: the stand-in for ClientHello1 in the transcript hash after a
        /// HelloRetryRequest (RFC 8446 §4.4.1).
        MessageHash = 254 => "message_hash",
    }
}

wire_enum! {
    /// CipherSuite (RFC 5246 Appendix A.5, RFC 5288, RFC 5289, RFC 5746, RFC 7905, RFC 8446).
    pub enum CipherSuite: u16 {
        TLS_RSA_WITH_AES_128_GCM_SHA256 = 0x009c => "TLS_RSA_WITH_AES_128_GCM_SHA256",
        TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xc02f => "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        /// Not a suite: the client's way to say "I support secure renegotiation" (RFC 5746 §3.3).
        TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff => "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
        TLS_RSA_WITH_AES_128_CBC_SHA = 0x002f => "TLS_RSA_WITH_AES_128_CBC_SHA",
        TLS_RSA_WITH_AES_256_GCM_SHA384 = 0x009d => "TLS_RSA_WITH_AES_256_GCM_SHA384",
        TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = 0xc030 => "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = 0xc02b => "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = 0xc02c => "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca8 => "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca9 => "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        TLS_AES_128_GCM_SHA256 = 0x1301 => "TLS_AES_128_GCM_SHA256",
        TLS_AES_256_GCM_SHA384 = 0x1302 => "TLS_AES_256_GCM_SHA384",
        TLS_CHACHA20_POLY1305_SHA256 = 0x1303 => "TLS_CHACHA20_POLY1305_SHA256",
    }
}

wire_enum! {
    /// CompressionMethod (RFC 5246 §7.4.1.2). Only `null` survives: compression under
    /// encryption leaks plaintext length (CRIME, 2012), and TLS 1.3 removed it.
    pub enum Compression: u8 {
        Null = 0 => "null",
        Deflate = 1 => "DEFLATE",
    }
}

wire_enum! {
    /// ExtensionType (RFC 5246 §7.4.1.4 and the IANA registry).
    pub enum ExtensionType: u16 {
        ServerName = 0 => "server_name",
        StatusRequest = 5 => "status_request",
        SupportedGroups = 10 => "supported_groups",
        EcPointFormats = 11 => "ec_point_formats",
        SignatureAlgorithms = 13 => "signature_algorithms",
        Alpn = 16 => "application_layer_protocol_negotiation",
        SignedCertificateTimestamp = 18 => "signed_certificate_timestamp",
        Padding = 21 => "padding",
        EncryptThenMac = 22 => "encrypt_then_mac",
        ExtendedMasterSecret = 23 => "extended_master_secret",
        /// RFC 8879.
        CompressCertificate = 27 => "compress_certificate",
        /// RFC 8449.
        RecordSizeLimit = 28 => "record_size_limit",
        /// RFC 9345 (IANA spells it in the singular).
        DelegatedCredential = 34 => "delegated_credential",
        SessionTicket = 35 => "session_ticket",
        PreSharedKey = 41 => "pre_shared_key",
        EarlyData = 42 => "early_data",
        SupportedVersions = 43 => "supported_versions",
        Cookie = 44 => "cookie",
        PskKeyExchangeModes = 45 => "psk_key_exchange_modes",
        CertificateAuthorities = 47 => "certificate_authorities",
        OidFilters = 48 => "oid_filters",
        PostHandshakeAuth = 49 => "post_handshake_auth",
        SignatureAlgorithmsCert = 50 => "signature_algorithms_cert",
        KeyShare = 51 => "key_share",
        /// ALPS (draft-vvv-tls-alps), the code point Chrome sends since 2025; not in the
        /// IANA registry.
        ApplicationSettings = 0x44cd => "application_settings",
        /// draft-ietf-tls-esni.
        EncryptedClientHello = 0xfe0d => "encrypted_client_hello",
        RenegotiationInfo = 0xff01 => "renegotiation_info",
    }
}

wire_enum! {
    /// NamedGroup (RFC 8422 §5.1.1, RFC 7919, RFC 8446 §4.2.7).
    pub enum NamedGroup: u16 {
        secp256r1 = 0x0017 => "secp256r1",
        secp384r1 = 0x0018 => "secp384r1",
        secp521r1 = 0x0019 => "secp521r1",
        x25519 = 0x001d => "x25519",
        x448 = 0x001e => "x448",
        ffdhe2048 = 0x0100 => "ffdhe2048",
        ffdhe3072 = 0x0101 => "ffdhe3072",
        ffdhe4096 = 0x0102 => "ffdhe4096",
        ffdhe6144 = 0x0103 => "ffdhe6144",
        ffdhe8192 = 0x0104 => "ffdhe8192",
        /// The hybrids of ML-KEM and ECDHE (draft-ietf-tls-ecdhe-mlkem).
        SecP256r1MLKEM768 = 0x11eb => "SecP256r1MLKEM768",
        X25519MLKEM768 = 0x11ec => "X25519MLKEM768",
        SecP384r1MLKEM1024 = 0x11ed => "SecP384r1MLKEM1024",
    }
}

wire_enum! {
    /// ECPointFormat (RFC 8422 §5.1.2).
    pub enum EcPointFormat: u8 {
        Uncompressed = 0 => "uncompressed",
    }
}

wire_enum! {
    /// ECCurveType (RFC 8422 §5.4).
    pub enum EcCurveType: u8 {
        NamedCurve = 3 => "named_curve",
    }
}

wire_enum! {
    /// SignatureScheme (RFC 8446 §4.2.3; the TLS 1.2 hash/signature pairs of RFC 5246 §7.4.1.4.1).
    pub enum SignatureScheme: u16 {
        rsa_pkcs1_sha1 = 0x0201 => "rsa_pkcs1_sha1",
        /// TLS 1.2's (sha1, dsa) pair; reserved in TLS 1.3, as are the other DSA ones.
        dsa_sha1_RESERVED = 0x0202 => "dsa_sha1_RESERVED",
        ecdsa_sha1 = 0x0203 => "ecdsa_sha1",
        rsa_pkcs1_sha256 = 0x0401 => "rsa_pkcs1_sha256",
        dsa_sha256_RESERVED = 0x0402 => "dsa_sha256_RESERVED",
        ecdsa_secp256r1_sha256 = 0x0403 => "ecdsa_secp256r1_sha256",
        rsa_pkcs1_sha384 = 0x0501 => "rsa_pkcs1_sha384",
        dsa_sha384_RESERVED = 0x0502 => "dsa_sha384_RESERVED",
        ecdsa_secp384r1_sha384 = 0x0503 => "ecdsa_secp384r1_sha384",
        rsa_pkcs1_sha512 = 0x0601 => "rsa_pkcs1_sha512",
        dsa_sha512_RESERVED = 0x0602 => "dsa_sha512_RESERVED",
        ecdsa_secp521r1_sha512 = 0x0603 => "ecdsa_secp521r1_sha512",
        rsa_pss_rsae_sha256 = 0x0804 => "rsa_pss_rsae_sha256",
        rsa_pss_rsae_sha384 = 0x0805 => "rsa_pss_rsae_sha384",
        rsa_pss_rsae_sha512 = 0x0806 => "rsa_pss_rsae_sha512",
        ed25519 = 0x0807 => "ed25519",
        ed448 = 0x0808 => "ed448",
        rsa_pss_pss_sha256 = 0x0809 => "rsa_pss_pss_sha256",
        rsa_pss_pss_sha384 = 0x080a => "rsa_pss_pss_sha384",
        rsa_pss_pss_sha512 = 0x080b => "rsa_pss_pss_sha512",
    }
}

wire_enum! {
    /// `enum { psk_ke(0), psk_dhe_ke(1), (255) } PskKeyExchangeMode;` (RFC 8446 §4.2.9): with
    /// psk_dhe_ke a resumed session also runs a fresh (EC)DHE exchange, so it is forward secret.
    pub enum PskKeyExchangeMode: u8 {
        psk_ke = 0 => "psk_ke",
        psk_dhe_ke = 1 => "psk_dhe_ke",
    }
}

wire_enum! {
    /// `enum { update_not_requested(0), update_requested(1), (255) } KeyUpdateRequest;`
    /// (RFC 8446 §4.6.3).
    pub enum KeyUpdateRequest: u8 {
        update_not_requested = 0 => "update_not_requested",
        update_requested = 1 => "update_requested",
    }
}

/// Whether a 16-bit cipher suite, group, extension type, version or signature scheme is a
/// GREASE value (RFC 8701 §2): `0x?a?a` with both bytes equal. Clients send them so servers
/// that choke on unknown values are found early; they mean nothing.
pub fn is_grease(wire: u16) -> bool {
    let [hi, lo] = wire.to_be_bytes();
    hi == lo && lo & 0x0f == 0x0a
}

/// How a 16-bit registry value is shown: `GREASE (0x1a1a)` for a GREASE value, else its
/// `Display` (`x25519 (0x001d)`).
pub fn describe_u16(wire: u16, value: impl std::fmt::Display) -> String {
    if is_grease(wire) {
        format!("GREASE (0x{wire:04x})")
    } else {
        value.to_string()
    }
}

/// The short name of a 16-bit registry value for lists: `GREASE` or its RFC name.
pub fn name_u16(wire: u16, name: &'static str) -> &'static str {
    if is_grease(wire) { "GREASE" } else { name }
}

wire_enum! {
    /// AlertLevel (RFC 5246 §7.2).
    pub enum AlertLevel: u8 {
        Warning = 1 => "warning",
        Fatal = 2 => "fatal",
    }
}

wire_enum! {
    /// AlertDescription (RFC 5246 §7.2, RFC 8446 §6).
    pub enum AlertDescription: u8 {
        CloseNotify = 0 => "close_notify",
        UnexpectedMessage = 10 => "unexpected_message",
        BadRecordMac = 20 => "bad_record_mac",
        RecordOverflow = 22 => "record_overflow",
        HandshakeFailure = 40 => "handshake_failure",
        BadCertificate = 42 => "bad_certificate",
        UnsupportedCertificate = 43 => "unsupported_certificate",
        CertificateRevoked = 44 => "certificate_revoked",
        CertificateExpired = 45 => "certificate_expired",
        CertificateUnknown = 46 => "certificate_unknown",
        IllegalParameter = 47 => "illegal_parameter",
        UnknownCa = 48 => "unknown_ca",
        AccessDenied = 49 => "access_denied",
        DecodeError = 50 => "decode_error",
        DecryptError = 51 => "decrypt_error",
        ProtocolVersion = 70 => "protocol_version",
        InsufficientSecurity = 71 => "insufficient_security",
        InternalError = 80 => "internal_error",
        UserCanceled = 90 => "user_canceled",
        NoRenegotiation = 100 => "no_renegotiation",
        MissingExtension = 109 => "missing_extension",
        UnsupportedExtension = 110 => "unsupported_extension",
        UnrecognizedName = 112 => "unrecognized_name",
        CertificateRequired = 116 => "certificate_required",
        NoApplicationProtocol = 120 => "no_application_protocol",
    }
}
