//! Just enough HTTP/1.1 (RFC 9112) for `serve` to answer curl or a browser: recognise a
//! request's head in the application data and write a response whose body is the reply text.

/// What the application data received so far is, as far as HTTP goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// Not an HTTP/1.x request: answered with the reply text as it is.
    NotHttp,
    /// The start of a request line or head; more bytes are due.
    Incomplete,
    /// A whole request head (request line, header fields, empty line).
    Complete { head: bool },
}

/// Longer than this without a complete request line, the data is not taken for HTTP.
const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The longest method token accepted (the registered ones are at most 7 letters).
const MAX_METHOD: usize = 16;
const CRLF: &[u8] = b"\r\n";
/// The empty line that ends a request head (RFC 9112 §2.1).
const END_OF_HEAD: &[u8] = b"\r\n\r\n";

/// Reads the data received so far. `request-line = method SP request-target SP HTTP-version`
/// (RFC 9112 §3); a head ends with an empty line. A request body is not waited for.
pub fn request(data: &[u8]) -> Request {
    let Some(line_end) = find(data, CRLF) else {
        return if data.len() <= MAX_REQUEST_LINE && could_start_request(data) {
            Request::Incomplete
        } else {
            Request::NotHttp
        };
    };
    let line = &data[..line_end];
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Request::NotHttp;
    };
    if !is_method(method) || target.is_empty() || !version.starts_with(b"HTTP/1.") {
        return Request::NotHttp;
    }
    if find(&data[line_end..], END_OF_HEAD).is_some() {
        Request::Complete {
            head: method == b"HEAD",
        }
    } else {
        Request::Incomplete
    }
}

/// `200 OK` with the body (left out, but counted, for HEAD: RFC 9110 §9.3.2). The connection
/// closes after it, which `Connection: close` announces (RFC 9112 §9.6).
pub fn response(body: &[u8], head: bool) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\n\
         Connection: close\r\n\
         \r\n",
        body.len()
    )
    .into_bytes();
    if !head {
        out.extend_from_slice(body);
    }
    out
}

/// Whether bytes without a line end yet could be the start of a request line.
fn could_start_request(data: &[u8]) -> bool {
    match data.iter().position(|&b| b == b' ') {
        None => data.len() <= MAX_METHOD && data.iter().all(u8::is_ascii_uppercase),
        Some(i) => is_method(&data[..i]) && !data.contains(&b'\n'),
    }
}

fn is_method(token: &[u8]) -> bool {
    !token.is_empty() && token.len() <= MAX_METHOD && token.iter().all(u8::is_ascii_uppercase)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_requests_as_they_arrive() {
        let get = b"GET / HTTP/1.1\r\nHost: server.test\r\nAccept: */*\r\n\r\n";
        for n in 1..get.len() {
            assert_eq!(request(&get[..n]), Request::Incomplete, "{n} bytes");
        }
        assert_eq!(request(get), Request::Complete { head: false });
        assert_eq!(
            request(b"HEAD /x HTTP/1.0\r\n\r\n"),
            Request::Complete { head: true }
        );
    }

    #[test]
    fn other_data_is_not_http() {
        for data in [
            &b"hello from openssl s_client\n"[..],
            b"hello",
            b"GET /\n",
            b"GET / SPDY/3\r\n\r\n",
            b"get / HTTP/1.1\r\n\r\n",
            b"\x16\x03\x01",
        ] {
            assert_eq!(request(data), Request::NotHttp, "{data:?}");
        }
        assert_eq!(request(&[b'A'; MAX_METHOD + 1]), Request::NotHttp);
    }

    #[test]
    fn response_counts_the_body() {
        let r = response("héllo\n".as_bytes(), false);
        let text = String::from_utf8(r).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("\r\nContent-Length: 7\r\n"));
        assert!(text.ends_with("\r\n\r\nhéllo\n"));
        let head = response(b"abc", true);
        assert!(
            String::from_utf8(head)
                .unwrap()
                .ends_with("Content-Length: 3\r\nConnection: close\r\n\r\n")
        );
    }
}
