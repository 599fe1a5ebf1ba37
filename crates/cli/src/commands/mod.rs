//! One module per command.

pub mod capture_info;
pub mod connect;
pub mod decrypt;
pub mod export;
pub mod intercept;
pub mod serve;
pub mod transcript;

use engine::Scenario;

use crate::args::{Seed, Simulation};
use crate::failure::Failure;
use crate::text;

/// The scenario a simulation runs: the engine's defaults with the command line's choices.
fn scenario(sim: &Simulation) -> Result<Scenario, Failure> {
    let seed = match sim.seed {
        Seed::Fixed(n) => n,
        Seed::Fresh => {
            let mut bytes = [0u8; 8];
            getrandom::fill(&mut bytes)
                .map_err(|e| Failure::failed(format!("the OS gave no random seed: {e}")))?;
            let n = u64::from_be_bytes(bytes);
            text::note(&format!("fresh seed {n} (repeat this run with --seed {n})"));
            n
        }
    };
    Ok(Scenario {
        protocol: sim.protocol,
        group: sim.group,
        hrr: sim.hrr,
        ems: sim.ems,
        seed,
        cert: sim.cert,
        client_cert: sim.client_cert,
        resume: sim.resume,
        early_data: sim.early_data,
        attack: sim.attack,
        ..Scenario::default()
    })
}

/// The system clock in Unix seconds: real connections check certificates at it.
fn unix_now() -> Result<u64, Failure> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| {
            Failure::failed("the system clock is before 1970: certificates cannot be checked")
        })
}

/// Fresh entropy for a real connection's endpoint.
fn entropy() -> Result<engine::crypto::rng::TlsRng, Failure> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| Failure::failed(format!("the OS gave no randomness: {e}")))?;
    Ok(engine::crypto::rng::TlsRng::from_entropy(seed))
}

/// Reads a file named on the command line, saying which flag named it when it cannot.
fn read_file(flag: &str, path: &std::path::Path) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::failed(format!("cannot read {flag} {}: {e}", path.display())))
}

/// Writes a file named on the command line.
fn write_file(flag: &str, path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes)
        .map_err(|e| Failure::failed(format!("cannot write {flag} {}: {e}", path.display())))
}
