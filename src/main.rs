//! The `leaflet` binary: parse arguments, run one command, turn its outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;
use leaflet::cli::{Cli, Command};
use leaflet::cmd;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Build(args) => cmd::build::run(&args),
        Command::Check(args) => cmd::check::run(&args),
    };
    ExitCode::from(outcome.exit_code())
}
