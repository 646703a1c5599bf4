# Neuromodulatie bij chronische pijn (Pijncentrum).
# Structuur: leaflets/neuromodulatie-chronische-pijn.yaml
# Telefoonnummers en tijden komen uit site.yaml als variabelen.

title = Neuromodulatie bij chronische pijn
summary = Een behandeling met kleine stroompjes bij het ruggenmerg. Voor mensen met ernstige pijn die niet overgaat.

intro =
    Heeft u al lang ernstige pijn? Dan kan neuromodulatie misschien helpen.
    De arts legt een dun draadje vlak bij uw ruggenmerg. Dit draadje heet een elektrode.
    De elektrode geeft kleine elektrische stroompjes. Die veranderen de signalen
    die uw ruggenmerg naar uw hersenen stuurt. Het doel is dat u zo minder pijn voelt.
    De behandeling is bedoeld voor mensen met:
for-back-pain = blijvende pijn die uitstraalt naar een been of arm, na een of meer operaties aan rug of nek
for-crps = pijn in een voet of been door CRPS (complex regionaal pijnsyndroom, ook wel dystrofie genoemd)
for-neuropathy = zenuwpijn door suikerziekte (diabetische neuropathie) of door dunnevezelneuropathie

how-title = Hoe werkt het?
how-it-works =
    We leggen een elektrode vlak bij uw ruggenmerg. De elektrode zit vast aan een klein apparaat:
    de neurostimulator. Dit is een soort batterij, een beetje zoals een pacemaker.
    De neurostimulator maakt kleine stroompjes. Die gaan via de elektrode naar uw ruggenmerg.
    Daardoor gaat uw ruggenmerg andere signalen naar uw hersenen sturen.

intake-title = Het eerste gesprek
intake-referral =
    Uw huisarts of een medisch specialist kan u naar ons doorsturen.
    U krijgt dan een afspraak voor een eerste gesprek: het intakegesprek.
    Voor dit gesprek vult u eerst een paar vragenlijsten in.
intake-talk =
    In het gesprek praten we over wat u al tegen de pijn heeft geprobeerd.
    We praten ook over de medicijnen die u gebruikt.
    We vertellen wat u van de behandeling kunt verwachten. We vertellen ook wat de gevolgen zijn.
    Ook hoort u aan welke regels u zich moet houden.
    U praat daarnaast met een psycholoog die veel weet van pijn.
intake-alternatives =
    Neuromodulatie is een behandeling die veel van u vraagt. Daarom kijken we eerst of iets anders beter bij u past.
    Denk aan TENS, medicijnen of een zenuwblokkade. Soms helpt ook fysiotherapie of pijnrevalidatie.
    Past neuromodulatie het best bij u? Dan plannen we samen een afspraak.

steps-title = Zo gaat de behandeling
step-preparation = **Voorbereiding.** U krijgt een brief met uw afspraak.
    In de brief staat ook hoe u zich kunt voorbereiden.
    Vóór de operatie praat u met de anesthesioloog. Dat is de arts die zorgt voor de verdoving.
    Dit gesprek is op de Pre-operatieve Polikliniek Anesthesiologie (POPA).
step-day-care = **Dagbehandeling.** Op de dag van de operatie meldt u zich bij het Operatief Dagbehandeling Centrum (ODBC).
step-trial = **Proefplaatsing.** U krijgt twee operaties. Bij de eerste operatie ligt u op uw buik.
    U krijgt een roesje. Daardoor bent u half wakker.
    Zo kunnen we samen zoeken waar de pijn zit.
    We leggen 1 elektrode in de ruimte achter het ruggenmerg. Die ruimte heet de epidurale ruimte.
    We sluiten de elektrode aan op een kastje met een batterij. Dat kastje draagt u buiten uw lichaam.
    De operatie duurt ongeveer 2 uur. Daarna test u het kastje een week thuis.
    Soms duurt de test wat langer.
step-definitive = **Definitieve plaatsing.** Na de proefweek bespreken we met u of u een batterij in uw lichaam krijgt.
    Die operatie is meestal ongeveer een week na de eerste operatie.
    De batterij lijkt op een pacemaker. Hij komt onder de huid.
    Meestal is dat in uw linker- of rechterbil. We overleggen dit met u.
    Deze operatie duurt ongeveer een uur. U mag dezelfde dag naar huis.
step-after = **Na de eerste operatie.** U gaat eerst naar de uitslaapkamer.
    Daarna gaat u naar de verpleegafdeling Neurochirurgie.
    Tot de volgende ochtend blijft u zo veel mogelijk op uw rug liggen. U mag dan niet uit bed.
    De dag erna kijken we de instellingen na. We maken ook een röntgenfoto.
    Gaat alles goed? Dan mag u naar huis.
step-checkups = **Controles.** Na de operaties komt u een aantal keer terug bij het Pijncentrum.
    In de tabel hieronder ziet u wanneer.

# Tabel: de controles (leaflets/neuromodulatie-chronische-pijn.yaml, table:).
checkups-caption = Wanneer komt u op controle?
checkups-when = Wanneer
checkups-what = Wat doen we?
checkups-trial-day-3 = Proefweek, dag 3
checkups-trial-day-6 = Proefweek, dag 6
checkups-trial-visit = We kijken naar de wond. We bespreken wat de stimulator voor u doet.
checkups-after-1-week = 1 week na de definitieve plaatsing
checkups-after-1-month = 1 maand na de definitieve plaatsing
checkups-after-3-months = 3 maanden na de definitieve plaatsing
checkups-after-6-months = 6 maanden na de definitieve plaatsing
checkups-after-12-months = 12 maanden na de definitieve plaatsing
checkups-settings = We bespreken hoe het met u gaat. We zoeken samen de beste instellingen.
checkups-later = Na het eerste jaar
checkups-later-what = U komt minder vaak. Meestal is dat één keer per jaar.

# Argument voor shared/when-to-call ($wound).
wound-name = operatiewond

home-title = Tips voor thuis
home-diary =
    Na de operatie neemt u een pijndagboek mee naar huis. Schrijf daarin op hoe u zich voelt.
    Er zijn ook een paar regels voor thuis. Bijvoorbeeld:
home-lifting = Til niet meer dan 3 kilo.
home-movements = Draai en rek niet met uw lichaam.
home-wound-pain = Heeft u pijn aan de wond? Neem dan de pijnstillers die u van ons krijgt.
home-closed =
    Is het avond, nacht of weekend? Dan is het Pijncentrum gesloten.
    Bel dan het algemene nummer van het UMCG: { $general_phone }.
stimulator-picture = Tekening van een rug. Een dun draadje ligt langs het ruggenmerg. Het draadje loopt naar een kleine batterij in de bil.
stimulator-caption = Na de definitieve plaatsing: de elektrode ligt bij het ruggenmerg, de batterij zit onder de huid van de bil.
