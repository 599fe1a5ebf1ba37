//! The TLS 1.3 extension bodies (RFC 8446 §4.2): supported_versions, key_share,
//! psk_key_exchange_modes, cookie, early_data, pre_shared_key and certificate_authorities.
//! Each has an annotating reader over a [`Reader`] (used while a whole message is decoded),
//! a typed reader over an extension's body (for the endpoints), and a constructor.
//! Re-exported by [`crate::msgs::extensions`].

use crate::codec::{Reader, Writer, hex_preview};
use crate::crypto::key_exchange::{
    HYBRID_CLIENT_SHARE_LEN, HYBRID_SERVER_SHARE_LEN, MLKEM768_CIPHERTEXT_LEN,
    MLKEM768_ENCAPSULATION_KEY_LEN,
};
use crate::error::TlsError;
use crate::msgs::enums::{
    ExtensionType, NamedGroup, ProtocolVersion, PskKeyExchangeMode, SignatureScheme, describe_u16,
    name_u16,
};
use crate::msgs::extensions::{Extension, names, parse_body};

type Result<T> = std::result::Result<T, TlsError>;

/// ```text
/// struct {
///     NamedGroup group;
///     opaque key_exchange<1..2^16-1>;
/// } KeyShareEntry;
/// ```
/// One key share (RFC 8446 §4.2.8): the group and the sender's public value in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyShareEntry {
    /// `group`: the named group the share is for.
    pub group: NamedGroup,
    /// `key_exchange`: the public value (for X25519MLKEM768, ML-KEM's part then X25519's).
    pub key_exchange: Vec<u8>,
}

impl KeyShareEntry {
    /// Writes `group` and the length-prefixed `key_exchange`.
    pub fn encode(&self, w: &mut Writer) {
        w.u16(self.group.to_wire());
        w.prefixed(2, |w| w.bytes(&self.key_exchange));
    }

    /// Reads one entry as a field named `KeyShareEntry`.
    pub fn read(r: &mut Reader) -> Result<KeyShareEntry> {
        r.begin("KeyShareEntry", "RFC 8446 §4.2.8");
        let group = NamedGroup::from_wire(r.u16("group")?);
        r.describe_last(|| describe_u16(group.to_wire(), group));
        let key_exchange = read_key_exchange(r, group)?;
        if key_exchange.is_empty() {
            return Err(TlsError::decode(
                "key_exchange<1..2^16-1> must not be empty (RFC 8446 §4.2.8)",
            ));
        }
        r.describe(|| {
            format!(
                "{}, {} bytes",
                name_u16(group.to_wire(), group.as_str()),
                key_exchange.len()
            )
        });
        r.end();
        Ok(KeyShareEntry {
            group,
            key_exchange,
        })
    }
}

/// `key_exchange` as one field. An X25519MLKEM768 share of a hybrid's length is shown as its
/// two halves, ML-KEM-768 first, then X25519 (draft-ietf-tls-ecdhe-mlkem §3): the client's
/// encapsulation key, the server's ciphertext; any other share is one `data` field.
fn read_key_exchange(r: &mut Reader, group: NamedGroup) -> Result<Vec<u8>> {
    r.begin("key_exchange", "");
    let len = r.limit_prefixed("key_exchange", 2)?;
    let mlkem = match (group, len) {
        (NamedGroup::X25519MLKEM768, HYBRID_CLIENT_SHARE_LEN) => Some((
            "ML-KEM-768 encapsulation key",
            MLKEM768_ENCAPSULATION_KEY_LEN,
        )),
        (NamedGroup::X25519MLKEM768, HYBRID_SERVER_SHARE_LEN) => {
            Some(("ML-KEM-768 ciphertext", MLKEM768_CIPHERTEXT_LEN))
        }
        _ => None,
    };
    let body = match mlkem {
        Some((name, n)) => {
            let mut body = r.leaf(name, n)?.to_vec();
            r.describe_last(|| format!("{n} bytes"));
            body.extend_from_slice(r.leaf("X25519 public key", len - n)?);
            r.describe_last(|| format!("{} bytes", len - n));
            body
        }
        None => r.leaf("data", len)?.to_vec(),
    };
    r.unlimit()?;
    r.describe(|| hex_preview(&body));
    r.end();
    Ok(body)
}

impl Extension {
    /// supported_versions in a ClientHello: `ProtocolVersion versions<2..254>;`, the
    /// client's preference first (RFC 8446 §4.2.1).
    pub fn supported_versions_client(versions: &[ProtocolVersion]) -> Extension {
        let mut w = Writer::new();
        w.prefixed(1, |w| versions.iter().for_each(|v| w.u16(v.to_wire())));
        Extension {
            typ: ExtensionType::SupportedVersions,
            body: w.into_bytes(),
        }
    }

    /// supported_versions in a ServerHello or HelloRetryRequest:
    /// `ProtocolVersion selected_version;` (RFC 8446 §4.2.1).
    pub fn supported_versions_server(selected_version: ProtocolVersion) -> Extension {
        Extension {
            typ: ExtensionType::SupportedVersions,
            body: selected_version.to_wire().to_be_bytes().to_vec(),
        }
    }

    /// key_share in a ClientHello: `KeyShareEntry client_shares<0..2^16-1>;` (RFC 8446
    /// §4.2.8), in the client's order of preference.
    pub fn key_share_client(shares: &[(NamedGroup, Vec<u8>)]) -> Extension {
        let mut w = Writer::new();
        w.prefixed(2, |w| {
            for (group, key_exchange) in shares {
                w.u16(group.to_wire());
                w.prefixed(2, |w| w.bytes(key_exchange));
            }
        });
        Extension {
            typ: ExtensionType::KeyShare,
            body: w.into_bytes(),
        }
    }

    /// key_share in a ServerHello: `KeyShareEntry server_share;` (RFC 8446 §4.2.8).
    pub fn key_share_server(group: NamedGroup, key_exchange: &[u8]) -> Extension {
        let mut w = Writer::new();
        KeyShareEntry {
            group,
            key_exchange: key_exchange.to_vec(),
        }
        .encode(&mut w);
        Extension {
            typ: ExtensionType::KeyShare,
            body: w.into_bytes(),
        }
    }

    /// key_share in a HelloRetryRequest: `NamedGroup selected_group;` (RFC 8446 §4.2.8).
    pub fn key_share_hrr(selected_group: NamedGroup) -> Extension {
        Extension {
            typ: ExtensionType::KeyShare,
            body: selected_group.to_wire().to_be_bytes().to_vec(),
        }
    }

    /// `PskKeyExchangeMode ke_modes<1..255>;` (RFC 8446 §4.2.9).
    pub fn psk_key_exchange_modes(modes: &[PskKeyExchangeMode]) -> Extension {
        let mut w = Writer::new();
        w.prefixed(1, |w| modes.iter().for_each(|m| w.u8(m.to_wire())));
        Extension {
            typ: ExtensionType::PskKeyExchangeModes,
            body: w.into_bytes(),
        }
    }

    /// `struct { opaque cookie<1..2^16-1>; } Cookie;` (RFC 8446 §4.2.2): sent by the server
    /// in a HelloRetryRequest, echoed by the client in its second ClientHello.
    pub fn cookie(cookie: &[u8]) -> Extension {
        let mut w = Writer::new();
        w.prefixed(2, |w| w.bytes(cookie));
        Extension {
            typ: ExtensionType::Cookie,
            body: w.into_bytes(),
        }
    }

    /// signature_algorithms_cert: the schemes the sender accepts in certificates, when they
    /// differ from those for CertificateVerify (RFC 8446 §4.2.3).
    pub fn signature_algorithms_cert(schemes: &[SignatureScheme]) -> Extension {
        Extension {
            typ: ExtensionType::SignatureAlgorithmsCert,
            ..Extension::signature_algorithms(schemes)
        }
    }

    /// early_data in a NewSessionTicket: `uint32 max_early_data_size;` (RFC 8446 §4.2.10).
    /// In a ClientHello or EncryptedExtensions it is empty: [`Extension::empty`].
    pub fn early_data_nst(max_early_data_size: u32) -> Extension {
        Extension {
            typ: ExtensionType::EarlyData,
            body: max_early_data_size.to_be_bytes().to_vec(),
        }
    }

    /// `DistinguishedName authorities<3..2^16-1>;`, each name DER (RFC 8446 §4.2.4).
    pub fn certificate_authorities(authorities: &[Vec<u8>]) -> Extension {
        let mut w = Writer::new();
        w.prefixed(2, |w| {
            for name in authorities {
                w.prefixed(2, |w| w.bytes(name));
            }
        });
        Extension {
            typ: ExtensionType::CertificateAuthorities,
            body: w.into_bytes(),
        }
    }

    /// pre_shared_key in a ClientHello (RFC 8446 §4.2.11): the offered identities, each
    /// with its obfuscated_ticket_age, and one binder per identity.
    pub fn pre_shared_key_client(identities: &[PskIdentity], binders: &[Vec<u8>]) -> Extension {
        let mut w = Writer::new();
        w.prefixed(2, |w| {
            for id in identities {
                w.prefixed(2, |w| w.bytes(&id.identity));
                w.bytes(&id.obfuscated_ticket_age.to_be_bytes());
            }
        });
        w.prefixed(2, |w| {
            for b in binders {
                w.prefixed(1, |w| w.bytes(b));
            }
        });
        Extension {
            typ: ExtensionType::PreSharedKey,
            body: w.into_bytes(),
        }
    }

    /// pre_shared_key in a ServerHello: `uint16 selected_identity;` (RFC 8446 §4.2.11).
    pub fn pre_shared_key_server(selected_identity: u16) -> Extension {
        Extension {
            typ: ExtensionType::PreSharedKey,
            body: selected_identity.to_be_bytes().to_vec(),
        }
    }
}

/// ```text
/// struct {
///     opaque identity<1..2^16-1>;
///     uint32 obfuscated_ticket_age;
/// } PskIdentity;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PskIdentity {
    /// `identity`: a ticket's opaque label (RFC 8446 §4.2.11).
    pub identity: Vec<u8>,
    /// `obfuscated_ticket_age`: the ticket's age in ms plus its `ticket_age_add`, mod 2^32.
    pub obfuscated_ticket_age: u32,
}

/// ```text
/// opaque PskBinderEntry<32..255>;
/// struct {
///     PskIdentity identities<7..2^16-1>;
///     PskBinderEntry binders<33..2^16-1>;
/// } OfferedPsks;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfferedPsks {
    /// `identities`: the PSKs offered, in order.
    pub identities: Vec<PskIdentity>,
    /// `binders`: one HMAC per identity, same order, binding the PSK to this ClientHello.
    pub binders: Vec<Vec<u8>>,
}

// ---- typed readers over an extension's body (for the endpoints) ----------------------------

/// The versions a ClientHello's supported_versions offers (RFC 8446 §4.2.1).
pub fn supported_versions_client(body: &[u8]) -> Result<Vec<ProtocolVersion>> {
    parse_body(body, "supported_versions", read_supported_versions_client)
}

/// The version a ServerHello's or HelloRetryRequest's supported_versions selects.
pub fn supported_versions_server(body: &[u8]) -> Result<ProtocolVersion> {
    parse_body(body, "supported_versions", read_supported_versions_server)
}

/// A ClientHello's key shares; a group offered twice is illegal_parameter (RFC 8446 §4.2.8).
pub fn key_share_client(body: &[u8]) -> Result<Vec<KeyShareEntry>> {
    parse_body(body, "key_share", read_key_share_client)
}

/// A ServerHello's key share.
pub fn key_share_server(body: &[u8]) -> Result<KeyShareEntry> {
    parse_body(body, "key_share", read_key_share_server)
}

/// The group a HelloRetryRequest asks the client to retry with.
pub fn key_share_hrr(body: &[u8]) -> Result<NamedGroup> {
    parse_body(body, "key_share", read_key_share_hrr)
}

/// The modes a ClientHello's psk_key_exchange_modes allows (RFC 8446 §4.2.9).
pub fn psk_key_exchange_modes(body: &[u8]) -> Result<Vec<PskKeyExchangeMode>> {
    parse_body(body, "psk_key_exchange_modes", read_psk_key_exchange_modes)
}

/// The cookie's bytes (without their length).
pub fn cookie(body: &[u8]) -> Result<Vec<u8>> {
    parse_body(body, "cookie", read_cookie)
}

/// The schemes signature_algorithms_cert accepts in certificates (RFC 8446 §4.2.3).
pub fn signature_algorithms_cert(body: &[u8]) -> Result<Vec<SignatureScheme>> {
    parse_body(
        body,
        "signature_algorithms_cert",
        crate::msgs::extensions::read_signature_algorithms,
    )
}

/// A NewSessionTicket's early_data: max_early_data_size.
pub fn early_data_nst(body: &[u8]) -> Result<u32> {
    parse_body(body, "early_data", read_early_data_nst)
}

/// Each DER DistinguishedName of certificate_authorities.
pub fn certificate_authorities(body: &[u8]) -> Result<Vec<Vec<u8>>> {
    parse_body(
        body,
        "certificate_authorities",
        read_certificate_authorities,
    )
}

/// A ClientHello's pre_shared_key: the identities offered and their binders
/// (RFC 8446 §4.2.11).
pub fn pre_shared_key_client(body: &[u8]) -> Result<OfferedPsks> {
    parse_body(body, "pre_shared_key", read_pre_shared_key_client)
}

/// A ServerHello's selected_identity.
pub fn pre_shared_key_server(body: &[u8]) -> Result<u16> {
    parse_body(body, "pre_shared_key", read_pre_shared_key_server)
}

// ---- annotating readers ----------------------------------------------------------------

/// `ProtocolVersion versions<2..254>;`
pub fn read_supported_versions_client(r: &mut Reader) -> Result<Vec<ProtocolVersion>> {
    r.begin("versions", "RFC 8446 §4.2.1");
    let n = r.limit_prefixed("versions", 1)?;
    if !(2..=254).contains(&n) || n % 2 != 0 {
        return Err(TlsError::decode(format!(
            "versions of {n} bytes: versions<2..254> holds one or more 2-byte versions"
        )));
    }
    let mut out = Vec::new();
    while r.remaining() > 0 {
        let v = ProtocolVersion::from_wire(r.u16("version")?);
        r.describe_last(|| describe_u16(v.to_wire(), v));
        out.push(v);
    }
    r.unlimit()?;
    r.describe(|| names(&out, |v| name_u16(v.to_wire(), v.as_str())));
    r.end();
    Ok(out)
}

/// `ProtocolVersion selected_version;`
pub fn read_supported_versions_server(r: &mut Reader) -> Result<ProtocolVersion> {
    let v = ProtocolVersion::from_wire(r.u16("selected_version")?);
    r.describe_last(|| describe_u16(v.to_wire(), v));
    Ok(v)
}

/// `KeyShareEntry client_shares<0..2^16-1>;` (an empty list asks the server to choose the
/// group with a HelloRetryRequest).
pub fn read_key_share_client(r: &mut Reader) -> Result<Vec<KeyShareEntry>> {
    r.begin("client_shares", "RFC 8446 §4.2.8");
    r.limit_prefixed("client_shares", 2)?;
    let mut out: Vec<KeyShareEntry> = Vec::new();
    while r.remaining() > 0 {
        let e = KeyShareEntry::read(r)?;
        if out.iter().any(|x| x.group == e.group) {
            return Err(TlsError::illegal(format!(
                "client_shares offers {} twice (RFC 8446 §4.2.8)",
                e.group
            )));
        }
        out.push(e);
    }
    r.unlimit()?;
    r.describe(|| {
        let groups: Vec<NamedGroup> = out.iter().map(|e| e.group).collect();
        names(&groups, |g| name_u16(g.to_wire(), g.as_str()))
    });
    r.end();
    Ok(out)
}

/// `KeyShareEntry server_share;`
pub fn read_key_share_server(r: &mut Reader) -> Result<KeyShareEntry> {
    KeyShareEntry::read(r)
}

/// `NamedGroup selected_group;`
pub fn read_key_share_hrr(r: &mut Reader) -> Result<NamedGroup> {
    let g = NamedGroup::from_wire(r.u16("selected_group")?);
    r.describe_last(|| describe_u16(g.to_wire(), g));
    Ok(g)
}

/// `PskKeyExchangeMode ke_modes<1..255>;`
pub fn read_psk_key_exchange_modes(r: &mut Reader) -> Result<Vec<PskKeyExchangeMode>> {
    r.begin("ke_modes", "RFC 8446 §4.2.9");
    if r.limit_prefixed("ke_modes", 1)? == 0 {
        return Err(TlsError::decode("ke_modes<1..255> must not be empty"));
    }
    let mut out = Vec::new();
    while r.remaining() > 0 {
        let m = PskKeyExchangeMode::from_wire(r.u8("ke_mode")?);
        r.describe_last(|| m.to_string());
        out.push(m);
    }
    r.unlimit()?;
    r.describe(|| names(&out, |m| m.as_str()));
    r.end();
    Ok(out)
}

/// `opaque cookie<1..2^16-1>;`
pub fn read_cookie(r: &mut Reader) -> Result<Vec<u8>> {
    let c = r.opaque("cookie", 2, "RFC 8446 §4.2.2")?;
    if c.is_empty() {
        return Err(TlsError::decode("cookie<1..2^16-1> must not be empty"));
    }
    Ok(c.to_vec())
}

/// `uint32 max_early_data_size;`
pub fn read_early_data_nst(r: &mut Reader) -> Result<u32> {
    let b = r.leaf("max_early_data_size", 4)?;
    let v = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    r.describe_last(|| format!("{v} bytes"));
    Ok(v)
}

/// `DistinguishedName authorities<3..2^16-1>;` with `opaque DistinguishedName<1..2^16-1>;`
pub fn read_certificate_authorities(r: &mut Reader) -> Result<Vec<Vec<u8>>> {
    r.begin("authorities", "RFC 8446 §4.2.4");
    if r.limit_prefixed("authorities", 2)? < 3 {
        return Err(TlsError::decode(
            "authorities<3..2^16-1> must hold at least one name",
        ));
    }
    let mut out = Vec::new();
    while r.remaining() > 0 {
        let name = r.opaque("DistinguishedName", 2, "")?;
        if name.is_empty() {
            return Err(TlsError::decode("a DistinguishedName must not be empty"));
        }
        out.push(name.to_vec());
    }
    r.unlimit()?;
    r.describe(|| format!("{} name(s)", out.len()));
    r.end();
    Ok(out)
}

/// `OfferedPsks` (RFC 8446 §4.2.11).
pub fn read_pre_shared_key_client(r: &mut Reader) -> Result<OfferedPsks> {
    r.begin("identities", "RFC 8446 §4.2.11");
    if r.limit_prefixed("identities", 2)? < 7 {
        return Err(TlsError::decode(
            "identities<7..2^16-1> must hold at least one PskIdentity",
        ));
    }
    let mut identities = Vec::new();
    while r.remaining() > 0 {
        r.begin("PskIdentity", "");
        let identity = r.opaque("identity", 2, "")?.to_vec();
        if identity.is_empty() {
            return Err(TlsError::decode("identity<1..2^16-1> must not be empty"));
        }
        let b = r.leaf("obfuscated_ticket_age", 4)?;
        let obfuscated_ticket_age = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        r.describe_last(|| obfuscated_ticket_age.to_string());
        r.describe(|| hex_preview(&identity));
        r.end();
        identities.push(PskIdentity {
            identity,
            obfuscated_ticket_age,
        });
    }
    r.unlimit()?;
    r.describe(|| format!("{} identity(ies)", identities.len()));
    r.end();
    r.begin("binders", "RFC 8446 §4.2.11.2");
    if r.limit_prefixed("binders", 2)? < 33 {
        return Err(TlsError::decode(
            "binders<33..2^16-1> must hold at least one PskBinderEntry",
        ));
    }
    let mut binders = Vec::new();
    while r.remaining() > 0 {
        let b = r.opaque("PskBinderEntry", 1, "")?;
        if b.len() < 32 {
            return Err(TlsError::decode(format!(
                "PskBinderEntry<32..255> of {} bytes",
                b.len()
            )));
        }
        binders.push(b.to_vec());
    }
    r.unlimit()?;
    r.describe(|| format!("{} binder(s)", binders.len()));
    r.end();
    // One binder per identity is the server's check (RFC 8446 §4.2.11), not the grammar's.
    Ok(OfferedPsks {
        identities,
        binders,
    })
}

/// `uint16 selected_identity;`
pub fn read_pre_shared_key_server(r: &mut Reader) -> Result<u16> {
    let v = r.u16("selected_identity")?;
    r.describe_last(|| format!("identity {v} of the client's list"));
    Ok(v)
}
