//! `leaflet translations status|confirm`: what translators need to know and to record.

use crate::cli::{ConfirmArgs, StatusArgs};
use crate::cmd::{Report, print_as, proceed, stop};
use crate::diag::{Diagnostic, Diagnostics};
use crate::paths;
use crate::pipeline::{Timer, read_sources};
use crate::translations::status::render_table;
use crate::translations::{ConfirmError, Mismatch, render_lock};

pub fn status(args: &StatusArgs) -> Report {
    let mut report = Report::new(args.project.root.clone(), false, "status failed");
    report.done = print_status(args, &mut report.diags);
    report
}

fn print_status(args: &StatusArgs, diags: &mut Diagnostics) -> Option<String> {
    let sources = read_sources(
        &args.project.root,
        args.project.today,
        &mut Timer::new(false),
        diags,
    )?;
    proceed(diags, false)?;
    let status = sources.status_report();
    print_as(
        args.format,
        || render_table(&status),
        &status,
        "the status",
        diags,
    )
}

pub fn confirm(args: &ConfirmArgs) -> Report {
    let mut report = Report::new(args.project.root.clone(), false, "nothing was confirmed");
    report.done = confirm_translations(args, &mut report.diags);
    report
}

fn confirm_translations(args: &ConfirmArgs, diags: &mut Diagnostics) -> Option<String> {
    let root = &args.project.root;
    let sources = read_sources(root, args.project.today, &mut Timer::new(false), diags)?;
    let site = &sources.site;
    let locale = &args.locale;
    if *locale == site.default_locale {
        return stop(
            diags,
            Diagnostic::environment(format!("{locale} is the default language: its texts are the source, there is nothing to confirm"))
                .hint("confirm a translation, e.g. leaflet translations confirm en"),
        );
    }
    if !site.locales.contains(locale) {
        return stop(
            diags,
            Diagnostic::environment(format!("the site has no language \"{locale}\"")).hint(
                format!("the site's languages are: {}", site.locales.join(", ")),
            ),
        );
    }
    proceed(diags, false)?;
    if args
        .numbers_differ
        .as_deref()
        .is_some_and(|reason| reason.trim().is_empty())
    {
        return stop(
            diags,
            Diagnostic::environment("--numbers-differ needs a reason")
                .hint("say why the numbers may differ, e.g. --numbers-differ \"the dose is written as a word\""),
        );
    }
    let (lock, confirmed) = match sources.translations.confirm(
        locale,
        &args.messages,
        args.numbers_differ.as_deref(),
    ) {
        Ok(result) => result,
        Err(ConfirmError::Refused(message)) => {
            return stop(
                diags,
                Diagnostic::error(message)
                    .hint("see what is translated with: leaflet translations status"),
            );
        }
        Err(ConfirmError::Mismatches(mismatches)) => {
            // Each at its own line, as `check` shows it; nothing is confirmed until all fit
            // (or are confirmed one by one, with a reason).
            let default = &sources.site.default_locale;
            for Mismatch { key, id, found } in &mismatches {
                diags.push(
                    Diagnostic::error(format!(
                        "not confirmed: the numbers or variables of {key}:{id} in {locale} differ from the {default} text: {}",
                        found.join("; ")
                    ))
                    .at_opt(sources.resources.definition(locale, std::slice::from_ref(key), id))
                    .hint(format!(
                        "correct the translation (a number written as a word is read only in Dutch, English and Turkish: write it in digits). If the numbers really may differ, confirm this one on its own: leaflet translations confirm {locale} {key}:{id} --numbers-differ \"<why>\""
                    )),
                );
            }
            // The closing line says that nothing was confirmed.
            return None;
        }
    };
    let rel = paths::lock_path(locale);
    let written = render_lock(&lock).and_then(|text| {
        crate::scratch::replace_file(&root.join(&rel), text).map_err(|e| e.to_string())
    });
    if let Err(err) = written {
        return stop(
            diags,
            Diagnostic::environment(format!("failed to write {} ({err})", rel.display())),
        );
    }
    Some(format!(
        "confirmed {} translation{} in {locale}; {} updated",
        confirmed.len(),
        if confirmed.len() == 1 { "" } else { "s" },
        rel.display()
    ))
}
