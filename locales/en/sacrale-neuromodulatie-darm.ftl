# Sacral neuromodulation for bowel complaints (Surgery outpatient clinic).
# Structure: leaflets/sacrale-neuromodulatie-darm.yaml
# Phone numbers, times and portal come from site.yaml as variables.

title = Sacral neuromodulation for bowel complaints
summary = A treatment with small electric currents on a nerve above the tailbone. For people who lose stool or have trouble passing stool.

intro =
    You have problems with your bowels. Sacral neuromodulation may help with this.
    In this treatment, a small device is placed in your body: a neuromodulator.
    This device gives gentle electric pulses to a nerve just above your tailbone.
    This helps the nerve to work normally again.
    The aim is that you have fewer complaints: less loss of stool or less trouble passing stool.
    For many people, this makes life a lot more pleasant.
intro-procedures =
    The treatment consists of two procedures (operations). Between the two procedures there is a test period.
    For each procedure, you come to the hospital for one day. You go home again the same day.
    The procedures take place at the Hengelo location of { $organization }.

how-title = How does it work?
how-brain =
    Your brain controls how your bowel works. It takes in information and processes it.
    Then it sends signals back. These are small electric signals.
    They go to the muscles of your pelvic floor and to your sphincter muscles.
    They also go to your bladder, your urethra and the last part of your large bowel.
how-nerves =
    These signals travel along the sacral nerves. They lie behind the sacrum, near the tailbone.
    In this treatment, the doctor places a thin wire close to one of these nerves.
    This wire is called an electrode.
    The wire gives off a small electric current there. This can help the bowel to work normally again.
    Neuromodulation means: resetting the nerves with small electric currents.
    Signals you do not want become weaker. Signals you do need start working again.
how-stimulator =
    During the test period, the electrode gets its current from a small box outside your body.
    You wear this box on a belt around your belly or on your trouser belt.
    Does the test go well? Then we place a permanent neuromodulator.
    This is usually about four weeks after the first procedure.
    The neuromodulator goes under the skin of your buttock, left or right. From then on, it gives the current.

results-title = What can you expect?
results =
    Only a small number of people get full control over their bowel movements again.
    Do your complaints go down by more than half (50%)? Then you can get a permanent neuromodulator.
    Most people have 70 to 80% fewer complaints.

steps-title = The treatment step by step
step-preparation = **Preparation.** You keep a diary for three to four weeks. You also have a few tests.
step-first-procedure = **First procedure.** The doctor places the electrode.
    You get a stimulation box. You wear this box outside your body.
    This is the start of the test period. You can read more about it in [part 2: the test period](leaflet:sacrale-neuromodulatie-testperiode).
step-test-period = **Test period.** The test takes three to four weeks. During this time you keep a diary again.
step-second-procedure = **Second procedure.** Did you not notice any difference during the test period? Then we remove the test system.
    Did you notice a difference? Then we place the permanent neuromodulator under the skin of your buttock.

motivation = **Important:** only start this treatment if you really want it and are ready to commit to it.

diary-title = The diary
diary =
    You keep a diary twice. The first time is for three to four weeks before the first procedure.
    The second time is during the test period.
    In the diary, you write down how your complaints are. This way we can compare your complaints before and during the test.

background-title = How long has this treatment existed?
background =
    The technique was developed in 1979 in San Francisco, in the United States.
    In 1997 the treatment was officially approved for the first time.
    In the Netherlands, doctors have used sacral neuromodulation since 1989. At first it was an experiment.
    Since 1997 it has been regular care. At { $organization } we have offered this treatment since 2015.
