//! `leaflet duplicates`: passages of the default language written more than once, across
//! leaflets and shared blocks and within one leaflet (`import::duplicates`), as a table or JSON.

use crate::cli::DuplicatesArgs;
use crate::cmd::{Report, print_as};
use crate::diag::Diagnostics;
use crate::ftl::messages;
use crate::import::duplicates::{self, Group, Passage};
use crate::import::message_text;
use crate::paths;
use crate::pipeline::{Timer, read_sources};

#[derive(serde::Serialize)]
struct Output<'a> {
    min_similarity: f64,
    groups: &'a [Group],
}

pub fn run(args: &DuplicatesArgs) -> Report {
    let mut report = Report::new(args.project.root.clone(), false, "no duplicates report");
    report.done = duplicates_report(args, &mut report.diags);
    report
}

fn duplicates_report(args: &DuplicatesArgs, diags: &mut Diagnostics) -> Option<String> {
    let mut timer = Timer::new(false);
    // Problems in the sources are `check`'s: this report stands on every text that could be
    // read, also of a leaflet just imported whose to-dos are not done yet.
    let mut source_diags = Diagnostics::new();
    let Some(sources) = read_sources(
        &args.project.root,
        args.project.today,
        &mut timer,
        &mut source_diags,
    ) else {
        diags.extend(source_diags);
        return None;
    };
    let default = &sources.site.default_locale;
    let mut passages = Vec::new();
    for ((locale, key), resource) in sources.resources.all() {
        if locale != default || key == paths::SITE_FTL_KEY {
            continue;
        }
        let owner = match key.strip_prefix("shared/") {
            Some(name) => format!("shared block {name}"),
            None => format!("leaflet {key}"),
        };
        let keys = [key.clone()];
        for message in messages(resource) {
            let id = message.id.name;
            let location = sources.resources.definition(locale, &keys, id);
            passages.push(Passage {
                file: location.as_ref().map_or_else(
                    || paths::ftl_path(locale, key).display().to_string(),
                    |l| l.file.display().to_string(),
                ),
                line: location.map_or(0, |l| l.line),
                owner: owner.clone(),
                id: id.to_string(),
                text: message_text(message),
            });
        }
    }
    let groups = duplicates::find(&passages, args.min_similarity);
    let mut own = Diagnostics::new();
    let done = print_as(
        args.format,
        || duplicates::table(&groups),
        &Output {
            min_similarity: args.min_similarity,
            groups: &groups,
        },
        "the duplicates report",
        &mut own,
    );
    diags.extend(own);
    done
}
