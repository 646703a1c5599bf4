//! `leaflet new` and `leaflet locale add`: starting files for the communications team. Both
//! check everything first and refuse to overwrite any file, so they never destroy work.

use std::path::{Path, PathBuf};

use crate::cli::{LocaleAddArgs, NewArgs};
use crate::cmd::{Outcome, report};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{self, LEAFLETS_DIR, LOCALES_DIR, SHARED_DIR, SITE_FILE, Site};
use crate::resolve::{is_slug, slugify};

/// The sections most leaflets have, with what to write in each (in the default language where
/// we have the words, else in English).
fn sections(locale: &str) -> Vec<(&'static str, &'static str)> {
    let dutch = locale == "nl";
    let pick = |nl: &'static str, en: &'static str| if dutch { nl } else { en };
    vec![
        ("title", pick("Titel van de folder", "Title of the leaflet")),
        (
            "summary",
            pick(
                "Eén korte zin over de folder, voor de lijst van folders.",
                "One short sentence about the leaflet, for the list of leaflets.",
            ),
        ),
        (
            "intro",
            pick(
                "Wat is de behandeling en voor wie is die? Schrijf 2 of 3 korte zinnen.",
                "What is the treatment and who is it for? Write 2 or 3 short sentences.",
            ),
        ),
        ("how-title", pick("Hoe werkt het?", "How does it work?")),
        (
            "how-it-works",
            pick(
                "Leg in korte zinnen uit hoe de behandeling werkt.",
                "Explain in short sentences how the treatment works.",
            ),
        ),
        ("preparation-title", pick("Voorbereiding", "Preparing")),
        (
            "preparation",
            pick(
                "Wat doet de patiënt voor de behandeling?",
                "What does the patient do before the treatment?",
            ),
        ),
        (
            "steps-title",
            pick("Zo gaat de behandeling", "How the treatment goes"),
        ),
        (
            "step-one",
            pick(
                "**Eerste stap.** Wat gebeurt er eerst?",
                "**First step.** What happens first?",
            ),
        ),
        (
            "step-two",
            pick(
                "**Tweede stap.** Wat gebeurt er daarna?",
                "**Second step.** What happens next?",
            ),
        ),
        (
            "home-title",
            pick("Na de behandeling", "After the treatment"),
        ),
        (
            "home",
            pick(
                "Wat moet de patiënt thuis weten?",
                "What should the patient know at home?",
            ),
        ),
    ]
}

fn refuse_existing(root: &Path, files: &[PathBuf], diags: &mut Diagnostics) -> bool {
    let mut clash = false;
    for file in files {
        if root.join(file).exists() {
            diags.push(
                Diagnostic::error(format!(
                    "{} already exists; nothing was written",
                    file.display()
                ))
                .hint("choose another name, or edit the existing file"),
            );
            clash = true;
        }
    }
    clash
}

fn write_all(root: &Path, files: &[(PathBuf, String)], diags: &mut Diagnostics) -> bool {
    for (rel, text) in files {
        let path = root.join(rel);
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(err) = result {
            diags.push(Diagnostic::environment(format!(
                "failed to write {} ({err})",
                rel.display()
            )));
            return false;
        }
    }
    true
}

fn load_site(root: &Path, diags: &mut Diagnostics) -> Option<Site> {
    load::parse_yaml_file::<Site>(root, Path::new(SITE_FILE), diags)
}

pub fn new_leaflet(args: &NewArgs) -> Outcome {
    let root = &args.project.root;
    let id = &args.id;
    let mut diags = Diagnostics::new();
    let failed = "no leaflet was created";
    if !is_slug(id) {
        diags.push(
            Diagnostic::error(format!(
                "\"{id}\" is not a slug (only a-z, 0-9 and single hyphens)"
            ))
            .hint(format!(
                "the id becomes the file name and the web address; try {}",
                slugify(id)
            )),
        );
        return report(&diags, root, false, "", failed);
    }
    let Some(site) = load_site(root, &mut diags) else {
        return report(&diags, root, false, "", failed);
    };
    let locale = site.default_locale.value.clone();
    let yaml_path = Path::new(LEAFLETS_DIR).join(format!("{id}.yaml"));
    let ftl_path = Path::new(LOCALES_DIR)
        .join(&locale)
        .join(format!("{id}.ftl"));
    if refuse_existing(root, &[yaml_path.clone(), ftl_path.clone()], &mut diags) {
        return report(&diags, root, false, "", failed);
    }

    let contact = site
        .organizations
        .iter()
        .flat_map(|(org, o)| o.contacts.keys().map(move |c| format!("{org}/{c}")))
        .next()
        .unwrap_or_else(|| "organisation/contact".into());
    let site_ftl = std::fs::read_to_string(root.join(LOCALES_DIR).join(&locale).join("site.ftl"))
        .unwrap_or_default();
    let department = site_ftl
        .lines()
        .find_map(|l| {
            l.strip_prefix("department-")
                .map(|rest| format!("department-{}", rest.split([' ', '=']).next().unwrap_or("")))
        })
        .unwrap_or_else(|| "department-name".into());
    let shared = |name: &str| {
        root.join(LEAFLETS_DIR)
            .join(SHARED_DIR)
            .join(format!("{name}.yaml"))
            .exists()
    };
    let today = jiff::ZonedDateTime::now().date();
    let review_by = today.saturating_add(jiff::Span::new().years(2));
    let code: String = id
        .split('-')
        .filter_map(|w| w.chars().next())
        .collect::<String>()
        .to_uppercase();

    let mut yaml = format!(
        "# {id}: the structure of the leaflet. Its texts are in {}.\n# Fill in code, department and contact; see the README for every kind of block.\ncode: {code}-1\nversion: 1\nreviewed: {today}\nreview_by: {review_by}\ndepartment: {department}\ncontact: {contact}\nbody:\n  - text: intro\n  - heading: how-title\n  - text: how-it-works\n  - heading: preparation-title\n  - text: preparation\n  - heading: steps-title\n  - steps: [step-one, step-two]\n  - heading: home-title\n  - text: home\n",
        ftl_path.display()
    );
    for block in ["when-to-call", "contact"] {
        if shared(block) {
            yaml.push_str(&format!("  - use: {block}\n"));
        }
    }
    let mut ftl = format!(
        "# Texts of the leaflet {id} ({locale}). Replace each text; keep the names before the =.\n\n"
    );
    for (message, text) in sections(&locale) {
        ftl.push_str(&format!("{message} = {text}\n"));
    }
    if shared("when-to-call") {
        ftl.push_str(if locale == "nl" {
            "wound-name = wond\n"
        } else {
            "wound-name = wound\n"
        });
        yaml = yaml.replace(
            "  - use: when-to-call\n",
            "  - use: when-to-call\n    with: { wound: wound-name }\n",
        );
    }
    if !write_all(
        root,
        &[(yaml_path.clone(), yaml), (ftl_path.clone(), ftl)],
        &mut diags,
    ) {
        return report(&diags, root, false, "", failed);
    }
    let done = format!(
        "created {} and {}; write the texts, then run: leaflet check",
        yaml_path.display(),
        ftl_path.display()
    );
    report(&diags, root, false, &done, failed)
}

/// A Fluent file with every message of `source` commented out, ready for a translator.
fn commented_copy(source: &str, from: &Path, locale: &str) -> String {
    let mut out = format!(
        "# Translation into {locale} of {}.\n# For each message: remove the \"# \" in front of its lines and translate the text after\n# the \"=\". Keep the {{ $variables }} as they are. Untranslated messages are shown in the\n# default language, marked as such.\n\n",
        from.display()
    );
    for line in source.lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else if line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
        } else {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

pub fn add_locale(args: &LocaleAddArgs) -> Outcome {
    let root = &args.project.root;
    let locale = &args.locale;
    let mut diags = Diagnostics::new();
    let failed = "no language was added";
    let valid = is_slug(locale) && locale.parse::<unic_langid::LanguageIdentifier>().is_ok();
    if !valid {
        diags.push(
            Diagnostic::environment(format!("\"{locale}\" is not a language code"))
                .hint("use a short code such as pl, uk, tr, ar or pt-br"),
        );
        return report(&diags, root, false, "", failed);
    }
    let Some(site) = load_site(root, &mut diags) else {
        return report(&diags, root, false, "", failed);
    };
    if site.locales.iter().any(|l| l.value == *locale) {
        diags.push(
            Diagnostic::error(format!("the site already has the language \"{locale}\"")).at(
                load::span_location(
                    Path::new(SITE_FILE),
                    site.locales
                        .iter()
                        .find(|l| l.value == *locale)
                        .expect("found above"),
                ),
            ),
        );
        return report(&diags, root, false, "", failed);
    }
    let default = site.default_locale.value.clone();
    let source_dir = root.join(LOCALES_DIR).join(&default);
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&source_dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let Ok(inside) = entry.path().strip_prefix(&source_dir) else {
            continue;
        };
        let from = Path::new(LOCALES_DIR).join(&default).join(inside);
        let to = Path::new(LOCALES_DIR).join(locale).join(inside);
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        files.push((to, commented_copy(&text, &from, locale)));
    }
    let targets: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    if refuse_existing(root, &targets, &mut diags) {
        return report(&diags, root, false, "", failed);
    }

    // Register the language in site.yaml by editing the text, so comments and layout stay.
    let site_text = std::fs::read_to_string(root.join(SITE_FILE)).unwrap_or_default();
    let Some(last) = site.locales.last() else {
        diags.push(
            Diagnostic::error("site.yaml lists no `locales`").hint("add `locales: [nl]` first"),
        );
        return report(&diags, root, false, "", failed);
    };
    let line_index = (last.referenced.line() as usize).saturating_sub(1);
    let mut lines: Vec<String> = site_text.lines().map(str::to_string).collect();
    let Some(line) = lines.get(line_index).cloned() else {
        diags.push(Diagnostic::error(
            "could not find the `locales` list in site.yaml",
        ));
        return report(&diags, root, false, "", failed);
    };
    if line.trim_start().starts_with("- ") {
        let indent = &line[..line.len() - line.trim_start().len()];
        lines.insert(line_index + 1, format!("{indent}- {locale}"));
    } else {
        let start = line
            .char_indices()
            .nth((last.referenced.column() as usize).saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        let end = start
            + line[start..]
                .find(|c: char| c == ',' || c == ']' || c.is_whitespace())
                .unwrap_or(line.len() - start);
        lines[line_index] = format!("{}, {locale}{}", &line[..end], &line[end..]);
    }
    let mut new_site = lines.join("\n");
    if site_text.ends_with('\n') {
        new_site.push('\n');
    }
    files.push((PathBuf::from(SITE_FILE), new_site));
    if !write_all(root, &files, &mut diags) {
        return report(&diags, root, false, "", failed);
    }
    let done = format!(
        "added {locale} to site.yaml and created {} files in {}/{locale}/ with every {default} text as a comment to translate",
        files.len() - 1,
        LOCALES_DIR
    );
    report(&diags, root, false, &done, failed)
}
