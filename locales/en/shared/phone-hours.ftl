# Sentence with phone number and opening hours (shared block).
# $has_after_hours is "yes" or "no"; $after_hours only exists with "yes".
phone-hours =
    Call us Monday to Friday between { $opens } and { $closes }.
    Our phone number is { $phone }.{ $has_after_hours ->
        [yes] {" "}Outside these hours, call { $after_hours }.
       *[no] {""}
    }
