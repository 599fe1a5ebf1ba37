//! One packet's link, IP and TCP headers, through `etherparse`; the link types it does not
//! know (Linux cooked v2, BSD loopback) are unwrapped here first.

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

/// The TCP segment in a packet; `Ok(None)` for a packet that is not TCP over IP (ARP, UDP,
/// …); `Err` for one that claims to be and cannot be decoded.
pub fn decode(link_type: i32, data: &[u8]) -> Result<Option<Segment<'_>>, String> {
    let sliced = match link_type {
        ETHERNET => SlicedPacket::from_ethernet(data),
        LINUX_SLL => SlicedPacket::from_linux_sll(data),
        // SLL2: protocol type (2), reserved (2), interface index (4), ARPHRD type (2),
        // packet type (1), address length (1), address (8); then the payload.
        LINUX_SLL2 => match data.get(20..) {
            Some(payload) => SlicedPacket::from_ether_type(
                EtherType(u16::from_be_bytes([data[0], data[1]])),
                payload,
            ),
            None => return Err("Linux cooked (v2) header cut short".to_string()),
        },
        // BSD loopback: a 4-byte address family in the writer's byte order (NULL) or
        // big-endian (LOOP); 2 is IPv4, 24, 28 or 30 IPv6. The IP version nibble says as much.
        NULL | LOOP => match data.get(4..) {
            Some(payload) => SlicedPacket::from_ip(payload),
            None => return Err("loopback header cut short".to_string()),
        },
        RAW | IPV4 | IPV6 => SlicedPacket::from_ip(data),
        other => return Err(format!("link type {other} is not supported")),
    }
    .map_err(|e| format!("{e}"))?;
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
