# Zin met telefoonnummer en openingstijden (gedeeld blok).
# $has_after_hours is "yes" of "no"; $after_hours bestaat alleen bij "yes".
phone-hours =
    Bel ons op maandag tot en met vrijdag tussen { $opens } en { $closes } uur.
    Ons telefoonnummer is { $phone }.{ $has_after_hours ->
        [yes] {" "}Buiten deze tijden belt u { $after_hours }.
       *[no] {""}
    }
