//! One message, formatted: the first language of the chain that has it (skipping stale
//! translations), with the contact's data and the block's `with:` arguments, put in NFC, parsed
//! as inline Markdown, phone numbers and times marked. A fallback keeps its language and note; Fluent's
//! errors become diagnostics at the message's line:col.

use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::resolver::ResolverError;
use fluent_bundle::resolver::errors::ReferenceKind;
use fluent_bundle::{FluentArgs, FluentError, FluentValue};
use unicode_normalization::{UnicodeNormalization, is_nfc};

use super::chain::{Chain, direction};
use super::contact::{self, contact_args, hours_summary, shown_times};
use super::inline::{
    InlineError, LEAFLET_SCHEME, Mark, drop_needless_isolates, leaflet_link_id, mark_spans,
    parse_inline, tel_href,
};
use super::links::LinkTargets;
use crate::diag::{Diagnostic, Diagnostics, GroupKind, Location, did_you_mean};
use crate::document::{Label, Span, Text};
use crate::ftl::{Resources, lowercase_first};
use crate::resolve::{Arg, ContactInfo, MessageRef, Owner, ResolvedLeaflet, WeeklyHours};

/// A value the formatter gives messages as a Fluent variable. Times and hours are written the
/// way each language writes them, so they are kept as data until the language is known; phone
/// numbers, e-mail addresses and times are also marked in the text (links, `<time>`).
#[derive(Debug, Clone)]
pub(super) enum ArgValue {
    Text(String),
    /// A phone number as written in site.yaml: becomes a `tel:` link wherever it is shown.
    Phone(String),
    /// An e-mail address: becomes a `mailto:` link.
    Email(String),
    /// A time of day as written in site.yaml ("08:30").
    Time(String),
    /// Opening hours, given as their short summary ("ma–vr 08:00–16:30").
    Hours(Box<WeeklyHours>),
}

/// What one formatting pass found, besides the text.
#[derive(Default)]
pub(super) struct Tally {
    /// Messages shown in a fallback language, by owner.
    pub fallbacks: BTreeMap<Owner, BTreeSet<String>>,
}

pub(super) struct Formatter<'a> {
    pub resources: &'a Resources,
    pub chain: &'a Chain<'a>,
    /// The arguments every message gets (a leaflet's contact data, a label's values): set
    /// with [`Formatter::set_base_args`].
    base_args: Vec<(String, ArgValue)>,
    /// What `base_args` give in each language they were formatted in: made once, not again
    /// for every message.
    base_parts: Vec<(String, BaseParts)>,
    pub fallback_note: super::labels::FallbackNote,
    pub tally: Tally,
    pub leaflet: Option<&'a ResolvedLeaflet>,
    /// `with:` arguments formatted in a fallback language: (text, language), for marking.
    pub foreign_args: Vec<(String, String)>,
    /// Where `leaflet:` links go. `None` where such a link cannot stand: the site's own texts
    /// and a leaflet's title, summary and department, which are also shown on other pages.
    pub links: Option<&'a LinkTargets<'a>>,
    /// "in Dutch" in the page's language, after a link to a page in the default language.
    pub link_note: Option<Label>,
    /// Set while a hidden, edited translation is formatted only to report its mistakes.
    checking: bool,
    /// The first language of the chain to use: above 0 while the `with:` arguments of a
    /// message shown in a fallback language are formatted, so that an untranslated Dutch
    /// sentence gets its argument in Dutch too, not an English word in the middle.
    from_link: usize,
}

impl<'a> Formatter<'a> {
    pub fn new(
        resources: &'a Resources,
        chain: &'a Chain<'a>,
        leaflet: Option<&'a ResolvedLeaflet>,
    ) -> Self {
        Formatter {
            resources,
            chain,
            base_args: Vec::new(),
            base_parts: Vec::new(),
            fallback_note: None,
            tally: Tally::default(),
            leaflet,
            foreign_args: Vec::new(),
            links: None,
            link_note: None,
            checking: false,
            from_link: 0,
        }
    }
}

/// The base arguments in one language: as Fluent arguments (name, text), and the phone
/// numbers, e-mail addresses and times to mark in a text (shown, target, mark).
#[derive(Default)]
struct BaseParts {
    args: Vec<(String, String)>,
    marks: Vec<(String, String, Mark)>,
}

impl BaseParts {
    fn of(base_args: &[(String, ArgValue)], format_locale: &str) -> BaseParts {
        let mut parts = BaseParts::default();
        for (name, value) in base_args {
            parts
                .args
                .push((name.clone(), arg_text(format_locale, value)));
            value_marks(format_locale, value, &mut parts.marks);
        }
        parts
    }
}

/// The marks of one argument's value: a phone number or e-mail address becomes a link, a time
/// a `<time>`.
fn value_marks(format_locale: &str, value: &ArgValue, found: &mut Vec<(String, String, Mark)>) {
    match value {
        ArgValue::Phone(number) => {
            found.push((number.clone(), tel_href(number), Mark::Phone));
        }
        ArgValue::Email(address) => {
            found.push((address.clone(), format!("mailto:{address}"), Mark::Email));
        }
        ArgValue::Time(hhmm) => {
            let shown = crate::format::time(format_locale, hhmm).unwrap_or(hhmm.clone());
            found.push((shown, hhmm.clone(), Mark::Time));
        }
        ArgValue::Hours(hours) => {
            for (shown, hhmm) in shown_times(format_locale, hours) {
                found.push((shown, hhmm, Mark::Time));
            }
        }
        ArgValue::Text(_) => {}
    }
}

impl Formatter<'_> {
    /// Gives every message from now on these arguments; returns the ones it had.
    pub fn set_base_args(&mut self, args: Vec<(String, ArgValue)>) -> Vec<(String, ArgValue)> {
        self.base_parts.clear();
        std::mem::replace(&mut self.base_args, args)
    }

    /// The base arguments in `format_locale`.
    fn base_parts(&mut self, format_locale: &str) -> &BaseParts {
        let place = match self
            .base_parts
            .iter()
            .position(|(locale, _)| locale == format_locale)
        {
            Some(place) => place,
            None => {
                let parts = BaseParts::of(&self.base_args, format_locale);
                self.base_parts.push((format_locale.to_string(), parts));
                self.base_parts.len() - 1
            }
        };
        &self.base_parts[place].1
    }

    /// Formats `message` to text: the first language of the chain that has it.
    pub fn format(&mut self, message: &MessageRef, diags: &mut Diagnostics) -> Option<Text> {
        if !self.checking && self.chain.check.contains(&message.id) {
            // Edited after its confirmation: not shown, but its mistakes are reported now, as
            // if it were shown, rather than after someone confirms it.
            self.checking = true;
            let foreign_from = self.foreign_args.len();
            let _ = self.format(message, diags);
            self.foreign_args.truncate(foreign_from);
            self.checking = false;
        }
        let foreign_from = self.foreign_args.len();
        let times_from = self.chain.times.len();
        let (raw, fallback_locale) = self.format_raw(message, diags)?;
        let foreign: Vec<(String, String)> = self.foreign_args.drain(foreign_from..).collect();
        // The language the text is actually in: the page's, or the fallback's.
        let shown_in = fallback_locale
            .as_deref()
            .unwrap_or(&self.chain.page_locale)
            .to_string();
        let spans = match parse_inline(&raw) {
            Ok(spans) => spans,
            Err(refusal) => {
                diags.push(self.refused_markdown(message, &shown_in, &refusal));
                return None;
            }
        };
        let spans = self.resolve_leaflet_links(spans, message, &shown_in, diags)?;
        let format_locale = self.chain.format_locale(&shown_in).to_string();
        let mut found: Vec<(String, String, Mark)> = self.base_parts(&format_locale).marks.clone();
        for arg in message.args.values() {
            if let Arg::Contact(contact) = arg {
                for (_, value) in contact_args(contact, Some("_")) {
                    value_marks(&format_locale, &value, &mut found);
                }
            }
        }
        // Times a translator wrote with TIME("12:00"), in this message or one it pulled in.
        for (shown, hhmm) in self.chain.times.since(times_from) {
            found.push((shown, hhmm, Mark::Time));
        }
        for (arg_text, lang) in foreign {
            if fallback_locale.as_deref() != Some(lang.as_str()) {
                found.push((arg_text, lang, Mark::Lang));
            }
        }
        let mut text = Text::from_spans(mark_spans(spans, &found));
        if let Some(locale) = fallback_locale {
            let dir = direction(&locale);
            text.dir = (dir != direction(&self.chain.page_locale)).then_some(dir);
            text.lang = Some(locale);
            text.note = self.fallback_note.clone();
        }
        Some(text)
    }

    /// Formats `message` to a string and tells which fallback language it came from, if any.
    pub fn format_raw(
        &mut self,
        message: &MessageRef,
        diags: &mut Diagnostics,
    ) -> Option<(String, Option<String>)> {
        let chain = self.chain;
        let Some((index, (locale, bundle, pattern))) =
            chain
                .links
                .iter()
                .enumerate()
                .find_map(|(i, (loc, bundle))| {
                    if i < self.from_link {
                        return None;
                    }
                    let checked = self.checking && chain.check.contains(&message.id);
                    if i == 0 && !checked && chain.skip.contains(&message.id) {
                        return None; // a stale translation: use the next language
                    }
                    let msg = bundle.get_message(&message.id)?;
                    Some((i, (loc, bundle, msg.value())))
                })
        else {
            let default = chain.default_locale();
            let file = message.owner.ftl_path(default);
            // A typo ("department-surgry") is named; ids that only share a prefix
            // ("when-to-call-intro" and "…-title") are not: that message is missing.
            let typo_distance = (message.id.chars().count() / 8).max(1);
            let known: Vec<&str> = chain
                .keys
                .iter()
                .filter_map(|key| self.resources.get(default, key))
                .flat_map(crate::ftl::messages)
                .map(|m| m.id.name)
                .filter(|name| strsim::damerau_levenshtein(name, &message.id) <= typo_distance)
                .collect();
            let add = format!("add `{} = …` to {}", message.id, file.display());
            let mut d = Diagnostic::error(format!(
                "message \"{}\" is missing in the default language ({default})",
                message.id
            ))
            .at(message.at.clone())
            .hint(
                // The misspelling may be on either side: in the leaflet, or in the .ftl file
                // (then "did you mean" would suggest the typo itself).
                match known
                    .iter()
                    .min_by_key(|name| strsim::damerau_levenshtein(name, &message.id))
                {
                    Some(near) => format!(
                        "did you mean \"{near}\" ({})? If that id is the misspelt one, correct it there; or {add}",
                        self.resources
                            .definition(default, &chain.keys, near)
                            .map_or_else(
                                || file.display().to_string(),
                                |at| format!("{}:{}", at.file.display(), at.line)
                            )
                    ),
                    None => add,
                },
            );
            if let Some(leaflet) = self.leaflet
                && !message.at.file.starts_with(&leaflet.path)
                && message.at.file != leaflet.path
            {
                d = d.note(format!("used by leaflet {}", leaflet.path.display()));
            }
            diags.push(d);
            return None;
        };
        let Some(pattern) = pattern else {
            diags.push(
                Diagnostic::error(format!(
                    "message \"{}\" has no text, only attributes",
                    message.id
                ))
                .at_opt(self.resources.definition(locale, &chain.keys, &message.id))
                .hint("write the text after the `=`"),
            );
            return None;
        };

        let mut args = FluentArgs::new();
        let format_locale = chain.format_locale(locale).to_string();
        for (name, text) in &self.base_parts(&format_locale).args {
            args.set(name.clone(), FluentValue::from(text.clone()));
        }
        // Arguments in the language the message itself is shown in.
        let forced = index.max(self.from_link);
        let outer_from = std::mem::replace(&mut self.from_link, forced);
        let formatted_args = self.format_args(message, &format_locale, &mut args, diags);
        self.from_link = outer_from;
        formatted_args?;
        let mut errors = Vec::new();
        let formatted = bundle.format_pattern(pattern, Some(&args), &mut errors);
        for error in errors {
            // A translation using a variable its source does not have is the consistency
            // check's error (with "did you mean"): one typo, one error.
            if let FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Variable {
                id: var,
            })) = &error
                && *locale != chain.default_locale()
                && !self.resources.uses_variable(
                    chain.default_locale(),
                    &chain.keys,
                    &message.id,
                    var,
                )
            {
                continue;
            }
            diags.push(self.fluent_error(locale, message, &args, &error));
        }
        let fallback = (index > 0).then(|| locale.clone());
        // Stale translations are reported by `translations`, not as untranslated.
        // An argument shown in the fallback language because its message is (`from_link`)
        // is not an untranslated text of its own.
        if fallback.is_some() && !chain.skip.contains(&message.id) && self.from_link == 0 {
            self.tally
                .fallbacks
                .entry(message.owner.clone())
                .or_default()
                .insert(message.id.clone());
        }
        let text = drop_needless_isolates(&nfc(formatted), direction(locale));
        Some((text, fallback))
    }

    /// Formats the `with:` arguments of `message` into `args`; `None` when one failed.
    fn format_args(
        &mut self,
        message: &MessageRef,
        format_locale: &str,
        args: &mut FluentArgs<'_>,
        diags: &mut Diagnostics,
    ) -> Option<()> {
        for (name, arg) in message.args.iter() {
            match arg {
                Arg::Message(reference) => {
                    let text = self.format(reference, diags)?;
                    let plain = text.plain().into_owned();
                    if let Some(lang) = &text.lang {
                        self.foreign_args.push((plain.clone(), lang.clone()));
                    }
                    args.set(name.clone(), FluentValue::from(plain));
                }
                Arg::Contact(contact) => {
                    // `$general` is the contact's name, in the page's language like any text.
                    let text = self.format(&contact.name, diags)?;
                    let plain = text.plain().into_owned();
                    if let Some(lang) = &text.lang {
                        self.foreign_args.push((plain.clone(), lang.clone()));
                    }
                    args.set(name.clone(), FluentValue::from(plain));
                    for (field, value) in contact_args(contact, Some(name)) {
                        args.set(field, FluentValue::from(arg_text(format_locale, &value)));
                    }
                }
            }
        }
        Some(())
    }

    /// The error for Markdown a message may not hold, at the link when a link is the cause.
    fn refused_markdown(
        &self,
        message: &MessageRef,
        shown_in: &str,
        refusal: &InlineError,
    ) -> Diagnostic {
        let keys = &self.chain.keys;
        let at = refusal
            .link
            .as_ref()
            .and_then(|url| self.resources.text_use(shown_in, keys, &message.id, url))
            .or_else(|| self.resources.definition(shown_in, keys, &message.id));
        let d =
            Diagnostic::error(format!("message \"{}\" {}", message.id, refusal.reason)).at_opt(at);
        if let Some(hint) = &refusal.hint {
            // The cause is named (a "1." at the start of a line): say how to keep it as text.
            return d.hint(hint);
        }
        let Some(url) = &refusal.link else {
            return d.hint(
                "one message is one paragraph, list item or heading, with only **bold**, *italic* and links ([text](https://…), [text](leaflet:<id>)) inside; split longer text into several messages",
            );
        };
        if leaflet_link_id(url).is_some() {
            return d.hint(format!("give the link a text: [the text to click]({url})"));
        }
        let allowed = "a link in a message goes to a web page (https://…), an e-mail address (mailto:…), a phone number (tel:…) or another leaflet (leaflet:<id>, the name of its file in leaflets/ without .yaml); other kinds of address could run code, or break when the site moves";
        // A relative address ("../x/index.html", "x") is meant for a page of this site: name
        // the leaflet instead, which also chooses the right language and works in the PDF.
        let relative = !url.contains(':');
        if !relative {
            return d.hint(allowed);
        }
        let guess = self.links.and_then(|links| {
            url.split(['/', '.', '#', '?'])
                .find(|part| links.knows(part))
                .map(str::to_string)
        });
        d.hint(match guess {
            Some(id) => format!(
                "to link to another leaflet, name it: [text]({LEAFLET_SCHEME}{id}); {allowed}"
            ),
            None => format!(
                "to link to another leaflet, name it: [text]({LEAFLET_SCHEME}<id>); {allowed}"
            ),
        })
    }

    /// Checks each `leaflet:<id>` link and points it at that leaflet's page: in the page's
    /// language when it is published in it, else in the default language, marked.
    fn resolve_leaflet_links(
        &self,
        mut spans: Vec<Span>,
        message: &MessageRef,
        shown_in: &str,
        diags: &mut Diagnostics,
    ) -> Option<Vec<Span>> {
        let mut ok = true;
        for i in 0..spans.len() {
            let Some(written) = spans[i].href.clone() else {
                continue;
            };
            let Some(id) = leaflet_link_id(&written) else {
                continue;
            };
            let keys = &self.chain.keys;
            let at = self
                .resources
                .text_use(shown_in, keys, &message.id, &written)
                .or_else(|| self.resources.definition(shown_in, keys, &message.id));
            let Some(links) = self.links else {
                diags.push(
                    Diagnostic::error(format!(
                        "message \"{}\" links to leaflet \"{id}\", but it is shown outside this leaflet's page",
                        message.id
                    ))
                    .at_opt(at)
                    .hint("a leaflet link can stand in the texts of a leaflet's body; a title, summary or department name is also shown in the list of leaflets, and the site's own texts on every page, where the link would not work"),
                );
                ok = false;
                continue;
            };
            if !links.knows(id) {
                let what = if id.is_empty() {
                    format!(
                        "message \"{}\" has a leaflet link without a leaflet id",
                        message.id
                    )
                } else {
                    format!(
                        "message \"{}\" links to leaflet \"{id}\", which does not exist",
                        message.id
                    )
                };
                let form = "a leaflet link names the leaflet's file in leaflets/ without .yaml: [text](leaflet:<id>)";
                diags.push(Diagnostic::error(what).at_opt(at).hint(
                    match did_you_mean(id, links.ids()) {
                        Some(guess) => format!("{guess} A {}", &form[2..]),
                        None => form.to_string(),
                    },
                ));
                ok = false;
                continue;
            }
            let mut link = links.link(
                id,
                &self.chain.page_locale,
                shown_in,
                self.link_note.as_ref(),
            );
            // A link whose text changes formatting is several spans: the note goes after the last.
            link.end = spans
                .get(i + 1)
                .is_none_or(|next| next.href.as_ref() != Some(&written));
            if !link.end {
                link.note = None;
            }
            spans[i].href = Some(link.href.clone());
            spans[i].leaflet = Some(Box::new(link));
        }
        ok.then_some(spans)
    }

    fn fluent_error(
        &self,
        locale: &str,
        message: &MessageRef,
        given: &FluentArgs<'_>,
        error: &FluentError,
    ) -> Diagnostic {
        let keys = &self.chain.keys;
        let id = message.id.as_str();
        let for_leaflet = self
            .leaflet
            .map(|l| format!(" (leaflet {}, {locale})", l.id))
            .unwrap_or_default();
        match error {
            FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Variable {
                id: var,
            })) => {
                let at = self.resources.variable_use(locale, keys, id, var);
                if let Some(d) = self.contact_field_error(message, var, &for_leaflet) {
                    return d.at_opt(at);
                }
                let mut names: Vec<&str> = given.iter().map(|(n, _)| n).collect();
                names.sort();
                names.dedup();
                let known: Vec<String> = names.iter().map(|n| format!("${n}")).collect();
                Diagnostic::error(format!(
                    "message \"{id}\" uses the variable ${var}, which is not given here{for_leaflet}"
                ))
                .at_opt(at)
                .hint(format!(
                    "{} The variables known here are {}; a shared block gets more through `with:` in the leaflet",
                    crate::diag::did_you_mean(var, names.iter().copied())
                        .map(|s| s.replace("did you mean \"", "did you mean \"$"))
                        .unwrap_or_else(|| "Check the spelling.".into()),
                    known.join(", ")
                ))
            }
            other => Diagnostic::error(format!(
                "message \"{id}\" cannot be formatted{for_leaflet}: {}",
                lowercase_first(&other.to_string())
            ))
            .at_opt(self.resources.definition(locale, keys, id))
            .hint("check the references inside the message ({ other-message }, { -term }, { $variable })"),
        }
    }

    /// A variable that names a contact's data the contact does not have (`$email` where
    /// site.yaml gives none), or a field no contact has (`$general_fax`): said as such, rather
    /// than as an unknown variable.
    fn contact_field_error(
        &self,
        message: &MessageRef,
        var: &str,
        for_leaflet: &str,
    ) -> Option<Diagnostic> {
        let id = &message.id;
        let lacks = |contact: &ContactInfo, variable: &str, field: &str, prefix: &str| {
            Diagnostic::error(format!(
                "message \"{id}\" uses ${variable}, but the contact {} has no {field} in site.yaml{for_leaflet}",
                contact.key
            ))
            .hint(format!(
                "add {} to {} in site.yaml, or leave ${variable} out of the message{}",
                contact::field_source(field),
                contact.key,
                contact::presence_variable(field)
                    .map(|has| format!(
                        " (${prefix}{has} is yes or no, for a sentence only some contacts have)"
                    ))
                    .unwrap_or_default()
            ))
        };
        for (name, arg) in message.args.iter() {
            let Arg::Contact(contact) = arg else { continue };
            let Some(field) = var
                .strip_prefix(name.as_str())
                .and_then(|f| f.strip_prefix('_'))
            else {
                continue;
            };
            if contact::FIELDS.contains(&field) {
                return Some(lacks(contact, var, field, &format!("{name}_")));
            }
            let fields: Vec<String> = contact::FIELDS
                .iter()
                .map(|f| format!("${name}_{f}"))
                .collect();
            let suggestion = crate::diag::did_you_mean(field, contact::FIELDS.iter().copied())
                .map(|s| s.replace("did you mean \"", &format!("did you mean \"${name}_")) + " ")
                .unwrap_or_default();
            return Some(
                Diagnostic::error(format!(
                    "message \"{id}\" uses ${var}, but a contact has no \"{field}\"{for_leaflet}"
                ))
                .hint(format!(
                    "{suggestion}The contact passed as ${name} ({}) gives ${name} (its name) and {}",
                    contact.key,
                    fields.join(", ")
                )),
            );
        }
        let own = &self.leaflet?.contact;
        contact::FIELDS
            .contains(&var)
            .then(|| lacks(own, var, var, ""))
    }
}

/// The text of an argument in the customs of `format_locale`.
fn arg_text(format_locale: &str, value: &ArgValue) -> String {
    match value {
        ArgValue::Text(text) | ArgValue::Phone(text) | ArgValue::Email(text) => text.clone(),
        ArgValue::Time(hhmm) => crate::format::time(format_locale, hhmm).unwrap_or(hhmm.clone()),
        ArgValue::Hours(hours) => hours_summary(format_locale, hours)
            .iter()
            .map(|s| s.text.as_str())
            .collect(),
    }
}

/// The formatted text in NFC: "é" is published as one code point however the translator's
/// keyboard or tool wrote it, so search, PDF text and screen readers see one spelling. The
/// formatted text is normalised rather than the `.ftl` file, because every position in a
/// diagnostic is counted in the file as it is on disk; normalising after formatting also covers
/// text that meets at a placeable (an argument that starts with a combining mark).
fn nfc(text: std::borrow::Cow<'_, str>) -> String {
    if is_nfc(&text) {
        text.into_owned()
    } else {
        text.nfc().collect()
    }
}

/// One warning per locale file with untranslated messages: visible, but not a failure. When
/// the language has no such file yet (a shared block or leaflet added after the language), the
/// warning says how to make it instead of pointing into a file that is not there.
pub(super) fn report_fallbacks(
    tally: &Tally,
    chain: &Chain<'_>,
    resources: &Resources,
    diags: &mut Diagnostics,
) {
    let locale = &chain.page_locale;
    let default = chain.default_locale();
    for (owner, ids) in &tally.fallbacks {
        let file = owner.ftl_path(locale);
        let list: Vec<&str> = ids.iter().map(String::as_str).collect();
        let (at, hint) = if resources.get(locale, &owner.ftl_key()).is_some() {
            (
                Some(Location::file_start(file.clone())),
                format!("translate them in {}", file.display()),
            )
        } else {
            (
                None,
                format!(
                    "{} does not exist yet: `leaflet locale add {locale}` writes it with every {default} text to translate (files already there are left as they are)",
                    file.display()
                ),
            )
        };
        diags.push(
            Diagnostic::warning(format!(
                "{} {} not translated into {locale}; shown in {} with a note: {}",
                ids.len(),
                if ids.len() == 1 {
                    "message is"
                } else {
                    "messages are"
                },
                default,
                list.join(", ")
            ))
            .at_opt(at)
            .hint(hint)
            .grouped(GroupKind::Untranslated, locale.as_str(), ids.len()),
        );
    }
}
