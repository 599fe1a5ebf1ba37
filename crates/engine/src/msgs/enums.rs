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
    /// HandshakeType (RFC 5246 §7.4).
    pub enum HandshakeType: u8 {
        HelloRequest = 0 => "HelloRequest",
        ClientHello = 1 => "ClientHello",
        ServerHello = 2 => "ServerHello",
        NewSessionTicket = 4 => "NewSessionTicket",
        Certificate = 11 => "Certificate",
        ServerKeyExchange = 12 => "ServerKeyExchange",
        CertificateRequest = 13 => "CertificateRequest",
        ServerHelloDone = 14 => "ServerHelloDone",
        CertificateVerify = 15 => "CertificateVerify",
        ClientKeyExchange = 16 => "ClientKeyExchange",
        Finished = 20 => "Finished",
    }
}

wire_enum! {
    /// CipherSuite (RFC 5246 Appendix A.5, RFC 5288, RFC 5289, RFC 5746).
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
        SessionTicket = 35 => "session_ticket",
        SupportedVersions = 43 => "supported_versions",
        PskKeyExchangeModes = 45 => "psk_key_exchange_modes",
        KeyShare = 51 => "key_share",
        RenegotiationInfo = 0xff01 => "renegotiation_info",
    }
}

wire_enum! {
    /// NamedGroup (RFC 8422 §5.1.1, RFC 7919, RFC 8446 §4.2.7).
    pub enum NamedGroup: u16 {
        secp256r1 = 0x0017 => "secp256r1",
        secp384r1 = 0x0018 => "secp384r1",
        x25519 = 0x001d => "x25519",
        x448 = 0x001e => "x448",
        ffdhe2048 = 0x0100 => "ffdhe2048",
        /// The hybrid of ML-KEM-768 and X25519 (draft-ietf-tls-ecdhe-mlkem).
        X25519MLKEM768 = 0x11ec => "X25519MLKEM768",
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
        ecdsa_sha1 = 0x0203 => "ecdsa_sha1",
        rsa_pkcs1_sha256 = 0x0401 => "rsa_pkcs1_sha256",
        ecdsa_secp256r1_sha256 = 0x0403 => "ecdsa_secp256r1_sha256",
        rsa_pkcs1_sha384 = 0x0501 => "rsa_pkcs1_sha384",
        ecdsa_secp384r1_sha384 = 0x0503 => "ecdsa_secp384r1_sha384",
        rsa_pkcs1_sha512 = 0x0601 => "rsa_pkcs1_sha512",
        rsa_pss_rsae_sha256 = 0x0804 => "rsa_pss_rsae_sha256",
        rsa_pss_rsae_sha384 = 0x0805 => "rsa_pss_rsae_sha384",
        rsa_pss_rsae_sha512 = 0x0806 => "rsa_pss_rsae_sha512",
        ed25519 = 0x0807 => "ed25519",
        rsa_pss_pss_sha256 = 0x0809 => "rsa_pss_pss_sha256",
    }
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
    }
}
