//! One packet's link, IP and TCP headers, through `etherparse`; the link headers it does not
//! know or refuses (Linux cooked v1 from the loopback device, v2, BSD loopback) are unwrapped
//! here first.

use std::net::{IpAddr, SocketAddr};

use etherparse::{EtherType, NetSlice, SlicedPacket, TransportSlice};

/// LINKTYPE_* values (tcpdump.org/linktypes.html).
const NULL: i32 = 0;
const ETHERNET: i32 = 1;
const RAW: i32 = 101;
const LOOP: i32 = 108;
const LINUX_SLL: i32 = 113;
const IPV4: i32 = 228;
const IPV6: i32 = 229;
const LINUX_SLL2: i32 = 276;

/// A TCP segment and where it went.
pub struct Segment<'a> {
    pub source: SocketAddr,
    pub destination: SocketAddr,
    pub sequence_number: u32,
    pub syn: bool,
    pub ack: bool,
    pub payload: &'a [u8],
}

/// A Linux cooked packet: the EtherType at `protocol_at`, the payload after `header` bytes.
fn cooked(data: &[u8], header: usize, protocol_at: usize) -> Result<SlicedPacket<'_>, String> {
    match (data.get(protocol_at..protocol_at + 2), data.get(header..)) {
        (Some(p), Some(payload)) => sliced(SlicedPacket::from_ether_type(
            EtherType(u16::from_be_bytes([p[0], p[1]])),
            payload,
        )),
        _ => Err("Linux cooked header cut short".to_string()),
    }
}

fn sliced<'a>(
    r: Result<SlicedPacket<'a>, etherparse::err::packet::SliceError>,
) -> Result<SlicedPacket<'a>, String> {
    r.map_err(|e| e.to_string())
}

/// The TCP segment in a packet; `Ok(None)` for a packet that is not TCP over IP (ARP, UDP,
/// …); `Err` for one that claims to be and cannot be decoded.
pub fn decode(link_type: i32, data: &[u8]) -> Result<Option<Segment<'_>>, String> {
    let sliced = match link_type {
        ETHERNET => sliced(SlicedPacket::from_ethernet(data)),
        // Linux cooked headers are read here, not by etherparse, whose SLL reader refuses
        // the loopback device's ARPHRD type (772), which is what `-i any` records for `lo`.
        // SLL: packet type, ARPHRD type, address length (2 each), address (8), protocol (2).
        LINUX_SLL => cooked(data, 16, 14),
        // SLL2: protocol (2), reserved (2), interface index (4), ARPHRD type (2), packet
        // type (1), address length (1), address (8).
        LINUX_SLL2 => cooked(data, 20, 0),
        // BSD loopback: a 4-byte address family in the writer's byte order (NULL) or
        // big-endian (LOOP); 2 is IPv4, 24, 28 or 30 IPv6. The IP version nibble says as much.
        NULL | LOOP => match data.get(4..) {
            Some(payload) => sliced(SlicedPacket::from_ip(payload)),
            None => Err("loopback header cut short".to_string()),
        },
        RAW | IPV4 | IPV6 => sliced(SlicedPacket::from_ip(data)),
        other => Err(format!("link type {other} is not supported")),
    }?;
    let (source, destination, fragmented) = match &sliced.net {
        Some(NetSlice::Ipv4(ip)) => (
            IpAddr::V4(ip.header().source_addr()),
            IpAddr::V4(ip.header().destination_addr()),
            ip.payload().fragmented,
        ),
        Some(NetSlice::Ipv6(ip)) => (
            IpAddr::V6(ip.header().source_addr()),
            IpAddr::V6(ip.header().destination_addr()),
            ip.payload().fragmented,
        ),
        _ => return Ok(None),
    };
    let Some(TransportSlice::Tcp(tcp)) = &sliced.transport else {
        if fragmented {
            return Err("IP fragments are not reassembled".to_string());
        }
        return Ok(None);
    };
    Ok(Some(Segment {
        source: SocketAddr::new(source, tcp.source_port()),
        destination: SocketAddr::new(destination, tcp.destination_port()),
        sequence_number: tcp.sequence_number(),
        syn: tcp.syn(),
        ack: tcp.ack(),
        payload: tcp.payload(),
    }))
}
