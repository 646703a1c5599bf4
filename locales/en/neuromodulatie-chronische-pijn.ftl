# Neuromodulation for chronic pain (Pain Centre).
# Structure: leaflets/neuromodulatie-chronische-pijn.yaml
# Phone numbers and times come from site.yaml as variables.

title = Neuromodulation for chronic pain
summary = A treatment with small electric currents near the spinal cord. For people with severe pain that does not go away.

intro =
    Have you had severe pain for a long time? Then neuromodulation may help.
    The doctor places a thin wire close to your spinal cord. This wire is called an electrode.
    The electrode gives off small electric currents. These change the signals
    that your spinal cord sends to your brain. The aim is that you feel less pain.
    The treatment is meant for people with:
for-back-pain = lasting pain that spreads to a leg or arm, after one or more back or neck operations
for-crps = pain in a foot or leg caused by CRPS (complex regional pain syndrome, also called dystrophy)
for-neuropathy = nerve pain caused by diabetes (diabetic neuropathy) or by small fibre neuropathy

how-title = How does it work?
how-it-works =
    We place an electrode close to your spinal cord. The electrode is connected to a small device:
    the neurostimulator. This is a kind of battery, a bit like a pacemaker.
    The neurostimulator makes small electric currents. They go through the electrode to your spinal cord.
    This makes your spinal cord send different signals to your brain.

intake-title = The first talk
intake-referral =
    Your GP or a medical specialist can refer you to us.
    You will then get an appointment for a first talk: the intake interview.
    Before this talk, you fill in a few questionnaires.
intake-talk =
    In the talk, we discuss what you have already tried against the pain.
    We also talk about the medicines you use.
    We tell you what you can expect from the treatment. We also tell you what the consequences are.
    You also hear which rules you need to follow.
    Besides this, you talk with a psychologist who knows a lot about pain.
intake-alternatives =
    Neuromodulation is a treatment that asks a lot of you. So first we check if something else suits you better.
    Think of TENS, medicines or a nerve block. Sometimes physiotherapy or pain rehabilitation also helps.
    Is neuromodulation the best choice for you? Then we make an appointment together.

steps-title = How the treatment goes
step-preparation = **Preparation.** You get a letter with your appointment.
    The letter also tells you how to prepare.
    Before the operation, you talk with the anaesthetist. This is the doctor who takes care of the anaesthesia.
    This talk takes place at the pre-operative anaesthesia outpatient clinic (POPA).
step-day-care = **Day treatment.** On the day of the operation, you report to the day-treatment centre for operations (ODBC).
step-trial = **Trial implant.** You have two operations. For the first operation, you lie on your belly.
    You get a sedative. Because of this, you are partly awake.
    This way, we can find the place of the pain together.
    We place 1 electrode in the space behind the spinal cord. This space is called the epidural space.
    We connect the electrode to a small box with a battery. You wear this box outside your body.
    The operation takes about 2 hours. After that, you test the box at home for a week.
    Sometimes the test takes a bit longer.
step-definitive = **Definitive implant.** After the trial week, we discuss with you if you will get a battery in your body.
    This operation is usually about a week after the first operation.
    The battery is like a pacemaker. It goes under the skin.
    This is usually in your left or right buttock. We discuss this with you.
    This operation takes about an hour. You can go home the same day.
step-after = **After the first operation.** You first go to the recovery room.
    Then you go to the neurosurgery ward.
    Until the next morning, you stay on your back as much as possible. You may not get out of bed.
    The next day we check the settings. We also take an X-ray.
    Did everything go well? Then you can go home.
step-checkups = **Check-ups.** After the operations, you come back to the Pain Centre a few times.
    The table below shows when.

# Table: the check-ups (leaflets/neuromodulatie-chronische-pijn.yaml, table:).
checkups-caption = When do you come for a check-up?
checkups-when = When
checkups-what = What do we do?
checkups-trial-day-3 = Trial week, day 3
checkups-trial-day-6 = Trial week, day 6
checkups-trial-visit = We look at the wound. We discuss what the stimulator does for you.
checkups-after-1-week = 1 week after the definitive implant
checkups-after-1-month = 1 month after the definitive implant
checkups-after-3-months = 3 months after the definitive implant
checkups-after-6-months = 6 months after the definitive implant
checkups-after-12-months = 12 months after the definitive implant
checkups-settings = We talk about how you are doing. Together we look for the best settings.
checkups-later = After the first year
checkups-later-what = You come less often. Usually this is once a year.

# Argument for shared/when-to-call ($wound).
wound-name = surgical wound

home-title = Tips for at home
home-diary =
    After the operation you get a pain diary. In it, you write down how you are doing.
    You also get a few rules for at home. For example:
home-lifting = Do not lift more than 3 kilos.
home-movements = Do not twist or stretch your body.
home-wound-pain = Does the wound hurt? Then take the painkillers you get from us.
home-closed =
    Is it evening, night or the weekend? Then the Pain Centre is closed.
    Call the UMCG general number instead: { $general_phone }.
stimulator-picture = Drawing of a back. A thin wire lies along the spinal cord. The wire runs to a small battery in the buttock.
stimulator-caption = After the definitive implant: the electrode lies near the spinal cord, the battery sits under the skin of the buttock.
