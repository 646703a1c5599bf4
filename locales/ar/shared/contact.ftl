# Machine-assisted translation, not yet reviewed by a medical translator.
# هل لديك أسئلة؟ بعدها تأتي بطاقة الاتصال بالقسم (جزء مشترك).
contact-title = هل عندك أسئلة؟
contact-questions =
    هل ما زالت عندك أسئلة بعد قراءة هذه النشرة؟ اتصل بنا. تجد طريقة الاتصال في الأسفل.
    ويمكنك أيضًا أن تسأل أسئلتك في موعدك القادم.
