//! Command-line arguments (clap derive structs only).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Patient leaflets from YAML + Fluent sources to an accessible website and print-ready PDFs.
#[derive(Debug, Parser)]
#[command(name = "leaflet", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the website and the PDFs into dist/ (replaced only when everything succeeded).
    Build(BuildArgs),
    /// Check all sources and templates; writes nothing and does not need typst.
    Check(CommonArgs),
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The project folder: the one with site.yaml, leaflets/ and locales/.
    #[arg(long, value_name = "DIR", default_value = ".", env = "LEAFLET_ROOT")]
    pub root: PathBuf,
    /// Only these languages (repeat for more); all of site.yaml's by default.
    #[arg(long = "locale", value_name = "L")]
    pub locales: Vec<String>,
    /// Treat warnings (such as untranslated messages) as errors.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Where to write the site; `<root>/dist` by default.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}
