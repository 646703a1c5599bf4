//! The `leaflet` binary: parse arguments, run one command, print its report once and turn it
//! into the exit code.

use std::process::ExitCode;

use clap::Parser;
use leaflet::cli::{Cli, Command, LocaleCommand, TranslationsCommand};
use leaflet::cmd;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let report = match cli.command {
        Command::Build(args) => cmd::build::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Translations(TranslationsCommand::Status(args)) => {
            cmd::translations::status(&args)
        }
        Command::Translations(TranslationsCommand::Confirm(args)) => {
            cmd::translations::confirm(&args)
        }
        Command::New(args) => cmd::scaffold::new_leaflet(&args),
        Command::Locale(LocaleCommand::Add(args)) => cmd::scaffold::add_locale(&args),
    };
    ExitCode::from(report.print().exit_code())
}
