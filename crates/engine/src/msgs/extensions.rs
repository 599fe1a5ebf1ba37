//! Extensions (RFC 5246 §7.4.1.4, RFC 8446 §4.2): the ones this engine sends and reads, and a
//! readable dissection of any other. The same type can have a different body in each message
//! it appears in (key_share is a list in ClientHello, one entry in ServerHello, a group in
//! HelloRetryRequest), so every read names its [`ExtensionContext`].

use crate::codec::{Reader, Writer};
use crate::error::TlsError;
use crate::msgs::enums::{
    EcPointFormat, ExtensionType, NamedGroup, SignatureScheme, describe_u16, name_u16,
};

pub use crate::msgs::extensions13::*;

type Result<T> = std::result::Result<T, TlsError>;

/// The message an extension appears in (the columns of RFC 8446 §4.2's table: CH, SH, HRR,
/// EE, CT, CR, NST). TLS 1.2 hellos use `ClientHello` and `ServerHello`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtensionContext {
    /// CH: a ClientHello (either version).
    ClientHello,
    /// SH: a ServerHello (either version).
    ServerHello,
    /// HRR: a HelloRetryRequest (TLS 1.3).
    HelloRetryRequest,
    /// EE: EncryptedExtensions (TLS 1.3).
    EncryptedExtensions,
    /// CT: in a CertificateEntry (TLS 1.3).
    Certificate,
    /// CR: a TLS 1.3 CertificateRequest.
    CertificateRequest,
    /// NST: a TLS 1.3 NewSessionTicket.
    NewSessionTicket,
}

impl ExtensionContext {
    /// The message's name, as the RFC writes it.
    pub fn message(self) -> &'static str {
        match self {
            ExtensionContext::ClientHello => "ClientHello",
            ExtensionContext::ServerHello => "ServerHello",
            ExtensionContext::HelloRetryRequest => "HelloRetryRequest",
            ExtensionContext::EncryptedExtensions => "EncryptedExtensions",
            ExtensionContext::Certificate => "Certificate",
            ExtensionContext::CertificateRequest => "CertificateRequest",
            ExtensionContext::NewSessionTicket => "NewSessionTicket",
        }
    }
}

/// `struct { ExtensionType extension_type; opaque extension_data<0..2^16-1>; } Extension;`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extension {
    /// `extension_type`.
    pub typ: ExtensionType,
    /// `extension_data`, without its length.
    pub body: Vec<u8>,
}

impl Extension {
    /// Writes `extension_type` and the length-prefixed `extension_data`.
    pub fn encode(&self, w: &mut Writer) {
        w.u16(self.typ.to_wire());
        w.prefixed(2, |w| w.bytes(&self.body));
    }

    /// Reads one extension; the bodies of known types are decoded (and annotated) as they
    /// are in the message `ctx`.
    pub fn read(r: &mut Reader, ctx: ExtensionContext) -> Result<Extension> {
        let typ = ExtensionType::from_wire(r.u16("type")?);
        r.describe_last(|| describe_u16(typ.to_wire(), typ));
        let len = r.limit_prefixed("extension_data", 2)?;
        let start = r.position();
        read_body(r, typ, ctx, len)?;
        r.unlimit()?;
        let body = r_slice(r, start);
        Ok(Extension { typ, body })
    }

    /// server_name with one `host_name` entry (RFC 6066 §3).
    pub fn server_name(host: &str) -> Extension {
        let mut w = Writer::new();
        // ServerNameList, one entry: name_type host_name(0), HostName<1..2^16-1> (RFC 6066 §3).
        w.prefixed(2, |w| {
            w.u8(0);
            w.prefixed(2, |w| w.bytes(host.as_bytes()));
        });
        Extension {
            typ: ExtensionType::ServerName,
            body: w.into_bytes(),
        }
    }

    /// supported_groups: `named_group_list`, in preference order (RFC 8446 §4.2.7).
    pub fn supported_groups(groups: &[NamedGroup]) -> Extension {
        let mut w = Writer::new();
        w.prefixed(2, |w| groups.iter().for_each(|g| w.u16(g.to_wire())));
        Extension {
            typ: ExtensionType::SupportedGroups,
            body: w.into_bytes(),
        }
    }

    /// ec_point_formats listing only `uncompressed`, the one format RFC 8422 §5.1.2 keeps.
    pub fn ec_point_formats() -> Extension {
        Extension {
            typ: ExtensionType::EcPointFormats,
            body: vec![1, EcPointFormat::Uncompressed.to_wire()],
        }
    }

    /// signature_algorithms: `supported_signature_algorithms`, in preference order
    /// (RFC 8446 §4.2.3).
    pub fn signature_algorithms(schemes: &[SignatureScheme]) -> Extension {
        let mut w = Writer::new();
        w.prefixed(2, |w| schemes.iter().for_each(|s| w.u16(s.to_wire())));
        Extension {
            typ: ExtensionType::SignatureAlgorithms,
            body: w.into_bytes(),
        }
    }

    /// An extension whose presence is the message, e.g. extended_master_secret.
    pub fn empty(typ: ExtensionType) -> Extension {
        Extension {
            typ,
            body: Vec::new(),
        }
    }

    /// application_layer_protocol_negotiation: `ProtocolName protocol_name_list<2..2^16-1>;`
    /// with `opaque ProtocolName<1..2^8-1>;` (RFC 7301 §3.1), e.g. `b"h2"`, `b"http/1.1"`.
    pub fn alpn(protocols: &[&[u8]]) -> Extension {
        let mut w = Writer::new();
        w.prefixed(2, |w| {
            for p in protocols {
                w.prefixed(1, |w| w.bytes(p));
            }
        });
        Extension {
            typ: ExtensionType::Alpn,
            body: w.into_bytes(),
        }
    }

    /// renegotiation_info for an initial handshake: an empty renegotiated_connection.
    pub fn renegotiation_info_initial() -> Extension {
        Extension {
            typ: ExtensionType::RenegotiationInfo,
            body: vec![0],
        }
    }
}

/// The bytes read since `start`: the extension's body.
fn r_slice(r: &Reader, start: usize) -> Vec<u8> {
    r.consumed_since(start).to_vec()
}

/// The extension of type `typ` in `exts`, if there is one.
pub fn find(exts: &[Extension], typ: ExtensionType) -> Option<&Extension> {
    exts.iter().find(|e| e.typ == typ)
}

/// The body of the extension of type `typ` in `exts` decoded with `f` (every byte read), or
/// `None` when there is no such extension.
pub fn decode<T>(
    exts: &[Extension],
    typ: ExtensionType,
    f: impl FnOnce(&mut Reader) -> Result<T>,
) -> Result<Option<T>> {
    find(exts, typ).map(|e| parse(e, f)).transpose()
}

/// Reads `Extension extensions<0..2^16-1>` of the message `ctx`, rejecting a type that
/// appears twice (RFC 5246 §7.4.1.4; RFC 8446 §4.2: "There MUST NOT be more than one
/// extension of the same type in a given extension block") and, in a ClientHello, a
/// pre_shared_key that is not the last extension (RFC 8446 §4.2.11).
pub fn read_list(r: &mut Reader, ctx: ExtensionContext) -> Result<Vec<Extension>> {
    r.begin(
        "extensions",
        match ctx {
            // The hellos may be TLS 1.2 ones.
            ExtensionContext::ClientHello | ExtensionContext::ServerHello => "RFC 5246 §7.4.1.4",
            _ => "RFC 8446 §4.2",
        },
    );
    r.limit_prefixed("extensions", 2)?;
    let mut exts: Vec<Extension> = Vec::new();
    while r.remaining() > 0 {
        if ctx == ExtensionContext::ClientHello
            && exts
                .last()
                .is_some_and(|e| e.typ == ExtensionType::PreSharedKey)
        {
            return Err(TlsError::illegal(
                "pre_shared_key is not the last extension of the ClientHello (RFC 8446 §4.2.11)",
            ));
        }
        r.begin("Extension", "");
        let e = Extension::read(r, ctx)?;
        r.describe(|| name_u16(e.typ.to_wire(), e.typ.as_str()).to_string());
        r.end();
        if exts.iter().any(|x| x.typ == e.typ) {
            return Err(TlsError::illegal(format!(
                "extension {} appears twice in one message (RFC 8446 §4.2)",
                e.typ
            )));
        }
        exts.push(e);
    }
    r.unlimit()?;
    r.describe(|| format!("{} extension(s)", exts.len()));
    r.end();
    Ok(exts)
}

/// `Extension extensions<0..2^16-1>`: the list with its 2-byte length.
pub fn encode_list(exts: &[Extension], w: &mut Writer) {
    w.prefixed(2, |w| exts.iter().for_each(|e| e.encode(w)));
}

/// Decodes (and annotates) the body of the extension types the engine knows.
fn read_body(r: &mut Reader, typ: ExtensionType, ctx: ExtensionContext, len: usize) -> Result<()> {
    match typ {
        ExtensionType::ServerName if len > 0 => {
            read_server_name(r)?;
        }
        ExtensionType::SupportedGroups => {
            read_groups(r)?;
        }
        ExtensionType::EcPointFormats => {
            read_point_formats(r)?;
        }
        ExtensionType::SignatureAlgorithms => {
            read_signature_algorithms(r)?;
        }
        ExtensionType::RenegotiationInfo => {
            r.opaque("renegotiated_connection", 1, "RFC 5746 §3.2")?;
        }
        ExtensionType::Alpn => {
            read_alpn(r)?;
        }
        ExtensionType::ExtendedMasterSecret
        | ExtensionType::ServerName
        | ExtensionType::EncryptThenMac
        | ExtensionType::PostHandshakeAuth => {
            if len != 0 {
                return Err(TlsError::decode(format!("{} must be empty", typ.as_str())));
            }
        }
        // TLS 1.3's extensions are decoded in a build that speaks it; otherwise they are
        // named and their bytes shown, as a TLS 1.2 endpoint ignores them.
        _ if is_tls13_body(typ) => read_body13(r, typ, ctx, len)?,
        _ => {
            if len > 0 {
                r.leaf("data", len)?;
            }
        }
    }
    Ok(())
}

/// The extensions whose bodies only TLS 1.3 defines or reads (RFC 8446 §4.2).
fn is_tls13_body(typ: ExtensionType) -> bool {
    matches!(
        typ,
        ExtensionType::EarlyData
            | ExtensionType::SupportedVersions
            | ExtensionType::KeyShare
            | ExtensionType::PskKeyExchangeModes
            | ExtensionType::Cookie
            | ExtensionType::SignatureAlgorithmsCert
            | ExtensionType::CertificateAuthorities
            | ExtensionType::PreSharedKey
    )
}

fn read_body13(
    r: &mut Reader,
    typ: ExtensionType,
    ctx: ExtensionContext,
    len: usize,
) -> Result<()> {
    use ExtensionContext as C;
    match typ {
        ExtensionType::EarlyData if ctx == C::NewSessionTicket => {
            read_early_data_nst(r)?;
        }
        ExtensionType::EarlyData => {
            if len != 0 {
                return Err(TlsError::decode(format!(
                    "early_data in {} must be empty (RFC 8446 §4.2.10)",
                    ctx.message()
                )));
            }
        }
        ExtensionType::SupportedVersions if ctx == C::ClientHello => {
            read_supported_versions_client(r)?;
        }
        ExtensionType::SupportedVersions
            if matches!(ctx, C::ServerHello | C::HelloRetryRequest) =>
        {
            read_supported_versions_server(r)?;
        }
        ExtensionType::KeyShare if ctx == C::ClientHello => {
            read_key_share_client(r)?;
        }
        ExtensionType::KeyShare if ctx == C::ServerHello => {
            read_key_share_server(r)?;
        }
        ExtensionType::KeyShare if ctx == C::HelloRetryRequest => {
            read_key_share_hrr(r)?;
        }
        ExtensionType::PskKeyExchangeModes => {
            read_psk_key_exchange_modes(r)?;
        }
        ExtensionType::Cookie => {
            read_cookie(r)?;
        }
        ExtensionType::SignatureAlgorithmsCert => {
            read_signature_algorithms(r)?;
        }
        ExtensionType::CertificateAuthorities => {
            read_certificate_authorities(r)?;
        }
        ExtensionType::PreSharedKey if ctx == C::ClientHello => {
            read_pre_shared_key_client(r)?;
        }
        ExtensionType::PreSharedKey if ctx == C::ServerHello => {
            read_pre_shared_key_server(r)?;
        }
        _ => {
            if len > 0 {
                r.leaf("data", len)?;
            }
        }
    }
    Ok(())
}

/// The host name from a server_name body (RFC 6066 §3), if it names one.
pub fn read_server_name(r: &mut Reader) -> Result<Option<String>> {
    r.begin("server_name_list", "RFC 6066 §3");
    r.limit_prefixed("server_name_list", 2)?;
    let mut host = None;
    while r.remaining() > 0 {
        let name_type = r.u8("name_type")?;
        r.describe_last(|| {
            if name_type == 0 {
                "host_name (0)".into()
            } else {
                format!("unknown ({name_type})")
            }
        });
        let name = r.opaque("host_name", 2, "")?;
        let text = String::from_utf8_lossy(name).into_owned();
        r.describe_last(|| text.clone());
        if name_type == 0 && host.is_none() {
            host = Some(text);
        }
    }
    r.unlimit()?;
    r.describe(|| host.clone().unwrap_or_default());
    r.end();
    Ok(host)
}

/// Reads supported_groups' `named_group_list` (at least one group, RFC 8422 §5.1.1).
pub fn read_groups(r: &mut Reader) -> Result<Vec<NamedGroup>> {
    r.begin("named_group_list", "RFC 8422 §5.1.1");
    // `NamedCurve named_curve_list<2..2^16-1>`: at least one group.
    let n = r.limit_prefixed("named_group_list", 2)?;
    if n < 2 || n % 2 != 0 {
        return Err(TlsError::decode(format!(
            "named_group_list of {n} bytes: it holds one or more 2-byte groups"
        )));
    }
    let mut out = Vec::new();
    while r.remaining() > 0 {
        let g = NamedGroup::from_wire(r.u16("group")?);
        r.describe_last(|| describe_u16(g.to_wire(), g));
        out.push(g);
    }
    r.unlimit()?;
    r.describe(|| names(&out, |g| name_u16(g.to_wire(), g.as_str())));
    r.end();
    Ok(out)
}

/// The protocol names of an ALPN body (RFC 7301 §3.1).
pub fn alpn(body: &[u8]) -> Result<Vec<Vec<u8>>> {
    parse_body(body, "application_layer_protocol_negotiation", read_alpn)
}

/// Reads ALPN's `protocol_name_list` (at least one non-empty name, RFC 7301 §3.1).
pub fn read_alpn(r: &mut Reader) -> Result<Vec<Vec<u8>>> {
    r.begin("protocol_name_list", "RFC 7301 §3.1");
    if r.limit_prefixed("protocol_name_list", 2)? < 2 {
        return Err(TlsError::decode(
            "protocol_name_list<2..2^16-1> must hold at least one name",
        ));
    }
    let mut out = Vec::new();
    while r.remaining() > 0 {
        let name = r.opaque("ProtocolName", 1, "")?;
        if name.is_empty() {
            return Err(TlsError::decode("ProtocolName<1..2^8-1> must not be empty"));
        }
        let text = String::from_utf8_lossy(name).into_owned();
        r.describe_last(|| text.clone());
        out.push(name.to_vec());
    }
    r.unlimit()?;
    r.describe(|| {
        out.iter()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    });
    r.end();
    Ok(out)
}

/// Reads `ec_point_format_list` (at least one format, RFC 8422 §5.1.2).
pub fn read_point_formats(r: &mut Reader) -> Result<Vec<EcPointFormat>> {
    r.begin("ec_point_format_list", "RFC 8422 §5.1.2");
    // `ECPointFormat ec_point_format_list<1..2^8-1>`
    if r.limit_prefixed("ec_point_format_list", 1)? == 0 {
        return Err(TlsError::decode("ec_point_format_list must not be empty"));
    }
    let mut out = Vec::new();
    while r.remaining() > 0 {
        let f = EcPointFormat::from_wire(r.u8("ec_point_format")?);
        r.describe_last(|| f.to_string());
        out.push(f);
    }
    r.unlimit()?;
    r.describe(|| names(&out, |f| f.as_str()));
    r.end();
    Ok(out)
}

/// Reads `supported_signature_algorithms` (at least one scheme, RFC 5246 §7.4.1.4.1), the
/// body of signature_algorithms and signature_algorithms_cert.
pub fn read_signature_algorithms(r: &mut Reader) -> Result<Vec<SignatureScheme>> {
    r.begin("supported_signature_algorithms", "RFC 5246 §7.4.1.4.1");
    // `SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>`: an empty list
    // does not decode.
    let n = r.limit_prefixed("supported_signature_algorithms", 2)?;
    if n < 2 || n % 2 != 0 {
        return Err(TlsError::decode(format!(
            "supported_signature_algorithms of {n} bytes: it holds one or more 2-byte schemes"
        )));
    }
    let mut out = Vec::new();
    while r.remaining() > 0 {
        let s = SignatureScheme::from_wire(r.u16("signature_scheme")?);
        r.describe_last(|| describe_u16(s.to_wire(), s));
        out.push(s);
    }
    r.unlimit()?;
    r.describe(|| names(&out, |s| name_u16(s.to_wire(), s.as_str())));
    r.end();
    Ok(out)
}

pub(crate) fn names<T: Copy>(items: &[T], name: impl Fn(T) -> &'static str) -> String {
    items
        .iter()
        .map(|i| name(*i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Decodes a known extension's body with a fresh reader (for endpoints).
pub fn parse<T>(e: &Extension, f: impl FnOnce(&mut Reader) -> Result<T>) -> Result<T> {
    let mut r = Reader::new(&e.body);
    let v = f(&mut r)?;
    r.expect_empty(e.typ.as_str())?;
    Ok(v)
}

/// Decodes an extension body with a fresh reader; every byte must be read.
pub(crate) fn parse_body<T>(
    body: &[u8],
    what: &str,
    f: impl FnOnce(&mut Reader) -> Result<T>,
) -> Result<T> {
    let mut r = Reader::new(body);
    let v = f(&mut r)?;
    r.expect_empty(what)?;
    Ok(v)
}
