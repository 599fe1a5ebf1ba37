//! `tls-lab`: TLS Lab's engine from the command line. Parsing, the commands and the file
//! formats live in the modules; this file only runs one command and reports its failure.

mod args;
mod commands;
mod failure;
mod http;
mod keylog;
mod net;
mod session_file;
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
        Command::Print(page) => text::out(page.as_bytes()),
        Command::Transcript(a) => commands::transcript::run(&a),
        Command::Export(a) => commands::export::run(&a),
        Command::Connect(a) => commands::connect::run(&a),
        Command::Serve(a) => commands::serve::run(&a),
        Command::Intercept(a) => commands::intercept::run(&a),
        Command::CaptureInfo(a) => commands::capture_info::run(&a),
        Command::Decrypt(a) => commands::decrypt::run(&a),
        Command::Completions(shell) => {
            let mut script = Vec::new();
            args::completions(shell, &mut script);
            text::out(&script)
        }
    }
}

/// The arguments after the program's name, as the OS gave them (clap checks UTF-8 per
/// argument and says which one is not).
fn arguments() -> Result<Vec<std::ffi::OsString>, Failure> {
    Ok(std::env::args_os().skip(1).collect())
}
