//! `tls-lab`: TLS Lab's engine from the command line. Parsing, the commands and the file
//! formats live in the modules; this file only runs one command and reports its failure.

mod args;
mod commands;
mod failure;
mod http;
mod keylog;
mod net;
mod text;

use std::process::ExitCode;

use args::Command;
use failure::Failure;

fn main() -> ExitCode {
    match arguments().and_then(|a| args::parse(&a)).and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            text::note(&failure.to_string());
            failure.exit_code()
        }
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Help => text::out(args::USAGE.as_bytes()),
        Command::Transcript(a) => commands::transcript::run(&a),
        Command::Export(a) => commands::export::run(&a),
        Command::Connect(a) => commands::connect::run(&a),
        Command::Serve(a) => commands::serve::run(&a),
    }
}

/// The arguments after the program's name; `std::env::args` would panic on one that is not
/// UTF-8.
fn arguments() -> Result<Vec<String>, Failure> {
    std::env::args_os()
        .skip(1)
        .map(|a| {
            a.into_string()
                .map_err(|a| Failure::usage(format!("argument {a:?} is not valid UTF-8")))
        })
        .collect()
}
