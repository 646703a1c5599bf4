# Tip: het patiëntenportaal (gedeeld blok). Gebruikt $portal, $organization en $portal_url.
patient-portal-title = Tip: bekijk uw dossier in { $portal }
patient-portal-what =
    { $portal } is het patiëntenportaal van { $organization }. Hier kunt u op uw computer, tablet of telefoon
    delen van uw medisch dossier bekijken. Ook kunt u er nagaan of uw persoonlijke gegevens kloppen,
    en vragenlijsten invullen.
patient-portal-app = U kunt { $portal } ook bekijken met de HiX Patiënt app op uw telefoon of tablet.
patient-portal-link = [Meer over { $portal }]({ $portal_url })
