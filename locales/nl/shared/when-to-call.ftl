# Wanneer bellen na een operatie (gedeeld blok).
# $wound = de naam van de wond, gegeven door de folder.
when-to-call-title = Wanneer belt u ons?
when-to-call-intro = Bel ons als:
when-to-call-bleeding = u een ernstige nabloeding heeft
when-to-call-wound = uw { $wound } rood en dik is, en er pus of iets wat op pus lijkt uit komt
