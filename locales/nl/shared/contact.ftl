# Vragen? Daarna volgt de contactkaart van de afdeling (gedeeld blok).
contact-title = Heeft u nog vragen?
contact-questions =
    Heeft u nog vragen na het lezen van deze folder? Bel ons dan gerust. Hieronder ziet u hoe.
    U kunt uw vragen ook stellen bij uw volgende afspraak.
