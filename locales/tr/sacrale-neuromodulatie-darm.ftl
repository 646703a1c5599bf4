# Machine-assisted translation, not yet reviewed by a medical translator.
# Bağırsak şikâyetlerinde sakral nöromodülasyon (Cerrahi polikliniği).
# Structure: leaflets/sacrale-neuromodulatie-darm.yaml
# Partial on purpose: only title, summary, intro, how-* and results are translated.
# The other messages are shown in Dutch with a note.

title = Bağırsak şikâyetlerinde sakral nöromodülasyon
summary = Kuyruk sokumunun üstündeki bir sinire küçük elektrik akımları veren bir tedavi. Dışkı kaçıran veya dışkılamakta zorlanan kişiler için.

intro =
    Bağırsaklarınızla ilgili şikâyetleriniz var. Sakral nöromodülasyon size yardımcı olabilir.
    Bu tedavide vücudunuza küçük bir cihaz yerleştirilir. Bu cihazın adı nöromodülatördür.
    Cihaz, kuyruk sokumunuzun hemen üstündeki bir sinire hafif elektrik uyarıları verir.
    Böylece bu sinir yeniden normal çalışabilir.
    Amaç, şikâyetlerinizin azalmasıdır: daha az dışkı kaçırmanız veya dışkılarken daha az zorlanmanız.
    Birçok kişi için hayat bu sayede çok daha rahat olur.
intro-procedures =
    Tedavi iki girişimden (ameliyattan) oluşur. İki girişim arasında bir deneme dönemi vardır.
    Her girişim için bir günlüğüne hastaneye gelirsiniz. Aynı gün evinize dönersiniz.
    Girişimler, { $organization } hastanesinin Hengelo'daki binasında yapılır.

how-title = Nasıl çalışır?
how-brain =
    Bağırsağınızın nasıl çalışacağını beyniniz yönetir. Beyniniz bilgi alır ve bu bilgiyi işler.
    Sonra geri sinyaller gönderir. Bunlar küçük elektrik sinyalleridir.
    Bu sinyaller pelvik taban kaslarınıza ve büzücü kaslarınıza gider.
    Mesanenize, idrar yolunuza ve kalın bağırsağınızın son kısmına da giderler.
how-nerves =
    Bu sinyaller sakral sinirler üzerinden ilerler. Bu sinirler sakrum kemiğinin arkasında, kuyruk sokumunun yakınındadır.
    Bu tedavide doktor, bu sinirlerden birinin yakınına ince bir tel yerleştirir.
    Bu tele elektrot denir.
    Tel orada küçük bir elektrik akımı verir. Böylece bağırsak yeniden normal çalışabilir.
    Nöromodülasyon şu demektir: sinirleri küçük elektrik akımlarıyla yeniden ayarlamak.
    İstemediğiniz uyarılar azalır. İhtiyacınız olan uyarılar yeniden çalışır.
how-stimulator =
    Deneme döneminde elektrot, akımı vücudunuzun dışındaki küçük bir kutudan alır.
    Bu kutuyu karnınızın etrafındaki bir kemerde veya pantolon kemerinizde taşırsınız.
    Deneme iyi mi gitti? O zaman kalıcı bir nöromodülatör yerleştiririz.
    Bu genellikle ilk girişimden yaklaşık dört hafta sonra olur.
    Nöromodülatör, kalçanızın sağ veya sol tarafında derinin altına yerleştirilir. Bundan sonra akımı o verir.

results-title = Ne bekleyebilirsiniz?
results =
    Dışkılamayı yeniden tamamen kontrol edebilen kişi sayısı azdır.
    Şikâyetleriniz yarıdan (%50) fazla mı azaldı? O zaman kalıcı bir nöromodülatör alabilirsiniz.
    Çoğu kişide şikâyetler %70 ile %80 arasında azalır.
