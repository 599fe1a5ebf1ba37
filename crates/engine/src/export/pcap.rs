//! A classic pcap file (not pcapng) of one TCP connection: Ethernet II / IPv4 / TCP frames with
//! a three-way handshake, one segment per TLS record, correct sequence and acknowledgment
//! numbers and checksums, and a FIN/ACK teardown. The addresses are only written into the file.

/// LINKTYPE_ETHERNET (tcpdump.org link-layer header types).
const LINKTYPE_ETHERNET: u32 = 1;
const SNAPLEN: u32 = 262_144;
const ETHERTYPE_IPV4: u16 = 0x0800;
const IPPROTO_TCP: u8 = 6;
const TCP_FIN: u8 = 0x01;
const TCP_SYN: u8 = 0x02;
const TCP_PSH: u8 = 0x08;
const TCP_ACK: u8 = 0x10;
const WINDOW: u16 = 64_240;
const MSS: u16 = 1460;

/// One end of the connection.
#[derive(Clone, Copy, Debug)]
pub struct Host {
    /// Ethernet address.
    pub mac: [u8; 6],
    /// IPv4 address.
    pub ip: [u8; 4],
    /// TCP port.
    pub port: u16,
}

/// Which end sends a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The host that sends the SYN.
    Client,
    /// The host that answers it.
    Server,
}

/// Builds the capture of one TCP connection, segment by segment.
pub struct TcpCapture {
    file: Vec<u8>,
    client: Host,
    server: Host,
    /// Next sequence number each side sends.
    client_seq: u32,
    server_seq: u32,
    /// IPv4 identification, per sender.
    client_ip_id: u16,
    server_ip_id: u16,
    /// Capture clock in microseconds since the epoch.
    clock_us: u64,
    last_sender: Option<Side>,
    packets: usize,
}

impl TcpCapture {
    /// A capture that starts at `start_unix` seconds, with the initial sequence numbers given.
    pub fn new(
        client: Host,
        server: Host,
        client_isn: u32,
        server_isn: u32,
        start_unix: u64,
    ) -> Self {
        let mut file = Vec::new();
        // pcap global header (little-endian: magic a1b2c3d4 reads back as d4 c3 b2 a1).
        file.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        file.extend_from_slice(&2u16.to_le_bytes()); // version_major
        file.extend_from_slice(&4u16.to_le_bytes()); // version_minor
        file.extend_from_slice(&0i32.to_le_bytes()); // thiszone
        file.extend_from_slice(&0u32.to_le_bytes()); // sigfigs
        file.extend_from_slice(&SNAPLEN.to_le_bytes());
        file.extend_from_slice(&LINKTYPE_ETHERNET.to_le_bytes());
        TcpCapture {
            file,
            client,
            server,
            client_seq: client_isn,
            server_seq: server_isn,
            client_ip_id: 0x1000,
            server_ip_id: 0x2000,
            clock_us: start_unix.saturating_mul(1_000_000),
            last_sender: None,
            packets: 0,
        }
    }

    /// SYN, SYN/ACK, ACK, each SYN announcing an MSS of 1460.
    pub fn open(&mut self) {
        let [hi, lo] = MSS.to_be_bytes();
        let mss = [2, 4, hi, lo]; // kind 2, length 4 (RFC 9293 §3.2)
        self.segment(Side::Client, TCP_SYN, &mss, &[]);
        self.client_seq = self.client_seq.wrapping_add(1);
        self.segment(Side::Server, TCP_SYN | TCP_ACK, &mss, &[]);
        self.server_seq = self.server_seq.wrapping_add(1);
        self.segment(Side::Client, TCP_ACK, &[], &[]);
    }

    /// One segment carrying `payload` (e.g. one TLS record), PSH/ACK.
    pub fn send(&mut self, from: Side, payload: &[u8]) {
        self.segment(from, TCP_PSH | TCP_ACK, &[], payload);
        let n = u32::try_from(payload.len()).unwrap_or(u32::MAX);
        match from {
            Side::Client => self.client_seq = self.client_seq.wrapping_add(n),
            Side::Server => self.server_seq = self.server_seq.wrapping_add(n),
        }
    }

    /// FIN/ACK from `first`, FIN/ACK from the other side, then the final ACK.
    pub fn close(&mut self, first: Side) {
        let second = match first {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        };
        for side in [first, second] {
            self.segment(side, TCP_FIN | TCP_ACK, &[], &[]);
            match side {
                Side::Client => self.client_seq = self.client_seq.wrapping_add(1),
                Side::Server => self.server_seq = self.server_seq.wrapping_add(1),
            }
        }
        self.segment(first, TCP_ACK, &[], &[]);
    }

    /// The packets written so far.
    pub fn packets(&self) -> usize {
        self.packets
    }

    /// The pcap file.
    pub fn into_bytes(self) -> Vec<u8> {
        self.file
    }

    fn segment(&mut self, from: Side, flags: u8, options: &[u8], payload: &[u8]) {
        let (src, dst, seq, ack, ip_id) = match from {
            Side::Client => (
                self.client,
                self.server,
                self.client_seq,
                self.server_seq,
                &mut self.client_ip_id,
            ),
            Side::Server => (
                self.server,
                self.client,
                self.server_seq,
                self.client_seq,
                &mut self.server_ip_id,
            ),
        };
        // The SYN acknowledges nothing yet.
        let ack = if flags & TCP_ACK != 0 { ack } else { 0 };
        let id = *ip_id;
        *ip_id = ip_id.wrapping_add(1);
        let tcp = tcp_segment(&src, &dst, seq, ack, flags, options, payload);
        let ip = ipv4_header(src.ip, dst.ip, tcp.len(), id);
        let mut frame = Vec::with_capacity(14 + ip.len() + tcp.len());
        frame.extend_from_slice(&dst.mac);
        frame.extend_from_slice(&src.mac);
        frame.extend_from_slice(&ETHERTYPE_IPV4.to_be_bytes());
        frame.extend_from_slice(&ip);
        frame.extend_from_slice(&tcp);
        self.record(from, &frame);
    }

    /// A pcap record header and the frame. The clock moves 0.2 ms between segments of one
    /// sender and 10 ms (a simulated round trip's half) when the other side answers.
    fn record(&mut self, from: Side, frame: &[u8]) {
        if let Some(last) = self.last_sender {
            self.clock_us += if last == from { 200 } else { 10_000 };
        }
        self.last_sender = Some(from);
        let secs = u32::try_from(self.clock_us / 1_000_000).unwrap_or(u32::MAX);
        let micros = (self.clock_us % 1_000_000) as u32; // < 10^6: fits.
        let len = u32::try_from(frame.len()).unwrap_or(u32::MAX);
        self.file.extend_from_slice(&secs.to_le_bytes());
        self.file.extend_from_slice(&micros.to_le_bytes());
        self.file.extend_from_slice(&len.to_le_bytes()); // incl_len
        self.file.extend_from_slice(&len.to_le_bytes()); // orig_len
        self.file.extend_from_slice(frame);
        self.packets += 1;
    }
}

/// An IPv4 header (RFC 791) without options, Don't Fragment set, TTL 64, with its checksum.
fn ipv4_header(src: [u8; 4], dst: [u8; 4], payload_len: usize, id: u16) -> [u8; 20] {
    // A TLS record (at most 2^14 + 2048 bytes) always fits in one datagram.
    let total = u16::try_from(20 + payload_len).unwrap_or(u16::MAX);
    let mut h = [0u8; 20];
    h[0] = 0x45; // version 4, IHL 5 words
    h[2..4].copy_from_slice(&total.to_be_bytes());
    h[4..6].copy_from_slice(&id.to_be_bytes());
    h[6..8].copy_from_slice(&0x4000u16.to_be_bytes()); // DF, fragment offset 0
    h[8] = 64;
    h[9] = IPPROTO_TCP;
    h[12..16].copy_from_slice(&src);
    h[16..20].copy_from_slice(&dst);
    let sum = internet_checksum(&[&h]);
    h[10..12].copy_from_slice(&sum.to_be_bytes());
    h
}

/// A TCP segment (RFC 9293 §3.1) with its checksum over the IPv4 pseudo-header.
fn tcp_segment(
    src: &Host,
    dst: &Host,
    seq: u32,
    ack: u32,
    flags: u8,
    options: &[u8],
    payload: &[u8],
) -> Vec<u8> {
    // Options come in whole 32-bit words (ours: the 4-byte MSS option or none).
    let header_len = 20 + options.len();
    let mut s = Vec::with_capacity(header_len + payload.len());
    s.extend_from_slice(&src.port.to_be_bytes());
    s.extend_from_slice(&dst.port.to_be_bytes());
    s.extend_from_slice(&seq.to_be_bytes());
    s.extend_from_slice(&ack.to_be_bytes());
    s.push(((header_len / 4) as u8) << 4); // data offset in words; ≤ 6 here
    s.push(flags);
    s.extend_from_slice(&WINDOW.to_be_bytes());
    s.extend_from_slice(&[0, 0]); // checksum, filled below
    s.extend_from_slice(&[0, 0]); // urgent pointer
    s.extend_from_slice(options);
    s.extend_from_slice(payload);
    let sum = tcp_checksum(src.ip, dst.ip, &s);
    s[16..18].copy_from_slice(&sum.to_be_bytes());
    s
}

/// The TCP checksum: the internet checksum over the pseudo-header (source, destination, zero,
/// protocol, TCP length) and the segment (RFC 9293 §3.1).
fn tcp_checksum(src: [u8; 4], dst: [u8; 4], segment: &[u8]) -> u16 {
    let len = u16::try_from(segment.len())
        .unwrap_or(u16::MAX)
        .to_be_bytes();
    let pseudo = [
        src[0],
        src[1],
        src[2],
        src[3],
        dst[0],
        dst[1],
        dst[2],
        dst[3],
        0,
        IPPROTO_TCP,
        len[0],
        len[1],
    ];
    internet_checksum(&[&pseudo, segment])
}

/// The internet checksum (RFC 1071): the one's complement of the one's-complement sum of
/// 16-bit big-endian words, over the parts in order (an odd part is padded with a zero byte;
/// only the last part may be odd here).
fn internet_checksum(parts: &[&[u8]]) -> u16 {
    let mut sum: u32 = 0;
    for part in parts {
        for pair in part.chunks(2) {
            let word = u16::from_be_bytes([pair[0], pair.get(1).copied().unwrap_or(0)]);
            sum += u32::from(word);
            sum = (sum & 0xffff) + (sum >> 16);
        }
    }
    !(sum as u16) // folded above: sum < 2^16
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT: Host = Host {
        mac: [2, 0, 0, 0, 0, 1],
        ip: [10, 0, 0, 1],
        port: 50_000,
    };
    const SERVER: Host = Host {
        mac: [2, 0, 0, 0, 0, 2],
        ip: [10, 0, 0, 2],
        port: 443,
    };

    fn be16(b: &[u8], at: usize) -> u16 {
        u16::from_be_bytes([b[at], b[at + 1]])
    }

    fn be32(b: &[u8], at: usize) -> u32 {
        u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    /// RFC 1071 §3's worked example: the words 0001 f203 f4f5 f6f7 sum to ddf2, so the
    /// checksum is its complement, 220d.
    #[test]
    fn rfc1071_example() {
        assert_eq!(
            internet_checksum(&[&[0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]]),
            0x220d
        );
    }

    /// The IPv4 header of the classic example (192.168.0.1 → 192.168.0.199, UDP, total length
    /// 0x73, DF, TTL 64) has checksum b861.
    #[test]
    fn ipv4_known_header() {
        let mut h = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
            0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
        ];
        assert_eq!(internet_checksum(&[&h]), 0xb861);
        h[10] = 0xb8;
        h[11] = 0x61;
        // A header with its checksum in place sums to zero.
        assert_eq!(internet_checksum(&[&h]), 0);
    }

    /// Our own header for 10.0.0.1 → 10.0.0.2, 60-byte payload, id 0x1000, DF, TTL 64, TCP:
    /// checksum 0x16a6 (by hand: 4500+0050+1000+4000+4006+0a00+0001+0a00+0002 = e959, whose
    /// complement is 16a6).
    #[test]
    fn ipv4_our_header() {
        let h = ipv4_header([10, 0, 0, 1], [10, 0, 0, 2], 60, 0x1000);
        assert_eq!(be16(&h, 2), 80);
        assert_eq!(be16(&h, 10), 0x16a6);
        assert_eq!(internet_checksum(&[&h]), 0);
    }

    /// A SYN from 10.0.0.1:50000 to 10.0.0.2:443, seq 1, window 64240, MSS 1460: c426, the
    /// checksum tshark 4.0.17 reports as "[correct]" for this segment (checked with a capture
    /// built independently of this code).
    #[test]
    fn tcp_known_syn() {
        let s = tcp_segment(&CLIENT, &SERVER, 1, 0, TCP_SYN, &[2, 4, 0x05, 0xb4], &[]);
        assert_eq!(s.len(), 24);
        assert_eq!(s[12], 6 << 4);
        assert_eq!(be16(&s, 16), 0xc426);
    }

    #[test]
    fn tcp_checksum_verifies_odd_payload() {
        let s = tcp_segment(&CLIENT, &SERVER, 7, 9, TCP_PSH | TCP_ACK, &[], b"odd");
        // Summing again with the checksum in place gives zero (RFC 1071 §1 (4)).
        let len = (s.len() as u16).to_be_bytes();
        let pseudo = [10, 0, 0, 1, 10, 0, 0, 2, 0, 6, len[0], len[1]];
        assert_eq!(internet_checksum(&[&pseudo, &s]), 0);
    }

    #[test]
    fn connection_numbers_follow_tcp() {
        let mut c = TcpCapture::new(CLIENT, SERVER, 1000, 5000, 1_780_272_000);
        c.open();
        c.send(Side::Client, &[0x16; 100]);
        c.send(Side::Server, &[0x16; 50]);
        c.close(Side::Client);
        assert_eq!(c.packets(), 8);
        let file = c.into_bytes();
        assert_eq!(&file[..4], &[0xd4, 0xc3, 0xb2, 0xa1]);
        assert_eq!(
            u32::from_le_bytes([file[20], file[21], file[22], file[23]]),
            1
        );
        // Walk the records: (seq, ack, flags) of each segment.
        let mut at = 24;
        let mut seen = Vec::new();
        while at < file.len() {
            let len = u32::from_le_bytes([file[at + 8], file[at + 9], file[at + 10], file[at + 11]])
                as usize;
            let frame = &file[at + 16..at + 16 + len];
            let tcp = &frame[14 + 20..];
            seen.push((be32(tcp, 4), be32(tcp, 8), tcp[13]));
            at += 16 + len;
        }
        assert_eq!(
            seen,
            vec![
                (1000, 0, TCP_SYN),
                (5000, 1001, TCP_SYN | TCP_ACK),
                (1001, 5001, TCP_ACK),
                (1001, 5001, TCP_PSH | TCP_ACK),
                (5001, 1101, TCP_PSH | TCP_ACK),
                (1101, 5051, TCP_FIN | TCP_ACK),
                (5051, 1102, TCP_FIN | TCP_ACK),
                (1102, 5052, TCP_ACK),
            ]
        );
    }
}
