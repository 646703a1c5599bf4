# Sacral neuromodulation, part 2: the test period and the permanent neuromodulator.
# Structure: leaflets/sacrale-neuromodulatie-testperiode.yaml
# Part 1 is sacrale-neuromodulatie-darm; the series is in site.yaml.

title = Sacral neuromodulation: the test period and the permanent neuromodulator
summary = What happens during the test period of three to four weeks. And how you get the permanent neuromodulator after that.

intro =
    This is the second part about sacral neuromodulation for bowel complaints.
    You can read how the treatment works in [the first part](leaflet:sacrale-neuromodulatie-darm).
    In this part you can read what happens during the test period. And what happens after it.

test-title = The test period
test-start =
    The test period starts with the first procedure.
    The doctor places a thin wire near one of the nerves behind your tailbone. This wire is called an electrode.
    You also get a small box. This box stays outside your body and gives the current to the wire.
test-box =
    You wear the box on a belt around your belly or on your trouser belt.
    The test takes three to four weeks.
test-diary =
    During the test period you keep a diary again, just like in the weeks before the first procedure.
    You write down how your complaints are.

decision-title = Does the treatment help?
decision =
    Together we look at your diaries to see if your complaints have gone down.
    Have they gone down by more than half (50%)? Then you can get a permanent neuromodulator.

second-title = The second procedure
second-no = Did you not notice any difference during the test period? Then we remove the wire and the box.
second-yes =
    Did you notice a difference? Then you get the permanent neuromodulator.
    This is usually about four weeks after the first procedure.
    The device goes under the skin of your buttock, left or right. From then on, the device gives the current.
second-day =
    For this procedure you come to the hospital for one day, at the Hengelo location of { $organization }.
    You go home again the same day.
