//! The front of the pipeline, shared by every command: load → resolve → parse the Fluent files →
//! translation state, then (for `build` and `check`) translation checks and localize.
//!
//! Commands call [`read_sources`] once and ask the returned [`Sources`] for what they need, so
//! the order of the stages is written down in one place. Each stage receives plain values from
//! the one before; nothing here prints (except `--verbose` timings, to stderr).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ftl::{self, Resources};
use crate::governance::readability::Figures;
use crate::governance::{self, GovernanceReport, ReportInput};
use crate::l10n::{self, Localized, TranslationState};
use crate::load;
use crate::paths;
use crate::render::site::SiteContent;
use crate::resolve::{self, Owner, ResolvedLeaflet, ResolvedSite};
use crate::translations::status::{self, StatusReport};
use crate::translations::{self, Standing, Translations, consistency, content};
use crate::versions::{self, VersionLock};

/// A project read and resolved, with its texts parsed and its translation state known.
pub struct Sources {
    pub root: PathBuf,
    pub site: ResolvedSite,
    pub leaflets: Vec<ResolvedLeaflet>,
    pub resources: Resources,
    pub translations: Translations,
    /// Every leaflet and shared block was read and resolved without error. When not, checks
    /// that need all of them ("message not used by any leaflet") are left out, so one broken
    /// file gives its own errors, not a cascade of follow-ups.
    pub complete: bool,
    /// The day review dates are compared with.
    pub today: Date,
    /// Every shared block and every contact (`org/key`) of the project, used or not, for the
    /// governance report's "where used".
    pub shared_blocks: Vec<String>,
    pub contacts: Vec<String>,
}

/// Reads the project at `root`. `None` when `site.yaml` cannot be used; otherwise every
/// leaflet that resolved, and a diagnostic for every problem found on the way.
pub fn read_sources(
    root: &Path,
    today: Option<Date>,
    timer: &mut Timer,
    diags: &mut Diagnostics,
) -> Option<Sources> {
    // libphonenumber's metadata (its regexes checked one by one, about 80 ms on one core) is
    // made the first time a number is read: resolve reads the contacts' numbers right after
    // loading. Made on a thread of its own while the files are read and parsed, it is ready by
    // then, instead of holding up resolve on one core.
    std::thread::spawn(|| {
        let _ = &*phonenumber::metadata::DATABASE;
    });
    let mut project = load::load_project(root, diags)?;
    timer.done("load");
    let today = crate::format::today(today);
    let resolved = resolve::resolve_project(&project, today, diags)?;
    let complete = !diags.has_errors();
    timer.done("resolve");
    // The lock files are read while the Fluent files are parsed: neither needs the other.
    let ftl = std::mem::take(&mut project.ftl);
    let ((resources, found), locks) = rayon::join(
        || {
            let mut found = Diagnostics::new();
            (ftl::parse_resources(ftl, &mut found), found)
        },
        || Translations::read_locks(root, &resolved.site),
    );
    diags.extend(found);
    let translations = Translations::load_with(&resources, &resolved.site, locks, diags);
    timer.done("fluent");
    let contacts = project
        .site
        .organizations
        .iter()
        .flat_map(|(org, o)| o.contacts.keys().map(move |key| format!("{org}/{key}")))
        .collect();
    Some(Sources {
        root: root.to_path_buf(),
        site: resolved.site,
        leaflets: resolved.leaflets,
        resources,
        translations,
        complete,
        today,
        shared_blocks: project.shared.keys().cloned().collect(),
        contacts,
    })
}

impl Sources {
    /// The languages of this run, the default first: all of the site's when `wanted` is empty.
    /// A language the site does not have is a usage error (exit code 2).
    pub fn select_locales(
        &self,
        wanted: &[String],
        diags: &mut Diagnostics,
    ) -> Option<Vec<String>> {
        let site = &self.site;
        if wanted.is_empty() {
            return Some(site.locales.clone());
        }
        let mut ok = true;
        for locale in wanted {
            if !site.locales.contains(locale) {
                diags.push(
                    Diagnostic::environment(format!(
                        "--locale {locale}: the site has no such language"
                    ))
                    .hint(format!(
                        "the site's languages are: {}",
                        site.locales.join(", ")
                    )),
                );
                ok = false;
            }
        }
        ok.then(|| {
            site.locales
                .iter()
                .filter(|l| wanted.contains(l))
                .cloned()
                .collect()
        })
    }

    /// The compare-locales checks of every file, and a warning per file with stale translations
    /// in `locales`.
    pub fn check_translations(
        &self,
        locales: &[String],
        broken: &BTreeSet<PathBuf>,
        diags: &mut Diagnostics,
    ) {
        // Four independent checks, two at a time (rayon); their problems are added in this
        // order, whichever finished first.
        let consistency = || {
            let mut found = Diagnostics::new();
            consistency::check_consistency(
                &self.resources,
                &self.site,
                &self.leaflets,
                &self.site.site_message_ids,
                self.complete,
                // Hidden: not shown and not confirmed before. A translation edited after its
                // confirmation is held to the rules of a shown one: its mistake is reported now.
                &|locale, key, id| {
                    !self.site.show_stale
                        && self
                            .translations
                            .stale(locale)
                            .get(key)
                            .is_some_and(|ids| ids.contains(id))
                        && self.translations.standing(locale, key, id) != Standing::Edited
                },
                &mut found,
            );
            translations::report_stale(
                &self.translations,
                &self.resources,
                locales,
                self.site.show_stale,
                broken,
                &mut found,
            );
            found
        };
        let content = || {
            let mut found = Diagnostics::new();
            let mut hours: Vec<(String, String, String)> = self
                .leaflets
                .iter()
                .map(|leaflet| &leaflet.contact)
                .chain(&self.site.footer_contacts)
                .filter_map(|contact| {
                    let times = contact.hours.as_ref()?.single_times()?;
                    Some((
                        contact.key.clone(),
                        times.opens.clone(),
                        times.closes.clone(),
                    ))
                })
                .collect();
            hours.sort();
            hours.dedup();
            content::check_content(&self.resources, &self.site, &hours, &mut found);
            found
        };
        let numbers = || {
            let mut found = Diagnostics::new();
            translations::check_numbers(
                &self.translations,
                &self.resources,
                locales,
                self.site.show_stale,
                &mut found,
            );
            found
        };
        let (first, (second, third)) = rayon::join(consistency, || rayon::join(content, numbers));
        diags.extend(first);
        diags.extend(second);
        diags.extend(third);
    }

    /// The translation checks and the version check (both read everything, neither needs the
    /// other: run side by side), their problems in that order. Returns the old and new version
    /// locks, as [`Sources::check_versions`].
    pub fn check_all(
        &self,
        locales: &[String],
        diags: &mut Diagnostics,
    ) -> (VersionLock, VersionLock) {
        // Files with an error already: the leaflets made of them are not asked for a new version.
        let broken: BTreeSet<PathBuf> = diags
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .filter_map(|d| d.location.as_ref().map(|at| at.file.clone()))
            .collect();
        let (translations, (versions, locks)) = rayon::join(
            || {
                let mut found = Diagnostics::new();
                self.check_translations(locales, &broken, &mut found);
                found
            },
            || {
                let mut found = Diagnostics::new();
                let locks = self.check_versions(&broken, &mut found);
                (found, locks)
            },
        );
        diags.extend(translations);
        diags.extend(versions);
        locks
    }

    /// Refuses leaflets changed without a new version; returns the lock a successful build
    /// writes, with the old one.
    pub fn check_versions(
        &self,
        broken: &BTreeSet<PathBuf>,
        diags: &mut Diagnostics,
    ) -> (VersionLock, VersionLock) {
        let old = versions::read_lock(&self.root, diags);
        let shown = versions::ShownData {
            root: &self.root,
            site: &self.site,
            resources: &self.resources,
        };
        let new = versions::check_versions(
            &old,
            &self.leaflets,
            &self.translations,
            &shown,
            broken,
            diags,
        );
        (old, new)
    }

    /// Every leaflet in every language of `locales`, as Documents; then the plain-language
    /// checks, which read them (readability figures over the site's limits, words to avoid).
    /// The figures (one per Document that has any) come back too: the team report shows them.
    pub fn localize(
        &self,
        locales: &[String],
        diags: &mut Diagnostics,
    ) -> (Localized, Vec<Figures>) {
        self.localize_some(locales, None, diags)
    }

    /// [`Sources::localize`] for the leaflets in `only` (all when `None`): a preview's quick
    /// look at the page being edited.
    pub fn localize_some(
        &self,
        locales: &[String],
        only: Option<&BTreeSet<String>>,
        diags: &mut Diagnostics,
    ) -> (Localized, Vec<Figures>) {
        let localized = self.localize_leaflets(locales, only, diags);
        let figures = governance::measure_all(&localized.documents);
        governance::check_readability(&figures, &self.site.readability, diags);
        governance::check_avoided_words(&self.resources, &self.site.avoid, locales, diags);
        (localized, figures)
    }

    /// Every leaflet in every language of `locales`, as Documents, without the checks.
    pub fn localize_only(&self, locales: &[String], diags: &mut Diagnostics) -> Localized {
        self.localize_leaflets(locales, None, diags)
    }

    fn localize_leaflets(
        &self,
        locales: &[String],
        only: Option<&BTreeSet<String>>,
        diags: &mut Diagnostics,
    ) -> Localized {
        let started = self.translations.started(self.site.show_stale);
        let reviewed = self.translations.reviewed_locales();
        let state = TranslationState {
            stale: self.translations.stale_by_locale(),
            edited: self.translations.edited_by_locale(),
            started: &started,
            reviewed: &reviewed,
        };
        l10n::localize(
            &self.resources,
            &self.site,
            &self.leaflets,
            locales,
            &state,
            only,
            diags,
        )
    }

    /// The leaflets a change of only `changed` (paths inside the project) touches, when each
    /// path is a leaflet's own file (`leaflets/<id>.yaml`, `locales/<lang>/<id>.ftl`), with
    /// the neighbours of each in its series (their pages show its title, and it theirs).
    /// `None` when any path is something else (a shared block, `site.yaml`, a template …),
    /// whose change can touch any page.
    pub fn leaflets_of(&self, changed: &[PathBuf]) -> Option<BTreeSet<String>> {
        let mut ids = BTreeSet::new();
        for path in changed {
            let own = self.leaflets.iter().find(|leaflet| {
                leaflet.path == *path
                    || self.site.locales.iter().any(|locale| {
                        paths::ftl_path(locale, &Owner::Leaflet(leaflet.id.clone()).ftl_key())
                            == *path
                    })
            })?;
            ids.insert(own.id.clone());
        }
        let neighbours: Vec<String> = ids
            .iter()
            .filter_map(|id| self.site.series.get(id))
            .flat_map(|place| place.previous.iter().chain(place.next.iter()).cloned())
            .collect();
        ids.extend(neighbours);
        (!ids.is_empty()).then_some(ids)
    }

    /// Translation status of every leaflet and of the site's interface.
    pub fn status_report(&self) -> StatusReport {
        status::status_report(&self.site, &self.leaflets, &self.translations)
    }

    /// The team's governance report: per leaflet its owner, review dates, languages and
    /// readability, and where each shared block and contact is used.
    pub fn governance_report(
        &self,
        localized: &Localized,
        figures: &[Figures],
        status: &StatusReport,
    ) -> GovernanceReport {
        governance::governance_report(&ReportInput {
            site: &self.site,
            leaflets: &self.leaflets,
            status,
            documents: &localized.documents,
            figures,
            today: self.today,
            shared_blocks: &self.shared_blocks,
            contacts: &self.contacts,
            numbers_differ: self
                .translations
                .numbers_differ_exceptions()
                .into_iter()
                .map(
                    |[locale, file, message, reason]| governance::NumbersDiffer {
                        locale,
                        file,
                        message,
                        reason,
                    },
                )
                .collect(),
        })
    }

    /// The pictures the site shows (and only those): (path inside `images/`, file to read).
    pub fn images(&self) -> Vec<(PathBuf, PathBuf)> {
        resolve::used_images(&self.site, &self.leaflets)
            .into_iter()
            .map(|inside| {
                let file = self.root.join(paths::IMAGES_DIR).join(&inside);
                (PathBuf::from(inside), file)
            })
            .collect()
    }

    /// What `render::site` needs, as plain references.
    pub fn site_content<'a>(
        &'a self,
        localized: &'a Localized,
        figures: &[Figures],
        locales: &'a [String],
        status: Option<&'a StatusReport>,
        images: &'a [(PathBuf, PathBuf)],
    ) -> SiteContent<'a> {
        SiteContent {
            documents: &localized.documents,
            site_locales: &localized.site_locales,
            locales,
            base_url: self.site.base_url.as_deref(),
            primary_color: self.site.primary_color.as_deref(),
            status,
            images,
            governance: match status {
                Some(status) => self.governance_report(localized, figures, status),
                None => self.governance_report(localized, figures, &self.status_report()),
            },
        }
    }
}

/// Prints a timing line per stage with `--verbose` (to stderr; never part of the output).
pub struct Timer {
    verbose: bool,
    last: std::time::Instant,
}

impl Timer {
    pub fn new(verbose: bool) -> Timer {
        Timer {
            verbose,
            last: std::time::Instant::now(),
        }
    }

    pub fn done(&mut self, stage: &str) {
        let now = std::time::Instant::now();
        if self.verbose {
            eprintln!(
                "{stage:>12}  {:>6.1} ms",
                (now - self.last).as_secs_f64() * 1000.0
            );
        }
        self.last = now;
    }
}
