//! Each certificate scenario: the server really presents that chain, the client's real
//! validation rejects it with the alert RFC 5246 §7.2.2 names (see `CertError::alert`; the
//! error page also says what OpenSSL and Chrome send), and the browser error matches Chromium's.

use engine::pki::CertKind;
use engine::scenario::{Protocol, Scenario};
use engine::simulate;
use engine::transcript::Party;

#[test]
fn every_cert_scenario_ends_as_a_browser_would() {
    let cases = [
        (CertKind::Valid, None, None),
        (
            CertKind::Expired,
            Some("certificate_expired"),
            Some("NET::ERR_CERT_DATE_INVALID"),
        ),
        (
            CertKind::NotYetValid,
            Some("certificate_expired"),
            Some("NET::ERR_CERT_DATE_INVALID"),
        ),
        (
            CertKind::WrongHost,
            Some("bad_certificate"),
            Some("NET::ERR_CERT_COMMON_NAME_INVALID"),
        ),
        (
            CertKind::CnOnly,
            Some("bad_certificate"),
            Some("NET::ERR_CERT_COMMON_NAME_INVALID"),
        ),
        (
            CertKind::UnknownCa,
            Some("unknown_ca"),
            Some("NET::ERR_CERT_AUTHORITY_INVALID"),
        ),
        (
            CertKind::BadSignature,
            Some("bad_certificate"),
            Some("NET::ERR_CERT_AUTHORITY_INVALID"),
        ),
    ];
    for &kx in Protocol::ALL {
        for (cert, alert, code) in cases {
            let t = simulate(&Scenario {
                protocol: kx,
                cert,
                ..Scenario::default()
            });
            let got_alert = t.outcome.alert.as_ref().map(|(p, a)| {
                assert_eq!(*p, Party::Client, "{cert:?}: the browser rejects the chain");
                a.name()
            });
            assert_eq!(got_alert, alert, "{kx:?} {cert:?}");
            assert_eq!(
                t.outcome.browser_error.as_ref().map(|e| e.code.as_str()),
                code,
                "{kx:?} {cert:?}"
            );
            let chain = t.chain.as_ref().expect("the client checked a chain");
            assert_eq!(chain.error.is_none(), cert == CertKind::Valid, "{cert:?}");
            if cert != CertKind::Valid {
                // The alert is the client's last record, right after the server's first flight.
                let last = t.records.last().unwrap();
                assert_eq!(last.from, Party::Client);
                assert!(
                    matches!(
                        last.messages[0].content,
                        engine::transcript::Content::Alert(_)
                    ),
                    "{:?}",
                    last.messages
                );
                assert!(chain.checks.iter().any(|c| !c.ok));
                assert!(!t.outcome.handshake_complete);
            }
        }
    }
}

#[test]
fn the_alert_matches_the_certificate_error_mapping() {
    for cert in CertKind::ALL.into_iter().filter(|c| *c != CertKind::Valid) {
        let t = simulate(&Scenario {
            cert,
            ..Scenario::default()
        });
        let err = t.chain.as_ref().and_then(|c| c.error).unwrap();
        assert_eq!(
            t.outcome.alert.unwrap().1.name(),
            err.alert().as_str(),
            "{cert:?}"
        );
    }
}
