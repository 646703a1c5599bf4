# Machine-assisted translation, not yet reviewed by a medical translator.
# جملة فيها رقم الهاتف وأوقات العمل (جزء مشترك).
# $has_after_hours is "yes" or "no"; $after_hours only exists with "yes".
phone-hours =
    اتصل بنا من الاثنين إلى الجمعة، بين الساعة { $opens } والساعة { $closes }.
    رقم هاتفنا هو { $phone }.{ $has_after_hours ->
        [yes] {" "}خارج هذه الأوقات، اتصل بالرقم { $after_hours }.
       *[no] {""}
    }
