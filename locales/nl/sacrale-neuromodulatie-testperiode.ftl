# Sacrale neuromodulatie, deel 2: de testperiode en de vaste neuromodulator.
# Structuur: leaflets/sacrale-neuromodulatie-testperiode.yaml
# Deel 1 is sacrale-neuromodulatie-darm; de reeks staat in site.yaml.

title = Sacrale neuromodulatie: de testperiode en de vaste neuromodulator
summary = Wat er gebeurt in de testperiode van drie tot vier weken. En hoe u daarna de vaste neuromodulator krijgt.

intro =
    Dit is het tweede deel over sacrale neuromodulatie bij darmklachten.
    Hoe de behandeling werkt, leest u in [het eerste deel](leaflet:sacrale-neuromodulatie-darm).
    In dit deel leest u wat er gebeurt in de testperiode. En wat er daarna gebeurt.

test-title = De testperiode
test-start =
    De testperiode begint met de eerste ingreep.
    De arts legt dan een dun draadje bij een van de zenuwen achter uw stuitje. Dat draadje heet een elektrode.
    U krijgt ook een klein kastje. Dat kastje blijft buiten uw lichaam en geeft de stroom aan het draadje.
test-box =
    U draagt het kastje aan een band om uw buik of aan uw riem.
    De test duurt drie tot vier weken.
test-diary =
    In de testperiode houdt u weer een dagboek bij, net als in de weken vóór de eerste ingreep.
    U schrijft op hoe het met uw klachten gaat.

decision-title = Helpt de behandeling?
decision =
    Met uw dagboeken kijken we samen of uw klachten minder zijn geworden.
    Zijn ze met meer dan de helft (50%) minder? Dan kunt u een vaste neuromodulator krijgen.

second-title = De tweede ingreep
second-no = Heeft u in de testperiode geen verschil gemerkt? Dan halen we het draadje en het kastje weer weg.
second-yes =
    Heeft u wel verschil gemerkt? Dan krijgt u de vaste neuromodulator.
    Dat is meestal ongeveer vier weken na de eerste ingreep.
    Het apparaatje komt onder de huid van uw bil, links of rechts. Vanaf dan geeft het apparaatje de stroom.
second-day =
    Voor deze ingreep komt u een dag naar het ziekenhuis, op de locatie Hengelo van { $organization }.
    U gaat dezelfde dag weer naar huis.
