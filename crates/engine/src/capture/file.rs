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
    loop {
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
