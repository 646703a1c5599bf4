//! The `leaflet` binary: parse arguments, run one command, print its report once and turn it
//! into the exit code.

use std::process::ExitCode;

use clap::Parser;
use leaflet::cli::{Cli, Command, LocaleCommand, TranslationsCommand};
use leaflet::cmd;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic is a bug in leaflet, never the user's fault: say so, and exit with 3.
    match std::panic::catch_unwind(move || ExitCode::from(run(cli))) {
        Ok(code) => code,
        Err(_) => {
            eprintln!(
                "error: leaflet stopped because of an internal error (a bug in leaflet, not in your files)\n = hint: please report it with the command you ran and the lines above; your previous dist/ was not changed"
            );
            ExitCode::from(cmd::Outcome::InternalError.exit_code())
        }
    }
}

fn run(cli: Cli) -> u8 {
    let report = match cli.command {
        Command::Build(args) => cmd::build::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Report(args) => cmd::report::run(&args),
        Command::Translations(TranslationsCommand::Status(args)) => {
            cmd::translations::status(&args)
        }
        Command::Translations(TranslationsCommand::Confirm(args)) => {
            cmd::translations::confirm(&args)
        }
        Command::New(args) => cmd::scaffold::new_leaflet(&args),
        Command::Locale(LocaleCommand::Add(args)) => cmd::scaffold::add_locale(&args),
        Command::Import(args) => cmd::import::run(&args),
        Command::Duplicates(args) => cmd::duplicates::run(&args),
        Command::Export(args) => cmd::export::run(&args),
        Command::Schema(args) => cmd::scaffold::write_schemas(&args),
        Command::Serve(args) => cmd::serve::run(&args),
    };
    report.print().exit_code()
}
