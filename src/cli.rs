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
    /// A live preview in your browser while you write (never writes dist/).
    ///
    /// Rebuilds on every saved change and reloads the page; problems appear in the terminal
    /// and on the page, over the last version that worked. Ctrl-C stops it.
    Serve(ServeArgs),
    /// Check all sources and templates; writes nothing and does not need typst.
    Check(CheckArgs),
    /// The team's report: owners, review dates, languages, readability, where blocks and
    /// contacts are used.
    Report(ReportArgs),
    /// Translation status and confirmation, for translators.
    #[command(subcommand)]
    Translations(TranslationsCommand),
    /// Create a new leaflet: its YAML file and its default-language texts.
    New(NewArgs),
    /// Languages of the site.
    #[command(subcommand)]
    Locale(LocaleCommand),
    /// Bring existing leaflets in: Word (.docx), web pages (.html), Markdown (.md) or text (.txt)
    /// become a leaflet's YAML and texts; never overwrites.
    Import(ImportArgs),
    /// Passages written more than once, across leaflets and shared blocks: candidates for a
    /// shared block.
    Duplicates(DuplicatesArgs),
    /// Write one leaflet in one language as a Word file, for review with track changes.
    Export(ExportArgs),
    /// Write schemas/ for editors: autocompletion and checks while typing YAML.
    ///
    /// The JSON Schemas of site.yaml, leaflets and shared blocks; only files that changed are
    /// written.
    Schema(SchemaArgs),
}

#[derive(Debug, Subcommand)]
pub enum TranslationsCommand {
    /// Show, per leaflet and language, how much is translated and what is out of date.
    Status(StatusArgs),
    /// Record that translations were checked against the current default-language text.
    Confirm(ConfirmArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    Human,
    /// JSON for scripts (documented in the README).
    Json,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ConfirmArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// The language whose translations were checked, e.g. ar.
    pub locale: String,
    /// What to confirm: message ids (`title`, or `my-leaflet:title` when several files have
    /// it) or whole files (`my-leaflet`, `shared/contact`); every translated message of the
    /// language when none are given.
    pub messages: Vec<String>,
    /// Confirm even though the numbers or variables differ from the source, for this reason
    /// (recorded in the lock file), e.g. "Turkish writes the dose as a word".
    #[arg(long, value_name = "REASON")]
    pub numbers_differ: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// The new leaflet's id: its file name, e.g. knee-replacement.
    pub id: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// The files to import, each a leaflet of its own.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The new leaflet's id (only with one file); by default made from the file name.
    #[arg(long)]
    pub id: Option<String>,
    /// The language the files are written in; the site's default language by default.
    #[arg(long, value_name = "L")]
    pub locale: Option<String>,
    /// Show what would be written and recognised, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Bring back a Word file made by `leaflet export` and edited by a reviewer: its changed
    /// paragraphs become changes to the leaflet's texts (default language only).
    #[arg(long, conflicts_with_all = ["id", "locale"])]
    pub update: bool,
}

#[derive(Debug, Args)]
pub struct DuplicatesArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// How alike two passages must be to be listed: a share from 0.05 (a few words in common)
    /// to 1 (the same words), e.g. 0.9 for near-copies only.
    #[arg(long, value_name = "SHARE", default_value_t = 0.7, value_parser = parse_share)]
    pub min_similarity: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A Word document (.docx).
    Docx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// The leaflet's id, e.g. neuromodulatie-chronische-pijn.
    pub id: String,
    /// The language; the site's default language by default.
    #[arg(long, value_name = "L")]
    pub locale: Option<String>,
    #[arg(long, value_enum, default_value = "docx")]
    pub format: ExportFormat,
    /// Where to write it; `<id>-<language>.docx` in the current folder by default.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The lowest `--min-similarity`: below it nearly every text would be "alike" another (they
/// share a three-word phrase such as "u kunt ons"), one group of everything. The help text
/// above and the README say the same figure.
pub const MIN_SHARE: f64 = 0.05;

fn parse_share(text: &str) -> Result<f64, String> {
    let share = text.trim().trim_end_matches('%').trim().parse::<f64>();
    match share {
        Ok(share) if (MIN_SHARE..=1.0).contains(&share) && !text.contains('%') => Ok(share),
        // "70" or "70%": a percentage, meant as 0.7.
        Ok(percent) if (MIN_SHARE * 100.0..=100.0).contains(&percent) => Err(format!(
            "\"{text}\" is not a share from {MIN_SHARE} to 1: write {percent} % as {}",
            percent / 100.0
        )),
        _ => Err(format!(
            "\"{text}\" is not a share from {MIN_SHARE} (a few words in common) to 1 (the same words), e.g. 0.7"
        )),
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// The port of the preview's address (http://127.0.0.1:PORT/).
    #[arg(long, value_name = "N", default_value_t = 8000)]
    pub port: u16,
    /// The address to listen on. Only this computer can see the preview unless you change it.
    #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Make the pages only, no PDFs: quicker, and typst is not needed.
    #[arg(long)]
    pub no_pdf: bool,
    /// Seconds one typst run may take before it is stopped (as for build).
    #[arg(long, value_name = "SECONDS", env = "LEAFLET_TYPST_TIMEOUT",
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub typst_timeout: Option<u64>,
}

impl ServeArgs {
    pub fn pdfs(&self) -> bool {
        !self.no_pdf
    }
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub project: ProjectArg,
}

#[derive(Debug, Subcommand)]
pub enum LocaleCommand {
    /// Add a language: register it in site.yaml and create its files for the translator.
    Add(LocaleAddArgs),
}

#[derive(Debug, Args)]
pub struct LocaleAddArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// Language code, e.g. pl, uk, tr or ar.
    pub locale: String,
}

#[derive(Debug, Args)]
pub struct ProjectArg {
    /// The project folder: the one with site.yaml, leaflets/ and locales/.
    #[arg(long, value_name = "DIR", default_value = ".", env = "LEAFLET_ROOT")]
    pub root: PathBuf,
    /// The date review dates are compared with (YYYY-MM-DD); today by default.
    #[arg(long, value_name = "DATE", env = "LEAFLET_TODAY", value_parser = parse_date)]
    pub today: Option<jiff::civil::Date>,
}

fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse()
        .map_err(|_| format!("\"{text}\" is not a date; write YYYY-MM-DD"))
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The project folder: the one with site.yaml, leaflets/ and locales/.
    #[arg(long, value_name = "DIR", default_value = ".", env = "LEAFLET_ROOT")]
    pub root: PathBuf,
    /// The date review dates are compared with (YYYY-MM-DD); today by default.
    #[arg(long, value_name = "DATE", env = "LEAFLET_TODAY", value_parser = parse_date)]
    pub today: Option<jiff::civil::Date>,
    /// Only these languages (repeat for more); all of site.yaml's by default.
    #[arg(long = "locale", value_name = "L")]
    pub locales: Vec<String>,
    /// Treat warnings (such as untranslated messages) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Print how long each stage took, and every warning on its own (without it, warnings of
    /// one kind, such as a language's untranslated messages, are summed up in one line).
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// `json` prints every diagnostic and the readability figures to stdout (README).
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Where to write the site; `<root>/dist` by default.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Seconds one typst run may take before it is stopped; wins over site.yaml's
    /// limits.typst_timeout_s (default 120).
    #[arg(long, value_name = "SECONDS", env = "LEAFLET_TYPST_TIMEOUT",
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub typst_timeout: Option<u64>,
    /// Make only the website, no PDFs (quicker; the pages then have no PDF link). Does not
    /// need typst.
    #[arg(long)]
    pub no_pdf: bool,
    /// Make every PDF again instead of reusing unchanged ones from .leaflet-cache/.
    #[arg(long)]
    pub no_cache: bool,
    /// Start typst once for every PDF, instead of a few typst runs that make many PDFs each
    /// (the default: the same PDFs, made about a quarter faster). For comparing, or for a
    /// layout that misbehaves in a bundle.
    #[arg(long, conflicts_with_all = ["no_pdf", "typst_bundle"])]
    pub typst_per_pdf: bool,
    /// Many PDFs per typst run: the default now, so this changes nothing. Kept so that scripts
    /// written for earlier versions still work.
    #[arg(long, hide = true, conflicts_with = "no_pdf")]
    pub typst_bundle: bool,
    /// No progress bar or progress lines (problems and the closing line are still printed).
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Make only part K of N of the PDFs (e.g. 2/4) into the folder given by --out, for one
    /// job of a CI matrix; everything is checked, no site is written. --assemble puts the parts
    /// together.
    #[arg(long, value_name = "K/N", value_parser = parse_shard, requires = "out",
          conflicts_with_all = ["no_pdf", "assemble"])]
    pub shard: Option<Shard>,
    /// Build the site with the PDFs that `--shard` builds made into these folders (every part
    /// 1 to N); a PDF missing from them is made here.
    #[arg(long, value_name = "DIR", num_args = 1.., conflicts_with = "no_pdf")]
    pub assemble: Vec<PathBuf>,
}

/// The most parts a sharded build can be split into.
pub const MAX_PARTS: usize = 1000;

/// Part `index` (1 to `count`) of a sharded build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

fn parse_shard(text: &str) -> Result<Shard, String> {
    let wrong = || format!("\"{text}\" is not a part; write K/N, such as 2/4 (part 2 of 4)");
    let (index, count) = text.split_once('/').ok_or_else(wrong)?;
    let index: usize = index.trim().parse().map_err(|_| wrong())?;
    let count: usize = count.trim().parse().map_err(|_| wrong())?;
    if count > MAX_PARTS {
        return Err(format!(
            "\"{text}\": at most {MAX_PARTS} parts (a CI matrix has far fewer jobs)"
        ));
    }
    if count == 0 || index == 0 || index > count {
        return Err(format!(
            "\"{text}\": the part must be between 1 and the number of parts, such as 2/4"
        ));
    }
    Ok(Shard { index, count })
}
