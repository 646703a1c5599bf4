//! `leaflet import FILE…`: read each file (`import::read_document`), recognise the site's
//! contacts and shared blocks in it, plan its leaflet files, and write them all — or, when any
//! file cannot be imported or any target exists, nothing. Then the report: what was
//! recognised, what a person must still do, and the command to check the result.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::ImportArgs;
use crate::cmd::{Report, stop};
use crate::diag::{Diagnostic, Diagnostics};
use crate::import::draft::{Block, Draft, Inline, Spot};
use crate::import::duplicates::{self, Passage};
use crate::import::plan::{self, Context, Note, Plan};
use crate::import::recognise::{self, Recognised};
use crate::import::{self, write_all_or_nothing};
use crate::load;
use crate::paths;
use crate::resolve::{self, is_slug};

/// One file read and planned: the file as shown, its plan, what was recognised and how many
/// invisible characters were left out.
type Imported = (PathBuf, Plan, Recognised, usize);

pub fn run(args: &ImportArgs) -> Report {
    let mut report = Report::new(args.project.root.clone(), false, "nothing was imported");
    report.done = import_files(args, &mut report.diags);
    report
}

/// The file as the user should see it: relative to the project when it is inside.
pub(super) fn shown(root: &Path, file: &Path) -> PathBuf {
    let absolute = std::fs::canonicalize(file)
        .or_else(|_| {
            let parent = file.parent().filter(|p| !p.as_os_str().is_empty());
            std::fs::canonicalize(parent.unwrap_or(Path::new(".")))
                .map(|p| p.join(file.file_name().unwrap_or_default()))
        })
        .unwrap_or_else(|_| file.to_path_buf());
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    absolute
        .strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| file.to_path_buf())
}

/// Paragraphs of the draft for the duplicate finder, with their source lines.
fn draft_passages(draft: &Draft, file: &str) -> Vec<Passage> {
    let mut out = Vec::new();
    // Headings are passages too, marked as titles: a repeated section ends at one.
    let mut push = |text: &Inline, heading: bool| {
        out.push(Passage {
            file: file.to_string(),
            line: text.line,
            owner: String::new(),
            id: if heading {
                "heading-title".into()
            } else {
                String::new()
            },
            text: text.plain_text(),
        })
    };
    for block in &draft.blocks {
        match block {
            Block::Heading { text, .. } => push(text, true),
            Block::Paragraph(text) => push(text, false),
            Block::List { items, .. } => items.iter().for_each(|item| push(item, false)),
            _ => {}
        }
    }
    out
}

fn import_files(args: &ImportArgs, diags: &mut Diagnostics) -> Option<String> {
    if args.update {
        return super::update::update(args, diags);
    }
    let root = &args.project.root;
    if args.id.is_some() && args.files.len() > 1 {
        return stop(
            diags,
            Diagnostic::environment("--id names one leaflet, but more than one file was given")
                .hint("import the files one by one with --id, or leave --id out: each file's name becomes its id"),
        );
    }
    // Problems in the project's other files are not this command's: `check` reports them.
    let mut project_diags = Diagnostics::new();
    let Some(project) = load::load_project(root, &mut project_diags) else {
        diags.extend(project_diags);
        return None;
    };
    let default = project.site.default_locale.value.clone();
    let locale = args.locale.clone().unwrap_or_else(|| default.clone());
    let known: Vec<&str> = project
        .site
        .locales
        .iter()
        .map(|l| l.value.as_str())
        .collect();
    // The language names a folder (locales/<L>/): only a language code as site.yaml allows
    // one, never a path such as `../nl`.
    if !is_slug(&locale) || locale.parse::<unic_langid::LanguageIdentifier>().is_err() {
        return stop(
            diags,
            Diagnostic::environment(format!("--locale {locale}: this is not a language code"))
                .hint(format!(
                    "the site's languages are {}; give one of them, e.g. --locale {}",
                    known.join(", "),
                    known
                        .iter()
                        .find(|k| k.eq_ignore_ascii_case(&locale))
                        .unwrap_or(&default.as_str())
                )),
        );
    }
    if !known.contains(&locale.as_str()) {
        return stop(
            diags,
            Diagnostic::environment(format!(
                "--locale {locale}: \"{locale}\" is not a language of the site"
            ))
            .hint(format!(
                "the site's languages are {}; to import texts in another language, add it first with `leaflet locale add {locale}`",
                known.join(", ")
            )),
        );
    }
    let contacts = resolve::site_contacts(&project, &mut Diagnostics::new());
    let knowledge = import::knowledge(&project, &contacts, &locale);
    let taken = import::taken_ids(&project, &locale);
    let departments: Vec<String> = project
        .ftl
        .get(&default)
        .and_then(|files| files.get(paths::SITE_FTL_KEY))
        .map(|file| {
            file.text
                .lines()
                .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim()))
                .filter(|id| id.starts_with("department-"))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let contact_keys: Vec<String> = contacts.keys().cloned().collect();
    let today = args
        .project
        .today
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());

    let mut ids = BTreeSet::new();
    let mut plans: Vec<Imported> = Vec::new();
    for file in &args.files {
        let shown = shown(root, file);
        let id = match &args.id {
            Some(id) => id.clone(),
            None => plan::slug_words(
                &file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )
            .join("-"),
        };
        if !is_slug(&id) {
            diags.push(
                Diagnostic::environment(format!(
                    "\"{id}\" is not a leaflet id (only a-z, 0-9 and single hyphens)"
                ))
                .hint(format!(
                    "give one with --id, e.g. --id {}",
                    if id.is_empty() {
                        "my-leaflet".to_string()
                    } else {
                        resolve::slugify(&id)
                    }
                )),
            );
            continue;
        }
        if !ids.insert(id.clone()) {
            diags.push(
                Diagnostic::environment(format!(
                    "two of the files would become the leaflet \"{id}\""
                ))
                .hint("rename one of them, or import them one by one with --id"),
            );
            continue;
        }
        let mut draft = match import::read_document(file, &shown) {
            Ok(draft) => draft,
            Err(err) => {
                diags.push(err.0);
                continue;
            }
        };
        let found = recognise::recognise(&mut draft, &knowledge);
        let shown_text = shown.display().to_string();
        let repeated = duplicates::find(&draft_passages(&draft, &shown_text), 0.8);
        let context = Context {
            id: &id,
            locale: &locale,
            default_locale: &default,
            source: &shown_text,
            today,
            taken: &taken,
            departments: &departments,
            contacts: &contact_keys,
        };
        let notes = notes(&id, &found, &repeated, &draft.notes);
        let plan = plan::plan(&draft, &found, &notes, &context);
        plans.push((shown, plan, found, draft.invisible));
    }
    // Never overwrite: every file of every plan must be new.
    let mut clash = false;
    for (_, plan, ..) in &plans {
        for (rel, _) in &plan.files {
            if root.join(rel).exists() {
                diags.push(
                    Diagnostic::error(format!("{} already exists; nothing was written", rel.display()))
                        .hint("import under another name with --id, or move the existing leaflet away first"),
                );
                clash = true;
            }
        }
    }
    if clash || diags.has_errors() || diags.has_environment_errors() {
        return None;
    }

    let mut out = String::new();
    for (shown, plan, found, invisible) in &plans {
        out.push_str(&describe(shown, plan, found, *invisible, args.dry_run));
    }
    if args.dry_run {
        super::print_out(&out);
        return Some(format!(
            "dry run: nothing was written; run the same command without --dry-run to import {}",
            plural(plans.len(), "leaflet")
        ));
    }
    let files: Vec<(PathBuf, Vec<u8>)> = plans
        .iter()
        .flat_map(|(_, plan, ..)| plan.files.clone())
        .collect();
    if let Err(diagnostic) = write_all_or_nothing(root, &files) {
        return stop(diags, diagnostic);
    }
    super::print_out(&out);
    Some(format!(
        "imported {}; do the to-dos above, then run: leaflet check",
        plural(plans.len(), "leaflet")
    ))
}

fn plural(n: usize, word: &str) -> String {
    crate::diag::counted(n, word, &format!("{word}s"))
}

/// The to-dos found before the plan, each at its place in the source: the plan writes them
/// above the message that place became.
fn notes(
    id: &str,
    found: &Recognised,
    repeated: &[duplicates::Group],
    reader: &[(Spot, String)],
) -> Vec<Note> {
    let mut notes = Vec::new();
    for (spot, number) in &found.unknown_numbers {
        notes.push(Note {
            spot: *spot,
            earlier: None,
            text: format!("the number {number} is not a contact of site.yaml: add it as a contact (organizations.<org>.contacts.<name>.phone) and write {{ $phone }}, or {{ $name_phone }} with `with:`"),
        });
    }
    for (line, what, block, similarity) in &found.near_blocks {
        notes.push(Note {
            spot: Spot::line(*line),
            earlier: None,
            text: format!(
                "{what} is {} like the shared block \"{block}\": if it says the same, replace it in leaflets/{id}.yaml by `- use: {block}`",
                duplicates::percent(*similarity)
            ),
        });
    }
    for group in repeated {
        // Written above the later copy, which is the one to delete.
        let (Some(first), Some(last)) = (group.places.first(), group.places.last()) else {
            continue;
        };
        let count = last.count;
        notes.push(Note {
            spot: Spot::line(last.line),
            earlier: Some(first.line),
            text: format!(
                "{} {} alike to {}: written twice in this leaflet; delete one copy (here and in leaflets/{id}.yaml), see `leaflet duplicates`",
                match count {
                    1 => "this text is".to_string(),
                    n => format!("this text and the {} after it are", plural(n - 1, "text")),
                },
                duplicates::percent(group.similarity),
                if count == 1 { "{earlier}" } else { "those from {earlier} on" },
            ),
        });
    }
    for (spot, text) in &found.hour_notes {
        notes.push(Note {
            spot: *spot,
            text: text.clone(),
            earlier: None,
        });
    }
    for (spot, note) in reader {
        notes.push(Note {
            spot: *spot,
            text: note.clone(),
            earlier: None,
        });
    }
    notes
}

/// The report of one imported file: files, what was recognised, what a person must do.
fn describe(
    shown: &Path,
    plan: &Plan,
    found: &Recognised,
    invisible: usize,
    dry_run: bool,
) -> String {
    let mut out = String::new();
    let verb = if dry_run { "would write" } else { "wrote" };
    let _ = writeln!(
        out,
        "{} → leaflet \"{}\" ({})",
        shown.display(),
        plan.id,
        plural(plan.messages, "text")
    );
    for (rel, bytes) in &plan.files {
        let _ = writeln!(out, "  {verb} {} ({} bytes)", rel.display(), bytes.len());
    }
    let from = |spot: Spot| match (spot.line, spot.column) {
        (0, _) => String::new(),
        (line, Some(column)) => format!(" (from {}:{line}:{column})", shown.display()),
        (line, None) => format!(" (from {}:{line})", shown.display()),
    };
    let _ = writeln!(out, "  recognised:");
    let mut any = false;
    if let Some(contact) = &found.contact {
        let _ = writeln!(out, "    contact: {contact}");
        any = true;
    }
    for (alias, key) in &found.with {
        let _ = writeln!(out, "    second contact: {key} as {{ ${alias}_phone }}");
        any = true;
    }
    for (line, number, variable) in &found.numbers {
        let _ = writeln!(out, "    {number} → {variable}{}", from(Spot::line(*line)));
        any = true;
    }
    if found.hours > 0 {
        let _ = writeln!(
            out,
            "    opening hours → {{ $opens }} and {{ $closes }} ({})",
            times(found.hours)
        );
        any = true;
    }
    for (line, block, _) in &found.blocks_used {
        let _ = writeln!(
            out,
            "    shared block \"{block}\" → use: {block}{}",
            from(Spot::line(*line))
        );
        any = true;
    }
    if !any {
        let _ = writeln!(out, "    nothing the site already knows");
    }
    if invisible > 0 {
        let _ = writeln!(
            out,
            "  left out: {} copied along with the text (zero width spaces, soft hyphens, word joiners, byte order marks); the text reads the same without {}",
            plural(invisible, "invisible character"),
            if invisible == 1 { "it" } else { "them" }
        );
    }
    let _ = writeln!(
        out,
        "  to do (each is a \"{}\" line, which `leaflet check` reports until you delete it):",
        crate::starter::TODO_MARK
    );
    let _ = writeln!(
        out,
        "    - leaflets/{}.yaml:1: choose the code, department, contact and owner, set reviewed to the day the content was checked, then delete this first line",
        plan.id
    );
    for todo in &plan.todos {
        let message = match &todo.message {
            Some(id) => format!(", message \"{id}\""),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "    - {}:{}{message}: {}{}",
            todo.file.display(),
            todo.line,
            todo.text,
            from(todo.source)
        );
    }
    let _ = writeln!(out, "  then run: leaflet check\n");
    out
}

/// "once", "twice", "3 times".
fn times(n: usize) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}
