# Tip: the patient portal (shared block). Uses $portal, $organization and $portal_url.
patient-portal-title = Tip: view your medical record in { $portal }
patient-portal-what =
    { $portal } is the patient portal of { $organization }.
    There you can view parts of your medical record. You can do this on your computer, tablet or phone.
    You can also check if your personal details are correct. And you can fill in questionnaires.
patient-portal-app = You can also view { $portal } with the HiX Patiënt app on your phone or tablet.
patient-portal-link = [More about { $portal }]({ $portal_url })
