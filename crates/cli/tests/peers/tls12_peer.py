#!/usr/bin/env python3
"""Scripted TLS 1.2 peers for tls-lab's conformance tests, an independent witness.

Messages are built and parsed by tlslite-ng's classes, keys come from its PRF, records are
sealed with its AES-GCM and the pre-master secret is encrypted with its RSA. Written here are
only the 5-byte record framing and the deliberate deviations each scenario needs (fragments,
versions, malformed bytes), so the bytes on the wire are what another TLS stack would send.

    tls12_peer.py client SCENARIO PORT [CA.pem]
        run one scripted client against tls-lab serve on 127.0.0.1:PORT
    tls12_peer.py server SCENARIO
        listen on 127.0.0.1 (prints "listening on PORT"), script one connection

Exit status 0 when tls-lab behaved as the RFC says; 1 with the reason on stderr otherwise.
Every socket wait is bounded (TIMEOUT), so a scenario never hangs.
"""

import hashlib
import os
import socket
import ssl
import sys
import time

from tlslite.constants import (
    AlertDescription,
    AlertLevel,
    CertificateType,
    CipherSuite,
    ContentType,
    HandshakeType,
    HashAlgorithm,
    SignatureAlgorithm,
)
from tlslite.extensions import (
    PaddingExtension,
    SignatureAlgorithmsExtension,
    SNIExtension,
    TLSExtension,
)
from tlslite.mathtls import PRF_1_2
from tlslite.messages import (
    Alert,
    Certificate,
    ClientHello,
    ClientKeyExchange,
    Finished,
    ServerHello,
)
from tlslite.utils.cipherfactory import createAESGCM
from tlslite.utils.codec import Parser

TIMEOUT = 10.0
TLS10 = (3, 1)
TLS12 = (3, 3)
SUITE = CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256
SERVER_NAME = "server.test"
# The largest ClientHello body RFC 5246 §7.4.1.2's grammar allows.
CLIENT_HELLO_MAX_LEN = 2 + 32 + (1 + 32) + (2 + 0xFFFE) + (1 + 0xFF) + (2 + 0xFFFF)
MAX_FRAGMENT = 1 << 14
REQUEST = b"ping from tlslite-ng\n"


class Failure(Exception):
    """tls-lab did something the scenario says it must not."""


# --- the record layer: framing here, protection by tlslite-ng's AES-GCM -------------------


class Gcm:
    """AES-128-GCM record protection, RFC 5288: nonce = salt ‖ explicit, AAD per RFC 5246 §6.2.3.3."""

    def __init__(self, key, salt):
        self.aead = createAESGCM(bytearray(key))
        self.salt = bytes(salt)
        self.seq = 0

    def _aad(self, ctype, length):
        return self.seq.to_bytes(8, "big") + bytes([ctype, 3, 3]) + length.to_bytes(2, "big")

    def seal(self, ctype, plaintext):
        explicit = self.seq.to_bytes(8, "big")
        sealed = self.aead.seal(
            bytearray(self.salt + explicit), bytearray(plaintext), bytearray(self._aad(ctype, len(plaintext)))
        )
        self.seq += 1
        return explicit + bytes(sealed)

    def open(self, ctype, fragment):
        explicit, body = fragment[:8], fragment[8:]
        opened = self.aead.open(
            bytearray(self.salt + explicit), bytearray(body), bytearray(self._aad(ctype, len(body) - 16))
        )
        if opened is None:
            raise Failure("a record from tls-lab does not authenticate")
        self.seq += 1
        return bytes(opened)


class Conn:
    """One TCP connection with TLS record framing and the handshake transcript."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.inbuf = b""
        self.hs_buf = b""
        self.handshake_messages = b""
        self.write = None
        self.read = None

    def send_raw(self, data):
        self.sock.sendall(bytes(data))

    def send_record(self, ctype, payload, version=TLS12):
        payload = bytes(payload)
        if self.write:
            payload = self.write.seal(ctype, payload)
        self.send_raw(bytes([ctype, *version]) + len(payload).to_bytes(2, "big") + payload)

    def send_handshake(self, message, fragments=None, version=TLS12):
        """Sends a whole handshake message (tlslite's write(): header and body), cut into
        records of the given sizes (the last takes the rest), and adds it to the transcript."""
        message = bytes(message)
        self.handshake_messages += message
        for piece in cut(message, fragments):
            self.send_record(ContentType.handshake, piece, version)

    def send_alert(self, level, description):
        self.send_record(ContentType.alert, Alert().create(description, level).write())

    def _read(self, n):
        while len(self.inbuf) < n:
            try:
                chunk = self.sock.recv(65536)
            except (ConnectionResetError, BrokenPipeError):
                chunk = b""
            except socket.timeout:
                raise Failure(f"tls-lab sent nothing for {TIMEOUT} s")
            if not chunk:
                return None
            self.inbuf += chunk
        out, self.inbuf = self.inbuf[:n], self.inbuf[n:]
        return out

    def recv_record(self):
        header = self._read(5)
        if header is None:
            return None
        body = self._read(int.from_bytes(header[3:5], "big"))
        if body is None:
            return None
        if self.read:
            body = self.read.open(header[0], body)
        return header[0], body

    def next_event(self):
        """('handshake', type, raw) | ('ccs', payload) | ('alert', level, description) |
        ('data', payload) | ('eof',)"""
        while True:
            if len(self.hs_buf) >= 4:
                n = 4 + int.from_bytes(self.hs_buf[1:4], "big")
                if len(self.hs_buf) >= n:
                    raw, self.hs_buf = self.hs_buf[:n], self.hs_buf[n:]
                    return ("handshake", raw[0], raw)
            record = self.recv_record()
            if record is None:
                return ("eof",)
            ctype, body = record
            if ctype == ContentType.handshake:
                self.hs_buf += body
            elif ctype == ContentType.alert:
                return ("alert", body[0], body[1])
            elif ctype == ContentType.change_cipher_spec:
                return ("ccs", body)
            elif ctype == ContentType.application_data:
                return ("data", body)
            else:
                raise Failure(f"record of content type {ctype} from tls-lab")

    def expect_handshake(self, typ):
        event = self.next_event()
        if event[0] != "handshake" or event[1] != typ:
            raise Failure(f"expected {HandshakeType.toStr(typ)}, got {describe(event)}")
        self.handshake_messages += event[2]
        return event[2]

    def expect_alert(self, level, description):
        event = self.next_event()
        if event != ("alert", level, description):
            raise Failure(
                f"expected {AlertLevel.toStr(level)} alert {AlertDescription.toStr(description)}, "
                f"got {describe(event)}"
            )
        print(f"ok: tls-lab sent {AlertLevel.toStr(level)} {AlertDescription.toStr(description)}")

    def expect(self, kind):
        event = self.next_event()
        if event[0] != kind:
            raise Failure(f"expected {kind}, got {describe(event)}")
        return event

    def close(self):
        self.sock.close()


def cut(data, sizes):
    if not sizes:
        return [data]
    pieces, at = [], 0
    for size in sizes:
        if at >= len(data):
            break
        pieces.append(data[at : at + size])
        at += size
    if at < len(data):
        pieces.append(data[at:])
    return pieces


def describe(event):
    kind = event[0]
    if kind == "handshake":
        return f"handshake message {HandshakeType.toStr(event[1])} ({len(event[2])} bytes)"
    if kind == "alert":
        return f"{AlertLevel.toStr(event[1])} alert {AlertDescription.toStr(event[2])}"
    if kind == "eof":
        return "the connection closed"
    return f"{kind} {event[1][:40]!r}"


# --- the handshake, from tlslite-ng's messages -------------------------------------------


def client_hello(version=TLS12, extensions=None):
    if extensions is None:
        extensions = [
            SNIExtension().create(bytearray(SERVER_NAME, "ascii")),
            SignatureAlgorithmsExtension().create([(HashAlgorithm.sha256, SignatureAlgorithm.rsa)]),
        ]
    return ClientHello().create(
        version,
        bytearray(os.urandom(32)),
        bytearray(0),
        [SUITE, CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV],
        extensions=extensions,
    )


class Handshake:
    """A TLS 1.2 RSA-key-exchange handshake, step by step, so scenarios can interfere."""

    def __init__(self, conn, hello):
        self.conn = conn
        self.hello = hello

    def send_hello(self, fragments=None, record_version=TLS12):
        self.conn.send_handshake(self.hello.write(), fragments, record_version)

    def read_server_flight(self):
        sh = ServerHello().parse(Parser(self.conn.expect_handshake(HandshakeType.server_hello)[1:]))
        if sh.server_version != TLS12 or sh.cipher_suite != SUITE:
            raise Failure(f"ServerHello chose {sh.server_version} / {sh.cipher_suite:#06x}")
        raw = self.conn.expect_handshake(HandshakeType.certificate)
        cert = Certificate(CertificateType.x509, TLS12).parse(Parser(raw[1:]))
        self.server_key = cert.cert_chain.x509List[0].publicKey
        self.conn.expect_handshake(HandshakeType.server_hello_done)
        self.client_random = bytes(self.hello.random)
        self.server_random = bytes(sh.random)

    def send_key_exchange(self, pms_version=None):
        """RFC 5246 §7.4.7.1: the pre-master secret starts with ClientHello.client_version."""
        version = pms_version or self.hello.client_version
        pms = bytes(version) + os.urandom(46)
        encrypted = self.server_key.encrypt(bytearray(pms))
        cke = ClientKeyExchange(SUITE, TLS12).createRSA(encrypted)
        self.conn.send_handshake(cke.write())
        self.master_secret = bytes(
            PRF_1_2(bytearray(pms), b"master secret", bytearray(self.client_random + self.server_random), 48)
        )
        key_block = bytes(
            PRF_1_2(
                bytearray(self.master_secret),
                b"key expansion",
                bytearray(self.server_random + self.client_random),
                40,
            )
        )
        self.client_write = (key_block[0:16], key_block[32:36])
        self.server_write = (key_block[16:32], key_block[36:40])

    def verify_data(self, label):
        digest = hashlib.sha256(self.conn.handshake_messages).digest()
        return bytes(PRF_1_2(bytearray(self.master_secret), label, bytearray(digest), 12))

    def send_ccs_and_finished(self):
        self.conn.send_record(ContentType.change_cipher_spec, b"\x01")
        self.conn.write = Gcm(*self.client_write)
        finished = Finished(TLS12).create(bytearray(self.verify_data(b"client finished")))
        self.conn.send_handshake(finished.write())

    def read_ccs_and_finished(self):
        self.conn.expect("ccs")
        self.conn.read = Gcm(*self.server_write)
        expected = self.verify_data(b"server finished")
        raw = self.conn.expect_handshake(HandshakeType.finished)
        if raw[4:] != expected:
            raise Failure("the server's Finished does not verify")
        print("ok: handshake complete, both Finished verified")

    def complete(self, fragments=None, record_version=TLS12):
        self.send_hello(fragments, record_version)
        self.read_server_flight()
        self.send_key_exchange()
        self.send_ccs_and_finished()
        self.read_ccs_and_finished()


def exchange(conn):
    """Application data both ways, then close_notify: the connection works."""
    conn.send_record(ContentType.application_data, REQUEST)
    event = conn.expect("data")
    print(f"ok: tls-lab answered {len(event[1])} bytes")
    conn.send_alert(AlertLevel.warning, AlertDescription.close_notify)
    event = conn.next_event()
    if event not in (("alert", AlertLevel.warning, AlertDescription.close_notify), ("eof",)):
        raise Failure(f"expected close_notify, got {describe(event)}")


def start(port, hello=None):
    conn = Conn(port)
    return conn, Handshake(conn, hello or client_hello())


# --- client scenarios ----------------------------------------------------------------------


def fragmented(port, sizes):
    """RFC 5246 §6.2.1 lets a handshake message span records; App. E.1: before the version is
    agreed, a server accepts any {03,XX} record version (OpenSSL sends TLS 1.0 there)."""
    conn, hs = start(port)
    hs.complete(fragments=sizes, record_version=TLS10)
    exchange(conn)


def large_hello(port):
    """The largest ClientHello the grammar allows, over 9 records."""
    hello = client_hello()
    hello.session_id = bytearray(os.urandom(32))
    # 32,767 suites fill cipher_suites<2..2^16-2>; unknown values are ignored (RFC 5246 §7.4.1.2).
    hello.cipher_suites = [SUITE, CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV] + [0x0A0A] * 32765
    hello.compression_methods = list(range(255))
    padding = PaddingExtension().create(0)
    hello.extensions = hello.extensions + [padding]
    padding.paddingData = bytearray(CLIENT_HELLO_MAX_LEN - (len(hello.write()) - 4))
    body = len(hello.write()) - 4
    if body != CLIENT_HELLO_MAX_LEN:
        raise Failure(f"built a ClientHello of {body} bytes, not {CLIENT_HELLO_MAX_LEN}")
    print(f"ok: sending a ClientHello of {body} bytes")
    conn, hs = start(port, hello)
    hs.complete(fragments=[MAX_FRAGMENT] * 9, record_version=TLS10)
    exchange(conn)


def hello_over_cap(port):
    """One byte past the largest ClientHello: refused from its header, before the body."""
    raw = bytes(client_hello().write())
    header = bytes([HandshakeType.client_hello]) + (CLIENT_HELLO_MAX_LEN + 1).to_bytes(3, "big")
    conn = Conn(port)
    conn.send_record(ContentType.handshake, header + raw[4:], TLS10)
    conn.expect_alert(AlertLevel.fatal, AlertDescription.decode_error)


def client_version(port, version, pms_version=None):
    """RFC 5246 §7.4.7.1: the server compares the pre-master secret's version with
    ClientHello.client_version, which may be higher than the TLS 1.2 negotiated."""
    conn, hs = start(port, client_hello(version))
    hs.send_hello()
    hs.read_server_flight()
    hs.send_key_exchange(pms_version)
    hs.send_ccs_and_finished()
    if pms_version is None:
        hs.read_ccs_and_finished()
        exchange(conn)
    else:
        # Bleichenbacher countermeasure: a wrong version is not reported at
        # ClientKeyExchange; a random pre-master secret is used and Finished fails.
        conn.expect_alert(AlertLevel.fatal, AlertDescription.bad_record_mac)


def renegotiate(port):
    """RFC 5746 §4.4 / RFC 5246 §7.2.2: a server that does not renegotiate answers a new
    ClientHello with a warning no_renegotiation; the connection stays usable."""
    conn, hs = start(port)
    hs.complete()
    conn.send_record(ContentType.handshake, client_hello().write())
    conn.expect_alert(AlertLevel.warning, AlertDescription.no_renegotiation)
    exchange(conn)


def finished_before_ccs(port):
    """A Finished (with a 32-byte body that would not decode) where ChangeCipherSpec is due."""
    conn, hs = start(port)
    hs.send_hello()
    hs.read_server_flight()
    hs.send_key_exchange()
    conn.send_record(ContentType.handshake, Finished(TLS12).create(bytearray(32)).write())
    conn.expect_alert(AlertLevel.fatal, AlertDescription.unexpected_message)


def ccs_two_bytes(port):
    """A 2-byte ChangeCipherSpec where ClientKeyExchange is due: wrong type before bad body."""
    conn, hs = start(port)
    hs.send_hello()
    hs.read_server_flight()
    conn.send_record(ContentType.change_cipher_spec, b"\x01\x01")
    conn.expect_alert(AlertLevel.fatal, AlertDescription.unexpected_message)


def empty_signature_algorithms(port):
    """supported_signature_algorithms<2..2^16-2>: an empty list does not decode."""
    extensions = [
        SNIExtension().create(bytearray(SERVER_NAME, "ascii")),
        TLSExtension(extType=13).create(bytearray(b"\x00\x00")),
    ]
    conn, hs = start(port, client_hello(extensions=extensions))
    hs.send_hello()
    conn.expect_alert(AlertLevel.fatal, AlertDescription.decode_error)


def one_warning(port):
    """RFC 5246 §7.2: after a warning the connection may continue."""
    conn, hs = start(port)
    hs.send_hello()
    hs.read_server_flight()
    conn.send_alert(AlertLevel.warning, AlertDescription.unrecognized_name)
    hs.send_key_exchange()
    hs.send_ccs_and_finished()
    hs.read_ccs_and_finished()
    exchange(conn)


def warning_flood(port):
    """CVE-2016-8610: endless warnings must end in a fatal alert, not keep the server busy."""
    conn, hs = start(port)
    hs.send_hello()
    hs.read_server_flight()
    alert = bytes(Alert().create(AlertDescription.unrecognized_name, AlertLevel.warning).write())
    record = bytes([ContentType.alert, 3, 3, 0, len(alert)]) + alert
    conn.send_raw(record * 100)
    conn.expect_alert(AlertLevel.fatal, AlertDescription.unexpected_message)


def sslv2(port, message):
    """An SSL 2.0 record (RFC 5246 App. E.2; prohibited by RFC 6176): refused at once."""
    conn = Conn(port)
    started = time.monotonic()
    conn.send_raw(message)
    conn.expect_alert(AlertLevel.fatal, AlertDescription.unexpected_message)
    took = time.monotonic() - started
    if took > 2.0:
        raise Failure(f"the refusal took {took:.1f} s: tls-lab waited for more bytes")


def sslv2_hello():
    hello = ClientHello(ssl2=True).create(TLS12, bytearray(os.urandom(16)), bytearray(0), [SUITE])
    body = bytes(hello.write())
    return (0x8000 | len(body)).to_bytes(2, "big") + body


def hello_type_fuzzed(port):
    """The ClientHello's msg_type changed to every other type: the state expects a
    ClientHello, so each is unexpected_message, whatever its body would decode as."""
    for typ in (0, 2, 4, 11, 12, 13, 14, 15, 16, 20):
        raw = bytearray(client_hello().write())
        raw[0] = typ
        conn = Conn(port)
        conn.send_record(ContentType.handshake, raw)
        conn.expect_alert(AlertLevel.fatal, AlertDescription.unexpected_message)
        conn.close()


def trickle(port, sizes, pause):
    """Sends the ClientHello's first bytes in pieces, `pause` seconds apart, then stalls;
    waits for tls-lab to give up (it must, within its own limits)."""
    raw = bytes(client_hello().write())
    record = bytes([ContentType.handshake, 3, 3]) + len(raw).to_bytes(2, "big") + raw
    conn = Conn(port)
    at = 0
    for size in sizes:
        try:
            conn.send_raw(record[at : at + size])
        except (BrokenPipeError, ConnectionResetError):
            break
        at += size
        time.sleep(pause)
    event = conn.next_event()
    if event[0] not in ("eof", "alert"):
        raise Failure(f"expected tls-lab to give up, got {describe(event)}")
    print(f"ok: tls-lab gave up after {at} bytes: {describe(event)}")


def stdlib_ssl(port, ca):
    """Python's own ssl module (OpenSSL underneath) as a client: it closes the socket
    without close_notify, as many clients do."""
    ctx = ssl.create_default_context(cafile=ca)
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as raw:
        tls = ctx.wrap_socket(raw, server_hostname=SERVER_NAME)
        tls.sendall(REQUEST)
        answer = tls.recv(65536)
        print(f"ok: {tls.version()} {tls.cipher()[0]}; tls-lab answered {answer!r}")
        # No unwrap(): the socket closes without close_notify.
        tls.close()


CLIENT_SCENARIOS = {
    "fragmented-20": lambda port: fragmented(port, [20]),
    "fragmented-1": lambda port: fragmented(port, [1] * 200),
    "large-hello": large_hello,
    "hello-over-cap": hello_over_cap,
    "client-version-0304": lambda port: client_version(port, (3, 4)),
    "client-version-0401": lambda port: client_version(port, (4, 1)),
    "pms-version-mismatch": lambda port: client_version(port, (3, 4), pms_version=TLS12),
    "renegotiate": renegotiate,
    "finished-before-ccs": finished_before_ccs,
    "ccs-two-bytes": ccs_two_bytes,
    "empty-signature-algorithms": empty_signature_algorithms,
    "one-warning": one_warning,
    "warning-flood": warning_flood,
    "sslv2-hello": lambda port: sslv2(port, sslv2_hello()),
    # SSL 2.0 CLIENT-HELLO header, msg_type 1 and a version: bytes 1..5 look like a TLS 1.0
    # record of 771 bytes.
    "sslv2-version-only": lambda port: sslv2(port, b"\x80\x03\x01\x03\x03"),
    "hello-type-fuzzed": hello_type_fuzzed,
    "trickle-stall": lambda port: trickle(port, [10], 0),
    "trickle-slow": lambda port: trickle(port, [1] * 40, 0.25),
}


# --- server scenarios ----------------------------------------------------------------------


def alert_in_ssl3_record(listener):
    """Some servers refuse a ClientHello with an alert in an SSL 3.0 record, before any
    version is agreed: the client must report that alert, not a version error of its own."""
    sock, _ = listener.accept()
    sock.settimeout(TIMEOUT)
    sock.recv(65536)
    alert = bytes(Alert().create(AlertDescription.handshake_failure, AlertLevel.fatal).write())
    sock.sendall(bytes([ContentType.alert, 3, 0, 0, len(alert)]) + alert)
    print("ok: sent a fatal handshake_failure in an SSL 3.0 record")
    time.sleep(0.5)
    sock.close()


def downgrade_sentinel(listener):
    """RFC 8446 §4.1.3: a TLS 1.3-capable server that negotiates TLS 1.2 ends its random with
    DOWNGRD 01. Here a server answers a ClientHello that offers TLS 1.3 with a TLS 1.2
    ServerHello carrying that sentinel, as one would after someone on the path removed
    TLS 1.3 from the offer: the client must abort with illegal_parameter."""
    sock, _ = listener.accept()
    sock.settimeout(TIMEOUT)
    hello = sock.recv(65536)
    if b"\x00\x2b" not in hello:
        raise Failure("the ClientHello carries no supported_versions: TLS 1.3 not offered")
    random = bytearray(os.urandom(24)) + bytearray(b"DOWNGRD\x01")
    server_hello = ServerHello().create(
        TLS12, random, bytearray(32), CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    )
    body = bytes(server_hello.write())
    sock.sendall(bytes([ContentType.handshake, 3, 3]) + len(body).to_bytes(2, "big") + body)
    reply = b""
    while len(reply) < 7:
        chunk = sock.recv(7 - len(reply))
        if not chunk:
            raise Failure(f"the client closed after {len(reply)} bytes without an alert")
        reply += chunk
    if reply[0] != ContentType.alert or reply[5:7] != bytes(
        [AlertLevel.fatal, AlertDescription.illegal_parameter]
    ):
        raise Failure(f"expected a fatal illegal_parameter alert, got {reply.hex()}")
    print("ok: tls-lab refused the downgraded ServerHello with illegal_parameter")
    sock.close()


SERVER_SCENARIOS = {
    "alert-in-ssl3-record": alert_in_ssl3_record,
    "downgrade-sentinel": downgrade_sentinel,
}


def main(argv):
    try:
        if len(argv) == 4 and argv[0] == "client" and argv[1] == "python-ssl":
            stdlib_ssl(int(argv[2]), argv[3])
        elif len(argv) == 3 and argv[0] == "client" and argv[1] in CLIENT_SCENARIOS:
            CLIENT_SCENARIOS[argv[1]](int(argv[2]))
        elif len(argv) == 2 and argv[0] == "server" and argv[1] in SERVER_SCENARIOS:
            with socket.socket() as listener:
                listener.settimeout(TIMEOUT)
                listener.bind(("127.0.0.1", 0))
                listener.listen(1)
                print(f"listening on {listener.getsockname()[1]}", flush=True)
                SERVER_SCENARIOS[argv[1]](listener)
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except (Failure, OSError, ssl.SSLError) as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    print("ok: scenario passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
