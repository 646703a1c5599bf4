//! Unicode normalisation of the source types: every string value in NFC after parsing, so "é"
//! as one code point and as e + U+0301 are the same code, name or id. Each impl destructures its
//! type, so a new field cannot be forgotten: the compiler asks for it.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;
use unicode_normalization::{UnicodeNormalization, is_nfc};

use super::source::*;

/// Puts every string of a source value in NFC. Each struct lists its fields without `..`, so a
/// new field cannot be forgotten: the compiler asks for it here.
pub trait Normalize {
    fn normalize(&mut self);
}

impl Normalize for String {
    fn normalize(&mut self) {
        if !is_nfc(self) {
            *self = self.nfc().collect();
        }
    }
}

impl<T: Normalize> Normalize for Spanned<T> {
    fn normalize(&mut self) {
        self.value.normalize();
    }
}

impl<T: Normalize> Normalize for Option<T> {
    fn normalize(&mut self) {
        if let Some(value) = self {
            value.normalize();
        }
    }
}

impl<T: Normalize> Normalize for Vec<T> {
    fn normalize(&mut self) {
        self.iter_mut().for_each(Normalize::normalize);
    }
}

/// Keys are names other values refer to (`demo/poli`), so they are normalised like those.
impl<T: Normalize> Normalize for BTreeMap<String, T> {
    fn normalize(&mut self) {
        *self = std::mem::take(self)
            .into_iter()
            .map(|(mut key, mut value)| {
                key.normalize();
                value.normalize();
                (key, value)
            })
            .collect();
    }
}

/// Numbers and choices hold no text.
macro_rules! no_text {
    ($($t:ty),*) => {
        $(impl Normalize for $t {
            fn normalize(&mut self) {}
        })*
    };
}
no_text!(bool, u32, u64, f64, StalePolicy, ExpiredPolicy);

impl Normalize for Site {
    fn normalize(&mut self) {
        let Site {
            default_locale,
            locales,
            base_url,
            organizations,
            theme,
            print,
            translations,
            limits,
            review,
            feedback,
            checks,
            emergency_number,
            series,
            formats,
        } = self;
        default_locale.normalize();
        locales.normalize();
        base_url.normalize();
        organizations.normalize();
        theme.normalize();
        print.normalize();
        translations.normalize();
        limits.normalize();
        review.normalize();
        feedback.normalize();
        checks.normalize();
        emergency_number.normalize();
        series.normalize();
        formats.normalize();
    }
}

impl Normalize for LimitSettings {
    fn normalize(&mut self) {
        let LimitSettings {
            typst_timeout_s,
            max_pages,
        } = self;
        typst_timeout_s.normalize();
        max_pages.normalize();
    }
}

impl Normalize for ReviewSettings {
    fn normalize(&mut self) {
        let ReviewSettings { warn_days, expired } = self;
        warn_days.normalize();
        expired.normalize();
    }
}

impl Normalize for Feedback {
    fn normalize(&mut self) {
        let Feedback { email, url } = self;
        email.normalize();
        url.normalize();
    }
}

impl Normalize for CheckSettings {
    fn normalize(&mut self) {
        let CheckSettings {
            allowed_numbers,
            country,
            readability,
            avoid,
        } = self;
        allowed_numbers.normalize();
        country.normalize();
        readability.normalize();
        avoid.normalize();
    }
}

impl Normalize for ReadabilitySettings {
    fn normalize(&mut self) {
        let ReadabilitySettings {
            max_average_sentence_words,
            max_long_sentence_share,
            min_douma,
            min_flesch,
            max_lix,
        } = self;
        max_average_sentence_words.normalize();
        max_long_sentence_share.normalize();
        min_douma.normalize();
        min_flesch.normalize();
        max_lix.normalize();
    }
}

impl Normalize for SourceReference {
    fn normalize(&mut self) {
        let SourceReference { title, url } = self;
        title.normalize();
        url.normalize();
    }
}

impl Normalize for TranslationSettings {
    fn normalize(&mut self) {
        let TranslationSettings { stale } = self;
        stale.normalize();
    }
}

impl Normalize for ThemeSettings {
    fn normalize(&mut self) {
        let ThemeSettings {
            primary_color,
            logo,
            footer_contacts,
        } = self;
        primary_color.normalize();
        logo.normalize();
        footer_contacts.normalize();
    }
}

impl Normalize for ImageSource {
    fn normalize(&mut self) {
        let ImageSource { file, alt } = self;
        file.normalize();
        alt.normalize();
    }
}

impl Normalize for ImageBlockSource {
    fn normalize(&mut self) {
        let ImageBlockSource { file, alt, caption } = self;
        file.normalize();
        alt.normalize();
        caption.normalize();
    }
}

impl Normalize for TableSource {
    fn normalize(&mut self) {
        let TableSource {
            caption,
            header,
            rows,
        } = self;
        caption.normalize();
        header.normalize();
        rows.normalize();
    }
}

impl Normalize for PrintSettings {
    fn normalize(&mut self) {
        let PrintSettings { web, profiles } = self;
        web.normalize();
        profiles.normalize();
    }
}

impl Normalize for PrintProfileSource {
    fn normalize(&mut self) {
        let PrintProfileSource {
            paper,
            margin_mm,
            bleed_mm,
        } = self;
        paper.normalize();
        margin_mm.normalize();
        bleed_mm.normalize();
    }
}

impl Normalize for Organization {
    fn normalize(&mut self) {
        let Organization {
            name,
            portal,
            logo,
            contacts,
        } = self;
        name.normalize();
        portal.normalize();
        logo.normalize();
        contacts.normalize();
    }
}

impl Normalize for Portal {
    fn normalize(&mut self) {
        let Portal { name, url } = self;
        name.normalize();
        url.normalize();
    }
}

impl Normalize for Contact {
    fn normalize(&mut self) {
        let Contact {
            name,
            phone,
            hours,
            after_hours,
            email,
            address,
        } = self;
        name.normalize();
        phone.normalize();
        hours.normalize();
        after_hours.normalize();
        email.normalize();
        address.normalize();
    }
}

impl Normalize for AddressSource {
    fn normalize(&mut self) {
        let AddressSource {
            street,
            postcode,
            city,
        } = self;
        street.normalize();
        postcode.normalize();
        city.normalize();
    }
}

impl Normalize for HoursSource {
    fn normalize(&mut self) {
        let HoursSource { entries } = self;
        for (day, times) in entries {
            day.normalize();
            times.normalize();
        }
    }
}

impl Normalize for LeafletSource {
    fn normalize(&mut self) {
        let LeafletSource {
            code,
            version,
            reviewed,
            review_by,
            department,
            contact,
            with,
            owner,
            sources,
            numbering,
            questions_box,
            body,
        } = self;
        code.normalize();
        version.normalize();
        reviewed.normalize();
        review_by.normalize();
        department.normalize();
        contact.normalize();
        with.normalize();
        owner.normalize();
        sources.normalize();
        numbering.normalize();
        questions_box.normalize();
        body.normalize();
    }
}

impl Normalize for SharedSource {
    fn normalize(&mut self) {
        let SharedSource { body } = self;
        body.normalize();
    }
}

impl Normalize for BlockSource {
    fn normalize(&mut self) {
        let BlockSource {
            heading,
            subheading,
            text,
            list,
            steps,
            callout,
            contact_card,
            image,
            table,
            use_block,
            with,
        } = self;
        heading.normalize();
        subheading.normalize();
        text.normalize();
        list.normalize();
        steps.normalize();
        callout.normalize();
        contact_card.normalize();
        image.normalize();
        table.normalize();
        use_block.normalize();
        with.normalize();
    }
}

impl Normalize for CalloutSource {
    fn normalize(&mut self) {
        let CalloutSource {
            level,
            heading,
            text,
            list,
        } = self;
        level.normalize();
        heading.normalize();
        text.normalize();
        list.normalize();
    }
}
