//! Starter texts: what `leaflet new` writes into a new leaflet, kept here so that the checks can
//! recognise a leaflet that still holds them. A placeholder published to patients ("Titel van de
//! folder", an example contact) is a safety problem, not a style one.

/// The first line of a new leaflet's YAML file. While it is there, the leaflet's code,
/// department, contact and owner are the scaffold's guesses, and `check` refuses it.
pub const MARKER: &str = "# leaflet new:";

/// The start of a comment line `leaflet import` writes into a `.ftl` file for each thing a
/// person must still do there (a summary to check, a long sentence, a passage written twice …).
/// `check` reports every such line as an error until it is done and the line deleted.
pub const TODO_MARK: &str = "# TO DO (leaflet import):";
/// What `leaflet import` puts into a text where something was that cannot come in as text (a
/// symbol of a symbol font, an equation): `check` reports it until a person has replaced it, so
/// "50 μg" can never go out as "50 g" when only the to-do line above was deleted.
pub const TODO_IN_TEXT: &str = "(TO DO: see the source)";

/// What `leaflet new` writes for the contact and the department: not a guess, which could
/// print another department's phone number, but a value `check` refuses until one is chosen.
pub const CHOOSE_CONTACT: &str = "choose/one-of-the-contacts-above";
pub const CHOOSE_DEPARTMENT: &str = "choose-one-of-the-departments-above";
pub const CHOOSE_OWNER: &str = "the team that answers for this leaflet";

/// Whether the starter text of `id` is an instruction to replace (the title, "Explain in short
/// sentences …") rather than a usable heading ("Hoe werkt het?"), which may well stay.
pub fn is_placeholder(id: &str) -> bool {
    !id.ends_with("-title")
}

/// The sections most leaflets have, with what to write in each (in the default language where
/// we have the words, else in English).
pub fn sections(locale: &str) -> Vec<(&'static str, &'static str)> {
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
