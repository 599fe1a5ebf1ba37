//! The shipped lessons against real runs, and practice mode through the page's own reducer
//! (natively: the same code the page runs, without a browser).

use std::rc::Rc;

use tls_lab_web::course::Action as Course;
use tls_lab_web::lesson::{self, Piece, fill, format};
use tls_lab_web::state::{Action, Answer, Edit, State};
use tls_lab_web::url;
use yew::functional::Reducible;

fn open(query: &str) -> Rc<State> {
    let parsed = url::parse(query);
    Rc::new(State::from_url(parsed.state, parsed.notices))
}

#[test]
fn every_shipped_lesson_plays_from_first_to_last_step_with_every_value_filled() {
    for ((id, _), text) in lesson::SHIPPED.iter().zip(lesson::TEXTS) {
        let parsed = format::parse(text).unwrap_or_else(|e| panic!("{id}: {e:?}"));
        // What the editor writes reads back the same.
        assert_eq!(
            format::parse(&format::write(&parsed)).as_ref(),
            Ok(&parsed),
            "{id}"
        );
        let mut s = open(&format!("?lesson={id}"));
        assert!(s.notices.is_empty(), "{id}: {:?}", s.notices);
        for (k, step) in parsed.steps.iter().enumerate() {
            if k > 0 {
                s = s.clone().reduce(Action::Course(Course::Go(k)));
            }
            let at = format!("{id} step {}", k + 1);
            assert!(s.notices.is_empty(), "{at}: {:?}", s.notices);
            assert_eq!(s.lesson.as_ref().unwrap().at, k, "{at}");
            // The page shows the state the step names.
            let wanted = url::parse(&step.query);
            assert!(wanted.notices.is_empty(), "{at}: {:?}", wanted.notices);
            let shown = s.to_url();
            assert_eq!(shown.protocol, wanted.state.protocol, "{at}");
            assert_eq!(shown.cert, wanted.state.cert, "{at}");
            assert_eq!(shown.fault, wanted.state.fault, "{at}");
            assert_eq!(shown.compare, wanted.state.compare, "{at}");
            assert_eq!(shown.step, wanted.state.step, "{at}");
            let why = step
                .question
                .as_ref()
                .and_then(|q| q.why.as_deref())
                .unwrap_or_default();
            let why = format::pieces(why).expect("parse checked it");
            for piece in step.narration.iter().flatten().chain(&why) {
                if let Piece::Value(name) = piece {
                    assert!(
                        fill::value(&s.transcript, name).is_some(),
                        "{at}: {{{name}}} has no value"
                    );
                }
            }
            if let Some(q) = &step.question {
                assert!(q.answer < q.choices.len(), "{at}");
                // Until it is answered, the records after the step stay out of reach: they
                // would give the answer away.
                assert_eq!(s.limit(), s.step, "{at}");
                let moved = s.clone().reduce(Action::Last);
                assert_eq!(moved.step, s.step, "{at}: End passes an open question");
                // A wrong answer leaves the question open for another try.
                let wrong = (q.answer + 1) % q.choices.len();
                s = s.clone().reduce(Action::Course(Course::Answer(wrong)));
                assert_eq!(s.limit(), s.step, "{at}: still asking after a wrong answer");
                s = s.clone().reduce(Action::Course(Course::Answer(q.answer)));
                assert_eq!(s.limit(), s.steps(), "{at}: answered, the whole run shows");
                assert_eq!(s.lesson.as_ref().unwrap().answers[k], vec![wrong, q.answer]);
            }
            // The URL the page writes brings the student back to the same place.
            let again = open(&url::to_query(&s.to_url()));
            assert_eq!(again.to_url(), s.to_url(), "{at}");
        }
        // Next at the last step stays there.
        let last = s.lesson.as_ref().unwrap().at;
        assert_eq!(
            s.clone()
                .reduce(Action::Course(Course::Go(last + 1)))
                .lesson
                .as_ref()
                .unwrap()
                .at,
            last
        );
    }
}

#[test]
fn a_teachers_inline_lesson_travels_in_the_link() {
    let text = "# My lesson\n\n## ?suite=tls13&step=2\nThe ServerHello carries {server_key_share}.\n\n? Is it encrypted?\n- Yes\n+ No\n> Only what follows it is.\n";
    let param = lesson::base64url(text.as_bytes());
    let s = open(&format!("?lesson={param}"));
    assert!(s.notices.is_empty(), "{:?}", s.notices);
    let run = s.lesson.as_ref().unwrap();
    assert_eq!(run.loaded.lesson.title, "My lesson");
    assert_eq!(s.step, 2);
    assert!(run.activity().starts_with("lesson/inline-"));
    // A broken one: the page still works, with a notice that says what is wrong.
    let broken =
        lesson::base64url(b"# Broken\n\n## ?suite=tls13\n- an answer without a question\n");
    let s = open(&format!("?lesson={broken}&suite=ecdhe"));
    assert!(s.lesson.is_none());
    assert!(
        s.notices.iter().any(|n| n.contains("line 4")),
        "{:?}",
        s.notices
    );
    assert_eq!(s.to_url().protocol, engine::Protocol::Ecdhe);
    // A lesson step whose state has a mistake says which step.
    let odd = lesson::base64url(b"# Odd\n\n## ?suite=tls14\nHello.\n");
    let s = open(&format!("?lesson={odd}"));
    assert!(
        s.notices
            .iter()
            .any(|n| n.starts_with("Lesson step 1: Ignored suite=tls14")),
        "{:?}",
        s.notices
    );
}

#[test]
fn practice_reveals_one_record_per_answer_and_keeps_the_score() {
    let mut s = open("?suite=rsa&practice=1&step=9");
    let n = s.records();
    assert_eq!(
        (s.step, s.limit()),
        (0, 0),
        "nothing is revealed before the first answer"
    );
    // Next and Last cannot reach a record before its question is answered.
    assert_eq!(s.clone().reduce(Action::Next).step, 0);
    assert_eq!(s.clone().reduce(Action::Last).step, 0);
    let mut expected = (0, 0, 0);
    for k in 1..=n {
        let p = s.practice.clone().unwrap();
        let q = p.asking().expect("a question before every record");
        assert_eq!(q.record, k);
        let choice = match k % 4 {
            0 => None,                                   // show me
            1 => Some((q.answer + 1) % q.choices.len()), // wrong
            _ => Some(q.answer),                         // right
        };
        match choice {
            None => expected.2 += 1,
            Some(c) => {
                expected.1 += 1;
                expected.0 += usize::from(c == q.answer);
            }
        }
        s = s
            .clone()
            .reduce(Action::Course(Course::PracticeAnswer(choice)));
        assert_eq!((s.step, s.limit()), (k, k));
        let answer = s.practice.as_ref().unwrap().answers[k - 1];
        assert_eq!(answer, Some(choice.map_or(Answer::Shown, Answer::Chose)));
    }
    let p = s.practice.clone().unwrap();
    assert!(p.asking().is_none());
    assert_eq!(p.score(), expected);
    assert_eq!(expected.1 + expected.2, n, "one question per record");
    // Going back is free; the URL keeps practice on, and a new handshake starts it over.
    assert_eq!(s.clone().reduce(Action::First).step, 1);
    assert!(url::to_query(&s.to_url()).contains("practice=1"));
    let tls13 = s.reduce(Action::Rerun(Edit::Handshake(
        engine::Protocol::Tls13,
        engine::scenario::Group::X25519,
    )));
    assert_eq!(tls13.practice.as_ref().unwrap().revealed, 0);
    assert_eq!(tls13.step, 0);
}

#[test]
fn practice_is_not_asked_beside_a_comparison_or_inside_a_lesson() {
    let s = open("?suite=rsa&compare=tls13&practice=1");
    assert!(s.practice.is_none());
    assert!(s.notices.iter().any(|n| n.contains("practice=1")));
    let s = open("?lesson=classic&practice=1");
    assert!(s.practice.is_none() && s.lesson.is_some());
    assert!(s.notices.iter().any(|n| n.contains("practice=1")));
}

/// The forward-secrecy lesson's claims, checked by the experiments themselves: each of its
/// steps' runs handed to the outsider (the worker's code) with the secret the step asks about.
#[test]
fn the_forward_secrecy_lessons_answers_are_what_the_experiments_give() {
    use outsider::{Evidence, LeakKind, Verdict, examine};
    let text = lesson::SHIPPED
        .iter()
        .zip(lesson::TEXTS)
        .find(|((id, _), _)| *id == "forward-secrecy")
        .map(|(_, t)| t)
        .expect("the lesson ships");
    let steps = format::parse(text).expect("it parses").steps;
    // Step by step: the secret its question is about, and what it must open.
    let claims = [
        (LeakKind::ServerKey, Verdict::Opened),
        (LeakKind::ServerKey, Verdict::Sealed),
        (LeakKind::Quantum, Verdict::Opened),
        (LeakKind::Quantum, Verdict::Opened),
    ];
    assert_eq!(steps.len(), claims.len());
    for (step, (leak, verdict)) in steps.iter().zip(claims) {
        let s = open(&step.query);
        let report = examine(&Evidence::handed(&s.transcript, Some(leak)));
        let got = report.opening.expect("a secret was handed").verdict;
        assert_eq!(got, verdict, "{}: {leak:?}", step.query);
        // The side-by-side step: its second run, the hybrid, stays sealed.
        if let Some(c) = &s.compare {
            let other = examine(&Evidence::handed(&c.transcript, Some(leak)));
            assert_eq!(
                other.opening.expect("handed").verdict,
                Verdict::Sealed,
                "{}",
                step.query
            );
        }
    }
}

/// What the other shipped lessons claim, step by step, checked on the step's run: the order
/// of the messages, what the pre-master secret is, what a stolen key opens, the alerts, what
/// travels in the clear and the round trips.
#[test]
fn the_lessons_claims_hold_on_their_runs() {
    use engine::glance::Glance;
    use engine::msgs::enums::{AlertDescription, HandshakeType};
    use engine::transcript::{Party, Transcript};
    use outsider::{Evidence, LeakKind, Verdict, examine};

    let step_of = |id: &str, k: usize| -> Rc<State> {
        let s = open(&format!("?lesson={id}&lesson_step={}", k + 1));
        assert!(s.notices.is_empty(), "{id} {k}: {:?}", s.notices);
        s
    };
    let stolen = |t: &Transcript| {
        examine(&Evidence::handed(t, Some(LeakKind::ServerKey)))
            .opening
            .expect("a key was handed")
            .verdict
    };
    let alert = |t: &Transcript| t.outcome.alert.map(|(from, a)| (from, a.description));
    let carries = |t: &Transcript, n: usize, typ: HandshakeType| t.records[n - 1].carries(typ);

    // The 2013 handshake, corrected.
    let s = step_of("classic", 1);
    assert!(carries(&s.transcript, 3, HandshakeType::Certificate));
    // "No message is sent for that check": the server's flight goes on.
    let next = &s.transcript.records[3];
    assert_eq!(next.from, Party::Server);
    assert!(next.carries(HandshakeType::ServerHelloDone));
    let s = step_of("classic", 2);
    let pms = s
        .transcript
        .value(engine::crypto::secrets::Secret::PreMasterSecret)
        .unwrap();
    assert_eq!(
        (pms.len(), &pms[..2]),
        (48, &[3, 3][..]),
        "2 version bytes, 46 random"
    );
    assert_eq!(
        stolen(&s.transcript),
        Verdict::Opened,
        "a stolen key opens RSA"
    );
    let s = step_of("classic", 3);
    let first_sealed = s
        .transcript
        .records
        .iter()
        .find(|r| r.protection.is_some())
        .unwrap();
    assert!(
        first_sealed.carries(HandshakeType::Finished),
        "Finished is the first encrypted"
    );
    let s = step_of("classic", 4);
    assert_eq!(stolen(&s.transcript), Verdict::Sealed, "but not TLS 1.3");

    // What goes wrong.
    let s = step_of("what-goes-wrong", 0);
    assert_eq!(
        alert(&s.transcript),
        Some((Party::Client, AlertDescription::CertificateExpired))
    );
    let s = step_of("what-goes-wrong", 4);
    assert_eq!(
        alert(&s.transcript),
        Some((Party::Client, AlertDescription::BadRecordMac))
    );
    assert!(
        carries(&s.transcript, 7, HandshakeType::Finished),
        "record 7 is Finished"
    );
    let s = step_of("what-goes-wrong", 5);
    assert_eq!(
        alert(&s.transcript),
        Some((Party::Client, AlertDescription::UnexpectedMessage))
    );

    // TLS 1.2 and TLS 1.3, side by side.
    let s = step_of("tls12-vs-tls13", 1);
    let tls13 = &s.compare.as_ref().expect("side by side").transcript;
    let certificate = |t: &Transcript| {
        t.records
            .iter()
            .find(|r| r.carries(HandshakeType::Certificate))
            .map(|r| r.protection.is_some())
    };
    assert_eq!(
        certificate(&s.transcript),
        Some(false),
        "TLS 1.2: in the clear"
    );
    assert_eq!(certificate(tls13), Some(true), "TLS 1.3: sealed");
    assert_eq!(Glance::of(tls13).round_trips_before_data, Some(1));
    assert_eq!(Glance::of(&s.transcript).round_trips_before_data, Some(2));
}
