//! `leaflet new` and `leaflet locale add`: starting files for the communications team. Both
//! check everything first and refuse to overwrite any file, so they never destroy work.
//! `leaflet schema` writes the editors' JSON Schemas (generated, so they are replaced when they
//! differ: nobody edits them), which `leaflet new` also does for the file it makes.

use std::path::{Path, PathBuf};

use crate::cli::{LocaleAddArgs, NewArgs, SchemaArgs};
use crate::cmd::{Report, stop};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{self, Site, io_reason};
use crate::paths::{self, LEAFLETS_DIR, LOCALES_DIR, SHARED_DIR, SITE_FILE};
use crate::resolve::{is_slug, slugify};
use crate::schema::{self, YamlKind};
use crate::starter::{CHOOSE_CONTACT, CHOOSE_DEPARTMENT, CHOOSE_OWNER, MARKER, sections};

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
            .and_then(|()| crate::scratch::replace_file(&path, text));
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

pub fn new_leaflet(args: &NewArgs) -> Report {
    let mut report = Report::new(args.project.root.clone(), false, "no leaflet was created");
    report.done = create_leaflet(args, &mut report.diags);
    report
}

fn create_leaflet(args: &NewArgs, diags: &mut Diagnostics) -> Option<String> {
    let root = &args.project.root;
    let id = &args.id;
    if !is_slug(id) {
        return stop(
            diags,
            Diagnostic::error(format!(
                "\"{id}\" is not a slug (only a-z, 0-9 and single hyphens)"
            ))
            .hint(format!(
                "the id becomes the file name and the web address; try {}",
                slugify(id)
            )),
        );
    }
    let site = load_site(root, diags)?;
    let locale = site.default_locale.value.clone();
    let yaml_path = paths::leaflet_file(id);
    let ftl_path = paths::ftl_path(&locale, id);
    if refuse_existing(root, &[yaml_path.clone(), ftl_path.clone()], diags) {
        return None;
    }

    // The contact fills `$phone` in every text: a guess could print another department's
    // number. The editor chooses from the list written above it; until then `check` fails.
    let contacts: Vec<String> = site
        .organizations
        .iter()
        .flat_map(|(org, o)| o.contacts.keys().map(move |c| format!("{org}/{c}")))
        .collect();
    let contact = CHOOSE_CONTACT.to_string();
    // The first department the site names, as a starting value the editor will change.
    let site_ftl_path = paths::ftl_path(&locale, paths::SITE_FTL_KEY);
    let site_ftl = match std::fs::read_to_string(root.join(&site_ftl_path)) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => {
            return stop(
                diags,
                Diagnostic::environment(format!(
                    "failed to read {} ({})",
                    site_ftl_path.display(),
                    io_reason(Some(&err))
                )),
            );
        }
    };
    let departments: Vec<String> = site_ftl
        .lines()
        .filter_map(|l| {
            l.strip_prefix("department-")
                .map(|rest| format!("department-{}", rest.split([' ', '=']).next().unwrap_or("")))
        })
        .collect();
    let department = CHOOSE_DEPARTMENT.to_string();
    let shared = |name: &str| {
        root.join(LEAFLETS_DIR)
            .join(SHARED_DIR)
            .join(format!("{name}.yaml"))
            .exists()
    };
    let owner = CHOOSE_OWNER.to_string();
    let today = crate::format::today(args.project.today);
    let review_by = today.saturating_add(jiff::Span::new().years(2));
    let code: String = id
        .split('-')
        .filter_map(|w| w.chars().next())
        .collect::<String>()
        .to_uppercase();

    // The editor's schema line first: yaml-language-server reads it anywhere, people read the
    // instruction below it.
    let mut yaml = format!(
        "{}\n{MARKER} check code, department, contact and owner below, set reviewed to the day the content was checked, then delete this line.\n# {id}: the structure of the leaflet. Its texts are in {}.\n# See the README for every kind of block.\ncode: {code}-1\nversion: 1\nreviewed: {today}\nreview_by: {review_by}\n# departments: {}\ndepartment: {department}\n# contacts: {}\ncontact: {contact}\nowner: {owner}\nbody:\n  - text: intro\n  - heading: how-title\n  - text: how-it-works\n  - heading: preparation-title\n  - text: preparation\n  - heading: steps-title\n  - steps: [step-one, step-two]\n  - heading: home-title\n  - text: home\n",
        YamlKind::Leaflet.modeline(&yaml_path),
        ftl_path.display(),
        departments.join(", "),
        contacts.join(", ")
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
        diags,
    ) {
        return None;
    }
    // The schema line points at schemas/: make sure it is there and current.
    if let Err(err) = schema::write_schemas(root) {
        diags.push(Diagnostic::warning(format!(
            "failed to write the editors' schemas into {}/ ({err})",
            paths::SCHEMAS_DIR
        )));
    }
    Some(format!(
        "created {} and {}; write the texts, then run: leaflet check",
        yaml_path.display(),
        ftl_path.display()
    ))
}

pub fn write_schemas(args: &SchemaArgs) -> Report {
    let root = &args.project.root;
    let mut report = Report::new(root.clone(), false, "the schemas were not written");
    report.done = match schema::write_schemas(root) {
        Ok(written) if written.is_empty() => Some(format!(
            "the schemas in {}/ are up to date",
            paths::SCHEMAS_DIR
        )),
        Ok(written) => Some(format!(
            "wrote {}; editors with the YAML extension now complete and check site.yaml and the leaflets",
            written
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Err(err) => stop(
            &mut report.diags,
            Diagnostic::environment(format!(
                "failed to write the schemas into {}/ ({err})",
                paths::SCHEMAS_DIR
            )),
        ),
    };
    report
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

pub fn add_locale(args: &LocaleAddArgs) -> Report {
    let mut report = Report::new(args.project.root.clone(), false, "no language was added");
    report.done = add_language(args, &mut report.diags);
    report
}

fn add_language(args: &LocaleAddArgs, diags: &mut Diagnostics) -> Option<String> {
    let root = &args.project.root;
    let locale = &args.locale;
    let valid = is_slug(locale) && locale.parse::<unic_langid::LanguageIdentifier>().is_ok();
    if !valid {
        return stop(
            diags,
            Diagnostic::environment(format!("\"{locale}\" is not a language code"))
                .hint("use a short code such as pl, uk, tr, ar or pt-br"),
        );
    }
    let site = load_site(root, diags)?;
    let default = site.default_locale.value.clone();
    if *locale == default {
        return stop(
            diags,
            Diagnostic::error(format!(
                "\"{locale}\" is the site's default language, which the others are translated from"
            ))
            .at(load::span_location(
                Path::new(SITE_FILE),
                &site.default_locale,
            )),
        );
    }
    // A language the site already has gets the files it lacks (a leaflet added since), and
    // nothing else: its translations and site.yaml stay as they are.
    let known = site.locales.iter().any(|l| l.value == *locale);
    let source_dir = root.join(LOCALES_DIR).join(&default);
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&source_dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => return stop(diags, load::walk_error(&source_dir, &err)),
        };
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let Ok(inside) = entry.path().strip_prefix(&source_dir) else {
            continue;
        };
        let from = paths::locale_dir(&default).join(inside);
        let to = paths::locale_dir(locale).join(inside);
        // A file that cannot be read must not become an empty file for the translator.
        let text = match std::fs::read_to_string(entry.path()) {
            Ok(text) => text,
            Err(err) => {
                return stop(
                    diags,
                    Diagnostic::environment(format!(
                        "failed to read {} ({}); nothing was written",
                        from.display(),
                        io_reason(Some(&err))
                    )),
                );
            }
        };
        files.push((to, commented_copy(&text, &from, locale)));
    }
    if known {
        files.retain(|(path, _)| !root.join(path).exists());
        if !write_all(root, &files, diags) {
            return None;
        }
        let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
        return Some(if names.is_empty() {
            format!(
                "{locale} is already a language of the site and has every file; nothing was written"
            )
        } else {
            format!(
                "{locale} is already a language of the site; created the {} it lacked, with every {default} text as a comment to translate: {}",
                if names.len() == 1 { "file" } else { "files" },
                names.join(", ")
            )
        });
    }
    let targets: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    if refuse_existing(root, &targets, diags) {
        return None;
    }

    // Register the language in site.yaml by editing the text, so comments and layout stay.
    let site_text = match std::fs::read_to_string(root.join(SITE_FILE)) {
        Ok(text) => text,
        Err(err) => {
            return stop(
                diags,
                Diagnostic::environment(format!(
                    "failed to read {SITE_FILE} ({})",
                    io_reason(Some(&err))
                )),
            );
        }
    };
    let Some(last) = site.locales.last() else {
        return stop(
            diags,
            Diagnostic::error("site.yaml lists no `locales`").hint("add `locales: [nl]` first"),
        );
    };
    let line_index = (last.referenced.line() as usize).saturating_sub(1);
    let mut lines: Vec<String> = site_text.lines().map(str::to_string).collect();
    let Some(line) = lines.get(line_index).cloned() else {
        return stop(
            diags,
            Diagnostic::error("could not find the `locales` list in site.yaml"),
        );
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
    if !write_all(root, &files, diags) {
        return None;
    }
    Some(format!(
        "added {locale} to site.yaml and created {} files in {}/{locale}/ with every {default} text as a comment to translate",
        files.len() - 1,
        LOCALES_DIR
    ))
}
