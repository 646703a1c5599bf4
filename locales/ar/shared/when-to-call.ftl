# Machine-assisted translation, not yet reviewed by a medical translator.
# متى تتصل بنا بعد العملية (جزء مشترك).
# $wound = اسم الجرح، يأتي من النشرة.
when-to-call-title = متى تتصل بنا؟
when-to-call-intro = اتصل بنا إذا:
when-to-call-bleeding = كان عندك نزيف شديد بعد العملية
when-to-call-wound = كان { $wound } أحمر ومنتفخًا، وخرج منه قيح أو شيء يشبه القيح
