# When to call after an operation (shared block).
# $wound = the name of the wound, given by the leaflet.
when-to-call-title = When should you call us?
when-to-call-intro = Call us if:
when-to-call-bleeding = you have severe bleeding after the operation
when-to-call-wound = your { $wound } is red and swollen, and pus or something that looks like pus comes out
