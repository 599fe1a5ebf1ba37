//! pcap and pcapng files, through `pcap-parser`: each packet's bytes with its link type.

use pcap_parser::pcapng::Block;
use pcap_parser::{Linktype, PcapBlockOwned, PcapError, create_reader};

use super::{CaptureError, Format};

/// One captured packet.
pub struct Frame<'a> {
    pub link_type: i32,
    pub data: &'a [u8],
}

/// Calls `each` for every packet in the file, in file order; returns the file's format.
pub fn frames(bytes: &[u8], mut each: impl FnMut(Frame<'_>)) -> Result<Format, CaptureError> {
    if bytes.is_empty() {
        return Err(CaptureError::Empty);
    }
    // The whole file fits the reader's buffer, so a block that does not fit it claims more
    // bytes than the file has: an error, not a reason to read on.
    let mut reader = match create_reader(bytes.len() + 1, bytes) {
        Ok(r) => r,
        Err(PcapError::HeaderNotRecognized) => return Err(CaptureError::NotACapture),
        Err(PcapError::Incomplete(_) | PcapError::UnexpectedEof | PcapError::Eof) => {
            return Err(CaptureError::Truncated { packets_read: 0 });
        }
        Err(e) => {
            return Err(CaptureError::Malformed {
                packets_read: 0,
                reason: describe(&e),
            });
        }
    };
    let mut format = Format::Pcap;
    let mut legacy_link = None;
    // pcapng: the link type of each interface, by interface id, per section.
    let mut interfaces: Vec<i32> = Vec::new();
    let mut packets = 0;
    let mut refilled = false;
    // Where the reader stands in `bytes`, and the current pcapng section's byte order.
    let mut pos = 0;
    let pcapng = bytes.starts_with(&SECTION_HEADER_TYPE);
    let mut big_endian = false;
    loop {
        if pcapng && shorter_than_its_frame(&bytes[pos.min(bytes.len())..], &mut big_endian) {
            return Err(CaptureError::Malformed {
                packets_read: packets,
                reason: "a pcapng block is shorter than its 12-byte frame (type and two lengths)"
                    .to_string(),
            });
        }
        match reader.next() {
            Ok((offset, block)) => {
                refilled = false;
                match block {
                    PcapBlockOwned::LegacyHeader(h) => legacy_link = Some(h.network.0),
                    PcapBlockOwned::Legacy(b) => {
                        let data = &b.data[..b.data.len().min(b.caplen as usize)];
                        packets += 1;
                        each(Frame {
                            link_type: legacy_link.unwrap_or(Linktype::ETHERNET.0),
                            data,
                        });
                    }
                    PcapBlockOwned::NG(block) => {
                        format = Format::PcapNg;
                        match block {
                            Block::SectionHeader(_) => interfaces.clear(),
                            Block::InterfaceDescription(idb) => interfaces.push(idb.linktype.0),
                            Block::EnhancedPacket(epb) => {
                                let Some(&link_type) = interfaces.get(epb.if_id as usize) else {
                                    return Err(CaptureError::Malformed {
                                        packets_read: packets,
                                        reason: format!(
                                            "a packet names interface {} that was never described",
                                            epb.if_id
                                        ),
                                    });
                                };
                                // The block's data is padded to 32 bits.
                                let data = &epb.data[..epb.data.len().min(epb.caplen as usize)];
                                packets += 1;
                                each(Frame { link_type, data });
                            }
                            Block::SimplePacket(spb) => {
                                let link_type =
                                    interfaces.first().copied().unwrap_or(Linktype::ETHERNET.0);
                                let data = &spb.data[..spb.data.len().min(spb.origlen as usize)];
                                packets += 1;
                                each(Frame { link_type, data });
                            }
                            _ => {}
                        }
                    }
                }
                reader.consume(offset);
                pos += offset;
            }
            Err(PcapError::Eof) => return Ok(format),
            Err(PcapError::Incomplete(_)) if !refilled => {
                refilled = true;
                if reader.refill().is_err() {
                    return Err(CaptureError::Truncated {
                        packets_read: packets,
                    });
                }
            }
            Err(PcapError::Incomplete(_) | PcapError::UnexpectedEof) => {
                return Err(CaptureError::Truncated {
                    packets_read: packets,
                });
            }
            Err(PcapError::BufferTooSmall) => {
                return Err(CaptureError::Malformed {
                    packets_read: packets,
                    reason: "a block claims more bytes than the file has".to_string(),
                });
            }
            Err(e) => {
                return Err(CaptureError::Malformed {
                    packets_read: packets,
                    reason: describe(&e),
                });
            }
        }
    }
}

/// A pcapng Section Header Block's type, also the file's first bytes (pcapng §4.1).
const SECTION_HEADER_TYPE: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];

/// Whether the pcapng block at the start of `rest` claims fewer than the 12 bytes of its own
/// frame. pcap-parser 0.17 subtracts 12 from the length before checking it (an overflow
/// panic in a debug build, a wrap in a release one), so such a block is refused here first.
/// A Section Header Block sets the byte order (its byte-order magic) for what follows.
fn shorter_than_its_frame(rest: &[u8], big_endian: &mut bool) -> bool {
    let Some(header) = rest.get(..8) else {
        // Too short for a header: the parser reports the truncation.
        return false;
    };
    if header[..4] == SECTION_HEADER_TYPE
        && let Some(magic) = rest.get(8..12)
    {
        *big_endian = magic == [0x1a, 0x2b, 0x3c, 0x4d];
    }
    let len = [header[4], header[5], header[6], header[7]];
    let len = if *big_endian {
        u32::from_be_bytes(len)
    } else {
        u32::from_le_bytes(len)
    };
    len < 12
}

// The capture reader is not in the page (feature `capture`), whose build drops Debug text;
// pcap-parser's errors have no other names.
#[allow(clippy::use_debug)]
fn describe(e: &PcapError<&[u8]>) -> String {
    match e {
        PcapError::NomError(_, kind) => format!("cannot parse a block ({kind:?})"),
        PcapError::OwnedNomError(_, kind) => format!("cannot parse a block ({kind:?})"),
        PcapError::ReadError => "read error".to_string(),
        PcapError::HeaderNotRecognized => "a section header is not recognised".to_string(),
        other => format!("{other:?}"),
    }
}
