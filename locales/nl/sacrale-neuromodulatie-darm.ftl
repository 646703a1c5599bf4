# Sacrale neuromodulatie bij darmklachten (Polikliniek Chirurgie).
# Structuur: leaflets/sacrale-neuromodulatie-darm.yaml
# Telefoonnummers, tijden en portaal komen uit site.yaml als variabelen.

title = Sacrale neuromodulatie bij darmklachten
summary = Een behandeling met kleine stroompjes op een zenuw boven het stuitje. Voor mensen die ontlasting verliezen of moeite hebben met de ontlasting.

intro =
    U heeft klachten van uw darmen. Sacrale neuromodulatie kan daarbij misschien helpen.
    Bij deze behandeling komt er een klein apparaatje in uw lichaam: een neuromodulator.
    Dit apparaatje geeft zachte elektrische pulsen aan een zenuw vlak boven uw stuitbeen.
    Zo kan die zenuw weer normaal werken.
    Het doel is dat u minder klachten heeft: minder verlies van ontlasting of minder moeite met de ontlasting.
    Voor veel mensen wordt het leven daardoor een stuk prettiger.
intro-procedures =
    De behandeling bestaat uit twee ingrepen (operaties). Tussen de twee ingrepen zit een testperiode.
    Voor elke ingreep komt u een dag naar het ziekenhuis. U gaat dezelfde dag weer naar huis.
    De ingrepen zijn op de locatie Hengelo van { $organization }.

how-title = Hoe werkt het?
how-brain =
    Uw hersenen regelen hoe uw darm werkt. Ze krijgen informatie binnen en verwerken die.
    Daarna sturen ze signalen terug. Dat zijn kleine elektrische signalen.
    Ze gaan naar de spieren van uw bekkenbodem en naar uw sluitspieren.
    Ze gaan ook naar uw blaas, uw plasbuis en het laatste stuk van uw dikke darm.
how-nerves =
    Deze signalen lopen via de sacrale zenuwen. Die liggen achter het heiligbeen, bij het stuitje.
    Bij deze behandeling legt de arts een dun draadje dicht bij een van deze zenuwen.
    Dat draadje heet een elektrode.
    Het draadje geeft daar een klein stroompje af. Zo kan de darm weer normaal gaan werken.
    Neuromodulatie betekent: met kleine stroompjes de zenuwen opnieuw instellen.
    Prikkels die u niet wilt, worden minder. Prikkels die u wel nodig heeft, gaan weer werken.
how-stimulator =
    In de testperiode krijgt de elektrode stroom van een kastje buiten uw lichaam.
    Dit kastje draagt u aan een band om uw buik of aan uw riem.
    Gaat de test goed? Dan plaatsen we een vaste neuromodulator.
    Dat is meestal ongeveer vier weken na de eerste ingreep.
    De neuromodulator komt onder de huid van uw bil, links of rechts. Vanaf dan geeft die de stroom.

results-title = Wat kunt u verwachten?
results =
    Maar een klein deel van de mensen krijgt de ontlasting weer helemaal onder controle.
    Worden uw klachten met meer dan de helft (50%) minder? Dan kunt u een vaste neuromodulator krijgen.
    De meeste mensen hebben 70 tot 80% minder klachten.

steps-title = De behandeling in stappen
step-preparation = **Voorbereiding.** U houdt drie tot vier weken een dagboek bij. Ook krijgt u een paar onderzoeken.
step-first-procedure = **Eerste ingreep.** De arts plaatst de elektrode.
    U krijgt een stimulatiekastje. Dat kastje draagt u buiten uw lichaam.
    Hiermee begint de testperiode. Meer hierover leest u in [deel 2: de testperiode](leaflet:sacrale-neuromodulatie-testperiode).
step-test-period = **Testperiode.** De test duurt drie tot vier weken. In die tijd houdt u weer een dagboek bij.
step-second-procedure = **Tweede ingreep.** Heeft u in de testperiode geen verschil gemerkt? Dan halen we het testsysteem weer weg.
    Heeft u wel verschil gemerkt? Dan plaatsen we de vaste neuromodulator onder de huid van uw bil.

motivation = **Belangrijk:** begin alleen aan deze behandeling als u het echt wilt en ervoor wilt gaan.

diary-title = Het dagboek
diary =
    U houdt twee keer een dagboek bij. De eerste keer is drie tot vier weken vóór de eerste ingreep.
    De tweede keer is in de testperiode.
    In het dagboek schrijft u op hoe het met uw klachten gaat. Zo kunnen we uw klachten vóór en tijdens de test vergelijken.

background-title = Hoe lang bestaat deze behandeling al?
background =
    De techniek is in 1979 bedacht in San Francisco, in de Verenigde Staten.
    In 1997 werd de behandeling voor het eerst officieel goedgekeurd.
    In Nederland gebruiken artsen sacrale neuromodulatie sinds 1989. Eerst was dat als experiment.
    Sinds 1997 is het gewone zorg. Bij { $organization } doen we deze behandeling sinds 2015.
