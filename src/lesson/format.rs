//! The lesson format: plain text a teacher can write, read by the page, by `build.rs` (which
//! refuses a shipped lesson that does not parse) and by the `lesson` fuzz target. No
//! dependencies, so `build.rs` includes this file as it is.
//!
//! ```text
//! # The lesson's title
//!
//! ## ?suite=rsa&step=4
//! Narration: a few sentences, in paragraphs. {master_secret} is filled in from the run.
//!
//! ? An optional question about this step
//! - a wrong answer
//! + the right answer
//! > Why, shown once the student has answered.
//! ```
//!
//! A step starts with `## ` and the page state it shows, as the page's own URL query. Text
//! is shown as text, never as markup: an inline lesson comes from a link anyone can make.

/// The most a lesson may hold, so a link stays a link (a `lesson=` parameter of about 5.5 K
/// characters) and a hostile one cannot flood the page.
pub const MAX_BYTES: usize = 4096;
pub const MAX_STEPS: usize = 20;
const MAX_CHOICES: usize = 6;
const MAX_TITLE: usize = 100;

#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub title: String,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The page state, as a URL query (`?suite=rsa&step=4`).
    pub query: String,
    /// Paragraphs, each a run of text and `{placeholder}`s.
    pub narration: Vec<Vec<Piece>>,
    pub question: Option<Question>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    /// `{name}`: a value of the step's run (see `lesson::fill`).
    Value(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub prompt: String,
    pub choices: Vec<String>,
    /// Index of the right choice (the `+` line).
    pub answer: usize,
    /// Shown once answered; it may name values, as narration does.
    pub why: Option<String>,
}

/// What is wrong, and on which line (1-based; 0 for the lesson as a whole).
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "Lesson: {}", self.message),
            n => write!(f, "Lesson, line {n}: {}", self.message),
        }
    }
}

/// Reads a lesson; every error found, each with its line.
pub fn parse(text: &str) -> Result<Lesson, Vec<Error>> {
    let mut errors = Vec::new();
    if text.len() > MAX_BYTES {
        errors.push(err(
            0,
            &format!(
                "it is {} bytes long; a lesson holds at most {MAX_BYTES}",
                text.len()
            ),
        ));
        return Err(errors);
    }
    let mut title = None;
    let mut steps: Vec<Step> = Vec::new();
    // The paragraph being read, and its first line.
    let mut paragraph = String::new();
    let mut paragraph_line = 0;
    // A blank line at the end ends the last paragraph like any other.
    for (i, raw) in text.lines().chain([""]).enumerate() {
        let n = i + 1;
        let line = raw.trim();
        let text_line =
            !line.is_empty() && !line.starts_with('#') && !line.starts_with(['?', '-', '+', '>']);
        if !text_line && !paragraph.is_empty() {
            if let Some(step) = steps.last_mut() {
                match pieces(&paragraph) {
                    Ok(p) => step.narration.push(p),
                    Err(e) => errors.push(err(paragraph_line, &e)),
                }
            }
            paragraph.clear();
        }
        if line.is_empty() {
            continue;
        }
        if let Some(t) = line.strip_prefix("# ") {
            if title.is_some() || !steps.is_empty() {
                errors.push(err(n, "a lesson has one title (\"# \"), on its first line"));
            } else if t.trim().is_empty() || t.chars().count() > MAX_TITLE {
                errors.push(err(
                    n,
                    &format!("the title needs 1 to {MAX_TITLE} characters"),
                ));
            } else {
                title = Some(t.trim().to_string());
            }
            continue;
        }
        if title.is_none() && errors.is_empty() {
            errors.push(err(n, "a lesson starts with its title: \"# Title\""));
        }
        if let Some(q) = line.strip_prefix("##") {
            let q = q.trim();
            if steps.len() == MAX_STEPS {
                errors.push(err(n, &format!("a lesson has at most {MAX_STEPS} steps")));
            } else if q.contains(char::is_whitespace) {
                errors.push(err(
                    n,
                    "a step's state is a URL query without spaces, e.g. \"## ?suite=rsa&step=4\"",
                ));
            }
            steps.push(Step {
                query: q.to_string(),
                narration: Vec::new(),
                question: None,
            });
            continue;
        }
        let Some(step) = steps.last_mut() else {
            errors.push(err(n, "text before the first step (\"## ?suite=…\")"));
            continue;
        };
        // Only read for the one-character markers, which are ASCII.
        let rest = line.get(1..).unwrap_or_default().trim().to_string();
        match line.as_bytes()[0] {
            b'#' => errors.push(err(
                n,
                "a line starting with # is the title (\"# \") or a step (\"## \")",
            )),
            b'?' if step.question.is_some() => {
                errors.push(err(n, "a step asks at most one question"))
            }
            b'?' if rest.is_empty() => errors.push(err(n, "the question is empty")),
            b'?' => {
                step.question = Some(Question {
                    prompt: rest,
                    choices: Vec::new(),
                    answer: usize::MAX,
                    why: None,
                });
            }
            b'-' | b'+' | b'>' => match step.question.as_mut() {
                None => errors.push(err(
                    n,
                    "answers (\"- \", \"+ \") and \"> why\" follow a question (\"? \")",
                )),
                Some(q) if q.why.is_some() => errors.push(err(n, "\"> why\" ends the question")),
                Some(_) if rest.is_empty() => errors.push(err(n, "this line is empty")),
                Some(q) if line.starts_with('>') => match pieces(&rest) {
                    Ok(_) => q.why = Some(rest),
                    Err(e) => errors.push(err(n, &e)),
                },
                Some(q) if q.choices.len() == MAX_CHOICES => errors.push(err(
                    n,
                    &format!("a question has at most {MAX_CHOICES} answers"),
                )),
                Some(q) => {
                    if line.starts_with('+') {
                        if q.answer != usize::MAX {
                            errors.push(err(n, "a question has one right answer (\"+ \")"));
                        }
                        q.answer = q.choices.len();
                    }
                    q.choices.push(rest);
                }
            },
            _ if step.question.is_some() => {
                errors.push(err(n, "narration comes before the step's question"))
            }
            _ => {
                if paragraph.is_empty() {
                    paragraph_line = n;
                } else {
                    paragraph.push(' ');
                }
                paragraph.push_str(line);
            }
        }
    }
    if title.is_none() && errors.is_empty() {
        errors.push(err(0, "it is empty: a lesson starts with \"# Title\""));
    }
    if steps.is_empty() && errors.is_empty() {
        errors.push(err(0, "it has no steps (\"## ?suite=…\")"));
    }
    for (k, step) in steps.iter().enumerate() {
        if step.narration.is_empty() {
            errors.push(err(0, &format!("step {} has no narration", k + 1)));
        }
        if let Some(q) = &step.question
            && (q.choices.len() < 2 || q.answer == usize::MAX)
        {
            errors.push(err(
                0,
                &format!(
                    "step {}'s question needs two or more answers, one of them right (\"+ \")",
                    k + 1
                ),
            ));
        }
    }
    match title {
        Some(title) if errors.is_empty() => Ok(Lesson { title, steps }),
        _ => Err(errors),
    }
}

fn err(line: usize, message: &str) -> Error {
    Error {
        line,
        message: message.to_string(),
    }
}

/// A paragraph as text and `{name}`s; a name is lower-case letters, digits and `_`.
pub fn pieces(paragraph: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut rest = paragraph;
    while let Some(open) = rest.find(['{', '}']) {
        let Some(name) = rest[open..]
            .strip_prefix('{')
            .and_then(|r| r.split_once('}'))
            .map(|(name, _)| name)
            .filter(|name| {
                !name.is_empty()
                    && name.len() <= 40
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            })
        else {
            return Err(
                "a value is written {name}: lower-case letters, digits and _ between braces".into(),
            );
        };
        if open > 0 {
            out.push(Piece::Text(rest[..open].to_string()));
        }
        out.push(Piece::Value(name.to_string()));
        rest = &rest[open + name.len() + 2..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest.to_string()));
    }
    Ok(out)
}

/// The text [`parse`] reads back: what the editor starts from when it copies a lesson.
pub fn write(lesson: &Lesson) -> String {
    let mut out = format!("# {}\n", lesson.title);
    for step in &lesson.steps {
        out.push_str(&format!("\n## {}\n", step.query));
        for (i, paragraph) in step.narration.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for piece in paragraph {
                match piece {
                    Piece::Text(t) => out.push_str(t),
                    Piece::Value(v) => out.push_str(&format!("{{{v}}}")),
                }
            }
            out.push('\n');
        }
        if let Some(q) = &step.question {
            out.push_str(&format!("\n? {}\n", q.prompt));
            for (i, c) in q.choices.iter().enumerate() {
                out.push_str(&format!("{} {c}\n", if i == q.answer { '+' } else { '-' }));
            }
            if let Some(why) = &q.why {
                out.push_str(&format!("> {why}\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mistake_is_named_with_its_line() {
        let cases = [
            ("", 0, "it is empty"),
            ("Hello\n", 1, "starts with its title"),
            ("# T\nText\n", 2, "text before the first step"),
            ("# T\n\n## ?suite=rsa\n", 0, "step 1 has no narration"),
            ("# T\n## ?suite=rsa step=2\nx\n", 2, "without spaces"),
            ("# T\n## a\nx\n# U\n", 4, "one title"),
            ("# T\n## a\n? Q\n", 0, "two or more answers"),
            ("# T\n## a\nx\n- no\n", 4, "follow a question"),
            ("# T\n## a\nx\n? Q\n+ a\n+ b\n", 6, "one right answer"),
            (
                "# T\n## a\nx\n? Q\n- a\n+ b\n> why\n- c\n",
                8,
                "ends the question",
            ),
            (
                "# T\n## a\nx\n? Q\n- a\n+ b\nmore text\n",
                7,
                "before the step's question",
            ),
            (
                "# T\n## a\nx\n? Q\n- a\n+ b\n? R\n",
                7,
                "at most one question",
            ),
            ("# T\n## a\nA {Value} here\n", 3, "{name}"),
            ("# T\n## a\nA {open\n", 3, "{name}"),
            ("# T\n## a\n#hashtag\n", 3, "the title"),
        ];
        for (text, line, words) in cases {
            let errors = parse(text).unwrap_err();
            assert!(
                errors
                    .iter()
                    .any(|e| e.line == line && e.message.contains(words)),
                "{text:?}: {errors:?}"
            );
        }
        let long = format!("# T\n## a\n{}\n", "x".repeat(MAX_BYTES));
        assert!(
            parse(&long).unwrap_err()[0]
                .message
                .contains("at most 4096")
        );
        let many: String = (0..=MAX_STEPS)
            .map(|k| format!("## ?step={k}\nx\n"))
            .collect();
        let errors = parse(&format!("# T\n{many}")).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("at most 20 steps"))
        );
    }

    #[test]
    fn narration_values_and_questions_are_read() {
        let lesson = parse("# Title\n\n## ?suite=rsa&step=5\nThe {pre_master_secret}\nis sent.\n\nSecond.\n\n? Q\n- a\n+ b\n> why\n").unwrap();
        let step = &lesson.steps[0];
        assert_eq!(step.query, "?suite=rsa&step=5");
        assert_eq!(
            step.narration,
            [
                vec![
                    Piece::Text("The ".into()),
                    Piece::Value("pre_master_secret".into()),
                    Piece::Text(" is sent.".into())
                ],
                vec![Piece::Text("Second.".into())]
            ]
        );
        let q = step.question.as_ref().unwrap();
        assert_eq!(
            (q.choices.len(), q.answer, q.why.as_deref()),
            (2, 1, Some("why"))
        );
        assert_eq!(parse(&write(&lesson)), Ok(lesson));
    }
}
