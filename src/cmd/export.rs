//! `leaflet export ID --format docx`: one leaflet in one language, localized as the site shows
//! it, written as a Word file for review with track changes (`import::export`). Never
//! overwrites: a file there may be a reviewer's marked-up copy.

use std::path::{Path, PathBuf};

use crate::cli::{ExportArgs, ExportFormat};
use crate::cmd::{Report, stop};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::import::export;
use crate::pipeline::{Timer, read_sources};

pub fn run(args: &ExportArgs) -> Report {
    let mut report = Report::new(args.project.root.clone(), false, "nothing was exported");
    report.done = export_leaflet(args, &mut report.diags);
    report
}

fn export_leaflet(args: &ExportArgs, diags: &mut Diagnostics) -> Option<String> {
    // A Word file named `x.pdf` opens in no program: refuse before any work.
    if let Some(out) = &args.out {
        let extension = match args.format {
            ExportFormat::Docx => "docx",
        };
        if !out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(extension))
        {
            let stem = out
                .file_stem()
                .map_or_else(|| args.id.clone(), |s| s.to_string_lossy().into_owned());
            return stop(
                diags,
                Diagnostic::environment(format!(
                    "--out {}: the file would be a Word document, but its name does not end in .{extension}",
                    out.display()
                ))
                .hint(format!(
                    "name it {}, so Word opens it; the PDFs of a leaflet are made by `leaflet build`",
                    out.with_file_name(format!("{stem}.{extension}")).display()
                )),
            );
        }
    }
    let (bytes, _, locale, _) = current_export(
        &args.project.root,
        args.project.today,
        &args.id,
        args.locale.as_deref(),
        diags,
    )?;
    let id = &args.id;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{id}-{locale}.docx")));
    if out.exists() {
        return stop(
            diags,
            Diagnostic::error(format!(
                "{} already exists; nothing was written",
                out.display()
            ))
            .hint(
                "it may be a reviewed copy: choose another name with --out, or move it away first",
            ),
        );
    }
    if let Err(err) = crate::scratch::replace_file(&out, bytes) {
        return stop(
            diags,
            Diagnostic::environment(format!("failed to write {} ({err})", out.display())),
        );
    }
    Some(format!(
        "wrote {}: leaflet \"{id}\" in {locale}, for review in Word with track changes",
        out.display()
    ))
}

/// What [`current_export`] gives: the Word file, each of its paragraphs (the leaflet's own
/// message it shows, where it is, how it shows it), the language, and the leaflet's contact
/// (`org/contact`).
pub type CurrentExport = (Vec<u8>, Vec<export::Exported>, String, String);

/// Leaflet `id` in `locale` (the default language when `None`) as the Word file `export`
/// writes, the leaflet's own message of each of its paragraphs, the language, and the
/// leaflet's contact (`org/contact`).
pub fn current_export(
    root: &Path,
    today: Option<jiff::civil::Date>,
    id: &str,
    locale: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<CurrentExport> {
    let mut timer = Timer::new(false);
    // Problems of other leaflets are `check`'s; this leaflet's own stop the export below.
    let mut source_diags = Diagnostics::new();
    let Some(sources) = read_sources(root, today, &mut timer, &mut source_diags) else {
        diags.extend(source_diags);
        return None;
    };

    if !sources.leaflets.iter().any(|l| l.id == id) {
        let file = crate::paths::leaflet_file(id);
        let own: Vec<Diagnostic> = source_diags
            .iter()
            .filter(|d| d.location.as_ref().is_some_and(|l| l.file == file))
            .cloned()
            .collect();
        if !own.is_empty() {
            own.into_iter().for_each(|d| diags.push(d));
            return None;
        }
        let known: Vec<&str> = sources
            .site
            .leaflet_ids
            .iter()
            .map(String::as_str)
            .collect();
        let mut diagnostic = Diagnostic::environment(format!("there is no leaflet \"{id}\""));
        if let Some(suggestion) = did_you_mean(id, known) {
            diagnostic = diagnostic.hint(format!("did you mean \"{suggestion}\"?"));
        }
        return stop(diags, diagnostic);
    }
    let locale = locale.map_or_else(|| sources.site.default_locale.clone(), str::to_string);
    let locales = sources.select_locales(std::slice::from_ref(&locale), diags)?;
    let mut local = Diagnostics::new();
    let localized = sources.localize_only(&locales, &mut local);
    let Some(document) = localized
        .documents
        .iter()
        .find(|d| d.id == id && d.locale == locale)
    else {
        let problem = if sources.translations.has_messages(&locale, id) {
            format!(
                "leaflet \"{id}\" is translated into {locale}, but the translation is waiting for confirmation"
            )
        } else {
            format!("leaflet \"{id}\" is not translated into {locale} yet")
        };
        return stop(
            diags,
            Diagnostic::error(problem)
                .hint("export it in a language it has confirmed texts in, e.g. the site's default language; a translation is shown once someone has checked it and run `leaflet translations confirm`"),
        );
    };
    let leaflet = sources.leaflets.iter().find(|l| l.id == id)?;
    let (bytes, paragraphs) = export::with_paragraphs(document, leaflet);
    Some((bytes, paragraphs, locale, leaflet.contact.key.clone()))
}
