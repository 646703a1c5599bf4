# Wanneer bellen na een operatie (gedeeld blok).
# $wound = de naam van de wond, gegeven door de folder.
when-to-call-title = Wanneer belt u ons?
when-to-call-intro = Bel ons als:
when-to-call-bleeding = u een ernstige nabloeding heeft
when-to-call-wound = er pus of iets wat op pus lijkt uit uw { $wound } komt, en de wond rood en dik is
