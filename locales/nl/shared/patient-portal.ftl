# Tip: het patiëntenportaal (gedeeld blok). Gebruikt $portal, $organization en $portal_url.
patient-portal-title = Tip: bekijk uw dossier in { $portal }
patient-portal-what =
    { $portal } is het patiëntenportaal van { $organization }.
    Daar kunt u delen van uw medisch dossier bekijken. Dat kan op uw computer, tablet of telefoon.
    U kunt er ook zien of uw persoonlijke gegevens kloppen. En u kunt er vragenlijsten invullen.
patient-portal-app = U kunt { $portal } ook bekijken met de HiX Patiënt app op uw telefoon of tablet.
patient-portal-link = [Meer over { $portal }]({ $portal_url })
